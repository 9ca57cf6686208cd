"""The translators' workflow as commands: extract, init, update, stats.

Each reads and checks the sources first, so a catalogue is never made from a broken book.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from ..errors import Diagnostics, SourceError
from ..model import Book
from .catalogs import TEMPLATES, TRANSLATIONS, extract_templates, init_language, update_language, write_templates
from .stats import Counts, language_stats


def _sources(root: Path, diagnostics: Diagnostics) -> tuple[Book, dict[str, Catalog]]:
    from ..build import load_sources

    book = load_sources(root, diagnostics)
    return book, extract_templates(book, root)


def extract(root: Path, diagnostics: Diagnostics) -> list[Path]:
    """Write the catalogue templates (.pot); returns the files that changed."""
    book, templates = _sources(root, diagnostics)
    return write_templates(root, templates)


def init(root: Path, languages: tuple[str, ...], diagnostics: Diagnostics) -> list[Path]:
    """Start catalogues for new languages."""
    if not languages:
        raise SourceError("name the language to start, e.g. LANGS=fr")
    book, templates = _sources(root, diagnostics)
    write_templates(root, templates)
    written = []
    for code in languages:
        try:
            written += init_language(root, code, templates, book)
        except ValueError:
            raise SourceError(f"'{code}' is not a language code Babel knows", None,
                              "use an ISO 639 code such as fr, de, ar or pt_BR") from None
    return written


def translated_languages(root: Path, book: Book, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages to work on: those given, or every language of book.yaml but the source, and
    every language that has catalogues. A language that is neither is refused (`init` starts one)."""
    listed = [lang.code for lang in book.config.languages if lang.code != book.config.source_language]
    folder = root / TRANSLATIONS
    present = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != TEMPLATES) if folder.is_dir() else []
    known = list(dict.fromkeys(listed + present))
    for code in languages:
        if code not in known:
            has = f"its translations: {', '.join(known)}" if known else "it has no translation yet"
            raise SourceError(f"'{code}' is not a language of this book ({has})",
                              book.config.languages_at, f"start it with: make init LANGS={code}")
    return languages or tuple(known)


def update(root: Path, languages: tuple[str, ...], diagnostics: Diagnostics) -> list[Path]:
    """Merge the current templates into each language's .po files."""
    book, templates = _sources(root, diagnostics)
    changed = write_templates(root, templates)
    for code in translated_languages(root, book, languages):
        changed += update_language(root, code, templates, book, diagnostics)
    diagnostics.check()
    return changed


def stats(root: Path, languages: tuple[str, ...], diagnostics: Diagnostics) -> dict[str, dict[str, Counts]]:
    """Counts per language and catalogue."""
    book, templates = _sources(root, diagnostics)
    result = {code: language_stats(root, code, templates, diagnostics)
              for code in translated_languages(root, book, languages)}
    diagnostics.check()
    return result


def coverage(root: Path, book: Book, languages: tuple[str, ...], diagnostics: Diagnostics) -> dict[str, float]:
    """Each language's share of the book's words that is translated, as `make stats` counts it
    (the source language: 100)."""
    templates = extract_templates(book, root)
    return {code: 100.0 if code == book.config.source_language
            else sum(language_stats(root, code, templates, diagnostics).values(), Counts()).percent
            for code in languages}


def below_threshold(table: dict[str, dict[str, Counts]], minimum: float) -> list[tuple[str, float]]:
    """Languages whose whole-book coverage is below `minimum` percent."""
    totals = {code: sum(rows.values(), Counts()) for code, rows in table.items()}
    return [(code, total.percent) for code, total in totals.items() if total.percent < minimum]




def changes_with_translations(root: Path, book: Book, since: str):
    """The changes since `since`, with the count of messages each language must now translate."""
    from ..changes import changes_since, count_to_translate
    from .translate import load_language

    changes = changes_since(root, since, book)
    config = book.config
    languages = {language.code: load_language(root, language.code, Diagnostics()).entries
                 for language in config.languages if language.code != config.source_language}
    count_to_translate(changes, languages)
    return changes
