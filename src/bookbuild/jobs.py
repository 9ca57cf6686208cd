"""The outputs of a build as jobs (one language x one output), run in-process or in a pool of workers.

Workers are forked after the sources are loaded and translated, so each starts
with every edition in memory and with WeasyPrint already imported; they stay
alive across jobs. An EPUB job waits for its language's print job, whose layout
gives the EPUB its page list.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .config import BookConfig
from .errors import BookError, Diagnostic, Diagnostics
from .fonts import FontFace
from .render import Edition
from .writers import write_book_pdf, write_epub, write_leaflets


@dataclass(frozen=True)
class Job:
    language: str
    kind: str

    def __str__(self) -> str:
        return f"{self.language} {self.kind}"


@dataclass(frozen=True)
class JobResult:
    job: Job
    path: Path | None
    pages: int | None
    files: tuple[Path, ...]
    seconds: float
    warnings: tuple[Diagnostic, ...] = ()
    error: BookError | None = None


@dataclass
class Context:
    """What every job needs: the project, the output folder, and the prepared editions."""

    root: Path
    output: Path
    strict: bool
    editions: dict[str, Edition] = field(default_factory=dict)
    fonts: dict[str, tuple[FontFace, ...]] = field(default_factory=dict)

    @property
    def config(self) -> BookConfig:
        return next(iter(self.editions.values())).book.config


# The context a forked worker inherits from the main process.
_CONTEXT: Context | None = None


def run_job(context: Context, job: Job) -> JobResult:
    """Write one output; errors are returned, not raised, so the other jobs go on."""
    start = time.monotonic()
    diagnostics = Diagnostics(strict=context.strict)
    edition = context.editions[job.language]
    folder = context.output / job.language
    config = edition.book.config
    try:
        if job.kind in ("print", "screen", "proof"):
            target = config.target("print" if job.kind == "print" else "screen")
            path, pages = write_book_pdf(context.root, edition, target, folder, diagnostics, job.kind == "proof")
            files = (path,)
        elif job.kind == "leaflets":
            path, pages, files = write_leaflets(context.root, edition, config.target("leaflets"), folder, diagnostics)
        else:
            path, pages = write_epub(context.root, edition, context.fonts[job.language], folder, diagnostics)
            files = (path,)
        diagnostics.check()
    except BookError as error:
        return JobResult(job, None, None, (), time.monotonic() - start, tuple(diagnostics.warnings), error)
    return JobResult(job, path, pages, tuple(files), time.monotonic() - start, tuple(diagnostics.warnings))


def _run_in_worker(job: Job) -> JobResult:
    assert _CONTEXT is not None, "workers are forked from a prepared build"
    return run_job(_CONTEXT, job)


def run_jobs(context: Context, jobs: list[Job], workers: int,
             started: Callable[[Job], None] = lambda job: None) -> Iterator[JobResult]:
    """Run `jobs`, yielding results as they finish. EPUB jobs start after their language's print job."""
    waiting = [job for job in jobs if job.kind == "epub" and Job(job.language, "print") in jobs]
    ready = [job for job in jobs if job not in waiting]
    ready.sort(key=lambda job: (job.kind != "print", jobs.index(job)))
    if workers <= 1 or len(jobs) <= 1:
        for job in ready + waiting:
            started(job)
            yield run_job(context, job)
        return
    yield from _run_pool(context, ready, waiting, workers, started)


def _run_pool(context: Context, ready: list[Job], waiting: list[Job], workers: int,
              started: Callable[[Job], None]) -> Iterator[JobResult]:
    global _CONTEXT
    import weasyprint  # noqa: F401  imported once here, inherited by every worker

    _CONTEXT = context
    running: dict[Future, Job] = {}
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            while ready or running:
                while ready and len(running) < workers:
                    job = ready.pop(0)
                    started(job)
                    running[pool.submit(_run_in_worker, job)] = job
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: str(running[f])):
                    job = running.pop(future)
                    result = future.result()
                    if job.kind == "print":
                        released = [j for j in waiting if j.language == job.language]
                        waiting[:] = [j for j in waiting if j.language != job.language]
                        ready[0:0] = released
                    yield result
    finally:
        _CONTEXT = None
