"""Writing one edition's outputs: the HTML folder, the PDF targets, leaflets and the EPUB.

Each writer renders with the templates (render.py) and hands the result to its
engine module (pdf.py, epub.py). Everything it writes goes through output.py,
so a failure leaves the previous files in place.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import re
from pathlib import Path

from .config import Target
from .cover import make_cover
from .errors import Diagnostics
from .fonts import FontFace, copy_faces, subset_face
from .model import Book
from .output import write_bytes, write_text
from .render import Edition, EpubRenderer, Renderer
from .sources.book import iter_figures
from .toc import chapter_anchor, part_anchor

BASE_STYLESHEETS = ("fonts.css", "book.css")
HTML_FILES = {"print": "index.html", "screen": "screen.html", "proof": "proof.html", "leaflets": "leaflets.html"}


def pdf_name(slug: str, target: str) -> str:
    return f"{slug}-{target}.pdf"


def stylesheets(edition: Edition, target: Target, proof: bool = False) -> tuple[str, ...]:
    """A PDF target's stylesheets, in cascade order."""
    sheets = list(BASE_STYLESHEETS)
    if target.name in ("print", "screen"):
        sheets.append("print.css")
    if target.stylesheet not in sheets:
        sheets.append(target.stylesheet)
    if edition.direction == "rtl":
        sheets.append("rtl.css")
    if edition.script_font:
        sheets.append("script.css")
    if proof:
        sheets.append("proof.css")
    return tuple(sheets) + (f"page-{'proof' if proof else target.name}.css",)


def write_html_folder(root: Path, edition: Edition, fonts: tuple[FontFace, ...], folder: Path) -> None:
    """Stylesheets, the @font-face sheet, font files and images next to the HTML."""
    copy_faces(fonts, folder / "fonts")
    renderer = Renderer(root, edition)
    write_text(folder / "fonts.css", renderer.render("fonts.css.j2", faces=fonts, prefix="fonts/"))
    for sheet in sorted((root / "styles").glob("*.css")):
        write_bytes(folder / sheet.name, sheet.read_bytes())
    for name in image_files(edition.book):
        write_bytes(folder / name, (root / name).read_bytes())


def book_html(root: Path, edition: Edition, target: Target, folder: Path, proof: bool = False) -> Path:
    """Write the HTML of the book for one PDF target; returns its path."""
    name = "proof" if proof else target.name
    html_dir = folder / "html"
    renderer = Renderer(root, edition)
    write_text(html_dir / f"page-{name}.css", renderer.render("page.css.j2", target=target))
    html = renderer.render("print/book.html.j2", stylesheets=stylesheets(edition, target, proof), target=name)
    write_text(html_dir / HTML_FILES[name], html)
    return html_dir / HTML_FILES[name]


def write_book_pdf(root: Path, edition: Edition, target: Target, folder: Path, diagnostics: Diagnostics,
                   proof: bool = False) -> tuple[Path, int]:
    """The book as one PDF target (print, screen, or a translator's proof)."""
    from .pdf import render

    html_file = book_html(root, edition, target, folder, proof)
    rendered = render(html_file, diagnostics)
    diagnostics.check()
    output = folder / pdf_name(edition.book.config.slug, "proof" if proof else target.name)
    rendered.write(output, None if proof else target.variant)
    if target.name == "print" and not proof:
        save_page_marks(html_file, page_marks(rendered, html_file, edition))
    return output, rendered.pages


# Print page numbers for the EPUB's page list -----------------------------------------

_ID = re.compile(r'\sid="([^"]+)"')


def page_marks(rendered, html_file: Path, edition: Edition) -> dict[str, str]:
    """For each printed page, the first element that starts on it, with the page's folio."""
    pages = rendered.anchor_pages()
    first = edition.book.body[0]
    body_start = pages.get(part_anchor(first.id) if first.kind == "part" else chapter_anchor(first.chapter.id), 0)
    marks: dict[str, str] = {}
    seen: set[int] = set()
    for element_id in _ID.findall(html_file.read_text(encoding="utf-8")):
        index = pages.get(element_id)
        if index is None or index in seen:
            continue
        seen.add(index)
        marks[element_id] = str(index - body_start + 1) if index >= body_start else roman(index + 1)
    return marks


def roman(number: int) -> str:
    """Lower-case roman numerals, as CSS `lower-roman` counts front matter pages."""
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _marks_file(html_file: Path) -> Path:
    return html_file.with_name("page-marks.json")


def save_page_marks(html_file: Path, marks: dict[str, str]) -> None:
    digest = hashlib.sha256(html_file.read_bytes()).hexdigest()
    write_text(_marks_file(html_file), json.dumps({"html": digest, "marks": marks}, indent=0, sort_keys=True))


