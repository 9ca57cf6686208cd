"""Writing one edition's outputs: the HTML folder, the PDF targets, leaflets and the EPUB.

Each writer renders with the templates (render.py) and hands the result to its
engine module (pdf.py, epub.py). Everything it writes goes through output.py,
so a failure leaves the previous files in place.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
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
from . import themes
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
    for name, sheet in themes.stylesheets(root).items():
        write_bytes(folder / name, sheet.read_bytes())
    for name in image_files(edition.book):
        write_bytes(folder / name, (root / name).read_bytes())


def book_html(root: Path, edition: Edition, target: Target, folder: Path, proof: bool = False) -> tuple[Path, Path]:
    """Write the HTML of the book for one PDF target beside its final name; returns (staged, final).
    The staged file takes the final name only once the PDF made from it is written."""
    name = "proof" if proof else target.name
    html_dir = folder / "html"
    renderer = Renderer(root, edition)
    write_text(html_dir / f"page-{name}.css", renderer.render("page.css.j2", target=target))
    html = renderer.render("print/book.html.j2", stylesheets=stylesheets(edition, target, proof), target=name)
    return stage_text(html_dir / HTML_FILES[name], html), html_dir / HTML_FILES[name]


def stage_text(final: Path, text: str) -> Path:
    """Write `text` to a temporary file next to `final` (moved into place later with `os.replace`)."""
    staged = final.with_name(f".{final.name}.part")
    staged.write_text(text, encoding="utf-8")
    return staged


def write_book_pdf(root: Path, edition: Edition, target: Target, folder: Path, diagnostics: Diagnostics,
                   proof: bool = False) -> tuple[Path, int]:
    """The book as one PDF target (print, screen, or a translator's proof)."""
    from .pdf import render

    staged, html_file = book_html(root, edition, target, folder, proof)
    try:
        rendered = render(staged, diagnostics)
        diagnostics.check()
        output = folder / pdf_name(edition.book.config.slug, "proof" if proof else target.name)
        rendered.write(output, None if proof else target.variant)
        if target.name == "print" and not proof:
            save_page_marks(html_file, *page_marks(rendered, staged, edition))
        os.replace(staged, html_file)
    finally:
        staged.unlink(missing_ok=True)
    return output, rendered.pages


# Print page numbers for the EPUB's page list -----------------------------------------

_ID = re.compile(r'\sid="([^"]+)"')


def page_marks(rendered, html_file: Path, edition: Edition) -> tuple[dict[str, str], dict[str, int]]:
    """For each printed page, the first element that starts on it, with the page's folio;
    and the index (from 0) of each folio's page."""
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
    indices = {(str(i - body_start + 1) if i >= body_start else roman(i + 1)): i for i in range(rendered.pages)}
    return marks, indices


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


def save_page_marks(html_file: Path, marks: dict[str, str], indices: dict[str, int]) -> None:
    """Keep the print layout's page marks beside its HTML (`html_file`, whose staged copy was laid out)."""
    staged = html_file.with_name(f".{html_file.name}.part")
    digest = hashlib.sha256((staged if staged.exists() else html_file).read_bytes()).hexdigest()
    data = {"html": digest, "marks": marks, "pages": indices}
    write_text(_marks_file(html_file), json.dumps(data, indent=0, sort_keys=True))


def load_page_marks(root: Path, edition: Edition, folder: Path, diagnostics: Diagnostics) -> dict[str, str]:
    """The print edition's page marks: from the last print build if its HTML is current, else by laying it out."""
    from .pdf import render

    staged, html_file = book_html(root, edition, edition.book.config.target("print"), folder)
    try:
        saved = _marks_file(html_file)
        if saved.is_file():
            data = json.loads(saved.read_text(encoding="utf-8"))
            if data.get("html") == hashlib.sha256(staged.read_bytes()).hexdigest():
                return data["marks"]
        marks, _ = page_marks(render(staged, diagnostics), staged, edition)
        return marks
    finally:
        staged.unlink(missing_ok=True)


def write_leaflets(root: Path, edition: Edition, target: Target, folder: Path,
                   diagnostics: Diagnostics) -> tuple[Path, int, list[Path]]:
    """One page per prisoner: the whole set, and one PDF per profile under leaflets/.

    A sheet whose text runs over a page is laid out again, alone, set smaller (and then without
    its biography); its pages replace the long ones. The others are laid out only once.
    """
    from .pdf import Rendered, render

    html_dir = folder / "html"
    renderer = Renderer(root, edition)
    profiles = edition.book.profiles()
    write_text(html_dir / "page-leaflets.css", renderer.render("page.css.j2", target=target))
    final = html_dir / HTML_FILES["leaflets"]
    compact: dict[str, int] = {}
    first = None
    spans: dict[str, tuple] = {}
    todo = profiles
    for level in range(3):
        html = renderer.render("leaflets/leaflets.html.j2", profiles=todo, compact=compact,
                               stylesheets=stylesheets(edition, target))
        rendered = render(stage_text(final.with_name(f"leaflets-{level}.html"), html), diagnostics, first)
        first = first or rendered
        spans.update(leaflet_pages(rendered, todo))
        todo = [p for p in todo if len(spans[p.id][1]) > 1 and level < 2]
        if not todo:
            break
        compact.update({p.id: level + 1 for p in todo})
    combined = Rendered.combine([(spans[p.id][0], index) for p in profiles for index in spans[p.id][1]])
    slug = edition.book.config.slug
    output = folder / pdf_name(slug, "leaflets")
    combined.write(output, target.variant)
    files, start = [output], 0
    for profile in profiles:
        count = len(spans[profile.id][1])
        files.append(folder / "leaflets" / f"{slug}-{profile.id}.pdf")
        combined.write(files[-1], target.variant, list(range(start, start + count)))
        start += count
    write_text(final, renderer.render("leaflets/leaflets.html.j2", profiles=profiles, compact=compact,
                                      stylesheets=stylesheets(edition, target)))
    for level in range(3):
        final.with_name(f".leaflets-{level}.html.part").unlink(missing_ok=True)
    return output, combined.pages, files


def leaflet_pages(rendered, profiles) -> dict[str, tuple]:
    """For each profile, (the document, the indices of the pages its sheet takes)."""
    starts = rendered.anchor_pages()
    bounds = [starts[f"leaflet-{p.id}"] for p in profiles] + [rendered.pages]
    return {p.id: (rendered, list(range(start, end))) for p, start, end in zip(profiles, bounds, bounds[1:])}


def write_epub(root: Path, edition: Edition, fonts: tuple[FontFace, ...], folder: Path,
               diagnostics: Diagnostics) -> tuple[Path, None]:
    from .epub import EpubAsset, EpubMetadata, edition_identifier, write_epub as assemble

    config = edition.book.config
    renderer = EpubRenderer(root, edition, load_page_marks(root, edition, folder, diagnostics))
    documents = renderer.documents()
    plain = renderer.env.filters["plain"]
    assets = [EpubAsset(f"css/{name}", "text/css", themes.stylesheet(root, name).read_bytes())
              for name in ("book.css", "epub.css")]
    assets.append(EpubAsset("css/fonts.css", "text/css",
                            renderer.render("fonts.css.j2", faces=fonts, prefix="../fonts/").encode()))
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", " ".join(doc.content for doc in documents)))
    codepoints = frozenset(map(ord, set(text)))
    assets.extend(EpubAsset(f"fonts/{face.file_name}", _font_type(face.file_name), subset_face(face, codepoints))
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


