"""The build, top to bottom: plan -> load sources -> validate -> translate -> toc -> HTML -> outputs -> release.

1. Plan: which outputs (language x builder) are asked for, with what they need, and which
   are already current (state.py); if none is stale, the build ends here without reading
   a single source.
2. Load and check every source; nothing is written if anything is wrong.
3. Translate: one edition per language, with its table of contents.
4. Write: the HTML folder of each edition, then the jobs, in a pool of workers
   (jobs.py). Values one output gives another (the print layout's page marks, the cover)
   pass through the plan: from this run's jobs, or as recorded by the run that made a
   current output.
5. Release (for `dist`): the release folder, from the same plan and the same editions.
"""

from __future__ import annotations

import calendar
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import builders
from .config import BookConfig, LanguageConfig, load_config
from .errors import BookError, Diagnostic, Diagnostics, SourceError, SourceLocation
from .fonts import FontFace, find_faces, for_script
from .i18n.catalogs import extract_templates
from .i18n.package_catalogs import THEME_DOMAIN, chain, package_translations
from .i18n.translate import LanguageCatalog, load_language, report_fuzzy, report_stale, translate_book
from .jobs import Context, Job, JobResult, run_jobs
from .model import Book
from .output import ensure_folder, output_lock, remove_partial_files
from .render import Edition
from .sources.book import load_book
from .state import Fingerprints, current_state, record, recorded_depends
from .toc import build_toc
from .writers import write_html_folder


def default_workers() -> int:
    """One worker per core, unless BOOKBUILD_JOBS says otherwise."""
    return int(os.environ.get("BOOKBUILD_JOBS") or os.cpu_count() or 1)


@dataclass(frozen=True)
class BuildRequest:
    root: Path
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # builder names (or "pdf"); empty: every default builder
    strict: bool = False
    output_dir: Path | None = None
    workers: int = 0
    force: bool = False

    @property
    def output(self) -> Path:
        return self.output_dir or self.root / "build"

    @property
    def builders(self) -> tuple[str, ...]:
        return builders.expand(self.formats or builders.default_names())


@dataclass
class Made:
    """An output of the plan, made in this run or current from an earlier one."""

    job: Job
    path: Path | None
    pages: int | None
    values: dict


@dataclass
class BuildReport:
    results: list[JobResult] = field(default_factory=list)
    current: list[Job] = field(default_factory=list)
    failed: dict[str, BookError] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    not_applicable: dict[str, str] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    made: dict[tuple[str, str], Made] = field(default_factory=dict)
    editions: dict[str, Edition] = field(default_factory=dict)
    book: Book | None = None  # the book in its source language, when the sources were read
    fonts: dict[str, tuple[FontFace, ...]] = field(default_factory=dict)  # each language's font files


def load_sources(root: Path, diagnostics: Diagnostics) -> Book:
    """Read and check every source; raises `SourceErrors` listing every problem found."""
    config = load_config(root, diagnostics)
    diagnostics.check()
    book = load_book(config, diagnostics)
    diagnostics.check()
    return book


def build(request: BuildRequest, diagnostics: Diagnostics, started=lambda job: None,
          finished=lambda result: None, editions_wanted: bool = False,
          waiting=lambda message: None) -> BuildReport:
    """Build every requested output that is not current; a failing language does not stop the others.
    With `editions_wanted`, every language's edition is prepared even if all its outputs are
    current (the release needs them). Only one build at a time writes to an output folder; another
    waits (and is told so through `waiting`)."""
    config = load_config(request.root, diagnostics)
    diagnostics.check()
    languages = requested_languages(request, config, diagnostics)
    fonts = {code: resolve_fonts(config) + language_fonts(config.language(code)) for code in languages}
    embedded = {face.path for faces in fonts.values() for face in faces}
    embedded |= {Path(target.output_intent) for target in config.targets if target.output_intent}
    fingerprints = Fingerprints.of(request.root, sorted(embedded))
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(config.date.timetuple()))
    report = BuildReport(fonts=fonts)
    plan = [Job(code, name) for code in languages for name in request.builders]
    stale = _with_dependents(plan, [job for job in plan if not _is_current(request, fingerprints, job, report)],
                             report)
    if not stale and not editions_wanted:
        return report
    book = report.book = load_sources(request.root, diagnostics)
    stale = _applicable(request, book, fingerprints, stale, report, diagnostics)
    context = Context(request.root, request.output, request.strict, fonts=fonts)
    templates = extract_templates(book, request.root)
    wanted = languages if editions_wanted else tuple(dict.fromkeys(job.language for job in stale))
    with output_lock(request.output, waiting):
        for code in wanted:
            prepare_language(context, book, templates, code, diagnostics, report,
                             write_html=any(job.language == code for job in stale))
            if code in report.skipped:  # below its threshold: remembered, so that a no-op build reads nothing
                for job in (j for j in stale if j.language == code):
                    record(request.output, code, job.kind,
                           fingerprints.job(request.root, code, job.kind, request.strict, {}), [],
                           skipped=report.skipped[code], depends={})
        stale = [job for job in stale if job.language in context.editions]
        context.languages = tuple(language.code for language in config.languages
                                  if language.code not in report.skipped)
        known = {key: made.values for key, made in report.made.items()}
        # A builder this book cannot have gives no values; a builder that needs it is told so.
        known.update({(code, name): {"not_applicable": True} for code in languages for name in report.not_applicable})
        for result in run_jobs(context, stale, request.workers or default_workers(), known, started):
            finish_job(request, fingerprints, result, report)
            finished(result)
    report.editions = context.editions
    report.warnings = _unique(diagnostics.warnings + [w for r in report.results for w in r.warnings])
    return report


