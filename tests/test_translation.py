"""The translators' workflow and translated editions: catalogues, fallbacks, locale formatting."""

from __future__ import annotations

import re
import subprocess

from babel.messages.pofile import read_po

from conftest import pdf_pages, run_cli, untypeset
from i18n_helpers import add_language, translate_po


def pot(book, name="chapters/first-case"):
    return (book / "translations" / "templates" / f"{name}.pot").read_text()


def test_extract_writes_one_catalogue_per_chapter_with_references_and_comments(minibook):
    result = run_cli("-C", minibook, "extract")
    assert result.code == 0, result.err
    names = sorted(p.relative_to(minibook / "translations" / "templates").as_posix()
                   for p in (minibook / "translations" / "templates").rglob("*.pot"))
    assert names == ["chapters/first-case.pot", "chapters/preface.pot", "chapters/second-case.pot",
                     "interface.pot", "profiles.pot"]
    chapter = pot(minibook)
    assert ('#: chapters/first-case.md:7\nmsgid ""\n"The first paragraph has *emphasis*, **strong text** and a '
            'footnote.[^law] It "\n"continues on a second source line -- with a dash."') in chapter
    assert "#. Markdown: keep each note reference [^...] after the word it belongs to" in chapter
    assert "#. A section heading.\n#: chapters/first-case.md:10\nmsgid \"The arrests\"" in chapter
    assert "#. An item of a list." in chapter and "#. A footnote." in chapter
    assert "#. Caption of a figure." in chapter
    profiles = pot(minibook, "profiles")
    assert 'msgctxt "person name"\nmsgid "Anna Smith"' in profiles
    assert "#. Plain description of a charge under article 207.3 (criminal code)." in profiles
    # Facts are not messages.
    for fact in ("207.3", "2022-04-26", "Примерная", "1990", "F-pismo.ru"):
        assert f'msgid "{fact}' not in profiles
    interface = pot(minibook, "interface")
    assert 'msgid "A Small Test Book"' in interface and 'msgid "More *cases*"' in interface
    # The theme's wording is not the book's to translate: it ships translated with bookbuild.
    assert 'msgid "%(count)s year"' not in interface


def test_extract_twice_gives_identical_files(minibook):
    run_cli("-C", minibook, "extract")
    before = {p: p.read_bytes() for p in (minibook / "translations").rglob("*.pot")}
    result = run_cli("-C", minibook, "extract")
    assert "catalogues already up to date" in result.out
    assert {p: p.read_bytes() for p in (minibook / "translations").rglob("*.pot")} == before


def test_init_gives_ordinary_po_files(minibook):
    result = run_cli("-C", minibook, "init", "--lang", "ru")
    assert result.code == 0, result.err
    for po in (minibook / "translations" / "ru").rglob("*.po"):
        text = po.read_text()
        assert '"Language: ru\\n"' in text and "charset=utf-8" in text.lower()
        assert "nplurals=3;" in text
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_update_round_trip_keeps_marks_fuzzy_and_obsoletes(minibook):
    add_language(minibook, "  de: {}")
    run_cli("-C", minibook, "init", "--lang", "de")
    po = minibook / "translations" / "de" / "chapters" / "second-case.po"
    translate_po(po, {"The second chapter has no profiles of its own.": "Das zweite Kapitel hat keine eigenen Profile.",
                      "Nothing more.": "Nichts weiter.",
                      "What happened next": "Was dann geschah"})
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text()
                       .replace("The second chapter has no profiles of its own.",
                                "The second chapter has no profiles of its own at all.")
                       .replace("Nothing more.\n", ""))
    assert run_cli("-C", minibook, "update").code == 0
    with po.open("rb") as handle:
        catalog = read_po(handle)
    changed = catalog.get("The second chapter has no profiles of its own at all.")
    assert changed.fuzzy and changed.string == "Das zweite Kapitel hat keine eigenen Profile."
    assert '#| msgid "The second chapter has no profiles of its own."' in po.read_text()
    assert catalog.get("What happened next").string == "Was dann geschah"
    assert not catalog.get("What happened next").fuzzy
    assert "Nothing more." in catalog.obsolete
    assert '#~ msgid "Nothing more."' in po.read_text()

    result = run_cli("-C", minibook, "build", "--lang", "de", "--format", "pdf")
    assert result.code == 0, result.err
    assert ("translations/de/chapters/second-case.po: warning: 1 fuzzy translation is not used; it prints in English"
            in result.err)
    check = run_cli("-C", minibook, "check")
    assert re.search(r"translations/de/chapters/second-case.po:\d+: warning: fuzzy translation, not used", check.err)
    html = untypeset((minibook / "build" / "de" / "html" / "index.html").read_text())
    assert "Was dann geschah" in html
    assert '<span class="fallback" lang="en" xml:lang="en" dir="ltr">The second chapter has no profiles of its own at all.</span>' in html
    assert "Das zweite Kapitel" not in html
    strict = run_cli("-C", minibook, "--strict", "build", "--lang", "de", "--format", "pdf")
    assert strict.code == 1 and "1 fuzzy translation is not used" in strict.err


