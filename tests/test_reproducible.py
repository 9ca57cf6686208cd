"""The same sources give the same bytes: the sample's English edition, built again into another
folder, is identical file for file to the one `make` built (every kind: PDF, EPUB, HTML, PNG).
(The small books are rebuilt and compared in test_incremental.py and test_dist.py.)"""

from __future__ import annotations

import hashlib

from conftest import ROOT, run_cli


def digests(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".state" not in p.parts and p.name != ".lock"}


def test_a_second_build_of_an_edition_is_identical(sample_build, tmp_path):
    again = tmp_path / "again"
    result = run_cli("-C", ROOT, "build", "--output", again, "--lang", "en", "--jobs", "2")
    assert result.code == 0, result.err
    first, second = digests(sample_build / "en"), digests(again / "en")
    assert first.keys() == second.keys()
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert {"pdf", "epub", "html", "png"} <= kinds
    different = [name for name in first if first[name] != second[name]]
    assert not different, different
