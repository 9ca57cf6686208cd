"""A book in another language: every `Text` looked up in the language's catalogues.

A message that is untranslated or fuzzy falls back to the source text. A
translation that changes the markup of its source (emphasis, links and their
targets, footnote references, placeholders) or adds HTML is reported at its .po
line and falls back too; `--strict` makes that an error. The interface strings
of the templates become a gettext object for Jinja.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.support import Translations

from ..errors import Diagnostics, SourceLocation, relative_path
from ..markdown import inline_shape
from ..model import PLACEHOLDER, Book, Text, map_texts
from .catalogs import Entry, catalog_entries, language_files, read_catalog, words

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class LanguageCatalog:
    """Every message of one language, from all of its .po files."""

    language: str
    entries: dict[tuple[str | None, str], Entry] = field(default_factory=dict)
    messages: list[tuple[Message, SourceLocation]] = field(default_factory=list)

    def translations(self, diagnostics: Diagnostics) -> Translations:
        """The interface strings as gettext translations; broken or fuzzy ones are left out."""
        catalog = Catalog(locale=self.language)
        for message, where in self.messages:
            if message.string and not message.fuzzy and placeholders_match(message, where, diagnostics):
                catalog[message.id] = message
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(fp=buffer)


def load_language(root: Path, language: str, diagnostics: Diagnostics) -> LanguageCatalog:
    """Read every .po of `language`; problems are recorded in `diagnostics`."""
    result = LanguageCatalog(language)
    for path in language_files(root, language):
        catalog = read_catalog(path, language, diagnostics, root)
        if catalog is None:
            continue
        where = SourceLocation(relative_path(path, root))
        result.entries.update(catalog_entries(catalog, where))
        result.messages.extend((message, where.at(message.lineno)) for message in catalog if message.id)
    return result


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


def translate_book(book: Book, catalog: LanguageCatalog, diagnostics: Diagnostics) -> tuple[Book, Coverage]:
    """`book` in `catalog`'s language, and how much of it was translated."""
    coverage = Coverage()
    reported: set[SourceLocation] = set()

    def translate(text: Text) -> Text:
        count = words(text.msgid)
        coverage.total += count
        entry = catalog.entries.get((text.context, text.msgid))
        if entry is None or entry.msgstr is None:
            return Text(text.msgid, text.location, text.context, text.comment, "untranslated", text.msgid)
        if entry.fuzzy:
            coverage.fuzzy += count
            if entry.location not in reported:
                reported.add(entry.location)
                diagnostics.warning(entry.location, "fuzzy translation not used; the source text is shown",
                                    "review it and remove the 'fuzzy' flag")
            return Text(text.msgid, text.location, text.context, text.comment, "fuzzy", text.msgid)
        problem = markup_problem(text.msgid, entry.msgstr)
        if problem:
            if entry.location not in reported:
                reported.add(entry.location)
                diagnostics.warning(entry.location, f"{problem}; the source text is shown",
                                    "keep the same *emphasis*, [links](...) and [^notes] as the source")
            return Text(text.msgid, text.location, text.context, text.comment, "untranslated", text.msgid)
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

