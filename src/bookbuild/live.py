"""The book held in memory while it is being edited, for the live preview (serve.py).

`Preview.refresh` reads the sources again after a change, parsing only the chapters and
profiles whose bytes changed; a language's catalogues are read again only when one of its
.po files changed, and an edition is translated again only when its text or catalogues
changed, and only when a page of it is asked for. Pages are rendered when the browser asks
(site.py), so a change to a template or a stylesheet needs no rebuild at all.

If the sources have errors, the last book that loaded stays in use, and the errors are kept
(`errors`) for the page to show until a change fixes them.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from . import builders
from .build import language_fonts, prepare_edition, resolve_fonts
from .config import load_config
from .dist import MEDIA_TYPES, size_label
from .errors import BookError, Diagnostic, Diagnostics, SourceLocation
from .fonts import FontFace
from .i18n.catalogs import TRANSLATIONS
from .i18n.package_catalogs import PACKAGE, package_translations
from .jurisdiction import FOLDER as JURISDICTIONS
from .i18n.translate import LanguageCatalog, load_language
from .model import Book
from .render import Edition
from .site import COVER_PATH, Download, Layout, Site, make_site
from .sources.book import load_book
from .sources.cache import FileCache

# The preview's own address space: /<lang>/ is a language's site, /_build/<lang>/ its built files.
PREVIEW_LAYOUT = Layout("../{code}/", "../_build/{code}/")


@dataclass
class Change:
    """What a refresh found: the files that changed, and whether the book had to be read again."""

    paths: tuple[str, ...]
    errors: tuple[Diagnostic, ...]
    reloaded: bool


@dataclass
class _Language:
    digest: str = ""
    catalog: LanguageCatalog | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    edition: Edition | None = None        # the current edition, None when it must be prepared again
    last_good: Edition | None = None      # the last edition that was prepared without errors
    errors: list[Diagnostic] = field(default_factory=list)


class Preview:
    """One book and its editions, kept current as its files change."""

    def __init__(self, root: Path, languages: tuple[str, ...] = ()):
        self.root = root
        self.wanted = languages
        self.files = FileCache()
        self.book: Book | None = None
        self.source_errors: list[Diagnostic] = []
        self.languages: dict[str, _Language] = {}
        self.generation = 0
        self.lock = threading.RLock()
        self._fonts: dict[str, tuple[FontFace, ...]] = {}

    @property
    def codes(self) -> tuple[str, ...]:
        """The languages the preview shows, in book.yaml's order."""
        if self.book is None:
            return self.wanted
        known = tuple(language.code for language in self.book.config.languages)
        return tuple(code for code in known if not self.wanted or code in self.wanted)

    def refresh(self, changed: tuple[Path, ...] = ()) -> Change:
        """Read the book again after `changed` files changed (everything, the first time)."""
        with self.lock:
            shown = tuple(sorted(self._shown(path) for path in changed))
            # Shipped catalogues are read once per process, and legal systems are not part of the
            # book's equality: after a change to either, every edition is prepared again.
            legal = any(self._is_legal_or_shipped(path) for path in changed)
            if legal:
                package_translations.cache_clear()
            reloaded = self._reload_sources(force=legal)
            for code in self.codes:
                state = self.languages.setdefault(code, _Language())
                catalogue_changed = self._catalog_changed(code, state)  # always: it records the digest
                if reloaded or catalogue_changed:
                    state.edition = None
            self.generation += 1
            return Change(shown, tuple(self.errors), reloaded)

    def _is_legal_or_shipped(self, path: Path) -> bool:
        if path.is_relative_to(PACKAGE):
            return path.suffix in (".po", ".yaml")
        return path.is_relative_to(self.root / JURISDICTIONS)

    def _reload_sources(self, force: bool = False) -> bool:
        """Read book.yaml, chapters and profiles (unchanged files from the cache); True if the book
        changed. On errors the last good book stays."""
        diagnostics = Diagnostics()
        try:
            config = load_config(self.root, diagnostics)
            diagnostics.check()
            book = load_book(config, diagnostics, self.files)
            diagnostics.check()
        except BookError as error:
            self.source_errors = list(getattr(error, "diagnostics", [error.diagnostic]))
            return False
        self.source_errors = []
        if book == self.book and not force:
            return False
        if self.book is None or book.config != self.book.config:
            self._fonts.clear()
        self.book = book
        return True

    def _catalog_changed(self, code: str, state: _Language) -> bool:
        folder = self.root / TRANSLATIONS / code
        digest = hashlib.sha256()
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        if digest.hexdigest() == state.digest:
            return False
        state.digest, state.catalog, state.problems = digest.hexdigest(), None, []
        return True

    @property
    def errors(self) -> list[Diagnostic]:
        """Every current error: the sources', then each language's."""
        found = list(self.source_errors)
        for state in self.languages.values():
            found.extend(error for error in state.errors if error not in found)
        return found

    def edition(self, code: str) -> Edition | None:
        """The edition of `code`, translated now if its text or catalogues changed; on errors, the
        last good one."""
        with self.lock:
            state = self.languages.setdefault(code, _Language())
            if state.edition is None and self.book is not None:
                state.edition, state.errors = self._prepare(code, state)
                state.last_good = state.edition or state.last_good
            return state.edition or state.last_good

    def _prepare(self, code: str, state: _Language) -> tuple[Edition | None, list[Diagnostic]]:
        diagnostics = Diagnostics()
        try:
            if code != self.book.config.source_language and state.catalog is None:
                own = Diagnostics()
                state.catalog, state.problems = load_language(self.root, code, own), own.items
            diagnostics.items.extend(state.problems)
            edition = prepare_edition(self.root, self.book, code, diagnostics, catalog=state.catalog)
        except BookError as error:
            return None, list(getattr(error, "diagnostics", [error.diagnostic]))
        if edition is None:
            return None, [Diagnostic(SourceLocation("book.yaml"), diagnostics.warnings[-1].message)]
        return edition, []

    def fonts(self, code: str) -> tuple[FontFace, ...]:
        if code not in self._fonts:
            config = self.book.config
            self._fonts[code] = resolve_fonts(config) + language_fonts(config.language(code))
        return self._fonts[code]

    def site(self, code: str, output: Path) -> Site | None:
        """The web edition of `code` as the preview shows it, linking to the files already built
        under `output`."""
        edition = self.edition(code)
        if edition is None:
            return None
        config = edition.book.config
        downloads = []
        for name in built_files(config, output / code):
            cls = builders.REGISTRY[name]
            path = output / code / cls().file_name(config.slug)
            downloads.append(Download(path.name, cls.label, size_label(config, name, {}),
                                      MEDIA_TYPES.get(cls.format, "application/octet-stream"), path.stat().st_size))
        cover = output / code / builders.REGISTRY["cover"]().file_name(config.slug)
        return make_site(edition, self.codes, PREVIEW_LAYOUT, tuple(downloads),
                         COVER_PATH if cover.is_file() else None)

    def _shown(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)


def built_files(config, folder: Path) -> list[str]:
    """The released outputs (other than the web edition) already built in `folder`, by builder name."""
    return [name for name, cls in builders.REGISTRY.items()
            if cls.released and cls.format != "html" and (folder / cls().file_name(config.slug)).is_file()]
