"""`bookbuild check`: every check a build makes, and a few only an editor needs, without building.

Sources are read and checked as for a build. Then, per language: each catalogue goes
through `msgfmt --check` (the judge translators' tools share) and the project's own
reader (header, plural forms); every translation is compared with its source for
placeholders and markup; fuzzy entries are listed at their lines; messages the catalogue
lacks because the sources changed since the last `make update` are counted per file; and
the language's glossary is applied. Statuses older than `checks.status_max_age` are
listed, so an editor knows which cases to verify before printing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from .build import load_sources
from .errors import Diagnostics, SourceLocation, relative_path
from .i18n.catalogs import extract_templates, language_files
from .i18n.gettext_tools import check_syntax
from .i18n.glossary import check_glossary, read_glossary
from .i18n.translate import load_language, report_fuzzy, report_stale, translate_book
from .model import Book


@dataclass
class LanguageReport:
    """What `check` found in one language's catalogues."""

    language: str
    messages: int = 0
    fuzzy: int = 0
    changed: int = 0
    glossary: int = 0


@dataclass
class CheckReport:
    book: Book
    languages: list[LanguageReport] = field(default_factory=list)
    old_statuses: int = 0


def check_book(root: Path, languages: tuple[str, ...], diagnostics: Diagnostics) -> CheckReport:
    """Check the sources and every translation; problems go to `diagnostics`, which raises at the end
    if any is fatal."""
    book = load_sources(root, diagnostics)
    report = CheckReport(book)
    report.old_statuses = check_status_dates(book, diagnostics)
    config = book.config
    wanted = languages or tuple(language.code for language in config.languages)
    templates = extract_templates(book, root) if any(code != config.source_language for code in wanted) else {}
    for code in wanted:
        if code != config.source_language:
            report.languages.append(check_language(root, book, templates, code, diagnostics))
    diagnostics.check()
    return report


def check_language(root: Path, book: Book, templates: dict, code: str, diagnostics: Diagnostics) -> LanguageReport:
    report = LanguageReport(code)
    syntax_ok = True
    for path in language_files(root, code):
        syntax_ok &= check_syntax(path, SourceLocation(relative_path(path, root)), diagnostics)
    if not syntax_ok:
        return report
    catalog = load_language(root, code, diagnostics)
    report.changed = sum(report_stale(root, templates, catalog, book.config.source_language, diagnostics).values())
    translate_book(book, catalog, diagnostics)
    catalog.translations(diagnostics)
    report.messages = len(catalog.entries)
    report.fuzzy = report_fuzzy(catalog, book.config.source_language, diagnostics, each=True)
    translated = [(message.id if isinstance(message.id, str) else message.id[0],
                   message.string if isinstance(message.string, str) else " ".join(message.string), where)
                  for message, where in catalog.messages if message.string and not message.fuzzy]
    report.glossary = check_glossary(read_glossary(root, code, diagnostics), translated, diagnostics)
    return report


def check_status_dates(book: Book, diagnostics: Diagnostics) -> int:
    """Warn about every status last confirmed longer ago than book.yaml's `checks.status_max_age`."""
    config = book.config
    if config.status_max_age is None:
        return 0
    edition = config.date
    limit = _months_before(edition, config.status_max_age)
    found = 0
    for profile in book.profiles():
        status = profile.status
        if status is None or status.as_of is None:
            continue
        as_of = datetime.date(status.as_of.year, status.as_of.month or 12, status.as_of.day or 28)
        if as_of < limit:
            found += 1
            months = (edition.year - as_of.year) * 12 + edition.month - as_of.month
            diagnostics.warning(status.location or profile.location, f"the status of {profile.id} dates from {status.as_of.iso()}, "
                                                  f"{months} months before the edition date; check the case "
                                                  f"before printing", f"the limit is {config.status_max_age} "
                                                                     "months (book.yaml: checks.status_max_age)")
    return found


def _months_before(date: datetime.date, months: int) -> datetime.date:
    total = date.year * 12 + date.month - 1 - months
    return datetime.date(total // 12, total % 12 + 1, min(date.day, 28))
