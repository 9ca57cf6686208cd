"""Incremental builds function by function: which edit changes which fingerprint, and when the
recorded state of a job still stands for its outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bookbuild import state
from bookbuild.state import Fingerprints, current_state, pipeline_digest, record, recorded_depends
from conftest import make_project


@pytest.fixture
def book(tmp_path: Path) -> Path:
    book = make_project(tmp_path / "book")
    (book / "fonts").mkdir()
    (book / "fonts" / "serif.otf").write_bytes(b"serif")
    (book / "fonts" / "sans.otf").write_bytes(b"sans")
    return book


def fonts(book: Path) -> list[Path]:
    return [book / "fonts" / "serif.otf", book / "fonts" / "sans.otf"]


def test_each_kind_of_source_has_its_own_digest(book):
    before = Fingerprints.of(book, fonts(book))
    assert set(before.sources) == {"book.yaml", "chapters", "profiles", "images", "jurisdictions"}
    assert Fingerprints.of(book, fonts(book)) == before
    assert Fingerprints.of(book, list(reversed(fonts(book)))) == before, "the order fonts are given in does not count"
    chapter = book / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text() + "\nOne more paragraph.\n")
    after = Fingerprints.of(book, fonts(book))
    assert after.pipeline == before.pipeline
    assert {name for name in after.sources if after.sources[name] != before.sources[name]} == {"chapters"}
    (book / "book.yaml").write_text((book / "book.yaml").read_text() + "\n")
    assert Fingerprints.of(book, fonts(book)).sources["book.yaml"] != after.sources["book.yaml"]


def test_a_renamed_or_added_file_changes_its_digest(book):
    before = Fingerprints.of(book, fonts(book))
    (book / "images" / "figure.png").rename(book / "images" / "picture.png")
    renamed = Fingerprints.of(book, fonts(book))
    assert renamed.sources["images"] != before.sources["images"]
    (book / "jurisdictions").mkdir()
    assert Fingerprints.of(book, fonts(book)).sources["jurisdictions"] == renamed.sources["jurisdictions"], \
        "an empty folder is no folder"
    (book / "jurisdictions" / "xx.yaml").write_text("name: X\n")
    assert Fingerprints.of(book, fonts(book)).sources["jurisdictions"] != renamed.sources["jurisdictions"]
    # The two files' contents swapped between them: the names are part of the digest.
    (book / "profiles" / "a.yaml").write_text("one")
    (book / "profiles" / "b.yaml").write_text("two")
    one = Fingerprints.of(book, fonts(book)).sources["profiles"]
    (book / "profiles" / "a.yaml").write_text("two")
    (book / "profiles" / "b.yaml").write_text("one")
    assert Fingerprints.of(book, fonts(book)).sources["profiles"] != one
    # Content moved from the end of one file to the start of the next.
    (book / "profiles" / "a.yaml").write_text("tw")
    (book / "profiles" / "b.yaml").write_text("oone")
    assert Fingerprints.of(book, fonts(book)).sources["profiles"] != one


def test_a_font_changes_the_pipeline_digest(book):
    before = Fingerprints.of(book, fonts(book))
    (book / "fonts" / "sans.otf").write_bytes(b"sans 2")
    assert Fingerprints.of(book, fonts(book)).pipeline != before.pipeline
    assert Fingerprints.of(book, fonts(book)[:1]).pipeline != before.pipeline
    outside = book.parent / "system.otf"
    outside.write_bytes(b"sans 2")
    assert Fingerprints.of(book, [fonts(book)[0], outside]).pipeline not in (before.pipeline,
                                                                             Fingerprints.of(book, fonts(book)).pipeline)


def test_the_pipeline_digest_covers_the_code_the_theme_and_the_engines(monkeypatch, tmp_path):
    digest = pipeline_digest()
    assert pipeline_digest() == digest and len(digest) == 64
    monkeypatch.setattr(state, "__version__", "0.0.0-other")
    assert pipeline_digest() != digest
    monkeypatch.undo()
    extra = tmp_path / "extra.css"
    extra.write_text("p {}")
    theme_files = state.theme_files
    monkeypatch.setattr(state, "theme_files", lambda: theme_files() + [extra])
    assert pipeline_digest() != digest
    monkeypatch.undo()
    import importlib.metadata

    versions = []

    def version(name):
        versions.append(name)
        if name == "pyphen":
            raise importlib.metadata.PackageNotFoundError(name)
        return "1.0"
    monkeypatch.setattr(importlib.metadata, "version", version)
    without = pipeline_digest()
    assert without != digest
    assert versions == ["weasyprint", "pikepdf", "pypdf", "segno", "ebooklib", "babel", "jinja2", "markdown-it-py",
                        "mdit-py-plugins", "pyphen", "uharfbuzz", "anyascii"]


def test_a_jobs_fingerprint_covers_what_its_builder_reads(book):
    prints = Fingerprints.of(book, fonts(book))
    assert prints.job(book, "en", "print") == "unknown: the job has not run"
    depends = {"templates": ["print/book.html.j2"], "styles": ["book.css"]}
    print_job = prints.job(book, "en", "print", depends=depends)
    assert prints.job(book, "en", "print", depends=depends) == print_job
    assert prints.job(book, "de", "print", depends=depends) != print_job
    assert prints.job(book, "en", "screen", depends=depends) != print_job
    assert prints.job(book, "en", "print", strict=True, depends=depends) != print_job
    assert prints.job(book, "en", "print", depends={}) != print_job
    cover = prints.job(book, "en", "cover", depends={})
    profile = book / "profiles" / "smith-anna.yaml"
    profile.write_text(profile.read_text() + "hometown: Tula\n" if "hometown" not in profile.read_text()
                       else profile.read_text().replace("hometown: Tula", "hometown: Orel"))
    edited = Fingerprints.of(book, fonts(book))
    assert edited.job(book, "en", "print", depends=depends) != print_job
    assert edited.job(book, "en", "cover", depends={}) == cover, "the cover reads only book.yaml"


def test_a_jobs_fingerprint_covers_its_catalogues_by_what_they_say(book):
    prints = Fingerprints.of(book, fonts(book))
    folder = book / "translations" / "de"
    (folder / "chapters").mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
    (folder / "interface.po").write_text(header + 'msgid "Title"\nmsgstr "Titel"\n')
    (folder / "chapters" / "first-case.po").write_text(header + 'msgid "A"\nmsgstr "B"\n')
    print_job = prints.job(book, "de", "print", depends={})
    cover_job = prints.job(book, "de", "cover", depends={})
    (folder / "chapters" / "first-case.po").write_text(header + '#: chapters/first-case.md:9\nmsgid "A"\nmsgstr "B"\n')
    assert prints.job(book, "de", "print", depends={}) == print_job, "a re-saved catalogue changes nothing"
    (folder / "chapters" / "first-case.po").write_text(header + 'msgid "A"\nmsgstr "C"\n')
    assert prints.job(book, "de", "print", depends={}) != print_job
    assert prints.job(book, "de", "cover", depends={}) == cover_job, "the cover reads only the interface catalogue"
    (folder / "interface.po").write_text(header + 'msgid "Title"\nmsgstr "Der Titel"\n')
    assert prints.job(book, "de", "cover", depends={}) != cover_job
    (folder / "notes.txt").write_text("not a catalogue")
    changed = prints.job(book, "de", "cover", depends={})
    (folder / "notes.txt").write_text("still not a catalogue")
    assert prints.job(book, "de", "cover", depends={}) == changed


def test_a_jobs_fingerprint_follows_the_templates_and_stylesheets_it_used(book):
    prints = Fingerprints.of(book, fonts(book))
    depends = {"templates": ["print/colophon.html.j2"], "styles": ["print.css"]}
    theme_only = prints.job(book, "en", "print", depends=depends)
    (book / "styles").mkdir()
    (book / "styles" / "print.css").write_text("p { color: black }")
    own_style = prints.job(book, "en", "print", depends=depends)
    assert own_style != theme_only
    (book / "styles" / "print.css").write_text("p { color: red }")
    assert prints.job(book, "en", "print", depends=depends) != own_style
    (book / "templates" / "print").mkdir(parents=True)
    (book / "templates" / "print" / "colophon.html.j2").write_text("<p>Colophon</p>")
    own_template = prints.job(book, "en", "print", depends=depends)
    (book / "templates" / "print" / "colophon.html.j2").write_text("<p>The colophon</p>")
    assert prints.job(book, "en", "print", depends=depends) != own_template
    gone = {"templates": ["print/none.html.j2"], "styles": ["none.css"]}
    missing = prints.job(book, "en", "print", depends=gone)
    assert missing != prints.job(book, "en", "print", depends={"templates": [], "styles": []})
    assert state._digest_found(None) == "missing"
    style = book / "styles" / "print.css"
    assert state._digest_found(style).endswith(str(style))


def outputs(tmp_path: Path) -> tuple[Path, list[Path]]:
    output = tmp_path / "build"
    files = [output / "en" / "book.pdf", output / "en" / "html" / "index.html"]
    for number, path in enumerate(files):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"output %d" % number)
    return output, files


def test_a_recorded_job_stands_while_its_outputs_are_intact(tmp_path):
    output, files = outputs(tmp_path)
    depends = {"templates": ["print/book.html.j2"], "styles": ["book.css"]}
    record(output, "en", "print", "f1", files, pages=12, path=files[0], values={"pages": 12}, depends=depends)
    saved = json.loads((output / "en" / ".state" / "print.json").read_text())
    assert saved["fingerprint"] == "f1" and saved["pages"] == 12 and saved["path"] == "en/book.pdf"
    assert saved["values"] == {"pages": 12} and saved["depends"] == depends and "skipped" not in saved
    assert sorted(saved["files"]) == ["en/book.pdf", "en/html/index.html"]
    size, mtime, digest = saved["files"]["en/book.pdf"]
    assert size == len(b"output 0") and mtime == files[0].stat().st_mtime_ns and len(digest) == 64
    assert recorded_depends(output, "en", "print") == depends
    assert recorded_depends(output, "en", "epub") is None
    assert current_state(output, "en", "print", "f1") == saved
    assert current_state(output, "en", "print", "f2") is None
    assert current_state(output, "de", "print", "f1") is None
    # Touched but unchanged: still current.
    os.utime(files[0], ns=(1, 1))
    assert current_state(output, "en", "print", "f1") == saved
    # Same size, other bytes: remade.
    files[0].write_bytes(b"output X")
    os.utime(files[0], ns=(2, 2))
    assert current_state(output, "en", "print", "f1") is None
    files[0].write_bytes(b"output 0")
    os.utime(files[0], ns=(mtime, mtime))
    assert current_state(output, "en", "print", "f1") == saved
    files[1].write_bytes(b"output 1 and more")
    assert current_state(output, "en", "print", "f1") is None
    files[1].unlink()
    assert current_state(output, "en", "print", "f1") is None


def test_a_skipped_job_and_a_broken_record(tmp_path):
    output, files = outputs(tmp_path)
    record(output, "en", "leaflets", "f1", [], skipped="the book has no profiles")
    saved = json.loads((output / "en" / ".state" / "leaflets.json").read_text())
    assert saved == {"fingerprint": "f1", "files": {}, "pages": None, "values": {}, "depends": None, "path": None,
                     "skipped": "the book has no profiles"}
    assert current_state(output, "en", "leaflets", "f1")["skipped"] == "the book has no profiles"
    (output / "en" / ".state" / "leaflets.json").write_text("{not json")
    assert current_state(output, "en", "leaflets", "f1") is None
    assert recorded_depends(output, "en", "leaflets") is None
