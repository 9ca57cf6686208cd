"""Markdown function by function: the blocks a chapter is cut into (with their lines and the
comments translators read), and the inline HTML a reader sees, with the words a line must keep whole."""

from __future__ import annotations

import re

import pytest

from bookbuild.errors import Diagnostics, SourceLocation
from bookbuild.markdown import (_merge, _with_ties, inline_shape, markup_comment, normalize_inline, parse_blocks,
                                render_inline)
from bookbuild.model import Paragraph, Rule

NBSP = "\u00a0"
CHAPTER = """\
Para one
second line.

# Title

## Section

## Section

### Deep

#### Deeper

> Quote

- a
- b

3. x
4. y

```
code
```

---

![Alt text](images/a.png "Cap")

![](images/b.png)

Text ![x](images/c.png) inline

![x](file:///etc/passwd)

Ref[^n] and[^missing].

[^n]: Note text.
"""


def slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def test_a_chapter_is_cut_into_blocks_with_their_lines_and_comments():
    diagnostics = Diagnostics()
    blocks, notes = parse_blocks(CHAPTER, SourceLocation("chapters/c.md", 5), diagnostics, slug)
    kinds = [type(block).__name__ for block in blocks]
    assert kinds == ["Paragraph", "Paragraph", "Heading", "Heading", "Heading", "Heading", "Quote", "ListBlock",
                     "ListBlock", "Preformatted", "Rule", "Figure", "Figure", "Paragraph", "Paragraph", "Paragraph"]
    first, title, section, again, deep, deeper, quote, bullets, numbers, code, rule, figure, bare, *rest = blocks
    assert (first.text.value, str(first.text.location), first.text.comment) == ("Para one second line.",
                                                                               "chapters/c.md:5", None)
    assert (title.text.value, title.text.comment) == ("Title", "A section heading.")
    assert [(h.depth, h.text.value, h.anchor, h.text.location.line) for h in (section, again, deep, deeper)] == [
        (1, "Section", "section", 10), (1, "Section", "section-2", 12), (2, "Deep", "deep", 14),
        (3, "Deeper", "deeper", 16)]
    assert quote.blocks[0].text.comment == "Part of a quotation." and quote.blocks[0].text.location.line == 18
    assert (bullets.ordered, bullets.start) == (False, 1) and (numbers.ordered, numbers.start) == (True, 3)
    assert [item.blocks[0].text.value for item in bullets.items] == ["a", "b"]
    assert [item.blocks[0].text.location.line for item in numbers.items] == [23, 24]
    assert bullets.items[0].blocks[0].text.comment == "An item of a list."
    assert code.code == "code" and isinstance(rule, Rule)
    assert (figure.src, figure.alt.value, figure.caption.value, figure.location.line) == ("images/a.png", "Alt text",
                                                                                         "Cap", 32)
    assert figure.alt.comment == "Alternative text of a figure: what the picture shows."
    assert figure.caption.comment == "Caption of a figure."
    assert bare.caption is None and bare.alt.value == ""
    assert [note.label for note in notes] == ["n"]
    assert (notes[0].location.line, notes[0].blocks[0].text.value, notes[0].blocks[0].text.comment) == (
        42, "Note text.", "A footnote.")
    assert [str(item) for item in diagnostics.items] == [
        "chapters/c.md:8: a '#' heading is not allowed here (the title comes from the header; use '##' for sections)",
        "chapters/c.md:34: an image needs alternative text: ![what it shows](file)",
        "chapters/c.md:36: an image must stand alone in its paragraph (put a blank line before and after it)",
        "chapters/c.md:38: image 'file:///etc/passwd' is outside the images/ folder (images must be files under "
        "images/)",
        "chapters/c.md:40: footnote [^missing] is used but not defined (add a line '[^missing]: ...' at the end of "
        "the file)"]


def test_a_biography_has_no_headings_and_a_text_without_place_starts_at_line_one():
    diagnostics = Diagnostics()
    blocks, _ = parse_blocks("## A heading\n\nText.\n", SourceLocation("profiles/p.yaml"), diagnostics, slug,
                             allow_headings=False)
    assert [type(block) for block in blocks] == [Paragraph, Paragraph]
    assert [block.text.location.line for block in blocks] == [1, 3]
    assert [str(item) for item in diagnostics.items] == ["profiles/p.yaml:1: a '##' heading is not allowed here"]


def test_headings_without_words_and_footnotes_with_several_blocks():
    diagnostics = Diagnostics()
    text = "## !!!\n\n## !!!\n\nText[^long].\n\n[^long]: First.\n\n    Second.\n"
    blocks, notes = parse_blocks(text, SourceLocation("c.md", 1), diagnostics, lambda t: re.sub(r"\W", "", t))
    assert [block.anchor for block in blocks[:2]] == ["section", "section-2"]
    assert [block.text.value for block in notes[0].blocks] == ["First.", "Second."]
    assert not diagnostics.items


