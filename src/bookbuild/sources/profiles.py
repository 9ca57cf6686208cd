"""profiles/*.yaml -> `Profile`: one prisoner's facts, validated field by field.

The schema is documented for editors in docs/sources.md. Facts (dates, numbers,
articles, postal addresses) stay as data; the strings a translator may need become
`Text`s with a comment explaining what they are. What depends on the country (article
numbers, sentence types, regimes, states, scripts) is checked against the profile's
jurisdiction when the book is assembled (sources/book.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Diagnostics, SourceError, SourceLocation, relative_path
from ..markdown import parse_blocks
from ..model import (ACTIONS, CERTAINTY_BASES, Action, Block, Certainty, Charge, Photo, Profile, Recipient, Sentence,
                     Status, Text, map_texts)
from ..toc import slugify
from .chapters import read_text
from .fields import Fields
from .yamlfile import parse_yaml

PROFILE_KEYS = ("id", "name", "name_original", "born", "hometown", "case", "summary", "charges", "dates",
                "sentence", "status", "recognition", "biography", "help", "photo", "sources", "certainty",
                "jurisdiction")
CHARGE_KEYS = ("article", "part", "clauses", "code", "description")
SENTENCE_KEYS = ("type", "years", "regime", "fine", "court", "note")
ACTION_KEYS = ("action", "url", "title", "note", "address", "address_latin", "address_latin_language", "services",
               "to", "demand")
RECIPIENT_KEYS = ("name", "address", "fax", "email")
PHOTO_KEYS = ("file", "alt", "caption", "credit")


def read_profile(path: Path, root: Path, diagnostics: Diagnostics) -> Profile | None:
    """Read one profile file; None (with errors recorded) if it cannot be used."""
    where = SourceLocation(relative_path(path, root), 1)
    text = read_text(path, where, diagnostics)
    if text is None:
        return None
    try:
        data = parse_yaml(text, where)
    except SourceError as error:
        diagnostics.add(error)
        return None
    return _read_fields(Fields(data, where, diagnostics, PROFILE_KEYS), path, root)


def _read_fields(fields: Fields, path: Path, root: Path) -> Profile | None:
    profile_id = fields.slug("id", required=True)
    name = fields.text("name", required=True, context="person name",
                       comment="A prisoner's name in Latin letters. Change it only if your language spells "
                               "names from other alphabets differently.")
    name_original = fields.string("name_original")
    case = fields.slug("case", required=True)
    if profile_id and profile_id != path.stem:
        fields.diagnostics.error(fields.loc("id"), f"id '{profile_id}' must match the file name '{path.name}'")
    dates = fields.mapping("dates", ("detained", "sentenced", "released"))
    person = name.value if name else path.stem
    facts = dict(
        born=fields.date("born"),
        hometown=fields.text("hometown", comment="Where a prisoner lives or comes from (a place name)."),
        summary=fields.text("summary", comment=f"One- or two-sentence summary of the case of {person}."),
        charges=tuple(_charge(item) for item in fields.mappings("charges", CHARGE_KEYS)),
        detained=dates.date("detained") if dates else None,
        sentenced=dates.date("sentenced") if dates else None,
        released=dates.date("released") if dates else None,
        sentence=_sentence(fields.mapping("sentence", SENTENCE_KEYS)),
        status=_status(fields.mapping("status", ("state", "place", "as_of"))),
        recognition=tuple(Text(org, where, context="organisation",
                               comment="An organisation that recognised a person as a political prisoner.")
                          for org, where in fields.strings("recognition")),
        biography=_biography(fields, person),
        help=read_help(fields),
        photo=_photo(fields.mapping("photo", PHOTO_KEYS), root),
        sources=fields.source_refs(),
        certainty=read_certainty(fields),
        jurisdiction=fields.slug("jurisdiction"),
    )
    if not (profile_id and name and case):
        return None
    warn_missing_facts(fields, facts)
    lines = dict(getattr(fields.data, "key_locations", {}))
    if dates:
        lines.update({f"dates.{key}": dates.loc(key) for key in dates.data})
    return Profile(id=profile_id, name=name, name_original=name_original, case=case, location=fields.location,
                   lines=lines, **facts)


def warn_missing_facts(fields: Fields, facts: dict) -> None:
    """Facts a reader relies on but the schema cannot require (--strict makes these errors)."""
    warn = fields.diagnostics.warning
    if facts["summary"] is None:
        warn(fields.location, "no 'summary': the prisoner's leaflet and the EPUB have no short account of the case")
    status = facts["status"]
    if status is not None and status.as_of is None:
        warn(fields.loc("status"), "'status' has no 'as_of' date: readers cannot tell how old it is")
    photo = facts["photo"]
    if photo is not None and not photo.credit:
        warn(fields.loc("photo"), "the photo has no 'credit'")


_FACT_PATH = re.compile(r"^[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+)?$")


def read_certainty(fields: Fields) -> tuple[Certainty, ...]:
    """`certainty:` maps a fact's dotted name to its basis in the sources, or to
    `{basis: ..., note: ...}`. Every fact not listed is taken to be stated by the sources."""
    given = fields.mapping("certainty", None)  # keys are fact names, checked against the profile below
    if given is None:
        return ()
    found = []
    for fact in given.data:
        where = given.loc(fact)
        value = given.data[fact]
        note = None
        if isinstance(value, dict):
            detail = Fields(value, where, fields.diagnostics, ("basis", "note"), f"certainty.{fact}")
            basis = detail.choice("basis", CERTAINTY_BASES, required=True)
            note = detail.string("note")
        else:
            basis = given.choice(fact, CERTAINTY_BASES, required=True)
        if not _FACT_PATH.match(fact) or not _has_fact(fields.data, fact):
            fields.diagnostics.error(where, f"'certainty' names '{fact}', which this profile does not give",
                                     "use the dotted name of a field of this file, e.g. sentence.regime")
            continue
        if basis == "transliterated" and not (fact == "name_original" or fact.startswith("help")):
            fields.diagnostics.error(where, f"'{fact}' cannot be 'transliterated'; only names and addresses can")
            continue
        if basis:
            found.append(Certainty(fact, basis, where, " ".join(note.split()) if note else None))
    return tuple(found)


def _has_fact(data, path: str) -> bool:
    """Whether the dotted `path` ("sentence.regime", "charges[2]") names a value in `data`."""
    value = data
    for step in path.split("."):
        match = re.fullmatch(r"([a-z_]+)(?:\[(\d+)\])?", step)
        if not isinstance(value, dict) or match.group(1) not in value:
            return False
        value = value[match.group(1)]
        if match.group(2):
            index = int(match.group(2)) - 1
            if not isinstance(value, list) or not 0 <= index < len(value):
                return False
            value = value[index]
    return value is not None


def _charge(item: Fields) -> Charge:
    article = item.string("article") or ""
    if not article and not item.has("description"):
        item.diagnostics.error(item.location, f"'{item.prefix.rstrip('.')}' needs an 'article' or a 'description'")
    code = item.slug("code") or "criminal"
    under = f" under article {article} ({code} code)" if article else ""
    description = item.text("description", comment=f"Plain description of a charge{under}.")
    return Charge(article, description, item.integer("part", minimum=1),
                  tuple(clause for clause, _ in item.strings("clauses")), code,
                  item.loc("article") if item.has("article") else item.location)


def _sentence(item: Fields | None) -> Sentence | None:
    if item is None:
        return None
    return Sentence(item.slug("type", required=True) or "imprisonment", item.number("years"), item.slug("regime"),
                    item.integer("fine", minimum=1),
                    item.text("court", comment="The court that passed the sentence."),
                    item.text("note", comment="A note on a prisoner's sentence."), item.location,
                    dict(getattr(item.data, "key_locations", {})))


def _status(item: Fields | None) -> Status | None:
    if item is None:
        return None
    return Status(item.slug("state", required=True) or "imprisoned",
                  item.text("place", comment="Where a prisoner is held: the institution and its region."),
                  item.date("as_of"), item.loc("as_of") if item.has("as_of") else item.location,
                  dict(getattr(item.data, "key_locations", {})))


def _biography(fields: Fields, person: str) -> tuple[Block, ...]:
    source = fields.string("biography")
    if source is None:
        return ()
    raw = fields.data.get("biography")
    start = fields.loc("biography")
    where = start.at(start.line + 1) if "\n" in str(raw).strip() else start
    blocks, footnotes = parse_blocks(str(raw), where, fields.diagnostics, slugify, allow_headings=False)
    if footnotes:
        fields.diagnostics.error(where, "footnotes are not supported in a biography")
    comment = f"Biography of {person}."
    return map_texts(blocks, lambda text: Text(text.value, text.location, comment=text.comment or comment))


def read_help(fields: Fields) -> tuple[Action, ...]:
    """`help:` a list of actions supporters can take (write, petition, donate, appeal, follow, solidarity)."""
    actions = []
    for item in fields.mappings("help", ACTION_KEYS):
        kind = item.choice("action", ACTIONS, required=True)
        if kind is None:
            continue
        actions.append(Action(kind, item.location, url=item.string("url"), title=item.string("title"),
                              note=item.text("note", comment=_ACTION_NOTES[kind]),
                              address=_lines(item.string("address")), address_latin=_lines(item.string("address_latin")),
                              address_latin_language=item.string("address_latin_language"),
                              services=tuple(name for name, _ in item.strings("services")),
                              recipients=tuple(_recipient(r) for r in item.mappings("to", RECIPIENT_KEYS)),
                              demand=item.text("demand", comment="What an appeal to the authorities asks for.")))
        _check_action(item, actions[-1])
    return tuple(actions)


_ACTION_NOTES = {
    "write": "Advice for people writing to a prisoner.",
    "petition": "About a petition for a prisoner's release.",
    "donate": "About donations for a prisoner or their defence.",
    "appeal": "About an appeal to the authorities on a prisoner's behalf.",
    "follow": "Where to follow news of a prisoner's case.",
    "solidarity": "A solidarity action for a prisoner (a date, a week of action).",
}
_NEEDS = {"write": ("address", "services", "note"), "petition": ("url", "title", "note"), "donate": ("url", "note"),
          "appeal": ("to", "demand"), "follow": ("url", "title", "note"), "solidarity": ("note",)}
_ONLY = {"address": "write", "address_latin": "write", "address_latin_language": "write", "services": "write",
         "to": "appeal", "demand": "appeal"}


def _check_action(item: Fields, action: Action) -> None:
    """Each kind of action needs something a reader can act on, and only its own keys."""
    for key, kind in _ONLY.items():
        if item.has(key) and action.kind != kind:
            item.diagnostics.error(item.loc(key), f"'{key}' belongs to a '{kind}' action, not '{action.kind}'")
    if not any(item.has(key) for key in _NEEDS[action.kind]):
        wanted = " or ".join(f"'{key}'" for key in _NEEDS[action.kind])
        item.diagnostics.error(item.location, f"a '{action.kind}' action needs {wanted}")
    if action.url and not re.match(r"^(https?://|mailto:)", action.url):
        item._fail("url", "an address starting with https:// or http://", action.url)


def _recipient(item: Fields) -> Recipient:
    return Recipient(item.text("name", required=True, comment="An authority an appeal is sent to.")
                     or Text("", item.location), _lines(item.string("address")), item.string("fax"),
                     item.string("email"))


def _lines(value: str | None) -> str | None:
    """A multi-line value (an address) with its lines trimmed and blank ones dropped."""
    if value is None:
        return None
    return "\n".join(line.strip() for line in value.splitlines() if line.strip())


def _photo(item: Fields | None, root: Path) -> Photo | None:
    if item is None:
        return None
    file = item.string("file", required=True)
    alt = item.text("alt", required=True, comment="Alternative text of a photo: what it shows.")
    if file and not (root / file).resolve().is_relative_to((root / "images").resolve()):
        item.diagnostics.error(item.loc("file"), f"image '{file}' is outside the images/ folder",
                               "images must be files under images/")
    elif file and not (root / file).is_file():
        item.diagnostics.error(item.loc("file"), f"image not found: {file}")
    if not (file and alt):
        return None
    return Photo(file, alt, item.text("caption", comment="Caption of a photo."), item.string("credit"))
