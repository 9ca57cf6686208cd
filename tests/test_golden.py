"""Golden files: the rendered HTML and the EPUB's package, navigation and documents of the small
book, in English, in a translated edition (German, partly translated) and in a right-to-left one
(Arabic, partly translated).

A golden file is never written by a test run: a missing one fails. After an intended change to
the output, run `pytest --update-golden` and review the diff.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import built_once, make_project, run_cli
from i18n_helpers import add_language, translate_po

GOLDEN = Path(__file__).resolve().parent / "golden" / "minibook"
EPUB_FILES = ("EPUB/content.opf", "EPUB/nav.xhtml", "EPUB/toc.ncx", "EPUB/ch-first-case.xhtml",
              "EPUB/colophon.xhtml")
LANGUAGES = ("en", "de", "ar")

GERMAN = {"The arrests": "Die Festnahmen", "A list of events:": "Eine Liste der Ereignisse:",
          "the first event": "das erste Ereignis", "Anna Smith taught history at a school in Tula.":
          "Anna Smith unterrichtete Geschichte an einer Schule in Tula.",
          ("person name", "Anna Smith"): "Anna Smith", "The footnote text, explaining a *term*.":
          "Der Text der Fußnote, der einen *Begriff* erklärt."}
ARABIC = {"The arrests": "الاعتقالات", "A list of events:": "قائمة بالأحداث:",
          ("person name", "Anna Smith"): "آنا سميث", "Anna Smith taught history at a school in Tula.":
          "درّست آنا سميث التاريخ في مدرسة في تولا."}


@pytest.fixture(scope="module")
def golden_build(tmp_path_factory) -> Path:
    def make(book):
        make_project(book)
        add_language(book, "  ar: {direction: rtl, font: Noto Naskh Arabic}")
        add_language(book, "  de: {}")
        for code, words in (("de", GERMAN), ("ar", ARABIC)):
            assert run_cli("-C", book, "init", "--lang", code).code == 0
            for po in (book / "translations" / code).rglob("*.po"):
                translate_po(po, words)
        result = run_cli("-C", book, "build", "--format", "print", "--format", "epub")
        assert result.code == 0, result.err
    return built_once(tmp_path_factory, "golden", make) / "build"


def produced(build: Path, language: str) -> dict[str, str]:
    files = {"index.html": (build / language / "html" / "index.html").read_text(encoding="utf-8")}
    with zipfile.ZipFile(build / language / "small-book.epub") as epub:
        files.update({name.split("/")[-1]: epub.read(name).decode("utf-8") for name in EPUB_FILES})
    return files


CASES = [(language, name) for language in LANGUAGES for name in ["index.html"] + [n.split("/")[-1] for n in EPUB_FILES]]


@pytest.mark.parametrize("language, name", CASES)
def test_matches_golden_file(golden_build, request, language, name):
    actual = produced(golden_build, language)[name]
    golden = GOLDEN / language / name
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.relative_to(GOLDEN.parent.parent)}: run pytest --update-golden"
    assert actual == golden.read_text(encoding="utf-8"), f"{language}/{name} differs from its golden file"
