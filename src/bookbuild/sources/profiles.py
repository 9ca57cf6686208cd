"""profiles/*.yaml -> `Profile`: one prisoner's facts, validated field by field.

The schema is documented for editors in docs/sources.md. Facts (dates, numbers,
articles, the Russian address) stay as data; the strings a translator may need
become `Text`s with a comment explaining what they are.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Diagnostics, SourceError, SourceLocation, relative_path
from ..markdown import parse_blocks
from ..model import (CERTAINTY_BASES, Block, Certainty, Charge, Help, Photo, Profile, Sentence, Status, Text,
                     map_texts)
from ..toc import slugify
from .chapters import read_text
from .fields import Fields
from .yamlfile import parse_yaml

PROFILE_KEYS = ("id", "name", "name_original", "born", "hometown", "case", "summary", "charges", "dates",
                "sentence", "status", "recognition", "biography", "help", "photo", "sources", "certainty")
CHARGE_KEYS = ("article", "part", "clauses", "code", "description")
SENTENCE_KEYS = ("type", "years", "regime", "fine_rub", "court", "note")
SENTENCE_TYPES = ("imprisonment", "forced-labour", "suspended", "fine", "compulsory-treatment", "restricted-freedom")
REGIMES = ("general", "strict", "special", "settlement", "prison", "educational")
STATES = ("pre-trial-detention", "imprisoned", "house-arrest", "restrictions", "compulsory-treatment",
          "released", "abroad", "deceased")
HELP_KEYS = ("address_ru", "address_translit", "online", "note")
PHOTO_KEYS = ("file", "alt", "caption", "credit")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_ARTICLE = re.compile(r"^\d+(\.\d+)*$")


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
                               "Russian names differently.")
    name_original = fields.string("name_original", required=True)
    case = fields.slug("case", required=True)
    if profile_id and profile_id != path.stem:
        fields.diagnostics.error(fields.loc("id"), f"id '{profile_id}' must match the file name '{path.name}'")
    if name_original and not _CYRILLIC.search(name_original):
        fields._fail("name_original", "the name in Cyrillic letters", name_original)
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
        help=_help(fields.mapping("help", HELP_KEYS)),
        photo=_photo(fields.mapping("photo", PHOTO_KEYS), root),
        sources=fields.source_refs(),
        certainty=read_certainty(fields),
    )
    if not (profile_id and name and name_original and case):
        return None
    warn_missing_facts(fields, facts)
    return Profile(id=profile_id, name=name, name_original=name_original, case=case, location=fields.location,
                   **facts)


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
        if basis == "transliterated" and not (fact == "name_original" or fact.startswith("help.")):
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
    if article and not _ARTICLE.match(article):
        item._fail("article", "an article number such as 207.3", article)
    if not article and not item.has("description"):
        item.diagnostics.error(item.location, f"'{item.prefix.rstrip('.')}' needs an 'article' or a 'description'")
    code = item.choice("code", ("criminal", "administrative")) or "criminal"
    code_name = "Criminal Code" if code == "criminal" else "Code of Administrative Offences"
    under = f" under article {article} of the Russian {code_name}" if article else ""
    description = item.text("description", comment=f"Plain description of a charge{under}.")
    return Charge(article, description, item.integer("part", minimum=1),
                  tuple(clause for clause, _ in item.strings("clauses")), code)


def _sentence(item: Fields | None) -> Sentence | None:
    if item is None:
        return None
    kind = item.choice("type", SENTENCE_TYPES, required=True) or "imprisonment"
    regime = item.choice("regime", REGIMES)
    if regime and kind != "imprisonment":
        item.diagnostics.error(item.loc("regime"), "'sentence.regime' only applies to imprisonment")
    return Sentence(kind, item.number("years"), regime, item.integer("fine_rub", minimum=1),
                    item.text("court", comment="The court that passed the sentence."),
                    item.text("note", comment="A note on a prisoner's sentence."))


def _status(item: Fields | None) -> Status | None:
    if item is None:
        return None
    return Status(item.choice("state", STATES, required=True) or "imprisoned",
                  item.text("place", comment="Where a prisoner is held: the institution and its region."),
                  item.date("as_of"), item.loc("as_of") if item.has("as_of") else item.location)


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


def _help(item: Fields | None) -> Help | None:
    if item is None:
        return None
    address = item.string("address_ru")
    if address is not None:
        address = "\n".join(line.strip() for line in address.splitlines() if line.strip())
        if not _CYRILLIC.search(address):
            item._fail("address_ru", "the address in Russian (Cyrillic letters)", address)
    translit = item.string("address_translit")
    if translit is not None:
        translit = "\n".join(line.strip() for line in translit.splitlines() if line.strip())
    return Help(address, translit, item.string("online"),
                item.text("note", comment="Advice for people writing to a prisoner."))


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
