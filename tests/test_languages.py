"""Every piece of text is marked with its own language and direction: text left in the source
language inside a translation (blocks, footnotes, captions), postal addresses and original names
in the language of their country, in the HTML, the EPUB, the leaflets and the tags of the screen
PDF, so that hyphenation, fonts and screen readers treat each in its own language."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from conftest import untypeset

VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}


class _Texts(HTMLParser):
    """(text, lang, dir) of every run of text, with the lang and dir in force where it stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, str | None]] = []
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        lang = attrs.get("lang") or attrs.get("xml:lang")
        self.stack.append((tag, lang, attrs.get("dir")))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip():
            lang = next((l for _, l, _ in reversed(self.stack) if l), None)
            direction = next((d for _, _, d in reversed(self.stack) if d), None)
            self.found.append((" ".join(data.split()), lang, direction))


def texts(markup: str) -> list[tuple[str, str, str]]:
    parser = _Texts()
    parser.feed(untypeset(markup))
    return parser.found


def marked(markup: str, words: str) -> set[tuple[str, str]]:
    """The (lang, dir) of every run of text that contains `words`."""
    found = {(lang, direction) for text, lang, direction in texts(markup) if words in text}
    assert found, f"{words!r} is not in the document"
    return found


ENGLISH = ("The last paragraph.", "The footnote text, explaining a", "A figure with its caption",
           "the first event")


@pytest.mark.parametrize("language, direction", [("de", "ltr"), ("ar", "rtl")])
def test_fallback_text_is_marked_english_in_the_print_html(web_book, language, direction):
    html = (web_book / "build" / language / "html" / "index.html").read_text()
    assert marked(html, "Die Festnahmen" if language == "de" else "الاعتقالات") == {(language, direction)}
    for words in ENGLISH:
        assert marked(html, words) == {("en", "ltr")}, words


@pytest.mark.parametrize("language", ["de", "ar"])
def test_fallback_text_footnotes_addresses_and_names_in_the_epub(web_book, language):
    with zipfile.ZipFile(web_book / "build" / language / "small-book.epub") as epub:
        chapter = epub.read("EPUB/ch-first-case.xhtml").decode()
    for words in ENGLISH[:4]:
        assert marked(chapter, words) == {("en", "ltr")}, words
    assert marked(chapter, "г. Тула") == {("ru", "ltr")}, "the postal address is Russian"
    assert marked(chapter, "Иван Петров") == {("ru", "ltr")}, "the original name is Russian"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_addresses_names_and_fallback_on_the_leaflets(web_book, language):
    html = (web_book / "build" / language / "html" / "leaflets.html").read_text()
    assert marked(html, "г. Тула") == {("ru", "ltr")}
    assert marked(html, "Анна Смит") == {("ru", "ltr")}
    assert marked(html, "A man about whom little is known.") == {("en", "ltr")}


def test_the_screen_pdf_tags_carry_the_language_of_their_text(web_book):
    reader = PdfReader(web_book / "build" / "de" / "small-book-screen.pdf")
    assert str(reader.trailer["/Root"]["/Lang"]) == "de"
    languages: dict[str, int] = {}

    def walk(element):
        element = element.get_object()
        if not hasattr(element, "get"):
            return
        if "/Lang" in element:
            languages[str(element["/Lang"])] = languages.get(str(element["/Lang"]), 0) + 1
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert languages.get("en", 0) >= 10, languages
    assert languages.get("ru", 0) >= 2, languages
