"""The release folder: every file with checksums and a manifest, and an offline download page."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import pikepdf

from conftest import BROWSER_ENV, ROOT, run_cli
from i18n_helpers import translate_po


def browse(pages: list[Path], tmp_path: Path, width: int = 390) -> dict[str, dict]:
    """What Chromium sees of each page, opened one after the other in one browser; a screenshot of each
    is saved as `tmp_path/<page's stem>.png`."""
    arguments = [str(path) for page in pages for path in (page, tmp_path / f"{page.stem}.png")]
    run = subprocess.run(["node", str(ROOT / "tests" / "browser_check.js"), str(width), *arguments],
                         capture_output=True, text=True, env=BROWSER_ENV, timeout=120 * len(pages), cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    return {page.name: seen for page, seen in zip(pages, json.loads(run.stdout), strict=True)}


def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as document:
        return len(document.pages)


def check_release(folder: Path, tmp_path: Path, pages: dict | None = None) -> dict:
    """Check a release folder as a distributor and a reader would; returns its manifest, and puts
    what Chromium saw of each download page in `pages`."""
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
            assert page_count(folder / entry["name"]) == entry["pages"]
        assert entry["edition"] if "edition" in entry else manifest["edition"]
    for entry in manifest.get("leaflets", []):
        for leaflet in entry["files"]:
            data = (folder / entry["folder"] / leaflet["name"]).read_bytes()
            assert len(data) == leaflet["bytes"] and hashlib.sha256(data).hexdigest() == leaflet["sha256"]
            assert page_count(folder / entry["folder"] / leaflet["name"]) >= 1
    check_archive(folder, tmp_path)
    download_pages = sorted(folder.glob("index*.html"))
    for page, seen in zip(download_pages, browse(download_pages, tmp_path).values()):
        if pages is not None:
            pages[page.name] = seen
        assert (tmp_path / f"{page.stem}.png").stat().st_size > 10_000, "a screenshot of the page"
        assert seen["scripts"] == 0 and not seen["overflow"], "no JavaScript; fits a phone's width"
        for url in seen["requests"] + seen["links"] + [image["src"] for image in seen["images"]]:
            parsed = urlparse(url)
            assert parsed.scheme == "file", f"{page.name} reaches outside the folder: {url}"
            target = Path(unquote(parsed.path))
            assert target.is_relative_to(folder) and target.is_file(), f"{page.name}: broken link {url}"
        assert all(image["loaded"] for image in seen["images"])
    return manifest


def check_archive(folder: Path, tmp_path: Path) -> None:
    """The release's one archive: `unzip -t` accepts it; unpacked, it holds every file of the release
    but the download pages and their pictures, and its own SHA256SUMS checks them all."""
    archive, = folder.glob("*.zip")
    test = subprocess.run(["unzip", "-t", str(archive)], capture_output=True, text=True)
    assert test.returncode == 0 and "No errors detected" in test.stdout, test.stdout + test.stderr
    unpacked = tmp_path / "unpacked"
    shutil.rmtree(unpacked, ignore_errors=True)
    subprocess.run(["unzip", "-q", str(archive), "-d", str(unpacked)], check=True)
    inside = unpacked / archive.stem
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=inside, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    packed = {p.relative_to(inside).as_posix() for p in inside.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    released = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert packed == {name for name in released if not name.startswith(("index", "covers/"))} - {
        "SHA256SUMS", archive.name}
    with zipfile.ZipFile(archive) as opened:
        names = [info.filename for info in opened.infolist()]
        assert names == sorted(names), "entries in a fixed order"
        year, month, day = map(int, json.loads((folder / "manifest.json").read_text())["date"].split("-"))
        assert {info.date_time for info in opened.infolist()} == {(year, month, day, 0, 0, 0)}, "dated with the edition"


@pytest.fixture
def release_book(bilingual_copy):
    """A copy of the small book in English and (partly) German, every output built, to release, or
    to change and release."""
    return bilingual_copy


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
    # Each prisoner's leaflet as its own PDF, listed once per language in the manifest and on the page.
    leaflets = {entry["language"]: entry for entry in manifest["leaflets"]}
    assert sorted(leaflets) == ["de", "en"]
    assert [f["profile"] for f in leaflets["de"]["files"]] == ["smith-anna", "petrov-ivan"]
    assert leaflets["de"]["folder"] == "leaflets/de" and leaflets["de"]["size"] == "A4"
    assert 'href="leaflets/de/small-book-ed2-de-smith-anna.pdf"' in page and "Anna Smith</a>" in page
    # The archive of everything, and how to check the files on Linux, macOS and Windows.
    assert 'href="small-book-2.zip"' in page
    english = (folder / "index.html").read_text()
    for command in ("sha256sum -c SHA256SUMS", "shasum -a 256 -c SHA256SUMS",
                    "certutil -hashfile small-book-ed2-en-print.pdf SHA256"):
        assert command in english, command
    assert "certutil -hashfile small-book-ed2-de-print.pdf SHA256" in page


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


def test_coverage_is_shown_as_make_stats_counts_it(release_book, tmp_path):
    translate_po(release_book / "translations" / "de" / "chapters" / "second-case.po",
                 {"Nothing more.": "Nichts weiter.", "What happened next": "Was dann geschah"})
    stats = run_cli("-C", release_book, "stats")
    shown = re.search(r"^de\s+all\s.*?(\d+\.\d)%$", stats.out, re.M)[1]
    assert run_cli("-C", release_book, "dist", "--dist", tmp_path).code == 0
    folder = tmp_path / "small-book-2"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {entry["coverage"] for entry in manifest["files"] if entry["language"] == "de"} == {float(shown)}
    whole, tenth = shown.split(".")
    assert f"Partial translation: {whole}.{tenth}% of the text is translated." in (folder / "index.html").read_text()
    assert f"Teilübersetzung: {whole},{tenth}\u00a0% des Textes" in (folder / "index.de.html").read_text()


def test_each_language_block_keeps_its_own_direction(web_release, tmp_path):
    """In the release of the small book in English, German and Arabic: on the Arabic page, the English
    and German blocks are laid out left to right (and on the others, the Arabic block right to left),
    while the page's own words inside them keep their direction."""
    pages: dict = {}
    check_release(web_release, tmp_path, pages)
    for name in ("index.ar.html", "index.html"):
        blocks = {block["lang"]: block for block in pages[name]["blocks"]}
        assert set(blocks) == {"en", "de", "ar"}
        for code, block in blocks.items():
            rtl = code == "ar"
            assert block["direction"] == ("rtl" if rtl else "ltr"), (name, block)
            assert block["pictureLeft"] is not rtl and block["flushRight" if rtl else "flushLeft"], (name, block)
