"""The live preview's book in memory (live.py): after a change, only what changed is read and
translated again, and a broken source leaves the last good book in place with its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbuild.live import Preview
from conftest import run_cli
from i18n_helpers import add_language, translate_po


@pytest.fixture
def preview(minibook) -> Preview:
    add_language(minibook, "  de: {}")
    assert run_cli("-C", minibook, "init", "--lang", "de").code == 0
    shown = Preview(minibook)
    shown.refresh()
    return shown


def chapters(preview: Preview) -> dict:
    return {entry.chapter.id: entry.chapter for entry in preview.book.entries()}


def test_an_edited_chapter_is_the_only_file_read_again(preview):
    before = chapters(preview)
    english, german = preview.edition("en"), preview.edition("de")
    path = preview.root / "chapters" / "second-case.md"
    path.write_text(path.read_text().replace("no profiles of its own", "no profiles at all"))
    change = preview.refresh((path,))
    after = chapters(preview)
    assert change.paths == ("chapters/second-case.md",) and change.reloaded and not change.errors
    assert after["first-case"] is before["first-case"] and after["preface"] is before["preface"]
    assert after["second-case"] is not before["second-case"]
    assert preview.edition("en") is not english and preview.edition("de") is not german
    assert "no profiles at all" in str(preview.edition("de").book.entries()[-1].chapter.blocks[0].text)


def test_a_catalogue_changes_only_its_own_language(preview):
    english, german = preview.edition("en"), preview.edition("de")
    catalogue = preview.root / "translations" / "de" / "chapters" / "second-case.po"
    translate_po(catalogue, {"The second case": "Der zweite Fall"})
    preview.refresh((catalogue,))
    assert preview.edition("en") is english
    assert preview.edition("de") is not german
    assert str(preview.edition("de").book.entries()[-1].chapter.title) == "Der zweite Fall"


def test_a_template_change_needs_no_new_edition(preview):
    english, generation = preview.edition("en"), preview.generation
    template = preview.root / "templates" / "web" / "chapter.html.j2"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text("{% extends 'web/page.html.j2' %}")
    preview.refresh((template,))
    assert preview.edition("en") is english and preview.generation == generation + 1


def test_a_broken_source_keeps_the_last_good_book_until_it_is_fixed(preview):
    good = preview.book
    path = preview.root / "chapters" / "first-case.md"
    text = path.read_text()
    path.write_text(text.replace("---\n\nThe first paragraph", "---\n\nThe first paragraph[^missing]", 1))
    change = preview.refresh((path,))
    assert preview.book is good and preview.edition("en").book is good
    assert [str(error.location) for error in change.errors] == ["chapters/first-case.md:7"]
    path.write_text(text)
    assert not preview.refresh((path,)).errors and not preview.errors


def test_a_broken_catalogue_shows_its_line_and_keeps_the_last_good_edition(preview):
    german = preview.edition("de")
    catalogue: Path = preview.root / "translations" / "de" / "profiles.po"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    preview.refresh((catalogue,))
    assert preview.edition("de") is german
    assert any(error.location and error.location.path == "translations/de/profiles.po" for error in preview.errors)
