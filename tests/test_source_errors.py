"""Bad sources stop the build with `file:line: message`, a non-zero exit, and no damage to earlier outputs."""

from __future__ import annotations

import pytest

from conftest import run_cli, snapshot

CASES = [
    # (file, text, expected line, gist of the message)
    ("profiles/petrov-ivan.yaml", "id: petrov-ivan\nname: [Ivan\ncase: first-case\n", 3, "invalid YAML"),
    ("profiles/petrov-ivan.yaml",
     "id: petrov-ivan\nname: Ivan Petrov\nname_original: Иван Петров\ncase: first-case\nborn: sixty-one\n",
     5, "'born' must be a date such as 2023-03-17, 2023-03 or 2023, got 'sixty-one'"),
    ("profiles/petrov-ivan.yaml", "id: petrov-ivan\nname_original: Иван Петров\ncase: first-case\n",
     1, "missing required key 'name'"),
    ("profiles/petrov-ivan.yaml",
     "id: petrov-ivan\nname: Ivan Petrov\nname_original: Иван Петров\ncase: first-case\nsentense:\n  years: 2\n",
     5, "unknown key 'sentense' (did you mean 'sentence'?)"),
    ("profiles/petrov-ivan.yaml",
     "id: petrov-ivan\nname: Ivan Petrov\nname_original: Иван Петров\ncase: first-case\n"
     "sentence:\n  type: imprisonment\n  years: seven\n", 7, "'sentence.years' must be a positive number"),
    ("profiles/petrov-ivan.yaml",
     "id: petrov-ivan\nname: Ivan Petrov\nname_original: Иван Петров\ncase: first-case\n"
     "status:\n  state: in-jail\n", 6, "'status.state' cannot be 'in-jail'"),
    ("profiles/petrov-ivan.yaml",
     "id: petrov-ivan\nname: Ivan Petrov\nname_original: Ivan Petrov\ncase: first-case\n",
     3, "'name_original' must be the name in Cyrillic letters"),
    ("profiles/petrov-ivan.yaml",
     "id: petrov-ivan\nname: Ivan Petrov\nname_original: Иван Петров\ncase: first-case\n"
     "dates:\n  detained: 2023-02-30\n", 6, "'dates.detained' must be a date"),
]


@pytest.fixture
def built(minibook):
    assert run_cli("-C", minibook, "build").code == 0
    return minibook


@pytest.mark.parametrize("file, text, line, gist", CASES)
def test_malformed_profile_stops_the_build(built, file, text, line, gist):
    before = snapshot(built / "build")
    (built / file).write_text(text, encoding="utf-8")
    result = run_cli("-C", built, "build")
    assert result.code == 1
    assert f"{file}:{line}: " in result.err, result.err
    assert gist in result.err, result.err
    assert "Traceback" not in result.err
    assert snapshot(built / "build") == before


def test_every_error_of_a_run_is_reported(minibook):
    (minibook / "profiles" / "petrov-ivan.yaml").write_text("id: petrov-ivan\nborn: soon\n", encoding="utf-8")
    (minibook / "profiles" / "smith-anna.yaml").write_text(
        (minibook / "profiles" / "smith-anna.yaml").read_text().replace("years: 3.5", "years: -1"))
    result = run_cli("-C", minibook, "check")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert "profiles/petrov-ivan.yaml:1: missing required key 'name'" in lines
    assert "profiles/petrov-ivan.yaml:2: 'born' must be a date such as 2023-03-17, 2023-03 or 2023, got 'soon'" in lines
    assert any(line.startswith("profiles/smith-anna.yaml:") and "sentence.years" in line for line in lines)


def test_book_yaml_refers_to_missing_profile_and_chapter(minibook):
    config = minibook / "book.yaml"
    config.write_text(config.read_text().replace("petrov-ivan]", "petrov-ivn]").replace(
        "chapter: second-case", "chapter: secnd-case"))
    result = run_cli("-C", minibook, "check")
    assert result.code == 1
    assert "book.yaml:20: no profile with id 'petrov-ivn' in profiles/ (did you mean 'petrov-ivan'?)" in result.err
    assert "book.yaml:24: no chapter with id 'secnd-case' in chapters/ (did you mean 'second-case'?)" in result.err


def test_missing_image_and_undefined_footnote(minibook):
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text() + "\n![A map](images/map.png)\n\nSee the note.[^nope]\n")
    result = run_cli("-C", minibook, "check")
    assert result.code == 1
    assert "chapters/second-case.md:12: image not found: images/map.png" in result.err
    assert "chapters/second-case.md:14: footnote [^nope] is used but not defined" in result.err


def test_missing_font_is_an_error_never_a_substitution(minibook):
    config = minibook / "book.yaml"
    config.write_text(config.read_text().replace("serif: Linux Libertine O", "serif: No Such Font Serif"))
    result = run_cli("-C", minibook, "build")
    assert result.code == 3
    assert "font 'No Such Font Serif' is not installed" in result.err
    assert not (minibook / "build").exists()


def test_missing_optional_facts_warn_and_strict_makes_them_errors(minibook):
    profile = minibook / "profiles" / "petrov-ivan.yaml"
    profile.write_text("id: petrov-ivan\nname: Ivan Petrov\nname_original: Иван Петров\ncase: first-case\n"
                       "status:\n  state: imprisoned\n", encoding="utf-8")
    lenient = run_cli("-C", minibook, "check")
    assert lenient.code == 0
    assert "profiles/petrov-ivan.yaml:1: warning: no 'summary'" in lenient.err
    assert "profiles/petrov-ivan.yaml:5: warning: 'status' has no 'as_of' date" in lenient.err
    strict = run_cli("-C", minibook, "--strict", "check")
    assert strict.code == 1
    assert "profiles/petrov-ivan.yaml:1: no 'summary'" in strict.err
