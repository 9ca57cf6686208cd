"""The same sources give the same bytes: the sample's English print PDF, EPUB and cover, built
again into another folder, are identical file for file to the ones `make` built (every kind: PDF,
EPUB, HTML, PNG); and so are the small book's print and screen PDFs and EPUB, built again and
compared with the run's first build of it. (The leaflets and the web edition are rebuilt and compared
on the small books in test_leaflets.py, test_web.py, test_incremental.py and test_dist.py.)"""

from __future__ import annotations

import hashlib
import re
import zipfile

from conftest import ROOT, run_cli


def digests(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".state" not in p.parts and p.name != ".lock"}


def test_a_second_build_of_an_edition_is_identical(sample_build, tmp_path):
    again = tmp_path / "again"
    result = run_cli("-C", ROOT, "build", "--output", again, "--lang", "en", "--jobs", "2",
                     "--format", "print", "--format", "epub", "--format", "cover")
    assert result.code == 0, result.err
    second = digests(again / "en")
    first = {name: digest for name, digest in digests(sample_build / "en").items() if name in second}
    assert first.keys() == second.keys() and len(second) > 20
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert {"pdf", "epub", "html", "png"} <= kinds
    different = [name for name in first if first[name] != second[name]]
    assert not different, different


def test_the_small_book_built_again_is_identical_and_keeps_its_identifier(minibook_build, tmp_path):
    """Its PDFs and EPUB built again, into another folder and in another build than the run's first,
    are the same bytes; the EPUB keeps its identifier."""
    again = tmp_path / "again"
    result = run_cli("-C", minibook_build.parent, "build", "--format", "print", "--format", "screen",
                     "--format", "epub", "--output", again)
    assert result.code == 0, result.err
    second = digests(again / "en")
    first = {name: digest for name, digest in digests(minibook_build / "en").items() if name in second}
    assert first.keys() == second.keys()
    assert {"small-book-print.pdf", "small-book-screen.pdf", "small-book.epub"} <= second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert not different, different
    identifiers = [re.search(r"<dc:identifier[^>]*>([^<]+)<", zipfile.ZipFile(folder / "en" / "small-book.epub")
                             .read("EPUB/content.opf").decode())[1] for folder in (minibook_build, again)]
    assert identifiers[0] == identifiers[1]
