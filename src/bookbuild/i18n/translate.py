"""A book in another language: every `Text` looked up in the language's catalogues.

A message that is untranslated or fuzzy falls back to the source text. A
translation that changes the markup of its source (emphasis, links and their
targets, footnote references, placeholders) or adds HTML is reported at its .po
line and falls back too; `--strict` makes that an error. The interface strings
of the templates become a gettext object for Jinja.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.support import Translations

from ..errors import Diagnostics, SourceLocation, relative_path
from ..markdown import inline_shape
from ..model import PLACEHOLDER, Book, Text, map_texts
from .catalogs import (TRANSLATIONS, Entry, catalog_entries, catalogue_name, language_files, message_key, po_path, read_catalog,
                       words)
from .format import language_name
from .package_catalogs import usable_translations

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class LanguageCatalog:
    """Every message of one language, from all of its .po files.

    `files` maps each catalogue's name ("profiles", "chapters/introduction") to the keys of
    the messages it holds, so that a message missing from its file can be told apart from
    one the translator has not done yet.
    """

    language: str
    entries: dict[tuple[str | None, str], Entry] = field(default_factory=dict)
    messages: list[tuple[Message, SourceLocation]] = field(default_factory=list)
    files: dict[str, dict[tuple[str | None, str], Entry]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # catalogues that could not be read

    def entry(self, text: Text) -> Entry | None:
        """The translation of `text`: from its own catalogue first, so that the same words may be
        translated differently in two chapters; then from any other."""
        key = (text.context, text.msgid)
        own = self.files.get(catalogue_name(text.location.path), {}).get(key)
        if own is not None and own.msgstr is not None and not own.fuzzy:
            return own
        elsewhere = self.entries.get(key)
        return elsewhere if elsewhere is not None and elsewhere.msgstr is not None else own

    def translations(self, diagnostics: Diagnostics) -> Translations:
        """The book's own interface strings as gettext translations (no fallback); broken or fuzzy
        ones are left out."""
        usable = [message for message, where in self.messages
                  if message.string and not message.fuzzy and placeholders_match(message, where, diagnostics)]
        return usable_translations(None, self.language, usable)


def load_language(root: Path, language: str, diagnostics: Diagnostics) -> LanguageCatalog:
    """Read every .po of `language`; problems are recorded in `diagnostics`."""
    result = LanguageCatalog(language)
    folder = root / TRANSLATIONS / language
    for path in language_files(root, language):
        catalog = read_catalog(path, language, diagnostics, root)
        if catalog is None:
            result.unreadable.add(path.relative_to(folder).with_suffix("").as_posix())
            continue
        where = SourceLocation(relative_path(path, root))
        entries = catalog_entries(catalog, where)
        result.entries.update(entries)
        result.files[path.relative_to(folder).with_suffix("").as_posix()] = entries
        result.messages.extend((message, where.at(message.lineno)) for message in catalog if message.id)
    return result


def report_stale(root: Path, templates: dict[str, Catalog], catalog: LanguageCatalog, source: str,
                 diagnostics: Diagnostics) -> dict[str, int]:
    """Messages of the current sources that a language's catalogue does not have yet: the sources
    changed after the last `make update`. One warning per file; returns the counts by catalogue."""
    counts = {}
    for name, template in templates.items():
        if name in catalog.unreadable:
            continue  # already reported: it cannot be read at all
        have = catalog.files.get(name, {})
        missing = sum(1 for message in template if message.id and message_key(message) not in have)
        if missing:
            counts[name] = missing
            shown = relative_path(po_path(root, catalog.language, name), root)
            they = "it prints" if missing == 1 else "they print"
            diagnostics.warning(SourceLocation(shown),
                                f"{missing} {'message' if missing == 1 else 'messages'} changed in the sources "
                                f"since the last update; {they} in {language_name(source, 'en')}: run make update")
    return counts


def placeholders_match(message: Message, where: SourceLocation, diagnostics: Diagnostics) -> bool:
    """True if every form of the translation keeps the placeholders of the source."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    wanted = set(_PLACEHOLDER.findall(" ".join(ids)))
    for string in strings:
        if set(_PLACEHOLDER.findall(string)) != wanted and not (len(strings) > 1 and _count_only(wanted, string)):
            diagnostics.warning(where, f"translation changes the placeholders of {ids[0]!r}; the source text is used",
                                f"keep {', '.join('%(' + w + ')s' for w in sorted(wanted)) or 'no placeholder'}")
            return False
    return True


