"""Stable anchors and the table of contents.

Anchors come from ids and source-language headings, never from translations, so a
link to `#ch-tyumen-case--the-arrests` means the same place in every edition.
The TOC is a flat, ordered list of entries with a level: parts, chapters, their
`##` sections and their profiles. Print, EPUB navigation and PDF bookmarks all
read this one list.
"""

from __future__ import annotations

import re

from anyascii import anyascii
from dataclasses import dataclass
from typing import Iterable

from .model import Book, ChapterEntry, Heading, Page, Part, Text

def slugify(text: str) -> str:
    """An ASCII anchor for a heading, in any script: lowercase words joined by hyphens
    (letters of other scripts are transliterated with anyascii)."""
    text = re.sub(r"[*_`\[\]()]", "", anyascii(re.sub("[‘’“”]", "", text)).lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


def part_anchor(part_id: str) -> str:
    return f"part-{part_id}"


def chapter_anchor(chapter_id: str) -> str:
    return f"ch-{chapter_id}"


def section_anchor(chapter_id: str, heading: Heading) -> str:
    return f"ch-{chapter_id}--{heading.anchor}"


def profile_anchor(profile_id: str) -> str:
    return f"p-{profile_id}"


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents.

    `level` is the depth (1 = top); `kind` is part, chapter, section or profile;
    `document` is the id of the chapter or part the anchor lives in (for EPUB files);
    `front` is true for front matter (numbered in roman numerals in print).
    """

    level: int
    kind: str
    title: Text
    anchor: str
    document: str
    front: bool = False


def build_toc(book: Book) -> tuple[TocEntry, ...]:
    """The table of contents of `book`, in reading order."""
    entries: list[TocEntry] = []
    contents_seen = False
    for item in book.front:
        if isinstance(item, Page):
            contents_seen = contents_seen or item.name == "contents"
        elif contents_seen:
            entries.extend(_chapter_entries(item, 1, front=True))
    for item in book.body:
        if isinstance(item, Part):
            entries.append(TocEntry(1, "part", item.title, part_anchor(item.id), part_anchor(item.id)))
            for entry in item.entries:
                entries.extend(_chapter_entries(entry, 2))
        else:
            entries.extend(_chapter_entries(item, 1))
    return tuple(entries)


def _chapter_entries(entry: ChapterEntry, level: int, front: bool = False) -> list[TocEntry]:
    chapter = entry.chapter
    document = chapter_anchor(chapter.id)
    found = [TocEntry(level, "chapter", chapter.title, document, document, front)]
    for block in chapter.blocks:
        if isinstance(block, Heading) and block.depth == 1:
            found.append(TocEntry(level + 1, "section", block.text, section_anchor(chapter.id, block), document, front))
    for profile in entry.profiles:
        found.append(TocEntry(level + 1, "profile", profile.name, profile_anchor(profile.id), document, front))
    return found


def chapter_levels(book: Book) -> dict[str, int]:
    """The heading level of each chapter's title: 1 at top level, 2 inside a part."""
    levels = {entry.chapter.id: 1 for entry in book.entries()}
    for item in book.body:
        if isinstance(item, Part):
            levels.update({entry.chapter.id: 2 for entry in item.entries})
    return levels


TOC_KINDS = ("part", "chapter", "section", "profile")


@dataclass(frozen=True)
class TocNode:
    entry: TocEntry
    children: tuple["TocNode", ...]


def toc_tree(entries: Iterable[TocEntry]) -> tuple[TocNode, ...]:
    """The flat table of contents as a tree, for nested lists."""
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for entry in entries:
        while stack[-1][0] >= entry.level:
            stack.pop()
        children: list = []
        stack[-1][1].append((entry, children))
        stack.append((entry.level, children))
    return _freeze(root)


def _freeze(nodes: list) -> tuple[TocNode, ...]:
    return tuple(TocNode(entry, _freeze(children)) for entry, children in nodes)


def contents_tree(entries: Iterable[TocEntry], kinds: tuple[str, ...]) -> tuple[TocNode, ...]:
    """The contents as a book prints them: only entries of `kinds` (book.yaml's table_of_contents),
    and an entry that only repeats the title right above it (a part and its only chapter, a chapter
    and its only profile, of the same name) shown once."""
    return _prune(toc_tree(entries), set(kinds))


def _prune(nodes: tuple[TocNode, ...], kinds: set[str]) -> tuple[TocNode, ...]:
    kept = []
    for node in nodes:
        if node.entry.kind not in kinds:
            continue
        children = _prune(node.children, kinds)
        if len(children) == 1 and _same_title(children[0].entry, node.entry):
            children = children[0].children
        kept.append(TocNode(node.entry, children))
    return tuple(kept)


def _same_title(a: TocEntry, b: TocEntry) -> bool:
    return " ".join(str(a.title).split()).casefold() == " ".join(str(b.title).split()).casefold()
