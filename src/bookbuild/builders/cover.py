"""The cover image: a page laid out from the theme's cover/ template, rasterised to PNG with
poppler's pdftoppm. It is the EPUB's cover, the release's thumbnail, and an output of its own
for shops and catalogues that ask for a cover picture.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .. import themes
from ..errors import SetupError
from ..output import write_bytes, write_text
from ..render import Renderer
from .base import N_, Builder, Output, Work, register

COVER_STYLESHEETS = ("fonts.css", "cover.css")
WIDTH, HEIGHT = 1600, 2400


@register
class CoverBuilder(Builder):
    name = "cover"
    format = "png"
    label = N_("Cover image (PNG, %(size)s pixels)")
    reads = ("book.yaml",)
    catalogues = ("interface",)

    def write(self, work: Work) -> Output:
        from ..pdf import render

        edition = work.edition
        html_dir = work.folder / "html"
        html = Renderer(work.root, edition).render("cover/cover.html.j2", stylesheets=COVER_STYLESHEETS)
        write_text(html_dir / "cover.html", html)
        rendered = render(html_dir / "cover.html", work.diagnostics,
                          origins=themes.origins(work.root, "cover.html", "cover/cover.html.j2"))
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "cover.pdf"
            rendered.write(pdf)
            png = rasterise(pdf, Path(folder) / "cover")
        output = work.folder / self.file_name(edition.book.config.slug)
        write_bytes(output, png)
        return Output(output, None, (output,), {"path": output.name, "width": WIDTH, "height": HEIGHT},
                      COVER_STYLESHEETS)


def rasterise(pdf: Path, stem: Path) -> bytes:
    """The first page of `pdf` as a PNG of the cover's size."""
    command = ["pdftoppm", "-png", "-singlefile", "-scale-to-x", str(WIDTH), "-scale-to-y", str(HEIGHT),
               str(pdf), str(stem)]
    try:
        subprocess.run(command, check=True, capture_output=True)
    except FileNotFoundError:
        raise SetupError("pdftoppm is not installed", None, "apt-get install poppler-utils") from None
    except subprocess.CalledProcessError as error:
        raise SetupError(f"pdftoppm failed: {error.stderr.decode(errors='replace').strip()}") from None
    return stem.with_suffix(".png").read_bytes()
