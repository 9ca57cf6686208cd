"""Ace by DAISY, the reference EPUB accessibility checker, on every EPUB: no critical, serious or moderate issue."""

from __future__ import annotations

import json
import os
import subprocess

from conftest import ROOT

ACE = ROOT / "node_modules" / ".bin" / "ace-cli"


def ace_violations(epub, output) -> list[tuple[str, str, str]]:
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH="/usr/bin/chromium")
    run = subprocess.run([str(ACE), "--silent", "--force", "--outdir", str(output), str(epub)],
                         capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads((output / "report.json").read_text())
    found = []
    for document in report["assertions"]:
        for check in document.get("assertions", []):
            if check["earl:result"]["earl:outcome"] == "fail":
                found.append((check["earl:test"]["earl:impact"], check["earl:test"]["dct:title"],
                              document["earl:testSubject"]["url"]))
    return found


def test_ace_reports_no_violation_that_matters(sample_build, minibook_build, tmp_path):
    assert ACE.exists(), "run `make test` (it installs Ace with npm)"
    epubs = sorted(sample_build.glob("*/unheard-voices.epub")) + [minibook_build / "en" / "small-book.epub"]
    problems = {}
    for number, epub in enumerate(epubs):
        violations = [v for v in ace_violations(epub, tmp_path / str(number))
                      if v[0] in ("critical", "serious", "moderate")]
        if violations:
            problems[str(epub.relative_to(epub.parents[1]))] = violations
    assert not problems, problems
