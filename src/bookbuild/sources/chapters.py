"""chapters/*.md -> `Chapter`: a YAML header (id, title), then Markdown blocks."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Diagnostics, SourceError, SourceLocation, relative_path
from ..markdown import parse_blocks
from ..model import Chapter
from ..toc import slugify
from .fields import Fields
from .yamlfile import parse_yaml

_HEADER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
HEADER_KEYS = ("id", "title", "sources")


def read_chapter(path: Path, root: Path, diagnostics: Diagnostics) -> Chapter | None:
    """Read one chapter file; None (with errors recorded) if it cannot be used."""
    where = SourceLocation(relative_path(path, root), 1)
    text = read_text(path, where, diagnostics)
    if text is None:
        return None
    match = _HEADER.match(text)
    if not match:
        diagnostics.error(where, "a chapter must start with a header between '---' lines giving its id and title")
        return None
    try:
        header = parse_yaml(match.group(1), where.at(2))
    except SourceError as error:
        diagnostics.add(error)
        return None
    fields = Fields(header, where, diagnostics, HEADER_KEYS)
    chapter_id = fields.slug("id", required=True)
    title = fields.text("title", required=True, comment="Title of a chapter.")
    sources = fields.source_refs()
    body_start = text.count("\n", 0, match.end()) + 1
    blocks, footnotes = parse_blocks(text[match.end():], where.at(body_start), diagnostics, slugify)
    if chapter_id and chapter_id != path.stem:
        diagnostics.error(fields.loc("id"), f"chapter id '{chapter_id}' must match the file name '{path.name}'",
                          f"rename the file to chapters/{chapter_id}.md, or set 'id: {path.stem}'")
        return None
    if chapter_id is None or title is None:
        return None
    return Chapter(chapter_id, title, blocks, footnotes, where, sources)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_text(path: Path, where: SourceLocation, diagnostics: Diagnostics) -> str | None:
    """A source file's text, with Windows line ends made plain; None if unreadable or if it
    holds control characters (invisible, and unprintable in any font)."""
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        bad = _CONTROL.search(text)
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            diagnostics.error(where.at(line), f"control character U+{ord(bad.group()):04X} in the text",
                              "delete it; it is invisible and cannot be printed")
            return None
        return text
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        diagnostics.error(where.at(line), "the file is not UTF-8 text", "save it as UTF-8")
    except OSError as error:
        diagnostics.error(where, f"cannot read the file: {error.strerror}")
    return None
