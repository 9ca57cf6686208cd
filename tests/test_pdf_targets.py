"""The three PDF targets: press-ready print, accessible screen, one-page leaflets; and the translators' proof."""

from __future__ import annotations

import json
import re
import subprocess

import page
import pytest
from pypdf import PdfReader

from bookbuild.build import load_sources
from bookbuild.errors import Diagnostics
from bookbuild.toc import build_toc, contents_tree
from conftest import ROOT, folio, pdf_pages, run_cli
from i18n_helpers import add_language, translate_po

MM = 72 / 25.4


def test_print_has_bleed_trim_box_and_crop_marks(minibook_build):
    reader = PdfReader(minibook_build / "en" / "small-book-print.pdf")
    for pdf_page in reader.pages:
        media, trim, bleed = pdf_page.mediabox, pdf_page.trimbox, pdf_page.bleedbox
        assert round(float(trim.width) / MM) == 148 and round(float(trim.height) / MM) == 210
        for outer, inner in ((media.left, trim.left), (trim.right, media.right),
                             (media.bottom, trim.bottom), (trim.top, media.top)):
            assert abs(float(inner - outer) - 3 * MM) < 0.1, "3 mm of bleed on every side"
        assert float(bleed.width) >= float(trim.width) + 6 * MM - 0.1


def test_print_folios_roman_in_front_arabic_in_body(sample_build):
    pages = pdf_pages(sample_build / "en" / "unheard-voices-print.pdf")
    folios = [folio(p) for p in pages]
    body = folios.index("1")
    front = [f for f in folios[:body] if f]
    assert front and all(re.fullmatch(r"[ivxlc]+", f) for f in front), front
    assert all(f is None or f.isdigit() for f in folios[body:])
    numbered = [(i, f) for i, f in enumerate(folios[body:]) if f]
    assert all(int(f) == i + 1 for i, f in numbered), "body folios count every page from 1"


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_chapters_open_on_odd_pages_without_heads(sample_build, language):
    folder = sample_build / language
    pages = pdf_pages(folder / "unheard-voices-print.pdf")
    # The print job gives, for each printed page, the element it starts with, and each folio's page
    # (the values the EPUB's page list is made from); the build records them with the job.
    recorded = json.loads((folder / ".state" / "print.json").read_text())["values"]
    marks, by_folio = recorded["marks"], recorded["folios"]
    openers = {anchor: label for anchor, label in marks.items()
               if re.fullmatch(r"(ch|part)-[a-z0-9-]+", anchor) and "--" not in anchor
               and not re.search(r"-(b\d+|title)$", anchor)}
    assert len(openers) > 40
    title = PdfReader(folder / "unheard-voices-print.pdf").metadata.title
    for anchor, label in openers.items():
        if not label.isdigit():
            continue  # front matter
        assert int(label) % 2 == 1, f"{language}: {anchor} opens on page {label}"
        lines = [line.strip() for line in pages[by_folio[label]].splitlines() if line.strip()]
        assert title not in lines[0], f"{language}: a running head on the opening page of {anchor}"


