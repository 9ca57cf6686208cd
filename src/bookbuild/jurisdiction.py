"""A country's legal system and prison post, as data: `bookbuild/jurisdictions/<code>.yaml`.

A jurisdiction says in which language and script prisoners' names and postal addresses
are written (and whether a Latin-letter copy is printed), how letters reach a prisoner
(the language they must be in, electronic letter services), the codes people are charged
under with the form of their article numbers, the sentence types and penal regimes with
their labels, the currency of fines, and the states a person can be in. Bookbuild ships
the files in `bookbuild/jurisdictions/`; a book adds a country, or changes one, with a file of
the same form in its own `jurisdictions/` folder. The format is documented in
docs/sources.md.

Labels are messages: the shipped ones are in the theme's catalogue, a book's own in the
book's `interface` catalogue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostics, SourceError, SourceLocation, relative_path
from .sources.fields import Fields
from .sources.yamlfile import parse_yaml

SHIPPED = Path(__file__).resolve().parent / "jurisdictions"
FOLDER = "jurisdictions"
KEYS = ("name", "names", "address", "letters", "codes", "latin", "currency", "fine", "sentences", "regimes",
        "states")
# ISO 15924 codes -> the word Unicode character names of that script begin with.
SCRIPTS = {"Cyrl": "CYRILLIC", "Latn": "LATIN", "Arab": "ARABIC", "Grek": "GREEK", "Hebr": "HEBREW",
           "Geor": "GEORGIAN", "Armn": "ARMENIAN", "Deva": "DEVANAGARI", "Thai": "THAI", "Hang": "HANGUL"}


@dataclass(frozen=True)
class Label:
    """A message of the catalogues, with its context if it has one; `domain` is the shipped
    jurisdiction's catalogue it is translated in (None for a book's own jurisdiction file,
    whose labels are in the book's catalogue)."""

    message: str
    context: str | None = None
    domain: str | None = None


@dataclass(frozen=True)
class Code:
    key: str
    name: Label
    reference: Label
    article: re.Pattern
    example: str


@dataclass(frozen=True)
class Service:
    key: str
    name: str
    url: str | None = None


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    location: SourceLocation
    names_language: str
    names_script: str
    address_language: str
    address_script: str
    address_latin: str            # "transliterate", "given" (only when a profile gives it) or "none"
    letters_language: str
    letter_rule: Label
    invitation: Label
    no_address: Label
    pressure: Label
    services: dict[str, Service]
    codes: dict[str, Code]
    latin: dict[str, str]
    currency: str
    fine: Label
    sentences: dict[str, dict[str, Label]]
    regimes: dict[str, Label]
    states: dict[str, Label]
    labels: tuple[tuple[Label, SourceLocation], ...] = field(default=(), compare=False)

    def in_script(self, text: str, script: str | None = None) -> bool:
        """Whether `text` has letters of the jurisdiction's name script (or of `script`)."""
        prefix = SCRIPTS.get(script or self.names_script, "")
        return any(unicodedata.name(ch, "").startswith(prefix) for ch in text if ch.isalpha())

    def transliterate(self, text: str) -> str:
        """`text` in Latin letters, by the jurisdiction's table (capitals kept)."""
        out = []
        for ch in text:
            latin = self.latin.get(ch.lower())
            if latin is None:
                out.append(ch)
            else:
                out.append(latin.capitalize() if ch.isupper() else latin)
        return "".join(out)



def find(root: Path, code: str) -> Path | None:
    """The file of a jurisdiction: the book's own, or the one bookbuild ships."""
    for folder in (root / FOLDER, SHIPPED):
        path = folder / f"{code}.yaml"
        if path.is_file():
            return path
    return None


def available(root: Path) -> list[str]:
    codes = {p.stem for folder in (root / FOLDER, SHIPPED) if folder.is_dir() for p in folder.glob("*.yaml")}
    return sorted(codes)


