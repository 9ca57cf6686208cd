"""The release folder distributors download: dist/<slug>-<edition>/.

Every edition's print PDF, screen PDF, leaflets and EPUB under clear names; each prisoner's
leaflet as its own PDF under leaflets/<lang>/; one ZIP archive of all of it (with its own
SHA256SUMS inside, and the same bytes from the same files); cover thumbnails;
SHA256SUMS (the format `sha256sum -c` reads); manifest.json describing each file; and a
static download page per language (index.html in the source language, index.<lang>.html
for the others) that needs no server, no script and no network. The folder is assembled
aside and moved into place when complete.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from . import builders, i18n
from .output import ensure_folder, write_bytes, write_text
from .render import Edition, Renderer

MEDIA_TYPES = {"pdf": "application/pdf", "epub": "application/epub+zip", "png": "image/png", "zip": "application/zip"}
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


@dataclass(frozen=True)
class Leaflet:
    """One prisoner's leaflet, as its own PDF."""

    name: str
    profile: str
    person: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Archive:
    name: str
    bytes: int
    files: int


def release_name(slug: str, edition: int) -> str:
    return f"{slug}-{edition}"


def file_name(slug: str, edition: int, language: str, builder) -> str:
    if builder.format == "epub":
        return f"{slug}-ed{edition}-{language}.epub"
    return f"{slug}-ed{edition}-{language}-{builder.name}.{builder.format}"


def make_release(root: Path, dist_dir: Path, editions: list[Edition], partial: str, made: dict,
                 changes=None, coverage: dict[str, float] | None = None, fonts: dict | None = None) -> Path:
    """Assemble the release folder from built editions and the outputs the build made (`made`, by
    (language, builder)); returns its path. `coverage`: each language's translated share, as
    `make stats` counts it (the editions' own measure if not given); `fonts` are each language's
    font files, for the web edition."""
    config = editions[0].book.config
    coverage = {e.language: (coverage or {}).get(e.language, e.coverage) for e in editions}
    released = [e for e in editions if partial != "omit" or coverage[e.language] >= 100.0]
    target = dist_dir / release_name(config.slug, config.edition)
    ensure_folder(dist_dir)
    with tempfile.TemporaryDirectory(dir=dist_dir, prefix=".assembling-") as scratch:
        folder = Path(scratch) / "release"
        folder.mkdir()
        files = copy_files(folder, released, made, coverage)
        leaflets = copy_leaflets(folder, released, made)
        commit = source_commit(root)
        web = write_web(root, folder, released, files, made, fonts or {})
        data = write_data(folder, released)
        manifest = {"title": str(config.title), "slug": config.slug, "edition": config.edition,
                    "date": config.date.isoformat(), "source_commit": commit,
                    "files": [asdict(f) for f in files], "web": web, "data": data,
                    "leaflets": leaflet_manifest(released, leaflets, files)}
        write_text(folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        write_changelog(folder, config, changes)
        archive = write_archive(folder, release_name(config.slug, config.edition), config.date)
        covers = make_thumbnails(folder, released, made)
        write_pages(root, folder, released, files, leaflets, archive, covers, config.source_language, coverage,
                    changes, web, data)
        write_checksums(folder)
        if target.exists():
            shutil.rmtree(target)
        folder.rename(target)
    return target


def copy_files(folder: Path, editions: list[Edition], made: dict, coverage: dict[str, float]) -> list[ReleaseFile]:
    config = editions[0].book.config
    files = []
    for edition in editions:
        code = edition.language
        for name, cls in builders.REGISTRY.items():
            output = made.get((code, name))
            if not cls.released or cls.format == "html" or output is None or output.path is None \
                    or not output.path.is_file():
                continue  # the web edition is laid out again under web/ (write_web)
            name_in_release = file_name(config.slug, config.edition, code, cls)
            data = output.path.read_bytes()
            write_bytes(folder / name_in_release, data)
            files.append(ReleaseFile(name_in_release, code, i18n.language_name(code), name, cls.format, len(data),
                                     output.pages, hashlib.sha256(data).hexdigest(), floor_tenth(coverage[code]),
                                     output.values.get("label", cls.label), size_label(config, name, output.values)))
    return files


def floor_tenth(percent: float) -> float:
    """A share rounded down to a tenth, as `make stats` shows it."""
    return math.floor(percent * 10) / 10


def copy_leaflets(folder: Path, editions: list[Edition], made: dict) -> dict[str, list[Leaflet]]:
    """Each edition's leaflets, one PDF per prisoner, under leaflets/<lang>/, in the book's order."""
    config = editions[0].book.config
    found: dict[str, list[Leaflet]] = {}
    for edition in editions:
        output = made.get((edition.language, "leaflets"))
        sheets = output.values.get("sheets", {}) if output is not None and output.path is not None else {}
        for profile in edition.book.profiles():
            sheet = output.path.parent / sheets[profile.id] if profile.id in sheets else None
            if sheet is None or not sheet.is_file():
                continue
            name = f"leaflets/{edition.language}/{config.slug}-ed{config.edition}-{edition.language}-{profile.id}.pdf"
            data = sheet.read_bytes()
            write_bytes(folder / name, data)
            found.setdefault(edition.language, []).append(
                Leaflet(name, profile.id, str(profile.name), len(data), hashlib.sha256(data).hexdigest()))
    return found


def leaflet_manifest(editions: list[Edition], leaflets: dict[str, list[Leaflet]],
                     files: list[ReleaseFile]) -> list[dict]:
    """The leaflets in the manifest: per language, what they share once, then each file."""
    entries = []
    for edition in editions:
        code = edition.language
        if code not in leaflets:
            continue
        combined = next((f for f in files if f.language == code and f.target == "leaflets"), None)
        entries.append({"language": code, "language_name": i18n.language_name(code), "format": "pdf",
                        "folder": f"leaflets/{code}", "size": combined.size if combined else "",
                        "files": [{"name": leaflet.name.rsplit("/", 1)[1], "profile": leaflet.profile,
                                   "bytes": leaflet.bytes, "sha256": leaflet.sha256} for leaflet in leaflets[code]]})
    return entries


def write_archive(folder: Path, name: str, date) -> Archive:
    """<name>.zip: every file now in the release, under <name>/, with a SHA256SUMS of its own. The
    same files give the same bytes: entries sorted, dated with the edition, the same permissions."""
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    members = {p.relative_to(folder).as_posix(): p.read_bytes() for p in paths}
    members["SHA256SUMS"] = "".join(f"{hashlib.sha256(data).hexdigest()}  {path}\n"
                                    for path, data in sorted(members.items())).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in sorted(members.items()):
            entry = zipfile.ZipInfo(f"{name}/{path}", date_time=(date.year, date.month, date.day, 0, 0, 0))
            entry.compress_type, entry.create_system = zipfile.ZIP_DEFLATED, 3
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, data, compresslevel=6)
    write_bytes(folder / f"{name}.zip", buffer.getvalue())
    return Archive(f"{name}.zip", len(buffer.getvalue()), len(members))


