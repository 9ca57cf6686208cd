"""A glossary per language: the agreed rendering of names, organisations, courts and legal terms.

`translations/<lang>/glossary.csv` is a plain CSV file (the format Weblate imports as a
glossary, and any spreadsheet opens) with the columns `source`, `target` and optionally
`note`. A translation of a message that contains a source term must contain its target:

    source,target,note
    Kyrgyzstan,Кыргызстан*,"the official name, not Киргизия"
    Telegram channel,Telegram-канал*|канал в Telegram,

In `target`, `*` stands for any word ending (so inflected forms match) and `|` separates
renderings that are all accepted. Matching ignores case.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostics, SourceLocation, relative_path

GLOSSARY = "glossary.csv"


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    location: SourceLocation
    note: str = ""

    def occurs_in(self, text: str) -> bool:
        words = r"\s+".join(re.escape(word) for word in self.source.split())
        return re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None

    def rendered_in(self, text: str) -> bool:
        return any(re.search(_pattern(choice), text, re.IGNORECASE) for choice in self.target.split("|"))


def _pattern(rendering: str) -> str:
    """A rendering as a pattern: words separated by any space, `*` for any word ending."""
    words = [re.escape(word).replace(r"\*", r"\w*") for word in rendering.split()]
    return r"(?<!\w)" + r"\s+".join(words) + ("" if rendering.rstrip().endswith("*") else r"(?!\w)")


def glossary_path(root: Path, language: str) -> Path:
    return root / "translations" / language / GLOSSARY


def read_glossary(root: Path, language: str, diagnostics: Diagnostics) -> list[Term]:
    """The terms of a language's glossary; none if it has no glossary file."""
    path = glossary_path(root, language)
    if not path.is_file():
        return []
    where = SourceLocation(relative_path(path, root), 1)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        diagnostics.error(where, "the glossary is not UTF-8 text", "save it as UTF-8 CSV")
        return []
    rows = csv.DictReader(io.StringIO(text))
    if not rows.fieldnames or not {"source", "target"} <= set(rows.fieldnames):
        diagnostics.error(where, "the glossary's first line must name the columns 'source' and 'target'",
                          "for example: source,target,note")
        return []
    terms = []
    for row in rows:
        line = where.at(rows.line_num)
        source, target = (row.get("source") or "").strip(), (row.get("target") or "").strip()
        if not source or not target:
            diagnostics.error(line, "a glossary entry needs both a source term and its target rendering")
            continue
        terms.append(Term(source, target, line, (row.get("note") or "").strip()))
    return terms


_NOT_WORDS = re.compile(r"\[\^[^\]]*\]|\]\([^)]*\)|%\(\w+\)[sd]")


def words_only(text: str) -> str:
    """A message without what is not prose: note labels `[^x]`, link targets `](...)`, placeholders."""
    return _NOT_WORDS.sub(" ", text)


def check_glossary(terms: list[Term], messages, diagnostics: Diagnostics) -> int:
    """Warn at the .po line of every translation of a message with a glossary term that does not
    use the agreed rendering. `messages` are (msgid, msgstr, location) of translated messages.
    Returns how many were found."""
    found = 0
    for msgid, msgstr, where in messages:
        msgid, msgstr = words_only(msgid), words_only(msgstr)
        for term in terms:
            if term.occurs_in(msgid) and not term.rendered_in(msgstr):
                found += 1
                diagnostics.warning(where, f"'{term.source}' is not rendered as the glossary agrees: "
                                           f"'{term.target}' ({term.location})")
    return found
