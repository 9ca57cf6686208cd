"""The release's web edition and the prisoners as data: prisoners.json validates against its
published schema (checked by jsonschema, not by our own reader), the CSV of each language opens
with Python's csv module with one row per prisoner, and every address in the data leads to a
page of the release."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import built_once, run_cli
from test_web import web_book  # noqa: F401 (a fixture)
from web_helpers import broken_links, read_page


@pytest.fixture(scope="module")
def release(tmp_path_factory, web_book) -> Path:
    """The release of the book `test_web` builds, made from its outputs."""
    def make(folder):
        result = run_cli("-C", web_book, "dist", "--dist", folder)
        assert result.code == 0, result.err
    return built_once(tmp_path_factory, "web-release", make) / "small-book-2"


def test_prisoners_json_follows_its_published_schema(release):
    schema = json.loads((release / "prisoners.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads((release / "prisoners.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert not [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]
    assert sorted(data["languages"]) == ["ar", "de", "en"]
    assert len(data["prisoners"]) == 2 * 3, "one record per person per language"
    anna = next(p for p in data["prisoners"] if p["id"] == "smith-anna" and p["language"] == "de")
    assert anna["summary"] == "Eine Lehrerin, verurteilt für einen Beitrag."
    assert anna["status"]["as_of"] == "2024-01-15" and anna["dates"]["detained"] == "2022-04-26"
    assert anna["letters"]["address"].startswith("300000, г. Тула") and anna["letters"]["language"] == "ru"
    assert {"fact": "name_original", "basis": "transliterated"} in anna["certainty"]
    assert anna["url"] == "web/de/prisoners/smith-anna.html"


def test_every_address_in_the_data_is_a_page_of_the_release(release):
    data = json.loads((release / "prisoners.json").read_text())
    for prisoner in data["prisoners"]:
        for url in (prisoner["url"], prisoner["case"]["url"]):
            assert (release / url).is_file(), url


def test_a_csv_per_language_with_one_row_per_prisoner(release):
    for code in ("en", "de", "ar"):
        with (release / f"prisoners-{code}.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert sorted(row["id"] for row in rows) == ["petrov-ivan", "smith-anna"], code
        anna = next(row for row in rows if row["id"] == "smith-anna")
        assert anna["address"].splitlines()[0] == "300000, г. Тула, ул. Примерная, д. 1,"
        assert anna["url"] == f"web/{code}/prisoners/smith-anna.html"


def test_the_release_web_edition_links_to_the_release(release):
    page = read_page(release / "web" / "en" / "index.html")
    assert "../../small-book-ed2-en-print.pdf" in page.links and "../../small-book-ed2-en.epub" in page.links
    assert "../de/index.html" in page.links
    for code in ("en", "de", "ar"):
        for html in (release / "web" / code).rglob("*.html"):
            assert not broken_links(html, release), html
    assert not broken_links(release / "web" / "index.html", release)
    download = (release / "index.html").read_text()
    assert 'href="web/de/index.html"' in download and 'href="prisoners.json"' in download
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["web"]["ar"] == "web/ar/index.html" and "prisoners-ar.csv" in manifest["data"]