def load_page_marks(root: Path, edition: Edition, folder: Path, diagnostics: Diagnostics) -> dict[str, str]:
    """The print edition's page marks: from the last print build if its HTML is current, else by laying it out."""
    from .pdf import render

    html_file = book_html(root, edition, edition.book.config.target("print"), folder)
    saved = _marks_file(html_file)
    if saved.is_file():
        data = json.loads(saved.read_text(encoding="utf-8"))
        if data.get("html") == hashlib.sha256(html_file.read_bytes()).hexdigest():
            return data["marks"]
    marks = page_marks(render(html_file, diagnostics), html_file, edition)
    save_page_marks(html_file, marks)
    return marks


def write_leaflets(root: Path, edition: Edition, target: Target, folder: Path,
                   diagnostics: Diagnostics) -> tuple[Path, int]:
    """One page per prisoner: the whole set, and one PDF per profile under leaflets/."""
    from .pdf import render

    html_dir = folder / "html"
    renderer = Renderer(root, edition)
    profiles = edition.book.profiles()
    write_text(html_dir / "page-leaflets.css", renderer.render("page.css.j2", target=target))
    compact: dict[str, int] = {}
    for _ in range(3):
        html = renderer.render("leaflets/leaflets.html.j2", profiles=profiles, compact=compact,
                               stylesheets=stylesheets(edition, target))
        write_text(html_dir / HTML_FILES["leaflets"], html)
        rendered = render(html_dir / HTML_FILES["leaflets"], diagnostics)
        starts = rendered.anchor_pages()
        pages = [starts[f"leaflet-{p.id}"] for p in profiles] + [rendered.pages]
        too_long = [p.id for p, first, after in zip(profiles, pages, pages[1:]) if after - first > 1]
        if not too_long or all(compact.get(name) == 2 for name in too_long):
            break
        compact.update({name: min(compact.get(name, 0) + 1, 2) for name in too_long})
    slug = edition.book.config.slug
    output = folder / pdf_name(slug, "leaflets")
    rendered.write(output, target.variant)
    for profile, first, after in zip(profiles, pages, pages[1:]):
        rendered.write(folder / "leaflets" / f"{slug}-{profile.id}.pdf", target.variant, list(range(first, after)))
    return output, rendered.pages


def write_epub(root: Path, edition: Edition, fonts: tuple[FontFace, ...], folder: Path,
               diagnostics: Diagnostics) -> tuple[Path, None]:
    from .epub import EpubAsset, EpubMetadata, edition_identifier, write_epub as assemble

    config = edition.book.config
    renderer = EpubRenderer(root, edition, load_page_marks(root, edition, folder, diagnostics))
    documents = renderer.documents()
    plain = renderer.env.filters["plain"]
    assets = [EpubAsset(f"css/{sheet.name}", "text/css", sheet.read_bytes())
              for sheet in (root / "styles" / "book.css", root / "styles" / "epub.css")]
    assets.append(EpubAsset("css/fonts.css", "text/css",
                            renderer.render("fonts.css.j2", faces=fonts, prefix="../fonts/").encode()))
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", " ".join(doc.content for doc in documents)))
    assets.extend(EpubAsset(f"fonts/{face.file_name}", _font_type(face.file_name), subset_face(face, text))
                  for face in fonts)
    assets.extend(EpubAsset(name, _image_type(name), (root / name).read_bytes()) for name in image_files(edition.book))
    images = image_files(edition.book)
    summary = " ".join(renderer.render("epub/accessibility-summary.txt.j2").split())
    metadata = EpubMetadata(edition_identifier(config.slug, config.edition, edition.language), plain(config.title),
                            edition.language, config.author, config.publisher, config.date, plain(config.licence),
                            plain(config.description) if config.description else None, edition.direction,
                            accessibility_metadata(summary, bool(images), config.publisher)
                            + (("pageBreakSource", edition_identifier(config.slug, config.edition, "print")),),
                            make_cover(root, edition, folder / "html", diagnostics))
    target = folder / f"{config.slug}.epub"
    assemble(target, metadata, documents, assets, renderer.nav_points())
    return target, None


def accessibility_metadata(summary: str, has_images: bool, publisher: str) -> tuple[tuple[str, str], ...]:
    """What EPUB Accessibility 1.1 asks the package to declare, for a text book with optional images."""
    features = ["tableOfContents", "readingOrder", "structuralNavigation", "pageBreakMarkers", "pageNavigation",
                "displayTransformability"] + (["alternativeText"] if has_images else [])
    meta = [("schema:accessMode", "textual")] + ([("schema:accessMode", "visual")] if has_images else [])
    meta += [("schema:accessModeSufficient", "textual")]
    meta += [("schema:accessibilityFeature", feature) for feature in features]
    meta += [("schema:accessibilityHazard", "none"), ("schema:accessibilitySummary", summary),
             ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"), ("a11y:certifiedBy", publisher)]
    return tuple(meta)


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


