"""Read every source and assemble the `Book` in the order `book.yaml` gives.

All files are read and checked before anything is written: unknown chapter or
profile ids, profiles placed twice or nowhere, and missing images are reported
together with every other source error of the run.
"""

from __future__ import annotations

from pathlib import Path

from ..config import BookConfig, ChapterRef, PartRef
from ..errors import Diagnostics, SourceLocation
from ..model import BOOK_VARIABLES, PLACEHOLDER, Book, Certainty, Chapter, ChapterEntry, Page, Part, Profile, iter_figures, iter_texts
from .cache import FileCache, read_directly
from .chapters import read_chapter
from .fields import suggest
from .legal import resolve_jurisdictions
from .profiles import read_profile
from .styles import check_stylesheets

CHAPTER_DIR = "chapters"
PROFILE_DIR = "profiles"


def load_book(config: BookConfig, diagnostics: Diagnostics, cache: FileCache | None = None) -> Book:
    """The book in its source language, with every source problem recorded in `diagnostics`.
    With a `cache`, only the chapters and profiles that changed since the last read are parsed."""
    root = config.root
    read = cache.read if cache else read_directly
    chapters = _index([read(read_chapter, p, root, diagnostics) for p in sorted((root / CHAPTER_DIR).glob("*.md"))],
                      "chapter", diagnostics)
    profiles = _index([read(read_profile, p, root, diagnostics) for p in sorted((root / PROFILE_DIR).glob("*.yaml"))],
                      "profile", diagnostics)
    assembler = _Assembler(chapters, profiles, diagnostics)
    # Files that failed to load are known by name, so that one mistake is reported once, not also
    # as references to them or as their profiles appearing nowhere.
    assembler.broken = {p.stem for p in (root / CHAPTER_DIR).glob("*.md") if p.stem not in chapters} | \
        {p.stem for p in (root / PROFILE_DIR).glob("*.yaml") if p.stem not in profiles}
    front = tuple(Page(item) if isinstance(item, str) else assembler.entry(item) for item in config.front)
    body = tuple(assembler.part(item) if isinstance(item, PartRef) else assembler.entry(item)
                 for item in config.contents)
    assembler.report_unplaced()
    jurisdictions = resolve_jurisdictions(config, list(profiles.values()), diagnostics)
    book = Book(config, tuple(i for i in front if i), tuple(i for i in body if i), config.source_language,
                jurisdictions)
    check_images(book, root, diagnostics)
    check_citations(book, diagnostics)
    check_placeholders(book, diagnostics)
    check_stylesheets(root, diagnostics)
    return book


def check_citations(book: Book, diagnostics: Diagnostics) -> None:
    """Every source a chapter or profile cites must be listed under `sources` in book.yaml."""
    known = {source.id: source for source in book.config.sources}
    cited = [ref for entry in book.entries() for ref in entry.chapter.sources]
    cited += [ref for profile in book.profiles() for ref in profile.sources]
    for ref in cited:
        if ref.id not in known:
            diagnostics.error(ref.location, f"no source with id '{ref.id}' under 'sources' in book.yaml",
                              suggest(ref.id, known))


def check_placeholders(book: Book, diagnostics: Diagnostics) -> None:
    """A `%(name)s` in the text must be one of the values the build fills in."""
    for text in iter_texts((book.front, book.body)):
        for name in PLACEHOLDER.findall(text.value):
            if name not in BOOK_VARIABLES:
                diagnostics.error(text.location, f"unknown placeholder %({name})s",
                                  suggest(name, BOOK_VARIABLES) or "the placeholders are: "
                                  + ", ".join(f"%({v})s" for v in BOOK_VARIABLES))


def uncertain_facts(book: Book) -> list[tuple[Profile, Certainty]]:
    """The facts the sources leave open (inferred, implied, contradictory, transliterated), in book order."""
    return [(profile, fact) for profile in book.profiles() for fact in profile.certainty if fact.basis != "attested"]


