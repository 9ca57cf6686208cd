"""Two sheets to a page: the pages of a PDF placed side by side on paper twice as wide, with
cut marks, for copying on an ordinary office copier and cutting in half. The only module
that imports pypdf.

Nothing here depends on the clock or on chance: the same pages give the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from .output import atomic_path

MM = 72 / 25.4
MARK = (4 * MM, 10 * MM)   # a cut mark runs from 4 mm to 10 mm in from the paper's edge
MARK_WIDTH = 0.5           # points
DASH = (1.5 * MM, 1.5 * MM)


def cut_marks(width: float, height: float) -> bytes:
    """PDF drawing operators for the cut between two sheets: a short solid mark at the top and at the
    bottom edge, outside any printing, and a light dashed line between them to cut along with scissors."""
    x = width / 2
    near, far = MARK
    marks = (f"q {MARK_WIDTH} w 0 G [] 0 d "
             f"{x:.2f} {near:.2f} m {x:.2f} {far:.2f} l S "
             f"{x:.2f} {height - near:.2f} m {x:.2f} {height - far:.2f} l S "
             f"0.6 G 0.3 w [{DASH[0]:.2f} {DASH[1]:.2f}] 0 d "
             f"{x:.2f} {far:.2f} m {x:.2f} {height - far:.2f} l S Q")
    return marks.encode("ascii")


def impose_two_up(pdf: bytes, pairs: list[tuple[int, int | None]], target: Path, right_to_left: bool = False) -> int:
    """Write to `target` one page for each pair of page indices of `pdf` (None: the place stays blank),
    the first of the pair on the left (on the right for a right-to-left edition), with cut marks.
    Every page of `pdf` must have the same size. Returns the number of pages written."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation
    from pypdf.generic import DecodedStreamObject, NameObject

    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    writer = PdfWriter()
    for pair in pairs:
        page = writer.add_blank_page(2 * width, height)
        for place, index in enumerate(reversed(pair) if right_to_left else pair):
            if index is not None:
                page.merge_transformed_page(reader.pages[index], Transformation().translate(place * width, 0))
        marks = PageObject.create_blank_page(writer, 2 * width, height)
        stream = DecodedStreamObject()
        stream.set_data(cut_marks(2 * width, height))
        marks[NameObject("/Contents")] = writer._add_object(stream)
        page.merge_page(marks)
    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items()})
    language = reader.trailer["/Root"].get("/Lang")
    if language is not None:
        writer._root_object[NameObject("/Lang")] = language
    writer.compress_identical_objects()
    with atomic_path(target) as temporary, open(temporary, "wb") as out:
        writer.write(out)
    return len(pairs)
