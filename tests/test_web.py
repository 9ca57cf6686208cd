"""The web edition of the small book, in English, a partial German translation and a right-to-left
edition: pages, links between pages and languages, metadata for shared links, search, what
Chromium and axe-core make of it, and the same bytes from the same sources."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import FIXTURES, make_project, run_cli, snapshot
from web_helpers import broken_links, browse, outside_requests, read_page, serious

LANGUAGES = ("en", "de", "ar")


def site(book: Path, language: str) -> Path:
    return book / "build" / language / "web"


def test_a_page_per_chapter_and_per_prisoner_in_every_language(web_book):
    for code in LANGUAGES:
        folder = site(web_book, code)
        pages = {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
        assert pages == {"index.html", "search.html", "chapters/preface.html", "chapters/first-case.html",
                         "chapters/second-case.html", "prisoners/index.html", "prisoners/smith-anna.html",
                         "prisoners/petrov-ivan.html"}, code


def test_every_link_leads_to_a_page_of_the_book(web_book):
    build = web_book / "build"
    for code in LANGUAGES:
        for page in sorted(site(web_book, code).rglob("*.html")):
            assert not broken_links(page, build), (page.relative_to(build), broken_links(page, build))


def test_the_language_switcher_lands_on_the_same_page(web_book):
    page = read_page(site(web_book, "de") / "prisoners" / "smith-anna.html")
    assert "../../../en/web/prisoners/smith-anna.html" in page.links
    assert "../../../ar/web/prisoners/smith-anna.html" in page.links
    german = (site(web_book, "de") / "prisoners" / "smith-anna.html").read_text()
    assert '<span aria-current="true">Deutsch</span>' in german
    assert re.search(r'<a href="[^"]*ar/web/prisoners/smith-anna.html" hreflang="ar" lang="ar" dir="rtl">', german)


def test_right_to_left_and_text_left_in_the_source_language(web_book):
    arabic = read_page(site(web_book, "ar") / "chapters" / "first-case.html")
    assert arabic.html_attrs == {"lang": "ar", "dir": "rtl", "class": "script-font"}
    german = (site(web_book, "de") / "prisoners" / "smith-anna.html").read_text()
    assert "Anna Smith unterrichtete Geschichte in Tula." in re.sub(r"<[^>]+>", "", german)
    # The untranslated paragraph keeps the book's marking: its language and direction.
    assert re.search(r'<p id="[^"]+" class="tr-untranslated" lang="en" xml:lang="en" dir="ltr">(<span[^>]*>)?She was detained',
                     german)


def test_a_prisoners_page_says_what_the_book_says(web_book):
    book_html = (web_book / "build" / "en" / "html" / "index.html").read_text()
    page = (site(web_book, "en") / "prisoners" / "smith-anna.html").read_text()

    def write_to(html: str) -> str:
        return re.search(r'<aside class="write-to".*?</aside>', html, re.S).group(0)
    assert write_to(page) == write_to(book_html)
    facts = re.search(r'<dl class="facts".*?</dl>', book_html, re.S).group(0)
    assert facts in page


def test_shared_links_show_the_name_and_summary(web_book):
    page = read_page(site(web_book, "de") / "prisoners" / "smith-anna.html")
    assert page.meta["og:title"] == "Anna Smith"
    assert page.meta["og:description"] == "Eine Lehrerin, verurteilt für einen Beitrag."
    assert page.meta["og:type"] == "profile" and page.meta["og:locale"] == "de_DE"
    raw = (site(web_book, "de") / "prisoners" / "smith-anna.html").read_text()
    assert set(re.findall(r'<meta property="og:locale:alternate" content="([^"]+)"/>', raw)) == {"en_US", "ar_EG"}
    data = page.json_ld[0]
    assert data["@type"] == "ProfilePage" and data["inLanguage"] == "de"
    person = data["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == "Anna Smith"
    assert person["alternateName"] == "Анна Смит" and person["birthDate"] == "1990"
    assert "og:url" not in page.meta, "no address is invented when book.yaml does not give one"


def test_full_addresses_when_the_book_says_where_it_is_published(minibook):
    config = minibook / "book.yaml"
    config.write_text(config.read_text() + "web:\n  url: https://example.org/small-book\n")
    assert run_cli("-C", minibook, "build", "--format", "web").code == 0
    page = read_page(site(minibook, "en") / "prisoners" / "smith-anna.html")
    assert page.meta["og:url"] == "https://example.org/small-book/en/prisoners/smith-anna.html"
    assert page.meta["og:image"] == "https://example.org/small-book/en/images/figure.png"
    assert page.json_ld[0]["mainEntity"]["url"] == page.meta["og:url"]


def test_reading_needs_no_script(web_book):
    for code in LANGUAGES:
        for page in site(web_book, code).rglob("*.html"):
            scripts = [s for s in read_page(page).scripts if s.get("type") != "application/ld+json"]
            assert not scripts or page.name == "search.html", page


def test_the_search_index_lists_every_page_with_its_words(web_book):
    text = (site(web_book, "en") / "search-index.js").read_text()
    index = json.loads(text[text.index("{"):text.rindex("}") + 1])
    pages = {entry[0]: entry for entry in index["pages"]}
    assert set(pages) == {"chapters/preface.html", "chapters/first-case.html", "chapters/second-case.html",
                          "prisoners/smith-anna.html", "prisoners/petrov-ivan.html"}
    words = pages["prisoners/smith-anna.html"][4].split()
    assert {"anna", "smith", "tula", "смит"} <= set(words)


def test_in_chromium_offline_accessible_and_searchable(web_book, tmp_path):
    build = web_book / "build"
    pages = [{"file": str(site(web_book, code) / name)} for code in LANGUAGES
             for name in ("index.html", "chapters/first-case.html", "prisoners/smith-anna.html", "search.html")]
    pages.append({"file": str(site(web_book, "en") / "search.html"), "query": "?q=Tula+hist"})
    pages.append({"file": str(site(web_book, "ar") / "search.html"), "query": "?q=%D1%81%D0%BC%D0%B8%D1%82"})
    # The judge at work: a copy of a page that says nothing of its language is a serious violation.
    control = tmp_path / "control" / "prisoners" / "smith-anna.html"
    shutil.copytree(site(web_book, "en"), control.parent.parent)
    page = control.read_text()
    control.write_text(page.replace('<html lang="en" dir="ltr">', "<html>", 1))
    assert control.read_text() != page
    pages.append({"file": str(control)})
    *reports, judged = browse(pages, tmp_path)
    assert "html-has-lang" in {rule for rule, _ in serious(judged)}, judged["violations"]
    for report in reports:
        assert not outside_requests(report, build), report["file"]
        assert all(image["loaded"] for image in report["images"]), report["file"]
        assert not report["overflow"], report["file"]
        assert not serious(report), (report["file"], serious(report))
    english, arabic = reports[-2]["text"], reports[-1]["text"]
    assert "Anna Smith" in english and "Pages found: 1" in english
    assert "آنا سميث" in arabic, "her name in Russian finds her page, shown under her name in Arabic"


def test_same_sources_same_web_edition(web_book, tmp_path):
    """The Arabic edition, built again on its own into another folder, is the same, file for file (the
    English and German web editions are compared with clean builds in test_incremental.py)."""
    again = tmp_path / "again"
    assert run_cli("-C", web_book, "build", "--format", "web", "--lang", "ar", "--output", again).code == 0
    assert sorted(p.name for p in again.iterdir() if p.is_dir()) == ["ar"]
    assert snapshot(site(web_book, "ar")) == snapshot(again / "ar" / "web")


def test_a_removed_chapter_leaves_no_page_behind(built_minibook):
    assert (site(built_minibook, "en") / "chapters" / "preface.html").exists()
    config = built_minibook / "book.yaml"
    config.write_text(config.read_text().replace("front_matter: [title-page, colophon, contents, preface]",
                                                 "front_matter: [title-page, colophon, contents]"))
    (built_minibook / "chapters" / "preface.md").unlink()
    assert run_cli("-C", built_minibook, "build", "--format", "web").code == 0
    assert not (site(built_minibook, "en") / "chapters" / "preface.html").exists()


def test_a_book_without_prisoners_and_a_language_not_yet_published(german, tmp_path):
    for code in ("de", "fr"):
        folder = site(german.parent, code)
        assert not (folder / "prisoners").exists()
        assert "prisoners/index.html" not in (folder / "index.html").read_text()
        for page in folder.rglob("*.html"):
            assert not broken_links(page, german), page
    belarus = make_project(tmp_path / "belarus", FIXTURES / "belarus-book")
    config = belarus / "book.yaml"  # the Persian translation is not complete enough to publish yet
    config.write_text(config.read_text().replace("min_coverage: 50}", "min_coverage: 100}"))
    result = run_cli("-C", belarus, "build", "--format", "web")
    assert result.code == 0 and "fa: skipped" in result.err
    assert "fa/web" not in (site(belarus, "en") / "index.html").read_text(), "no link to an edition not built"
