"""The EPUB as a reading system and a reader see it: valid, navigable, described, reproducible."""

from __future__ import annotations

import hashlib
import re
import zipfile

from epubcheck_runner import epubcheck
from conftest import run_cli


def read(epub, name: str) -> str:
    with zipfile.ZipFile(epub) as archive:
        return archive.read(name).decode("utf-8")


def test_epubcheck_finds_no_error_and_no_warning(sample_build, minibook_build):
    for epub in (sample_build / "en" / "unheard-voices.epub", minibook_build / "en" / "small-book.epub"):
        messages = epubcheck(epub)
        assert messages == [], [f"{m['ID']}: {m['message']} {m['locations'][:1]}" for m in messages]


def test_one_document_per_chapter_with_nav_ncx_and_cover(minibook_build):
    epub = minibook_build / "en" / "small-book.epub"
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
    assert names[0] == "mimetype" and archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    for document in ("cover", "title-page", "colophon", "nav", "ch-preface", "ch-first-case", "part-more",
                     "ch-second-case"):
        assert f"EPUB/{document}.xhtml" in names
    assert "EPUB/toc.ncx" in names and "EPUB/images/figure.png" in names


def test_nav_and_ncx_carry_the_same_contents(minibook_build):
    epub = minibook_build / "en" / "small-book.epub"
    nav = read(epub, "EPUB/nav.xhtml")
    toc_part = nav.split('epub:type="landmarks"')[0]
    nav_links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', toc_part)
    ncx = read(epub, "EPUB/toc.ncx")
    ncx_links = [(src, text) for text, src in re.findall(r"<text>([^<]+)</text>\s*</navLabel>\s*<content src=\"([^\"]+)\"", ncx)]
    assert nav_links == ncx_links
    assert ("ch-first-case.xhtml#p-smith-anna", "Anna Smith") in nav_links
    assert ("ch-first-case.xhtml#ch-first-case--the-arrests", "The arrests") in nav_links
    assert len(nav_links) == 8


def test_package_metadata(minibook_build):
    opf = read(minibook_build / "en" / "small-book.epub", "EPUB/content.opf")
    assert "<dc:title" in opf and "A Small Test Book</dc:title>" in opf
    assert "<dc:language>en</dc:language>" in opf
    assert "<dc:publisher>Test Press</dc:publisher>" in opf
    assert '<meta property="dcterms:modified">2025-05-01T00:00:00Z</meta>' in opf
    identifier = re.search(r"<dc:identifier[^>]*>([^<]+)<", opf).group(1)
    assert identifier.startswith("urn:uuid:")


def test_identifier_is_stable_and_bytes_are_reproducible(minibook, tmp_path):
    hashes, identifiers = [], []
    for attempt in range(2):
        output = tmp_path / f"out{attempt}"
        assert run_cli("-C", minibook, "build", "--format", "epub", "--output", output).code == 0
        epub = output / "en" / "small-book.epub"
        hashes.append(hashlib.sha256(epub.read_bytes()).hexdigest())
        identifiers.append(re.search(r"<dc:identifier[^>]*>([^<]+)<", read(epub, "EPUB/content.opf")).group(1))
    assert hashes[0] == hashes[1]
    assert identifiers[0] == identifiers[1]


def test_documents_carry_language_and_footnotes_as_notes(minibook_build):
    chapter = read(minibook_build / "en" / "small-book.epub", "EPUB/ch-first-case.xhtml")
    assert 'lang="en" xml:lang="en"' in chapter
    assert 'epub:type="noteref"' in chapter and 'epub:type="footnote"' in chapter
    assert '<p class="address" lang="ru">' in chapter
    assert "&lt;b&gt;Raw HTML is shown as text.&lt;/b&gt;" in chapter