@pytest.mark.parametrize("text, comment, expected", [
    ("plain words", "A footnote.", "A footnote."),
    ("plain words", None, None),
    ("an *emphasis*", None, "Markdown: keep the *emphasis* and [link](...) markup."),
    ("a [link](https://a.example)", "An item of a list.",
     "An item of a list. Markdown: keep the *emphasis* and [link](...) markup."),
    ("snake_case", None, "Markdown: keep the *emphasis* and [link](...) markup."),
    ("a note[^n]", None, "Markdown: keep each note reference [^...] after the word it belongs to."),
    ("a *note*[^n]", "C.", "C. Markdown: keep each note reference [^...] after the word it belongs to; keep the "
                          "*emphasis* and [link](...) markup."),
    ("a note[^under_score]", None, "Markdown: keep each note reference [^...] after the word it belongs to."),
    ("a sum_ of", None, None),
])
def test_translators_are_told_to_keep_the_markup(text, comment, expected):
    assert markup_comment(text, comment) == expected


def test_soft_line_breaks_become_spaces_and_a_backslash_break_stays():
    assert normalize_inline("  one\n  two\t\nthree  ") == "one two three"
    assert normalize_inline("one\\\ntwo") == "one\\\ntwo"


def test_inline_markdown_renders_in_the_typography_of_the_language():
    assert render_inline('He said "no" -- twice.', "ru") == f"He said «no»{NBSP}— twice."
    assert render_inline('He said "no".', "en") == "He said \u201cno\u201d."
    assert render_inline("<b>raw</b> & text", "en") == "&lt;b&gt;raw&lt;/b&gt; &amp; text"
    assert render_inline("a [link](https://x.org) end", "en") == 'a <a href="https://x.org">link</a> end'
    assert render_inline("A note[^a] here", "en", footnote=lambda label: f"<sup>{label}</sup>",
                         labels=("a",)) == "A note<sup>a</sup> here"
    assert render_inline("A note[^a] here", "en", labels=("a",)) == "A note here"
    assert render_inline("A note[^b] here", "en", labels=("a",)) == "A note[^b] here"


@pytest.mark.parametrize("text, language, expected", [
    ("Он жил в Москве и работал у друзей", "ru",
     f'Он жил в{NBSP}Москве и{NBSP}работал <span class="nh">у{NBSP}друзей</span>'),
    ("Он уехал в Санкт-Петербург вчера", "ru",
     f'Он уехал <span class="nh">в{NBSP}Санкт-Петербург</span> <span class="nh">вчера</span>'),
    ("срока в *тюрьме* и в **колонии** сейчас", "ru",
     f'срока <span class="tie">в{NBSP}<em>тюрьме</em></span> <span class="tie">и{NBSP}в{NBSP}<strong>колонии'
     f'</strong></span> <span class="nh">сейчас</span>'),
    ("В *тюрьме*", "ru", f'<span class="tie">В{NBSP}<em><span class="nh">тюрьме</span></em></span>'),
    ("Visit example.org or t.me/name, write to pismo@example.org today", "en",
     'Visit <span class="nh">example.org</span> or <span class="nh">t.me/name</span>, write to '
     '<span class="nh">pismo@example.org</span> <span class="nh">today</span>'),
    ("Version 1.5 is out", "en", "Version 1.5 is out"),
    ("short end", "en", "short end"),
    ("an e-mail", "en", 'an <span class="nh">e-mail</span>'),
    ("Anna-Maria Smith spoke", "en", '<span class="nh">Anna-Maria Smith</span> <span class="nh">spoke</span>'),
    ("Al met Maria Smith", "en", 'Al met <span class="nh">Maria Smith</span>'),
    ("words, then *emphasis*", "en", 'words, then <em><span class="nh">emphasis</span></em>'),
    ("*emphasis* then words.", "en", '<em>emphasis</em> then <span class="nh">words</span>.'),
])
def test_words_a_line_must_keep_whole(text, language, expected):
    names = re.compile(r"Maria Smith|Al")
    assert render_inline(text, language, names=names, keep_whole=True) == expected
    assert "span" not in render_inline(text, language, names=names)


def test_spans_are_merged_and_widened_over_tied_words():
    assert _merge([(5, 9), (0, 3), (2, 4), (9, 12), (20, 22)]) == [(0, 4), (5, 12), (20, 22)]
    assert _merge([(0, 10), (2, 4)]) == [(0, 10)]
    assert _merge([]) == []
    assert _with_ties(f"a{NBSP}b{NBSP}word c{NBSP}d", [(4, 8)]) == [(0, 8)]
    assert _with_ties(f"x word{NBSP}1{NBSP}2 y", [(2, 6)]) == [(2, 10)]
    assert _with_ties("x word y", [(2, 6)]) == [(2, 6)]


def test_the_shape_of_inline_markdown_is_its_markup_without_words():
    shape = inline_shape("An *em* [link](https://a) and `code`[^n] text")
    assert shape == sorted([("em_open", ""), ("em_close", ""), ("link_open", "https://a"), ("link_close", ""),
                            ("code_inline", "code"), ("footnote_ref", "n")])
    assert inline_shape("Ein *Wort* [Link](https://a) und `code`[^n]") == shape
    assert inline_shape("Ein *Wort* [Link](https://b) und `code`[^n]") != shape
    assert inline_shape("Ein *Wort* [Link](https://a) und `kode`[^n]") != shape
    assert inline_shape("Ein *Wort* [Link](https://a) und `code`[^m]") != shape
    assert inline_shape("words\nonly") == []
