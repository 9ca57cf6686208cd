"""Golden files: the rendered HTML and the EPUB's package, navigation and a chapter of the small book.

Run `pytest --update-golden` after an intended change, and review the diff.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden" / "minibook"
EPUB_FILES = ("EPUB/content.opf", "EPUB/nav.xhtml", "EPUB/toc.ncx", "EPUB/ch-first-case.xhtml",
              "EPUB/colophon.xhtml")


def produced(build: Path) -> dict[str, str]:
    files = {"index.html": (build / "en" / "html" / "index.html").read_text(encoding="utf-8")}
    with zipfile.ZipFile(build / "en" / "small-book.epub") as epub:
        files.update({name.split("/")[-1]: epub.read(name).decode("utf-8") for name in EPUB_FILES})
    return files


@pytest.mark.parametrize("name", ["index.html"] + [name.split("/")[-1] for name in EPUB_FILES])
def test_matches_golden_file(minibook_build, request, name):
    actual = produced(minibook_build)[name]
    golden = GOLDEN / name
    if request.config.getoption("--update-golden") or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), f"{name} differs from tests/golden/minibook/{name}"
