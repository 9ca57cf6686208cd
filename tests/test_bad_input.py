"""A corpus of bad inputs: each stops the build with `file:line: message`, a non-zero exit, no
traceback, and leaves the previous outputs byte for byte as they were.

Every case breaks a built copy of the small book in one way; the message an editor gets is
checked, with the line it names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import THEME, run_cli, snapshot
from i18n_helpers import translate_po

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


def override(book: Path, name: str, old: str, new: str) -> None:
    """Copy a theme file into the book (templates/... or styles/...) and change it there."""
    write(book, name, (THEME / name).read_text(encoding="utf-8"))
    replace(book, name, old, new)


def line_of(book: Path, name: str, needle: str) -> int:
    return next(n for n, line in enumerate((book / name).read_text().splitlines(), 1) if needle in line)


def case(setup, file: str, line, gist: str):
    """A case: `setup(book)` breaks it; the error is expected at file:line (a callable: from the book)."""
    return setup, file, line, gist


CASES = {
    # YAML, in an editor's words, at the line of the mistake.
    "yaml: list left open": case(lambda b: write(b, PROFILE, "id: petrov-ivan\nname: [Ivan\ncase: first-case\n"),
                                 PROFILE, 2, "a list opened with '[' is not closed"),
    "yaml: a tab": case(lambda b: replace(b, "book.yaml", "slug: small-book\n", "slug: small-book\n\tbad: tab\n"),
                        "book.yaml", 6, "a tab character in the indentation (indent with spaces, not tabs)"),
    "yaml: a colon in a title": case(lambda b: replace(b, "chapters/second-case.md", "title: The second case",
                                                       "title: The second case: what came next"),
                                     "chapters/second-case.md", 3, "a colon inside the value of 'title'"),
    "yaml: a quote left open": case(lambda b: write(b, PROFILE, HEAD + 'summary: "A man\nborn: 1970\n'),
                                    PROFILE, 5, "a quotation mark is opened here and never closed"),
    "yaml: duplicate key": case(lambda b: write(b, PROFILE, HEAD + "name: Again\n"),
                                PROFILE, 5, "duplicate key 'name' (first at line 2)"),
    # Types, keys and values.
    "wrong type": case(lambda b: write(b, PROFILE, HEAD + "born: sixty-one\n"),
                       PROFILE, 5, "'born' must be a date such as 2023-03-17, 2023-03 or 2023, got 'sixty-one'"),
    "missing field": case(lambda b: write(b, PROFILE, "id: petrov-ivan\nname_original: Иван Петров\ncase: first-case\n"),
                          PROFILE, 1, "missing required key 'name'"),
    "unknown key": case(lambda b: write(b, PROFILE, HEAD + "sentense:\n  years: 2\n"),
                        PROFILE, 5, "unknown key 'sentense' (did you mean 'sentence'?)"),
    "not a number": case(lambda b: write(b, PROFILE, HEAD + "sentence:\n  type: imprisonment\n  years: seven\n"),
                         PROFILE, 7, "'sentence.years' must be a positive number"),
    "invalid date": case(lambda b: write(b, PROFILE, HEAD + "dates:\n  detained: 2023-02-30\n"),
                         PROFILE, 6, "'dates.detained' must be a date"),
    "sentenced before detained": case(lambda b: write(b, PROFILE, HEAD + "dates:\n  detained: 2023-05\n"
                                                                        "  sentenced: 2023-04-30\n"),
                                      PROFILE, 7, "'dates.sentenced' (2023-04-30) is before 'dates.detained' (2023-05)"),
    "a date after the edition": case(lambda b: write(b, PROFILE, HEAD + "dates:\n  detained: 2030\n"),
                                     PROFILE, 6, "'dates.detained' (2030) is after the edition's date (2025-05-01"),
    # Rules of the profile's jurisdiction.
    "unknown state": case(lambda b: write(b, PROFILE, HEAD + "status:\n  state: in-jail\n"),
                          PROFILE, 6, "'status.state' cannot be 'in-jail'"),
    "unknown regime": case(lambda b: write(b, PROFILE, HEAD + "sentence:\n  type: imprisonment\n  regime: enhanced\n"),
                           PROFILE, 7, "'sentence.regime' cannot be 'enhanced'"),
    "article of another country": case(lambda b: write(b, PROFILE, HEAD + "charges:\n  - article: 361-1\n"),
                                       PROFILE, 6, "'article' must be an article number such as 207.3, got '361-1'"),
    "name in the wrong script": case(lambda b: write(b, PROFILE, HEAD.replace("Иван Петров", "Ivan Petrov")),
                                     PROFILE, 3, "'name_original' must be the name in Cyrillic letters"),
    "address in the wrong script": case(lambda b: write(b, PROFILE, HEAD + "help:\n  - action: write\n"
                                                                          "    address: 1 Main Street\n"),
                                        PROFILE, 6, "the address must be written in Cyrillic letters"),
    "unknown letter service": case(lambda b: write(b, PROFILE, HEAD + "help:\n  - action: write\n"
                                                                     "    address: г. Тула\n    services: [f-psimo]\n"),
                                   PROFILE, 6, "no letter service 'f-psimo' in jurisdiction 'ru' (did you mean 'f-pismo'?)"),
    "unknown jurisdiction": case(lambda b: replace(b, "book.yaml", "jurisdiction: ru", "jurisdiction: xx"),
                                 "book.yaml", 12, "no jurisdiction 'xx'"),
    # References between sources.
    "duplicate profile id": case(lambda b: write(b, "profiles/petrov-ivan-2.yaml", HEAD),
                                 PROFILE, 1, "duplicate profile id 'petrov-ivan' (also in profiles/petrov-ivan-2.yaml)"),
    "missing profile": case(lambda b: replace(b, "book.yaml", "petrov-ivan]", "petrov-ivn]"),
                            "book.yaml", 22, "no profile with id 'petrov-ivn' in profiles/ (did you mean 'petrov-ivan'?)"),
    "missing chapter": case(lambda b: replace(b, "book.yaml", "chapter: second-case", "chapter: secnd-case"),
                            "book.yaml", 26, "no chapter with id 'secnd-case' in chapters/ (did you mean 'second-case'?)"),
    "chapter id differs from its file": case(lambda b: replace(b, "chapters/second-case.md", "id: second-case",
                                                               "id: second-kase"),
                                             "chapters/second-case.md", 2,
                                             "chapter id 'second-kase' must match the file name 'second-case.md'"),
    "unknown source": case(lambda b: replace(b, "chapters/first-case.md", "sources: [test-page]",
                                             "sources: [test-pgae]"),
                           "chapters/first-case.md", 4, "no source with id 'test-pgae' under 'sources' in book.yaml"),
    "unknown language code": case(lambda b: replace(b, "book.yaml", "languages:\n", "languages:\n  qq: {}\n"),
                                  "book.yaml", 14, "'qq' is not a language code Babel knows"),
    "book.yaml: a wrong type": case(lambda b: replace(b, "book.yaml", "number: 2", "number: two"),
                                    "book.yaml", 9, "'edition.number' must be a whole number of at least 1, got 'two'"),
    "book.yaml: unknown key": case(lambda b: replace(b, "book.yaml", "title: A Small", "titel: A Small"),
                                   "book.yaml", 1, "unknown key 'titel' (did you mean 'title'?)"),
    "book.yaml: a page size": case(lambda b: replace(b, "book.yaml", "fonts:\n", "targets:\n  print: {size: A55}\nfonts:\n"),
                                   "book.yaml", 17, "'targets.print.size' must be a page size such as A5"),
    # Markdown and images.
    "missing image": case(lambda b: replace(b, "chapters/second-case.md", "Nothing more.", "![A map](images/map.png)"),
                          "chapters/second-case.md", 10, "image not found: images/map.png"),
    "image outside the book": case(lambda b: replace(b, "chapters/second-case.md", "Nothing more.",
                                                     "![Secrets](file:///etc/passwd)"),
                                   "chapters/second-case.md", 10, "is outside the images/ folder"),
    "photo outside the book": case(lambda b: write(b, PROFILE, HEAD + "photo:\n  file: ../../../etc/passwd\n  alt: x\n"),
                                   PROFILE, 6, "is outside the images/ folder"),
    "chapter without header": case(lambda b: write(b, "chapters/second-case.md", "Just text.\n"),
                                   "chapters/second-case.md", 1, "a chapter must start with a header"),
    "a title heading": case(lambda b: replace(b, "chapters/second-case.md", "## What happened next",
                                              "# What happened next"),
                            "chapters/second-case.md", 8, "a '#' heading is not allowed here"),
    "undefined footnote": case(lambda b: replace(b, "chapters/second-case.md", "Nothing more.", "Nothing more.[^gone]"),
                               "chapters/second-case.md", 10, "footnote [^gone] is used but not defined"),
    "unknown placeholder": case(lambda b: replace(b, "chapters/second-case.md", "Nothing more.",
                                                  "All %(profiles)s of them."),
                                "chapters/second-case.md", 10, "unknown placeholder %(profiles)s"),
    "chapter not utf-8": case(lambda b: write(b, "chapters/second-case.md",
                                              "---\nid: second-case\ntitle: T\n---\n\nCaf\xe9\n".encode("latin-1")),
                              "chapters/second-case.md", 6, "the file is not UTF-8 text"),
    # The book's own templates and stylesheets (overrides of the theme's).
    "stylesheet reaches the network": case(lambda b: override(b, "styles/book.css", "html {",
                                                              "html { background: url(http://example.org/x.png);"),
                                           "styles/book.css", 3, "'http://example.org/x.png' is not allowed"),
    "stylesheet reads a local file": case(lambda b: override(b, "styles/print.css", "@page {",
                                                             "@import url(file:///etc/passwd);\n@page {"),
                                          "styles/print.css", 4, "'file:///etc/passwd' is not allowed"),
    "template syntax": case(lambda b: override(b, "templates/print/contents.html.j2", "{% endfor %}", "{% endfro %}"),
                            "templates/print/contents.html.j2", 10, "template syntax error"),
    "template undefined": case(lambda b: override(b, "templates/print/colophon.html.j2", "book.config.licence|md",
                                                  "book.config.licensee|md"),
                               "templates/print/colophon.html.j2", 5, "has no attribute 'licensee'"),
    "template arithmetic on text": case(lambda b: override(b, "templates/print/colophon.html.j2",
                                                           "book.config.licence|md", "(book.config.slug - 1)"),
                                        "templates/print/colophon.html.j2", 5, "template error: unsupported operand"),
    "template fetches a local file": case(lambda b: override(b, "templates/print/colophon.html.j2",
                                                             "<p>{{ book.config.licence|md }}</p>",
                                                             '<p><img src="file:///etc/passwd" alt="x"/></p>'),
                                          "templates/print/colophon.html.j2", 5, "a resource outside the book was refused"),
    "template fetches from the network": case(lambda b: override(b, "templates/print/colophon.html.j2",
                                                                 "<p>{{ book.config.licence|md }}</p>",
                                                                 '<p><img src="http://example.org/x.png" alt="x"/></p>'),
                                              "templates/print/colophon.html.j2", 5,
                                              "a resource outside the book was refused"),
    "template reaches outside the book": case(lambda b: override(b, "templates/print/colophon.html.j2",
                                                                 "<p>{{ book.config.licence|md }}</p>",
                                                                 '<p><img src="../../../../etc/passwd" alt="x"/></p>'),
                                              "templates/print/colophon.html.j2", 5,
                                              "a resource outside the book was refused"),
    # Catalogues.
    "po syntax": case(lambda b: write(b, DE_CHAPTER, (b / DE_CHAPTER).read_text() + 'msgid "x"\nmsgstr "y\n'),
                      DE_CHAPTER, lambda b: line_of(b, DE_CHAPTER, 'msgstr "y'), "a quoted string is not closed"),
    "po plural forms": case(lambda b: replace(b, "translations/de/interface.po", "nplurals=2;", "nplurals=3;"),
                            "translations/de/interface.po", None, "wrong number of plural forms"),
    "po language header": case(lambda b: replace(b, DE_CHAPTER, "Language: de", "Language: fr"),
                               DE_CHAPTER, None, "the header says 'Language: fr'"),
    "po encoding": case(lambda b: write(b, DE_CHAPTER, (b / DE_CHAPTER).read_text().replace(
        'msgid "The last paragraph."\nmsgstr ""', 'msgid "The last paragraph."\nmsgstr "Der l\xe4tzte."').encode("latin-1")),
        DE_CHAPTER, None, "the catalogue is not UTF-8 text"),
    "translation breaks markup (strict)": case(
        lambda b: translate_po(b / DE_CHAPTER, {"The arrests": "Die *Festnahmen*"}),
        DE_CHAPTER, lambda b: line_of(b, DE_CHAPTER, 'msgid "The arrests"'), "changes the markup"),
    "translation drops a placeholder (strict)": case(
        lambda b: (replace(b, "chapters/second-case.md", "Nothing more.", "All %(profile_count)s of them."),
                   run_cli("-C", b, "update"),
                   translate_po(b / "translations/de/chapters/second-case.po", {"All %(profile_count)s of them.": "Alle."})),
        "translations/de/chapters/second-case.po",
        lambda b: line_of(b, "translations/de/chapters/second-case.po", 'msgid "All %(profile_count)s of them."'),
        "the translation changes the placeholders"),
    "translation adds html (strict)": case(
        lambda b: translate_po(b / DE_CHAPTER, {"The last paragraph.": "Der <script>alert(1)</script> Absatz."}),
        DE_CHAPTER, lambda b: line_of(b, DE_CHAPTER, 'msgid "The last paragraph."'), "adds HTML"),
}


@pytest.fixture
def book(bilingual_copy):
    """A copy of the small book in English and (partly) German, every output built."""
    return bilingual_copy


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.allow_library_logs
def test_bad_input_is_reported_at_its_line_and_loses_nothing(book, name):
    before = snapshot(book / "build")
    setup, file, line, gist = CASES[name]
    setup(book)
    line = line(book) if callable(line) else line
    result = run_cli("-C", book, "--strict", "build", "--format", "print", "--format", "epub")
    assert result.code != 0, result.err
    assert "Traceback" not in result.err
    place = f"{file}:{line}: " if line else f"{file}:"
    matching = [l for l in result.err.splitlines() if l.startswith(place) and gist in l]
    assert matching, f"expected '{place} ... {gist}' in:\n{result.err}"
    failed = file.split("/")[1] if file.startswith("translations/") else None
    if failed:  # only that language fails; the others may be rebuilt, and are
        before = {k: v for k, v in before.items() if k.startswith(f"{failed}/")}
    after = {k: v for k, v in snapshot(book / "build").items() if not failed or k.startswith(f"{failed}/")}
    assert after == before, "a failed build changed an earlier output"
    assert not [p for p in (book / "build").rglob("*.part")], "a temporary file was left behind"


def test_one_mistake_gives_one_error(book):
    """A chapter whose header is broken is reported once: not also as the profiles of its case
    appearing nowhere, nor as book.yaml naming a chapter that does not exist."""
    replace(book, "chapters/first-case.md", "title: The \"first\" case", "title: [The first case")
    result = run_cli("-C", book, "check")
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if not line.startswith("translations/")]
    assert len(errors) == 1 and errors[0].startswith("chapters/first-case.md:3:"), result.err


def test_every_error_of_a_run_is_reported(book):
    write(book, PROFILE, "id: petrov-ivan\nborn: soon\n")
    replace(book, "profiles/smith-anna.yaml", "years: 3.5", "years: -1")
    result = run_cli("-C", book, "check")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert "profiles/petrov-ivan.yaml:1: missing required key 'name'" in lines
    assert "profiles/petrov-ivan.yaml:2: 'born' must be a date such as 2023-03-17, 2023-03 or 2023, got 'soon'" in lines
    assert any(line.startswith("profiles/smith-anna.yaml:") and "sentence.years" in line for line in lines)


def test_missing_font_and_unwritable_output(book):
    before = snapshot(book / "build")
    replace(book, "book.yaml", "serif: Linux Libertine O", "serif: No Such Font")
    result = run_cli("-C", book, "build")
    assert result.code == 3
    assert "book.yaml:17: font 'No Such Font' is not installed" in result.err, result.err
    replace(book, "book.yaml", "serif: No Such Font", "serif: Linux Libertine O")
    blocker = book / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = run_cli("-C", book, "build", "--output", blocker / "out")
    assert result.code == 3 and "cannot create the output folder" in result.err
    assert snapshot(book / "build") == before
    assert "Traceback" not in result.err


def test_min_coverage_zero_means_always_built(book):
    replace(book, "book.yaml", "  de: {}", "  de: {min_coverage: 0}")
    result = run_cli("-C", book, "build", "--lang", "de", "--format", "print")
    assert result.code == 0, result.err
    replace(book, "book.yaml", "  de: {min_coverage: 0}", "  de: {min_coverage: 101}")
    result = run_cli("-C", book, "check")
    assert "book.yaml:14: 'languages.de.min_coverage' must be a percentage between 0 and 100, got '101'" in result.err


def test_a_language_below_its_threshold_is_named_at_its_line(book):
    replace(book, "book.yaml", "  de: {}", "  de: {min_coverage: 90}")
    result = run_cli("-C", book, "build", "--lang", "de", "--format", "print")
    assert result.code == 0
    assert "book.yaml:14: warning: de: not built: 0.9% of the text is translated" in result.err, result.err


@pytest.mark.allow_library_logs
def test_weasyprint_warnings_name_the_stylesheet_line(book):
    override(book, "styles/book.css", "html {", "html {\n  colr: red;")
    result = run_cli("-C", book, "build", "--format", "print", "--lang", "en")
    assert result.code == 0, result.err
    assert "styles/book.css:4: warning: WeasyPrint: Ignored `colr: red` at 4:3, unknown property." in result.err
    assert ".part" not in result.err


def test_a_locale_that_is_not_of_its_language_is_named_at_its_line(book):
    replace(book, "book.yaml", "  de: {}", "  de: {locale: fr_CH}")
    result = run_cli("-C", book, "check")
    assert result.code != 0
    assert "book.yaml:14: the locale 'fr_CH' is not a locale of the language 'de'" in result.err, result.err
    replace(book, "book.yaml", "  de: {locale: fr_CH}", "  de: {locale: de_ZZ}")
    result = run_cli("-C", book, "check")
    assert "book.yaml:14: 'de_ZZ' is not a locale CLDR knows" in result.err, result.err
