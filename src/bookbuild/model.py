"""The book as immutable data: what every stage reads and returns.

Stages never change a model object; they build new ones (`dataclasses.replace`).
Every translatable string is a `Text`, which knows where it came from, so that
extraction, translation and error messages can all point at the source line.
This module does no I/O and imports no engine.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Union

from .errors import SourceLocation


@dataclass(frozen=True)
class Text:
    """A string a translator may translate: inline Markdown in the source language.

    `context` separates identical strings that need different translations;
    `comment` is shown to translators. `state` says where `value` came from:
    "source" (the original text), "translated", "fuzzy" or "untranslated".
    """

    value: str
    location: SourceLocation
    context: str | None = None
    comment: str | None = None
    state: str = "source"
    source: str | None = None

    @property
    def msgid(self) -> str:
        """The source-language text, which is the message id in catalogues."""
        return self.value if self.source is None else self.source

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)


# Values a chapter may print with a placeholder, so that counts are never written by hand:
# "the %(profile_count)s profiles in this book". The build fills them in for each edition.
BOOK_VARIABLES = ("profile_count",)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


# Blocks of a chapter or biography -------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    text: Text
    kind: str = "paragraph"


@dataclass(frozen=True)
class Heading:
    """A heading inside a chapter; `depth` 1 is Markdown `##`, 2 is `###`."""

    depth: int
    text: Text
    anchor: str
    kind: str = "heading"


@dataclass(frozen=True)
class Quote:
    blocks: tuple["Block", ...]
    kind: str = "quote"


@dataclass(frozen=True)
class ListItem:
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    kind: str = "list"


@dataclass(frozen=True)
class Figure:
    src: str
    alt: Text
    caption: Text | None
    location: SourceLocation
    kind: str = "figure"


@dataclass(frozen=True)
class Preformatted:
    code: str
    kind: str = "code"


@dataclass(frozen=True)
class Rule:
    kind: str = "rule"


Block = Union[Paragraph, Heading, Quote, ListBlock, Figure, Preformatted, Rule]


@dataclass(frozen=True)
class Footnote:
    label: str
    blocks: tuple[Block, ...]
    location: SourceLocation


@dataclass(frozen=True)
class Source:
    """A document the book's facts come from, as `book.yaml` lists it under `sources`.

    Only what the document itself makes known is filled in: a missing publisher or
    date stays None rather than being guessed.
    """

    id: str
    title: str
    kind: str
    location: SourceLocation
    language: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    note: Text | None = None


SOURCE_KINDS = ("manuscript", "campaign-page", "book", "article", "website", "court-document", "interview", "other")


@dataclass(frozen=True)
class SourceRef:
    """A citation of one of the book's sources (an id of `book.yaml`'s `sources`), with an
    optional place inside it ("p. 16")."""

    id: str
    location: SourceLocation
    at: str | None = None


@dataclass(frozen=True)
class Chapter:
    id: str
    title: Text
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]
    location: SourceLocation
    sources: tuple[SourceRef, ...] = ()


# Profiles --------------------------------------------------------------------------

@dataclass(frozen=True)
class Charge:
    article: str | None
    description: Text | None = None
    part: int | None = None
    clauses: tuple[str, ...] = ()
    code: str = "criminal"
    location: SourceLocation | None = None


@dataclass(frozen=True)
class Sentence:
    type: str
    years: float | None = None
    regime: str | None = None
    fine: int | None = None  # in the jurisdiction's currency
    court: Text | None = None
    note: Text | None = None
    location: SourceLocation | None = None
    lines: dict = dataclasses.field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Status:
    state: str
    place: Text | None = None
    as_of: PartialDate | None = None
    location: SourceLocation | None = None
    lines: dict = dataclasses.field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Recipient:
    """An authority an appeal goes to: its name, postal address, fax or e-mail."""

    name: Text
    address: str | None = None
    fax: str | None = None
    email: str | None = None


ACTIONS = ("write", "petition", "donate", "appeal", "follow", "solidarity")


@dataclass(frozen=True)
class Action:
    """One thing supporters can do for a prisoner (a profile's `help` is a list of these).

    `write`: a postal `address` in the jurisdiction's language, optionally a Latin-letter copy
    (`address_latin`, in `address_latin_language` when it is a translation rather than a
    transliteration), and electronic letter `services`. `petition`, `donate`, `follow`: a
    `url` and/or a `title`. `appeal`: the `recipients` and the `demand`. `solidarity`: a
    `note` (a week of action, a date). Every kind may have a `note`.
    """

    kind: str
    location: SourceLocation
    url: str | None = None
    title: str | None = None
    note: Text | None = None
    address: str | None = None
    address_latin: str | None = None
    address_latin_language: str | None = None
    services: tuple[str, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    demand: Text | None = None


@dataclass(frozen=True)
class Certainty:
    """How a fact of a profile stands in the sources, when they do not simply state it.

    `fact` is the dotted name of the field ("sentence.regime"); `basis` is one of
    `CERTAINTY_BASES`; `note` says what the sources actually say, for the editor.
    """

    fact: str
    basis: str
    location: SourceLocation
    note: str | None = None


CERTAINTY_BASES = ("attested", "transliterated", "inferred", "implied", "contradictory")


@dataclass(frozen=True)
class Photo:
    file: str
    alt: Text
    caption: Text | None = None
    credit: str | None = None


@dataclass(frozen=True)
class Profile:
    id: str
    name: Text
    name_original: str | None
    case: str
    location: SourceLocation
    born: PartialDate | None = None
    hometown: Text | None = None
    summary: Text | None = None
    charges: tuple[Charge, ...] = ()
    detained: PartialDate | None = None
    sentenced: PartialDate | None = None
    released: PartialDate | None = None
    sentence: Sentence | None = None
    status: Status | None = None
    recognition: tuple[Text, ...] = ()
    biography: tuple[Block, ...] = ()
    help: tuple[Action, ...] = ()
    photo: Photo | None = None
    sources: tuple[SourceRef, ...] = ()
    certainty: tuple[Certainty, ...] = ()
    jurisdiction: str | None = None  # its code; None: the book's
    lines: dict = dataclasses.field(default_factory=dict, compare=False)  # top-level key -> SourceLocation

    def where(self, key: str) -> SourceLocation:
        """The place of one of the profile's keys in its file (for messages)."""
        return self.lines.get(key, self.location)

    @property
    def letters(self) -> Action | None:
        """The first `write` action: where to send a letter."""
        return next((action for action in self.help if action.kind == "write"), None)

    def actions(self, *kinds: str) -> tuple[Action, ...]:
        return tuple(action for action in self.help if not kinds or action.kind in kinds)

    def basis(self, fact: str) -> str:
        """How the sources support `fact`: "attested" unless the profile says otherwise."""
        return next((c.basis for c in self.certainty if c.fact == fact), "attested")


# The book ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ChapterEntry:
    """A chapter in its place in the book, with the profiles printed after its text."""

    chapter: Chapter
    profiles: tuple[Profile, ...] = ()
    kind: ClassVar[str] = "chapter"


@dataclass(frozen=True)
class Part:
    id: str
    title: Text
    entries: tuple[ChapterEntry, ...]
    location: SourceLocation
    kind: ClassVar[str] = "part"


@dataclass(frozen=True)
class Page:
    """A page the build generates: the title page, colophon or contents."""

    name: str
    kind: ClassVar[str] = "page"


FrontItem = Union[Page, ChapterEntry]
BodyItem = Union[Part, ChapterEntry]


@dataclass(frozen=True)
class Book:
    """Everything in one edition: configuration, front matter and body, in reading order.
    `jurisdictions` are the legal systems its profiles are under, by code."""

    config: Any  # config.BookConfig (kept untyped here so the model imports no config)
    front: tuple[FrontItem, ...]
    body: tuple[BodyItem, ...]
    language: str
    jurisdictions: dict = dataclasses.field(default_factory=dict, compare=False)

    def jurisdiction(self, profile: "Profile"):
        """The legal system a profile is under (jurisdiction.Jurisdiction)."""
        return self.jurisdictions[profile.jurisdiction or self.config.jurisdiction]

    def entries(self) -> list[ChapterEntry]:
        """Every chapter of the book, front matter first, in reading order."""
        found = [item for item in self.front if isinstance(item, ChapterEntry)]
        for item in self.body:
            found.extend(item.entries if isinstance(item, Part) else [item])
        return found

    def profiles(self) -> list[Profile]:
        return [profile for entry in self.entries() for profile in entry.profiles]


def map_texts(value: Any, change: Callable[[Text], Text]) -> Any:
    """A copy of `value` with `change` applied to every `Text` inside it, at any depth."""
    if isinstance(value, Text):
        return change(value)
    if isinstance(value, tuple):
        items = tuple(map_texts(item, change) for item in value)
        return value if all(new is old for new, old in zip(items, value)) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            old = getattr(value, field.name)
            new = map_texts(old, change)
            if new is not old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def iter_texts(value: Any):
    """Every `Text` inside `value`, in document order."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from iter_texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from iter_texts(getattr(value, field.name))


def iter_figures(blocks):
    """Every figure among `blocks`, at any depth."""
    for block in blocks:
        if isinstance(block, Figure):
            yield block
        for child in getattr(block, "blocks", ()):
            yield from iter_figures((child,))
        for item in getattr(block, "items", ()):
            yield from iter_figures(item.blocks)
