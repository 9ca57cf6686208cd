"""The build, top to bottom: plan -> load sources -> validate -> translate -> toc -> HTML -> PDF / EPUB.

1. Plan: which outputs are asked for, and which are already current (state.py);
   if none is stale, the build ends here without reading a single source.
2. Load and check every source; nothing is written if anything is wrong.
3. Translate: one edition per language, with its table of contents.
4. Write: the HTML folder of each edition, then the jobs (language x output),
   in a pool of worker processes (jobs.py).
"""

from __future__ import annotations

import calendar
import os
from dataclasses import dataclass, field
from pathlib import Path

from .config import BookConfig, LanguageConfig, load_config
from .errors import BookError, Diagnostic, Diagnostics, SourceError, SourceLocation
from .fonts import FontFace, find_faces
from .i18n.catalogs import extract_templates
from .i18n.theme_catalog import theme_translations
from .i18n.translate import load_language, report_fuzzy, report_stale, translate_book
from .jobs import Context, Job, JobResult, run_jobs
from .model import Book
from .output import ensure_folder, remove_partial_files
from .render import Edition
from .sources.book import load_book
from .state import Fingerprints, current_state, record, recorded_pages
from .toc import build_toc
from .writers import write_html_folder

FORMATS = ("print", "screen", "leaflets", "epub")
ALL_FORMATS = FORMATS + ("proof",)
ALIASES = {"pdf": ("print", "screen", "leaflets")}


def expand_formats(names: tuple[str, ...]) -> tuple[str, ...]:
    """Format names with aliases resolved ("pdf" is every PDF target), in a fixed order."""
    wanted = {expanded for name in names for expanded in ALIASES.get(name, (name,))}
    return tuple(name for name in ALL_FORMATS if name in wanted)


def default_workers() -> int:
    """One worker per core, unless BOOKBUILD_JOBS says otherwise."""
    return int(os.environ.get("BOOKBUILD_JOBS") or os.cpu_count() or 1)


@dataclass(frozen=True)
class BuildRequest:
    root: Path
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    output_dir: Path | None = None
    workers: int = 0
    force: bool = False

    @property
    def output(self) -> Path:
        return self.output_dir or self.root / "build"


@dataclass
class BuildReport:
    results: list[JobResult] = field(default_factory=list)
    current: list[Job] = field(default_factory=list)
    failed: dict[str, BookError] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)


def load_sources(root: Path, diagnostics: Diagnostics) -> Book:
    """Read and check every source; raises `SourceErrors` listing every problem found."""
    config = load_config(root, diagnostics)
    diagnostics.check()
    book = load_book(config, diagnostics)
    diagnostics.check()
    return book


def build(request: BuildRequest, diagnostics: Diagnostics, started=lambda job: None,
          finished=lambda result: None) -> BuildReport:
    """Build every requested output that is not current; a failing language does not stop the others."""
    config = load_config(request.root, diagnostics)
    diagnostics.check()
    languages = requested_languages(request, config, diagnostics)
    fonts = {code: resolve_fonts(config) + language_fonts(config.language(code)) for code in languages}
    fingerprints = Fingerprints.of(request.root, sorted({face.path for faces in fonts.values() for face in faces}))
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(config.date.timetuple()))
    jobs = [Job(code, kind) for code in languages for kind in expand_formats(request.formats)]
    report = BuildReport()
    stale = []
    for job in jobs:
        state = None if request.force else current_state(
            request.output, job.language, job.kind, fingerprints.job(request.root, job.language, job.kind, request.strict))
        if state is None:
            stale.append(job)
        elif state.get("skipped"):
            report.skipped[job.language] = state["skipped"]
        else:
            report.current.append(job)
    if not stale:
        return report
    book = load_sources(request.root, diagnostics)
    context = Context(request.root, request.output, request.strict, fonts=fonts)
    templates = extract_templates(book, request.root)
    for code in dict.fromkeys(job.language for job in stale):
        prepare_language(context, book, templates, code, diagnostics, report)
        if code in report.skipped:
            for job in (j for j in stale if j.language == code):
                record(request.output, code, job.kind, fingerprints.job(request.root, code, job.kind, request.strict), [],
                       skipped=report.skipped[code])
    stale = [job for job in stale if job.language in context.editions]
    for result in run_jobs(context, stale, request.workers or default_workers(), started):
        finish_job(request, fingerprints, result, report)
        finished(result)
    report.warnings = _unique(diagnostics.warnings + [w for r in report.results for w in r.warnings])
    return report


