"""The release's web edition and the prisoners as data: prisoners.json validates against its
published schema (checked by jsonschema, not by our own reader), the CSV of each language opens
with Python's csv module with one row per prisoner, and every address in the data leads to a
page of the release."""

from __future__ import annotations

import csv
import json

import jsonschema

from web_helpers import broken_links, read_page


def test_prisoners_json_follows_its_published_schema(web_release):
    schema = json.loads((web_release / "prisoners.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads((web_release / "prisoners.json").read_text())
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


def test_every_address_in_the_data_is_a_page_of_the_release(web_release):
    data = json.loads((web_release / "prisoners.json").read_text())
    for prisoner in data["prisoners"]:
        for url in (prisoner["url"], prisoner["case"]["url"]):
            assert (web_release / url).is_file(), url


def test_a_csv_per_language_with_one_row_per_prisoner(web_release):
    for code in ("en", "de", "ar"):
        with (web_release / f"prisoners-{code}.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert sorted(row["id"] for row in rows) == ["petrov-ivan", "smith-anna"], code
        anna = next(row for row in rows if row["id"] == "smith-anna")
        assert anna["address"].splitlines()[0] == "300000, г. Тула, ул. Примерная, д. 1,"
        assert anna["url"] == f"web/{code}/prisoners/smith-anna.html"


def test_the_release_web_edition_links_to_the_release(web_release):
    page = read_page(web_release / "web" / "en" / "index.html")
    assert "../../small-book-ed2-en-print.pdf" in page.links and "../../small-book-ed2-en.epub" in page.links
    assert "../de/index.html" in page.links
    for code in ("en", "de", "ar"):
        for html in (web_release / "web" / code).rglob("*.html"):
            assert not broken_links(html, web_release), html
    assert not broken_links(web_release / "web" / "index.html", web_release)
    download = (web_release / "index.html").read_text()
    assert 'href="web/de/index.html"' in download and 'href="prisoners.json"' in download
    manifest = json.loads((web_release / "manifest.json").read_text())
    assert manifest["web"]["ar"] == "web/ar/index.html" and "prisoners-ar.csv" in manifest["data"]