def _index(items: list, kind: str, diagnostics: Diagnostics) -> dict:
    found: dict = {}
    for item in items:
        if item is None:
            continue
        if item.id in found:
            first = found[item.id].location
            diagnostics.error(item.location, f"duplicate {kind} id '{item.id}' (also in {first.path})")
            continue
        found[item.id] = item
    return found


class _Assembler:
    """Places chapters and profiles where `book.yaml` says, noting what is missing or doubled."""

    def __init__(self, chapters: dict[str, Chapter], profiles: dict[str, Profile], diagnostics: Diagnostics):
        self.chapters, self.profiles, self.diagnostics = chapters, profiles, diagnostics
        self.placed_chapters: dict[str, SourceLocation] = {}
        self.placed_profiles: dict[str, SourceLocation] = {}
        self.broken: set[str] = set()

    def part(self, ref: PartRef) -> Part | None:
        entries = tuple(e for e in (self.entry(c) for c in ref.chapters) if e)
        return Part(ref.id, ref.title, entries, ref.location)

    def entry(self, ref: ChapterRef) -> ChapterEntry | None:
        chapter = self.chapters.get(ref.id)
        if chapter is None and ref.id in self.broken:
            self.placed_profiles.update({pid: where for pid, where in ref.profiles or ()})
            return None
        if chapter is None:
            self.diagnostics.error(ref.location, f"no chapter with id '{ref.id}' in {CHAPTER_DIR}/",
                                   suggest(ref.id, self.chapters))
            return None
        if ref.id in self.placed_chapters:
            self.diagnostics.error(ref.location, f"chapter '{ref.id}' is placed twice "
                                                 f"(also at line {self.placed_chapters[ref.id].line})")
        self.placed_chapters[ref.id] = ref.location
        return ChapterEntry(chapter, self.profiles_for(ref))

    def profiles_for(self, ref: ChapterRef) -> tuple[Profile, ...]:
        if ref.profiles is None:
            wanted = [(p.id, ref.location) for p in sorted(self.profiles.values(), key=lambda p: p.id)
                      if p.case == ref.id]
        else:
            wanted = list(ref.profiles)
        found = []
        for profile_id, where in wanted:
            profile = self.profiles.get(profile_id)
            if profile is None and profile_id in self.broken:
                continue
            if profile is None:
                self.diagnostics.error(where, f"no profile with id '{profile_id}' in {PROFILE_DIR}/",
                                       suggest(profile_id, self.profiles))
            elif profile_id in self.placed_profiles:
                self.diagnostics.error(where, f"profile '{profile_id}' is placed twice "
                                              f"(also at line {self.placed_profiles[profile_id].line})")
            else:
                self.placed_profiles[profile_id] = where
                found.append(profile)
        return tuple(found)

    def report_unplaced(self) -> None:
        for profile in self.profiles.values():
            if profile.id not in self.placed_profiles and profile.case not in self.broken:
                self.diagnostics.error(profile.location, f"profile '{profile.id}' appears nowhere in the book",
                                       f"its case '{profile.case}' is not a chapter in book.yaml, "
                                       f"or list it under a chapter's 'profiles'")
        for chapter in self.chapters.values():
            if chapter.id not in self.placed_chapters:
                self.diagnostics.warning(chapter.location, f"chapter '{chapter.id}' is not in book.yaml's contents")


def check_images(book: Book, root: Path, diagnostics: Diagnostics) -> None:
    """Every figure must point at an image file inside the project's images/ folder."""
    images = (root / "images").resolve()
    for entry in book.entries():
        for figure in iter_figures(entry.chapter.blocks):
            target = (root / figure.src).resolve()
            if not target.is_relative_to(images):
                diagnostics.error(figure.location, f"image '{figure.src}' is outside the images/ folder",
                                  "images must be files under images/")
            elif not target.is_file():
                diagnostics.error(figure.location, f"image not found: {figure.src}")
