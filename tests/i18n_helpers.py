"""Test helpers to edit catalogues the way a translator's tool would."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def translate_po(path: Path, translations: dict, fuzzy: set = frozenset()) -> None:
    """Fill msgstrs of `path`: {msgid or (context, msgid): msgstr or [plural forms]}."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        key_id = message.id[0] if isinstance(message.id, tuple) else message.id
        value = translations.get((message.context, key_id), translations.get(key_id))
        if value is not None:
            message.string = tuple(value) if isinstance(value, list) else value
            # A translator who writes a translation clears the fuzzy mark, unless asked not to.
            message.flags.discard("fuzzy")
            if key_id in fuzzy:
                message.flags.add("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79)
    path.write_bytes(buffer.getvalue())


def add_language(book: Path, line: str) -> None:
    """Add a language line (e.g. "  de: {}") under `languages:` in book.yaml."""
    config = book / "book.yaml"
    config.write_text(config.read_text().replace("languages:\n", f"languages:\n{line}\n"))
