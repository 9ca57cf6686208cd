"""Stylesheets are sources too: they may only refer to files that the build itself provides.

A `url(...)` or `@import` pointing at the network, at an absolute path or outside
the edition's folder is refused here, with its line, before anything is rendered.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Diagnostics, SourceLocation, relative_path
from ..themes import STYLES
_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)
_ALLOWED = re.compile(r"^(?:fonts/|images/|data:)[^:]*$|^data:", re.I)


def check_stylesheets(root: Path, diagnostics: Diagnostics) -> None:
    """Every URL in styles/*.css must be a relative fonts/ or images/ path, or a data: URL."""
    for sheet in sorted((root / STYLES).glob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        for match in _URL.finditer(text):
            url = match.group(2) or match.group(4) or ""
            if not _ALLOWED.match(url) or ".." in url.split("/"):
                line = text.count("\n", 0, match.start()) + 1
                where = SourceLocation(relative_path(sheet, root), line)
                diagnostics.error(where, f"'{url}' is not allowed in a stylesheet",
                                  "refer only to fonts/ or images/ inside the project")
