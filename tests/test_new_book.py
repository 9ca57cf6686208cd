"""A new book, away from this repository: bookbuild is installed from its wheel into a folder of its
own, `bookbuild new` starts a book elsewhere, and `make` in that folder builds it. Everything the
book is printed with (theme, catalogues, jurisdictions) comes from the installed package."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from conftest import ROOT


@pytest.mark.slow
def test_a_new_book_builds_with_the_installed_package(tmp_path):
    wheels, site, home = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(pip + ["wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)], check=True,
                   cwd=tmp_path, capture_output=True)
    wheel = next(wheels.glob("bookbuild-*.whl"))
    subprocess.run(pip + ["install", "--no-deps", "--target", str(site), str(wheel)], check=True, capture_output=True)
    home.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site))
    where = subprocess.run([sys.executable, "-c", "import bookbuild; print(bookbuild.__file__)"], env=env,
                           cwd=home, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where

    made = subprocess.run([sys.executable, "-m", "bookbuild", "new", "my-book", "--title", "Solidarity Notes"],
                          env=env, cwd=home, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    book = home / "my-book"
    assert {p.name for p in book.iterdir()} >= {"book.yaml", "chapters", "profiles", "Makefile", ".gitignore"}
    built = subprocess.run(["make", "-C", str(book)], env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Traceback" not in built.stderr and "warning" not in built.stderr, built.stderr
    output = book / "build" / "en"
    for name in ("solidarity-notes-print.pdf", "solidarity-notes-screen.pdf", "solidarity-notes-leaflets.pdf",
                 "solidarity-notes.epub", "solidarity-notes-cover.png"):
        assert (output / name).is_file(), name
    assert PdfReader(output / "solidarity-notes-print.pdf").metadata.title == "Solidarity Notes"
    again = subprocess.run(["make", "-C", str(book), "check"], env=env, capture_output=True, text=True)
    assert again.returncode == 0 and "sources OK" in again.stdout, again.stderr
