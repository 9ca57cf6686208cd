"""The interface catalogues of the default theme, which ship in the package.

Every word the theme's templates print (and the labels of the shipped legal systems) is a
message of `bookbuild/theme/translations/templates/theme.pot`; its translations,
`bookbuild/theme/translations/<lang>/theme.po`, serve every book. A book's own
`translations/<lang>/interface.po` comes first: it holds the texts of book.yaml and of
the book's own templates, and may also give its own rendering of a theme message.
"""

from __future__ import annotations

import datetime
import functools
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .. import __version__
from ..output import write_bytes
from ..themes import THEME, theme_languages, theme_po, theme_pot, theme_templates
from . import gettext_tools
from .catalogs import _add_template_strings, catalog_bytes
from .format import language_name

# Fixed, so that extracting twice gives the same bytes.
_CREATED = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def extract_theme() -> Catalog:
    """The theme's template: every message of its templates, and the labels builders give their
    outputs (marked with N_ in bookbuild/builders/)."""
    catalog = _theme_catalog()
    _add_template_strings(catalog, THEME.parent, theme_templates())
    for path in sorted((THEME.parent / "builders").glob("*.py")):
        with path.open("rb") as handle:
            for lineno, message, comments, context in extract("python", handle, keywords={"N_": None}):
                location = (path.relative_to(THEME.parent.parent).as_posix(), lineno)
                existing = catalog.get(message, context)
                if existing is not None:
                    existing.locations.append(location)
                else:
                    catalog.add(message, locations=[location], auto_comments=comments, context=context)
    return catalog


def _theme_catalog(locale: str | None = None) -> Catalog:
    team = language_name(locale, "en", label=True) if locale else None
    return Catalog(locale=locale, project="bookbuild theme", version=__version__, copyright_holder="bookbuild",
                   msgid_bugs_address="", creation_date=_CREATED, revision_date=_CREATED, charset="utf-8",
                   fuzzy=False, last_translator="bookbuild translators", language_team=team)


def write_theme_catalogues(languages: tuple[str, ...] = ()) -> list[Path]:
    """Write theme.pot and merge it into the theme's languages (and start `languages` that are new)."""
    changed = []
    if write_bytes(theme_pot(), catalog_bytes(extract_theme(), "theme.pot")):
        changed.append(theme_pot())
    for code in sorted(set(theme_languages()) | set(languages)):
        target = theme_po(code)
        if not target.exists():
            catalog = _theme_catalog(code)
            catalog.update(extract_theme(), update_header_comment=True)
            write_bytes(target, catalog_bytes(catalog, target.name))
            changed.append(target)
        if write_bytes(target, gettext_tools.merge(target, theme_pot())) and target not in changed:
            changed.append(target)
    return changed


@functools.lru_cache(maxsize=None)
def theme_translations(language: str) -> Translations | None:
    """The theme's interface in `language`, or None if the theme is not translated into it.
    Fuzzy and empty translations are left out."""
    path = theme_po(language)
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    usable = Catalog(locale=language)
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            usable[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, usable)
    buffer.seek(0)
    return Translations(fp=buffer)