def _count_only(wanted: set[str], string: str) -> bool:
    """Plural forms may leave out the number itself (e.g. "one year")."""
    return set(_PLACEHOLDER.findall(string)) == wanted - {"count", "num"}


@dataclass
class Coverage:
    """How much of a book's text a language translates, in words."""

    total: int = 0
    translated: int = 0
    fuzzy: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def report_fuzzy(catalog: LanguageCatalog, source: str, diagnostics: Diagnostics, each: bool = False) -> int:
    """Fuzzy translations are never printed: say so, one line per file (for a build) or one per
    entry at its line (`each`, for `check`). Returns how many there are."""
    counts: dict[str, int] = {}
    for message, where in catalog.messages:
        if message.fuzzy and message.string:
            counts[where.path] = counts.get(where.path, 0) + 1
            if each:
                diagnostics.warning(where, "fuzzy translation, not used: the source text is printed instead",
                                    "review it and clear the fuzzy flag")
    if not each:
        for path, count in sorted(counts.items()):
            one = count == 1
            diagnostics.warning(SourceLocation(path),
                                f"{count} fuzzy {'translation is' if one else 'translations are'} not used; "
                                f"{'it prints' if one else 'they print'} in {language_name(source, 'en')}: "
                                f"review {'it' if one else 'them'} and clear the fuzzy flag")
    return sum(counts.values())


def translate_book(book: Book, catalog: LanguageCatalog, diagnostics: Diagnostics) -> tuple[Book, Coverage]:
    """`book` in `catalog`'s language, and how much of it was translated (fuzzy translations are not used)."""
    coverage = Coverage()
    reported: set[SourceLocation] = set()

    def fall_back(text: Text, state: str) -> Text:
        return Text(text.msgid, text.location, text.context, text.comment, state, text.msgid)

    def translate(text: Text) -> Text:
        count = words(text.msgid)
        coverage.total += count
        entry = catalog.entry(text)
        if entry is None or entry.msgstr is None:
            return fall_back(text, "untranslated")
        first = entry.location not in reported
        reported.add(entry.location)
        if entry.fuzzy:
            coverage.fuzzy += count
            return fall_back(text, "fuzzy")
        problem = markup_problem(text.msgid, entry.msgstr)
        if problem:
            if first:
                diagnostics.warning(entry.location, f"{problem}; the source text is shown",
                                    "keep the same *emphasis*, [links](...) and [^notes] as the source")
            return fall_back(text, "untranslated")
        coverage.translated += count
        return Text(entry.msgstr, text.location, text.context, text.comment, "translated", text.msgid)

    translated = map_texts(book, translate)
    return _with_language(translated, catalog.language), coverage


def _with_language(book: Book, language: str) -> Book:
    return replace(book, language=language)


def markup_problem(source: str, translation: str) -> str | None:
    """Why a translation may not be used, or None if its markup matches the source."""
    if _HTML_TAG.search(translation) and not _HTML_TAG.search(source):
        return "the translation adds HTML, which is not allowed"
    if _CONTROL.search(translation):
        return "the translation contains a control character"
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
        return "the translation changes the placeholders of its source (such as %(profile_count)s)"
    if inline_shape(source) != inline_shape(translation):
        return "the translation changes the markup of its source (emphasis, links or note references)"
    return None

