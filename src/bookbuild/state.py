"""Incremental builds: what each output was made from, so that unchanged outputs are not remade.

An output's fingerprint is a hash of everything it depends on: the sources
(book.yaml, chapters, profiles, images), its language's catalogues, the
templates, stylesheets and fonts, and the pipeline's own code. After a job
succeeds, its fingerprint and the hashes of the files it wrote are recorded in
build/<lang>/.state/<job>.json; a later build skips the job if both still match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .i18n.gettext_tools import content_digest
from .output import write_text
from .themes import theme_files

SOURCE_FOLDERS = ("chapters", "profiles", "images", "templates", "styles")
STATE = ".state"


def _digest_files(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []


def pipeline_digest() -> str:
    """The pipeline's own version: its code and the engines' versions."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    digest.update(_digest_files(_files(package, "*.py") + theme_files(), package).encode())
    from importlib.metadata import PackageNotFoundError, version
    for name in ("weasyprint", "ebooklib", "babel", "jinja2", "markdown-it-py", "mdit-py-plugins", "pyphen",
                 "uharfbuzz", "anyascii"):
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:  # installed without metadata: the code digest still covers ours
            digest.update(f"{name}=?".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Fingerprints:
    """The digests an output's fingerprint is made of."""

    common: str

    @classmethod
    def of(cls, root: Path, font_files: list[Path]) -> "Fingerprints":
        files = [root / "book.yaml"] + [p for folder in SOURCE_FOLDERS for p in _files(root / folder)]
        digest = hashlib.sha256(pipeline_digest().encode())
        digest.update(_digest_files(files, root).encode())
        digest.update(_digest_files(sorted(font_files), root).encode())
        return cls(digest.hexdigest())

    def job(self, root: Path, language: str, kind: str, strict: bool = False) -> str:
        """A job's fingerprint; a --strict build does not accept outputs of a lenient one.
        Catalogues count by what they say, not by their layout: a file re-wrapped or re-saved
        by a translator's tool with the same messages changes nothing."""
        digest = hashlib.sha256(f"{self.common}:{language}:{kind}:{'strict' if strict else ''}".encode())
        for path in _files(root / "translations" / language, "*.po"):
            digest.update(f"{path.relative_to(root)}\0{content_digest(path.read_bytes())}\0".encode())
        return digest.hexdigest()


def _state_file(output: Path, language: str, kind: str) -> Path:
    return output / language / STATE / f"{kind}.json"


def current_state(output: Path, language: str, kind: str, fingerprint: str) -> dict | None:
    """The recorded state of a job if its outputs were made from exactly these inputs and are
    still intact; None if the job must run."""
    path = _state_file(output, language, kind)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("fingerprint") != fingerprint:
        return None
    for name, (size, mtime, digest) in state.get("files", {}).items():
        file = output / name
        if not file.is_file():
            return None
        stat = file.stat()
        if stat.st_size != size:
            return None
        if stat.st_mtime_ns != mtime and hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            return None
    return state


def record(output: Path, language: str, kind: str, fingerprint: str, files: list[Path],
           skipped: str | None = None, pages: int | None = None, path: Path | None = None,
           values: dict | None = None) -> None:
    """Remember what a successful job was made from and what it wrote (or why it was skipped), and
    the values it gave to other jobs, so that a later build can hand them on without running it."""
    entries = {str(f.relative_to(output)): (f.stat().st_size, f.stat().st_mtime_ns,
                                            hashlib.sha256(f.read_bytes()).hexdigest())
               for f in sorted(files)}
    state = {"fingerprint": fingerprint, "files": entries, "pages": pages, "values": values or {},
             "path": str(path.relative_to(output)) if path else None} | ({"skipped": skipped} if skipped else {})
    write_text(_state_file(output, language, kind), json.dumps(state, indent=1, sort_keys=True))
