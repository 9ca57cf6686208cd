"""Ace by DAISY, the reference EPUB accessibility checker, on every EPUB: no critical, serious or moderate issue."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import BROWSER_ENV, ROOT, SAMPLE_LANGUAGES, changed_epub

pytestmark = pytest.mark.slow

ACE = ROOT / "node_modules" / "@daisy" / "ace-core"
ACE_CHECK = Path(__file__).with_name("ace_check.js")


def ace_violations(epub) -> list[tuple[str, str, str]]:
    run = subprocess.run(["node", str(ACE_CHECK), str(epub)],
                         capture_output=True, text=True, env=BROWSER_ENV, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    found = []
    for document in report["assertions"]:
        for check in document.get("assertions", []):
            if check["earl:result"]["earl:outcome"] == "fail":
                found.append((check["earl:test"]["earl:impact"], check["earl:test"]["dct:title"],
                              document["earl:testSubject"]["url"]))
    return found


@pytest.mark.parametrize("language", SAMPLE_LANGUAGES)
def test_ace_finds_no_violation_that_matters_in_the_sample(sample_build, language):
    assert ACE.exists(), "run `make test` (it installs Ace with npm)"
    violations = [v for v in ace_violations(sample_build / language / "unheard-voices.epub")
                  if v[0] in ("critical", "serious", "moderate")]
    assert not violations, violations


def test_ace_finds_no_violation_that_matters_in_the_small_book(minibook_build):
    violations = [v for v in ace_violations(minibook_build / "en" / "small-book.epub")
                  if v[0] in ("critical", "serious", "moderate")]
    assert not violations, violations


def test_ace_reports_a_page_without_a_language(minibook_build, tmp_path):
    """The judge at work: a chapter whose page says nothing of its language is a serious violation."""
    broken = changed_epub(minibook_build / "en" / "small-book.epub", tmp_path / "broken.epub", "EPUB/ch-first-case.xhtml",
                          lambda page: page.replace(b' lang="en" xml:lang="en"', b"", 1))
    violations = ace_violations(broken)
    assert ("serious", "html-has-lang", "ch-first-case.xhtml") in violations, violations
