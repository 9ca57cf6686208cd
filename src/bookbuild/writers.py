"""What every output of an edition shares: its HTML folder (stylesheets, fonts, images) and
the stylesheets a PDF is laid out with.

Everything is written through output.py, so a failure leaves the previous files in place.
"""

from __future__ import annotations

from pathlib import Path

from . import themes
from .builders.base import Target
from .fonts import FontFace, copy_faces
from .model import Book, iter_figures
from .output import write_bytes, write_text
from .render import Edition, Renderer

BASE_STYLESHEETS = ("fonts.css", "book.css")


def stylesheets(edition: Edition, target: Target, base: tuple[str, ...] = (), extra: tuple[str, ...] = (),
                page: str | None = None) -> tuple[str, ...]:
    """A PDF's stylesheets, in cascade order: the shared ones, the builder's `base`, the target's
    own, the language's (right to left, script font), `extra`, and the generated page sheet."""
    sheets = list(BASE_STYLESHEETS) + list(base)
    if target.stylesheet not in sheets:
        sheets.append(target.stylesheet)
    if edition.direction == "rtl":
        sheets.append("rtl.css")
    sheets += extra
    return tuple(sheets) + (f"page-{page or target.name}.css",)


def write_html_folder(root: Path, edition: Edition, fonts: tuple[FontFace, ...], folder: Path) -> None:
    """Stylesheets, the @font-face sheet, font files and images next to the HTML."""
    copy_faces(fonts, folder / "fonts")
    renderer = Renderer(root, edition)
    write_text(folder / "fonts.css", renderer.render("fonts.css.j2", faces=fonts, prefix="fonts/"))
    for name, sheet in themes.stylesheets(root).items():
        write_bytes(folder / name, sheet.read_bytes())
    for name in image_files(edition.book):
        write_bytes(folder / name, (root / name).read_bytes())


def write_page_sheet(renderer: Renderer, html_dir: Path, name: str, target: Target) -> None:
    """The generated stylesheet with the page size and printer's marks of one output."""
    write_text(html_dir / f"page-{name}.css", renderer.render("page.css.j2", target=target))


def stage_text(final: Path, text: str) -> Path:
    """Write `text` to a temporary file next to `final` (moved into place later with `os.replace`)."""
    staged = final.with_name(f".{final.name}.part")
    staged.write_text(text, encoding="utf-8")
    return staged


def image_files(book: Book) -> list[str]:
    """Every image file the book shows (figures and photos), as paths relative to the project."""
    found = {figure.src for entry in book.entries() for figure in iter_figures(entry.chapter.blocks)}
    found.update(profile.photo.file for profile in book.profiles() if profile.photo)
    return sorted(found)
