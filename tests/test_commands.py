"""The commands as an editor or translator types them: wrong arguments get a clear message and a
non-zero exit, never a traceback; a second build in the same folder waits for the first."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, make_project, run_cli
from i18n_helpers import add_language


def test_init_refuses_an_unknown_language_code(minibook):
    result = run_cli("-C", minibook, "init", "--lang", "xx")
    assert result.code == 1 and "'xx' is not a language code Babel knows" in result.err, result.err
    assert not (minibook / "translations" / "xx").exists()


def test_update_does_not_invent_a_language(minibook):
    result = run_cli("-C", minibook, "update", "--lang", "sp")
    assert result.code == 1
    assert "book.yaml:13: 'sp' is not a language of this book (it has no translation yet)" in result.err, result.err
    assert "start it with: make init LANGS=sp" in result.err
    assert not (minibook / "translations" / "sp").exists()


def test_build_of_a_language_the_book_does_not_have(minibook):
    result = run_cli("-C", minibook, "build", "--lang", "it")
    assert result.code == 1
    assert "book.yaml:13: language 'it' is not one of this book's languages (en)" in result.err, result.err


def test_release_of_a_language_below_its_threshold(minibook):
    add_language(minibook, "  de: {min_coverage: 90}")
    assert run_cli("-C", minibook, "init", "--lang", "de").code == 0
    result = run_cli("-C", minibook, "dist", "--lang", "de")
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert "no edition can be released (de: not built: 0.0% of the text is translated" in result.err
    assert not (minibook / "dist" / "small-book-2").exists()


def test_release_of_the_languages_asked_for(minibook):
    add_language(minibook, "  de: {}")
    assert run_cli("-C", minibook, "init", "--lang", "de").code == 0
    result = run_cli("-C", minibook, "dist", "--lang", "de")
    assert result.code == 0, result.err
    names = sorted(p.name for p in (minibook / "dist" / "small-book-2").glob("small-book-ed*"))
    assert names and all("-de" in name for name in names), names
    assert (minibook / "dist" / "small-book-2" / "small-book-2.zip").is_file()


def test_a_book_without_profiles_has_no_leaflets(tmp_path):
    book = make_project(tmp_path / "book", FIXTURES / "german-book")
    result = run_cli("-C", book, "build", "--lang", "de")
    assert result.code == 0, result.err
    assert "leaflets: not made: the book has no profiles" in result.out
    assert (book / "build" / "de" / "erfundenes-buch-print.pdf").is_file()
    assert not list((book / "build" / "de").glob("*leaflets*"))
    asked = run_cli("-C", book, "build", "--lang", "de", "--format", "leaflets")
    assert asked.code == 1 and "this book has no leaflets output: the book has no profiles" in asked.err


@pytest.mark.slow  # two builds in processes of their own, one waiting for the other
def test_a_second_build_waits_for_the_first(minibook):
    """Two builds in one folder (an editor's make while another runs): the second says it waits,
    then builds; neither fails on the other's temporary files."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), BOOKBUILD_JOBS="1")
    command = [sys.executable, "-m", "bookbuild", "-C", str(minibook), "build", "--format", "print"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    assert first.stdout.readline().startswith("en print"), "the first build is writing"
    second = subprocess.run(command + ["--force"], capture_output=True, env=env, text=True, timeout=300)
    first_out, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second.stderr
    assert "another build is writing to" in second.stdout and "waiting for it to finish" in second.stdout
    assert "Traceback" not in second.stderr + first_err
