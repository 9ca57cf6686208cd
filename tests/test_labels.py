"""Every state, sentence type and penal regime of every shipped jurisdiction prints a label in every
language bookbuild ships: a translation, never a blank and never the English label in a
translated book."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from markupsafe import escape

from bookbuild.build import load_sources, prepare_edition
from bookbuild.builders.book_pdf import PrintBuilder
from bookbuild.i18n.package_catalogs import jurisdiction_domain
from bookbuild.jurisdiction import SHIPPED, load
from bookbuild.errors import Diagnostics, SourceLocation
from bookbuild.render import Renderer
from bookbuild.writers import stylesheets
from i18n_helpers import add_language

JURISDICTIONS = sorted(p.stem for p in SHIPPED.glob("*.yaml"))
LANGUAGES = sorted({p.parent.name for code in JURISDICTIONS for p in jurisdiction_domain(code).folder.glob(f"*/{code}.po")})


def law(code):
    return load(SHIPPED.parent, code, Diagnostics(), SourceLocation("test"))


@pytest.mark.parametrize("code", JURISDICTIONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_is_translated(code, language):
    catalogue = polib.pofile(str(jurisdiction_domain(code).po(language)))
    missing = [entry.msgid for entry in catalogue if not entry.obsolete
               and (not entry.translated() or "fuzzy" in entry.flags)]
    assert not missing, f"{code}/{language}: {missing}"
    assert {"ru", "de", "fr", "ar", "fa"} <= set(LANGUAGES)


def profiles_for_every_label(code: str) -> dict[str, str]:
    """One profile per state, per sentence type and per regime of a jurisdiction."""
    rules = law(code)
    files = {}
    for number, state in enumerate(rules.states):
        files[f"state-{number}"] = f"status:\n  state: {state}\n"
    for number, kind in enumerate(rules.sentences):
        files[f"type-{number}"] = f"sentence:\n  type: {kind}\n"
        files[f"term-{number}"] = f"sentence:\n  type: {kind}\n  years: 2\n"
    for number, regime in enumerate(rules.regimes):
        files[f"regime-{number}"] = f"sentence:\n  type: imprisonment\n  years: 3\n  regime: {regime}\n"
    return files


def print_html(book: Path, languages: list[str]) -> dict[str, str]:
    """The HTML each language's print edition is laid out from, by language: the build's stages up
    to the layout (reading the sources, translating each edition, rendering its templates), which is
    where a label is chosen and translated."""
    diagnostics = Diagnostics()
    sources = load_sources(book, diagnostics)
    pages = {}
    for language in languages:
        edition = prepare_edition(book, sources, language, diagnostics)
        assert edition is not None, [str(item) for item in diagnostics.items]
        sheets = stylesheets(edition, PrintBuilder.target, PrintBuilder.base_styles, page=PrintBuilder.name)
        pages[language] = Renderer(book, edition).render("print/book.html.j2", stylesheets=sheets,
                                                         target=PrintBuilder.name)
    assert not diagnostics.items, [str(item) for item in diagnostics.items]
    return pages


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_every_state_type_and_regime_prints_a_translated_label(minibook, code):
    config = minibook / "book.yaml"
    config.write_text(config.read_text().replace("jurisdiction: ru", f"jurisdiction: {code}")
                      .replace("    profiles: [smith-anna, petrov-ivan]\n", ""))
    for name in ("smith-anna", "petrov-ivan"):
        (minibook / "profiles" / f"{name}.yaml").unlink()
    for stem, facts in profiles_for_every_label(code).items():
        (minibook / "profiles" / f"{stem}.yaml").write_text(
            f"id: {stem}\nname: Test Person\ncase: first-case\nsummary: Invented for the tests.\n{facts}"
            + ("  as_of: 2024\n" if facts.startswith("status") else ""),
            encoding="utf-8")
    for language in LANGUAGES:
        add_language(minibook, f"  {language}: {{}}")
    pages = print_html(minibook, LANGUAGES)
    rules = law(code)
    labels = list(rules.states.values()) + [kind["label"] for kind in rules.sentences.values()]
    for language in LANGUAGES:
        html = pages[language]
        catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(jurisdiction_domain(code).po(language)))}
        for label in labels:
            translation = catalogue.get(label.message)
            assert translation and str(escape(translation)) in html, (code, language, label.message)
        terms = list(rules.regimes.values()) + [kind["term"] for kind in rules.sentences.values() if "term" in kind]
        for term in terms:
            words = max(catalogue[term.message].split("%(t)s"), key=len).strip()
            assert str(escape(words)) in html, (code, language, term.message)
