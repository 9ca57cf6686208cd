"""`book.yaml` -> a frozen `BookConfig`, with every problem reported at once.

The configuration says what the book is (title, edition, licence), which languages
to build and how, which fonts to use, and the order of the book: front matter,
parts, chapters and where each profile appears.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import builders
from .builders.base import Target
from .errors import Diagnostics, SourceError, SourceLocation
from .icc import DEFAULT_OUTPUT_INTENT, find_profile, profile_space
from .pages import page_size
from .model import SOURCE_KINDS, Source, Text
from .sources.fields import Fields
from .sources.yamlfile import parse_yaml
from .themes import stylesheet as stylesheet_path

CONFIG_FILE = "book.yaml"
GENERATED_PAGES = ("title-page", "colophon", "contents")
TOP_KEYS = ("title", "subtitle", "author", "publisher", "slug", "licence", "description",
            "edition", "source_language", "languages", "fonts", "front_matter", "contents", "targets",
            "changelog", "release", "sources", "checks", "jurisdiction", "table_of_contents", "web")
TARGET_KEYS = ("stylesheet", "size", "bleed", "marks", "variant", "output_intent", "layout")
PDF_VARIANTS = ("pdf/x-4", "pdf/ua-1", "pdf/a-3b", "pdf/a-2b", "pdf/a-1b")
LANGUAGE_KEYS = ("min_coverage", "direction", "font", "original_names", "locale")


@dataclass(frozen=True)
class LanguageConfig:
    """How one language is published.

    `min_coverage`: the share of the text (in %) that must be translated to publish it;
    `direction`: ltr or rtl; `font`: a family for the language's script, used before the book's
    fonts; `original_names`: print prisoners' names in their original script (true) or as the
    translation spells them (false); by default, in the original script when the language is
    written in that script; `locale`: the CLDR locale that writes its dates and numbers (en_GB
    for "31 August 2022"; default: the language code's own).
    """

    code: str
    min_coverage: float = 0.0
    direction: str = "ltr"
    font: str | None = None
    original_names: bool | None = None
    location: SourceLocation | None = None  # the language's line in book.yaml
    coverage_at: SourceLocation | None = None
    font_at: SourceLocation | None = None
    locale: str | None = None

    @property
    def formatting(self) -> str:
        """The locale of dates and numbers: `locale`, or the language itself."""
        return self.locale or self.code


@dataclass(frozen=True)
class Fonts:
    serif: str
    sans: str
    serif_at: SourceLocation | None = None
    sans_at: SourceLocation | None = None


@dataclass(frozen=True)
class ChangelogEntry:
    """What changed in one edition, for the download page."""

    edition: int
    date: datetime.date
    changes: tuple[Text, ...]


@dataclass(frozen=True)
class ChapterRef:
    """A chapter's place in the book; `profiles` None means "the profiles of this case"."""

    id: str
    location: SourceLocation
    profiles: tuple[tuple[str, SourceLocation], ...] | None = None


@dataclass(frozen=True)
class PartRef:
    id: str
    title: Text
    chapters: tuple[ChapterRef, ...]
    location: SourceLocation


@dataclass(frozen=True)
class BookConfig:
    root: Path
    title: Text
    author: str
    publisher: str
    slug: str
    licence: Text
    edition: int
    date: datetime.date
    source_language: str
    languages: tuple[LanguageConfig, ...]
    fonts: Fonts
    front: tuple[str | ChapterRef, ...]
    contents: tuple[PartRef | ChapterRef, ...]
    subtitle: Text | None = None
    description: Text | None = None
    targets: tuple[Target, ...] = ()
    changelog: tuple[ChangelogEntry, ...] = ()
    release_partial: str = "mark"
    release_since: str | None = None  # a git ref of the previous edition, for the release's changelog
    sources: tuple[Source, ...] = ()
    status_max_age: int | None = None  # months; `make check` warns about statuses older than this
    jurisdiction: str | None = None  # the legal system of the book's profiles (one may name its own)
    # The kinds of entry the printed contents and the EPUB's navigation list.
    contents_kinds: dict = field(default_factory=lambda: dict(DEFAULT_CONTENTS))
    jurisdiction_location: SourceLocation | None = None
    web_url: str | None = None  # where the release's web/ folder is published, ending in "/"

    def source(self, source_id: str) -> Source | None:
        return next((source for source in self.sources if source.id == source_id), None)

    def target(self, name: str) -> Target | None:
        return next((target for target in self.targets if target.name == name), None)

    def language(self, code: str) -> LanguageConfig:
        for language in self.languages:
            if language.code == code:
                return language
        return LanguageConfig(code)

    @property
    def languages_at(self) -> SourceLocation:
        """The line of `languages:` in book.yaml."""
        return self.languages[0].location.at(self.languages[0].location.line - 1) if self.languages and \
            self.languages[0].location and self.languages[0].location.line else SourceLocation(CONFIG_FILE)


def load_config(root: Path, diagnostics: Diagnostics) -> BookConfig | None:
    """Read `book.yaml`; None (with errors recorded) if it cannot be used."""
    path = root / CONFIG_FILE
    where = SourceLocation(CONFIG_FILE, 1)
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"), where)
    except FileNotFoundError:
        diagnostics.error(SourceLocation(CONFIG_FILE), "book.yaml not found: is this the book's folder?")
        return None
    except UnicodeDecodeError:
        diagnostics.error(where, "book.yaml is not UTF-8 text")
        return None
    except SourceError as error:
        diagnostics.add(error)
        return None
    return read_config(root, Fields(data, where, diagnostics, TOP_KEYS), diagnostics)


def read_config(root: Path, fields: Fields, diagnostics: Diagnostics) -> BookConfig | None:
    errors_before = len(diagnostics.fatal)
    edition = fields.mapping("edition", ("number", "date"), required=True)
    fonts = fields.mapping("fonts", ("serif", "sans"), required=True)
    source_language = fields.string("source_language", required=True) or "en"
    config = dict(
        root=root,
        title=fields.text("title", required=True, comment="The book's title."),
        subtitle=fields.text("subtitle", comment="The book's subtitle."),
        description=fields.text("description", comment="A one-paragraph description of the book, for catalogues."),
        author=fields.string("author", required=True),
        publisher=fields.string("publisher", required=True),
        slug=fields.slug("slug", required=True),
        licence=fields.text("licence", required=True, comment="The licence of the book, shown on the colophon."),
        edition=edition.integer("number", required=True, minimum=1) if edition else None,
        date=_edition_date(edition),
        source_language=source_language,
        languages=read_languages(fields, source_language, diagnostics),
        fonts=Fonts(fonts.string("serif", required=True), fonts.string("sans", required=True), fonts.loc("serif"),
                    fonts.loc("sans")) if fonts else None,
        front=read_front(fields),
        contents=read_contents(fields, diagnostics),
        targets=read_targets(fields, root, diagnostics),
        changelog=read_changelog(fields),
        release_partial=_release_partial(fields),
        release_since=_release_since(fields),
        sources=read_sources(fields),
        status_max_age=_status_max_age(fields),
        jurisdiction=fields.slug("jurisdiction"),
        contents_kinds=_contents_kinds(fields),
        jurisdiction_location=fields.loc("jurisdiction"),
        web_url=_web_url(fields),
    )
    if len(diagnostics.fatal) > errors_before:
        return None
    return BookConfig(**config)


def _edition_date(edition: Fields | None) -> datetime.date | None:
    if edition is None:
        return None
    date = edition.date("date", required=True)
    if date is not None and date.day is None:
        edition._fail("date", "a full date such as 2026-11-23", date.iso())
        return None
    return datetime.date(date.year, date.month, date.day) if date else None


def read_languages(fields: Fields, source: str, diagnostics: Diagnostics) -> tuple[LanguageConfig, ...]:
    data = fields.data.get("languages")
    if not isinstance(data, dict) or not data:
        diagnostics.error(fields.loc("languages"), "'languages' must list at least one language, e.g. 'en: {}'")
        return ()
    languages = []
    for code in data:
        item = Fields(data[code] or {}, data.loc(code), diagnostics, LANGUAGE_KEYS, f"languages.{code}")
        coverage = item.data.get("min_coverage", 0.0)
        if isinstance(coverage, bool) or not isinstance(coverage, (int, float)) or not 0 <= coverage <= 100:
            item._fail("min_coverage", "a percentage between 0 and 100", coverage)
            coverage = 0.0
        original = item.data.get("original_names")
        if original is not None and not isinstance(original, bool):
            item._fail("original_names", "true or false", original)
        locale = item.string("locale")
        if locale is not None:
            from babel import localedata

            if not localedata.exists(locale.replace("-", "_")):
                diagnostics.error(item.loc("locale"), f"'{locale}' is not a locale CLDR knows",
                                  "use a language and region such as en_GB or pt_BR")
                locale = None
            elif locale.replace("-", "_").split("_")[0] != code.replace("-", "_").split("_")[0]:
                diagnostics.error(item.loc("locale"), f"the locale '{locale}' is not a locale of the language '{code}'",
                                  f"give a variant of '{code}', such as {code}_GB")
                locale = None
        languages.append(LanguageConfig(code, float(coverage or 0), item.choice("direction", ("ltr", "rtl")) or "ltr",
                                        item.string("font"), original if isinstance(original, bool) else None,
                                        data.loc(code), item.loc("min_coverage"), item.loc("font"), locale))
        _check_language_code(code, data.loc(code), diagnostics)
    if source not in data:
        diagnostics.error(fields.loc("languages"), f"the source language '{source}' is not among the languages")
    return tuple(languages)


def _check_language_code(code: str, where: SourceLocation, diagnostics: Diagnostics) -> None:
    """A language must be one Babel (CLDR) knows: its dates, plural forms and names come from there."""
    from .i18n import locale_for

    try:
        locale_for(code)
    except (ValueError, TypeError):
        diagnostics.error(where, f"'{code}' is not a language code Babel knows",
                          "use an ISO 639 code such as fr, de, ar or pt_BR")


def _chapter_ref(item: Fields, diagnostics: Diagnostics) -> ChapterRef | None:
    chapter_id = item.slug("chapter", required=True)
    if chapter_id is None:
        return None
    profiles = None
    if item.has("profiles"):
        profiles = tuple(item.strings("profiles"))
    return ChapterRef(chapter_id, item.loc("chapter"), profiles)


def read_front(fields: Fields) -> tuple[str | ChapterRef, ...]:
    """Front matter: generated pages by name, or chapter ids."""
    items = []
    for name, where in fields.strings("front_matter"):
        items.append(name if name in GENERATED_PAGES else ChapterRef(name, where))
    return tuple(items)


def read_contents(fields: Fields, diagnostics: Diagnostics) -> tuple[PartRef | ChapterRef, ...]:
    contents = []
    for item in fields.mappings("contents", ("chapter", "profiles", "part", "title", "chapters")):
        if item.has("part"):
            chapters = [_chapter_ref(c, diagnostics) for c in item.mappings("chapters", ("chapter", "profiles"))]
            title = item.text("title", required=True, comment="Title of a part of the book.")
            part_id = item.slug("part", required=True)
            if title and part_id:
                contents.append(PartRef(part_id, title, tuple(c for c in chapters if c), item.loc("part")))
        else:
            ref = _chapter_ref(item, diagnostics)
            if ref:
                contents.append(ref)
    if not contents:
        diagnostics.error(fields.loc("contents"), "'contents' must list the book's chapters")
    return tuple(contents)


def read_targets(fields: Fields, root: Path, diagnostics: Diagnostics) -> tuple[Target, ...]:
    """The page options of every builder that has them: its defaults, with whatever book.yaml changes.
    A PDF/X output's `output_intent` becomes the path of its ICC profile."""
    defaults = builders.targets()
    given = fields.mapping("targets", [target.name for target in defaults])
    targets = []
    for default in defaults:
        item = given.mapping(default.name, TARGET_KEYS) if given is not None else None
        target = default if item is None else _read_target(item, default, root, diagnostics)
        where = item.loc("output_intent") if item is not None and item.has("output_intent") else \
            next(f for f in (item, given, fields) if f is not None).location
        targets.append(_with_output_intent(target, root, where, diagnostics))
    return tuple(targets)


def _read_target(item: Fields, default: Target, root: Path, diagnostics: Diagnostics) -> Target:
    stylesheet = item.string("stylesheet") or default.stylesheet
    if stylesheet_path(root, stylesheet) is None:
        diagnostics.error(item.loc("stylesheet"), f"stylesheet not found: styles/{stylesheet} "
                                                  "(neither in the book nor in the theme)")
    size = item.string("size") or default.size
    if page_size(size) is None:
        item._fail("size", "a page size such as A5, A4, letter, 'A4 landscape' or '148mm 210mm'", size)
        size = default.size
    bleed = item.string("bleed") if item.has("bleed") else default.bleed
    if bleed and not re.fullmatch(r"\d+(\.\d+)?(mm|cm|in|pt|px)", bleed):
        item._fail("bleed", "a length such as 3mm", bleed)
    variant = item.choice("variant", PDF_VARIANTS) if item.has("variant") else default.variant
    return Target(default.name, stylesheet, size, bleed,
                  item.string("marks") if item.has("marks") else default.marks,
                  variant, item.string("output_intent") or default.output_intent,
                  _layout(item, default, variant), default.layouts)


def _with_output_intent(target: Target, root: Path, where: SourceLocation, diagnostics: Diagnostics) -> Target:
    """A PDF/X target with the file of its output intent (the default printing condition if none is
    named); any other target without one."""
    if not target.for_press:
        if target.output_intent and target.output_intent != DEFAULT_OUTPUT_INTENT:
            diagnostics.error(where, f"'targets.{target.name}.output_intent' is only for a PDF/X file: "
                                     f"set 'variant: pdf/x-4' as well")
        return replace(target, output_intent=None)
    name = target.output_intent or DEFAULT_OUTPUT_INTENT
    path = find_profile(name, root)
    if path is None:
        hint = ("it comes with Debian's libgs-common (apt-get install libgs-common; make installs it)"
                if name == DEFAULT_OUTPUT_INTENT else
                "give a path inside the book's folder or under /usr/share/color/icc")
        diagnostics.error(where, f"ICC profile not found for the {target.name} output intent: {name}", hint)
        return target
    space = profile_space(path)
    if space != "CMYK":
        what = f"a profile for {space}" if space else "not an ICC profile"
        diagnostics.error(where, f"the {target.name} output intent must be the CMYK profile of a printing "
                                 f"condition (such as FOGRA39); {name} is {what}")
    return replace(target, output_intent=str(path))


def _layout(item: Fields, default: Target, variant: str | None) -> str | None:
    """`layout`: one of the builder's layouts; two-up pages are placed on the paper after they are
    laid out, so they cannot keep the structure a PDF variant such as pdf/ua-1 requires."""
    if not item.has("layout"):
        return default.layout
    if not default.layouts:
        item._fail("layout", f"left out: the {default.name} output has a single layout", item.data["layout"])
        return default.layout
    layout = item.choice("layout", default.layouts) or default.layout
    if layout == "two-up" and variant:
        item.diagnostics.error(item.loc("layout"), f"'{item.prefix}layout' two-up cannot be combined with "
                                                   f"'variant: {variant}': leave one of them out")
        return default.layout
    return layout


def read_changelog(fields: Fields) -> tuple[ChangelogEntry, ...]:
    """Editions and what changed in each, newest first as written."""
    entries = []
    for item in fields.mappings("changelog", ("edition", "date", "changes")):
        number = item.integer("edition", required=True, minimum=1)
        date = item.date("date", required=True)
        changes = tuple(Text(" ".join(text.split()), where, comment="A change in a new edition of the book.")
                        for text, where in item.strings("changes"))
        if number and date and date.day:
            entries.append(ChangelogEntry(number, datetime.date(date.year, date.month, date.day), changes))
    return tuple(entries)


def _release_partial(fields: Fields) -> str:
    """What the release does with a partly translated language: mark it, or omit it."""
    release = fields.mapping("release", RELEASE_KEYS)
    return (release.choice("partial", ("mark", "omit")) if release else None) or "mark"


def _release_since(fields: Fields) -> str | None:
    """The git commit or tag of the previous edition, to list what changed since."""
    value = fields.data.get("release")
    return str(value["since"]).strip() if isinstance(value, dict) and value.get("since") else None


RELEASE_KEYS = ("partial", "since")


SOURCE_KEYS = ("title", "kind", "language", "publisher", "date", "url", "note")


def read_sources(fields: Fields) -> tuple[Source, ...]:
    """The documents the book's facts come from, by id; profiles and chapters cite them."""
    given = fields.data.get("sources")
    if given is None:
        return ()
    if not isinstance(given, dict):
        fields._fail("sources", "a mapping of source ids to their title, kind and so on", given)
        return ()
    sources = []
    for source_id in given:
        item = Fields(given[source_id], given.loc(source_id), fields.diagnostics, SOURCE_KEYS, f"sources.{source_id}")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", source_id):
            fields.diagnostics.error(given.loc(source_id), f"source id '{source_id}' must be lowercase letters, "
                                                           "digits and hyphens")
            continue
        title = item.string("title", required=True)
        kind = item.choice("kind", SOURCE_KINDS, required=True)
        if title and kind:
            sources.append(Source(source_id, title, kind, given.loc(source_id), item.string("language"),
                                  item.string("publisher"), item.date("date"), item.string("url"),
                                  item.text("note", comment=f"A note on the source document '{title}'.")))
    return tuple(sources)


def _status_max_age(fields: Fields) -> int | None:
    """`checks.status_max_age`: "6 months" or "1 year", as months."""
    checks = fields.mapping("checks", ("status_max_age",))
    value = checks.string("status_max_age") if checks else None
    if value is None:
        return None
    match = re.fullmatch(r"(\d+)\s*(months?|years?)", value)
    if not match or int(match.group(1)) == 0:
        checks._fail("status_max_age", "a length of time such as '6 months' or '1 year'", value)
        return None
    return int(match.group(1)) * (12 if match.group(2).startswith("year") else 1)


DEFAULT_CONTENTS = {"print": ("part", "chapter", "profile"), "epub": ("part", "chapter", "section", "profile")}


def _contents_kinds(fields: Fields) -> dict:
    """`table_of_contents: {print: [...], epub: [...]}`: the kinds of entry each lists."""
    from .toc import TOC_KINDS

    given = fields.mapping("table_of_contents", ("print", "epub"))
    found = dict(DEFAULT_CONTENTS)
    if given is None:
        return found
    for name in ("print", "epub"):
        if given.has(name):
            kinds = [kind for kind, _ in given.strings(name)]
            wrong = [kind for kind in kinds if kind not in TOC_KINDS]
            if wrong or "chapter" not in kinds:
                given._fail(name, "a list of " + ", ".join(TOC_KINDS) + " (with chapter)", ", ".join(kinds))
            else:
                found[name] = tuple(kinds)
    return found


def _web_url(fields: Fields) -> str | None:
    """`web.url`: the address the release's web/ folder is published at, so that shared links and
    the prisoners' data can give full addresses."""
    web = fields.mapping("web", ("url",))
    url = web.string("url") if web else None
    if url is None:
        return None
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
        web._fail("url", "an address such as https://example.org/unheard-voices/", url)
        return None
    return url if url.endswith("/") else url + "/"
