"""The book as a PDF: the print edition, the screen edition and a translator's proof.

All three are the same HTML laid out with different stylesheets and page options. The
print edition also gives, as values for the EPUB, the first element of every printed
page with its folio (the EPUB's page list), and the page index of every folio.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from .. import themes
from ..icc import DEFAULT_OUTPUT_INTENT
from ..render import Edition, Renderer
from ..toc import chapter_anchor, part_anchor
from ..writers import stage_text, stylesheets, write_page_sheet
from .base import N_, Builder, Output, Target, Work, register


class BookPdf(Builder):
    format = "pdf"
    base_styles: tuple[str, ...] = ("print.css",)
    extra_styles: tuple[str, ...] = ()
    variant_applies = True
    gives_page_marks = False

    def write(self, work: Work) -> Output:
        from ..pdf import render

        edition, target = work.edition, work.target
        html_dir = work.folder / "html"
        renderer = Renderer(work.root, edition)
        write_page_sheet(renderer, html_dir, self.name, target)
        sheets = stylesheets(edition, target, self.base_styles, self.extra_styles, self.name)
        final = html_dir / self.html_file
        staged = stage_text(final, renderer.render("print/book.html.j2", stylesheets=sheets, target=self.name))
        try:
            rendered = render(staged, work.diagnostics, origins=themes.origins(work.root, self.html_file,
                                                                                "print/book.html.j2"))
            work.diagnostics.check()
            output = work.folder / self.file_name(edition.book.config.slug)
            rendered.write(output, target.variant if self.variant_applies else None,
                           identifier=document_identifier(edition, self.name))
            values = page_marks(rendered, staged, edition) if self.gives_page_marks else {}
            os.replace(staged, final)
        finally:
            staged.unlink(missing_ok=True)
        return Output(output, rendered.pages, (output,), values, sheets)


@register
class PrintBuilder(BookPdf):
    name = "print"
    label = N_("Print edition (PDF, %(size)s with bleed and crop marks, for print shops)")
    target = Target("print", "print.css", "A5", "3mm", "crop cross", "pdf/x-4", DEFAULT_OUTPUT_INTENT)
    html_file = "index.html"
    gives_page_marks = True


@register
class ScreenBuilder(BookPdf):
    name = "screen"
    label = N_("Screen edition (accessible PDF)")
    target = Target("screen", "screen.css", "A5", variant="pdf/ua-1")
    html_file = "screen.html"


@register
class ProofBuilder(BookPdf):
    """The print edition with every paragraph still in the source language marked in the margin."""

    name = "proof"
    default = released = False
    target = Target("proof", "screen.css", "A5")
    html_file = "proof.html"
    extra_styles = ("proof.css",)
    variant_applies = False

    def write(self, work: Work) -> Output:
        # A proof is read on screen: laid out as the screen edition, in its page size.
        screen = work.edition.book.config.target("screen")
        work.target = Target("proof", screen.stylesheet, screen.size)
        return super().write(work)


def document_identifier(edition: Edition, output: str) -> bytes:
    """A PDF's permanent identifier: the same for every build of one output of one edition in one
    language, so that builds are byte-reproducible (32 hexadecimal digits)."""
    config = edition.book.config
    key = f"{config.slug}/edition-{config.edition}/{edition.language}/{output}"
    return hashlib.sha256(key.encode()).hexdigest()[:32].encode()


_ID = re.compile(r'\sid="([^"]+)"')


def page_marks(rendered, html_file: Path, edition: Edition) -> dict:
    """`marks`: for each printed page, the first element that starts on it, with the page's
    folio; `folios`: the index (from 0) of each folio's page."""
    pages = rendered.anchor_pages()
    first = edition.book.body[0]
    body_start = pages.get(part_anchor(first.id) if first.kind == "part" else chapter_anchor(first.chapter.id), 0)
    marks: dict[str, str] = {}
    seen: set[int] = set()
    for element_id in _ID.findall(html_file.read_text(encoding="utf-8")):
        index = pages.get(element_id)
        if index is None or index in seen:
            continue
        seen.add(index)
        marks[element_id] = _folio(index, body_start)
    return {"marks": marks, "folios": {_folio(i, body_start): i for i in range(rendered.pages)}}


def _folio(index: int, body_start: int) -> str:
    return str(index - body_start + 1) if index >= body_start else roman(index + 1)


def roman(number: int) -> str:
    """Lower-case roman numerals, as CSS `lower-roman` counts front matter pages."""
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while number >= value:
            out, number = out + letters, number - value
    return out
