"""Typography per language, as data: quotation marks from CLDR for every language it knows
(data/quotes.json), and the rules of data/typography.yaml (no-break spaces before
punctuation and inside quotes, tied dashes). markdown.py applies them to every text.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
NNBSP, NBSP = "\u202f", "\u00a0"
SPACES = {"narrow": NNBSP, "full": NBSP}
_SPACED_DASH = re.compile(r"\s+[–—]\s+")
_AFTER_WORD = r"(?:(?<=[\w\)\]»%…])|^)"


@dataclass(frozen=True)
class Typography:
    """The typographic rules of one language."""

    language: str
    quotes: tuple[str, str, str, str]
    space_inside_quotes: str | None = None
    space_before: tuple[tuple[str, str], ...] = ()
    dash: str | None = None
    rules: tuple = field(default=(), compare=False)
    group_separator: str | None = None
    first_day: str | None = None

    def apply(self, text: str) -> str:
        """`text` (the words of one text token) set in this language's typography."""
        for pattern, replacement in self.rules:
            text = pattern.sub(replacement, text)
        return text


@functools.lru_cache(maxsize=None)
def _data() -> tuple[dict, dict]:
    quotes = json.loads((DATA / "quotes.json").read_text(encoding="utf-8"))["quotes"]
    rules = yaml.safe_load((DATA / "typography.yaml").read_text(encoding="utf-8")) or {}
    return quotes, rules


@functools.lru_cache(maxsize=None)
def typography(language: str) -> Typography:
    """The typography of `language` ("pt_BR" falls back to "pt"; unknown languages to English quotes)."""
    quotes, rules = _data()
    base = language.replace("-", "_").split("_")[0]
    given = rules.get(language) or rules.get(base) or {}
    marks = tuple(given.get("quotes") or quotes.get(language) or quotes.get(base) or quotes["en"])
    inside = SPACES.get(given.get("space_inside_quotes"))
    before = tuple(sorted((mark, SPACES[kind]) for mark, kind in (given.get("space_before") or {}).items()))
    dash = given.get("dash")
    rules = _compile(marks, inside, before, dash) + _ties(language, given)
    return Typography(language, marks, inside, before, dash, rules, given.get("group_separator"), given.get("first_day"))


def _ties(language: str, given: dict) -> tuple:
    """No-break spaces that keep together what a line must not split."""
    rules = []
    words = given.get("tie_after") or ()
    if words:
        alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        rules.append((re.compile(rf"(?<![\w\u00ad])((?:{alternatives})|[^\W\d_])[ \t]+(?=\S|$)", re.IGNORECASE),
                      "\\1" + NBSP))
    marks = given.get("tie_before_numbers") or ()
    if marks:
        alternatives = "|".join(sorted((re.escape(m) for m in marks), key=len, reverse=True))
        rules.append((re.compile(rf"(?<!\w)({alternatives})[ \t]*(?=\d)"), "\\1" + NBSP))
    if given.get("tie_numbers"):
        rules.append((re.compile(r"(\d)[ \t]+(?=[^\W\d_])"), "\\1" + NBSP))
    if given.get("thousands") == "nbsp":
        rules.append((re.compile(r"(?<![\d.,])(\d{1,3})[ \u202f](?=\d{3}(?!\d))"), "\\1" + NBSP))
    if given.get("tie_day_month"):
        from babel.dates import get_month_names

        months = "|".join(sorted(get_month_names("wide", locale=language).values(), key=len, reverse=True))
        rules.append((re.compile(rf"(?<!\d)(\d{{1,2}}\.)[ \t]+(?=(?:{months})\b)"), "\\1" + NBSP))
    return tuple(rules)


def _compile(marks, inside, before, dash) -> tuple:
    rules = []
    if inside:
        rules += [(re.compile(re.escape(marks[0]) + r"\s*"), marks[0] + inside),
                  (re.compile(r"\s*" + re.escape(marks[1])), inside + marks[1])]
    for mark, space in before:
        tail = r"(?=\s|$)" if mark == ":" else ""
        group = f"({re.escape(mark)})" if not tail else re.escape(mark)
        replacement = space + (r"\1" if not tail else mark)
        rules.append((re.compile(_AFTER_WORD + r"\s*" + group + tail), replacement))
    if dash == "tied-em":
        rules.append((_SPACED_DASH, NBSP + "— "))
    return tuple(rules)
