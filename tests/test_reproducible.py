"""Two clean builds of the same sources give byte-identical outputs of every kind."""

from __future__ import annotations

import hashlib

from conftest import ROOT, run_cli


def digests(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".state" not in p.parts}


def test_two_clean_builds_are_identical(sample_build, tmp_path):
    again = tmp_path / "again"
    result = run_cli("-C", ROOT, "build", "--output", again)
    assert result.code == 0, result.err
    first, second = digests(sample_build), digests(again)
    assert first.keys() == second.keys()
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert {"pdf", "epub", "html", "png"} <= kinds
    different = [name for name in first if first[name] != second[name]]
    assert not different, different
