"""The print PDF as a reader sees it: contents page numbers, openers, heads, footnotes, fonts, metadata."""

from __future__ import annotations

import re
import subprocess

import pytest
from pypdf import PdfReader

from bookbuild.build import load_sources
from bookbuild.errors import Diagnostics
from bookbuild.toc import build_toc, contents_tree
from conftest import ROOT, folio, pdf_pages

LEADER_LINE = re.compile(r"^\s*(?P<title>\S.*?)\s*(?:\.\s*){3,}(?P<page>\d+|[ivxlc]+)\s*$")


def contents_entries(pages: list[str]) -> list[tuple[str, str]]:
    """(title, printed page number) for every line of the printed table of contents."""
    start = next(i for i, page in enumerate(pages) if page.strip().startswith("Contents"))
    entries, pending = [], ""
    for page in pages[start:]:
        lines = page.splitlines()
        if page is not pages[start] and not any(LEADER_LINE.match(line) for line in lines):
            break
        for line in lines:
            if line.strip() == "Contents" or not line.strip() or folio(line) and len(line.split()) == 1:
                continue
            match = LEADER_LINE.match(line)
            if match:
                entries.append((" ".join((pending + " " + match["title"]).split()), match["page"]))
                pending = ""
            else:
                pending += " " + line.strip()
    return entries


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def check_contents(pdf) -> int:
    pages = pdf_pages(pdf)
    by_folio = {}
    numbered = [(index, folio(page)) for index, page in enumerate(pages) if folio(page)]
    for index, number in numbered:
        by_folio.setdefault(number, index)
    # A page printed without its folio (a part's title page) still has its number: the body's
    # pages are numbered on from the first page that shows one.
    first = next(((index, int(number)) for index, number in numbered if number.isdigit()), None)
    if first:
        for index in range(first[0] - first[1] + 1, len(pages)):
            by_folio.setdefault(str(index - first[0] + first[1]), index)
    entries = contents_entries(pages)
    assert entries, "no table of contents found"
    for title, number in entries:
        assert number in by_folio, f"contents: '{title}' points at page {number}, which has no such folio"
        page = normalise(pages[by_folio[number]])
        assert normalise(title) in page, f"contents: '{title}' is not on page {number}"
    return len(entries)


def test_contents_numbers_match_the_pages_of_their_headings(sample_build):
    count = check_contents(sample_build / "en" / "unheard-voices-print.pdf")
    book = load_sources(ROOT, Diagnostics())

    def nodes(tree):
        return sum(1 + nodes(node.children) for node in tree)

    # Every profile has its line; an entry that repeats the title right above it is shown once.
    assert len(book.profiles()) <= count <= nodes(contents_tree(build_toc(book), book.config.contents_kinds["print"]))


def test_contents_of_the_small_book(minibook_build):
    pdf = minibook_build / "en" / "small-book-print.pdf"
    entries = contents_entries(pdf_pages(pdf))
    assert [title for title, _ in entries] == [
        "Preface", "The “first” case", "Anna Smith", "Ivan Petrov", "More cases", "The second case"]
    assert entries[0][1] == "v", "front matter is numbered in roman numerals"
    assert entries[1][1] == "1", "the body starts at page 1"
    check_contents(pdf)


def test_bookmarks_mirror_the_contents(minibook_build):
    reader = PdfReader(minibook_build / "en" / "small-book-print.pdf")
    marks = [(depth, title, page + 1) for depth, title, page in outline(reader)]
    assert [(d, t) for d, t, _ in marks] == [
        (0, "Contents"), (0, "Preface"), (0, "The “first” case"), (1, "The arrests"), (1, "Anna Smith"),
        (1, "Ivan Petrov"), (0, "More cases"), (1, "The second case"), (2, "What happened next")]
    pages = pdf_pages(minibook_build / "en" / "small-book-print.pdf")
    for _, title, page in marks:
        assert normalise(title) in normalise(pages[page - 1]), f"bookmark '{title}' points at the wrong page"


def outline(reader: PdfReader, items=None, depth: int = 0):
    """(depth, title, page index) of every bookmark."""
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item)


