"""The PDF module on small documents: what WeasyPrint may read, where its complaints are reported,
pages and anchors, documents made of pages of others, the language tags, and the layout pass
that sets hyphenated paragraphs again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from bookbuild.errors import Diagnostics
from bookbuild.pdf import (REFUSED, VIRTUAL_ROOT, Rendered, confined_fetcher, hyphenation_faults, render)
from bookbuild.themes import origins
from conftest import FIXTURES

FIGURE = FIXTURES / "minibook" / "images" / "figure.png"


def test_only_files_inside_the_folder_are_served(tmp_path):
    folder = tmp_path / "html"
    (folder / "images").mkdir(parents=True)
    shutil.copy(FIGURE, folder / "images" / "a figure.png")
    (folder / "book.css").write_text("p {}")
    (folder / "notes.unknown").write_text("x")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = confined_fetcher(folder)
    served = fetcher.fetch(VIRTUAL_ROOT + "images/a%20figure.png")
    assert served.read() == FIGURE.read_bytes() and served.content_type == "image/png"
    assert fetcher.reading is None
    assert fetcher.fetch(VIRTUAL_ROOT + "book.css").read() == b"p {}"
    assert fetcher.reading == "book.css", "messages name the stylesheet being read"
    assert fetcher.fetch(VIRTUAL_ROOT + "notes.unknown").content_type == "application/octet-stream"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert fetcher.reading is None
    for url in (VIRTUAL_ROOT + "../secret.txt", VIRTUAL_ROOT + "images/none.png", VIRTUAL_ROOT + "images",
                "file://" + str(tmp_path / "secret.txt"), "https://example.org/x.css", "file:///book.css",
                "ftp://example.org/x.css"):
        with pytest.raises(PermissionError) as refused:
            fetcher.fetch(url)
        assert str(refused.value) == f"{REFUSED} {url}: only files inside the book's folders can be used"


def write_html(folder: Path, body: str, head: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    html = folder / "book.html"
    html.write_text(f'<html lang="en"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>',
                    encoding="utf-8")
    return html


@pytest.mark.allow_library_logs
def test_complaints_are_warnings_and_refusals_errors_where_the_editor_can_fix_them(tmp_path):
    book = tmp_path / "book"
    (book / "styles").mkdir(parents=True)
    (book / "styles" / "book.css").write_text("body { font-size: 10pt }\np { colr: red }\n")
    (book / "templates" / "print").mkdir(parents=True)
    (book / "templates" / "print" / "book.html.j2").write_text('<p>\n<img src="https://example.org/x.png">\n')
    folder = tmp_path / "build" / "html"
    folder.mkdir(parents=True)
    shutil.copy(book / "styles" / "book.css", folder / "book.css")
    html = write_html(folder, '<p>Text</p><img src="https://example.org/x.png"><img src="../elsewhere.png">',
                      '<link rel="stylesheet" href="book.css">')
    diagnostics = Diagnostics()
    render(html, diagnostics, origins=origins(book, "book.html", "print/book.html.j2"))
    assert [str(item) for item in diagnostics.items] == [
        "styles/book.css:2: warning: WeasyPrint: Ignored `colr: red ` at 2:5, unknown property.",
        "templates/print/book.html.j2:2: a resource outside the book was refused: Failed to load image at "
        "'https://example.org/x.png': PermissionError: refused to load https://example.org/x.png: only files "
        "inside the book's folders can be used",
        "templates/print/book.html.j2: a resource outside the book was refused: Failed to load image at "
        "'file:///elsewhere.png': PermissionError: refused to load file:///elsewhere.png: only files inside the "
        "book's folders can be used"]
    # Without origins, the HTML file itself is named; a staged file (.book.html.part) by its final name.
    staged = folder / ".book.html.part"
    staged.write_text(html.read_text())
    diagnostics = Diagnostics()
    render(staged, diagnostics)
    assert {str(item.location) for item in diagnostics.items} == {html.as_posix()}
    assert [item.severity for item in diagnostics.items] == ["warning", "error", "error"]


def test_pages_anchors_and_documents_made_of_pages_of_others(tmp_path):
    html = write_html(tmp_path / "html", '<h1 id="one">One</h1><p style="break-before: page" id="two">Two</p>'
                                         '<p style="break-before: page" id="three" lang="de">Drei</p>')
    diagnostics = Diagnostics()
    first = render(html, diagnostics)
    assert first.pages == 3 and first.source == html
    assert first.anchor_pages() == {"one": 0, "two": 1, "three": 2}
    other = render(write_html(tmp_path / "other", '<p id="alone">Alone</p>'), diagnostics, share_fonts_with=first)
    assert other.font_config is first.font_config
    combined = Rendered.combine([(other, 0), (first, 2), (first, 0)])
    assert combined.pages == 3 and combined.anchor_pages() == {"alone": 0, "three": 1, "one": 2}
    assert combined.source == html.with_name("book.html").parent.parent / "other" / "book.html"
    target = tmp_path / "out" / "part.pdf"
    target.parent.mkdir()
    first.write(target, "pdf/ua-1", pages=[2, 1])
    reader = PdfReader(target)
    assert len(reader.pages) == 2 and "Drei" in reader.pages[0].extract_text()
    assert sorted(p.name for p in target.parent.iterdir()) == ["part.pdf"], "written in one step, nothing left over"
    languages = set()

    def walk(element):
        element = element.get_object()
        if hasattr(element, "get"):
            if "/Lang" in element:
                languages.add(str(element["/Lang"]))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                if hasattr(kid, "get_object"):
                    walk(kid)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "de" in languages, "the German paragraph is tagged German for screen readers"
    first.write(target)
    assert len(PdfReader(target).pages) == 3


HYPHENATED = " ".join(["incomprehensibilities characteristically uncharacteristically internationalization"] * 12)


def test_a_paragraph_with_a_run_of_hyphenated_lines_is_set_again_without_hyphenation(tmp_path):
    from weasyprint import HTML

    html = write_html(tmp_path / "html", f'<p id="long" style="color: black">{HYPHENATED}</p><p>Short.</p>',
                      "<style>p { width: 32mm; hyphens: auto; text-align: justify }</style>")
    document = HTML(filename=str(html)).render()
    faults = hyphenation_faults(document)
    assert [element.get("id") for element in faults] == ["long"]
    rendered = render(html, Diagnostics())
    assert hyphenation_faults(rendered._document) == []
    element = next(box.element for page in rendered._document.pages for box in _boxes(page._page_box)
                   if getattr(box, "element", None) is not None and box.element.get("id") == "long")
    assert element.get("style") == "color: black;hyphens: manual"


@pytest.mark.parametrize("words, faults", [(8, ["turn"]), (13, [])])
def test_a_word_divided_over_a_page_turn_is_a_fault(tmp_path, words, faults):
    """Two lines a page: with 8 short words the long one is divided over the page turn; with 13 it
    starts the second page and is divided there. One hyphenated line is no run."""
    from weasyprint import HTML

    text = " ".join(["a"] * words + ["uncharacteristically", "b"])
    html = write_html(tmp_path / "html", f'<p id="turn">{text}</p>',
                      "<style>@page { size: 60mm 22mm; margin: 2mm } "
                      "p { width: 25mm; hyphens: auto; line-height: 6mm; orphans: 1; widows: 1; margin: 0 }</style>")
    document = HTML(filename=str(html)).render()
    assert len(document.pages) == 2
    assert [element.get("id") for element in hyphenation_faults(document)] == faults


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _boxes(child)


def test_a_word_divided_at_its_own_hyphen_over_a_page_turn_is_kept_on_one_line(tmp_path):
    """Hyphenation off is not enough for "Linux-community": the line may still end at its own
    hyphen, on the last line of a page. The second repair keeps the compound on one line."""
    from weasyprint import HTML

    text = " ".join(["a"] * 8) + ' <span class="nh">Linux-community</span> b'
    html = write_html(tmp_path / "html", f'<p id="turn">{text}</p>',
                      "<style>@page { size: 60mm 22mm; margin: 2mm } .nh { hyphens: manual } "
                      "p { width: 25mm; hyphens: auto; line-height: 6mm; orphans: 1; widows: 1; margin: 0 }</style>")
    document = HTML(filename=str(html)).render()
    assert [element.get("id") for element in hyphenation_faults(document)] == ["turn"]
    rendered = render(html, Diagnostics())
    assert hyphenation_faults(rendered._document) == []
    spans = [box.element for page in rendered._document.pages for box in _boxes(page._page_box)
             if getattr(box, "element", None) is not None and box.element.get("class") == "nh"]
    assert spans and spans[0].get("style") == "white-space: nowrap"
