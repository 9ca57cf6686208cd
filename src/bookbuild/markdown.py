"""The only module that uses markdown-it: block structure for the sources, inline HTML for rendering.

Chapters are cut into blocks here (one translatable message per paragraph, heading,
list item, caption, footnote and quote); each block keeps its inline Markdown as a
`Text`. Rendering turns inline Markdown into HTML for one language, with that
language's quotation marks and a caller-chosen form for footnote references.
Raw HTML is never passed through: it comes out as text.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .errors import Diagnostics, SourceLocation
from .typography import typography
from .model import (Block, Figure, Footnote, Heading, ListBlock, ListItem, Paragraph,
                    Preformatted, Quote, Rule, Text)

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
# markdown-it leaves an image with a file:, data: or javascript: address as plain text.
_REFUSED_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?((?:file|data|javascript|vbscript):[^)\s>]*)", re.I)
_SOFT_BREAK = re.compile(r"(?<![ \\])[ \t]*\n[ \t]*")

@functools.lru_cache(maxsize=None)
def _engine(language: str = "en") -> MarkdownIt:
    """A parser for `language`: its quotation marks for straight quotes, and its typography
    (typography.py) on every text."""
    rules = typography(language)
    md = MarkdownIt("commonmark", {"typographer": True, "xhtmlOut": True, "html": False,
                                   "quotes": list(rules.quotes)})
    md.use(footnote_plugin, inline=False)
    md.enable(["replacements", "smartquotes"])
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    if rules.rules:
        md.core.ruler.after("smartquotes", "typography", _text_rule(rules.apply))
    md.core.ruler.push("keep_whole", _keep_whole)
    md.add_render_rule("keep_whole", lambda self, tokens, idx, options, env: '<span class="nh">')
    md.add_render_rule("keep_whole_close", lambda self, tokens, idx, options, env: "</span>")
    md.add_render_rule("tie", lambda self, tokens, idx, options, env: '<span class="tie">')
    md.add_render_rule("tie_close", lambda self, tokens, idx, options, env: "</span>")
    return md


# Words shorter than this are never hyphenated (the stylesheets' hyphenate-limit-chars, 5 by default).
SHORTEST_HYPHENATED = 5
_COMPOUND = re.compile(r"(?<![\w-])\w+(?:-\w+)+")
_LAST_WORD = re.compile(r"\w[\w\u00ad-]*(?=\W*$)")
# A web or e-mail address written as text ("t.me/name", "pismo@example.org"): never hyphenated, since a
# reader would copy the hyphen.
_ADDRESS = re.compile(r"(?<![\w@.])(?:https?://)?[\w.+-]+(?:@[\w-]+)?(?:\.[a-z]{2,12})+(?:/[\w./%?=&#~+-]*[\w/])?",
                      re.IGNORECASE)


def _keep_whole(state) -> None:
    """Words a line must never break with a hyphen, marked for the stylesheets (`span.nh`): a word
    that has a hyphen of its own ("Санкт-Петербург"), a web or e-mail address, a person's name
    (env "names", a pattern),
    and the last word of the text (a paragraph never ends on half a word). Only for rendering."""
    if not state.env.get("typeset"):
        return
    names = state.env.get("names")
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        last = max((i for i, child in enumerate(token.children) if child.type == "text" and re.search(r"\w", child.content)),
                   default=None)
        children = []
        for index, child in enumerate(token.children):
            if child.type != "text":
                children.append(child)
                continue
            spans = [m.span() for m in _COMPOUND.finditer(child.content)]
            spans += [m.span() for m in _ADDRESS.finditer(child.content) if re.search(r"[./@]\w", m.group())]
            if names is not None:
                spans += [m.span() for m in names.finditer(child.content) if len(m.group()) >= SHORTEST_HYPHENATED]
            if index == last:
                found = _LAST_WORD.search(child.content)
                if found and len(found.group()) >= SHORTEST_HYPHENATED:
                    spans.append(found.span())
            children.extend(_split(child, _merge(_with_ties(child.content, spans))))
        token.children = _tie_to_elements(children)


_TIED_BEFORE = re.compile(r"(?:[^\s\u00a0]+\u00a0)+$")
_TIED_AFTER = re.compile(r"^(?:\u00a0[^\s\u00a0]+)+")


def _with_ties(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans widened over the words tied to them with no-break spaces ("за\u00a0шифровку"): a
    text that ends in a no-break space right before an element is laid out wrongly (a line then
    breaks after its first word), so a tie never crosses the edge of a span."""
    widened = []
    for start, end in spans:
        before = _TIED_BEFORE.search(text[:start])
        after = _TIED_AFTER.search(text[end:])
        widened.append((before.start() if before else start, end + (after.end() if after else 0)))
    return widened


