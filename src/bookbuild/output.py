"""Writing outputs so that a failed or interrupted build never leaves a damaged file.

Every output is written to a temporary file in the same folder and moved into
place only when complete (an atomic rename), so the previous good file stays
until the new one is whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

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
    if not folder.is_dir():
        return
    for leftover in folder.rglob(".*.part"):
        leftover.unlink(missing_ok=True)


LOCK = ".lock"


@contextlib.contextmanager
def output_lock(folder: Path, waiting: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """One build at a time in an output folder. A second build (an editor's `make` while a preview
    server rebuilds, say) waits until the first is done, after saying so through `waiting`."""
    ensure_folder(folder)
    with open(folder / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"another build is writing to {folder}; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
