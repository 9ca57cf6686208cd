"""Page sizes as CSS names them ("A5", "letter landscape", "148mm 210mm"), in millimetres."""

from __future__ import annotations

import re

# CSS Paged Media's named sizes, portrait, in millimetres.
NAMED = {"a5": (148, 210), "a4": (210, 297), "a3": (297, 420), "b5": (176, 250), "b4": (250, 353),
         "jis-b5": (182, 257), "jis-b4": (257, 364), "letter": (215.9, 279.4), "legal": (215.9, 355.6),
         "ledger": (279.4, 431.8)}
UNITS = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}
_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(mm|cm|in|pt|px)$")


def page_size(size: str) -> tuple[float, float] | None:
    """(width, height) in mm of a CSS page size, or None if it is not one."""
    words = size.lower().split()
    orientation = next((w for w in words if w in ("portrait", "landscape")), None)
    rest = [w for w in words if w not in ("portrait", "landscape")]
    if len(rest) == 1 and rest[0] in NAMED:
        width, height = NAMED[rest[0]]
    elif len(rest) in (1, 2) and all(_LENGTH.match(w) for w in rest):
        lengths = [float(_LENGTH.match(w).group(1)) * UNITS[_LENGTH.match(w).group(2)] for w in rest]
        width, height = lengths[0], lengths[-1]
    else:
        return None
    if orientation == "landscape" and width < height or orientation == "portrait" and width > height:
        width, height = height, width
    return width, height


def mm(value: float) -> str:
    """A length in millimetres as CSS writes it, without trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".") + "mm"
