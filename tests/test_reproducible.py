"""The same sources give the same bytes: the sample's English print PDF, EPUB and cover, built
again into another folder, are identical file for file to the ones `make` built (every kind: PDF,
EPUB, HTML, PNG). (The screen PDF, the leaflets and the web edition are rebuilt and compared on the
small books, in test_print_shop.py, test_leaflets.py, test_web.py, test_incremental.py and
test_dist.py.)"""

from __future__ import annotations

import hashlib

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
