"""The outputs of a build as jobs (one language x one builder), run in-process or in a pool of workers.

Workers are forked after the sources are loaded and translated, so each starts with
every edition in memory and with WeasyPrint already imported; they stay alive across
jobs. A job whose builder needs another's values (the EPUB needs the print layout's
page marks and the cover) starts when those are known: from a job of this run, or
recorded by an earlier run if that output is current.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import builders
from .errors import BookError, Diagnostic, Diagnostics
from .fonts import FontFace
from .render import Edition, tracking_templates


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
    values: dict = field(default_factory=dict)
    depends: dict = field(default_factory=dict)  # the templates and stylesheets it used


@dataclass
class Context:
    """What every job needs: the project, the output folder, and the prepared editions."""

    root: Path
    output: Path
    strict: bool
    editions: dict[str, Edition] = field(default_factory=dict)
    fonts: dict[str, tuple[FontFace, ...]] = field(default_factory=dict)
    languages: tuple[str, ...] = ()  # the book's languages that have an edition (none is skipped)


# The context a forked worker inherits from the main process.
_CONTEXT: Context | None = None


def run_job(context: Context, job: Job, needs: dict[str, dict]) -> JobResult:
    """Write one output; errors are returned, not raised, so the other jobs go on."""
    start = time.monotonic()
    diagnostics = Diagnostics(strict=context.strict)
    edition = context.editions[job.language]
    builder = builders.builder(job.kind)
    work = builders.Work(context.root, edition, context.output / job.language, context.fonts.get(job.language, ()),
                         edition.book.config.target(job.kind), needs, diagnostics, context.languages)
    try:
        with tracking_templates() as templates:
            output = builder.write(work)
        diagnostics.check()
    except BookError as error:
        return JobResult(job, None, None, (), time.monotonic() - start, tuple(diagnostics.warnings), error)
    depends = {"templates": sorted(templates), "styles": sorted(set(output.styles))}
    return JobResult(job, output.path, output.pages, output.all_files, time.monotonic() - start,
                     tuple(diagnostics.warnings), values=output.values, depends=depends)


def _run_in_worker(job: Job, needs: dict[str, dict]) -> JobResult:
    assert _CONTEXT is not None, "workers are forked from a prepared build"
    return run_job(_CONTEXT, job, needs)


class _Schedule:
    """Which jobs may start: those whose needs have values (known before the run, or from a job
    that finished in it)."""

    def __init__(self, jobs: list[Job], known: dict[tuple[str, str], dict]):
        self.waiting = list(jobs)
        self.values = dict(known)
        self.failed: set[tuple[str, str]] = set()

    def ready(self) -> list[Job]:
        found = [job for job in self.waiting if all((job.language, need) in self.values
                                                    for need in builders.REGISTRY[job.kind].needs)]
        self.waiting = [job for job in self.waiting if job not in found]
        return found

    def blocked(self) -> list[Job]:
        """Jobs that can never start, because a job they need failed."""
        stuck = [job for job in self.waiting if any((job.language, need) in self.failed
                                                    for need in builders.REGISTRY[job.kind].needs)]
        self.waiting = [job for job in self.waiting if job not in stuck]
        return stuck

    def done(self, result: JobResult) -> None:
        key = (result.job.language, result.job.kind)
        if result.error is None:
            self.values[key] = result.values
        else:
            self.failed.add(key)

    def needs(self, job: Job) -> dict[str, dict]:
        return {need: self.values[(job.language, need)] for need in builders.REGISTRY[job.kind].needs}


def run_jobs(context: Context, jobs: list[Job], workers: int, known: dict[tuple[str, str], dict],
             started: Callable[[Job], None] = lambda job: None) -> Iterator[JobResult]:
    """Run `jobs`, yielding results as they finish. `known` has the values of outputs that are
    current, by (language, builder)."""
    schedule = _Schedule(sorted(jobs, key=lambda job: (bool(builders.REGISTRY[job.kind].needs), jobs.index(job))),
                         known)
    if workers <= 1 or len(jobs) <= 1:
        while True:
            ready = schedule.ready()
            if not ready:
                break
            for job in ready:
                started(job)
                result = run_job(context, job, schedule.needs(job))
                schedule.done(result)
                yield result
    else:
        yield from _run_pool(context, schedule, workers, started)
    for job in schedule.blocked() + schedule.waiting:
        yield JobResult(job, None, None, (), 0.0, (), BookError(f"{job}: not built, because an output it needs failed"))


def _run_pool(context: Context, schedule: _Schedule, workers: int,
              started: Callable[[Job], None]) -> Iterator[JobResult]:
    global _CONTEXT
    import weasyprint  # noqa: F401  imported once here, inherited by every worker

    _CONTEXT = context
    running: dict[Future, Job] = {}
    ready: list[Job] = []
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        with pool:
            while True:
                ready += schedule.ready()
                while ready and len(running) < workers:
                    job = ready.pop(0)
                    started(job)
                    running[pool.submit(_run_in_worker, job, schedule.needs(job))] = job
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: str(running[f])):
                    running.pop(future)
                    result = future.result()
                    schedule.done(result)
                    yield result
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM): stop the workers now rather than let them finish their jobs.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        _CONTEXT = None
