"""The cover image: a page laid out from templates/cover/, rasterised to PNG with poppler's pdftoppm.

The same picture serves as the EPUB's cover and as the download page's thumbnail.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .errors import Diagnostics, SetupError
from .output import write_bytes, write_text
from .render import Edition, Renderer

COVER_STYLESHEETS = ("fonts.css", "cover.css")
WIDTH, HEIGHT = 1600, 2400


def make_cover(root: Path, edition: Edition, html_dir: Path, diagnostics: Diagnostics) -> bytes:
    """The cover as PNG bytes (1600 x 2400 pixels); also kept as html/cover.png."""
    from .pdf import render

    html = Renderer(root, edition).render("cover/cover.html.j2", stylesheets=COVER_STYLESHEETS)
    write_text(html_dir / "cover.html", html)
    rendered = render(html_dir / "cover.html", diagnostics)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "cover.pdf"
        rendered.write(pdf)
        png = rasterise(pdf, Path(folder) / "cover")
    write_bytes(html_dir / "cover.png", png)
    return png


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
