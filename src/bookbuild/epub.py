"""The only module that imports ebooklib: rendered XHTML documents -> an EPUB 3 file.

Documents arrive rendered (render.py); this module adds metadata, the manifest,
spine and NCX, then re-packs the zip so the same sources give the same bytes:
the mimetype entry first and stored, entries in a fixed order with a fixed time.
"""

from __future__ import annotations

import datetime
import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .output import atomic_path
from .render import Document, NavPoint

_FIXED_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class EpubAsset:
    """A stylesheet, font or image the documents use."""

    file_name: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class EpubMetadata:
    identifier: str
    title: str
    language: str
    author: str
    publisher: str
    date: datetime.date
    rights: str
    description: str | None = None
    direction: str = "ltr"
    accessibility: tuple[tuple[str, str], ...] = ()
    cover: bytes | None = None
    source: str | None = None  # the identifier of the print edition whose pages the page list gives


def edition_identifier(slug: str, edition: int, language: str) -> str:
    """A stable identifier per edition and language (a name-based UUID)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"bookbuild:{slug}:{edition}:{language}"))


def write_epub(target: Path, metadata: EpubMetadata, documents: list[Document],
               assets: list[EpubAsset], toc: tuple[NavPoint, ...]) -> None:
    """Assemble the EPUB and write it to `target` atomically and reproducibly."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(metadata.identifier)
    book.set_title(metadata.title)
    book.set_language(metadata.language)
    book.add_author(metadata.author)
    book.add_metadata("DC", "publisher", metadata.publisher)
    book.add_metadata("DC", "date", metadata.date.isoformat())
    book.add_metadata("DC", "rights", metadata.rights)
    if metadata.description:
        book.add_metadata("DC", "description", metadata.description)
    if metadata.source:
        # The print edition the page list comes from (EPUB Accessibility: dc:source refined as the
        # source of the pagination), valid under EPUBCheck 4 and 5 and recognised by Ace.
        book.add_metadata("DC", "source", metadata.source, {"id": "print-source"})
        book.add_metadata(None, "meta", "pagination", {"refines": "#print-source", "property": "source-of"})
    for name, value in metadata.accessibility:
        book.add_metadata(None, "meta", value, {"property": name})
    if metadata.direction == "rtl":
        book.set_direction("rtl")
    if metadata.cover:
        cover = epub.EpubItem(uid="cover-image", file_name="images/cover.png", media_type="image/png",
                              content=metadata.cover)
        cover.properties = ["cover-image"]
        book.add_item(cover)

    spine = []
    for number, document in enumerate(documents):
        item = epub.EpubItem(uid=f"doc{number:03d}", file_name=document.file_name,
                             media_type="application/xhtml+xml", content=document.content.encode("utf-8"))
        item.properties = list(document.properties)
        item.is_linear = document.linear
        book.add_item(item)
        spine.append(item)
    for number, asset in enumerate(assets):
        book.add_item(epub.EpubItem(uid=f"res{number:03d}", file_name=asset.file_name,
                                    media_type=asset.media_type, content=asset.data))
    book.add_item(epub.EpubNcx())
    book.spine = spine
    book.toc = _ncx_entries(toc, [0])

    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"mtime": datetime.datetime.combine(metadata.date, datetime.time()),
                                   "epub3_pages": False, "raise_exceptions": True})
    attributes = f'xml:lang="{metadata.language}" dir="{metadata.direction}"'
    with atomic_path(target) as temporary:
        temporary.write_bytes(repack(buffer.getvalue(), {"EPUB/content.opf": lambda opf: _package_attributes(opf, attributes)}))


def _ncx_entries(points: tuple[NavPoint, ...], counter: list[int]) -> list:
    from ebooklib import epub

    entries = []
    for point in points:
        counter[0] += 1
        if point.children:
            entries.append((epub.Section(point.title, point.href), _ncx_entries(point.children, counter)))
        else:
            entries.append(epub.Link(point.href, point.title, f"nav{counter[0]:04d}"))
    return entries


def repack(data: bytes, changes: dict | None = None) -> bytes:
    """The same zip, made reproducible: mimetype first and stored, then the rest sorted, fixed times.
    `changes` maps entry names to functions that rewrite their bytes."""
    changes = changes or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [name for name in source.namelist() if name != "mimetype"]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        target.writestr(_entry("mimetype", zipfile.ZIP_STORED), source.read("mimetype"))
        for name in ["META-INF/container.xml"] + sorted(n for n in names if n != "META-INF/container.xml"):
            content = source.read(name)
            if name in changes:
                content = changes[name](content)
            target.writestr(_entry(name, zipfile.ZIP_DEFLATED), content)
    return output.getvalue()


def _package_attributes(opf: bytes, attributes: str) -> bytes:
    """The package element with the publication's language and direction."""
    return opf.replace(b' version="3.0"', f' version="3.0" {attributes}'.encode(), 1)


def _entry(name: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info
