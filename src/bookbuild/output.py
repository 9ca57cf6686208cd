"""Writing outputs so that a failed or interrupted build never leaves a damaged file.

Every output is written to a temporary file in the same folder and moved into
place only when complete (an atomic rename), so the previous good file stays
until the new one is whole.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import SetupError


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write; it replaces `target` only if the block succeeds."""
    folder = ensure_folder(target.parent)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> bool:
    """Write `data` atomically; returns False (and leaves the file alone) if it is already there."""
    if target.is_file() and target.read_bytes() == data:
        return False
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
    return True


def write_text(target: Path, text: str) -> bool:
    return write_bytes(target, text.encode("utf-8"))


def ensure_folder(folder: Path) -> Path:
    """Create `folder` if needed; a clear error if it cannot be created or written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SetupError(f"cannot create the output folder {folder}: {error.strerror}") from None
    if not os.access(folder, os.W_OK):
        raise SetupError(f"the output folder {folder} is not writable")
    return folder


def remove_partial_files(folder: Path) -> None:
    """Temporary files left by a build that was killed: never outputs, safe to delete."""
    for leftover in folder.rglob(".*.part"):
        leftover.unlink(missing_ok=True)
