"""Typed reading of one YAML mapping, reporting every problem with its line.

`Fields` wraps a mapping from `yamlfile`: each accessor returns a checked value or
None, and records an error (never raises) when the value is missing or has the
wrong type. Unknown keys get a "did you mean" hint.
"""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any, Iterable

from ..errors import Diagnostics, SourceLocation
from ..model import PartialDate, SourceRef, Text
from .yamlfile import LocatedDict, LocatedList

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt key or value."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def describe(value: Any) -> str:
    """A value as the user wrote it, for messages."""
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a mapping"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


class Fields:
    """The keys of one mapping, read with type checks."""

    def __init__(self, data: Any, location: SourceLocation, diagnostics: Diagnostics,
                 allowed: Iterable[str] | None, name: str = ""):
        self.location = getattr(data, "location", location)
        self.diagnostics = diagnostics
        self.prefix = f"{name}." if name else ""
        if not isinstance(data, dict):
            diagnostics.error(self.location, f"'{name or 'this file'}' must be a mapping of keys to values, got {describe(data)}")
            data = LocatedDict()
            data.location, data.key_locations = self.location, {}
        self.data = data
        if allowed is None:  # keys are names the caller checks itself
            return
        allowed = list(allowed)
        for key in data:
            if key not in allowed:
                diagnostics.error(self.loc(key), f"unknown key '{self.prefix}{key}'", suggest(key, allowed))

    def loc(self, key: str) -> SourceLocation:
        return self.data.loc(key) if isinstance(self.data, LocatedDict) else self.location

    def has(self, key: str) -> bool:
        return key in self.data

    def _fail(self, key: str, wanted: str, value: Any) -> None:
        self.diagnostics.error(self.loc(key), f"'{self.prefix}{key}' must be {wanted}, got {describe(value)}")

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                where = self.location
                self.diagnostics.error(where, f"missing required key '{self.prefix}{key}'")
            return None
        return value

    def string(self, key: str, required: bool = False) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, (dict, list, bool)):
            self._fail(key, "text", value)
            return None
        return str(value).strip()

    def text(self, key: str, required: bool = False, context: str | None = None,
             comment: str | None = None) -> Text | None:
        """A translatable string."""
        value = self.string(key, required)
        if value is None:
            return None
        return Text(" ".join(value.split()), self.loc(key), context, comment)

    def slug(self, key: str, required: bool = False) -> str | None:
        value = self.string(key, required)
        if value is not None and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
            self._fail(key, "lowercase letters, digits and hyphens", value)
            return None
        return value

    def integer(self, key: str, required: bool = False, minimum: int = 0) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self._fail(key, f"a whole number of at least {minimum}", value)
            return None
        return value

    def number(self, key: str, required: bool = False) -> float | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            self._fail(key, "a positive number", value)
            return None
        return value

    def choice(self, key: str, options: Iterable[str], required: bool = False) -> str | None:
        options = list(options)
        value = self.string(key, required)
        if value is not None and value not in options:
            hint = suggest(value, options) or "one of: " + ", ".join(options)
            self.diagnostics.error(self.loc(key), f"'{self.prefix}{key}' cannot be {describe(value)}", hint)
            return None
        return value

    def date(self, key: str, required: bool = False, year_only: bool = True) -> PartialDate | None:
        """A date written 2023-03-17, 2023-03 or 2023."""
        value = self._get(key, required)
        if value is None:
            return None
        result = parse_partial_date(value)
        if result is None:
            self._fail(key, "a date such as 2023-03-17, 2023-03 or 2023", value)
        return result

    def strings(self, key: str) -> list[tuple[str, SourceLocation]]:
        """A list of strings, each with its line."""
        value = self._get(key, False)
        if value is None:
            return []
        if not isinstance(value, list):
            self._fail(key, "a list", value)
            return []
        found = []
        for index, item in enumerate(value):
            where = value.loc(index) if isinstance(value, LocatedList) else self.loc(key)
            if isinstance(item, (dict, list)) or item is None or str(item).strip() == "":
                self.diagnostics.error(where, f"'{self.prefix}{key}' items must be text, got {describe(item)}")
            else:
                found.append((str(item).strip(), where))
        return found

    def source_refs(self, key: str = "sources") -> tuple[SourceRef, ...]:
        """Citations of the book's sources: ids, or mappings `{source: id, at: "p. 16"}`."""
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list):
            self._fail(key, "a list of source ids", value)
            return ()
        refs = []
        for index, item in enumerate(value):
            where = value.loc(index) if isinstance(value, LocatedList) else self.loc(key)
            if isinstance(item, dict):
                cited = Fields(item, where, self.diagnostics, ("source", "at"), f"{self.prefix}{key}[{index + 1}]")
                source_id = cited.string("source", required=True)
                if source_id:
                    refs.append(SourceRef(source_id, where, cited.string("at")))
            elif isinstance(item, (str, int)) and str(item).strip():
                refs.append(SourceRef(str(item).strip(), where))
            else:
                self.diagnostics.error(where, f"'{self.prefix}{key}' items must be source ids, got {describe(item)}")
        return tuple(refs)

    def mapping(self, key: str, allowed: Iterable[str] | None, required: bool = False) -> "Fields | None":
        value = self._get(key, required)
        if value is None:
            return None
        return Fields(value, self.loc(key), self.diagnostics, allowed, self.prefix + key)

    def mappings(self, key: str, allowed: Iterable[str]) -> list["Fields"]:
        value = self._get(key, False)
        if value is None:
            return []
        if not isinstance(value, list):
            self._fail(key, "a list", value)
            return []
        return [Fields(item, value.loc(i) if isinstance(value, LocatedList) else self.loc(key),
                       self.diagnostics, allowed, f"{self.prefix}{key}[{i + 1}]")
                for i, item in enumerate(value)]


def parse_partial_date(value: Any) -> PartialDate | None:
    """2023-03-17 (a YAML date or a string), 2023-03 or 2023; None if not a valid date."""
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        return None
    match = _PARTIAL_DATE.match(str(value).strip())
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if year < 1900 or year > 2100:
        return None
    return PartialDate(year, month, day)