def _with_dependents(plan: list[Job], stale: list[Job], report: BuildReport) -> list[Job]:
    """The stale jobs, and the jobs that need one of them: what they were given may change."""
    remade = {(job.language, job.kind) for job in stale}
    while True:
        more = [job for job in plan if (job.language, job.kind) not in remade
                and any((job.language, need) in remade for need in builders.REGISTRY[job.kind].needs)]
        if not more:
            break
        remade.update((job.language, job.kind) for job in more)
    for job in plan:
        if (job.language, job.kind) in remade and job in report.current:
            report.current.remove(job)
            report.made.pop((job.language, job.kind), None)
    return [job for job in plan if (job.language, job.kind) in remade]


def _is_current(request: BuildRequest, fingerprints: Fingerprints, job: Job, report: BuildReport) -> bool:
    """Whether `job`'s outputs are current (or it was skipped for these very inputs); notes it in the report."""
    if request.force:
        return False
    depends = recorded_depends(request.output, job.language, job.kind)
    state = current_state(request.output, job.language, job.kind,
                          fingerprints.job(request.root, job.language, job.kind, request.strict, depends))
    if state is None:
        return False
    if state.get("skipped"):
        if (state.get("values") or {}).get("not_applicable"):
            if job.kind in request.formats:
                return False  # asked for by name: say why it cannot be made
            report.not_applicable[job.kind] = state["skipped"]
        else:
            report.skipped[job.language] = state["skipped"]
    else:
        report.current.append(job)
        path = request.output / state["path"] if state.get("path") else None
        report.made[(job.language, job.kind)] = Made(job, path, state.get("pages"), state.get("values") or {})
    return True


def _applicable(request: BuildRequest, book: Book, fingerprints: Fingerprints, jobs: list[Job],
                report: BuildReport, diagnostics: Diagnostics) -> list[Job]:
    """The jobs whose builder this book can have; asking by name for one it cannot is an error."""
    kept = []
    for job in jobs:
        reason = builders.builder(job.kind).applies(book)
        if reason is None:
            kept.append(job)
            continue
        if job.kind in request.formats:
            diagnostics.error(SourceLocation("book.yaml"), f"this book has no {job.kind} output: {reason}")
        report.not_applicable[job.kind] = reason
        record(request.output, job.language, job.kind,
               fingerprints.job(request.root, job.language, job.kind, request.strict, {}), [], skipped=reason,
               values={"not_applicable": True}, depends={})
    diagnostics.check()
    return kept


def requested_languages(request: BuildRequest, config: BookConfig, diagnostics: Diagnostics) -> tuple[str, ...]:
    known = [language.code for language in config.languages]
    languages = request.languages or tuple(known)
    for code in languages:
        if code not in known:
            diagnostics.error(config.languages_at, f"language '{code}' is not one of this book's languages "
                                                   f"({', '.join(known)})", "add it under 'languages'")
    diagnostics.check()
    return languages


