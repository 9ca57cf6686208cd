"""QR codes as inline SVG: the only module that imports segno.

A code is drawn as one filled path (a rectangle per run of dark modules), in a view box
that includes the quiet zone the standard asks for, so that it scales to any size without
losing sharpness and prints the same bytes on every build.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

QUIET_ZONE = 4       # modules of light margin on every side (ISO/IEC 18004)
ERROR_LEVEL = "m"    # 15 % of the code can be lost (a fold, a smudge on a photocopy); raised when it costs no size


@dataclass(frozen=True)
class Code:
    """A QR code: its dark modules as rows of booleans, and what it encodes."""

    data: str
    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules on a side, without the quiet zone."""
        return len(self.rows)


@lru_cache(maxsize=256)
def make_code(data: str) -> Code:
    """The QR code of `data` (a web address), at the smallest version that holds it."""
    import segno

    symbol = segno.make_qr(data, error=ERROR_LEVEL, boost_error=True, encoding="utf-8")
    rows = tuple(tuple(bool(module) for module in row) for row in symbol.matrix_iter(border=0))
    return Code(data, rows)


def svg_path(code: Code) -> str:
    """The dark modules as one path: a rectangle for each run of dark modules in a row."""
    parts = []
    for y, row in enumerate(code.rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(parts)


def qr_svg(data: str, label: str | None = None) -> Markup:
    """An inline SVG of the QR code of `data`, sized by its container (CSS width)."""
    code = make_code(data)
    side = code.size + 2 * QUIET_ZONE
    title = escape(label or data)
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 {side} {side}" '
                  f'role="img" aria-label="{title}" shape-rendering="crispEdges">'
                  f'<rect width="{side}" height="{side}" fill="#fff"/>'
                  f'<path fill="#000" d="{svg_path(code)}"/></svg>')
