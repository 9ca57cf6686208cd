"""A corpus of bad inputs: each stops the build with `file:line: message`, a non-zero exit,
no traceback, and leaves the previous outputs byte for byte as they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_cli, snapshot
from i18n_helpers import add_language, translate_po

PROFILE = "profiles/petrov-ivan.yaml"
HEAD = "id: petrov-ivan\nname: Ivan Petrov\nname_original: Иван Петров\ncase: first-case\n"
DE_CHAPTER = "translations/de/chapters/first-case.po"


def write(book: Path, name: str, text: str | bytes) -> None:
    path = book / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def replace(book: Path, name: str, old: str, new: str) -> None:
    path = book / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(book: Path, name: str, needle: str) -> int:
    return next(n for n, line in enumerate((book / name).read_text().splitlines(), 1) if needle in line)


# Each case breaks the book and returns (file, line, gist); line None means "any line".
CASES = {
    "yaml syntax": lambda b: (write(b, PROFILE, "id: petrov-ivan\nname: [Ivan\ncase: first-case\n"),
                              (PROFILE, 3, "invalid YAML"))[1],
    "yaml duplicate key": lambda b: (write(b, PROFILE, HEAD + "name: Again\n"),
                                     (PROFILE, 5, "duplicate key 'name' (first at line 2)"))[1],
    "wrong type": lambda b: (write(b, PROFILE, HEAD + "born: sixty-one\n"),
                             (PROFILE, 5, "'born' must be a date such as 2023-03-17, 2023-03 or 2023, got 'sixty-one'"))[1],
    "missing field": lambda b: (write(b, PROFILE, "id: petrov-ivan\nname_original: Иван Петров\ncase: first-case\n"),
                                (PROFILE, 1, "missing required key 'name'"))[1],
    "unknown key": lambda b: (write(b, PROFILE, HEAD + "sentense:\n  years: 2\n"),
                              (PROFILE, 5, "unknown key 'sentense' (did you mean 'sentence'?)"))[1],
    "invalid date": lambda b: (write(b, PROFILE, HEAD + "dates:\n  detained: 2023-02-30\n"),
                               (PROFILE, 6, "'dates.detained' must be a date"))[1],
    "bad choice": lambda b: (write(b, PROFILE, HEAD + "status:\n  state: in-jail\n"),
                             (PROFILE, 6, "'status.state' cannot be 'in-jail'"))[1],
    "not cyrillic": lambda b: (write(b, PROFILE, HEAD.replace("Иван Петров", "Ivan Petrov")),
                               (PROFILE, 3, "'name_original' must be the name in Cyrillic letters"))[1],
    "address not russian": lambda b: (write(b, PROFILE, HEAD + "help:\n  address_ru: 1 Main Street\n"),
                                      (PROFILE, 6, "'help.address_ru' must be the address in Russian"))[1],
    "duplicate profile id": lambda b: (write(b, "profiles/petrov-ivan-2.yaml", HEAD),
                                       (PROFILE, 1, "duplicate profile id 'petrov-ivan' (also in profiles/petrov-ivan-2.yaml)"))[1],
    "missing profile": lambda b: (replace(b, "book.yaml", "petrov-ivan]", "petrov-ivn]"),
                                  ("book.yaml", line_of(b, "book.yaml", "petrov-ivn"),
                                   "no profile with id 'petrov-ivn' in profiles/ (did you mean 'petrov-ivan'?)"))[1],
    "missing chapter": lambda b: (replace(b, "book.yaml", "chapter: second-case", "chapter: secnd-case"),
                                  ("book.yaml", line_of(b, "book.yaml", "secnd-case"),
                                   "no chapter with id 'secnd-case' in chapters/ (did you mean 'second-case'?)"))[1],
    "book.yaml syntax": lambda b: (replace(b, "book.yaml", "slug: small-book\n", "slug: small-book\n\tbad: tab\n"),
                                   ("book.yaml", 6, "invalid YAML"))[1],
    "book.yaml type": lambda b: (replace(b, "book.yaml", "number: 2", "number: two"),
                                 ("book.yaml", line_of(b, "book.yaml", "number: two"), "'edition.number' must be a whole number of at least 1, got 'two'"))[1],
    "book.yaml unknown key": lambda b: (replace(b, "book.yaml", "title: A Small", "titel: A Small"),
                                        ("book.yaml", 1, "unknown key 'titel' (did you mean 'title'?)"))[1],
    "missing image": lambda b: (replace(b, "chapters/second-case.md", "Nothing more.", "![A map](images/map.png)"),
                                ("chapters/second-case.md", 10, "image not found: images/map.png"))[1],
    "image escapes the project": lambda b: (replace(b, "chapters/second-case.md", "Nothing more.",
                                                    "![Secrets](file:///etc/passwd)"),
                                            ("chapters/second-case.md", 10, "is outside the images/ folder"))[1],
    "photo escapes the project": lambda b: (write(b, PROFILE, HEAD + "photo:\n  file: ../../../etc/passwd\n  alt: x\n"),
                                            (PROFILE, 6, "is outside the images/ folder"))[1],
    "chapter without header": lambda b: (write(b, "chapters/second-case.md", "Just text.\n"),
                                         ("chapters/second-case.md", 1, "a chapter must start with a header"))[1],
    "chapter title heading": lambda b: (replace(b, "chapters/second-case.md", "## What happened next", "# What happened next"),
                                        ("chapters/second-case.md", 8, "a '#' heading is not allowed here"))[1],
    "undefined footnote": lambda b: (replace(b, "chapters/second-case.md", "Nothing more.", "Nothing more.[^gone]"),
                                     ("chapters/second-case.md", 10, "footnote [^gone] is used but not defined"))[1],
    "chapter not utf-8": lambda b: (write(b, "chapters/second-case.md",
                                          "---\nid: second-case\ntitle: T\n---\n\nCaf\xe9\n".encode("latin-1")),
                                    ("chapters/second-case.md", 6, "the file is not UTF-8 text"))[1],
    "stylesheet reaches the network": lambda b: (replace(b, "styles/book.css", "html {", "html { background: url(http://example.org/x.png);"),
                                                 ("styles/book.css", None, "'http://example.org/x.png' is not allowed in a stylesheet"))[1],
    "template syntax": lambda b: (replace(b, "templates/print/contents.html.j2", "{% endfor %}", "{% endfro %}"),
                                  ("templates/print/contents.html.j2", None, "template syntax error"))[1],
    "template undefined": lambda b: (replace(b, "templates/print/colophon.html.j2", "book.config.licence|md",
                                             "book.config.licensee|md"),
                                     ("templates/print/colophon.html.j2", None, "has no attribute 'licensee'"))[1],
    "po syntax": lambda b: (write(b, DE_CHAPTER, (b / DE_CHAPTER).read_text() + 'msgid "x"\nmsgstr "y\n'),
                            (DE_CHAPTER, None, "malformed catalogue"))[1],
    "po plural forms": lambda b: (replace(b, "translations/de/interface.po", "nplurals=2;", "nplurals=3;"),
                                  ("translations/de/interface.po", None, "wrong number of plural forms"))[1],
    "po language header": lambda b: (replace(b, DE_CHAPTER, "Language: de", "Language: fr"),
                                     (DE_CHAPTER, None, "the header says 'Language: fr'"))[1],
    "po encoding": lambda b: (write(b, DE_CHAPTER, (b / DE_CHAPTER).read_text().replace(
        'msgid "The last paragraph."\nmsgstr ""', 'msgid "The last paragraph."\nmsgstr "Der l\xe4tzte."').encode("latin-1")),
        (DE_CHAPTER, None, "the catalogue is not UTF-8 text"))[1],
    "translation breaks markup (strict)": lambda b: (
        translate_po(b / DE_CHAPTER, {"The arrests": "Die *Festnahmen*"}),
        (DE_CHAPTER, line_of(b, DE_CHAPTER, 'msgid "The arrests"'), "changes the markup"))[1],
    "translation drops a placeholder (strict)": lambda b: (
        translate_po(b / "translations/de/interface.po", {"as of %(date)s": "Stand"}),
        ("translations/de/interface.po", line_of(b, "translations/de/interface.po", 'msgid "as of %(date)s"'),
         "translation changes the placeholders"))[1],
    "translation adds html (strict)": lambda b: (
        translate_po(b / DE_CHAPTER, {"The last paragraph.": "Der <script>alert(1)</script> Absatz."}),
        (DE_CHAPTER, line_of(b, DE_CHAPTER, 'msgid "The last paragraph."'), "adds HTML"))[1],
}


@pytest.fixture(scope="module")
def built_book(tmp_path_factory):
    from conftest import make_project
    book = make_project(tmp_path_factory.mktemp("bad") / "book")
    add_language(book, "  de: {}")
    assert run_cli("-C", book, "init", "--lang", "de").code == 0
    result = run_cli("-C", book, "build", "--format", "print", "--format", "epub")
    assert result.code == 0, result.err
    return book


@pytest.fixture
def book(built_book, tmp_path):
    import shutil
    copy = tmp_path / "book"
    shutil.copytree(built_book, copy)
    return copy


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_and_loses_nothing(book, name):
    before = snapshot(book / "build")
    file, line, gist = CASES[name](book)
    result = run_cli("-C", book, "--strict", "build", "--format", "print", "--format", "epub")
    assert result.code != 0, result.err
    assert "Traceback" not in result.err
    place = f"{file}:{line}: " if line else f"{file}:"
    matching = [l for l in result.err.splitlines() if l.startswith(place) and gist in l]
    assert matching, f"expected '{place} ... {gist}' in:\n{result.err}"
    assert snapshot(book / "build") == before, "a failed build changed an earlier output"
    assert not [p for p in (book / "build").rglob("*.part")], "a temporary file was left behind"


def test_missing_font_and_unwritable_output(book):
    before = snapshot(book / "build")
    replace(book, "book.yaml", "serif: Linux Libertine O", "serif: No Such Font")
    result = run_cli("-C", book, "build")
    assert result.code == 3 and "font 'No Such Font' is not installed" in result.err
    replace(book, "book.yaml", "serif: No Such Font", "serif: Linux Libertine O")
    blocker = book / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = run_cli("-C", book, "build", "--output", blocker / "out")
    assert result.code == 3 and "cannot create the output folder" in result.err
    assert snapshot(book / "build") == before
    assert re.search(r"Traceback", result.err) is None
