"""The prisoners as data: one record per person and language, for campaigns, researchers and
other sites (`prisoners.json`), the JSON Schema that describes it (`prisoners.schema.json`),
and a CSV per language for spreadsheets (`prisoners-<lang>.csv`).

A record says what the book says, in that edition's language: each fact as data (dates in ISO
form, article numbers, terms in years) and, where the book words it, as the book prints it
(`text`); the address to write to and the rules for letters; every action the campaign asks
for; the sources; and the address of the prisoner's page in the web edition. Facts the
sources leave open are listed under `certainty`, so that nobody copies an unconfirmed
spelling onto an envelope. Unknown facts are left out, as in the profiles.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

from .model import Action, Charge, Profile, Sentence, Status
from .render import Edition, Renderer
from .site import chapter_path, prisoner_path

DATA_FILE, SCHEMA_FILE = "prisoners.json", "prisoners.schema.json"
_TAG = re.compile(r"<[^>]+>")


def schema_path() -> Path:
    """The published JSON Schema of prisoners.json, which ships with bookbuild."""
    return Path(__file__).resolve().parent / "data" / SCHEMA_FILE


def csv_file(language: str) -> str:
    return f"prisoners-{language}.csv"


def web_address(config, language: str, path: str) -> str:
    """A page of the web edition: its full address if book.yaml gives `web.url`, or else its
    path in the release folder."""
    return f"{config.web_url or 'web/'}{language}/{path}"


class _Facts:
    """The book's wording of facts, from the theme's macros, as plain text."""

    def __init__(self, renderer: Renderer):
        self.renderer = renderer
        self.macros = renderer.env.get_template("macros/facts.html.j2").module
        self.plain = renderer.env.filters["plain"]

    def text(self, markup: Any) -> str:
        return " ".join(html.unescape(_TAG.sub("", str(markup))).split())

    def charge(self, charge: Charge, profile: Profile) -> str:
        return self.text(self.macros.charge_text(charge, profile))

    def sentence(self, sentence: Sentence, profile: Profile) -> str:
        return self.text(self.macros.sentence_text(sentence, self.renderer.law(profile)))

    def status(self, status: Status, profile: Profile) -> str:
        return self.text(self.macros.status_text(status, self.renderer.law(profile)))


def records(edition: Edition, renderer: Renderer | None = None) -> list[dict]:
    """One record per prisoner of `edition`, in the book's order."""
    renderer = renderer or Renderer(edition.book.config.root, edition)
    facts = _Facts(renderer)
    cases = {profile.id: entry.chapter for entry in edition.book.entries() for profile in entry.profiles}
    return [record(profile, cases[profile.id], edition, renderer, facts) for profile in edition.book.profiles()]


def record(profile: Profile, case, edition: Edition, renderer: Renderer, facts: _Facts) -> dict:
    config, plain, code = edition.book.config, facts.plain, edition.language
    law = renderer.law(profile)
    found: dict[str, Any] = {
        "id": profile.id, "language": code, "name": facts.text(renderer.display_name(profile)),
        "name_original": profile.name_original, "jurisdiction": law.code,
        "born": _date(profile.born), "hometown": _plain(plain, profile.hometown),
        "summary": _plain(plain, profile.summary),
        "case": {"id": case.id, "title": plain(case.title), "url": web_address(config, code, chapter_path(case.id))},
        "charges": [_drop_empty({"code": c.code, "article": c.article, "part": c.part, "clauses": list(c.clauses),
                                 "description": _plain(plain, c.description), "text": facts.charge(c, profile)})
                    for c in profile.charges],
        "dates": _drop_empty({"detained": _date(profile.detained), "sentenced": _date(profile.sentenced),
                              "released": _date(profile.released)}),
        "sentence": _sentence(profile, law, plain, facts),
        "status": _status(profile, plain, facts),
        "recognition": [plain(text) for text in profile.recognition],
        "letters": _letters(profile, law, renderer, plain),
        "actions": [_action(action, law, plain) for action in profile.help],
        "sources": [_source(config.source(ref.id), ref.at) for ref in profile.sources if config.source(ref.id)],
        "certainty": [{"fact": c.fact, "basis": c.basis} for c in profile.certainty if c.basis != "attested"],
        "url": web_address(config, code, prisoner_path(profile.id)),
    }
    return _drop_empty(found)


