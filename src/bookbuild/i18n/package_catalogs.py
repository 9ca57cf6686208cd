"""The catalogues that ship in the package: the theme's interface, and each legal system's labels.

Two kinds of gettext domain serve every book:
- `theme`: every word the theme's templates print, and the labels of the builders
  (`bookbuild/theme/translations/<lang>/theme.po`);
- one per shipped jurisdiction (`ru`, `by`): its sentence types, regimes, states, codes
  and letter rules (`bookbuild/jurisdictions/translations/<lang>/<code>.po`).
A book's own `translations/<lang>/interface.po` always comes first: it holds the texts
of book.yaml, of the book's own templates and jurisdiction files, and may also give its
own rendering of any message of the package.

`write_package_catalogues()` re-extracts the templates (.pot) and merges them into every
language with msgmerge, as `make update` does for a book; a new jurisdiction's catalogue
starts from the translations of the others (`msgmerge --compendium`).
"""

from __future__ import annotations

import datetime
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .. import __version__
from ..output import write_bytes
from ..themes import THEME, theme_templates
from . import gettext_tools
from .catalogs import _add_template_strings, catalog_bytes
from .format import language_name

PACKAGE = THEME.parent
# Fixed, so that extracting twice gives the same bytes.
_CREATED = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
THEME_DOMAIN = "theme"


@dataclass(frozen=True)
class Domain:
    name: str
    folder: Path  # holds templates/<name>.pot and <lang>/<name>.po

    def pot(self) -> Path:
        return self.folder / "templates" / f"{self.name}.pot"

    def po(self, language: str) -> Path:
        return self.folder / language / f"{self.name}.po"

    def languages(self) -> list[str]:
        return sorted(p.parent.name for p in self.folder.glob(f"*/{self.name}.po") if p.parent.name != "templates")


def theme_domain() -> Domain:
    return Domain(THEME_DOMAIN, THEME / "translations")


def jurisdiction_domain(code: str) -> Domain:
    from ..jurisdiction import SHIPPED
    return Domain(code, SHIPPED / "translations")


def domains() -> list[Domain]:
    """Every shipped domain; the jurisdictions first, so that a message moving from the theme to a
    jurisdiction finds its translations in the theme's catalogues (msgmerge --compendium)."""
    from ..jurisdiction import SHIPPED
    return [jurisdiction_domain(p.stem) for p in sorted(SHIPPED.glob("*.yaml"))] + [theme_domain()]


def _catalog(name: str, locale: str | None = None) -> Catalog:
    team = language_name(locale, label=True) if locale else None
    catalog = Catalog(locale=locale, project=f"bookbuild {name}", version=__version__,
                      copyright_holder="bookbuild", msgid_bugs_address="", creation_date=_CREATED,
                      revision_date=_CREATED, charset="utf-8", fuzzy=False, last_translator="bookbuild translators",
                      language_team=team)
    catalog.header_comment = (f"# The '{name}' catalogue of bookbuild" + (f" in {team}" if team else "")
                              + ".\n# It is distributed under the same licence as bookbuild.\n#")
    return catalog


def extract_domain(domain: Domain) -> Catalog:
    """The template of a domain: the theme's templates and builder labels, or a jurisdiction's labels."""
    catalog = _catalog(domain.name)
    if domain.name == THEME_DOMAIN:
        _add_template_strings(catalog, PACKAGE, theme_templates())
        _add_python_labels(catalog, sorted((PACKAGE / "builders").glob("*.py")))
    else:
        path = domain.folder.parent / f"{domain.name}.yaml"
        add_jurisdiction_labels(catalog, path, path.relative_to(PACKAGE.parent).as_posix())
    return catalog


def _add_python_labels(catalog: Catalog, paths: list[Path]) -> None:
    for path in paths:
        with path.open("rb") as handle:
            for lineno, message, comments, context in extract("python", handle, keywords={"N_": None}):
                _add(catalog, message, context, (path.relative_to(PACKAGE.parent).as_posix(), lineno), comments)


def add_jurisdiction_labels(catalog: Catalog, path: Path, shown: str) -> None:
    """The labels of one jurisdiction file (`path`, named `shown` in references), each with a
    comment saying what it is."""
    from ..errors import Diagnostics, SourceLocation
    from ..jurisdiction import load

    law = load(path.parent.parent, path.stem, Diagnostics(), SourceLocation(shown))
    if law is None:
        return
    for label, where in law.labels:
        _add(catalog, label.message, label.context, (shown, where.line), [_LABEL_COMMENT])


_LABEL_COMMENT = ("A label of a country's legal system or prison post (a sentence, a penal regime, a "
                  "prisoner's state, a code, a rule for letters); %(t)s is a term such as \"7 years\".")


def _add(catalog: Catalog, message: str, context: str | None, location: tuple, comments: list[str]) -> None:
    existing = catalog.get(message, context)
    if existing is not None:
        existing.locations.append(location)
    else:
        catalog.add(message, locations=[location], auto_comments=comments, context=context)


def write_package_catalogues(languages: tuple[str, ...] = ()) -> list[Path]:
    """Write every domain's .pot and merge it into its languages (starting `languages` that are new)."""
    changed = []
    all_languages = sorted({code for d in domains() for code in d.languages()} | set(languages))
    for domain in domains():
        template = extract_domain(domain)
        if write_bytes(domain.pot(), catalog_bytes(template, domain.pot().name)):
            changed.append(domain.pot())
        for code in all_languages:
            target = domain.po(code)
            if not target.exists():
                catalog = _catalog(domain.name, code)
                catalog.update(template)  # the header comment stays the language's own ("... in <language>")
                write_bytes(target, catalog_bytes(catalog, target.name))
                changed.append(target)
            compendia = [d.po(code) for d in domains() if d.name != domain.name and d.po(code).exists()]
            if write_bytes(target, gettext_tools.merge(target, domain.pot(), compendia)) and target not in changed:
                changed.append(target)
    return changed


@functools.lru_cache(maxsize=None)
def package_translations(language: str, domain_name: str) -> Translations | None:
    """A shipped domain in `language`, or None if it is not translated into it. Fuzzy and empty
    translations are left out."""
    domain = theme_domain() if domain_name == THEME_DOMAIN else jurisdiction_domain(domain_name)
    path = domain.po(language)
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return usable_translations(catalog, language)


def usable_translations(catalog, language: str, messages=None) -> Translations:
    """gettext translations of the translated, non-fuzzy messages of `catalog` (or of `messages`)."""
    usable = Catalog(locale=language)
    for message in (messages if messages is not None else catalog):
        if message.id and message.string and not message.fuzzy:
            usable[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, usable)
    buffer.seek(0)
    return Translations(fp=buffer)


def theme_translations(language: str) -> Translations | None:
    return package_translations(language, THEME_DOMAIN)


def chain(first: NullTranslations | None, then: NullTranslations | None) -> NullTranslations:
    """`first`, falling back to `then` (a copy, so that cached catalogues are never chained together)."""
    import copy

    if first is None:
        return copy.copy(then) if then is not None else NullTranslations()
    head = copy.copy(first)
    head._fallback = None
    if then is not None:
        head.add_fallback(then)
    return head
