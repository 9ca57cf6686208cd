"""Source files read once and kept, for a process that reads the book again and again (the live
preview): a file is parsed again only when its bytes change. Its problems are kept with it and
reported on every read, as if it had been read afresh."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable

from ..errors import Diagnostic, Diagnostics


class FileCache:
    """Parsed source files by path, each with the digest of the bytes it was parsed from."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, Path], tuple[str, Any, list[Diagnostic]]] = {}

    def read(self, reader: Callable[[Path, Path, Diagnostics], Any], path: Path, root: Path,
             diagnostics: Diagnostics) -> Any:
        """`reader(path, root, diagnostics)`, or what it returned the last time the file was the same."""
        key = (reader.__name__, path)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        known = self.entries.get(key)
        if known is None or known[0] != digest or not digest:
            own = Diagnostics(strict=diagnostics.strict)
            known = (digest, reader(path, root, own), own.items)
            self.entries[key] = known
        diagnostics.items.extend(known[2])
        return known[1]


def read_directly(reader: Callable[[Path, Path, Diagnostics], Any], path: Path, root: Path,
                  diagnostics: Diagnostics) -> Any:
    return reader(path, root, diagnostics)