def test_russian_plurals_and_dates(minibook):
    add_language(minibook, "  ru: {}")
    run_cli("-C", minibook, "init", "--lang", "ru")
    # The words of terms, sentences and regimes come from the catalogues bookbuild ships in Russian.
    extra = {"orlov-ivan": ("imprisonment", 1, "general"), "ivanov-pyotr": ("forced-labour", 7, None),
             "sidorova-olga": ("suspended", 2, None), "kuzmin-oleg": ("imprisonment", 21, "general")}
    for person, (kind, years, regime) in extra.items():
        regime_line = f"\n  regime: {regime}" if regime else ""
        (minibook / "profiles" / f"{person}.yaml").write_text(
            f"id: {person}\nname: {person.title()}\nname_original: Имя Фамилия\ncase: second-case\n"
            f"sentence:\n  type: {kind}\n  years: {years}{regime_line}\n", encoding="utf-8")
    result = run_cli("-C", minibook, "build", "--lang", "ru")
    assert result.code == 0, result.err
    html = (minibook / "build" / "ru" / "html" / "index.html").read_text().replace("\u202f", " ").replace("\xa0", " ")
    for expected in ("3 года 6 месяцев колонии общего режима", "1 год колонии общего режима",
                     "7 лет принудительных работ", "2 года условно", "21 год колонии общего режима",
                     "26 апреля 2022 г.", "март 2023 г.", "15 января 2024 г."):
        assert expected in html, expected
    text = " ".join(" ".join(pdf_pages(minibook / "build" / "ru" / "small-book-print.pdf")).replace("\u202f", " ").split())
    assert "3 года 6 месяцев колонии общего режима" in text
    assert "26 апреля 2022 г." in text


def test_broken_markup_falls_back_and_is_reported_at_its_line(minibook):
    add_language(minibook, "  de: {}")
    run_cli("-C", minibook, "init", "--lang", "de")
    po = minibook / "translations" / "de" / "chapters" / "first-case.po"
    source = ("The first paragraph has *emphasis*, **strong text** and a footnote.[^law] "
              "It continues on a second source line -- with a dash.")
    translate_po(po, {source: "Der erste Absatz hat Betonung, **starken Text** und eine Fußnote.[^law] Weiter.",
                      "The last paragraph.": "Der <script>alert(1)</script> letzte Absatz."})
    line = next(n for n, text in enumerate(po.read_text().splitlines(), 1) if "The first paragraph" in text)
    result = run_cli("-C", minibook, "build", "--lang", "de", "--format", "pdf")
    assert result.code == 0, result.err
    assert f"translations/de/chapters/first-case.po:{line - 1}: warning: the translation changes the markup" in result.err
    assert "the translation adds HTML, which is not allowed" in result.err
    html = (minibook / "build" / "de" / "html" / "index.html").read_text()
    assert "The first paragraph has <em>emphasis</em>" in html and "Der erste Absatz" not in html
    assert "<script" not in html and "alert(1)" not in html
    strict = run_cli("-C", minibook, "--strict", "build", "--lang", "de")
    assert strict.code == 1 and "first-case.po" in strict.err


def test_stats_table_and_threshold(minibook):
    add_language(minibook, "  de: {}")
    run_cli("-C", minibook, "init", "--lang", "de")
    translate_po(minibook / "translations" / "de" / "chapters" / "second-case.po",
                 {"The second case": "Der zweite Fall", "Nothing more.": "Nichts weiter."}, fuzzy={"Nothing more."})
    result = run_cli("-C", minibook, "stats", "--by-catalogue")
    assert result.code == 0, result.err
    row = next(line for line in result.out.splitlines() if "chapters/second-case" in line)
    assert row.split()[2:5] == ["1", "1", "2"]
    assert run_cli("-C", minibook, "stats", "--min-coverage", "50").code == 1
    assert run_cli("-C", minibook, "stats", "--min-coverage", "0").code == 0


def test_partial_edition_says_so_and_low_coverage_is_not_published(minibook):
    add_language(minibook, "  de: {min_coverage: 1}")
    run_cli("-C", minibook, "init", "--lang", "de")
    translate_po(minibook / "translations" / "de" / "chapters" / "second-case.po",
                 {"The second chapter has no profiles of its own.": "Das zweite Kapitel hat keine eigenen Profile."})
    result = run_cli("-C", minibook, "build", "--lang", "de", "--format", "pdf")
    assert result.code == 0, result.err
    html = (minibook / "build" / "de" / "html" / "index.html").read_text()
    assert re.search(r"Diese Ausgabe ist eine Teilübersetzung: \d+\s?% des Textes liegen in der Sprache Deutsch vor",
                     html), "the colophon says so, in German (the theme's catalogue)"
    config = minibook / "book.yaml"
    config.write_text(config.read_text().replace("de: {min_coverage: 1}", "de: {min_coverage: 90}"))
    result = run_cli("-C", minibook, "build", "--lang", "de", "--format", "pdf")
    assert result.code == 0
    assert "de: not built" in result.err and "below the minimum of 90% set in book.yaml" in result.err
