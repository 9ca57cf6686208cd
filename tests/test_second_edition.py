"""A second edition, played as editors and translators live it: the sources change, catalogues are
merged, translators' tools rewrite the files, and the build says what is out of date.

The judges are the tools translators use: GNU gettext (`msgfmt --check`, `msgcat`), polib and
translate-toolkit (the library under Weblate and Pootle), not the project's own reader.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from translate.storage import po as ttk_po

from conftest import ROOT, run_cli
from i18n_helpers import add_language, translate_po

SAMPLE_PARTS = ("book.yaml", "chapters", "profiles", "translations", "templates", "styles", "images")


def copy_sample(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in SAMPLE_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy2(source, folder / name)
    return folder


def paragraphs(path: Path) -> list[str]:
    """The body paragraphs of a chapter (after its header), as written."""
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    return [p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "-", ">", "!", "["))]


def catalogues(book: Path) -> list[Path]:
    return sorted((book / "translations").rglob("*.po")) + sorted((book / "translations").rglob("*.pot"))


def msgfmt_check(path: Path) -> None:
    run = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, f"{path}: {run.stderr}"


FICTIONAL = """id: doe-jane
name: Jane Doe
name_original: Джейн Доу
case: azat-miftakhov
summary: A fictional person, added by the tests to play a new profile in a second edition.
biography: |
  Jane Doe does not exist. This profile only tests how a new edition adds a person.
"""


@pytest.fixture(scope="module")
def second_edition(tmp_path_factory):
    """The sample book after an editor's second-edition changes, extracted and merged."""
    book = copy_sample(tmp_path_factory.mktemp("second") / "book")
    chapter = book / "chapters" / "introduction.md"
    first, *rest = paragraphs(chapter)
    removed = rest[-1]
    changed = first.replace(" ", " indeed ", 1)
    # The paragraph is rewrapped over several source lines, as an editor's text editor would.
    rewrapped = re.sub(r"(.{60,70}?) ", "\\1\n", changed)
    text = chapter.read_text(encoding="utf-8").replace(first, rewrapped).replace(removed + "\n\n", "")
    chapter.write_text(text, encoding="utf-8")
    profile = book / "profiles" / "balin-andrei.yaml"
    bio_before = profile.read_text(encoding="utf-8")
    bio_after = bio_before.replace("biography: |\n  ", "biography: |\n  In short: ", 1)
    assert bio_after != bio_before
    profile.write_text(bio_after, encoding="utf-8")
    (book / "profiles" / "doe-jane.yaml").write_text(FICTIONAL, encoding="utf-8")
    for command in ("extract", "update"):
        result = run_cli("-C", book, command)
        assert result.code == 0, result.err
    return {"book": book, "old": " ".join(first.split()), "new": " ".join(changed.split()),
            "removed": " ".join(removed.split())}


def test_every_catalogue_passes_the_translators_tools(second_edition):
    for path in catalogues(second_edition["book"]):
        msgfmt_check(path)
        polib.pofile(str(path))
        store = ttk_po.pofile.parsefile(str(path))
        assert store.units, path


def test_changed_messages_are_fuzzy_with_their_previous_id(second_edition):
    book = second_edition["book"]
    for language in ("ru", "de"):
        intro = polib.pofile(str(book / "translations" / language / "chapters" / "introduction.po"))
        entry = intro.find(second_edition["new"])
        assert entry is not None and "fuzzy" in entry.flags
        assert entry.previous_msgid == second_edition["old"]
        assert entry.msgstr, "the old translation is kept for the translator to revise"
        obsolete = [e for e in intro.obsolete_entries() if e.msgid == second_edition["removed"]]
        assert obsolete, "the removed paragraph becomes obsolete"
        profiles = polib.pofile(str(book / "translations" / language / "profiles.po"))
        changed_bio = [e for e in profiles if e.msgid.startswith("In short: ")]
        assert changed_bio and "fuzzy" in changed_bio[0].flags and changed_bio[0].previous_msgid
        new = profiles.find("Jane Doe does not exist. This profile only tests how a new edition adds a person.")
        assert new is not None and new.msgstr == "" and "fuzzy" not in new.flags