def _tie_to_elements(children: list[Token]) -> list[Token]:
    """Words tied with a no-break space to the element that follows them ("в\u00a0<em>тюрьме</em>")
    wrapped together with it in one span, for the same reason."""
    out: list[Token] = []
    index = 0
    while index < len(children):
        child = children[index]
        following = children[index + 1] if index + 1 < len(children) else None
        tied = _TIED_BEFORE.search(child.content) if child.type == "text" else None
        if tied is None or following is None or following.nesting != 1:
            out.append(child)
            index += 1
            continue
        depth, end = 0, index + 1
        for end in range(index + 1, len(children)):
            depth += children[end].nesting
            if depth == 0:
                break
        if tied.start():
            out.append(_text(child.content[:tied.start()]))
        out += [Token("tie", "span", 1), _text(tied.group()), *children[index + 1:end + 1], Token("tie_close", "span", -1)]
        index = end + 1
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _split(token: Token, spans: list[tuple[int, int]]) -> list[Token]:
    if not spans:
        return [token]
    pieces, position, text = [], 0, token.content
    for start, end in spans:
        if start > position:
            pieces.append(_text(text[position:start]))
        pieces += [Token("keep_whole", "span", 1), _text(text[start:end]), Token("keep_whole_close", "span", -1)]
        position = end
    if position < len(text):
        pieces.append(_text(text[position:]))
    return pieces


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _text_rule(change: Callable[[str], str]):
    """A markdown-it core rule applying `change` to every text token."""
    def rule(state) -> None:
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "text":
                    child.content = change(child.content)
    return rule


# Block structure ---------------------------------------------------------------------

def parse_blocks(source: str, location: SourceLocation, diagnostics: Diagnostics,
                 slugify: Callable[[str], str], allow_headings: bool = True
                 ) -> tuple[tuple[Block, ...], tuple[Footnote, ...]]:
    """Cut Markdown into blocks and footnotes; `location` is the line the text starts on."""
    env: dict = {}
    tokens = _engine().parse(source, env)
    reader = _BlockReader(tokens, location, diagnostics, slugify, allow_headings)
    blocks = reader.blocks_until(None)
    footnotes = tuple(reader.footnotes)
    labels = {note.label for note in footnotes}
    for text in _texts_with_refs(blocks, footnotes):
        for label in FOOTNOTE_REF.findall(text.value):
            if label not in labels:
                diagnostics.error(text.location, f"footnote [^{label}] is used but not defined",
                                  f"add a line '[^{label}]: ...' at the end of the file")
    return blocks, footnotes


def _texts_with_refs(blocks, footnotes):
    from .model import iter_texts
    yield from iter_texts(blocks)
    yield from iter_texts(footnotes)


