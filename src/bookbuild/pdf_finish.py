"""The only module that imports pikepdf: what WeasyPrint 70 leaves undone in a PDF it wrote.

For a press (PDF/X-4, CMYK output intent):
- device RGB is made device-independent (an sRGB `DefaultRGB`, and sRGB for images and
  transparency groups), and neutral greys and black become DeviceGray, which a CMYK press prints
  with black ink only (not as a four-colour mix);
- annotations go: PDF/X allows none on the printed area (the screen edition is the one to click);
- the XMP DocumentID, random in WeasyPrint's PDF/X output, is the document's fixed identifier.

For a tagged PDF (PDF/UA):
- marked content that WeasyPrint leaves outside the structure tree (the margin boxes: folios and
  running heads) becomes pagination artifacts, so that screen readers skip it;
- link annotations get the Print flag, and each is nested in its Link structure element.

The file is saved with a deterministic ID, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

PRINT_FLAG = 4  # bit 3 of an annotation's /F


def finish(data: bytes, variant: str, identifier: bytes | None = None, rgb_profile: bytes | None = None) -> bytes:
    """The PDF `data` as `variant` requires it, where WeasyPrint falls short."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if variant.startswith("pdf/x"):
            prepare_for_press(pdf, rgb_profile, identifier)
        else:
            flag_annotations_printable(pdf)
        if "/StructTreeRoot" in pdf.Root:
            mark_artifacts(pdf)
            nest_link_annotations(pdf)
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


# Screen: artifacts and links.

