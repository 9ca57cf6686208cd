"""Gettext catalogues: extract the book's messages, start and update .po files, read them back.

Layout under translations/:
    templates/interface.pot         template strings and book.yaml texts
    templates/profiles.pot          the translatable fields of every profile
    templates/chapters/<id>.pot     one chapter, one block per message
    <lang>/<same names>.po          a language's translations, file for file

A volunteer can take one file. Writing is deterministic: extracting twice from the
same sources gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import PoFileError, read_po, unescape, write_po
from babel.messages.plurals import get_plural

from ..errors import Diagnostics, SourceLocation, relative_path
from ..model import PLACEHOLDER, Book, iter_texts
from ..output import write_bytes
from ..themes import book_templates
from . import gettext_tools
from .format import language_name, locale_for

TRANSLATIONS = "translations"
TEMPLATES = "templates"
INTERFACE, PROFILES = "interface", "profiles"
_PYTHON_FORMAT = "python-format"
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def pot_path(root: Path, name: str) -> Path:
    return root / TRANSLATIONS / TEMPLATES / f"{name}.pot"


def po_path(root: Path, language: str, name: str) -> Path:
    return root / TRANSLATIONS / language / f"{name}.po"


def catalogue_name(source: str) -> str:
    """The catalogue a source file's messages are extracted to: chapters/<id>.md to
    "chapters/<id>", profiles to "profiles", book.yaml and templates to "interface"."""
    if source.startswith("chapters/") and source.endswith(".md"):
        return source[:-3]
    return PROFILES if source.startswith("profiles/") else INTERFACE


# Extraction ---------------------------------------------------------------------------

def extract_templates(book: Book, root: Path) -> dict[str, Catalog]:
    """Every catalogue template of the book, by name, in a fixed order."""
    config = book.config
    catalogs = {INTERFACE: _new_catalog(book), PROFILES: _new_catalog(book)}
    _add_template_strings(catalogs[INTERFACE], root)
    config_texts = [config.title, config.subtitle, config.description, config.licence]
    config_texts += [item.title for item in book.body if item.kind == "part"]
    config_texts += [change for entry in config.changelog for change in entry.changes]
    config_texts += [source.note for source in config.sources]
    _add_texts(catalogs[INTERFACE], [text for text in config_texts if text], content=False)
    _add_texts(catalogs[PROFILES], iter_texts(tuple(book.profiles())))
    for entry in book.entries():
        catalog = catalogs[f"chapters/{entry.chapter.id}"] = _new_catalog(book)
        _add_texts(catalog, iter_texts(entry.chapter))
    # A catalogue with nothing to translate (profiles, in a book without any) is not written.
    return {name: catalog for name, catalog in catalogs.items() if len(catalog)}


def _new_catalog(book: Book, locale: str | None = None) -> Catalog:
    config = book.config
    created = datetime.datetime.combine(config.date, datetime.time(), tzinfo=datetime.timezone.utc)
    team = language_name(locale, "en", label=True) if locale else None
    return Catalog(locale=locale, project=str(config.title), version=f"edition {config.edition}",
                   copyright_holder=config.publisher, msgid_bugs_address="", creation_date=created,
                   revision_date=created, charset="utf-8", fuzzy=False,
                   last_translator=f"{config.title} translators", language_team=team)


def _add_texts(catalog: Catalog, texts, content: bool = True) -> None:
    for text in texts:
        if not text.msgid.strip():
            continue
        location = (text.location.path, text.location.line)
        existing = catalog.get(text.msgid, text.context)
        if existing is not None:
            if location not in existing.locations:
                existing.locations.append(location)
            continue
        message = catalog.add(text.msgid, locations=[location], auto_comments=[text.comment] if text.comment else [],
                              context=text.context)
        if content:
            # Prose may hold a "%" of its own ("50% of"): only the book's placeholders make it a
            # format string, which translators' tools then check.
            message.flags.discard(_PYTHON_FORMAT)
            if PLACEHOLDER.search(text.msgid):
                message.flags.add(_PYTHON_FORMAT)


def _add_template_strings(catalog: Catalog, root: Path, paths: list[Path] | None = None) -> None:
    """The gettext calls of templates (by default, the book's own templates/ folder)."""
    for path in book_templates(root) if paths is None else paths:
        with path.open("rb") as handle:
            found = extract("jinja2.ext:babel_extract", handle, keywords=DEFAULT_KEYWORDS,
                            comment_tags=("Translators:",), options={"extensions": "jinja2.ext.i18n"})
            for lineno, message, comments, context in found:
                location = (relative_path(path, root), lineno)
                msgid = message if isinstance(message, str) else tuple(m for m in message if m)
                if isinstance(msgid, tuple) and len(msgid) == 1:
                    msgid = msgid[0]
                existing = catalog.get(msgid, context)
                if existing is not None:
                    existing.locations.append(location)
                else:
                    catalog.add(msgid, locations=[location], auto_comments=comments, context=context)


# Writing ---------------------------------------------------------------------------

def catalog_bytes(catalog: Catalog, what: str = "a catalogue") -> bytes:
    """A catalogue as a file, in gettext's own layout (see gettext_tools)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, ignore_obsolete=True)
    return gettext_tools.canonical(buffer.getvalue(), what)


def write_templates(root: Path, templates: dict[str, Catalog]) -> list[Path]:
    """Write every .pot; remove the templates of chapters that no longer exist. Returns what changed."""
    changed = [pot_path(root, name) for name, catalog in templates.items()
               if write_bytes(pot_path(root, name), catalog_bytes(catalog, f"{name}.pot"))]
    folder = root / TRANSLATIONS / TEMPLATES
    for stale in sorted(folder.rglob("*.pot")):
        name = stale.relative_to(folder).with_suffix("").as_posix()
        if name not in templates:
            stale.unlink()
            changed.append(stale)
    return changed


def init_language(root: Path, language: str, templates: dict[str, Catalog], book: Book) -> list[Path]:
    """Start the catalogues of a new language (existing files are left alone)."""
    locale_for(language)
    written = []
    for name, template in templates.items():
        target = po_path(root, language, name)
        if target.exists():
            continue
        catalog = _new_catalog(book, language)
        catalog.update(template, update_header_comment=True)
        for message in catalog:  # Babel guesses format flags again when it copies messages
            if message.id:
                message.flags = set(template.get(message.id, message.context).flags)
        write_bytes(target, catalog_bytes(catalog, target.name))
        write_bytes(target, gettext_tools.merge(target, pot_path(root, name)))  # the form `update` keeps
        written.append(target)
    return written


def update_language(root: Path, language: str, templates: dict[str, Catalog], book: Book,
                    diagnostics: Diagnostics) -> list[Path]:
    """Merge the templates into a language's .po files with msgmerge: translations kept, changed
    text fuzzy with its previous wording, removed text obsolete. Files missing for new chapters
    are created; a file that cannot be read is reported and left as it is."""
    changed = []
    for name in templates:
        target = po_path(root, language, name)
        if not target.exists():
            changed += init_language(root, language, {name: templates[name]}, book)
            continue
        if read_catalog(target, language, diagnostics, root) is None:
            continue
        if write_bytes(target, gettext_tools.merge(target, pot_path(root, name))):
            changed.append(target)
    return changed


# Reading ---------------------------------------------------------------------------

def read_catalog(path: Path, language: str, diagnostics: Diagnostics, root: Path) -> Catalog | None:
    """A .po file, checked: UTF-8, well-formed, the right language and plural forms."""
    where = SourceLocation(relative_path(path, root), 1)
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        diagnostics.error(where.at(data[: error.start].count(b"\n") + 1), "the catalogue is not UTF-8 text",
                          "save it as UTF-8 and set 'charset=UTF-8' in the header")
        return None
    broken = _string_syntax(data.decode("utf-8"))
    if broken:
        diagnostics.error(where.at(broken[0]), f"malformed catalogue: {broken[1]}")
        return None
    try:
        catalog = read_po(io.BytesIO(data), locale=None, abort_invalid=True, charset="utf-8")
    except PoFileError as error:
        diagnostics.error(where.at(error.lineno + 1), f"malformed catalogue: {_po_problem(error)}")
        return None
    except (ValueError, AttributeError, TypeError) as error:
        diagnostics.error(where, f"malformed catalogue: {error}")
        return None
    if not check_header(catalog, data, language, where, diagnostics):
        return None
    _restore_previous_ids(catalog)
    return catalog


def _restore_previous_ids(catalog: Catalog) -> None:
    """Babel reads "#| msgid" lines as plain comments: turn them back into the previous id of a fuzzy
    message, and drop them once the translator has cleared the fuzzy flag."""
    for message in catalog:
        previous = [c for c in message.user_comments if c.startswith("|")]
        if previous:
            message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
            pieces = re.findall(r'"(?:[^"\\]|\\.)*"', " ".join(previous))
            if message.fuzzy:
                message.previous_id = ["".join(unescape(piece) for piece in pieces)]


_STRING_LINE = re.compile(r'^(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"$')


def _string_syntax(text: str) -> tuple[int, str] | None:
    """The first line whose quoted string is not closed (Babel's reader lets it pass)."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            line = line[2:].strip()
        elif not line or line.startswith("#"):
            continue
        if '"' in line and not _STRING_LINE.match(line):
            return number, "a quoted string is not closed, or has text after its closing quote"
    return None


def _po_problem(error: PoFileError) -> str:
    return str(error).rsplit(" on ", 1)[0]


def check_header(catalog: Catalog, data: bytes, language: str, where: SourceLocation,
                 diagnostics: Diagnostics) -> bool:
    header = _header_lines(data)
    charset = re.search(r"charset=([\w-]+)", header.get("Content-Type", ("", 1))[0])
    if not charset or charset.group(1).lower() not in ("utf-8", "utf8"):
        diagnostics.error(where.at(header.get("Content-Type", ("", 1))[1]),
                          "the header must declare 'Content-Type: text/plain; charset=UTF-8'")
        return False
    declared = header.get("Language", ("", 1))
    if declared[0].replace("-", "_").split("_")[0] != language.split("_")[0]:
        diagnostics.error(where.at(declared[1]), f"the header says 'Language: {declared[0]}', "
                                                 f"but the file is in translations/{language}/")
        return False
    expected = get_plural(language).num_plurals
    plural_line = header.get("Plural-Forms", ("", declared[1]))
    found = _NPLURALS.search(plural_line[0])
    if not found or int(found.group(1)) != expected:
        diagnostics.error(where.at(plural_line[1]),
                          f"wrong number of plural forms: '{plural_line[0] or 'none'}'; {language} has {expected}",
                          f"use 'Plural-Forms: {get_plural(language).plural_forms}'")
        return False
    return True


def _header_lines(data: bytes) -> dict[str, tuple[str, int]]:
    """The header fields of a .po file with the line each is on."""
    fields = {}
    for number, line in enumerate(data.decode("utf-8").splitlines()[:40], start=1):
        match = re.match(r'^"([\w-]+):\s*(.*?)(?:\\n)?"$', line.strip())
        if match:
            fields[match.group(1)] = (match.group(2), number)
    return fields


def language_files(root: Path, language: str) -> list[Path]:
    folder = root / TRANSLATIONS / language
    return sorted(folder.rglob("*.po")) if folder.is_dir() else []


@dataclass(frozen=True)
class Entry:
    """One message of a language: its translation (or None), whether fuzzy, and where it is."""

    msgstr: str | tuple | None
    fuzzy: bool
    location: SourceLocation
    plural: bool = False


def message_key(message: Message) -> tuple[str | None, str]:
    """How a message is looked up: its context and (first) id."""
    return message.context, message.id[0] if isinstance(message.id, tuple) else message.id


def catalog_entries(catalog: Catalog, where: SourceLocation) -> dict[tuple[str | None, str], Entry]:
    entries = {}
    for message in catalog:
        if not message.id:
            continue
        plural = isinstance(message.id, tuple)
        key = message_key(message)
        translated = message.string if (all(message.string) if plural else message.string) else None
        entries[key] = Entry(translated, message.fuzzy, where.at(message.lineno), plural)
    return entries


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))