def test_update_with_unchanged_sources_changes_nothing(second_edition, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(second_edition["book"], book)
    before = {path: path.read_bytes() for path in catalogues(book)}
    assert run_cli("-C", book, "update").code == 0
    assert {path: path.read_bytes() for path in catalogues(book)} == before


@pytest.mark.parametrize("tool", ["msgcat --width=79", "msgcat --no-wrap", "translate-toolkit"])
def test_a_file_saved_by_a_translators_tool_keeps_its_form(tmp_path, tool):
    """Poedit wraps like `msgcat --width=79`; Weblate writes through translate-toolkit. After one
    `update` a file is in gettext's form again, byte for byte (and an `update` of that form changes
    nothing: `test_update_with_unchanged_sources_changes_nothing`)."""
    book = copy_sample(tmp_path / "book")
    files = sorted((book / "translations").rglob("*.po"))
    canonical = {path: path.read_bytes() for path in files}
    for path in files:
        resave(path, tool)
    assert run_cli("-C", book, "update").code == 0
    assert {path: path.read_bytes() for path in files} == canonical


def resave(path: Path, tool: str) -> None:
    if tool == "translate-toolkit":
        store = ttk_po.pofile.parsefile(str(path))
        path.write_bytes(bytes(store))
    else:
        subprocess.run([*tool.split(), "-o", str(path), str(path)], check=True)


@pytest.fixture
def german(minibook):
    add_language(minibook, "  de: {}")
    assert run_cli("-C", minibook, "init", "--lang", "de").code == 0
    translate_po(minibook / "translations" / "de" / "chapters" / "second-case.po",
                 {"The second chapter has no profiles of its own.": "Das zweite Kapitel hat keine eigenen Profile.",
                  "What happened next": "Was dann geschah", "Nothing more.": "Nichts weiter."})
    assert run_cli("-C", minibook, "update").code == 0
    return minibook


def test_a_resaved_catalogue_does_not_rebuild_its_language(german):
    assert run_cli("-C", german, "build", "--format", "print").code == 0
    for path in (german / "translations" / "de").rglob("*.po"):
        subprocess.run(["msgcat", "--no-wrap", "-o", str(path), str(path)], check=True)
    again = run_cli("-C", german, "build", "--format", "print")
    assert again.code == 0 and "2 output(s) already up to date" in again.out, again.out
    po = german / "translations" / "de" / "chapters" / "second-case.po"
    translate_po(po, {"Nothing more.": "Sonst nichts."})
    edited = run_cli("-C", german, "build", "--format", "print")
    assert "de print: " in edited.out and "1 output(s) already up to date" in edited.out, edited.out


def test_an_english_edit_is_reported_per_catalogue_and_strict_fails(german):
    chapter = german / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text().replace("Nothing more.", "Nothing more, for now."))
    result = run_cli("-C", german, "build", "--format", "print")
    assert result.code == 0
    assert ("translations/de/chapters/second-case.po: warning: 1 message changed in the sources since the last "
            "update; it prints in English: run make update") in result.err.splitlines()
    html = (german / "build" / "de" / "html" / "index.html").read_text()
    assert 'lang="en" xml:lang="en" dir="ltr">Nothing more, for now.' in html
    stats = run_cli("-C", german, "stats", "--by-catalogue", "--lang", "de")
    row = next(line for line in stats.out.splitlines() if "chapters/second-case" in line)
    assert row.split()[2:6] == ["2", "0", "2", "1"], row  # translated, fuzzy, untranslated (title too), changed
    strict = run_cli("-C", german, "build", "--format", "print", "--strict")
    assert strict.code == 1 and "1 message changed in the sources since the last update" in strict.err


def test_strict_is_passed_through_make():
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "check", "STRICT=1", "LANGS=de"], capture_output=True,
                         text=True)
    assert "bookbuild check --strict --lang \"de\"" in dry.stdout, dry.stdout
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "all", "STRICT=1"], capture_output=True, text=True)
    assert "bookbuild build --strict" in dry.stdout, dry.stdout


