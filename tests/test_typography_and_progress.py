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


NBSP = "\u00a0"


@pytest.mark.parametrize("language, source, expected", [
    # A Russian one-letter word or short preposition never ends a line: it is tied to the next word.
    ("ru", "Он жил в Москве и работал у друзей", f"Он жил в{NBSP}Москве и{NBSP}работал у{NBSP}друзей"),
    ("ru", "срока в *тюрьме*", f"срока в{NBSP}<em>тюрьме</em>"),
    ("ru", "по статье 205.2 ч. 2", f"по{NBSP}статье 205.2{NBSP}ч.{NBSP}2"),
    ("ru", "С 2019 года; 25 000 рублей", f"С{NBSP}2019{NBSP}года; 25{NBSP}000{NBSP}рублей"),
    # A German date keeps its day with its month; an abbreviation keeps its number.
    ("de", "am 4. September nach Art. 205", f"am 4.{NBSP}September nach Art.{NBSP}205"),
    # English has no such rules: its spaces are left alone.
    ("en", "in a cell of 4 metres", "in a cell of 4 metres"),
])
def test_words_a_line_must_not_separate_are_tied(language, source, expected):
    assert render_inline(source, language) == expected


def test_arabic_numbers_group_with_the_arabic_separator():
    from bookbuild.i18n.format import format_number

    assert format_number(1500000, "ar") == "1٬500٬000"
    assert format_number(1500000, "en") == "1,500,000"


def test_typeset_text_marks_the_words_never_hyphenated():
    import re

    html = render_inline("Gorinov wrote from Saint-Petersburg to his lawyer", "en",
                         names=re.compile(r"Gorinov\w*"), keep_whole=True)
    assert html == ('<span class="nh">Gorinov</span> wrote from <span class="nh">Saint-Petersburg</span> '
                    'to his <span class="nh">lawyer</span>')


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


@pytest.mark.parametrize("locale, day, expected", [
    ("en_GB", (2022, 8, 31), "31 August 2022"),
    ("en", (2022, 8, 31), "August 31, 2022"),
    ("fr", (2022, 9, 1), "1er septembre 2022"),
    ("fr", (2022, 9, 11), "11 septembre 2022"),
    ("ru", (2022, 9, 1), "1 сентября 2022\u202fг."),
])
def test_dates_follow_the_locale_of_the_edition(locale, day, expected):
    import datetime

    from bookbuild.i18n import format_partial_date

    assert format_partial_date(datetime.date(*day), locale) == expected
