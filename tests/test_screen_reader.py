"""What a screen reader gets from the screen PDF: folios and running heads are pagination artifacts,
not content; every link annotation is printable and belongs to its Link structure element; and the
file passes the PDF/UA-1 check."""

from __future__ import annotations

import page as pdf_ua
import pikepdf

from conftest import folio, pdf_pages
from pdf_content import parent_tree, shown_text, structure_elements

PRINT_FLAG = 4


def test_folios_and_running_heads_are_artifacts(minibook_build):
    pdf_file = minibook_build / "en" / "small-book-screen.pdf"
    folios = [folio(text) for text in pdf_pages(pdf_file)]
    assert sum(1 for f in folios if f) >= 5
    with pikepdf.open(pdf_file) as pdf:
        reachable = structure_elements(pdf)
        parents = parent_tree(pdf)
        heads = 0
        for number, page in enumerate(pdf.pages):
            shown = [item for item in shown_text(page) if item.text.strip()]
            if folios[number]:
                printed = [item for item in shown if item.text.strip() == folios[number]]
                assert printed, f"page {number + 1}: folio {folios[number]} not found in the content stream"
                assert all(item.artifact and not item.mcids for item in printed[-1:]), \
                    f"page {number + 1}: the folio is tagged as content"
            heads += sum(1 for item in shown if item.artifact and item.text.strip() == "A Small Test Book")
            # Everything else is content that the structure tree reaches.
            elements = parents[int(page.obj.StructParents)]
            for item in shown:
                if not item.artifact:
                    mcid, = item.mcids[-1:]
                    assert elements[mcid].objgen in reachable, f"page {number + 1}: {item.text!r} is outside the tree"
            marked = [int(operands[1].MCID) for operands, operator in pikepdf.parse_content_stream(page)
                      if str(operator) == "BDC" and "/MCID" in operands[1]]
            assert marked == list(range(len(elements))), "marked content numbered 0, 1, 2... as the parent tree"
        assert heads >= 1, "the running head (the book's title on left-hand pages) is an artifact"


def test_artifacts_say_header_or_footer(minibook_build):
    with pikepdf.open(minibook_build / "en" / "small-book-screen.pdf") as pdf:
        kinds = set()
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and operands[0] == "/Artifact" and "/Type" in operands[1]:
                    kinds.add((str(operands[1].Type), str(operands[1].get("/Subtype"))))
    assert {("/Pagination", "/Footer"), ("/Pagination", "/Header")} <= kinds, kinds


def test_links_are_printable_and_nested_in_link_elements(minibook_build):
    with pikepdf.open(minibook_build / "en" / "small-book-screen.pdf") as pdf:
        parents = parent_tree(pdf)
        links = [annotation for page in pdf.pages for annotation in page.obj.get("/Annots", [])
                 if annotation.Subtype == "/Link"]
        assert len(links) >= 10
        for annotation in links:
            assert int(annotation.get("/F", 0)) & PRINT_FLAG, "the Print flag (bit 3 of /F)"
            element = parents[int(annotation.StructParent)]
            assert element.S == "/Link"
            assert any(isinstance(kid, pikepdf.Dictionary) and kid.get("/Obj") == annotation for kid in element.K)


def test_small_screen_pdf_passes_pdf_ua(minibook_build):
    report = pdf_ua.validate_pdf(str(minibook_build / "en" / "small-book-screen.pdf"), profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_the_sample_screen_pdf_has_no_folio_tagged_as_content(sample_build):
    pdf_file = sample_build / "en" / "unheard-voices-screen.pdf"
    folios = [folio(text) for text in pdf_pages(pdf_file)]
    assert sum(1 for f in folios if f) > 140
    with pikepdf.open(pdf_file) as pdf:
        for number, page in enumerate(pdf.pages):
            if folios[number]:
                printed = [item for item in shown_text(page) if item.text.strip() == folios[number]]
                assert printed and printed[-1].artifact and not printed[-1].mcids, f"page {number + 1}"
