"""Locale typography of running text, and how a build shows its progress."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from bookbuild.cli import Progress
from bookbuild.jobs import Job, JobResult
from bookbuild.markdown import render_inline


@pytest.mark.parametrize("language, expected", [
    ("en", "He said “no” – twice."),
    ("ru", "He said «no»\u00a0— twice."),
    ("de", "He said „no“ – twice."),
    ("fr", "He said «\u202fno\u202f» – twice\u202f!"),
])
def test_quotation_marks_and_dashes_follow_the_language(language, expected):
    source = 'He said "no" -- twice' + (" !" if language == "fr" else ".")
    assert render_inline(source, language) == expected


def test_french_spacing_before_punctuation():
    assert render_inline("Pourquoi ? Voici : une liste ; fin !", "fr") == \
        "Pourquoi\u202f? Voici\u00a0: une liste\u202f; fin\u202f!"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def result(job: Job) -> JobResult:
    return JobResult(job, Path("build/en/book-print.pdf"), 12, (), 1.5)


def test_progress_is_one_line_per_event_when_not_a_terminal():
    out = io.StringIO()
    job = Job("en", "print")
    with Progress(out) as progress:
        progress.started(job)
        progress.finished(result(job))
    assert out.getvalue().splitlines() == ["en print ...", "en print: build/en/book-print.pdf, 12 pages (1.5 s)"]


def test_progress_is_a_live_table_with_elapsed_times_on_a_terminal():
    out = Terminal()
    job = Job("de", "screen")
    with Progress(out) as progress:
        progress.started(job)
        time.sleep(0.5)
        progress.finished(result(job))
    text = out.getvalue()
    assert "  de screen" in text and " s\n" in text, "running jobs are listed with their elapsed time"
    assert "\x1b[1A\x1b[J" in text, "the table is redrawn in place"
    assert text.rstrip().endswith("de screen: build/en/book-print.pdf, 12 pages (1.5 s)")
