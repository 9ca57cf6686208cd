"""The web edition: one language's book as a static site, a page per chapter and per prisoner.

Pages have the same paths in every language (`prisoners/balin-andrei.html`), so a link can
be passed on, and the language switcher lands on the same page in the other language. They
are rendered with the macros the book is printed with, so a prisoner's page says what the
book says. A site's `Layout` says where it sits relative to the other languages' sites and
to the book's files: in the build folders, in the release, or in the live preview.

Reading needs no script; only the search page runs one, over an index built with the site
(search.py).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from . import i18n, themes
from .fonts import FontFace, subset_face
from .model import Book, ChapterEntry, Part, Profile
from .output import write_bytes
from .render import Edition, Renderer, Scope
from .search import SearchEntry, index_script, page_words
from .toc import TocEntry, chapter_anchor, profile_anchor

STYLESHEETS = ("fonts.css", "book.css", "web.css")
_TAG = re.compile(r"<[^>]+>")
_NOTE_REF = re.compile(r"\[\^[^\]]+\]")


@dataclass(frozen=True)
class Layout:
    """Where a site sits. `languages` leads from a site's root to another language's site root,
    `downloads` to the folder of the edition's files; "{code}" stands for a language."""

    languages: str
    downloads: str

    def language_root(self, code: str) -> str:
        return self.languages.format(code=code)

    def downloads_folder(self, code: str) -> str:
        return self.downloads.format(code=code)


BUILD_LAYOUT = Layout("../../{code}/web/", "../")  # build/<lang>/web/, beside build/<lang>/<files>
RELEASE_LAYOUT = Layout("../{code}/", "../../")    # <release>/web/<lang>/, the files in <release>/


@dataclass(frozen=True)
class Download:
    """A file of the edition that the site offers for download."""

    name: str         # the file's name in the downloads folder
    label: str        # the builder's label, a message of the theme, with %(size)s
    size: str         # what the label says of the size: "A5", "1600 × 2400"
    media_type: str
    bytes: int
    pages: int | None = None


@dataclass(frozen=True)
class SitePage:
    """One page of the site: its path from the site's root and what it shows."""

    path: str
    kind: str  # contents, chapter, prisoner, prisoners, search
    entry: ChapterEntry | None = None
    profile: Profile | None = None
    part: Part | None = None

    @property
    def root(self) -> str:
        """The way from this page up to the site's root."""
        return "../" * self.path.count("/")


def chapter_path(chapter_id: str) -> str:
    return f"chapters/{chapter_id}.html"


def prisoner_path(profile_id: str) -> str:
    return f"prisoners/{profile_id}.html"


PRISONERS_PATH, SEARCH_PATH, COVER_PATH = "prisoners/index.html", "search.html", "cover.png"


@dataclass(frozen=True)
class Site:
    """One language's web edition: its pages in reading order, the languages it links to, and
    where it sits (`layout`)."""

    edition: Edition
    pages: tuple[SitePage, ...]
    languages: tuple[str, ...]
    layout: Layout
    downloads: tuple[Download, ...] = ()
    cover: str | None = None  # the cover image's path in the site, if it has one

    @property
    def language(self) -> str:
        return self.edition.language

    @property
    def base_url(self) -> str | None:
        """The full address of this site, if book.yaml says where the web edition is published."""
        url = self.edition.book.config.web_url
        return f"{url}{self.language}/" if url else None

    @property
    def has_prisoners(self) -> bool:
        return any(page.kind == "prisoner" for page in self.pages)

    def page(self, path: str) -> SitePage | None:
        return next((page for page in self.pages if page.path == path), None)

    def neighbours(self, page: SitePage) -> tuple[SitePage | None, SitePage | None]:
        """The pages before and after `page` in the book's reading order."""
        reading = [p for p in self.pages if p.kind in ("chapter", "prisoner")]
        if page not in reading:
            return None, None
        at = reading.index(page)
        return (reading[at - 1] if at else None), (reading[at + 1] if at + 1 < len(reading) else None)

    def href(self, entry: TocEntry) -> str | None:
        """Where a line of the contents leads, from the site's root; None for a part."""
        if entry.kind == "profile":
            return prisoner_path(entry.anchor.removeprefix(profile_anchor("")))
        if entry.kind == "part":
            return None
        page = chapter_path(entry.document.removeprefix(chapter_anchor("")))
        return page if entry.kind == "chapter" else f"{page}#{entry.anchor}"


def make_site(edition: Edition, languages: tuple[str, ...], layout: Layout, downloads: tuple[Download, ...] = (),
              cover: str | None = None) -> Site:
    return Site(edition, site_pages(edition.book), languages, layout, downloads, cover)


