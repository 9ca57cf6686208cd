"""The build, top to bottom: load sources -> validate -> per language: translate -> toc -> HTML -> PDF / EPUB.

Everything is read and checked before anything is written. Each language is an
edition of its own, written under build/<lang>/.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .i18n.translate import load_language, translate_book
from .config import BookConfig, LanguageConfig, load_config
from .errors import BookError, Diagnostics, SourceLocation
from .fonts import FontFace, copy_faces, find_faces
from .model import Book
from .output import ensure_folder, write_bytes, write_text
from .render import Edition, EpubRenderer, Renderer
from .sources.book import iter_figures, load_book
from .toc import build_toc

FORMATS = ("pdf", "epub")
PRINT_STYLESHEETS = ("fonts.css", "book.css", "print.css")


def print_stylesheets(edition: Edition) -> tuple[str, ...]:
    """The print edition's stylesheets, in cascade order."""
    extra = ("rtl.css",) if edition.direction == "rtl" else ()
    return PRINT_STYLESHEETS + extra + (("script.css",) if edition.script_font else ())


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
    folder = ensure_folder(request.output / edition.language)
    outputs = []
    if "pdf" in request.formats:
        outputs.append(_timed(lambda: make_pdf(request.root, edition, fonts, folder, diagnostics),
                              edition.language, "pdf", progress))
    if "epub" in request.formats:
        outputs.append(_timed(lambda: make_epub(request.root, edition, fonts, folder),
                              edition.language, "epub", progress))
    diagnostics.check()
    return outputs


def _timed(action, code: str, kind: str, progress) -> Output:
    progress(f"{code}: {kind} ...")
    start = time.monotonic()
    path, pages = action()
    return Output(code, kind, path, time.monotonic() - start, pages)


def make_pdf(root: Path, edition: Edition, fonts: tuple[FontFace, ...], folder: Path,
             diagnostics: Diagnostics) -> tuple[Path, int]:
    """Write the edition's HTML folder, then the print PDF made from it."""
    from .pdf import write_pdf

    html_dir = folder / "html"
    html = Renderer(root, edition).render("print/book.html.j2", stylesheets=print_stylesheets(edition), target="print")
    write_assets(root, edition, fonts, html_dir, "fonts/")
    write_text(html_dir / "index.html", html)
    target = folder / f"{edition.book.config.slug}-print.pdf"
    result = write_pdf(html_dir / "index.html", target, diagnostics)
    return target, result.pages


def write_assets(root: Path, edition: Edition, fonts: tuple[FontFace, ...], folder: Path, font_prefix: str) -> None:
    """Stylesheets, the @font-face sheet, font files and images next to the HTML."""
    copy_faces(fonts, folder / "fonts")
    renderer = Renderer(root, edition)
    write_text(folder / "fonts.css", renderer.render("fonts.css.j2", faces=fonts, prefix=font_prefix))
    for sheet in sorted((root / "styles").glob("*.css")):
        write_bytes(folder / sheet.name, sheet.read_bytes())
    images = root / "images"
    if images.is_dir():
        shutil.copytree(images, folder / "images", dirs_exist_ok=True)


def make_epub(root: Path, edition: Edition, fonts: tuple[FontFace, ...], folder: Path) -> tuple[Path, None]:
    from .epub import EpubAsset, EpubMetadata, edition_identifier, write_epub

    config = edition.book.config
    renderer = EpubRenderer(root, edition)
    documents = renderer.documents()
    plain = renderer.env.filters["plain"]
    assets = [EpubAsset(f"css/{sheet.name}", "text/css", sheet.read_bytes())
              for sheet in (root / "styles" / "book.css", root / "styles" / "epub.css")]
    assets.append(EpubAsset("css/fonts.css", "text/css",
                            renderer.render("fonts.css.j2", faces=fonts, prefix="../fonts/").encode()))
    assets.extend(EpubAsset(f"fonts/{face.file_name}", _font_type(face.file_name), face.path.read_bytes())
                  for face in fonts)
    assets.extend(EpubAsset(name, _image_type(name), (root / name).read_bytes()) for name in image_files(edition.book))
    metadata = EpubMetadata(edition_identifier(config.slug, config.edition, edition.language), plain(config.title),
                            edition.language, config.author, config.publisher, config.date, plain(config.licence),
                            plain(config.description) if config.description else None, edition.direction)
    target = folder / f"{config.slug}.epub"
    write_epub(target, metadata, documents, assets, renderer.nav_points())
    return target, None


def image_files(book: Book) -> list[str]:
    """Every image file the book shows (figures and photos), as paths relative to the project."""
    found = {figure.src for entry in book.entries() for figure in iter_figures(entry.chapter.blocks)}
    found.update(profile.photo.file for profile in book.profiles() if profile.photo)
    return sorted(found)


def _font_type(name: str) -> str:
    return "font/otf" if name.endswith(".otf") else "font/ttf"


def _image_type(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "svg": "image/svg+xml",
            "gif": "image/gif", "webp": "image/webp"}.get(suffix, "application/octet-stream")
