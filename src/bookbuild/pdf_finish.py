"""The only module that imports pikepdf: what WeasyPrint 70 leaves undone in a PDF it wrote.

For a press (PDF/X-4, CMYK output intent):
- device RGB is made device-independent (an sRGB `DefaultRGB`, and sRGB for images and
  transparency groups), and neutral greys and black become DeviceGray, which a CMYK press prints
  with black ink only (not as a four-colour mix);
- annotations go: PDF/X allows none on the printed area (the screen edition is the one to click);
- the XMP DocumentID, random in WeasyPrint's PDF/X output, is the document's fixed identifier.

The file is saved with a deterministic ID, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

def finish(data: bytes, variant: str, identifier: bytes | None = None, rgb_profile: bytes | None = None) -> bytes:
    """The PDF `data` as `variant` requires it, where WeasyPrint falls short."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if variant.startswith("pdf/x"):
            prepare_for_press(pdf, rgb_profile, identifier)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True, fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


# Press: colour, annotations, identity.

def prepare_for_press(pdf: pikepdf.Pdf, rgb_profile: bytes | None, identifier: bytes | None) -> None:
    for page in pdf.pages:
        if "/Annots" in page.obj:
            del page.obj.Annots
    if rgb_profile:
        characterise_rgb(pdf, rgb_profile)
    for stream in content_streams(pdf):
        grey_to_gray(stream)
    if identifier:
        fix_document_id(pdf, identifier)


def characterise_rgb(pdf: pikepdf.Pdf, rgb_profile: bytes) -> None:
    """Device RGB is read as sRGB: a DefaultRGB colour space in every resource dictionary, and sRGB
    as the colour space of images and transparency groups that say DeviceRGB."""
    profile = pdf.make_stream(rgb_profile)
    profile.N = 3
    srgb = pdf.make_indirect(Array([Name.ICCBased, profile]))
    for resources in resource_dictionaries(pdf):
        if "/ColorSpace" not in resources:
            resources.ColorSpace = Dictionary()
        resources.ColorSpace.DefaultRGB = srgb
    for obj in list(pdf.objects):
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        if obj.get("/ColorSpace") == Name.DeviceRGB:
            obj.ColorSpace = srgb
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and group.get("/CS") == Name.DeviceRGB:
            group.CS = srgb


# A neutral colour operation on a line of its own, as WeasyPrint writes its content streams.
_NEUTRAL = re.compile(rb"(?m)^(\d*\.?\d+) \1 \1 (rg|RG)$")


def grey_to_gray(stream: pikepdf.Stream) -> None:
    """Rewrite `r g b rg` with r = g = b as `r g` (and RG as G) in a content stream."""
    data = stream.read_bytes()
    gray, count = _NEUTRAL.subn(lambda match: match[1] + (b" g" if match[2] == b"rg" else b" G"), data)
    if count:
        stream.write(gray)


def fix_document_id(pdf: pikepdf.Pdf, identifier: bytes) -> None:
    """The XMP DocumentID made from the document's identifier, where WeasyPrint writes a random one."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return
    document_id = f"xmp.did:{uuid.UUID(bytes=_sixteen(identifier))}".encode()
    xml = re.sub(rb"xmp\.did:[0-9a-fA-F-]{36}", document_id, metadata.read_bytes())
    metadata.write(xml)


def _sixteen(identifier: bytes) -> bytes:
    try:
        return bytes.fromhex(identifier.decode("ascii"))[:16].ljust(16, b"\0")
    except (UnicodeDecodeError, ValueError):
        return identifier[:16].ljust(16, b"\0")


# Walking the document.

def resource_dictionaries(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every resource dictionary of the pages and of the form XObjects they use, once each."""
    seen: set = set()
    for holder in [page.obj for page in pdf.pages] + list(form_xobjects(pdf)):
        resources = holder.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources


def form_xobjects(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Stream]:
    """Every form XObject the pages use, directly or inside other forms, once each."""
    seen: set = set()
    pending = [page.obj.get("/Resources") for page in pdf.pages]
    while pending:
        resources = pending.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        for xobject in resources.get("/XObject", Dictionary()).values():
            if xobject.get("/Subtype") == Name.Form and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield xobject
                pending.append(xobject.get("/Resources"))


def content_streams(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Stream]:
    """Every content stream: the pages' and the form XObjects'."""
    seen: set = set()
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if isinstance(stream, pikepdf.Stream) and stream.objgen not in seen:
                seen.add(stream.objgen)
                yield stream
    yield from form_xobjects(pdf)
