"""The live preview: `bookbuild serve` on a copy of the small book, watched by headless Chromium.

The browser opens a chapter, the test rewrites the chapter's file, and the page shows the new
text without being reloaded by hand; a broken edit shows its file and line above the last good
page, and fixing it clears them. Every wait is on an event (the server's "serving" line, the
page's load event); timeouts are only safety nets.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import BROWSER_ENV, ROOT

class Served:
    """A `bookbuild serve` process on a free port, stopped when the test ends."""

    def __init__(self, book: Path, *options: str):
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        self.process = subprocess.Popen([sys.executable, "-m", "bookbuild", "-C", str(book), "serve", "--port", "0",
                                         *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env=env)
        self.lines = []
        for line in self.process.stdout:  # the server says where it listens once it is ready
            self.lines.append(line)
            found = re.search(r"serving (http://\S+)", line)
            if found:
                self.url = found.group(1)
                return
        raise AssertionError(f"the server did not start: {self.process.stderr.read()}")

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def served(minibook):
    server = Served(minibook)
    yield minibook, server
    server.stop()


def drive(url: str, steps: list[dict], tmp_path: Path) -> list[dict]:
    plan = tmp_path / "steps.json"
    plan.write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(["node", str(ROOT / "tests" / "live_reload.js"), url, str(plan)], capture_output=True,
                         text=True, env=BROWSER_ENV, cwd=ROOT, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)["steps"]


def test_an_edit_shows_in_the_open_page_and_a_broken_edit_shows_its_place(served, tmp_path):
    book, server = served
    chapter = book / "chapters" / "second-case.md"
    original = chapter.read_text(encoding="utf-8")
    edited = original.replace("The second chapter has no profiles of its own.",
                              "The second chapter now says something new.")
    lines = edited.splitlines()
    broken_line = len(lines) + 2
    broken = edited + "\nA reference to a note nobody wrote.[^nowhere]\n"
    steps = drive(server.url + "en/chapters/second-case.html", [
        {"file": str(chapter), "text": edited, "expect": ["The second chapter now says something new."]},
        {"file": str(chapter), "text": broken, "expect": ["The second chapter now says something new."]},
        {"file": str(chapter), "text": original, "expect": ["The second chapter has no profiles of its own."]},
    ], tmp_path)
    assert not steps[0]["missing"] and steps[0]["error"] is None
    assert f"chapters/second-case.md:{broken_line}" in steps[1]["error"]
    assert "[^nowhere]" in steps[1]["error"]
    assert not steps[1]["missing"], "the last good page stays readable under the error"
    assert not steps[2]["missing"] and steps[2]["error"] is None, "fixing the source clears the error"


def test_only_the_book_is_served_on_this_computer(served):
    book, server = served
    assert server.url.startswith("http://127.0.0.1:")
    status, page = server.get("en/prisoners/smith-anna.html")
    assert status == 200 and b'<aside class="write-to" id="p-smith-anna-write"' in page
    assert server.get("en/images/figure.png")[0] == 200
    assert server.get("en/search-index.js")[0] == 200
    for outside in ("en/../../book.yaml", "en/%2e%2e/book.yaml", "en/book.yaml", "en/chapters/first-case.md",
                    "en/fonts/../../book.yaml", "_build/en/../../book.yaml", "de/index.html", "/etc/passwd"):
        assert server.get(outside)[0] == 404, outside


def test_no_pdf_engine_runs_unless_asked(served):
    book, server = served
    assert server.get("en/index.html")[0] == 200
    assert not (book / "build").exists(), "serve writes nothing and builds no PDF"
