"""The release folder distributors download: dist/<slug>-<edition>/.

Every edition's print PDF, screen PDF, leaflets and EPUB under clear names; cover
thumbnails; SHA256SUMS (the format `sha256sum -c` reads); manifest.json describing
each file; and a static download page per language (index.html in the source
language, index.<lang>.html for the others) that needs no server, no script and
no network. The folder is assembled aside and moved into place when complete.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from . import builders, i18n
from .errors import Diagnostics
from .output import ensure_folder, write_bytes, write_text
from .render import Edition, Renderer

MEDIA_TYPES = {"pdf": "application/pdf", "epub": "application/epub+zip", "png": "image/png"}
THUMBNAIL = (240, 360)


@dataclass(frozen=True)
class ReleaseFile:
    name: str
    language: str
    language_name: str
    target: str
    format: str
    bytes: int
    pages: int | None
    sha256: str
    coverage: float
    label: str = ""
    size: str = ""

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.format, "application/octet-stream")


def release_name(slug: str, edition: int) -> str:
    return f"{slug}-{edition}"


def file_name(slug: str, edition: int, language: str, builder) -> str:
    if builder.format == "epub":
        return f"{slug}-ed{edition}-{language}.epub"
    return f"{slug}-ed{edition}-{language}-{builder.name}.{builder.format}"


def make_release(root: Path, dist_dir: Path, editions: list[Edition], partial: str, made: dict,
                 changes=None) -> Path:
    """Assemble the release folder from built editions and the outputs the build made (`made`, by
    (language, builder)); returns its path."""
    config = editions[0].book.config
    released = [e for e in editions if partial != "omit" or e.coverage >= 100.0]
    target = dist_dir / release_name(config.slug, config.edition)
    ensure_folder(dist_dir)
    with tempfile.TemporaryDirectory(dir=dist_dir, prefix=".assembling-") as scratch:
        folder = Path(scratch) / "release"
        folder.mkdir()
        files = copy_files(folder, released, made)
        covers = make_thumbnails(folder, released, made)
        commit = source_commit(root)
        manifest = {"title": str(config.title), "slug": config.slug, "edition": config.edition,
                    "date": config.date.isoformat(), "source_commit": commit,
                    "files": [asdict(f) for f in files]}
        write_text(folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        write_changelog(folder, config, changes)
        write_pages(root, folder, released, files, covers, config.source_language, changes)
        write_checksums(folder)
        if target.exists():
            shutil.rmtree(target)
        folder.rename(target)
    return target


def copy_files(folder: Path, editions: list[Edition], made: dict) -> list[ReleaseFile]:
    config = editions[0].book.config
    files = []
    for edition in editions:
        code = edition.language
        for name, cls in builders.REGISTRY.items():
            output = made.get((code, name))
            if not cls.released or output is None or output.path is None or not output.path.is_file():
                continue
            name_in_release = file_name(config.slug, config.edition, code, cls)
            data = output.path.read_bytes()
            write_bytes(folder / name_in_release, data)
            files.append(ReleaseFile(name_in_release, code, i18n.language_name(code), name, cls.format, len(data),
                                     output.pages, hashlib.sha256(data).hexdigest(), round(edition.coverage, 1),
                                     output.values.get("label", cls.label), _size(config, name, output.values)))
    return files


def _size(config, name: str, values: dict) -> str:
    """What a file's label says of its size: the page size of a PDF (or what its builder says, such
    as the size of the leaflets placed two to a page), or an image's pixels."""
    if "size" in values:
        return values["size"]
    target = config.target(name)
    if target is not None:
        return target.size
    return f"{values['width']} × {values['height']}" if "width" in values else ""


def make_thumbnails(folder: Path, editions: list[Edition], made: dict) -> dict[str, str]:
    """Small copies of each edition's cover for the download page."""
    from PIL import Image

    covers = {}
    for edition in editions:
        cover = made.get((edition.language, "cover"))
        if cover is None or cover.path is None or not cover.path.is_file():
            continue
        with Image.open(cover.path) as image:
            small = image.convert("RGB").resize(THUMBNAIL, Image.LANCZOS)
            buffer = io.BytesIO()
            small.save(buffer, format="PNG", optimize=True)
        name = f"covers/{edition.language}.png"
        write_bytes(folder / name, buffer.getvalue())
        covers[edition.language] = name
    return covers


def write_changelog(folder: Path, config, changes) -> None:
    """CHANGES.txt: the editor's notes for each edition, then (with `changes`) every change to the
    chapters and profiles since the previous edition; changes.json has the same for programs."""
    from .changes import describe_changes

    lines = []
    for entry in config.changelog:
        lines.append(f"Edition {entry.edition}, {entry.date.isoformat()}")
        lines += [f"- {change}" for change in entry.changes] + [""]
    if changes is not None:
        lines += describe_changes(changes)
        write_text(folder / "changes.json", json.dumps(changes.as_dict(), ensure_ascii=False, indent=1) + "\n")
    write_text(folder / "CHANGES.txt", "\n".join(lines).rstrip("\n") + "\n")


def case_changes(changes) -> list[dict]:
    """For the download page: each prisoner whose profile changed, and which facts."""
    if changes is None:
        return []
    return [{"name": document.title, "state": document.state, "facts": [fact.fact for fact in document.facts]}
            for document in changes.documents if document.kind == "profile"]


def write_pages(root: Path, folder: Path, editions: list[Edition], files: list[ReleaseFile],
                covers: dict[str, str], source: str, changes=None) -> None:
    """One download page per language; index.html is the source language's."""
    pages = [{"language": e.language, "native_name": i18n.language_name(e.language, label=True),
              "file": page_file(e.language, source)} for e in editions]
    for edition in editions:
        renderer = Renderer(root, edition)
        rows = [{"language": e.language, "direction": e.direction,
                 "native_name": i18n.language_name(e.language, label=True),
                 "local_name": i18n.language_name(e.language, edition.language, label=True),
                 "partial": e.coverage < 100.0,
                 "coverage_text": i18n.format_percent(e.coverage / 100, edition.language),
                 "cover": covers.get(e.language, ""), "files": [f for f in files if f.language == e.language]}
                for e in editions]
        html = renderer.render("dist/index.html.j2", releases=rows, pages=pages,
                               changes=edition.book.config.changelog, case_changes=case_changes(changes),
                               since=changes.since if changes else None)
        write_text(folder / page_file(edition.language, source), html)


def page_file(language: str, source: str) -> str:
    return "index.html" if language == source else f"index.{language}.html"


def write_checksums(folder: Path) -> None:
    """SHA256SUMS for every file of the release, in the format `sha256sum -c` reads."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    write_text(folder / "SHA256SUMS", "".join(lines))


def source_commit(root: Path) -> str:
    """The commit the sources come from, or "unknown" outside a git checkout."""
    try:
        run = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
    except OSError:
        return "unknown"
    return run.stdout.strip() if run.returncode == 0 else "unknown"