def load(root: Path, code: str, diagnostics: Diagnostics, where: SourceLocation) -> Jurisdiction | None:
    """The jurisdiction `code`, or None with an error at `where` (the place that named it)."""
    path = find(root, code)
    if path is None:
        diagnostics.error(where, f"no jurisdiction '{code}'", "shipped: " + ", ".join(available(root))
                          + f"; or add {FOLDER}/{code}.yaml to the book (see docs/sources.md)")
        return None
    shown = relative_path(path, root) if path.is_relative_to(root) else f"bookbuild/{FOLDER}/{path.name}"
    top = SourceLocation(shown, 1)
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"), top)
    except SourceError as error:
        diagnostics.add(error)
        return None
    before = len(diagnostics.fatal)
    fields = Fields(data, top, diagnostics, KEYS)
    result = _read(code, fields, code if path.parent == SHIPPED else None)
    return result if len(diagnostics.fatal) == before else None


def _read(code: str, fields: Fields, domain: str | None) -> Jurisdiction:
    labels: list[tuple[Label, SourceLocation]] = []

    def label(item: Fields, key: str, context: str | None = None, required: bool = True) -> Label | None:
        value = item.string(key, required=required)
        found = Label(" ".join(value.split()), context, domain) if value else None
        if found:
            labels.append((found, item.loc(key)))
        return found

    names = fields.mapping("names", ("language", "script"), required=True)
    address = fields.mapping("address", ("language", "script", "latin"), required=True)
    letters = fields.mapping("letters", ("language", "rule", "invitation", "services", "no_address", "pressure"),
                             required=True)
    empty = Fields({}, fields.location, fields.diagnostics, ())
    names, address, letters = names or empty, address or empty, letters or empty
    for item in (names, address):
        script = item.string("script", required=True)
        if script and script not in SCRIPTS:
            item._fail("script", "an ISO 15924 script code such as " + ", ".join(SCRIPTS), script)
    return Jurisdiction(
        code=code, name=fields.string("name", required=True) or code, location=fields.location,
        names_language=names.string("language", required=True) or "", names_script=names.string("script") or "Latn",
        address_language=address.string("language", required=True) or "",
        address_script=address.string("script") or "Latn",
        address_latin=address.choice("latin", ("transliterate", "given", "none")) or "given",
        letters_language=letters.string("language", required=True) or "",
        letter_rule=label(letters, "rule"), invitation=label(letters, "invitation"),
        no_address=label(letters, "no_address"),
        pressure=label(letters, "pressure"),
        services=_services(letters), codes=_codes(fields, label), latin=_latin(fields),
        currency=fields.string("currency", required=True) or "", fine=label(fields, "fine"),
        sentences=_sentences(fields, label), regimes=_labels(fields, "regimes", label),
        states=_labels(fields, "states", label), labels=tuple(labels))


def _services(letters: Fields) -> dict[str, Service]:
    given = letters.mapping("services", None)
    found = {}
    for key in (given.data if given else {}):
        item = given.mapping(key, ("name", "url"))
        if item:
            found[key] = Service(key, item.string("name", required=True) or key, item.string("url"))
    return found


def _codes(fields: Fields, label) -> dict[str, Code]:
    given = fields.mapping("codes", None, required=True)
    found = {}
    for key in (given.data if given else {}):
        item = given.mapping(key, ("name", "reference", "article", "example"))
        if item is None:
            continue
        pattern = item.string("article", required=True) or r"\S+"
        try:
            compiled = re.compile(rf"^(?:{pattern})$")
        except re.error as error:
            item.diagnostics.error(item.loc("article"), f"'article' is not a valid pattern: {error}")
            compiled = re.compile(r"^\S+$")
        found[key] = Code(key, label(item, "name"), label(item, "reference", f"{key} code"), compiled,
                          item.string("example") or "")
    return found


def _latin(fields: Fields) -> dict[str, str]:
    given = fields.data.get("latin") or {}
    if not isinstance(given, dict):
        fields._fail("latin", "a mapping of letters to their Latin spelling", given)
        return {}
    return {str(k).lower(): "" if v is None else str(v) for k, v in given.items()}


def _sentences(fields: Fields, label) -> dict[str, dict[str, Label]]:
    given = fields.mapping("sentences", None, required=True)
    found = {}
    for key in (given.data if given else {}):
        item = given.mapping(key, ("label", "term"))
        if item:
            found[key] = {name: value for name, value in (("label", label(item, "label")),
                                                           ("term", label(item, "term", required=False))) if value}
    return found


def _labels(fields: Fields, key: str, label) -> dict[str, Label]:
    given = fields.mapping(key, None, required=True)
    return {name: label(given, name) for name in (given.data if given else {})} if given else {}
