"""The release folder: every file with checksums and a manifest, and an offline download page."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from pypdf import PdfReader

from conftest import ROOT, run_cli
from i18n_helpers import add_language, translate_po


def browse(page: Path, screenshot: Path, width: int = 390) -> dict:
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH="/usr/bin/chromium", NODE_PATH=str(ROOT / "node_modules"))
    run = subprocess.run(["node", str(ROOT / "tests" / "browser_check.js"), str(page), str(screenshot), str(width)],
                         capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def check_release(folder: Path, tmp_path: Path) -> dict:
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()}
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert listed == present, "SHA256SUMS lists every file of the release"
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["files"]:
        data = (folder / entry["name"]).read_bytes()
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
        if entry["format"] == "pdf":
            assert len(PdfReader(folder / entry["name"]).pages) == entry["pages"]
        assert entry["edition"] if "edition" in entry else manifest["edition"]
    for page in sorted(folder.glob("index*.html")):
        seen = browse(page, tmp_path / f"{page.stem}.png")
        assert (tmp_path / f"{page.stem}.png").stat().st_size > 10_000, "a screenshot of the page"
        assert seen["scripts"] == 0 and not seen["overflow"], "no JavaScript; fits a phone's width"
        for url in seen["requests"] + seen["links"] + [image["src"] for image in seen["images"]]:
            parsed = urlparse(url)
            assert parsed.scheme == "file", f"{page.name} reaches outside the folder: {url}"
            target = Path(unquote(parsed.path))
            assert target.is_relative_to(folder) and target.is_file(), f"{page.name}: broken link {url}"
        assert all(image["loaded"] for image in seen["images"])
    return manifest


@pytest.fixture
def release_book(minibook):
    add_language(minibook, "  de: {}")
    run_cli("-C", minibook, "init", "--lang", "de")
    return minibook


@pytest.mark.slow  # opens every download page in Chromium
def test_release_folder_is_complete_verifiable_and_offline(release_book, tmp_path):
    result = run_cli("-C", release_book, "dist")
    assert result.code == 0, result.err
    folder = release_book / "dist" / "small-book-2"
    manifest = check_release(folder, tmp_path)
    names = {entry["name"] for entry in manifest["files"]}
    for language in ("en", "de"):
        for suffix in ("print.pdf", "screen.pdf", "leaflets.pdf", "cover.png"):
            assert f"small-book-ed2-{language}-{suffix}" in names
        assert f"small-book-ed2-{language}.epub" in names
    german = next(e for e in manifest["files"] if e["language"] == "de")
    assert german["language_name"] == "Deutsch" and german["coverage"] < 100
    page = (folder / "index.de.html").read_text()
    # The page's own words come from the theme's German catalogue.
    assert '<html lang="de"' in page and "So prüfen Sie Ihren Download" in page
    assert "Teilübersetzung" in page
    assert (folder / "index.html").read_text().count("small-book-ed2-de-print.pdf") == 1


def test_partly_translated_languages_can_be_left_out(release_book):
    config = release_book / "book.yaml"
    config.write_text(config.read_text() + "release:\n  partial: omit\n")
    assert run_cli("-C", release_book, "dist").code == 0
    folder = release_book / "dist" / "small-book-2"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {entry["language"] for entry in manifest["files"]} == {"en"}
    assert not (folder / "index.de.html").exists()


def test_same_sources_same_release(release_book, tmp_path):
    assert run_cli("-C", release_book, "dist", "--dist", tmp_path / "one").code == 0
    assert run_cli("-C", release_book, "dist", "--dist", tmp_path / "two").code == 0

    def files(folder):
        return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_release_of_the_first_edition(sample_build, tmp_path):
    result = run_cli("-C", ROOT, "dist", "--output", sample_build, "--dist", tmp_path, "--jobs", "2")
    assert result.code == 0, result.err
    manifest = check_release(tmp_path / "unheard-voices-1", tmp_path)
    assert {entry["language"] for entry in manifest["files"]} == {"en", "ru", "de", "ar", "fr"}
    assert sorted({entry["target"] for entry in manifest["files"]}) == ["cover", "epub", "leaflets", "print", "screen"]
    assert len(manifest["files"]) == 25