class _BlockReader:
    """Walks markdown-it's token stream and builds model blocks."""

    def __init__(self, tokens: list[Token], location: SourceLocation, diagnostics: Diagnostics,
                 slugify: Callable[[str], str], allow_headings: bool):
        self.tokens, self.pos = tokens, 0
        self.location, self.diagnostics = location, diagnostics
        self.slugify, self.allow_headings = slugify, allow_headings
        self.footnotes: list[Footnote] = []
        self.anchors: set[str] = set()
        self.context_comment: str | None = None

    def within(self, comment: str, closing: str) -> tuple[Block, ...]:
        """Blocks up to `closing`, their paragraphs commented for translators."""
        outer, self.context_comment = self.context_comment, comment
        try:
            return self.blocks_until(closing)
        finally:
            self.context_comment = outer

    def line(self, token: Token) -> SourceLocation:
        start = (self.location.line or 1) + (token.map[0] if token.map else 0)
        return self.location.at(start)

    def blocks_until(self, closing: str | None) -> tuple[Block, ...]:
        blocks: list[Block] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if closing and token.type == closing:
                self.pos += 1
                return tuple(blocks)
            block = self.read_block(token)
            if block is not None:
                blocks.append(block)
        return tuple(blocks)

    def read_block(self, token: Token) -> Block | None:
        kind = token.type
        self.pos += 1
        if kind == "paragraph_open":
            return self.read_paragraph(token)
        if kind == "heading_open":
            return self.read_heading(token)
        if kind == "blockquote_open":
            return Quote(self.within("Part of a quotation.", "blockquote_close"))
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.read_list(token)
        if kind in ("fence", "code_block"):
            return Preformatted(token.content.rstrip("\n"))
        if kind == "hr":
            return Rule()
        if kind == "footnote_block_open":
            self.read_footnotes()
            return None
        return None

    def read_inline(self, opening: Token, comment: str | None = None) -> Text:
        inline = self.tokens[self.pos]
        self.pos += 2  # inline, then the closing token
        text = normalize_inline(inline.content)
        return Text(text, self.line(opening), comment=markup_comment(text, comment))

    def read_paragraph(self, token: Token) -> Block:
        inline = self.tokens[self.pos]
        children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
        if len(children) == 1 and children[0].type == "image":
            self.pos += 2
            return self.make_figure(children[0], self.line(token))
        if any(child.type == "image" for child in children):
            self.diagnostics.error(self.line(token), "an image must stand alone in its paragraph",
                                   "put a blank line before and after it")
        for target in _REFUSED_IMAGE.findall(inline.content):
            self.diagnostics.error(self.line(token), f"image '{target}' is outside the images/ folder",
                                   "images must be files under images/")
        return Paragraph(self.read_inline(token, self.context_comment))

    def make_figure(self, image: Token, where: SourceLocation) -> Figure:
        alt = normalize_inline(image.content)
        title = str(image.attrs.get("title") or "").strip()
        if not alt:
            self.diagnostics.error(where, "an image needs alternative text: ![what it shows](file)")
        return Figure(str(image.attrs.get("src", "")),
                      Text(alt, where, comment="Alternative text of a figure: what the picture shows."),
                      Text(title, where, comment="Caption of a figure.") if title else None, where)

    def read_heading(self, token: Token) -> Block | None:
        depth = int(token.tag[1]) - 1
        text = self.read_inline(token, "A section heading.")
        if depth == 0 or not self.allow_headings:
            self.diagnostics.error(text.location, f"a '{'#' * (depth + 1)}' heading is not allowed here",
                                   "the title comes from the header; use '##' for sections" if depth == 0 else None)
            return Paragraph(text)
        anchor = base = self.slugify(text.value) or "section"
        number = 2
        while anchor in self.anchors:
            anchor, number = f"{base}-{number}", number + 1
        self.anchors.add(anchor)
        return Heading(min(depth, 3), text, anchor)

    def read_list(self, token: Token) -> Block:
        closing = token.type.replace("_open", "_close")
        start = int(token.attrs.get("start", 1) or 1)
        items: list[ListItem] = []
        while self.tokens[self.pos].type != closing:
            self.pos += 1  # list_item_open
            items.append(ListItem(self.within("An item of a list.", "list_item_close")))
        self.pos += 1
        return ListBlock(token.type == "ordered_list_open", tuple(items), start)

    def read_footnotes(self) -> None:
        while self.tokens[self.pos].type != "footnote_block_close":
            opening = self.tokens[self.pos]
            self.pos += 1
            label = opening.meta["label"]
            first = self.tokens[self.pos]
            blocks = self.within("A footnote.", "footnote_close")
            where = self.line(first) if first.map else self.location
            self.footnotes.append(Footnote(label, blocks, where))
        self.pos += 1


def markup_comment(text: str, comment: str | None) -> str | None:
    """The translator's comment for a block, with a reminder to keep its Markdown."""
    reminders = []
    if FOOTNOTE_REF.search(text):
        reminders.append("keep each note reference [^...] after the word it belongs to")
    if re.search(r"\*|_\w|\]\(", FOOTNOTE_REF.sub("", text)):
        reminders.append("keep the *emphasis* and [link](...) markup")
    if not reminders:
        return comment
    note = "Markdown: " + "; ".join(reminders) + "."
    return f"{comment} {note}" if comment else note


def normalize_inline(text: str) -> str:
    """Inline Markdown on one line: soft line breaks become spaces."""
    return _SOFT_BREAK.sub(" ", text.strip())


# Inline rendering --------------------------------------------------------------------

def render_inline(text: str, language: str, footnote: Callable[[str], str] | None = None,
                  labels: tuple[str, ...] = (), names: re.Pattern | None = None, keep_whole: bool = False) -> str:
    """Inline Markdown as HTML (XHTML-compatible) in the typography of `language`.

    `footnote(label)` returns the HTML that stands for a reference `[^label]`. With `keep_whole`,
    the words a line must not hyphenate are marked: compounds, the last word, and the people's
    names that `names` matches.
    """
    env = {"footnotes": {"refs": {f":{label}": -1 for label in labels}, "list": {}},
           "footnote": footnote, "typeset": keep_whole, "names": names}
    md = _engine(language)
    return md.renderer.render(md.parseInline(text, env)[0].children or [], md.options, env)


def _render_footnote_ref(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    callback = env.get("footnote")
    label = tokens[idx].meta["label"]
    return callback(label) if callback else ""


def inline_shape(text: str) -> list[tuple[str, str]]:
    """The markup of inline Markdown, without its words: emphasis, links and their
    targets, footnote references, code. Two texts with the same shape carry the same markup."""
    env = {"footnotes": {"refs": {f":{label}": -1 for label in FOOTNOTE_REF.findall(text)},
                         "list": {}}}
    tokens = _engine().parseInline(text, env)[0].children or []
    shape = []
    for token in tokens:
        if token.type in ("text", "softbreak"):
            continue
        detail = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
        if token.type == "footnote_ref":
            detail = token.meta["label"]
        if token.type == "code_inline":
            detail = token.content
        shape.append((token.type, detail))
    return sorted(shape)
