"""Random Markdown and random translations through the pipeline: every run ends in an output or a
clean error (`file:line: message`), never a traceback."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookbuild.build import load_sources, prepare_edition
from bookbuild.errors import BookError, Diagnostics
from bookbuild.render import EpubRenderer, Renderer
from conftest import copy_built, make_project, run_cli
from i18n_helpers import add_language, translate_po

PIECES = ["*", "**", "_", "`", "[", "]", "(", ")", "[^law]", "[^x]", "![", "](images/figure.png)", "](http://x/)",
          "\n", "\n\n", "# ", "## ", "> ", "- ", "1. ", "<b>", "</b>", "<script>", "&amp;", "\"", "'", "--", "...",
          "%(date)s", "{{ x }}", "{% if %}", "\\", "|", "~~~", "    ", "\t", "Привет", "مرحبا", "é", "\u202f", "\x00"]
text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
# A line an editor can act on: a source file of the book, optionally its line, then the message.
LOCATED = re.compile(r"^(?:chapters/[\w-]+\.md|profiles/[\w-]+\.yaml|book\.yaml|translations/[\w/-]+\.po)"
                     r"(?::\d+)?: (?:warning: )?\S")


def located(lines) -> bool:
    return all(LOCATED.match(line) for line in lines)


def render_everything(book_root, language="en"):
    """The pipeline up to the engines' input: sources, translation, print HTML, EPUB documents."""
    diagnostics = Diagnostics()
    book = load_sources(book_root, diagnostics)
    edition = prepare_edition(book_root, book, language, diagnostics)
    if edition is None:
        return
    Renderer(book_root, edition).render("print/book.html.j2", stylesheets=(), target="print")
    EpubRenderer(book_root, edition).documents()


@SETTINGS
@given(body=text)
def test_random_markdown_renders_or_fails_cleanly(tmp_path_factory, body):
    book = make_project(tmp_path_factory.mktemp("md") / "book")
    (book / "chapters" / "second-case.md").write_text(f"---\nid: second-case\ntitle: T\n---\n\n{body}\n",
                                                       encoding="utf-8", errors="surrogatepass")
    try:
        render_everything(book)
    except BookError as error:
        assert located(error.lines()), error.lines()
    shutil.rmtree(book.parent)


@pytest.fixture(scope="module")
def german_begun(tmp_path_factory):
    """The small book with German added and its catalogues made (`init`), to copy for each example."""
    book = make_project(tmp_path_factory.mktemp("german") / "book")
    add_language(book, "  de: {}")
    assert run_cli("-C", book, "init", "--lang", "de").code == 0
    return book


@SETTINGS
@given(first=text, second=text)
def test_random_translations_render_or_fail_cleanly(tmp_path_factory, german_begun, first, second):
    book = copy_built(german_begun, tmp_path_factory.mktemp("po") / "book")
    translate_po(book / "translations" / "de" / "chapters" / "first-case.po",
                 {"The arrests": first.replace("\x00", ""), "The last paragraph.": second.replace("\x00", "")})
    try:
        render_everything(book, "de")
    except BookError as error:
        assert located(error.lines()), error.lines()
    shutil.rmtree(book.parent)


@pytest.mark.allow_library_logs
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=text)
def test_random_markdown_through_the_whole_build(tmp_path_factory, body):
    book = make_project(tmp_path_factory.mktemp("full") / "book")
    (book / "chapters" / "second-case.md").write_text(f"---\nid: second-case\ntitle: T\n---\n\n{body}\n",
                                                       encoding="utf-8", errors="surrogatepass")
    result = run_cli("-C", book, "build", "--format", "print", "--format", "epub")
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err
    if result.code == 1:
        errors = [line for line in result.err.strip().splitlines() if not line.endswith(": FAILED")]
        assert errors and located(errors), result.err
    shutil.rmtree(book.parent)
