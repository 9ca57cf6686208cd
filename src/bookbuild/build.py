"""The build, top to bottom: load sources -> validate -> per language: translate -> toc -> HTML -> PDF / EPUB.

Everything is read and checked before anything is written. Each language is an
edition of its own, written under build/<lang>/.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .i18n.translate import load_language, translate_book
from .config import BookConfig, LanguageConfig, load_config
from .errors import BookError, Diagnostics, SourceLocation
from .fonts import FontFace, find_faces
from .model import Book
from .output import ensure_folder
from .render import Edition
from .sources.book import load_book
from .writers import write_book_pdf, write_epub, write_html_folder, write_leaflets
from .toc import build_toc

FORMATS = ("print", "screen", "leaflets", "epub")
ALL_FORMATS = FORMATS + ("proof",)
ALIASES = {"pdf": ("print", "screen", "leaflets")}


def expand_formats(names: tuple[str, ...]) -> tuple[str, ...]:
    """Format names with aliases resolved ("pdf" is every PDF target), in a fixed order."""
    wanted = {expanded for name in names for expanded in ALIASES.get(name, (name,))}
    return tuple(name for name in ALL_FORMATS if name in wanted)


@dataclass(frozen=True)
class BuildRequest:
    root: Path
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    output_dir: Path | None = None

    @property
    def output(self) -> Path:
        return self.output_dir or self.root / "build"


@dataclass(frozen=True)
class Output:
    language: str
    kind: str
    path: Path
    seconds: float
    pages: int | None = None


@dataclass
class BuildReport:
    outputs: list[Output] = field(default_factory=list)
    failed: dict[str, BookError] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def load_sources(root: Path, diagnostics: Diagnostics) -> Book:
    """Read and check every source; raises `SourceErrors` listing every problem found."""
    config = load_config(root, diagnostics)
    diagnostics.check()
    book = load_book(config, diagnostics)
    diagnostics.check()
    return book


def build(request: BuildRequest, diagnostics: Diagnostics, progress=lambda message: None) -> BuildReport:
    """Build every requested language and format; a failing language does not stop the others."""
    book = load_sources(request.root, diagnostics)
    config: BookConfig = book.config
    languages = request.languages or tuple(language.code for language in config.languages)
    unknown = [code for code in languages if code not in {lang.code for lang in config.languages}]
    if unknown:
        diagnostics.error(SourceLocation("book.yaml"), f"language '{unknown[0]}' is not listed in book.yaml",
                          "add it under 'languages'")
        diagnostics.check()
    fonts = resolve_fonts(config)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(time.mktime(config.date.timetuple())))
    report = BuildReport()
    for code in languages:
        own = Diagnostics(strict=diagnostics.strict)
        try:
            edition = prepare_edition(request.root, book, code, own)
            if edition is None:
                report.skipped[code] = own.items[-1].message
                continue
            faces = fonts + language_fonts(config.language(code))
            report.outputs.extend(write_edition(request, edition, faces, own, progress))
        except BookError as error:
            report.failed[code] = error
        finally:
            diagnostics.items.extend(d for d in own.items if d.severity == "warning")
    report.warnings = diagnostics.warnings
    return report


def resolve_fonts(config: BookConfig) -> tuple[FontFace, ...]:
    where = SourceLocation("book.yaml")
    return find_faces(config.fonts.serif, "Book Serif", where) + find_faces(config.fonts.sans, "Book Sans", where)


def language_fonts(language: LanguageConfig) -> tuple[FontFace, ...]:
    """The faces of a language's own script font, if it has one."""
    if not language.font:
        return ()
    return find_faces(language.font, "Book Script", SourceLocation("book.yaml"))


def prepare_edition(root: Path, book: Book, code: str, diagnostics: Diagnostics) -> Edition | None:
    """One language's edition: translated, with its contents; None if below its publishing threshold."""
    config = book.config
    language = config.language(code)
    translations = None
    coverage = 100.0
    if code != config.source_language:
        catalog = load_language(root, code, diagnostics)
        diagnostics.check()
        book, measured = translate_book(book, catalog, diagnostics)
        translations = catalog.translations(diagnostics)
        coverage = measured.percent
        if coverage < language.min_coverage:
            diagnostics.warning(SourceLocation("book.yaml"),
                                f"{code}: not built: {coverage:.0f}% of the text is translated, "
                                f"below the minimum of {language.min_coverage:g}% set in book.yaml")
            return None
    diagnostics.check()
    return Edition(book, build_toc(book), code, language.direction, language.original_names, coverage,
                   translations, script_font=bool(language.font))


def write_edition(request: BuildRequest, edition: Edition, fonts: tuple[FontFace, ...],
                  diagnostics: Diagnostics, progress) -> list[Output]:
    """Every requested output of one edition, under build/<lang>/."""
    root, config = request.root, edition.book.config
    folder = ensure_folder(request.output / edition.language)
    write_html_folder(root, edition, fonts, folder / "html")
    jobs = {
        "print": lambda: write_book_pdf(root, edition, config.target("print"), folder, diagnostics),
        "screen": lambda: write_book_pdf(root, edition, config.target("screen"), folder, diagnostics),
        "proof": lambda: write_book_pdf(root, edition, config.target("screen"), folder, diagnostics, proof=True),
        "leaflets": lambda: write_leaflets(root, edition, config.target("leaflets"), folder, diagnostics),
        "epub": lambda: write_epub(root, edition, fonts, folder, diagnostics),
    }
    outputs = [_timed(jobs[kind], edition.language, kind, progress) for kind in expand_formats(request.formats)]
    diagnostics.check()
    return outputs


def _timed(action, code: str, kind: str, progress) -> Output:
    progress(f"{code}: {kind} ...")
    start = time.monotonic()
    path, pages = action()
    return Output(code, kind, path, time.monotonic() - start, pages)
