"""Reading the sources function by function: the message an editor gets for each mistake, with
the file and line to change, and the values read from what is right."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bookbuild.config import load_config
from bookbuild.errors import Diagnostics, SourceError, SourceLocation
from bookbuild.jurisdiction import load as load_jurisdiction
from bookbuild.model import PartialDate
from bookbuild.sources.book import load_book, uncertain_facts
from bookbuild.sources.chapters import read_chapter
from bookbuild.sources.fields import Fields, describe, parse_partial_date, suggest
from bookbuild.sources.legal import check_dates
from bookbuild.sources.profiles import read_profile
from bookbuild.sources.styles import check_stylesheets
from bookbuild.sources.yamlfile import parse_yaml
from conftest import make_project


def shown(diagnostics: Diagnostics) -> list[str]:
    return [str(item) for item in diagnostics.items]


# YAML -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("a: 1\n\tb: 2\n", "f.yaml:4: invalid YAML: a tab character in the indentation (indent with spaces, not tabs)"),
    ("x: 1\ntitle: The case: again\n", "f.yaml:4: invalid YAML: a colon inside the value of 'title' "
                                       "(put the value in quotes, e.g. title: \"The case: again\")"),
    ("x: 1\ntitle: \"open\nnext: 1\n", "f.yaml:4: invalid YAML: a quotation mark is opened here and never closed "
                                        "(close the quotation mark at the end of the value)"),
    ("x: 1\nlist: [a, b\nnext: 1\n", "f.yaml:4: invalid YAML: a list opened with '[' is not closed "
                                      "(close it with ']' on the same line)"),
    ("a:\n  b: 1\n c: 2\n", "f.yaml:5: invalid YAML: this line is not indented like the lines around it "
                            "(line it up with the other keys of the same level)"),
    ("a: 1\nb: 2\na: 3\n", "f.yaml:5: duplicate key 'a' (first at line 3)"),
    ("a: 1\n[1, 2]: x\n", "f.yaml:4: a key must be a plain word"),
    ("a: &x 1\nb: *y\n", "f.yaml:4: invalid YAML: found undefined alias 'y'"),
    ("a: {\n", "f.yaml:4: invalid YAML: expected the node content, but found '<stream end>'"),
])
def test_yaml_mistakes_are_explained_at_their_line(text, expected):
    with pytest.raises(SourceError) as raised:
        parse_yaml(text, SourceLocation("f.yaml", 3))
    assert str(raised.value) == expected


def test_yaml_values_know_their_lines():
    data = parse_yaml("a: 1\nitems:\n  - x\n  - y: 2\n    z: 3\n1: one\nday: 2023-02-30\n", SourceLocation("f.yaml", 10))
    assert data == {"a": 1, "items": ["x", {"y": 2, "z": 3}], "1": "one", "day": "2023-02-30"}
    assert str(data.location) == "f.yaml:10" and str(data.loc("items")) == "f.yaml:11"
    assert str(data.loc("missing")) == "f.yaml:10"
    items = data["items"]
    assert [str(items.loc(0)), str(items.loc(1))] == ["f.yaml:12", "f.yaml:13"]
    assert str(items.location) == "f.yaml:12"
    assert str(items[1].loc("z")) == "f.yaml:14"
    assert parse_yaml("", SourceLocation("f.yaml", 1)) is None
    assert str(parse_yaml("a: 1\n", SourceLocation("f.yaml")).loc("a")) == "f.yaml:1"
    with pytest.raises(SourceError) as raised:
        parse_yaml("a: [\n", SourceLocation("g.yaml"))
    assert str(raised.value).startswith("g.yaml:2: invalid YAML: ")


# Fields ---------------------------------------------------------------------------------

FIELDS = """\
title: '  A   spaced
  title '
titel: x
flag: true
map: {a: 1}
items:
  - one
  - ''
  - {a: 1}
  -
month: 2023-02
bad_date: 2023-13
negative: -1
slug: Bad_Slug
colour: blue
sources:
  - a
  - {source: b, at: p. 3}
  - {at: x}
  - [1]
  - 4
