"""The EPUB 3: the edition's XHTML documents, subset fonts, images, the cover, navigation, and
the print edition's page numbers as a page list."""

from __future__ import annotations

import html as html_lib
import re

from .. import themes
from ..fonts import subset_face
from ..render import EpubRenderer
from ..writers import image_files
from .base import N_, Builder, Output, Work, register


STYLES = ("book.css", "epub.css")


@register
class EpubBuilder(Builder):
    name = "epub"
    format = "epub"
    label = N_("E-book for phones and e-readers (EPUB)")
    needs = ("print", "cover")

    def file_name(self, slug: str) -> str:
        return f"{slug}.epub"

    def write(self, work: Work) -> Output:
        from ..epub import EpubAsset, EpubMetadata, edition_identifier, write_epub

        edition, root = work.edition, work.root
        config = edition.book.config
        renderer = EpubRenderer(root, edition, work.needs["print"]["marks"])
        documents = renderer.documents()
        plain = renderer.env.filters["plain"]
        assets = [EpubAsset(f"css/{name}", "text/css", themes.stylesheet(root, name).read_bytes()) for name in STYLES]
        assets.append(EpubAsset("css/fonts.css", "text/css",
                                renderer.render("fonts.css.j2", faces=work.fonts, prefix="../fonts/").encode()))
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", " ".join(doc.content for doc in documents)))
        codepoints = frozenset(map(ord, set(text)))
        assets.extend(EpubAsset(f"fonts/{face.file_name}", font_type(face.file_name), subset_face(face, codepoints))
                      for face in work.fonts)
        images = image_files(edition.book)
        assets.extend(EpubAsset(name, image_type(name), (root / name).read_bytes()) for name in images)
        summary = " ".join(renderer.render("epub/accessibility-summary.txt.j2").split())
        cover = (work.folder / work.needs["cover"]["path"]).read_bytes()
        metadata = EpubMetadata(edition_identifier(config.slug, config.edition, edition.language), plain(config.title),
                                edition.language, config.author, config.publisher, config.date,
                                plain(config.licence), plain(config.description) if config.description else None,
                                edition.direction,
                                accessibility_metadata(summary, bool(images), config.publisher), cover,
                                # The print edition the page list comes from: dc:source, which EPUBCheck 4
                                # accepts as well as 5 (EPUB 3.3's pageBreakSource is unknown to 4.2.6).
                                source=edition_identifier(config.slug, config.edition, "print"))
        output = work.folder / self.file_name(config.slug)
        write_epub(output, metadata, documents, assets, renderer.nav_points())
        return Output(output, None, (output,), styles=STYLES)


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


def font_type(name: str) -> str:
    return "font/otf" if name.endswith(".otf") else "font/ttf"


def image_type(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "svg": "image/svg+xml",
            "gif": "image/gif", "webp": "image/webp"}.get(suffix, "application/octet-stream")
