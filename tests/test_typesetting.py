"""What a typesetter checks on the printed pages of every edition of the first book: which font
draws each character, line ends in Russian, runs of hyphenated lines, words divided over a page
turn, and the length of the contents."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import yaml

from bookbuild.typography import DATA
from conftest import ROOT, SAMPLE_LANGUAGES, pdf_pages
from pdf_glyphs import font_characters

# The faces the book names: the theme's families, each embedded under its family name.
BOOK_FACES = re.compile(r"Book-(Serif|Sans|Script)(-.+)?")
HYPHENS = ("\u2010", "-", "\u00ad")


def pdf_lines(pdf: Path) -> list[list[str]]:
    """The lines of each page in reading order (poppler's text, one line per printed line)."""
    return [[line.rstrip() for line in page.splitlines() if line.strip()] for page in pdf_pages(pdf, layout=False)]


def script_of(character: str) -> str:
    name = unicodedata.name(character, "")
    return name.split(" ", 1)[0] if name else ""


def glyph_faults(pdf: Path) -> list[str]:
    """Characters drawn by a font the book did not name, Arabic letters outside the script face, and
    Latin letters or digits inside it."""
    faults = []
    for font, characters in font_characters(pdf).items():
        if not BOOK_FACES.fullmatch(font):
            faults.append(f"{font} draws {''.join(sorted(characters))!r}")
            continue
        script_face = font.startswith("Book-Script")
        for character in sorted(characters):
            arabic = script_of(character) == "ARABIC"
            latin = script_of(character) == "LATIN" or character.isascii() and character.isdigit()
            if arabic and not script_face or latin and script_face:
                faults.append(f"{font} draws {character!r} ({unicodedata.name(character, '?')})")
    return faults


def hyphen_faults(pages: list[list[str]], limit: int = 3) -> list[str]:
    """Runs of more than `limit` lines ending in a hyphen, and a word divided over a page turn."""
    faults = []
    for number, lines in enumerate(pages, 1):
        run = 0
        for line in lines:
            run = run + 1 if line.endswith(HYPHENS) and not line.endswith(" -") else 0
            if run > limit:
                faults.append(f"page {number}: {run} hyphenated lines in a row, up to {line!r}")
        body = [line for line in lines if not re.fullmatch(r"\d+|[ivxlc]+", line.strip())]
        if body and body[-1].endswith(HYPHENS) and not body[-1].endswith(" -"):
            faults.append(f"page {number}: a word divided over the page turn: {body[-1]!r}")
    return faults


def one_letter_line_ends(pages: list[list[str]], short_words: set[str]) -> list[str]:
    faults = []
    for number, lines in enumerate(pages, 1):
        for line in lines:
            words = line.split()
            if len(words) > 1 and (len(words[-1]) == 1 and words[-1].isalpha() or words[-1].lower() in short_words):
                faults.append(f"page {number}: {line[-50:]!r}")
    return faults


@pytest.mark.parametrize("language", SAMPLE_LANGUAGES)
@pytest.mark.parametrize("edition", ["print", "screen"])
def test_every_glyph_comes_from_a_face_the_book_named_for_its_script(sample_build, language, edition):
    faults = glyph_faults(sample_build / language / f"unheard-voices-{edition}.pdf")
    assert not faults, "\n".join(faults[:20])


@pytest.mark.parametrize("language", SAMPLE_LANGUAGES)
def test_at_most_three_hyphenated_lines_in_a_row_and_none_over_a_page_turn(sample_build, language):
    faults = hyphen_faults(pdf_lines(sample_build / language / "unheard-voices-print.pdf"))
    assert not faults, "\n".join(faults[:20])


def test_no_russian_line_ends_in_a_one_letter_word_or_short_preposition(sample_build):
    short = set(yaml.safe_load((DATA / "typography.yaml").read_text(encoding="utf-8"))["ru"]["tie_after"])
    faults = one_letter_line_ends(pdf_lines(sample_build / "ru" / "unheard-voices-print.pdf"), short)
    assert not faults, "\n".join(faults[:20])


@pytest.mark.parametrize("language", SAMPLE_LANGUAGES)
def test_contents_of_the_sample_fit_in_four_pages(sample_build, language):
    pages = pdf_lines(sample_build / language / "unheard-voices-print.pdf")
    leaders = [number for number, lines in enumerate(pages, 1)
               if sum(bool(re.search(r"(\.\s*){3,}\S+$|^\S+(\s*\.){3,}", line)) for line in lines) >= 3]
    assert leaders, "no contents pages found"
    assert leaders == list(range(leaders[0], leaders[0] + len(leaders))), leaders
    assert len(leaders) <= 4, f"the contents run {len(leaders)} pages: {leaders}"


def test_the_checks_see_faults_when_there_are_some():
    assert hyphen_faults([["one pro‐", "two pro‐", "three pro‐", "four pro‐", "end"]])
    assert hyphen_faults([["text", "divided over the pa‐"], ["ge turn"]])
    assert not hyphen_faults([["one pro‐", "two pro‐", "three pro‐", "end", "12"]])
    assert one_letter_line_ends([["срока в", "тюрьме"]], set()) == ["page 1: 'срока в'"]
    assert one_letter_line_ends([["уехал из", "дома"]], {"из"})


@pytest.mark.parametrize("language", SAMPLE_LANGUAGES)
def test_the_colophon_names_the_faces_the_edition_uses(sample_build, language):
    from bookbuild.config import load_config
    from bookbuild.errors import Diagnostics

    config = load_config(ROOT, Diagnostics())
    pdf = sample_build / language / "unheard-voices-print.pdf"
    text = " ".join(" ".join(" ".join(lines) for lines in pdf_lines(pdf)).split())
    used = {font.split("-")[1] for font in font_characters(pdf)}
    names = {"Serif": config.fonts.serif, "Sans": config.fonts.sans, "Script": config.language(language).font}
    for face in used:
        assert names[face] and names[face] in text, f"the colophon does not name {names[face]} ({face})"
