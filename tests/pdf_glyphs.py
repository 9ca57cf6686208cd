"""Which characters each font of a PDF draws, read from the fonts' ToUnicode maps.

A PDF's fonts are subsets holding only the glyphs its pages use, and each maps its glyphs back
to text: the union of those maps is exactly the text a font was used for.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from pathlib import Path

from pypdf import PdfReader

from conftest import file_version

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _text(hexdigits: bytes) -> str:
    return bytes.fromhex(hexdigits.decode()).decode("utf-16-be", errors="replace")


def characters(cmap: bytes) -> set[str]:
    """The characters a ToUnicode CMap maps glyphs to."""
    found: set[str] = set()
    for block in _BFCHAR.findall(cmap):
        values = _HEX.findall(block)
        for value in values[1::2]:
            found.update(_text(value))
    for block in _BFRANGE.findall(cmap):
        for line in block.splitlines():
            values = _HEX.findall(line)
            if len(values) < 3:
                continue
            low, high = int(values[0], 16), int(values[1], 16)
            if b"[" in line:  # <lo> <hi> [<u1> <u2> ...]
                for value in values[2:]:
                    found.update(_text(value))
            else:
                start = _text(values[2])
                for offset in range(high - low + 1):
                    found.add(start[:-1] + chr(ord(start[-1]) + offset))
    return found


def font_characters(pdf: Path) -> dict[str, set[str]]:
    """{font name without its subset tag: characters drawn with it} over the whole document."""
    return {name: set(drawn) for name, drawn in _font_characters(str(pdf), *file_version(pdf)).items()}


@functools.lru_cache(maxsize=16)
def _font_characters(pdf: str, *version: int) -> dict[str, frozenset[str]]:
    """`font_characters`, read once per version of the file."""
    fonts: dict[str, set[str]] = defaultdict(set)
    seen: set[int] = set()
    reader = PdfReader(str(pdf))
    for page in reader.pages:
        resources = page.get("/Resources")
        stack = [resources.get_object()] if resources else []
        while stack:
            current = stack.pop()
            for font in (current.get("/Font") or {}).values():
                reference = getattr(font, "idnum", None)
                font = font.get_object()
                if reference in seen:
                    continue
                seen.add(reference)
                name = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
                if "/ToUnicode" in font:
                    fonts[name].update(characters(font["/ToUnicode"].get_object().get_data()))
                else:
                    fonts[name]
            for xobject in (current.get("/XObject") or {}).values():
                xobject = xobject.get_object()
                inner = xobject.get("/Resources")
                if inner is not None and id(inner) not in seen:
                    seen.add(id(inner))
                    stack.append(inner.get_object())
    return {name: frozenset(drawn) for name, drawn in fonts.items()}