def size_label(config, name: str, values: dict) -> str:
    """What a file's label says of its size: the page size of a PDF (or what its builder says, such
    as the size of the leaflets placed two to a page), or an image's pixels."""
    if "size" in values:
        return values["size"]
    target = config.target(name)
    if target is not None:
        return target.size
    return f"{values['width']} × {values['height']}" if "width" in values else ""


def write_web(root: Path, folder: Path, editions: list[Edition], files: list[ReleaseFile], made: dict,
              fonts: dict) -> dict[str, str]:
    """The web edition of every released language under web/<lang>/, linking to the release's files
    and to the other released languages, and web/index.html to choose a language. Returns the
    first page of each language's site."""
    from .site import COVER_PATH, RELEASE_LAYOUT, Download, make_site, render_site, write_site

    languages = tuple(edition.language for edition in editions)
    pages = {}
    for edition in editions:
        code = edition.language
        if (code, "web") not in made:
            continue
        downloads = tuple(Download(f.name, f.label, f.size, f.media_type, f.bytes, f.pages)
                          for f in files if f.language == code)
        cover = made.get((code, "cover"))
        extra = {COVER_PATH: cover.path.read_bytes()} if cover and cover.path and cover.path.is_file() else {}
        site = make_site(edition, languages, RELEASE_LAYOUT, downloads, COVER_PATH if extra else None)
        write_site(folder / "web" / code, render_site(root, site, fonts.get(code, ()), extra))
        pages[code] = f"web/{code}/index.html"
    if pages:
        shown = [{"code": code, "name": i18n.language_name(code, label=True), "direction": i18n.text_direction(code)}
                 for code in pages]
        chooser = Renderer(root, editions[0]).render("web/languages.html.j2", languages=shown)
        write_text(folder / "web" / "index.html", chooser)
    return pages


def write_data(folder: Path, editions: list[Edition]) -> list[str]:
    """The prisoners as data: prisoners.json with its schema, and a CSV per language."""
    from .prisoners import DATA_FILE, SCHEMA_FILE, csv_file, csv_text, data_document, data_json, schema_path

    if not any(edition.book.profiles() for edition in editions):
        return []
    document = data_document(editions)
    write_text(folder / DATA_FILE, data_json(document))
    write_bytes(folder / SCHEMA_FILE, schema_path().read_bytes())
    names = [DATA_FILE, SCHEMA_FILE]
    for edition in editions:
        rows = [item for item in document["prisoners"] if item["language"] == edition.language]
        write_text(folder / csv_file(edition.language), "\ufeff" + csv_text(rows))
        names.append(csv_file(edition.language))
    return names


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
                leaflets: dict[str, list[Leaflet]], archive: Archive, covers: dict[str, str], source: str,
                coverage: dict[str, float], changes=None, web: dict | None = None,
                data: list[str] | None = None) -> None:
    """One download page per language; index.html is the source language's. It links to each
    language's web edition (`web`) and to the prisoners' data files (`data`)."""
    pages = [{"language": e.language, "native_name": i18n.language_name(e.language, label=True),
              "file": page_file(e.language, source)} for e in editions]
    for edition in editions:
        renderer = Renderer(root, edition)
        rows = [{"language": e.language, "direction": e.direction,
                 "native_name": i18n.language_name(e.language, label=True),
                 "local_name": i18n.language_name(e.language, edition.language, label=True),
                 "partial": coverage[e.language] < 100.0,
                 "coverage_text": i18n.format_coverage(coverage[e.language], edition.language),
                 "cover": covers.get(e.language, ""), "files": [f for f in files if f.language == e.language],
                 "leaflets": leaflets.get(e.language, []), "web": (web or {}).get(e.language)}
                for e in editions]
        own = [f for f in files if f.language == edition.language]
        example = next((f.name for f in own if f.target == "print"), (own or files)[0].name)
        html = renderer.render("dist/index.html.j2", releases=rows, pages=pages, archive=archive,
                               check_example=example,
                               changes=edition.book.config.changelog, case_changes=case_changes(changes),
                               since=changes.since if changes else None, data=data or [])
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