def _sentence(profile: Profile, law, plain, facts: _Facts) -> dict | None:
    s = profile.sentence
    if s is None:
        return None
    return _drop_empty({"type": s.type, "years": s.years, "regime": s.regime, "fine": s.fine,
                        "currency": law.currency if s.fine else None, "court": _plain(plain, s.court),
                        "note": _plain(plain, s.note), "text": facts.sentence(s, profile)})


def _status(profile: Profile, plain, facts: _Facts) -> dict | None:
    s = profile.status
    if s is None:
        return None
    return _drop_empty({"state": s.state, "place": _plain(plain, s.place), "as_of": _date(s.as_of),
                        "text": facts.status(s, profile)})


def _letters(profile: Profile, law, renderer: Renderer, plain) -> dict | None:
    """Where and how to write: the postal address as the prison post reads it, its Latin-letter
    copy, the language letters must be in, and the electronic letter services."""
    letters = profile.letters
    if letters is None:
        return None
    latin = letters.address_latin or (law.transliterate(letters.address)
                                      if letters.address and law.address_latin == "transliterate" else None)
    return _drop_empty({"address": letters.address, "address_language": law.address_language if letters.address
                        else None, "address_latin": latin, "language": law.letters_language,
                        "rule": plain(renderer.say(law.letter_rule)),
                        "services": [_service(law, key) for key in letters.services],
                        "note": _plain(plain, letters.note)})


def _action(action: Action, law, plain) -> dict:
    return _drop_empty({
        "kind": action.kind, "title": action.title, "url": action.url, "note": _plain(plain, action.note),
        "address": action.address, "address_latin": action.address_latin,
        "services": [_service(law, key) for key in action.services],
        "recipients": [_drop_empty({"name": plain(r.name), "address": r.address, "fax": r.fax, "email": r.email})
                       for r in action.recipients],
        "demand": _plain(plain, action.demand)})


def _service(law, key: str) -> dict:
    service = law.services.get(key)
    return _drop_empty({"id": key, "name": service.name if service else key, "url": service.url if service else None})


def _source(source, at: str | None) -> dict:
    return _drop_empty({"id": source.id, "title": source.title, "kind": source.kind, "publisher": source.publisher,
                        "date": _date(source.date), "url": source.url, "at": at})


def _date(value) -> str | None:
    return value.iso() if value is not None else None


def _plain(plain, text) -> str | None:
    return plain(text) if text is not None else None


def _drop_empty(values: dict) -> dict | None:
    """The values that are known: None, empty lists and empty mappings are left out."""
    kept = {key: value for key, value in values.items() if value not in (None, [], {}, "")}
    return kept or None


def data_document(editions: list[Edition]) -> dict:
    """prisoners.json: the book, then every prisoner's record in every released language."""
    config = editions[0].book.config
    return {"schema": SCHEMA_FILE, "title": str(config.title), "edition": config.edition,
            "date": config.date.isoformat(), "languages": [edition.language for edition in editions],
            "prisoners": [item for edition in editions for item in records(edition)]}


def data_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


CSV_COLUMNS = ("id", "name", "name_original", "born", "hometown", "case", "charges", "detained", "sentenced",
               "released", "sentence", "status", "status_as_of", "address", "address_latin", "letters",
               "actions", "url")


def csv_text(items: list[dict]) -> str:
    """One row per prisoner, each fact as the book words it; lists joined with " | "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        letters, dates = item.get("letters", {}), item.get("dates", {})
        services = ", ".join(s["name"] for s in letters.get("services", []))
        row = {"id": item["id"], "name": item["name"], "name_original": item.get("name_original", ""),
               "born": item.get("born", ""), "hometown": item.get("hometown", ""), "case": item["case"]["title"],
               "charges": " | ".join(c.get("text", "") for c in item.get("charges", [])),
               "detained": dates.get("detained", ""), "sentenced": dates.get("sentenced", ""),
               "released": dates.get("released", ""), "sentence": item.get("sentence", {}).get("text", ""),
               "status": item.get("status", {}).get("text", ""),
               "status_as_of": item.get("status", {}).get("as_of", ""),
               "address": letters.get("address", ""), "address_latin": letters.get("address_latin", ""),
               "letters": " ".join(filter(None, [letters.get("rule", ""), services])),
               "actions": " | ".join(" ".join(filter(None, [a["kind"], a.get("url", "")])) for a in item.get("actions", [])),
               "url": item["url"]}
        writer.writerow([row[column] for column in CSV_COLUMNS])
    return buffer.getvalue()