def site_pages(book: Book) -> tuple[SitePage, ...]:
    """Every page, in reading order: the contents, each chapter followed by its prisoners, the
    list of prisoners, and the search page."""
    pages = [SitePage("index.html", "contents")]
    for part, entry in book_entries(book):
        pages.append(SitePage(chapter_path(entry.chapter.id), "chapter", entry, None, part))
        pages.extend(SitePage(prisoner_path(p.id), "prisoner", entry, p, part) for p in entry.profiles)
    if book.profiles():
        pages.append(SitePage(PRISONERS_PATH, "prisoners"))
    pages.append(SitePage(SEARCH_PATH, "search"))
    return tuple(pages)


def book_entries(book: Book) -> list[tuple[Part | None, ChapterEntry]]:
    """Every chapter of the book in reading order, with the part it belongs to."""
    found: list[tuple[Part | None, ChapterEntry]] = [(None, item) for item in book.front if item.kind == "chapter"]
    for item in book.body:
        found.extend([(item, entry) for entry in item.entries] if item.kind == "part" else [(None, item)])
    return found


def native_name(code: str) -> str:
    return i18n.language_name(code, label=True)


def og_locale(code: str) -> str:
    """A language as Open Graph names locales: language and country, "ru_RU"."""
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(code, code)).split("_")
    return f"{likely[0]}_{likely[-1]}" if len(likely) > 1 else code


class WebRenderer(Renderer):
    """Renders the pages of one site. Images and the site's own files are linked relative to the
    page being rendered."""

    def __init__(self, root: Path, site: Site):
        super().__init__(root, site.edition, mode="web")
        self.site, self.page_root = site, ""
        self.env.filters["asset"] = lambda path: self.page_root + path
        self.env.globals.update(site=site, stylesheets=STYLESHEETS, native_name=native_name, og_locale=og_locale,
                                text_direction=i18n.text_direction, web_scope=self.web_scope,
                                page_summary=self.summary)

    def web_scope(self, entry: ChapterEntry, level: int = 1) -> Scope:
        """A chapter's scope on its own page (title at `level`); a prisoner's page uses level 0, so
        that the name is the page's first heading."""
        scope = self.scope(entry.chapter)
        scope.level = level
        return scope

    def render_page(self, page: SitePage) -> str:
        self.page_root = page.root
        previous, following = self.site.neighbours(page)
        return self.render(f"web/{page.kind}.html.j2", page=page, root=page.root, previous=previous,
                           following=following)

    def title(self, page: SitePage) -> str:
        plain = self.env.filters["plain"]
        if page.kind == "prisoner":
            return self.display_name(page.profile).striptags()
        if page.kind == "chapter":
            return plain(page.entry.chapter.title)
        return plain(self.edition.book.config.title)

    def summary(self, page: SitePage) -> str:
        plain = self.env.filters["plain"]
        if page.kind == "prisoner":
            return plain(page.profile.summary) if page.profile.summary else ""
        if page.kind == "chapter":
            first = next((b for b in page.entry.chapter.blocks if b.kind == "paragraph"), None)
            return _shorten(_NOTE_REF.sub("", plain(first.text))) if first else ""
        return ""


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def render_pages(renderer: WebRenderer) -> dict[str, str]:
    """Every page of the site as HTML, by path."""
    return {page.path: renderer.render_page(page) for page in renderer.site.pages}


def search_index(renderer: WebRenderer, pages: dict[str, str]) -> str:
    """The search index of the rendered `pages`, as the script the search page loads."""
    entries = [SearchEntry(page.path, page.kind, renderer.title(page), renderer.summary(page),
                           page_words(pages[page.path]))
               for page in renderer.site.pages if page.kind in ("chapter", "prisoner")]
    return index_script(entries)


def render_site(root: Path, site: Site, fonts: tuple[FontFace, ...], extra: dict[str, bytes] | None = None,
                subset: bool = True) -> dict[str, bytes]:
    """Every file of the site by path: pages, search index, styles, fonts (cut down to the
    characters the pages use), images, and the `extra` files the caller gives (the cover)."""
    from .writers import image_files

    renderer = WebRenderer(root, site)
    pages = render_pages(renderer)
    files = {path: text.encode() for path, text in pages.items()}
    files["search-index.js"] = search_index(renderer, pages).encode()
    files["search.js"] = renderer.render("web/search.js.j2").encode()
    files["fonts.css"] = renderer.render("fonts.css.j2", faces=fonts, prefix="fonts/").encode()
    for name in STYLESHEETS[1:]:
        files[name] = themes.stylesheet(root, name).read_bytes()
    codepoints = frozenset(map(ord, set(html.unescape(_TAG.sub(" ", " ".join(pages.values()))))))
    for face in fonts:
        files[f"fonts/{face.file_name}"] = subset_face(face, codepoints) if subset else face.path.read_bytes()
    for name in image_files(site.edition.book):
        files[name] = (root / name).read_bytes()
    files.update(extra or {})
    return dict(sorted(files.items()))


def write_site(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write the site's files into `folder` (each atomically, unchanged ones left alone) and remove
    files of an earlier site that are no longer part of it. Returns the files, in order."""
    written = [folder / name for name in files]
    for path, data in zip(written, files.values()):
        write_bytes(path, data)
    keep = set(written)
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written
