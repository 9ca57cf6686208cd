"""Nothing lost, nothing leaked: interrupted builds keep the last good outputs; sources cannot make
the build read outside the project, reach the network, or inject markup or scripts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, THEME, pdf_pages, run_cli
from i18n_helpers import add_language, translate_po


def start_build(book, *extra):
    """A build in a process of its own, which Ctrl-C interrupts as it would in a terminal: a shell
    that starts commands in the background (CI, `nohup`) has them ignore SIGINT, and Python keeps
    that for the processes it starts."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), BOOKBUILD_JOBS="1")
    return subprocess.Popen([sys.executable, "-m", "bookbuild", "-C", str(book), "build", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def outputs(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in (".pdf", ".epub", ".png")}


@pytest.mark.slow  # a build in a process of its own, interrupted by a signal
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_build_loses_nothing(built_minibook, how):
    """Interrupted while it writes, a build leaves every output either as it was or complete and new.
    The test waits for the build to say it started writing an output (its progress line), so it
    does not depend on timing: whenever the signal lands, the same must hold."""
    minibook = built_minibook
    assert "output(s) already up to date" in run_cli("-C", minibook, "build").out
    before = outputs(minibook / "build")
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text() + "\nA new paragraph.\n" * 200)
    process = start_build(minibook)
    assert process.stdout.readline().decode().startswith("en print ..."), "the build started writing"
    process.send_signal(how)
    process.wait(timeout=120)
    after = outputs(minibook / "build")
    assert after.keys() == before.keys()
    for name, data in after.items():
        if data != before[name] and name.suffix == ".pdf":
            assert data.rstrip().endswith(b"%%EOF"), f"{name} is damaged"
    if how != signal.SIGKILL:
        assert process.returncode == 130, process.stderr.read()
        assert b"interrupted: earlier outputs are unchanged" in process.stderr.read()
        assert not list((minibook / "build").rglob(".*.part")), "no temporary file is left behind"
    result = run_cli("-C", minibook, "build")
    assert result.code == 0 and not list((minibook / "build").rglob(".*.part"))


@pytest.mark.allow_library_logs
def test_the_build_never_opens_a_network_connection(minibook, monkeypatch):
    """A template and a chapter that point at the network: nothing is fetched, the template's
    address is refused at its line, and no socket is ever opened."""
    attempts = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: attempts.append(address))
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: attempts.append(address))
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text() + "\nSee [the campaign](https://example.org/campaign).\n")
    (minibook / "templates" / "print").mkdir(parents=True)
    colophon = (THEME / "templates" / "print" / "colophon.html.j2").read_text()
    (minibook / "templates" / "print" / "colophon.html.j2").write_text(
        colophon.replace("<p>{{ book.config.licence|md }}</p>",
                         '<p>{{ book.config.licence|md }}</p><p><img src="https://example.org/logo.png" alt="logo"/></p>'))
    result = run_cli("-C", minibook, "build", "--format", "print")
    assert attempts == [], f"the build tried to connect to {attempts}"
    assert result.code == 1
    assert "templates/print/colophon.html.j2:5: a resource outside the book was refused" in result.err
    assert "refused to load https://example.org/logo.png" in result.err


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