def prepare_language(context: Context, book: Book, templates: dict, code: str, diagnostics: Diagnostics,
                     report: BuildReport, write_html: bool = True) -> None:
    """Translate one edition (and write its HTML folder), or note why it cannot be built."""
    own = Diagnostics(strict=diagnostics.strict)
    try:
        edition = prepare_edition(context.root, book, code, own, templates)
        if edition is None:
            report.skipped[code] = own.items[-1].message
            return
        if write_html:
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
    fingerprint = fingerprints.job(request.root, job.language, job.kind, request.strict, result.depends)
    record(request.output, job.language, job.kind, fingerprint, list(result.files), pages=result.pages,
           path=result.path, values=result.values, depends=result.depends)
    report.made[(job.language, job.kind)] = Made(job, result.path, result.pages, result.values)


def _unique(items: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(items))


def resolve_fonts(config: BookConfig) -> tuple[FontFace, ...]:
    fonts = config.fonts
    return find_faces(fonts.serif, "Book Serif", fonts.serif_at) + find_faces(fonts.sans, "Book Sans", fonts.sans_at)


def language_fonts(language: LanguageConfig) -> tuple[FontFace, ...]:
    """The faces of a language's own script font, if it has one."""
    if not language.font:
        return ()
    from .i18n import language_script
    return for_script(find_faces(language.font, "Book Script", language.font_at), language_script(language.code))


def prepare_edition(root: Path, book: Book, code: str, diagnostics: Diagnostics,
                    templates: dict | None = None, catalog: LanguageCatalog | None = None) -> Edition | None:
    """One language's edition: translated, with its contents; None if below its publishing threshold.
    With the catalogue `templates` of the current sources, messages the language's catalogues do
    not have yet (the sources changed after the last `make update`) are reported per file. A
    `catalog` already read (the live preview keeps them) is used instead of reading the .po files."""
    config = book.config
    language = config.language(code)
    book_translations = None
    coverage = 100.0
    if code != config.source_language:
        catalog = catalog or load_language(root, code, diagnostics)
        diagnostics.check()
        if templates is not None:
            report_stale(root, templates, catalog, config.source_language, diagnostics)
            report_fuzzy(catalog, config.source_language, diagnostics)
        book, measured = translate_book(book, catalog, diagnostics)
        book_translations = catalog.translations(diagnostics)
        coverage = measured.percent
        if coverage < language.min_coverage:
            diagnostics.warning(language.coverage_at or language.location,
                                f"{code}: not built: {floor_percent(coverage)} of the text is translated, "
                                f"below the minimum of {language.min_coverage:g}% set in book.yaml")
            return None
    diagnostics.check()
    # The interface: the book's own translations first, then the theme's (also in the source language).
    translations = chain(book_translations, package_translations(code, THEME_DOMAIN))
    return Edition(book, build_toc(book), code, language.direction, language.original_names, coverage,
                   translations, script_font=bool(language.font), book_translations=book_translations)


def floor_percent(percent: float) -> str:
    """A share rounded down to a tenth, so that 99.96 % never reads as complete."""
    return f"{math.floor(percent * 10) / 10:.1f}%"


def release(request: BuildRequest, diagnostics: Diagnostics, dist_dir: Path, since: str | None = None,
            started=lambda job: None, finished=lambda result: None,
            waiting=lambda message: None) -> tuple[BuildReport, Path | None]:
    """Build every released output (if needed), then assemble the release folder from the same plan
    and editions. With `since` (a git ref, or book.yaml's release.since), the release's changelog
    lists what changed since then."""
    from .dist import make_release

    released = tuple(name for name in builders.default_names() if builders.REGISTRY[name].released)
    request = BuildRequest(request.root, request.languages, released, request.strict, request.output_dir,
                           request.workers, request.force)
    report = build(request, diagnostics, started, finished, editions_wanted=True, waiting=waiting)
    if report.failed:
        return report, None
    editions = list(report.editions.values())
    if not editions:
        reasons = "; ".join(report.skipped.values())  # each begins with its language's code
        raise SourceError(f"no edition can be released ({reasons or 'no language was asked for'})",
                          report.book.config.languages_at if report.book else SourceLocation("book.yaml"))
    book = report.book
    changes = None
    since = since or book.config.release_since
    if since:
        from .i18n.workflow import changes_with_translations
        changes = changes_with_translations(request.root, book, since)
    from .i18n.workflow import coverage
    shares = coverage(request.root, book, tuple(e.language for e in editions), diagnostics)
    folder = make_release(request.root, dist_dir, editions, book.config.release_partial, report.made, changes,
                          shares, report.fonts)
    return report, folder