def test_screen_pdf_is_tagged_pdf_ua_and_valid(sample_build):
    pdf = sample_build / "en" / "unheard-voices-screen.pdf"
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()
    assert reader.pages[0].mediabox == reader.pages[0].trimbox, "no bleed on screen"
    report = page.validate_pdf(str(pdf), profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_screen_contents_links_lead_to_their_headings(sample_build):
    pdf = sample_build / "en" / "unheard-voices-screen.pdf"
    reader = PdfReader(pdf)
    pages = pdf_pages(pdf)
    named = reader.named_destinations
    checked = 0
    for number, pdf_page in enumerate(reader.pages[:12]):
        for annotation in pdf_page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            destination = annotation.get("/Dest")
            if destination is None:
                continue
            target = named[destination] if isinstance(destination, str) else None
            if target is None:
                continue
            index = reader.get_destination_page_number(target)
            assert index > number, "a contents link points forward"
            checked += 1
            assert pages[index].strip(), f"link on page {number + 1} leads to an empty page"
    assert checked > 100


def test_leaflets_one_page_per_profile_in_every_language(sample_build):
    languages = sorted(p.name for p in sample_build.iterdir() if (p / "unheard-voices-leaflets.pdf").exists())
    assert {"en", "ru", "de", "ar", "fr"} <= set(languages)
    for language in languages:
        folder = sample_build / language
        reader = PdfReader(folder / "unheard-voices-leaflets.pdf")
        singles = sorted((folder / "leaflets").glob("*.pdf"))
        assert len(reader.pages) == len(singles) >= 45, language
        assert all(len(PdfReader(single).pages) == 1 for single in singles), language


def test_proof_marks_untranslated_paragraphs(minibook):
    add_language(minibook, "  de: {}")
    run_cli("-C", minibook, "init", "--lang", "de")
    translate_po(minibook / "translations" / "de" / "chapters" / "second-case.po",
                 {"Nothing more.": "Nichts weiter.", "What happened next": "Was dann geschah"})
    result = run_cli("-C", minibook, "build", "--lang", "de", "--format", "proof")
    assert result.code == 0, result.err
    text = "\n".join(pdf_pages(minibook / "build" / "de" / "small-book-proof.pdf"))
    assert text.count("TODO") >= 5
    page_text = next(p for p in pdf_pages(minibook / "build" / "de" / "small-book-proof.pdf") if "Nichts weiter." in p)
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]

    def marked(words: str) -> bool:
        index = next(i for i, line in enumerate(lines) if words in line)
        return "TODO" in lines[index] or "TODO" in lines[index - 1]
    assert marked("The second chapter has no profiles")
    assert not marked("Nichts weiter.") and not marked("Was dann geschah")


def text_lines(pdf):
    """Every line of text with its page size and box, from poppler's bounding-box output."""
    import xml.etree.ElementTree as tree
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    for number, element in enumerate(tree.fromstring(xml).iter("page")):
        for line in element.iter("line"):
            words = "".join(word.text or "" for word in line.iter("word"))
            yield number, float(element.get("width")), float(element.get("height")), \
                {k: float(line.get(k)) for k in ("xMin", "xMax", "yMin", "yMax")}, words


@pytest.mark.parametrize("language", ["en", "ru", "de", "ar"])
def test_no_line_runs_into_the_margin(sample_build, language):
    pdf = sample_build / language / "unheard-voices-print.pdf"
    bleed, inner, outer, top, bottom = 3 * MM, 19 * MM, 15 * MM, 17 * MM, 19 * MM
    checked = 0
    for number, width, height, box, words in text_lines(pdf):
        if box["yMin"] < bleed + top - 1 or box["yMax"] > height - bleed - bottom + 1:
            continue  # running heads and folios live in the margins
        # Binding is on the right of a left-hand page and on the left of a right-hand page;
        # a left-to-right book opens on a right-hand page, a right-to-left one on a left-hand page.
        left_hand = number % 2 == (0 if language == "ar" else 1)
        left_margin, right_margin = (outer, inner) if left_hand else (inner, outer)
        assert box["xMin"] >= bleed + left_margin - 1.5, (language, number + 1, words)
        assert box["xMax"] <= width - bleed - right_margin + 1.5, (language, number + 1, words)
        checked += 1
    assert checked > 3000


def test_screen_contents_links_point_at_their_headings(sample_build):
    pdf = sample_build / "en" / "unheard-voices-screen.pdf"
    reader = PdfReader(pdf)
    pages = [" ".join(page.split()) for page in pdf_pages(pdf)]
    book = load_sources(ROOT, Diagnostics())

    def listed(nodes):
        for node in nodes:
            yield node.entry
            yield from listed(node.children)

    printed = contents_tree(build_toc(book), book.config.contents_kinds["print"])
    titles = {entry.anchor: entry.title.value for entry in listed(printed)}
    named = reader.named_destinations
    checked = set()
    for pdf_page in reader.pages[:12]:
        for annotation in pdf_page.get("/Annots", []) or []:
            destination = annotation.get_object().get("/Dest")
            if not isinstance(destination, str) or destination not in titles:
                continue
            page = pages[reader.get_destination_page_number(named[destination])]
            title = re.sub(r"[*\"']", "", titles[destination])
            assert " ".join(title.split()[:4]) in re.sub(r"[“”‘’\"']", "", page), (destination, title)
            checked.add(destination)
    assert checked == set(titles), "every contents entry is a link"
