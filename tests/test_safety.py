"""Nothing lost, nothing leaked: interrupted builds keep the last good outputs; sources cannot make
the build read outside the project, reach the network, or inject markup or scripts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import zipfile

import pytest

from conftest import ROOT, pdf_pages, run_cli, snapshot
from i18n_helpers import add_language, translate_po


def start_build(book, *extra):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), BOOKBUILD_JOBS="1")
    return subprocess.Popen([sys.executable, "-m", "bookbuild", "-C", str(book), "build", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def wait_for_part_file(book, process, timeout=60):
    """Wait until the build is writing an output (a temporary .part file exists)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if list((book / "build").rglob(".*.part")):
            return True
        time.sleep(0.005)
    return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_build_keeps_the_previous_outputs(minibook, how):
    assert run_cli("-C", minibook, "build").code == 0
    before = snapshot(minibook / "build")
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text() + "\nA new paragraph.\n" * 200)
    process = start_build(minibook, "--format", "print")
    assert wait_for_part_file(minibook, process), "the build never started writing"
    process.send_signal(how)
    process.wait(timeout=60)
    after = snapshot(minibook / "build")
    assert {name: data for name, data in after.items() if not name.rsplit("/", 1)[-1].startswith(".")} == before
    if how == signal.SIGINT:
        assert process.returncode == 130
        assert b"interrupted" in process.stderr.read()
        assert not list((minibook / "build").rglob(".*.part")), "Ctrl-C leaves no temporary file"
    result = run_cli("-C", minibook, "build", "--format", "print")
    assert result.code == 0 and not list((minibook / "build").rglob(".*.part"))


def test_the_build_never_opens_a_network_connection(minibook, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network connection attempted: {args}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text() + "\nSee [the campaign](https://example.org/campaign).\n")
    result = run_cli("-C", minibook, "build")
    assert result.code == 0, result.err


def test_raw_html_and_local_files_never_reach_the_outputs(minibook):
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text() + '\n<img src="file:///etc/passwd"> and <script>alert("x")</script>\n')
    result = run_cli("-C", minibook, "build")
    assert result.code == 0, result.err
    html = (minibook / "build" / "en" / "html" / "index.html").read_text()
    assert "<script" not in html and "<img src=\"file:///etc/passwd\"" not in html
    assert "&lt;img src=" in html and "&lt;script&gt;" in html, "raw HTML is printed as text"
    with zipfile.ZipFile(minibook / "build" / "en" / "small-book.epub") as epub:
        text = "".join(epub.read(name).decode("utf-8", "replace") for name in epub.namelist() if name.endswith(".xhtml"))
    assert "<script" not in text and "/etc/passwd\"/>" not in text
    root_user = open("/etc/passwd").read().splitlines()[0]
    for pdf in (minibook / "build" / "en").glob("*.pdf"):
        assert root_user not in "".join(pdf_pages(pdf))


def test_an_image_outside_the_project_is_refused(minibook):
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text() + "\n![Secrets](file:///etc/passwd)\n\n![Up](../../secret.png)\n")
    result = run_cli("-C", minibook, "build")
    assert result.code == 1
    assert "chapters/second-case.md:12: image 'file:///etc/passwd' is outside the images/ folder" in result.err
    assert "chapters/second-case.md:14: image '../../secret.png' is outside the images/ folder" in result.err


def test_a_script_in_a_translation_reaches_no_output(minibook):
    add_language(minibook, "  de: {}")
    run_cli("-C", minibook, "init", "--lang", "de")
    translate_po(minibook / "translations" / "de" / "chapters" / "second-case.po",
                 {"Nothing more.": 'Nichts <script>alert("x")</script> mehr.',
                  "What happened next": "Was dann <img src=x onerror=alert(1)> geschah"})
    result = run_cli("-C", minibook, "build", "--lang", "de")
    assert result.code == 0, result.err
    assert result.err.count("the translation adds HTML") == 2
    html = (minibook / "build" / "de" / "html" / "index.html").read_text()
    assert "<script" not in html and "onerror" not in html and "Nothing more." in html
    with zipfile.ZipFile(minibook / "build" / "de" / "small-book.epub") as epub:
        chapter = epub.read("EPUB/ch-second-case.xhtml").decode()
    assert "<script" not in chapter and "onerror" not in chapter
    text = "\n".join(pdf_pages(minibook / "build" / "de" / "small-book-print.pdf"))
    assert "alert" not in text