def test_check_reads_the_translations_without_building(german):
    po = german / "translations" / "de" / "chapters" / "second-case.po"
    chapter = german / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text().replace("Nothing more.", "All %(profile_count)s of them."))
    assert run_cli("-C", german, "update").code == 0
    translate_po(po, {"All %(profile_count)s of them.": "Alle %(profile_zahl)s."})
    text = po.read_text()
    po.write_text(text.replace('msgid "What happened next"', '#, fuzzy\nmsgid "What happened next"'))
    fuzzy_line = po.read_text().splitlines().index('msgid "What happened next"')
    placeholder_line = po.read_text().splitlines().index('msgid "All %(profile_count)s of them."') + 1
    broken = german / "translations" / "de" / "chapters" / "first-case.po"
    lines = broken.read_text().splitlines()
    quote_line = lines.index('msgid "The arrests"') + 2
    lines[quote_line - 1] = 'msgstr "Die Festnahmen'
    broken.write_text("\n".join(lines) + "\n")

    result = run_cli("-C", german, "check")
    assert result.code == 1
    errors = result.err.splitlines()
    assert any(l.startswith(f"translations/de/chapters/first-case.po:{quote_line}: msgfmt: end-of-line within string")
               for l in errors), result.err
    assert f"translations/de/chapters/second-case.po:{fuzzy_line + 1}: warning: fuzzy translation" in result.err
    assert f"translations/de/chapters/second-case.po:{placeholder_line}: warning: the translation changes the " \
        "placeholders of its source" in result.err
    assert f"translations/de/chapters/second-case.po:{placeholder_line + 1}: msgfmt: a format specification for " \
        "argument 'profile_count' doesn't exist in 'msgstr'" in result.err
    assert not (german / "build").exists()
    broken.write_text(broken.read_text().replace('msgstr "Die Festnahmen\n', 'msgstr "Die Festnahmen"\n'))
    translate_po(po, {"All %(profile_count)s of them.": "Alle %(profile_count)s."})
    lenient = run_cli("-C", german, "check")
    assert lenient.code == 0 and "de: " in lenient.out
    strict = run_cli("-C", german, "check", "--strict")
    assert strict.code == 1 and "fuzzy translation" in strict.err


def test_glossary_reports_a_translation_that_does_not_use_the_agreed_term(german):
    po = german / "translations" / "de" / "chapters" / "second-case.po"
    translate_po(po, {"The second chapter has no profiles of its own.": "Der zweite Abschnitt hat keine Profile."})
    (german / "translations" / "de" / "glossary.csv").write_text(
        "source,target,note\nchapter,Kapitel*,not Abschnitt\nprofile,Profil*|Porträt*,\n", encoding="utf-8")
    line = po.read_text().splitlines().index('msgid "The second chapter has no profiles of its own."') + 1
    result = run_cli("-C", german, "check", "--lang", "de")
    warnings = [l for l in result.err.splitlines() if "glossary" in l]
    assert warnings == [f"translations/de/chapters/second-case.po:{line}: warning: 'chapter' is not rendered as the "
                        "glossary agrees: 'Kapitel*' (translations/de/glossary.csv:2)"], result.err
    assert "1 not as the glossary agrees" in result.out


def git(book: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(book), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
                        "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
                        "PATH": "/usr/bin:/bin"})


def test_changes_since_an_earlier_version_and_in_the_release(minibook):
    git(minibook, "init", "-q")
    git(minibook, "add", "-A")
    git(minibook, "commit", "-qm", "first edition")
    profile = minibook / "profiles" / "smith-anna.yaml"
    profile.write_text(profile.read_text()
                       .replace("  state: imprisoned\n  place: Penal colony No. 1, Tula region\n  as_of: 2024-01-15",
                                "  state: released\n  as_of: 2025-04-20")
                       .replace("She was detained in *April 2022*.", "She was detained in *late April 2022*."))
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text().replace("Nothing more.\n", ""))
    git(minibook, "commit", "-qam", "second edition")

    result = run_cli("-C", minibook, "changes", "--since", "HEAD~1")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "chapter second-case (The second case): changed" in lines
    assert "  removed chapters/second-case.md:10: Nothing more." in lines
    assert "profile smith-anna (Anna Smith): changed" in lines
    assert ("  status: imprisoned: Penal colony No. 1, Tula region (as of 2024-01-15) -> released (as of 2025-04-20)"
            in lines)
    assert any(l.startswith("  changed profiles/smith-anna.yaml:") and "late April 2022" in l for l in lines)

    release = run_cli("-C", minibook, "dist", "--since", "HEAD~1")
    assert release.code == 0, release.err
    folder = minibook / "dist" / "small-book-2"
    changelog = (folder / "CHANGES.txt").read_text()
    assert "profile smith-anna (Anna Smith): changed" in changelog and "status: imprisoned" in changelog
    page = (folder / "index.html").read_text()
    assert re.search(r"<li>Anna Smith: sentence|<li>Anna Smith: status", page), page
    bad = run_cli("-C", minibook, "changes", "--since", "no-such-tag")
    assert bad.code == 1 and "'no-such-tag' is not a commit or tag of this repository" in bad.err
