"""Incremental builds: after one edit, exactly the outputs that depend on it are made again, and
they are identical to the outputs of a clean build of the same sources."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import THEME, copy_built, run_cli
from i18n_helpers import translate_po

ALL = {f"{lang} {kind}" for lang in ("en", "de") for kind in ("print", "screen", "leaflets", "cover", "epub", "web")}


def made(output: str) -> set[str]:
    """The jobs a build ran, from its progress lines ("de print: build/de/...")."""
    return set(re.findall(r"^(\w+ \w+): (?!FAILED)", output, re.M))


def outputs(book) -> dict[str, bytes]:
    return {str(p.relative_to(book / "build")): p.read_bytes() for p in sorted((book / "build").rglob("*"))
            if p.is_file() and (p.suffix in (".pdf", ".epub", ".png") and "html" not in p.parts or "web" in p.parts)}


@pytest.fixture(scope="module")
def built(bilingual_book, tmp_path_factory):
    """The small book in English and German, built (a copy of it): a second build has nothing to do."""
    book = copy_built(bilingual_book, tmp_path_factory.mktemp("incremental") / "book")
    again = run_cli("-C", book, "build")
    assert made(again.out) == set() and f"{len(ALL)} output(s) already up to date" in again.out
    return book


def edit_po(book):
    translate_po(book / "translations" / "de" / "chapters" / "second-case.po", {"Nothing more.": "Sonst nichts."})


def edit_profile(book):
    profile = book / "profiles" / "petrov-ivan.yaml"
    profile.write_text(profile.read_text().replace("Little is known", "Very little is known"))


def edit_leaflet_style(book):
    (book / "styles").mkdir(exist_ok=True)
    css = (THEME / "styles" / "leaflets.css").read_text()
    (book / "styles" / "leaflets.css").write_text(css.replace("font-size: 3.3em", "font-size: 3.1em"))


def edit_epub_template(book):
    name = "epub/part.xhtml.j2"
    (book / "templates" / "epub").mkdir(parents=True, exist_ok=True)
    (book / "templates" / name).write_text((THEME / "templates" / name).read_text().replace(
        'class="part"', 'class="part part-page"'))


def edit_book_yaml(book):
    config = book / "book.yaml"
    config.write_text(config.read_text().replace("subtitle: Two chapters and two profiles",
                                                 "subtitle: Two chapters, two profiles"))


EDITS = {
    # A German catalogue: the German outputs that print chapters (the cover shows only the title).
    "one .po": (edit_po, {"de print", "de screen", "de leaflets", "de epub", "de web"}),
    # A profile: every output that prints it, in every language.
    "one profile": (edit_profile, {f"{lang} {kind}" for lang in ("en", "de")
                                   for kind in ("print", "screen", "leaflets", "epub", "web")}),
    # A stylesheet: the outputs laid out with it, and the web edition, which links to them.
    "one stylesheet": (edit_leaflet_style, {"en leaflets", "de leaflets", "en web", "de web"}),
    # A template: the outputs rendered with it, and the web edition, which links to them.
    "one template": (edit_epub_template, {"en epub", "de epub", "en web", "de web"}),
    # book.yaml: everything (its title is on every output).
    "book.yaml": (edit_book_yaml, ALL),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_exactly_the_outputs_that_depend_on_an_edit_are_rebuilt(built, tmp_path, edit):
    book = tmp_path / "book"
    copy_built(built, book)
    change, expected = EDITS[edit]
    change(book)
    result = run_cli("-C", book, "build")
    assert result.code == 0, result.err
    assert made(result.out) == expected, result.out
    clean = tmp_path / "clean"
    shutil.copytree(book, clean, ignore=shutil.ignore_patterns("build"))
    assert run_cli("-C", clean, "build").code == 0
    assert outputs(book) == outputs(clean), "an incremental build gives the bytes of a clean one"


def test_a_catalogue_resaved_with_the_same_messages_rebuilds_nothing(built, tmp_path):
    import subprocess

    book = tmp_path / "book"
    copy_built(built, book)
    for po in (book / "translations" / "de").rglob("*.po"):
        subprocess.run(["msgcat", "--no-wrap", "-o", str(po), str(po)], check=True)
    result = run_cli("-C", book, "build")
    assert made(result.out) == set(), result.out
