"""Incremental builds: what each output was made from, so that unchanged outputs are not remade.

An output's fingerprint is a hash of everything it depends on: the sources
(book.yaml, chapters, profiles, images), its language's catalogues, the
templates, stylesheets and fonts, and the pipeline's own code. After a job
succeeds, its fingerprint and the hashes of the files it wrote are recorded in
build/<lang>/.state/<job>.json; a later build skips the job if both still match.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .i18n.gettext_tools import content_digest
from .output import write_text
from .themes import resolve_template, stylesheet, theme_files

SOURCE_FOLDERS = ("chapters", "profiles", "images", "jurisdictions")
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
    for name in ("weasyprint", "pikepdf", "pypdf", "segno", "ebooklib", "babel", "jinja2", "markdown-it-py",
                 "mdit-py-plugins", "pyphen", "uharfbuzz", "anyascii"):
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:  # installed without metadata: the code digest still covers ours
            digest.update(f"{name}=?".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Fingerprints:
    """The digests an output's fingerprint is made of: bookbuild itself, the fonts, and each kind of
    source, so that a job's fingerprint covers only what its builder reads."""

    pipeline: str
    sources: dict[str, str]

    @classmethod
    def of(cls, root: Path, embedded: list[Path]) -> "Fingerprints":
        """`embedded`: the files the outputs embed (fonts, colour profiles)."""
        digest = hashlib.sha256(pipeline_digest().encode())
        digest.update(_digest_files(sorted(embedded), root).encode())
        sources = {"book.yaml": _digest_files([root / "book.yaml"], root)}
        sources.update({folder: _digest_files(_files(root / folder), root) for folder in SOURCE_FOLDERS})
        return cls(digest.hexdigest(), sources)

    def job(self, root: Path, language: str, kind: str, strict: bool = False, depends: dict | None = None) -> str:
        """A job's fingerprint: what its builder reads, its language's catalogues (by what they say,
        not their layout: a file re-saved by a translator's tool with the same messages changes
        nothing), and the templates and stylesheets the job used last time (`depends`, as
        recorded), looked up again in the book and the theme. A --strict build does not accept
        the outputs of a lenient one."""
        from .builders import REGISTRY

        builder = REGISTRY[kind]
        digest = hashlib.sha256(f"{self.pipeline}:{language}:{kind}:{'strict' if strict else ''}".encode())
        for name in builder.reads:
            digest.update(f"{name}\0{self.sources.get(name, '')}\0".encode())
        folder = root / "translations" / language
        for path in _files(folder, "*.po"):
            if builder.catalogues is None or path.relative_to(folder).with_suffix("").as_posix() in builder.catalogues:
                digest.update(f"{path.relative_to(root)}\0{_catalogue_digest(path)}\0".encode())
        if depends is None:
            return "unknown: the job has not run"
        for name in depends.get("templates", []):
            digest.update(f"t:{name}\0{_digest_found(resolve_template(root, name))}\0".encode())
        for name in depends.get("styles", []):
            digest.update(f"s:{name}\0{_digest_found(stylesheet(root, name))}\0".encode())
        return digest.hexdigest()


def _catalogue_digest(path: Path) -> str:
    """What a catalogue says (content_digest), read once per version of the file: every job of a
    language asks for the same catalogues."""
    stat = path.stat()
    return _content_digest(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _content_digest(path: Path, size: int, mtime_ns: int) -> str:
    return content_digest(path.read_bytes())


def _digest_found(path: Path | None) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() + str(path) if path else "missing"


def recorded_depends(output: Path, language: str, kind: str) -> dict | None:
    """The templates and stylesheets a job used when it last ran, if it did."""
    try:
        return json.loads(_state_file(output, language, kind).read_text(encoding="utf-8")).get("depends")
    except (OSError, ValueError):
        return None


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
           values: dict | None = None, depends: dict | None = None) -> None:
    """Remember what a successful job was made from and what it wrote (or why it was skipped), and
    the values it gave to other jobs, so that a later build can hand them on without running it."""
    entries = {str(f.relative_to(output)): (f.stat().st_size, f.stat().st_mtime_ns,
                                            hashlib.sha256(f.read_bytes()).hexdigest())
               for f in sorted(files)}
    state = {"fingerprint": fingerprint, "files": entries, "pages": pages, "values": values or {},
             "depends": depends,
             "path": str(path.relative_to(output)) if path else None} | ({"skipped": skipped} if skipped else {})
    write_text(_state_file(output, language, kind), json.dumps(state, indent=1, sort_keys=True))