long: 0123456789012345678901234567890123456789extra
years: 3.5
"""
KEYS = ["title", "flag", "map", "items", "month", "bad_date", "negative", "slug", "colour", "sources", "long",
        "years", "missing"]


@pytest.fixture
def fields():
    diagnostics = Diagnostics()
    return Fields(parse_yaml(FIELDS, SourceLocation("p.yaml", 1)), SourceLocation("p.yaml", 1), diagnostics, KEYS)


def test_each_kind_of_value_is_read_or_reported_at_its_line(fields):
    assert shown(fields.diagnostics) == ["p.yaml:3: unknown key 'titel' (did you mean 'title'?)"]
    fields.diagnostics.items.clear()
    title = fields.text("title", context="ctx", comment="A title.")
    assert (title.value, str(title.location), title.context, title.comment) == ("A spaced title", "p.yaml:1", "ctx",
                                                                                "A title.")
    assert fields.string("flag") is None and fields.string("map") is None
    assert [(value, str(where)) for value, where in fields.strings("items")] == [("one", "p.yaml:7")]
    assert fields.date("month") == PartialDate(2023, 2)
    assert fields.date("bad_date") is None
    assert fields.number("negative") is None and fields.integer("negative") is None
    assert fields.integer("negative", minimum=-1) == -1
    assert fields.number("years") == 3.5 and fields.integer("years") is None
    assert fields.slug("slug") is None
    assert fields.choice("colour", ["blau", "red"]) is None
    assert fields.choice("colour", ["x", "y"]) is None
    assert fields.choice("colour", ["blue"]) == "blue"
    assert [ref.id for ref in fields.source_refs()] == ["a", "b", "4"]
    assert fields.string("missing", required=True) is None
    assert fields.string("missing") is None
    assert shown(fields.diagnostics) == [
        "p.yaml:4: 'flag' must be text, got 'True'",
        "p.yaml:5: 'map' must be text, got a mapping",
        "p.yaml:8: 'items' items must be text, got ''",
        "p.yaml:9: 'items' items must be text, got a mapping",
        "p.yaml:10: 'items' items must be text, got 'None'",
        "p.yaml:12: 'bad_date' must be a date such as 2023-03-17, 2023-03 or 2023, got '2023-13'",
        "p.yaml:13: 'negative' must be a positive number, got '-1'",
        "p.yaml:13: 'negative' must be a whole number of at least 0, got '-1'",
        "p.yaml:23: 'years' must be a whole number of at least 0, got '3.5'",
        "p.yaml:14: 'slug' must be lowercase letters, digits and hyphens, got 'Bad_Slug'",
        "p.yaml:15: 'colour' cannot be 'blue' (did you mean 'blau'?)",
        "p.yaml:15: 'colour' cannot be 'blue' (one of: x, y)",
        "p.yaml:19: missing required key 'sources[3].source'",
        "p.yaml:20: 'sources' items must be source ids, got a list",
        "p.yaml:1: missing required key 'missing'",
    ]


def test_citations_nested_mappings_and_lists_of_mappings(fields):
    refs = fields.source_refs()
    assert [(ref.id, str(ref.location), ref.at) for ref in refs] == [
        ("a", "p.yaml:17", None), ("b", "p.yaml:18", "p. 3"), ("4", "p.yaml:21", None)]
    fields.diagnostics.items.clear()
    nested = fields.mapping("map", ["b"])
    assert nested.prefix == "map." and str(nested.location) == "p.yaml:5"
    assert fields.mapping("missing", ["b"]) is None
    assert fields.mapping("missing", ["b"], required=True) is None
    listed = fields.mappings("items", ["a"])
    assert [item.prefix for item in listed] == ["items[1].", "items[2].", "items[3].", "items[4]."]
    assert fields.mappings("map", ["a"]) == [] and fields.strings("map") == [] and fields.source_refs("map") == ()
    assert fields.mappings("missing", ["a"]) == [] and fields.strings("missing") == []
    assert fields.source_refs("missing") == ()
    assert shown(fields.diagnostics) == [
        "p.yaml:5: unknown key 'map.a'",
        "p.yaml:1: missing required key 'missing'",
        "p.yaml:7: 'items[1]' must be a mapping of keys to values, got 'one'",
        "p.yaml:8: 'items[2]' must be a mapping of keys to values, got ''",
        "p.yaml:10: 'items[4]' must be a mapping of keys to values, got 'None'",
        "p.yaml:5: 'map' must be a list, got a mapping",
        "p.yaml:5: 'map' must be a list, got a mapping",
        "p.yaml:5: 'map' must be a list of source ids, got a mapping",
    ]


def test_a_file_that_is_not_a_mapping():
    diagnostics = Diagnostics()
    fields = Fields(parse_yaml("- a\n- b\n", SourceLocation("p.yaml", 1)), SourceLocation("p.yaml", 1), diagnostics,
                    ["id"])
    assert fields.string("id") is None and not fields.has("id")
    Fields("text", SourceLocation("q.yaml", 2), diagnostics, None, "status")
    assert shown(diagnostics) == ["p.yaml:1: 'this file' must be a mapping of keys to values, got a list",
                                  "q.yaml:2: 'status' must be a mapping of keys to values, got 'text'"]


def test_descriptions_suggestions_and_dates():
    assert describe("x" * 41) == repr("x" * 37 + "...") and describe("x" * 40) == repr("x" * 40)
    assert (describe([1]), describe({}), describe(3)) == ("a list", "a mapping", "'3'")
    assert suggest("imprisonmnet", ["imprisonment", "fine"]) == "did you mean 'imprisonment'?"
    assert suggest("zzz", ["imprisonment"]) is None
    assert parse_partial_date(datetime.date(2023, 3, 17)) == PartialDate(2023, 3, 17)
    assert parse_partial_date(" 2023-03 ") == PartialDate(2023, 3)
    assert parse_partial_date(2023) == PartialDate(2023)
    assert parse_partial_date("1900") == PartialDate(1900) and parse_partial_date("2100") == PartialDate(2100)
    for wrong in ("1899", "2101", "2023-02-30", "2023-3", "2023-13", True, datetime.datetime(2023, 1, 1), "soon"):
        assert parse_partial_date(wrong) is None, wrong


# Chapters -------------------------------------------------------------------------------

def chapter(tmp_path: Path, text: str | bytes, name: str = "case.md") -> tuple[object, list[str]]:
    folder = tmp_path / "chapters"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    return read_chapter(path, tmp_path, diagnostics), shown(diagnostics)


def test_a_chapter_is_its_header_and_its_blocks(tmp_path):
    read, messages = chapter(tmp_path, b"\xef\xbb\xbf---\r\nid: case\r\ntitle: The  case\r\nsources: [a]\r\n---\r\n"
                                       b"\r\nFirst paragraph.\r\n\r\n## A section\r\n")
    assert messages == []
    assert (read.id, read.title.value, str(read.title.location), str(read.location)) == ("case", "The case",
                                                                                        "chapters/case.md:3",
                                                                                        "chapters/case.md:1")
    assert [ref.id for ref in read.sources] == ["a"]
    assert [str(block.text.location) for block in read.blocks] == ["chapters/case.md:7", "chapters/case.md:9"]


@pytest.mark.parametrize("text, expected", [
    ("No header here.\n", ["chapters/case.md:1: a chapter must start with a header between '---' lines giving "
                           "its id and title"]),
    ("---\nid: case\ntitle: [open\n---\n", ["chapters/case.md:3: invalid YAML: a list opened with '[' is not "
                                            "closed (close it with ']' on the same line)"]),
    ("---\nid: other\ntitle: T\n---\n", ["chapters/case.md:2: chapter id 'other' must match the file name "
                                         "'case.md' (rename the file to chapters/other.md, or set 'id: case')"]),
    ("---\nid: case\n---\n", ["chapters/case.md:2: missing required key 'title'"]),
    ("---\nid: case\ntitle: T\nauthor: x\n---\n", ["chapters/case.md:4: unknown key 'author'"]),
    ("---\nid: case\ntitle: T\n---\n\nA bell\x07 rings.\n", ["chapters/case.md:6: control character U+0007 in the "
                                                            "text (delete it; it is invisible and cannot be printed)"]),
])
def test_a_chapter_that_cannot_be_used_is_reported(tmp_path, text, expected):
    read, messages = chapter(tmp_path, text)
    assert messages == expected
    assert (read is None) == (expected[0].split(": ", 1)[1] != "unknown key 'author'")


def test_a_chapter_that_is_not_utf8_or_not_a_file(tmp_path):
    read, messages = chapter(tmp_path, "---\nid: case\ntitle: T\n---\n\nCaf\u00e9\n".encode("latin-1"))
    assert read is None and messages == ["chapters/case.md:6: the file is not UTF-8 text (save it as UTF-8)"]
    (tmp_path / "chapters" / "folder.md").mkdir()
    diagnostics = Diagnostics()
    assert read_chapter(tmp_path / "chapters" / "folder.md", tmp_path, diagnostics) is None
    assert shown(diagnostics) == ["chapters/folder.md:1: cannot read the file: Is a directory"]


# Stylesheets ------------------------------------------------------------------------------

def test_a_stylesheet_may_refer_only_to_the_books_fonts_and_images(tmp_path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "book.css").write_text(
        '@font-face { src: url("fonts/a.woff2"); }\n'
        "p { background: url(images/a.png); }\n"
        "q { background: url('data:image/png;base64,AAAA'); }\n"
        '@import "https://example.org/x.css";\n'
        "h1 { background: url( /etc/passwd ); }\n"
        "h2 { background: url(images/../../secret.png); }\n"
        "h3 { background: url(FONTS/b.woff); }\n"
        "h4 { background: url(fonts/x:y); }\n")
    (tmp_path / "styles" / "notes.txt").write_text("url(https://example.org)")
    diagnostics = Diagnostics()
    check_stylesheets(tmp_path, diagnostics)
    assert shown(diagnostics) == [
        "styles/book.css:4: 'https://example.org/x.css' is not allowed in a stylesheet "
        "(refer only to fonts/ or images/ inside the project)",
        "styles/book.css:5: '/etc/passwd' is not allowed in a stylesheet (refer only to fonts/ or images/ inside "
        "the project)",
        "styles/book.css:6: 'images/../../secret.png' is not allowed in a stylesheet (refer only to fonts/ or "
        "images/ inside the project)",
        "styles/book.css:8: 'fonts/x:y' is not allowed in a stylesheet (refer only to fonts/ or images/ inside "
        "the project)"]


# Profiles -------------------------------------------------------------------------------

PROFILE = """\
id: doe-jane
name: Jane  Doe
name_original: Джейн Доу
case: first-case
born: 1990
summary: A made-up person.
charges:
  - article: "207.3"
    part: 2
    clauses: [а, д]
    code: criminal
  - part: 0