def test_chapters_open_on_right_hand_pages_without_running_head(sample_build):
    pdf = sample_build / "en" / "unheard-voices-print.pdf"
    reader = PdfReader(pdf)
    pages = pdf_pages(pdf)
    toc = build_toc(load_sources(ROOT, Diagnostics()))
    def bare(title: str) -> str:
        return re.sub(r"[\"'“”‘’*]", "", title)
    titles = {(entry.level - 1, bare(entry.title.value)) for entry in toc if entry.kind in ("chapter", "part")}
    openers = [page for depth, title, page in outline(reader) if (depth, bare(title)) in titles]
    assert len(openers) == len(titles) > 40
    for index in openers:
        assert index % 2 == 0, f"page {index + 1} opens a chapter or part on a left-hand page"
        first_line = next(line for line in pages[index].splitlines() if line.strip())
        assert "Unheard Voices" not in first_line


def test_running_heads_book_title_left_chapter_right(sample_build):
    pages = pdf_pages(sample_build / "en" / "unheard-voices-print.pdf")
    start = next(i for i, p in enumerate(pages) if folio(p) == "1")
    heads = {}
    for index in range(start, len(pages)):
        lines = [line.strip() for line in pages[index].splitlines() if line.strip()]
        if len(lines) > 3:
            heads.setdefault((index - start) % 2, []).append(lines[0])
    left = [head for head in heads[1] if head == "Unheard Voices"]
    assert len(left) > 0.6 * len(heads[1]), "most left-hand pages carry the book title"
    assert "The Tyumen case" in heads[0] and "The Network case" in heads[0]


def test_blank_pages_are_truly_blank(sample_build):
    pages = pdf_pages(sample_build / "en" / "unheard-voices-print.pdf")
    blank = [page for page in pages if len(page.split()) <= 1]
    assert blank, "chapters opening on the right leave blank left-hand pages"
    assert all(not page.strip() for page in blank), "a blank page carries a head or a page number"


def test_footnotes_print_at_the_foot_of_their_page(minibook_build):
    pages = pdf_pages(minibook_build / "en" / "small-book-print.pdf")
    page = next(p for p in pages if "The first paragraph has" in p)
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    assert lines[-2].startswith("1. The footnote text, explaining a term."), lines[-3:]


def test_a5_pages_fonts_embedded_and_metadata(sample_build):
    pdf = sample_build / "en" / "unheard-voices-print.pdf"
    reader = PdfReader(pdf)
    box = reader.pages[0].trimbox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (148, 210)
    assert reader.metadata.title == "Unheard Voices"
    assert reader.metadata.author == "Post-Soviet Left"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes " in row for row in rows), fonts
    assert all("Book-Serif" in row or "Book-Sans" in row for row in rows), "a font was substituted"


def test_hyphenation_is_on(sample_build):
    text = "\n".join(pdf_pages(sample_build / "en" / "unheard-voices-print.pdf"))
    assert len(re.findall(r"[a-z][-\u2010]\n", text)) > 50


@pytest.mark.parametrize("word", ["None", "null"])
def test_absent_facts_never_show(sample_build, word):
    text = "\n".join(pdf_pages(sample_build / "en" / "unheard-voices-print.pdf"))
    assert not re.search(rf"\b{word}\b", text)
    html = (sample_build / "en" / "html" / "index.html").read_text()
    assert "<dd></dd>" not in html and "<dt></dt>" not in html


def latin_address_after(pdf, label: str) -> str:
    """The five lines of a print PDF from the first that carries `label`, blank lines included
    (bidi marks removed)."""
    for page in pdf_pages(pdf):
        lines = [re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", line).strip() for line in page.splitlines()]
        found = [index for index, line in enumerate(lines) if label in line]
        if found:
            return " ".join(lines[found[0]:found[0] + 5])
    pytest.fail(f"{label} is not in {pdf.name}")


def test_the_latin_letter_address_is_set_under_its_label(minibook_build):
    """The Latin-letter copy of an address follows its label in a line or two of the same box: its
    parts are kept whole, not set as pages or blocks of their own."""
    after = latin_address_after(minibook_build / "en" / "small-book-print.pdf", "In Latin letters:")
    assert "Anna Smit (born 1990)," in after and "Russia" in after, after
    assert "Letters must be written in Russian." in after, "the box goes on right under the address"


def test_the_latin_letter_address_is_set_under_its_label_in_arabic(sample_build):
    after = latin_address_after(sample_build / "ar" / "unheard-voices-print.pdf", "بالأحرف اللاتينية")
    assert "Aleksey Aleksandrovich Gorinov" in after and "107076, Russia" in after, after
    assert "FSIN-Pismo" in after, "the box goes on right under the address"
