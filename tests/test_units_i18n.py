"""The i18n package function by function: what a translator or an editor reads (messages with
their file and line, formatted dates and numbers) and what decides whether a translation is used."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from bookbuild.errors import Diagnostics, SetupError, SourceLocation
from bookbuild.i18n import format as fmt
from bookbuild.i18n import gettext_tools
from bookbuild.i18n.catalogs import (catalog_entries, catalogue_name, check_header, language_files, message_key,
                                     po_path, pot_path, read_catalog, words)
from bookbuild.i18n.glossary import Term, check_glossary, read_glossary, words_only
from bookbuild.i18n.package_catalogs import Domain, chain, usable_translations
from bookbuild.i18n.stats import Counts, count_catalog
from bookbuild.i18n.translate import (LanguageCatalog, Coverage, load_language, markup_problem, placeholders_match,
                                      report_fuzzy, report_stale)
from bookbuild.i18n.workflow import below_threshold
from bookbuild.model import PartialDate, Text


def shown(diagnostics: Diagnostics) -> list[str]:
    """The lines an editor reads, in the order they were reported."""
    return [str(item) for item in diagnostics.items]


HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: test\\n"\n"Language: {language}\\n"\n'
          '"Content-Type: text/plain; charset={charset}\\n"\n"Plural-Forms: {plurals}\\n"\n')
GERMAN_PLURALS = "nplurals=2; plural=(n != 1);"


def po_text(body: str, language: str = "de", charset: str = "UTF-8", plurals: str = GERMAN_PLURALS) -> str:
    return HEADER.format(language=language, charset=charset, plurals=plurals) + "\n" + body


def write_po_file(root: Path, body: str, name: str = "chapters/one", language: str = "de", **header) -> Path:
    path = po_path(root, language, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(po_text(body, language, **header), encoding="utf-8")
    return path


# Locale formatting ------------------------------------------------------------------

@pytest.mark.parametrize("date, language, expected", [
    (PartialDate(2023, 3, 17), "en", "March 17, 2023"),
    (PartialDate(2023, 3, 17), "en_GB", "17 March 2023"),
    (PartialDate(2023, 3), "de", "März 2023"),
    (PartialDate(2023), "de", "2023"),
    (datetime.date(2022, 9, 1), "fr", "1er septembre 2022"),
    (datetime.date(2022, 9, 11), "fr", "11 septembre 2022"),
    (datetime.date(2022, 9, 1), "en", "September 1, 2022"),
    (datetime.date(2021, 10, 1), "ru", "1 октября 2021\u202fг."),
    (None, "de", ""),
])
def test_dates_are_written_as_the_locale_writes_them(date, language, expected):
    assert fmt.format_partial_date(date, language) == expected


def test_numbers_percentages_and_lists_per_language():
    assert fmt.format_number(25000, "en") == "25,000"
    assert fmt.format_number(25000, "ru") == "25\u00a0000"
    assert fmt.format_number(1234567.5, "de") == "1.234.567,5"
    # Arabic text takes the Arabic thousands separator, never a Latin comma.
    assert fmt.format_number(25000, "ar") == "25\u066c000"
    # An almost complete translation never reads as 100 %.
    assert fmt.format_percent(0.999, "en") == "99%"
    assert fmt.format_percent(0.999, "fr") == "99\u00a0%"
    assert fmt.format_percent(1.0, "de") == "100\u00a0%"
    assert fmt.format_items(["a", "b", "c"], "en") == "a, b, and c"
    assert fmt.format_items(["a", "b", "c"], "de") == "a, b und c"
    assert fmt.format_items([], "de") == ""


def test_language_names_scripts_and_directions():
    assert fmt.language_name("de") == "Deutsch"
    assert fmt.language_name("ru") == "русский"
    assert fmt.language_name("ru", label=True) == "Русский"
    assert fmt.language_name("ru", "en") == "Russian"
    assert fmt.language_name("fa", "de", label=True) == "Persisch"
    assert [fmt.language_script(code) for code in ("ru", "ar", "en", "fa")] == ["Cyrl", "Arab", "Latn", "Arab"]
    assert [fmt.text_direction(code) for code in ("ar", "fa", "de")] == ["rtl", "rtl", "ltr"]
    assert str(fmt.locale_for("pt-BR")) == "pt_BR"
    with pytest.raises(ValueError, match="unknown language code 'xx'"):
        fmt.locale_for("xx")


@pytest.mark.parametrize("years, expected", [(3.5, (3, 6)), (0.25, (0, 3)), (12, (12, 0)), (1.95, (1, 11))])
def test_a_term_in_years_is_whole_years_and_months(years, expected):
    assert fmt.split_term(years) == expected


# gettext's tools --------------------------------------------------------------------------

def test_the_digest_of_a_catalogue_is_what_it_says_not_how_it_is_laid_out():
    base = po_text('#: chapters/one.md:3\nmsgid "One long message that a tool may wrap"\nmsgstr "Eins"\n')
    digest = gettext_tools.content_digest(base.encode())
    rewrapped = base.replace('msgid "One long message that a tool may wrap"',
                             'msgid ""\n"One long message "\n"that a tool may wrap"')
    commented = base.replace("#: chapters/one.md:3", "#: chapters/one.md:30\n# a translator's note")
    redated = base.replace('"Project-Id-Version: test\\n"', '"Project-Id-Version: test 2\\n"\n'
                                                             '"PO-Revision-Date: 2026-01-02\\n"')
    obsolete = base + '\n#~ msgid "Gone"\n#~ msgstr "Weg"\n'
    for same in (rewrapped, commented, redated, obsolete):
        assert gettext_tools.content_digest(same.encode()) == digest
    retranslated = base.replace('msgstr "Eins"', 'msgstr "Zwei"')
    fuzzy = base.replace("#: chapters/one.md:3", "#: chapters/one.md:3\n#, fuzzy")
    context = base.replace('msgid "One', 'msgctxt "person name"\nmsgid "One')
    language = base.replace("Language: de", "Language: at")
    plurals = base.replace("nplurals=2", "nplurals=3")
    changed = [gettext_tools.content_digest(text.encode())
               for text in (retranslated, fuzzy, context, language, plurals)]
    assert digest not in changed and len(set(changed)) == len(changed)
    # The order of the flags is layout.
    fuzzy_first = base.replace("#: chapters/one.md:3", "#: chapters/one.md:3\n#, fuzzy, python-format")
    fuzzy_last = base.replace("#: chapters/one.md:3", "#: chapters/one.md:3\n#,python-format,fuzzy")
    assert gettext_tools.content_digest(fuzzy_first.encode()) == gettext_tools.content_digest(fuzzy_last.encode())
    assert gettext_tools.content_digest(fuzzy_first.encode()) == changed[1]


def test_msgfmt_complaints_become_errors_and_warnings_at_their_lines(tmp_path):
    good = tmp_path / "good.po"
    good.write_text(po_text('msgid "a"\nmsgstr "b"\n'))
    diagnostics = Diagnostics()
    assert gettext_tools.check_syntax(good, SourceLocation("translations/de/good.po"), diagnostics)
    assert not diagnostics.fatal, "msgfmt's warnings about the header stay warnings"
    diagnostics = Diagnostics()
    broken = tmp_path / "broken.po"
    broken.write_text(po_text('msgid "a"\nmsgstr "b\n\nmsgid "c"\nmsgstr "d"\n'))
    assert not gettext_tools.check_syntax(broken, SourceLocation("translations/de/broken.po"), diagnostics)
    # The string left open is on line 9; msgfmt names the line after it.
    assert shown(diagnostics)[0] == "translations/de/broken.po:9: msgfmt: end-of-line within string"
    assert all(item.severity == "error" for item in diagnostics.items)
    lacking = tmp_path / "lacking.po"
    lacking.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       '#, python-format\nmsgid "%(count)s a"\nmsgstr "b"\n')
    diagnostics = Diagnostics()
    assert not gettext_tools.check_syntax(lacking, SourceLocation("lacking.po"), diagnostics)
    lines = shown(diagnostics)
    assert "lacking.po:2: warning: msgfmt: header field 'Language' missing in header" in lines
    assert "lacking.po:7: msgfmt: a format specification for argument 'count' doesn't exist in 'msgstr'" in lines


def test_a_catalogue_msgfmt_cannot_place_is_still_an_error(tmp_path):
    empty = tmp_path / "empty.po"
    empty.write_bytes(b"\xff\xfe")
    diagnostics = Diagnostics()
    assert not gettext_tools.check_syntax(empty, SourceLocation("empty.po"), diagnostics)
    assert diagnostics.fatal and all(str(item).startswith("empty.po") for item in diagnostics.fatal)


def test_catalogues_take_gettexts_own_layout():
    long = "A paragraph long enough to be wrapped by gettext, which wraps the strings of a catalogue at seventy-nine columns."
    catalog = Catalog(locale="de")
    catalog.add(long, "Ein Absatz.", locations=[("chapters/one.md", 3)])
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    text = gettext_tools.canonical(buffer.getvalue(), "one.po").decode()
    assert 'msgid ""\n"A paragraph long enough' in text
    assert max(len(line) for line in text.splitlines()) <= 79
    with pytest.raises(SetupError, match="msgcat could not process broken.po: "):
        gettext_tools.canonical(b'msgid "open\n', "broken.po")


def test_merge_keeps_translations_marks_changes_fuzzy_and_fills_from_compendia(tmp_path):
    po = tmp_path / "de.po"
    po.write_text(po_text('msgid "The old wording"\nmsgstr "Der alte Wortlaut"\n'))
    pot = tmp_path / "t.pot"
    pot.write_text(po_text('msgid "The old wording."\nmsgstr ""\n\nmsgid "Shared"\nmsgstr ""\n', language=""))
    other = tmp_path / "other.po"
    other.write_text(po_text('msgid "Shared"\nmsgstr "Geteilt"\n'))
    merged = gettext_tools.merge(po, pot, [other]).decode()
    assert '#, fuzzy\n#| msgid "The old wording"\nmsgid "The old wording."\nmsgstr "Der alte Wortlaut"' in merged
    assert 'msgid "Shared"\nmsgstr "Geteilt"' in merged


def test_without_gettext_the_editor_is_told_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(SetupError) as raised:
        gettext_tools.canonical(b"", "x.po")
    assert str(raised.value) == "msgcat is not installed (install GNU gettext (Debian: apt-get install gettext))"
    assert raised.value.exit_code == 3


# Catalogues -------------------------------------------------------------------------------

def test_each_source_file_has_its_catalogue(tmp_path):
    assert catalogue_name("chapters/first-case.md") == "chapters/first-case"
    assert catalogue_name("profiles/smith-anna.yaml") == "profiles"
    assert catalogue_name("book.yaml") == "interface"
    assert catalogue_name("templates/colophon.html.j2") == "interface"
    assert catalogue_name("chapters/notes.txt") == "interface"
    assert pot_path(tmp_path, "chapters/x") == tmp_path / "translations" / "templates" / "chapters" / "x.pot"
    assert po_path(tmp_path, "de", "profiles") == tmp_path / "translations" / "de" / "profiles.po"
    assert language_files(tmp_path, "de") == []
    write_po_file(tmp_path, "", "profiles")
    write_po_file(tmp_path, "", "chapters/a")
    assert language_files(tmp_path, "de") == [po_path(tmp_path, "de", "chapters/a"), po_path(tmp_path, "de", "profiles")]
    assert words("Anna's 2 cats — and 3.5 dogs") == 8


@pytest.mark.parametrize("body, header, expected", [
    ('msgid "a"\nmsgstr "b\n', {}, "translations/de/chapters/one.po:9: malformed catalogue: a quoted string is "
                                    "not closed, or has text after its closing quote"),
    ('msgid "a"\nmsgstr "b" x\n', {}, "translations/de/chapters/one.po:9: malformed catalogue: a quoted string is "
                                      "not closed, or has text after its closing quote"),
    ('#~ msgid "a"\n#~ msgstr "b\n', {}, "translations/de/chapters/one.po:9: malformed catalogue: a quoted string "
                                         "is not closed, or has text after its closing quote"),
    ('msgid "a"\n', {}, "translations/de/chapters/one.po:8: malformed catalogue: missing msgstr for msgid 'a'"),
    ('msgid "a"\nmsgstr "b"\n', {"charset": "latin-1"},
     "translations/de/chapters/one.po:5: the header must declare 'Content-Type: text/plain; charset=UTF-8'"),
    ('msgid "a"\nmsgstr "b"\n', {"plurals": "nplurals=3; plural=(n != 1);"},
     "translations/de/chapters/one.po:6: wrong number of plural forms: 'nplurals=3; plural=(n != 1);'; de has 2 "
     "(use 'Plural-Forms: nplurals=2; plural=(n != 1);')"),
    ('msgid "a"\nmsgstr "b"\n', {"plurals": ""},
     "translations/de/chapters/one.po:6: wrong number of plural forms: 'none'; de has 2 "
     "(use 'Plural-Forms: nplurals=2; plural=(n != 1);')"),
])
def test_a_catalogue_that_cannot_be_used_is_reported_at_its_line(tmp_path, body, header, expected):
    path = write_po_file(tmp_path, body, **header)
    diagnostics = Diagnostics()
    assert read_catalog(path, "de", diagnostics, tmp_path) is None
    assert shown(diagnostics) == [expected]


def test_a_catalogue_in_another_encoding_or_language_is_reported(tmp_path):
    path = write_po_file(tmp_path, 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n')
    path.write_bytes(path.read_bytes().replace(b'msgstr "d"', 'msgstr "\u00fc"'.encode("latin-1")))
    diagnostics = Diagnostics()
    assert read_catalog(path, "de", diagnostics, tmp_path) is None
    assert shown(diagnostics) == ["translations/de/chapters/one.po:12: the catalogue is not UTF-8 text "
                                  "(save it as UTF-8 and set 'charset=UTF-8' in the header)"]
    path = write_po_file(tmp_path, 'msgid "a"\nmsgstr "b"\n', language="fr")
    diagnostics = Diagnostics()
    assert read_catalog(path, "de", diagnostics, tmp_path.parent) is None
    assert shown(diagnostics) == [f"{tmp_path.name}/translations/fr/chapters/one.po:4: the header says "
                                  "'Language: fr', but the file is in translations/de/"]
    # A regional variant is the same language.
    path = write_po_file(tmp_path, 'msgid "a"\nmsgstr "b"\n', language="de_AT")
    assert read_catalog(path, "de", Diagnostics(), tmp_path) is not None


def test_a_catalogue_is_read_with_its_lines_fuzzy_marks_and_previous_ids(tmp_path):
    body = ('msgid "Translated"\nmsgstr "Übersetzt"\n\n'
            '#, fuzzy\n#| msgid "The old "\n#| "wording"\nmsgid "The new wording"\nmsgstr "Der alte Wortlaut"\n\n'
            '#| msgid "Cleared"\nmsgid "Cleared now"\nmsgstr "Jetzt"\n\n'
            'msgid "Open"\nmsgstr ""\n\n'
            'msgctxt "person name"\nmsgid "Anna"\nmsgstr "Anna"\n\n'
            'msgid "%(count)s year"\nmsgid_plural "%(count)s years"\nmsgstr[0] "%(count)s Jahr"\nmsgstr[1] ""\n')
    path = write_po_file(tmp_path, body)
    catalog = read_catalog(path, "de", Diagnostics(), tmp_path)
    fuzzy = catalog.get("The new wording")
    assert fuzzy.fuzzy and fuzzy.previous_id == ["The old wording"] and fuzzy.user_comments == []
    cleared = catalog.get("Cleared now")
    assert not cleared.fuzzy and cleared.previous_id == [] and cleared.user_comments == []
    entries = catalog_entries(catalog, SourceLocation("translations/de/chapters/one.po"))
    assert entries[(None, "Translated")].msgstr == "Übersetzt"
    assert str(entries[(None, "Translated")].location) == "translations/de/chapters/one.po:8"
    assert entries[(None, "The new wording")].fuzzy and entries[(None, "The new wording")].msgstr == "Der alte Wortlaut"
    assert entries[(None, "Open")].msgstr is None
    assert entries[("person name", "Anna")].msgstr == "Anna"
    plural = entries[(None, "%(count)s year")]
    assert plural.plural and plural.msgstr is None, "a plural with a form missing is untranslated"
    assert (None, "") not in entries
    assert message_key(catalog.get(("%(count)s year", "%(count)s years"))) == (None, "%(count)s year")


def test_the_header_fields_are_found_with_their_lines(tmp_path):
    data = po_text('msgid "a"\nmsgstr "b"\n').encode()
    catalog = Catalog(locale="de")
    diagnostics = Diagnostics()
    assert check_header(catalog, data, "de", SourceLocation("x.po", 1), diagnostics) and not diagnostics.items
    no_type = data.replace(b'"Content-Type: text/plain; charset=UTF-8\\n"\n', b"")
    assert not check_header(catalog, no_type, "de", SourceLocation("x.po", 1), diagnostics)
    assert shown(diagnostics) == ["x.po:1: the header must declare 'Content-Type: text/plain; charset=UTF-8'"]
    diagnostics = Diagnostics()
    utf8 = data.replace(b"charset=UTF-8", b"charset=utf8")
    assert check_header(catalog, utf8, "de", SourceLocation("x.po", 1), diagnostics)
    no_language = data.replace(b'"Language: de\\n"\n', b"")
    assert not check_header(catalog, no_language, "de", SourceLocation("x.po", 1), diagnostics)
    assert shown(diagnostics) == ["x.po:1: the header says 'Language: ', but the file is in translations/de/"]


# Stats ------------------------------------------------------------------------------------

def test_counts_add_up_and_a_share_of_nothing_is_complete():
    one = Counts(translated=1, fuzzy=2, untranslated=3, translated_words=4, fuzzy_words=5, untranslated_words=6,
                 changed=7)
    two = one + one
    assert two.as_tuple() == (2, 4, 6, 8, 10, 12, 14)
    assert one.messages == 6 and one.total_words == 15
    assert one.percent == pytest.approx(100 * 4 / 15)
    assert Counts().percent == 100.0
    table = {"de": {"a": Counts(translated_words=9, untranslated_words=1)},
             "fr": {"a": Counts(translated_words=1, untranslated_words=1), "b": Counts(translated_words=2)}}
    assert below_threshold(table, 90) == [("fr", 75.0)]
    assert below_threshold(table, 91) == [("de", 90.0), ("fr", 75.0)]
    assert below_threshold(table, 75) == []


def test_a_catalogue_is_counted_message_by_message_and_word_by_word():
    template = Catalog()
    for message in ("One two", "Three four five", "Six", "Seven eight", "Nine"):
        template.add(message)
    template.add(("%(n)s year", "%(n)s years"))
    translated = Catalog(locale="de")
    translated.add("One two", "Eins zwei")
    translated.add("Three four five", "Drei", flags=["fuzzy"])
    translated.add("Six", "")
    translated.add("Nine", "Neun", context="other")
    translated.add(("%(n)s year", "%(n)s years"), ("%(n)s Jahr", ""))
    counts = count_catalog(template, translated)
    # The plural counts the words of both its forms (6); a message in another context is missing.
    assert counts == Counts(translated=1, fuzzy=1, untranslated=4, translated_words=2, fuzzy_words=3,
                            untranslated_words=1 + 2 + 1 + 6, changed=2)
    assert count_catalog(template, None) == Counts(untranslated=6, untranslated_words=15, changed=6)


# Glossary ---------------------------------------------------------------------------------

def test_a_term_is_found_whole_and_in_any_case_and_spacing():
    term = Term("Telegram channel", "Telegram-Kanal*|Kanal in Telegram", SourceLocation("g.csv", 2))
    assert term.occurs_in("Follow the telegram\n channel of the group")
    assert not term.occurs_in("Follow the Telegram channels")
    assert not term.occurs_in("the MyTelegram channel")
    assert term.rendered_in("Folgen Sie dem Telegram-Kanals der Gruppe")
    assert term.rendered_in("dem Kanal  in Telegram")
    assert not term.rendered_in("dem Kanal in Telegrams")
    assert not term.rendered_in("dem Telegram-Chat")
    exact = Term("Kyrgyzstan", "Кыргызстан", SourceLocation("g.csv", 3))
    assert exact.rendered_in("в Кыргызстан") and not exact.rendered_in("в Кыргызстане")


def test_a_glossary_is_read_row_by_row_with_its_lines(tmp_path):
    diagnostics = Diagnostics()
    assert read_glossary(tmp_path, "de", diagnostics) == []
    path = tmp_path / "translations" / "de" / "glossary.csv"
    path.parent.mkdir(parents=True)
    path.write_text("\ufeffsource,target,note\nKyrgyzstan, Kirgisistan ,\" the name \"\nMemorial,,\n ,x\n"
                    "Telegram channel,Telegram-Kanal*\n", encoding="utf-8")
    terms = read_glossary(tmp_path, "de", diagnostics)
    assert [(t.source, t.target, t.note, str(t.location)) for t in terms] == [
        ("Kyrgyzstan", "Kirgisistan", "the name", "translations/de/glossary.csv:2"),
        ("Telegram channel", "Telegram-Kanal*", "", "translations/de/glossary.csv:5")]
    assert shown(diagnostics) == [
        "translations/de/glossary.csv:3: a glossary entry needs both a source term and its target rendering",
        "translations/de/glossary.csv:4: a glossary entry needs both a source term and its target rendering"]
    path.write_text("term,rendering\nMemorial,Memorial\n", encoding="utf-8")
    diagnostics = Diagnostics()
    assert read_glossary(tmp_path, "de", diagnostics) == []
    assert shown(diagnostics) == ["translations/de/glossary.csv:1: the glossary's first line must name the columns "
                                  "'source' and 'target' (for example: source,target,note)"]
    path.write_bytes("source,target\nK\u00e4se,x\n".encode("latin-1"))
    diagnostics = Diagnostics()
    assert read_glossary(tmp_path, "de", diagnostics) == []
    assert shown(diagnostics) == ["translations/de/glossary.csv:1: the glossary is not UTF-8 text (save it as UTF-8 CSV)"]
    path.write_text("", encoding="utf-8")
    diagnostics = Diagnostics()
    assert read_glossary(tmp_path, "de", diagnostics) == [] and len(diagnostics.items) == 1


def test_a_translation_without_the_agreed_term_is_reported_at_its_line():
    terms = [Term("Memorial", "Мемориал*", SourceLocation("translations/ru/glossary.csv", 2))]
    where = SourceLocation("translations/ru/profiles.po", 40)
    messages = [("Recognised by Memorial.", "Признан «Мемориалом».", where.at(10)),
                ("Recognised by Memorial.", "Признан правозащитниками.", where),
                ("See [Memorial](https://memorial.example)[^m].", "См. [сайт](https://memorial.example)[^m].",
                 where.at(50)),
                ("A %(memorial)s placeholder", "Ein %(memorial)s", where.at(60)),
                ("Nothing to do here.", "Ничего.", where.at(70))]
    diagnostics = Diagnostics()
    assert check_glossary(terms, messages, diagnostics) == 2
    assert shown(diagnostics) == [
        "translations/ru/profiles.po:40: warning: 'Memorial' is not rendered as the glossary agrees: "
        "'Мемориал*' (translations/ru/glossary.csv:2)",
        "translations/ru/profiles.po:50: warning: 'Memorial' is not rendered as the glossary agrees: "
        "'Мемориал*' (translations/ru/glossary.csv:2)"]
    assert words_only("a[^note] b") == "a  b"
    assert words_only("[x](https://y) z") == "[x  z"
    assert words_only("%(count)s people, %(n)d more") == "  people,   more"


# Translation ------------------------------------------------------------------------------

@pytest.mark.parametrize("translation, problem", [
    ("Ein *betonter* [Link](https://a.example)[^n] mit %(profile_count)s", None),
    ("Ein <b>betonter</b> [Link](https://a.example)[^n] mit %(profile_count)s",
     "the translation adds HTML, which is not allowed"),
    ("Ein <!-- x --> *betonter* [Link](https://a.example)[^n] mit %(profile_count)s",
     "the translation adds HTML, which is not allowed"),
    ("Ein *betonter*\x07 [Link](https://a.example)[^n] mit %(profile_count)s",
     "the translation contains a control character"),
    ("Ein *betonter* [Link](https://a.example)[^n] mit 3",
     "the translation changes the placeholders of its source (such as %(profile_count)s)"),
    ("Ein betonter [Link](https://a.example)[^n] mit %(profile_count)s",
     "the translation changes the markup of its source (emphasis, links or note references)"),
    ("Ein *betonter* [Link](https://b.example)[^n] mit %(profile_count)s",
     "the translation changes the markup of its source (emphasis, links or note references)"),
    ("Ein *betonter* [Link](https://a.example)[^m] mit %(profile_count)s",
     "the translation changes the markup of its source (emphasis, links or note references)"),
])
def test_a_translation_must_keep_the_markup_of_its_source(translation, problem):
    source = "An *emphasised* [link](https://a.example)[^n] with %(profile_count)s"
    assert markup_problem(source, translation) == problem


def test_html_in_the_source_may_stay_in_the_translation():
    assert markup_problem("Use <br> here", "Hier <br> verwenden") is None


def test_interface_placeholders_must_be_kept_in_every_form():
    where = SourceLocation("translations/de/interface.po", 12)
    diagnostics = Diagnostics()
    same = Message("%(count)s year", "%(count)s Jahr")
    assert placeholders_match(same, where, diagnostics)
    plural = Message(("%(count)s year", "%(count)s years"), ("ein Jahr", "%(count)s Jahre"))
    assert placeholders_match(plural, where, diagnostics), "a singular may leave the number out"
    assert not diagnostics.items
    lost = Message(("%(count)s year", "%(count)s years"), ("%(count)s Jahr", "%(anzahl)s Jahre"))
    assert not placeholders_match(lost, where, diagnostics)
    renamed = Message("Page %(page)s of %(pages)s", "Seite %(seite)s")
    assert not placeholders_match(renamed, where, diagnostics)
    added = Message("Contents", "Inhalt %s")
    assert not placeholders_match(added, where, diagnostics)
    assert shown(diagnostics) == [
        "translations/de/interface.po:12: warning: translation changes the placeholders of '%(count)s year'; "
        "the source text is used (keep %(count)s)",
        "translations/de/interface.po:12: warning: translation changes the placeholders of "
        "'Page %(page)s of %(pages)s'; the source text is used (keep %(page)s, %(pages)s)",
        "translations/de/interface.po:12: warning: translation changes the placeholders of 'Contents'; "
        "the source text is used (keep no placeholder)"]


def language_catalog(tmp_path: Path) -> LanguageCatalog:
    write_po_file(tmp_path, 'msgid "Same words"\nmsgstr "Im ersten Kapitel"\n\n#, fuzzy\nmsgid "Only fuzzy"\n'
                            'msgstr "Unscharf"\n\nmsgid "Open here"\nmsgstr ""\n\nmsgid "Done there"\nmsgstr ""\n',
                  "chapters/one")
    write_po_file(tmp_path, 'msgid "Same words"\nmsgstr "Im zweiten Kapitel"\n\nmsgid "Open here"\n'
                            'msgstr "Dort übersetzt"\n\n#, fuzzy\nmsgid "Fuzzy too"\nmsgstr "Auch unscharf"\n\n'
                            'msgid "Done there"\nmsgstr "Dort fertig"\n', "chapters/two")
    write_po_file(tmp_path, 'msgid "broken\n', "profiles")
    diagnostics = Diagnostics()
    catalog = load_language(tmp_path, "de", diagnostics)
    assert shown(diagnostics) == ["translations/de/profiles.po:8: malformed catalogue: a quoted string is not "
                                  "closed, or has text after its closing quote"]
    return catalog


def test_a_message_is_looked_up_in_its_own_catalogue_first(tmp_path):
    catalog = language_catalog(tmp_path)
    assert catalog.unreadable == {"profiles"}
    assert sorted(catalog.files) == ["chapters/one", "chapters/two"]

    def text(msgid, path):
        return Text(msgid, SourceLocation(path, 3))
    assert catalog.entry(text("Same words", "chapters/one.md")).msgstr == "Im ersten Kapitel"
    assert catalog.entry(text("Same words", "chapters/two.md")).msgstr == "Im zweiten Kapitel"
    # Untranslated in its own file, translated in another: the other translation is used.
    assert catalog.entry(text("Open here", "chapters/one.md")).msgstr == "Dort übersetzt"
    fuzzy = catalog.entry(text("Only fuzzy", "chapters/one.md"))
    assert fuzzy.fuzzy and fuzzy.msgstr == "Unscharf"
    assert catalog.entry(text("Only fuzzy", "profiles/x.yaml")).msgstr == "Unscharf"
    assert catalog.entry(text("Done there", "chapters/one.md")).msgstr == "Dort fertig"
    assert not catalog.entry(text("Done there", "chapters/one.md")).fuzzy
    assert catalog.entry(text("Unknown", "chapters/one.md")) is None
    assert [(message.id, str(where)) for message, where in catalog.messages][:2] == [
        ("Same words", "translations/de/chapters/one.po:8"), ("Only fuzzy", "translations/de/chapters/one.po:12")]


def test_fuzzy_translations_are_reported_per_file_or_one_by_one(tmp_path):
    catalog = language_catalog(tmp_path)
    diagnostics = Diagnostics()
    assert report_fuzzy(catalog, "en", diagnostics) == 2
    assert shown(diagnostics) == [
        "translations/de/chapters/one.po: warning: 1 fuzzy translation is not used; it prints in English: "
        "review it and clear the fuzzy flag",
        "translations/de/chapters/two.po: warning: 1 fuzzy translation is not used; it prints in English: "
        "review it and clear the fuzzy flag"]
    diagnostics = Diagnostics()
    assert report_fuzzy(catalog, "ru", diagnostics, each=True) == 2
    assert shown(diagnostics) == [
        "translations/de/chapters/one.po:12: warning: fuzzy translation, not used: the source text is printed "
        "instead (review it and clear the fuzzy flag)",
        "translations/de/chapters/two.po:15: warning: fuzzy translation, not used: the source text is printed "
        "instead (review it and clear the fuzzy flag)"]
    more = LanguageCatalog("de", messages=[(Message("a", "b", flags=["fuzzy"]), SourceLocation("x.po", 3)),
                                           (Message("c", "d", flags=["fuzzy"]), SourceLocation("x.po", 7)),
                                           (Message("e", "", flags=["fuzzy"]), SourceLocation("x.po", 9))])
    diagnostics = Diagnostics()
    assert report_fuzzy(more, "de", diagnostics) == 2
    assert shown(diagnostics) == ["x.po: warning: 2 fuzzy translations are not used; they print in German: "
                                  "review them and clear the fuzzy flag"]


def test_messages_missing_from_a_catalogue_are_counted_per_file(tmp_path):
    catalog = language_catalog(tmp_path)
    templates = {}
    for name, ids in (("chapters/one", ["Same words", "New one", "New two"]), ("chapters/two", ["Same words", "New"]),
                      ("profiles", ["Anything"]), ("chapters/three", ["Fresh"])):
        templates[name] = Catalog()
        for msgid in ids:
            templates[name].add(msgid)
    diagnostics = Diagnostics()
    assert report_stale(tmp_path, templates, catalog, "en", diagnostics) == {
        "chapters/one": 2, "chapters/two": 1, "chapters/three": 1}
    assert shown(diagnostics) == [
        "translations/de/chapters/one.po: warning: 2 messages changed in the sources since the last update; "
        "they print in English: run make update",
        "translations/de/chapters/two.po: warning: 1 message changed in the sources since the last update; "
        "it prints in English: run make update",
        "translations/de/chapters/three.po: warning: 1 message changed in the sources since the last update; "
        "it prints in English: run make update"]


def test_coverage_of_nothing_is_complete():
    assert Coverage().percent == 100.0
    assert Coverage(total=8, translated=2, fuzzy=4).percent == 25.0


# The package's catalogues -----------------------------------------------------------------

def test_only_translated_messages_are_used_and_catalogues_chain_without_changing():
    catalog = Catalog(locale="de")
    catalog.add("Contents", "Inhalt")
    catalog.add("Edition", "Ausgabe", flags=["fuzzy"])
    catalog.add("Notes", "")
    book = usable_translations(catalog, "de")
    assert book.gettext("Contents") == "Inhalt"
    assert book.gettext("Edition") == "Edition" and book.gettext("Notes") == "Notes"
    theme = Catalog(locale="de")
    theme.add("Notes", "Anmerkungen")
    theme.add("Contents", "Inhaltsverzeichnis")
    package = usable_translations(theme, "de")
    chained = chain(book, package)
    assert chained.gettext("Contents") == "Inhalt" and chained.gettext("Notes") == "Anmerkungen"
    assert book.gettext("Notes") == "Notes", "the book's own catalogue is not changed by chaining"
    assert chain(None, package).gettext("Notes") == "Anmerkungen"
    assert chain(None, None).gettext("Notes") == "Notes"
    assert chain(book, None).gettext("Notes") == "Notes"
    again = chain(book, usable_translations(Catalog(locale="de"), "de"))
    assert again.gettext("Notes") == "Notes", "a chain made earlier does not leak into a later one"
    messages = [Message("Edition", "Ausgabe"), Message("Notes", "Notizen", flags=["fuzzy"])]
    only = usable_translations(None, "de", messages)
    assert only.gettext("Edition") == "Ausgabe" and only.gettext("Notes") == "Notes"


def test_a_domain_knows_its_files_and_languages(tmp_path):
    domain = Domain("ru", tmp_path)
    assert domain.pot() == tmp_path / "templates" / "ru.pot"
    assert domain.po("de") == tmp_path / "de" / "ru.po"
    for language in ("fr", "de", "templates"):
        (tmp_path / language).mkdir()
        (tmp_path / language / "ru.po").write_text("")
    (tmp_path / "ar").mkdir()
    (tmp_path / "ar" / "by.po").write_text("")
    assert domain.languages() == ["de", "fr"]


def test_update_names_every_catalogue_it_writes_including_the_ones_it_creates(minibook):
    from bookbuild.i18n.workflow import update
    from conftest import run_cli
    from i18n_helpers import add_language

    add_language(minibook, "  de: {}")
    assert run_cli("-C", minibook, "init", "--lang", "de").code == 0
    folder = minibook / "translations" / "de"
    files = sorted(folder.rglob("*.po"))
    assert len(files) >= 3
    for missing in files[:2]:
        missing.unlink()
    written = update(minibook, ("de",), Diagnostics())
    assert set(files[:2]) <= set(written), "both catalogues made again are reported"
    assert all(path.exists() for path in files)
    assert not set(files[2:]) & set(written), "catalogues already current are not rewritten"