def flag_annotations_printable(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            annotation.F = int(annotation.get("/F", 0)) | PRINT_FLAG


def nest_link_annotations(pdf: pikepdf.Pdf) -> None:
    """Every link annotation belongs to its Link structure element. WeasyPrint gives a link's inline
    children (`<a>More <em>cases</em></a>`) annotations of their own, under the child's element."""
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums")
    if nums is None:
        return
    parents = {int(nums[i]): i + 1 for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            index = parents.get(int(annotation.get("/StructParent", -1)))
            element = nums[index] if index is not None else None
            if annotation.get("/Subtype") != Name.Link or not isinstance(element, pikepdf.Dictionary) \
                    or element.get("/S") == Name.Link:
                continue
            link = element.get("/P")
            while isinstance(link, pikepdf.Dictionary) and link.get("/S") not in (Name.Link, None):
                link = link.get("/P")
            if not isinstance(link, pikepdf.Dictionary) or link.get("/S") != Name.Link:
                continue
            kids = element.K if isinstance(element.get("/K"), pikepdf.Array) else Array([element.K])
            reference = next((kid for kid in kids if isinstance(kid, pikepdf.Dictionary)
                              and kid.get("/Type") == Name.OBJR and kid.get("/Obj") == annotation), None)
            if reference is None:
                continue
            element.K = Array([kid for kid in kids if not (isinstance(kid, pikepdf.Dictionary)
                                                              and kid.objgen == reference.objgen)])
            link_kids = link.K if isinstance(link.get("/K"), pikepdf.Array) else Array([link.K])
            link_kids.append(reference)
            link.K = link_kids
            nums[index] = link


def mark_artifacts(pdf: pikepdf.Pdf) -> None:
    """Marked content whose structure element is not in the structure tree becomes an artifact
    (/Pagination, /Header or /Footer by where it is on the page); the page's remaining marked
    content is numbered again from 0, and the parent tree follows."""
    root = pdf.Root.StructTreeRoot
    tree = root.ParentTree
    if "/Nums" not in tree:
        return  # a parent tree split into /Kids: not what WeasyPrint writes
    nums = tree.Nums
    reachable = structure_elements(root)
    for index in range(0, len(nums), 2):
        key, elements = int(nums[index]), nums[index + 1]
        page = _page_of(pdf, key)
        if page is None or not isinstance(elements, pikepdf.Array):
            continue
        outside = {mcid for mcid, element in enumerate(elements)
                   if not isinstance(element, pikepdf.Dictionary) or element.objgen not in reachable}
        if outside:
            renumbered = _rewrite_page(pdf, page, outside)
            _renumber_elements(elements, renumbered)
            nums[index + 1] = Array([elements[old] for old in sorted(renumbered, key=renumbered.get)])


def structure_elements(root: pikepdf.Dictionary) -> set[tuple[int, int]]:
    """The object numbers of every structure element reachable from the structure tree root."""
    found: set[tuple[int, int]] = set()
    pending = [root]
    while pending:
        kids = pending.pop().get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.objgen not in found:
                found.add(kid.objgen)
                pending.append(kid)
    return found


def _page_of(pdf: pikepdf.Pdf, key: int) -> pikepdf.Page | None:
    page = pdf.pages[key] if 0 <= key < len(pdf.pages) else None
    if page is not None and int(page.obj.get("/StructParents", -1)) == key:
        return page
    return next((p for p in pdf.pages if int(p.obj.get("/StructParents", -1)) == key), None)


def _rewrite_page(pdf: pikepdf.Pdf, page: pikepdf.Page, outside: set[int]) -> dict[int, int]:
    """Turn the marked content `outside` the structure into artifacts; returns the new MCID of every
    MCID kept."""
    middle = float(page.mediabox[1] + page.mediabox[3]) / 2
    operations = list(pikepdf.parse_content_stream(page))
    positions = _text_positions(operations)
    renumbered: dict[int, int] = {}
    replacements: list[bytes] = []
    for number, (operands, operator) in enumerate(operations):
        mcid = _mcid(operands, operator)
        if mcid is None:
            continue
        if mcid in outside:
            y = positions.get(number)
            artifact = Dictionary(Type=Name.Pagination)
            if y is not None:
                artifact.Subtype = Name.Header if y > middle else Name.Footer
            operations[number] = ([Name.Artifact, artifact], operator)
        else:
            renumbered[mcid] = len(renumbered)
            operations[number] = ([operands[0], Dictionary(MCID=renumbered[mcid])], operator)
        replacements.append(pikepdf.unparse_content_stream([operations[number]]))
    page.obj.Contents = pdf.make_stream(_replace_marks(page.obj.Contents.read_bytes(), replacements)
                                        or pikepdf.unparse_content_stream(operations))
    return renumbered


def _mcid(operands, operator) -> int | None:
    if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) \
            and "/MCID" in operands[1]:
        return int(operands[1].MCID)
    return None


# A marked-content sequence with an MCID, as WeasyPrint writes it ("/Span\n<</MCID 3>>\nBDC").
_MARK = re.compile(rb"(?m)^/\w+\s<</MCID \d+>>\sBDC$")


def _replace_marks(data: bytes, replacements: list[bytes]) -> bytes | None:
    """`data` with its MCID marks replaced in order, keeping the rest of the stream as it is; None if
    the stream is not laid out as expected (the caller then writes the parsed stream back)."""
    if len(_MARK.findall(data)) != len(replacements):
        return None
    pending = iter(replacements)
    return _MARK.sub(lambda match: next(pending).rstrip(b"\n"), data)


def _text_positions(operations: list) -> dict[int, float]:
    """For each BDC operation, the vertical position on the page (in PDF points, from the bottom) of
    the first text drawn inside it, following the transformation matrices."""
    ctm, stack = pikepdf.Matrix(), []
    positions: dict[int, float] = {}
    open_marks: list[int] = []
    for number, (operands, operator) in enumerate(operations):
        name = str(operator)
        if name == "q":
            stack.append(ctm)
        elif name == "Q" and stack:
            ctm = stack.pop()
        elif name == "cm":
            ctm = pikepdf.Matrix(*[float(value) for value in operands]) @ ctm
        elif name == "BDC":
            open_marks.append(number)
        elif name == "EMC" and open_marks:
            open_marks.pop()
        elif name == "Tm" and open_marks and open_marks[-1] not in positions:
            text = pikepdf.Matrix(*[float(value) for value in operands]) @ ctm
            positions[open_marks[-1]] = text.f
    return positions


def _renumber_elements(elements: pikepdf.Array, renumbered: dict[int, int]) -> None:
    """Give the structure elements of the kept marked content their new MCIDs."""
    if all(old == new for old, new in renumbered.items()):
        return
    for element in {elements[old].objgen: elements[old] for old in renumbered}.values():
        kids = element.get("/K")
        if _is_integer(kids):
            element.K = renumbered.get(int(kids), int(kids))
        elif isinstance(kids, pikepdf.Array):
            element.K = Array([renumbered.get(int(kid), int(kid)) if _is_integer(kid) else kid for kid in kids])


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