dates:
  detained: 2022-04
  sentenced: 2023
sentence:
  type: imprisonment
  years: 3.5
  regime: general
status:
  state: imprisoned
recognition:
  - Memorial
biography: |
  Jane Doe does not exist.

  She is *made up*.
help:
  - action: write
    address: |
        300000, г. Тула,

        Доу Джейн
    services: [f-pismo]
    url: https://example.org
  - action: petition
    note: Sign it.
    url: ftp://example.org
  - action: apppeal
  - action: donate
photo:
  file: images/figure.png
  alt: A square
certainty:
  name_original: transliterated
  sentence.regime: {basis: inferred, note: "  read   from the term "}
  charges[1]: implied
  charges[3]: implied
  summary: transliterated
  nothing: attested
  born: guessed
"""


def profile(tmp_path: Path, text: str, name: str = "doe-jane.yaml"):
    book = make_project(tmp_path / "book")
    path = book / "profiles" / name
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    return read_profile(path, book, diagnostics), shown(diagnostics)


def test_a_profile_is_read_field_by_field(tmp_path):
    read, messages = profile(tmp_path, PROFILE)
    assert messages == [
        "profiles/doe-jane.yaml:12: 'charges[2]' needs an 'article' or a 'description'",
        "profiles/doe-jane.yaml:12: 'charges[2].part' must be a whole number of at least 1, got '0'",
        "profiles/doe-jane.yaml:38: 'help[2].url' must be an address starting with https:// or http://, got "
        "'ftp://example.org'",
        "profiles/doe-jane.yaml:39: 'help[3].action' cannot be 'apppeal' (did you mean 'appeal'?)",
        "profiles/doe-jane.yaml:40: a 'donate' action needs 'url' or 'note'",
        "profiles/doe-jane.yaml:48: 'certainty' names 'charges[3]', which this profile does not give "
        "(use the dotted name of a field of this file, e.g. sentence.regime)",
        "profiles/doe-jane.yaml:49: 'summary' cannot be 'transliterated'; only names and addresses can",
        "profiles/doe-jane.yaml:50: 'certainty' names 'nothing', which this profile does not give "
        "(use the dotted name of a field of this file, e.g. sentence.regime)",
        "profiles/doe-jane.yaml:51: 'certainty.born' cannot be 'guessed' (one of: attested, transliterated, "
        "inferred, implied, contradictory)",
        "profiles/doe-jane.yaml:20: warning: 'status' has no 'as_of' date: readers cannot tell how old it is",
        "profiles/doe-jane.yaml:41: warning: the photo has no 'credit'",
    ]
    assert (read.id, read.name.value, read.name.context, read.name_original, read.case) == (
        "doe-jane", "Jane Doe", "person name", "Джейн Доу", "first-case")
    assert (read.born, read.detained, read.sentenced, read.released) == (PartialDate(1990), PartialDate(2022, 4),
                                                                         PartialDate(2023), None)
    first, second = read.charges
    assert (first.article, first.part, first.clauses, first.code, str(first.location)) == (
        "207.3", 2, ("а", "д"), "criminal", "profiles/doe-jane.yaml:8")
    assert (second.article, second.part, second.code, str(second.location)) == ("", None, "criminal",
                                                                                "profiles/doe-jane.yaml:12")
    assert (read.sentence.type, read.sentence.years, read.sentence.regime) == ("imprisonment", 3.5, "general")
    assert str(read.sentence.lines["regime"]) == "profiles/doe-jane.yaml:19"
    assert (read.status.state, read.status.as_of, str(read.status.location)) == ("imprisoned", None,
                                                                                 "profiles/doe-jane.yaml:21")
    assert [(org.value, org.context, str(org.location)) for org in read.recognition] == [
        ("Memorial", "organisation", "profiles/doe-jane.yaml:23")]
    assert [(block.text.value, str(block.text.location)) for block in read.biography] == [
        ("Jane Doe does not exist.", "profiles/doe-jane.yaml:25"), ("She is *made up*.", "profiles/doe-jane.yaml:27")]
    assert read.biography[0].text.comment == "Biography of Jane Doe."
    write, petition, donate = read.help
    assert (write.kind, write.address, write.services, write.url) == ("write", "300000, г. Тула,\nДоу Джейн",
                                                                      ("f-pismo",), "https://example.org")
    assert petition.note.comment == "About a petition for a prisoner's release." and donate.kind == "donate"
    assert (read.photo.file, read.photo.alt.value, read.photo.credit) == ("images/figure.png", "A square", None)
    assert [(c.fact, c.basis, c.note, str(c.location)) for c in read.certainty] == [
        ("name_original", "transliterated", None, "profiles/doe-jane.yaml:45"),
        ("sentence.regime", "inferred", "read from the term", "profiles/doe-jane.yaml:46"),
        ("charges[1]", "implied", None, "profiles/doe-jane.yaml:47")]
    assert read.basis("sentence.regime") == "inferred" and read.basis("born") == "attested"
    assert str(read.where("dates.sentenced")) == "profiles/doe-jane.yaml:15"
    assert str(read.where("hometown")) == "profiles/doe-jane.yaml:1"


BASE = "id: doe-jane\nname: Jane Doe\ncase: first-case\nsummary: A made-up person.\n"
PHOTO = "photo:\n  file: images/figure.png\n  alt: A square\n  credit: Test Press\n"


@pytest.mark.parametrize("text, expected", [
    (BASE.replace("id: doe-jane", "id: doe-john"),
     ["profiles/doe-jane.yaml:1: id 'doe-john' must match the file name 'doe-jane.yaml'"]),
    (BASE.replace("summary: A made-up person.\n", ""),
     ["profiles/doe-jane.yaml:1: warning: no 'summary': the prisoner's leaflet and the EPUB have no short account "
      "of the case"]),
    (PHOTO.replace("images/figure.png", "images/none.png") + BASE,
     ["profiles/doe-jane.yaml:2: image not found: images/none.png"]),
    (PHOTO.replace("images/figure.png", "../figure.png") + BASE,
     ["profiles/doe-jane.yaml:2: image '../figure.png' is outside the images/ folder (images must be files under "
      "images/)"]),
    (PHOTO.replace("  alt: A square\n", "") + BASE, ["profiles/doe-jane.yaml:2: missing required key 'photo.alt'"]),
    (BASE + "help:\n  - action: appeal\n    address: x\n",
     ["profiles/doe-jane.yaml:7: 'address' belongs to a 'write' action, not 'appeal'",
      "profiles/doe-jane.yaml:6: a 'appeal' action needs 'to' or 'demand'"]),
    (BASE + "help:\n  - action: appeal\n    to:\n      - address: Moscow\n    demand: Free them.\n",
     ["profiles/doe-jane.yaml:8: missing required key 'help[1].to[1].name'"]),
    (BASE + "help:\n  - action: follow\n    url: mailto:a@example.org\n", []),
    (BASE + "status: {place: A colony, as_of: 2024}\n", ["profiles/doe-jane.yaml:5: missing required key "
                                                         "'status.state'"]),
    (BASE + "sentence: {years: 2}\n", ["profiles/doe-jane.yaml:5: missing required key 'sentence.type'"]),
    (BASE + "name_original: x\nbiography: |\n  Text.[^n]\n\n  [^n]: A note.\n",
     ["profiles/doe-jane.yaml:7: footnotes are not supported in a biography"]),
    (BASE.replace("name: Jane Doe\n", ""), ["profiles/doe-jane.yaml:1: missing required key 'name'"]),
    ("id: doe-jane\nname: [x\n", ["profiles/doe-jane.yaml:2: invalid YAML: a list opened with '[' is not closed "
                                   "(close it with ']' on the same line)"]),
])
def test_a_profile_mistake_is_reported_at_its_line(tmp_path, text, expected):
    read, messages = profile(tmp_path, text)
    assert messages == expected
    errors = [m for m in messages if ": warning: " not in m]
    assert (read is None) == any("missing required key 'name'" in m or "invalid YAML" in m for m in errors)


def test_a_fact_is_named_by_its_dotted_path(tmp_path):
    text = BASE + ("charges:\n  - article: '1'\n  - article: '2'\nsentence: {type: fine, fine: 100}\n"
                   "certainty:\n  charges[2]: implied\n  charges[0]: implied\n  sentence.fine: inferred\n"
                   "  sentence.court: inferred\n  summary.text: inferred\n  Sentence: inferred\n"
                   "  help[1].address: transliterated\n")
    read, messages = profile(tmp_path, text)
    names = "(use the dotted name of a field of this file, e.g. sentence.regime)"
    assert messages == [f"profiles/doe-jane.yaml:{line}: 'certainty' names '{fact}', which this profile does not "
                        f"give {names}" for line, fact in ((11, "charges[0]"), (13, "sentence.court"),
                                                           (14, "summary.text"), (15, "Sentence"),
                                                           (16, "help[1].address"))]
    assert [c.fact for c in read.certainty] == ["charges[2]", "sentence.fine"]


# The book ---------------------------------------------------------------------------------

def edited_book(tmp_path: Path, *edits: tuple[str, str, str], files: dict[str, str] | None = None) -> list[str]:
    """The messages of reading the small book after `edits` (file, old, new) and new `files`."""
    book = make_project(tmp_path / "book")
    for name, old, new in edits:
        path = book / name
        assert old in path.read_text(encoding="utf-8"), old
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    for name, text in (files or {}).items():
        (book / name).write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    load_book(load_config(book, diagnostics), diagnostics)
    return shown(diagnostics)


def test_the_small_book_reads_without_a_message_and_lists_its_open_facts(tmp_path):
    book = make_project(tmp_path / "book")
    diagnostics = Diagnostics()
    read = load_book(load_config(book, diagnostics), diagnostics)
    assert shown(diagnostics) == []
    assert [(profile.id, fact.fact, fact.basis) for profile, fact in uncertain_facts(read)] == [
        ("smith-anna", "name_original", "transliterated"), ("smith-anna", "sentence.regime", "inferred")]
    assert [entry.chapter.id for entry in read.entries()] == ["preface", "first-case", "second-case"]
    assert sorted(read.jurisdictions) == ["ru"]


def test_what_a_chapter_refers_to_must_exist(tmp_path):
    assert edited_book(
        tmp_path,
        ("chapters/second-case.md", "Nothing more.",
         "See %(profile_cout)s and %(profile_count)s.\n\n![y](../outside.png)\n\n![z](images/none.png)"),
        ("chapters/first-case.md", "sources: [test-page]", "sources: [test-pag]")) == [
        "chapters/second-case.md:12: image '../outside.png' is outside the images/ folder (images must be files "
        "under images/)",
        "chapters/second-case.md:14: image not found: images/none.png",
        "chapters/first-case.md:4: no source with id 'test-pag' under 'sources' in book.yaml (did you mean "
        "'test-page'?)",
        "chapters/second-case.md:10: unknown placeholder %(profile_cout)s (did you mean 'profile_count'?)"]
    assert edited_book(tmp_path / "2", ("chapters/second-case.md", "Nothing more.", "See %(zzz)s.")) == [
        "chapters/second-case.md:10: unknown placeholder %(zzz)s (the placeholders are: %(profile_count)s)"]


def test_chapters_and_profiles_placed_twice_missing_or_nowhere(tmp_path):
    assert edited_book(
        tmp_path,
        ("book.yaml", "profiles: [smith-anna, petrov-ivan]", "profiles: [smith-anna, smith-anna, petrov-ivn]"),
        ("book.yaml", "      - chapter: second-case", "      - chapter: second-case\n      - chapter: first-case\n"
                                                    "      - chapter: secnd-case"),
        files={"chapters/extra.md": "---\nid: extra\ntitle: Extra\n---\n\nText.\n"}) == [
        "book.yaml:21: profile 'smith-anna' is placed twice (also at line 21)",
        "book.yaml:21: no profile with id 'petrov-ivn' in profiles/ (did you mean 'petrov-ivan'?)",
        "book.yaml:26: chapter 'first-case' is placed twice (also at line 20)",
        "book.yaml:26: profile 'smith-anna' is placed twice (also at line 21)",
        "book.yaml:27: no chapter with id 'secnd-case' in chapters/ (did you mean 'second-case'?)",
        "chapters/extra.md:1: warning: chapter 'extra' is not in book.yaml's contents"]
    assert edited_book(tmp_path / "2", files={
        "profiles/jones-bob.yaml": "id: jones-bob\nname: Bob Jones\ncase: third-case\nsummary: x\n"}) == [
        "profiles/jones-bob.yaml:1: profile 'jones-bob' appears nowhere in the book (its case 'third-case' is not a "
        "chapter in book.yaml, or list it under a chapter's 'profiles')"]
    copy = (FIXTURE_PROFILES / "petrov-ivan.yaml").read_text(encoding="utf-8")
    assert edited_book(tmp_path / "3", files={"profiles/copy.yaml": copy}) == [
        "profiles/copy.yaml:1: id 'petrov-ivan' must match the file name 'copy.yaml'",
        "profiles/petrov-ivan.yaml:1: duplicate profile id 'petrov-ivan' (also in profiles/copy.yaml)"]


def test_a_broken_file_is_reported_once(tmp_path):
    assert edited_book(tmp_path, files={"chapters/first-case.md": "broken"}) == [
        "chapters/first-case.md:1: a chapter must start with a header between '---' lines giving its id and title"]
    assert edited_book(tmp_path / "2", files={"profiles/smith-anna.yaml": "id: [\n"}) == [
        "profiles/smith-anna.yaml:2: invalid YAML: expected the node content, but found '<stream end>'"]


FIXTURE_PROFILES = Path(__file__).resolve().parent / "fixtures" / "minibook" / "profiles"
RUSSIA = load_jurisdiction(FIXTURE_PROFILES.parent, "ru", Diagnostics(), SourceLocation("book.yaml"))
ANNA = "profiles/smith-anna.yaml"


def test_a_profile_is_checked_against_its_countrys_law(tmp_path):
    assert edited_book(
        tmp_path,
        (ANNA, "name_original: Анна Смит", "name_original: Anna Smit"),
        (ANNA, 'article: "207.3"', 'article: "207a"'),
        (ANNA, '  - article: "280"', '  - article: "280"\n    code: civil'),
        (ANNA, "state: imprisoned", "state: imprisond"),
        (ANNA, "type: imprisonment", "type: fine"),
        (ANNA, "regime: general", "regime: genral"),
        (ANNA, "services: [f-pismo]", "services: [f-pismo, e-mail]\n    note: Please note. Letters must be "
                                      "written in  Russian")) == [
        "profiles/smith-anna.yaml:3: 'name_original' must be the name in Cyrillic letters (jurisdiction 'ru'), got "
        "'Anna Smit'",
        "profiles/smith-anna.yaml:9: 'article' must be an article number such as 207.3, got '207a'",
        "profiles/smith-anna.yaml:13: 'code' cannot be 'civil' in jurisdiction 'ru' (did you mean 'criminal'?)",
        "profiles/smith-anna.yaml:22: 'sentence.regime' cannot be 'genral' (did you mean 'general'?)",
        "profiles/smith-anna.yaml:22: 'sentence.regime' only applies to imprisonment",
        "profiles/smith-anna.yaml:25: 'status.state' cannot be 'imprisond' (did you mean 'imprisoned'?)",
        "profiles/smith-anna.yaml:43: warning: the note repeats what the book prints after every address: "
        "'Letters must be written in Russian.' (leave it out of the note)",
        "profiles/smith-anna.yaml:34: no letter service 'e-mail' in jurisdiction 'ru' (known: f-pismo, fsin-pismo)"]
    assert edited_book(tmp_path / "2", (ANNA, "type: imprisonment", "type: zzz"),
                       (ANNA, "state: imprisoned", "state: zzz"),
                       (ANNA, '  - article: "280"', '  - article: "280"\n    code: zzz')) == [
        "profiles/smith-anna.yaml:13: 'code' cannot be 'zzz' in jurisdiction 'ru' (one of: criminal, administrative)",
        f"profiles/smith-anna.yaml:20: 'sentence.type' cannot be 'zzz' (one of: {', '.join(RUSSIA.sentences)})",
        "profiles/smith-anna.yaml:22: 'sentence.regime' only applies to imprisonment",
        f"profiles/smith-anna.yaml:25: 'status.state' cannot be 'zzz' (one of: {', '.join(RUSSIA.states)})"]
    assert "imprisonment" in RUSSIA.sentences and "imprisoned" in RUSSIA.states
    assert edited_book(tmp_path / "3", (ANNA, "      300000, г. Тула, ул. Примерная, д. 1,\n      ФКУ ИК-1 УФСИН России "
                                              "по Тульской области,\n      Смит Анне, 1990 г. р.",
                                        "      300000, Tula, 1 Primernaya st.")) == [
        "profiles/smith-anna.yaml:33: the address must be written in Cyrillic letters, as the post of Russia reads it"]


@pytest.mark.parametrize("edits, expected", [
    ([("detained: 2022-04-26", "detained: 2023-04")],
     ["profiles/smith-anna.yaml:17: 'dates.sentenced' (2023-03) is before 'dates.detained' (2023-04)"]),
    ([("sentenced: 2023-03", "sentenced: 2023-03\n  released: 2022-04-25")],
     ["profiles/smith-anna.yaml:18: 'dates.released' (2022-04-25) is before 'dates.detained' (2022-04-26)"]),
    ([("born: 1990", "born: 2022-05")],
     ["profiles/smith-anna.yaml:16: 'dates.detained' (2022-04-26) is before 'born' (2022-05)"]),
    ([("as_of: 2024-01-15", "as_of: 2025-05-02")],
     ["profiles/smith-anna.yaml:26: 'status.as_of' (2025-05-02) is after the edition's date (2025-05-01 in book.yaml)"]),
    ([("born: 1990", "born: 2026")],
     ["profiles/smith-anna.yaml:16: 'dates.detained' (2022-04-26) is before 'born' (2026)",
      "profiles/smith-anna.yaml:4: 'born' (2026) is after the edition's date (2025-05-01 in book.yaml)"]),
    # Known to the month or the year: the whole month or year.
    ([("detained: 2022-04-26", "detained: 2022-12-31"), ("sentenced: 2023-03", "sentenced: 2022-12")], []),
    ([("detained: 2022-04-26", "detained: 2022-12-01"), ("sentenced: 2023-03", "sentenced: 2022-11")],
     ["profiles/smith-anna.yaml:17: 'dates.sentenced' (2022-11) is before 'dates.detained' (2022-12-01)"]),
    ([("born: 1990", "born: 2022"), ("as_of: 2024-01-15", "as_of: 2025-05")], []),
])
def test_dates_that_cannot_be_true(tmp_path, edits, expected):
    assert edited_book(tmp_path, *[(ANNA, old, new) for old, new in edits]) == expected


def test_every_profile_needs_a_legal_system(tmp_path):
    assert edited_book(tmp_path, ("book.yaml", "jurisdiction: ru\n", "")) == [
        f"profiles/{name}.yaml:1: no jurisdiction for this profile (say which country's legal system applies: "
        "'jurisdiction: ru' in book.yaml (for every profile) or in the profile)" for name in ("petrov-ivan", "smith-anna")]
    assert edited_book(tmp_path / "2", ("profiles/petrov-ivan.yaml", "case: first-case",
                                        "case: first-case\njurisdiction: by")) == []


def test_check_dates_on_its_own():
    from bookbuild.model import Profile, Text
    profile = Profile(id="x", name=Text("X", SourceLocation("p.yaml", 2)), name_original=None, case="c",
                      location=SourceLocation("p.yaml", 1), born=PartialDate(2000, 12),
                      detained=PartialDate(2000, 12, 31))
    diagnostics = Diagnostics()
    check_dates(profile, datetime.date(2001, 1, 1), diagnostics)
    assert diagnostics.items == []
    check_dates(profile, datetime.date(2000, 12, 30), diagnostics)
    assert shown(diagnostics) == ["p.yaml:1: 'dates.detained' (2000-12-31) is after the edition's date (2000-12-30 "
                                  "in book.yaml)"]


def test_an_appeal_names_each_recipient_with_every_way_to_reach_it(tmp_path):
    read, messages = profile(tmp_path, """\
id: doe-jane
name: Jane Doe
case: first-case
summary: A made-up person.
help:
  - action: appeal
    to:
      - name: The Prosecutor's Office
        address: |
            ul. Primernaya, 2

            300000 Tula
        fax: "+7 (4872) 00-00-00"
        email: office@example.org
      - name: The Court
    demand: Release Jane Doe.
""")
    assert not [m for m in messages if "warning" not in m], messages
    office, court = read.help[0].recipients
    assert (office.name.value, office.address, office.fax, office.email) == (
        "The Prosecutor's Office", "ul. Primernaya, 2\n300000 Tula", "+7 (4872) 00-00-00", "office@example.org")
    assert (court.name.value, court.address, court.fax, court.email) == ("The Court", None, None, None)
