"""The EPUB as a reading system and a reader see it: valid, navigable, described, reproducible."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pypdf import PdfReader

import pytest

from conftest import SAMPLE_LANGUAGES, changed_epub
from epubcheck_runner import epubcheck_all, problems


def read(epub, name: str) -> str:
    with zipfile.ZipFile(epub) as archive:
        return archive.read(name).decode("utf-8")


def sample_epubs(sample_build):
    epubs = sorted(sample_build.glob("*/unheard-voices.epub"))
    assert {epub.parent.name for epub in epubs} >= {"en", "ru", "de", "ar", "fr"}
    return epubs


def broken_copy(epub: Path, folder: Path) -> Path:
    """`epub` with a paragraph left open in a chapter: a book EPUBCheck must reject."""
    return changed_epub(epub, folder / f"broken-{epub.name}", "EPUB/ch-first-case.xhtml",
                        lambda page: page.replace(b"</p>", b"", 1))


@pytest.mark.parametrize("version", [5, 4])
def test_epubcheck_5_and_4_find_no_error_and_no_warning(sample_build, minibook_build, german, belarus, tmp_path,
                                                        version):
    """Every edition of the sample, the small book, and the German and Belarus books of
    test_other_books.py (one right to left), judged in one run of EPUBCheck; a broken copy of the
    small book, judged in the same run, shows that each book gets a verdict of its own."""
    books = {language: sample_build / language / "unheard-voices.epub" for language in SAMPLE_LANGUAGES}
    books["small book"] = minibook_build / "en" / "small-book.epub"
    for other in (german, belarus):
        books.update({f"{epub.parent.name}/{epub.name}": epub for epub in sorted(other.glob("*/*.epub"))})
    assert len(books) == 10, sorted(books)
    broken = broken_copy(books["small book"], tmp_path)
    found = epubcheck_all([*books.values(), broken], version)
    assert {name: problems(found[epub]) for name, epub in books.items()} == {name: [] for name in books}
    assert any(message["severity"] in ("FATAL", "ERROR") for message in found[broken]), found[broken]


def test_nav_has_landmarks_and_a_page_list_whose_targets_exist(sample_build):
    for epub in sample_epubs(sample_build):
        with zipfile.ZipFile(epub) as archive:
            nav = archive.read("EPUB/nav.xhtml").decode()
            assert 'epub:type="landmarks"' in nav
            for kind in ("cover", "toc", "bodymatter"):
                assert f'epub:type="{kind}"' in nav.split('epub:type="landmarks"')[1]
            page_list = nav.split('epub:type="page-list"')[1].split("</nav>")[0]
            targets = re.findall(r'<a href="([^"#]+)#([^"]+)">([^<]+)</a>', page_list)
            printed = len(PdfReader(epub.parent / "unheard-voices-print.pdf").pages)
            assert len(targets) > 0.7 * printed, (epub, len(targets), printed)
            labels = [label for _, _, label in targets]
            numbers = [int(label) for label in labels if label.isdigit()]
            assert numbers[0] == 1 and numbers == sorted(set(numbers)), "print pages in order, each once"
            assert "iii" not in labels, "the printed contents pages have no place in the EPUB"
            documents = {}
            for file, anchor, label in targets:
                text = documents.setdefault(file, archive.read(f"EPUB/{file}").decode())
                assert f'id="{anchor}" aria-label="{label}"' in text, (epub, file, anchor)


def test_accessibility_metadata_and_package_language(sample_build):
    for epub in sample_epubs(sample_build):
        opf = read(epub, "EPUB/content.opf")
        language = epub.parent.name
        assert f'xml:lang="{language}"' in opf.split("<metadata")[0]
        for expected in ('property="schema:accessMode">textual<', 'property="schema:accessModeSufficient">textual<',
                         'property="schema:accessibilityFeature">tableOfContents<',
                         'property="schema:accessibilityFeature">pageNavigation<',
                         'property="schema:accessibilityHazard">none<', 'property="schema:accessibilitySummary">',
                         'property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA<',
                         '<meta refines="#print-source" property="source-of">pagination</meta>', 'properties="cover-image"'):
            assert expected in opf, (language, expected)
    rtl = read(sample_build / "ar" / "unheard-voices.epub", "EPUB/content.opf")
    assert 'page-progression-direction="rtl"' in rtl
    chapter = read(sample_build / "ar" / "unheard-voices.epub", "EPUB/ch-introduction.xhtml")
    assert 'lang="ar" xml:lang="ar" dir="rtl"' in chapter


def test_fonts_are_embedded_and_subset(sample_build):
    with zipfile.ZipFile(sample_build / "en" / "unheard-voices.epub") as archive:
        fonts = [info for info in archive.infolist() if info.filename.startswith("EPUB/fonts/")]
        css = archive.read("EPUB/css/fonts.css").decode()
    assert len(fonts) >= 4
    assert all(info.file_size < 250_000 for info in fonts), "fonts are subset to the book's characters"
    for info in fonts:
        assert info.filename.split("/")[-1] in css


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
    toc_part = nav.split('epub:type="toc"')[1].split("</nav>")[0]
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


def test_documents_carry_language_and_footnotes_as_notes(minibook_build):
    chapter = read(minibook_build / "en" / "small-book.epub", "EPUB/ch-first-case.xhtml")
    assert 'lang="en" xml:lang="en"' in chapter
    assert 'epub:type="noteref"' in chapter and 'epub:type="footnote"' in chapter
    assert '<p class="address" lang="ru" dir="ltr">' in chapter
    assert "&lt;b&gt;Raw HTML is shown as text.&lt;/b&gt;" in chapter


def css_problems(css: str) -> list[str]:
    """What an EPUB editor's book check reports in a stylesheet: a selector given a second rule in
    the same scope, a property declared twice in one rule, an @import or @charset after rules."""
    import tinycss2

    problems, seen = [], {}

    def walk(rules, scope: str) -> None:
        started = False
        for rule in rules:
            if rule.type == "at-rule" and rule.lower_at_keyword in ("import", "charset") and started:
                problems.append(f"line {rule.source_line}: @{rule.lower_at_keyword} after other rules")
            if rule.type == "qualified-rule":
                started = True
                for selector in tinycss2.serialize(rule.prelude).split(","):
                    key = (scope, " ".join(selector.split()))
                    if key in seen:
                        problems.append(f"line {rule.source_line}: {key[1]!r} also has a rule at line {seen[key]}")
                    seen.setdefault(key, rule.source_line)
                names = [d.lower_name for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                                               skip_whitespace=True)
                         if d.type == "declaration"]
                problems.extend(f"line {rule.source_line}: '{name}' declared twice" for name in sorted(set(names))
                                if names.count(name) > 1)
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
                started = True
                walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                     scope + tinycss2.serialize(rule.prelude))
            elif rule.type == "at-rule" and rule.lower_at_keyword not in ("import", "charset"):
                started = True

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), "")
    return problems


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_epub_stylesheets_have_no_duplicate_selectors_or_misplaced_rules(sample_build, language):
    epub = sample_build / language / "unheard-voices.epub"
    with zipfile.ZipFile(epub) as archive:
        sheets = [name for name in archive.namelist() if name.endswith(".css")]
        assert sheets
        for name in sheets:
            found = css_problems(archive.read(name).decode("utf-8"))
            assert not found, f"{name}: " + "; ".join(found)


def test_the_css_check_finds_what_it_looks_for():
    assert css_problems(".a { color: red; }\n.b, .a { margin: 0; }")
    assert css_problems(".a { color: red; color: blue; }")
    assert css_problems(".a { color: red; }\n@import url(x.css);")
    assert not css_problems("@import url(x.css);\n.a { color: red; }\n@media print { .a { color: black; } }")
