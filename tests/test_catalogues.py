"""The project's own catalogues are ordinary gettext files, and bad ones are reported at their line."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT, run_cli
from i18n_helpers import add_language

CATALOGUES = sorted((ROOT / "translations").rglob("*.po"))


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_msgfmt_check_passes(po):
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    language = po.relative_to(ROOT / "translations").parts[0]
    assert f'"Language: {language}\\n"' in po.read_text(encoding="utf-8")


def test_catalogues_match_the_sources():
    """Every .po is merged with the current sources: nothing to update."""
    before = {p: p.read_bytes() for p in (ROOT / "translations").rglob("*.p*")}
    assert CATALOGUES, "no translations"
    from bookbuild.build import load_sources
    from bookbuild.errors import Diagnostics
    from bookbuild.i18n.catalogs import catalog_bytes, extract_templates, pot_path

    book = load_sources(ROOT, Diagnostics())
    for name, template in extract_templates(book, ROOT).items():
        assert catalog_bytes(template) == before[pot_path(ROOT, name)], f"run `make extract`: {name}.pot is stale"


PACKAGE_CATALOGUES = sorted((ROOT / "src" / "bookbuild").glob("*/translations/*/*.po"))


@pytest.mark.parametrize("po", PACKAGE_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT / "src")))
def test_the_packages_own_catalogues_pass_msgfmt_and_are_translated(po):
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_packages_templates_hold_every_message_of_the_theme_and_the_jurisdictions():
    """`write_package_catalogues()` has been run since the theme's or a jurisdiction's messages changed."""
    from babel.messages.pofile import read_po

    from bookbuild.i18n.package_catalogs import domains, extract_domain

    assert len(PACKAGE_CATALOGUES) >= 15
    for domain in domains():
        with domain.pot().open("rb") as handle:
            committed = read_po(handle)
        extracted = extract_domain(domain)
        assert {(m.id, m.context) for m in extracted if m.id} == {(m.id, m.context) for m in committed if m.id}, \
            f"{domain.pot().name} is stale: run write_package_catalogues()"


BAD_PO = [
    ('msgid "The second case"\nmsgstr "Der zweite Fall"\nmsgtxt "x"\n', "malformed catalogue"),
    ('msgid "The second case"\nmsgstr "Der zweite Fall\n', "malformed catalogue"),
]


@pytest.fixture
def german(minibook):
    add_language(minibook, "  de: {}")
    assert run_cli("-C", minibook, "init", "--lang", "de").code == 0
    return minibook


@pytest.mark.parametrize("tail, gist", BAD_PO)
def test_malformed_po_is_reported_at_its_line(german, tail, gist):
    po = german / "translations" / "de" / "chapters" / "second-case.po"
    lines = po.read_text().count("\n")
    po.write_text(po.read_text() + tail)
    result = run_cli("-C", german, "build", "--lang", "de")
    assert result.code == 1
    assert "translations/de/chapters/second-case.po:" in result.err and gist in result.err, result.err
    reported = int(result.err.split("second-case.po:")[1].split(":")[0])
    assert lines < reported <= lines + 4
    assert "Traceback" not in result.err


def test_wrong_plural_forms_encoding_and_language(german):
    po = german / "translations" / "de" / "interface.po"
    text = po.read_text()
    po.write_text(text.replace("nplurals=2; plural=(n != 1);", "nplurals=3; plural=(n != 1);"))
    result = run_cli("-C", german, "build", "--lang", "de")
    assert result.code == 1 and "interface.po:" in result.err
    assert "wrong number of plural forms" in result.err and "de has 2" in result.err

    po.write_text(text.replace("Language: de", "Language: fr"))
    result = run_cli("-C", german, "build", "--lang", "de")
    assert "the header says 'Language: fr', but the file is in translations/de/" in result.err

    po.write_text(text)
    chapter = german / "translations" / "de" / "chapters" / "second-case.po"
    source = chapter.read_text()
    chapter.write_bytes(source.replace('msgid "Nothing more."\nmsgstr ""',
                                       'msgid "Nothing more."\nmsgstr "Nichts \xfcbrig."').encode("latin-1"))
    result = run_cli("-C", german, "build", "--lang", "de")
    line = source.split('msgid "Nothing more."')[0].count("\n") + 2
    assert f"translations/de/chapters/second-case.po:{line}: the catalogue is not UTF-8 text" in result.err


def test_a_failing_language_does_not_stop_the_others(german):
    add_language(german, "  fr: {}")
    run_cli("-C", german, "init", "--lang", "fr")
    (german / "translations" / "de" / "profiles.po").write_text('msgid "broken\n')
    result = run_cli("-C", german, "build", "--format", "print")
    assert result.code == 1
    assert "de: FAILED" in result.err
    assert (german / "build" / "fr" / "small-book-print.pdf").is_file()
    assert (german / "build" / "en" / "small-book-print.pdf").is_file()
    assert not (german / "build" / "de" / "small-book-print.pdf").exists()
