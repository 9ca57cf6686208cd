"""Reading a PDF's content streams with pikepdf, as a checker does: the text each operator shows,
in which marked content it sits, and which structure elements the structure tree reaches."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class Shown:
    """A text-showing operation: its text, and the marked-content sequences around it (innermost
    last), each as (tag, MCID or None)."""

    text: str
    marks: tuple[tuple[str, int | None], ...]

    @property
    def artifact(self) -> bool:
        return any(tag == "/Artifact" for tag, _ in self.marks)

    @property
    def mcids(self) -> list[int]:
        return [mcid for _, mcid in self.marks if mcid is not None]


def to_unicode(font: pikepdf.Dictionary) -> dict[bytes, str]:
    """A font's ToUnicode map, from its bfchar and bfrange entries."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    found = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            found[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            width = len(low) // 2
            for offset in range(int(high, 16) - int(low, 16) + 1):
                code = (int(low, 16) + offset).to_bytes(width, "big")
                found[code] = chr(int(start, 16) + offset)
    return found


def _decode(value, cmap: dict[bytes, str]) -> str:
    data = bytes(value)
    return "".join(cmap.get(data[i:i + 2], "") for i in range(0, len(data), 2))


def shown_text(page: pikepdf.Page) -> list[Shown]:
    """Every text-showing operation of a page, decoded, with its marked content."""
    fonts = page.Resources.get("/Font", pikepdf.Dictionary())
    maps: dict[str, dict[bytes, str]] = {}
    cmap: dict[bytes, str] = {}
    marks: list[tuple[str, int | None]] = []
    shown = []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "Tf":
            font = str(operands[0])
            cmap = maps.setdefault(font, to_unicode(fonts[font]))
        elif name == "BDC":
            properties = operands[1] if isinstance(operands[1], pikepdf.Dictionary) else {}
            marks.append((str(operands[0]), int(properties["/MCID"]) if "/MCID" in properties else None))
        elif name == "BMC":
            marks.append((str(operands[0]), None))
        elif name == "EMC":
            marks.pop()
        elif name == "TJ":
            text = "".join(_decode(part, cmap) for part in operands[0] if isinstance(part, pikepdf.String))
            shown.append(Shown(text, tuple(marks)))
        elif name in ("Tj", "'", '"'):
            shown.append(Shown(_decode(operands[-1], cmap), tuple(marks)))
    return shown


def structure_elements(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """Every structure element the structure tree reaches from its root."""
    found, pending = set(), [pdf.Root.StructTreeRoot]
    while pending:
        kids = pending.pop().get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.objgen not in found:
                found.add(kid.objgen)
                pending.append(kid)
    return found


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