def requested_languages(request: BuildRequest, config: BookConfig, diagnostics: Diagnostics) -> tuple[str, ...]:
    known = [language.code for language in config.languages]
    languages = request.languages or tuple(known)
    for code in languages:
        if code not in known:
            diagnostics.error(SourceLocation("book.yaml"), f"language '{code}' is not listed in book.yaml",
                              "add it under 'languages'")
    diagnostics.check()
    return languages


def prepare_language(context: Context, book: Book, templates: dict, code: str, diagnostics: Diagnostics,
                     report: BuildReport) -> None:
    """Translate one edition and write its HTML folder, or note why it cannot be built."""
    own = Diagnostics(strict=diagnostics.strict)
    try:
        edition = prepare_edition(context.root, book, code, own, templates)
        if edition is None:
            report.skipped[code] = own.items[-1].message
            return
        folder = ensure_folder(context.output / code)
        remove_partial_files(folder)
        write_html_folder(context.root, edition, context.fonts[code], folder / "html")
        context.editions[code] = edition
    except BookError as error:
        report.failed[code] = error
    finally:
        diagnostics.items.extend(d for d in own.items if d.severity == "warning")


def finish_job(request: BuildRequest, fingerprints: Fingerprints, result: JobResult, report: BuildReport) -> None:
    report.results.append(result)
    job = result.job
    if result.error is not None:
        report.failed.setdefault(job.language, result.error)
        return
    record(request.output, job.language, job.kind, fingerprints.job(request.root, job.language, job.kind, request.strict),
           list(result.files), pages=result.pages)


def _unique(items: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(items))


def resolve_fonts(config: BookConfig) -> tuple[FontFace, ...]:
    where = SourceLocation("book.yaml")
    return find_faces(config.fonts.serif, "Book Serif", where) + find_faces(config.fonts.sans, "Book Sans", where)


def language_fonts(language: LanguageConfig) -> tuple[FontFace, ...]:
    """The faces of a language's own script font, if it has one."""
    if not language.font:
        return ()
    return find_faces(language.font, "Book Script", SourceLocation("book.yaml"))


def prepare_edition(root: Path, book: Book, code: str, diagnostics: Diagnostics,
                    templates: dict | None = None) -> Edition | None:
    """One language's edition: translated, with its contents; None if below its publishing threshold.
    With the catalogue `templates` of the current sources, messages the language's catalogues do
    not have yet (the sources changed after the last `make update`) are reported per file."""
    config = book.config
    language = config.language(code)
    translations = theme_translations(code)  # the theme's interface, also in the source language
    coverage = 100.0
    if code != config.source_language:
        catalog = load_language(root, code, diagnostics)
        diagnostics.check()
        if templates is not None:
            report_stale(root, templates, catalog, config.source_language, diagnostics)
            report_fuzzy(catalog, config.source_language, diagnostics)
        book, measured = translate_book(book, catalog, diagnostics)
        translations = catalog.translations(diagnostics)
        coverage = measured.percent
        if coverage < language.min_coverage:
            diagnostics.warning(SourceLocation("book.yaml"),
                                f"{code}: not built: {coverage:.0f}% of the text is translated, "
                                f"below the minimum of {language.min_coverage:g}% set in book.yaml")
            return None
    diagnostics.check()
    return Edition(book, build_toc(book), code, language.direction, language.original_names, coverage,
                   translations, script_font=bool(language.font))


def release(request: BuildRequest, diagnostics: Diagnostics, dist_dir: Path, since: str | None = None,
            started=lambda job: None, finished=lambda result: None) -> tuple[BuildReport, Path | None]:
    """Build every edition (if needed), then assemble the release folder from them. With `since`
    (a git ref, or book.yaml's release.since), the release's changelog lists what changed since then."""
    from .dist import make_release

    report = build(BuildRequest(request.root, request.languages, FORMATS, request.strict, request.output_dir,
                                request.workers, request.force), diagnostics, started, finished)
    if report.failed:
        return report, None
    book = load_sources(request.root, diagnostics)
    editions = []
    for code in requested_languages(request, book.config, diagnostics):
        if code not in report.skipped:
            edition = prepare_edition(request.root, book, code, Diagnostics())
            if edition is not None:
                editions.append(edition)
    if not editions:
        reasons = "; ".join(f"{code}: {reason}" for code, reason in report.skipped.items())
        raise SourceError(f"no edition can be released ({reasons or 'no language was asked for'})",
                          SourceLocation("book.yaml"))
    changes = None
    since = since or book.config.release_since
    if since:
        from .i18n.workflow import changes_with_translations
        changes = changes_with_translations(request.root, book, since)
    pages = {(e.language, kind): recorded_pages(request.output, e.language, kind) for e in editions for kind in FORMATS}
    folder = make_release(request.root, request.output, dist_dir, editions, book.config.release_partial, pages,
                          diagnostics, changes)
    return report, folder
