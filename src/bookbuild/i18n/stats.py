"""How complete each language is: messages and words translated, fuzzy and untranslated, per catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from ..errors import Diagnostics
from .catalogs import po_path, read_catalog, words


@dataclass(frozen=True)
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    changed: int = 0  # of the untranslated: messages the .po lacks because the sources changed since its update

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.translated, self.fuzzy, self.untranslated,
                self.translated_words, self.fuzzy_words, self.untranslated_words, self.changed)

    @property
    def messages(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Share of words translated (fuzzy ones do not count)."""
        return 100.0 * self.translated_words / self.total_words if self.total_words else 100.0


def count_catalog(template: Catalog, translated: Catalog | None) -> Counts:
    """Counts of one catalogue against its template (messages missing from the .po are untranslated)."""
    counts = Counts()
    for message in template:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else " ".join(message.id)
        found = translated.get(message.id, message.context) if translated is not None else None
        size = words(msgid)
        if found is None:
            counts += Counts(untranslated=1, untranslated_words=size, changed=1)
        elif not (all(found.string) if isinstance(found.string, tuple) else found.string):
            counts += Counts(untranslated=1, untranslated_words=size)
        elif found.fuzzy:
            counts += Counts(fuzzy=1, fuzzy_words=size)
        else:
            counts += Counts(translated=1, translated_words=size)
    return counts


def language_stats(root: Path, language: str, templates: dict[str, Catalog],
                   diagnostics: Diagnostics) -> dict[str, Counts]:
    """Counts per catalogue name for one language."""
    result = {}
    for name, template in templates.items():
        path = po_path(root, language, name)
        catalog = read_catalog(path, language, diagnostics, root) if path.exists() else None
        result[name] = count_catalog(template, catalog)
    return result
