"""The Jinja environment and the HTML it produces: one book file for PDF, one XHTML per EPUB document.

Templates own every visible word and all markup; this module gives them the book,
the table of contents, and filters for inline Markdown and locale formatting.
Autoescaping is on everywhere and undefined variables are errors.
"""

from __future__ import annotations

import contextlib
import gettext
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import jinja2
from markupsafe import Markup, escape

from . import i18n
from .errors import SourceError, SourceLocation
from .themes import shown, template_folders
from .markdown import render_inline
from .pages import mm, page_size
from .qr import qr_svg
from .model import PLACEHOLDER, Book, Chapter, Heading, PartialDate, Profile, Text
from .toc import (TocEntry, TocNode, chapter_anchor, chapter_levels, contents_tree, part_anchor, profile_anchor,
                  section_anchor)

_TAG = re.compile(r"<[^>]+>")
@dataclass(frozen=True)
class Edition:
    """What the templates render: one language's book and its table of contents."""

    book: Book
    toc: tuple[TocEntry, ...]
    language: str
    direction: str = "ltr"
    original_names: bool | None = None
    coverage: float = 100.0
    translations: gettext.NullTranslations | None = None
    script_font: bool = False
    book_translations: gettext.NullTranslations | None = None  # the book's own catalogues only

    def label_translations(self, domain: str | None) -> gettext.NullTranslations:
        """For a label of a shipped jurisdiction (`domain`): the book's catalogues, then the
        jurisdiction's own catalogue in this language."""
        from .i18n.package_catalogs import chain, package_translations

        return chain(self.book_translations, package_translations(self.language, domain) if domain else None)

    def shows_original(self, profile: Profile) -> bool:
        """Whether this edition prints a prisoner's name in its original script: when book.yaml says
        so for the language, or by default when the language is written in the name's script."""
        if not profile.name_original:
            return False
        if self.original_names is not None:
            return self.original_names
        return i18n.language_script(self.language) == self.book.jurisdiction(profile).names_script


class Notes:
    """Footnote references of one chapter, in print (inline floats) or EPUB and web (note links) form."""

    def __init__(self, chapter: Chapter, language: str, mode: str, source: str | None = None):
        self.chapter, self.language, self.mode = chapter, language, mode
        self.source = source or language
        self.by_label = {note.label: note for note in chapter.footnotes}
        self.labels = tuple(self.by_label)
        self.used: list[tuple[int, Any]] = []

    def __call__(self, label: str) -> str:
        note = self.by_label[label]
        if self.mode == "print":
            return f'<span class="footnote"{self.attributes(note)}>{self.body(note)}</span>'
        number = len(self.used) + 1
        self.used.append((number, note))
        ident = f"{chapter_anchor(self.chapter.id)}-fn{number}"
        epub_type = ' epub:type="noteref"' if self.mode == "epub" else ""
        return (f'<a class="noteref"{epub_type} role="doc-noteref" id="{ident}-ref" '
                f'href="#{ident}">{number}</a>')

    def texts(self, note: Any) -> list[Text]:
        return [block.text for block in note.blocks if hasattr(block, "text")]

    def is_fallback(self, note: Any) -> bool:
        return self.language != self.source and any(t.state in ("untranslated", "fuzzy") for t in self.texts(note))

    def attributes(self, note: Any) -> str:
        """lang and dir for a note left in the source language."""
        if not self.is_fallback(note):
            return ""
        return f' lang="{self.source}" xml:lang="{self.source}" dir="{i18n.text_direction(self.source)}"'

    def body(self, note: Any) -> str:
        """A footnote's text as inline HTML (paragraphs joined), in the typography of its language."""
        language = self.source if self.is_fallback(note) else self.language
        return " ".join(render_inline(text.value, language) for text in self.texts(note))

    def note_id(self, number: int) -> str:
        return f"{chapter_anchor(self.chapter.id)}-fn{number}"


@dataclass
class Scope:
    """Where a block is rendered: its chapter, heading level and footnote renderer."""

    chapter: Chapter
    level: int
    notes: Notes
    page_marks: dict[str, str] = field(default_factory=dict)
    chapter_anchor: str = field(init=False)
    blocks: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.chapter_anchor = chapter_anchor(self.chapter.id)

    def block_id(self) -> str:
        """The next block's id; print and EPUB number blocks alike, so page breaks map across."""
        self.blocks += 1
        return f"{self.chapter_anchor}-b{self.blocks}"

    def mark(self, element_id: str) -> Markup:
        return page_mark(self.page_marks, element_id)

    def anchor(self, heading: Heading) -> str:
        return section_anchor(self.chapter.id, heading)

    def profile_anchor(self, profile: Profile) -> str:
        return profile_anchor(profile.id)

    def within_profile(self) -> "Scope":
        return self


def page_mark(page_marks: dict[str, str], element_id: str) -> Markup:
    """An EPUB page-break marker, if a print page starts with this element."""
    label = page_marks.get(element_id)
    if label is None:
        return Markup("")
    return Markup(f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{escape(label)}" '
                  f'aria-label="{escape(label)}"></span>')


@dataclass(frozen=True)
class Document:
    """One rendered XHTML file of the EPUB, in reading order."""

    file_name: str
    content: str
    properties: tuple[str, ...] = ()
    linear: bool = True


@dataclass(frozen=True)
class NavPoint:
    """An entry of the EPUB's NCX table of contents."""

    title: str
    href: str
    children: tuple["NavPoint", ...] = ()


class Renderer:
    """Renders one edition with the project's templates."""

    def __init__(self, root: Path, edition: Edition, mode: str = "print", page_marks: dict[str, str] | None = None):
        self.root, self.edition, self.mode = root, edition, mode
        self.page_marks = page_marks or {}
        self.levels = chapter_levels(edition.book)
        config = edition.book.config
        formatting = config.language(edition.language).formatting
        self.env = make_environment(template_folders(root), edition.language, config.source_language,
                                    edition.translations or i18n.null_translations(),
                                    book_variables(edition.book, formatting), names_pattern(edition), formatting)
        contents = edition.book.config.contents_kinds
        self.env.globals.update(book=edition.book, toc=edition.toc,
                                toc_tree=contents_tree(edition.toc, contents["epub" if mode == "epub" else "print"]),
                                lang=edition.language, dir=edition.direction, scope=self.scope,
                                mode=mode,
                                coverage=edition.coverage, partial=edition.coverage < 100.0,
                                coverage_text=i18n.format_percent(edition.coverage / 100, formatting),
                                source_language_name=i18n.language_name(config.source_language, edition.language),
                                language_name=i18n.language_name(edition.language),
                                language_label=i18n.language_name(edition.language, label=True),
                                script_font=edition.script_font)
        self.env.filters.update(display_name=self.display_name, law=self.law,
                                shows_original=edition.shows_original, clause_letters=self.clause_letters)
        self.env.globals["say"] = self.say

    def scope(self, chapter: Chapter) -> Scope:
        notes = Notes(chapter, self.edition.language, self.mode, self.edition.book.config.source_language)
        return Scope(chapter, self.levels.get(chapter.id, 1), notes, self.page_marks)

    def law(self, profile: Profile):
        """The legal system a profile is under (jurisdiction.Jurisdiction)."""
        return self.edition.book.jurisdiction(profile)

    def say(self, label, **variables: Any) -> Markup:
        """A label of the jurisdiction's data, translated, with its %(...)s filled (escaped)."""
        translations = self.edition.label_translations(label.domain)
        text = translations.pgettext(label.context, label.message) if label.context \
            else translations.gettext(label.message)
        return Markup(text) % variables  # as Jinja's own gettext: a trusted message, escaped values

    def display_name(self, profile: Profile) -> Markup:
        if self.edition.shows_original(profile):
            return escape(profile.name_original)
        return self.env.filters["md"](profile.name)

    def clause_letters(self, clauses: tuple[str, ...], profile: Profile) -> str:
        """The clause letters of an article, in the script this edition prints the profile's names in."""
        if self.edition.shows_original(profile):
            return ", ".join(clauses)
        law = self.law(profile)
        return ", ".join(law.latin.get(clause.lower(), clause) for clause in clauses)

    def render(self, template: str, **values: Any) -> str:
        """Render a template, turning template errors into errors at the template's line."""
        try:
            return self.env.get_template(template).render(**values)
        except jinja2.TemplateNotFound as error:
            raise SourceError(f"template not found: templates/{error.name}", _template_location(self.root)) from None
        except jinja2.TemplateSyntaxError as error:
            where = SourceLocation(shown(Path(error.filename or template), self.root), error.lineno)
            raise SourceError(f"template syntax error: {error.message}", where) from None
        except jinja2.UndefinedError as error:
            raise SourceError(f"template error: {error}", _template_location(self.root)) from None
        except (TypeError, KeyError, AttributeError, ValueError, ZeroDivisionError) as error:
            # A mistake in a template (an override of the book's) is reported at its line; the same
            # error raised inside bookbuild's own code is a bug and is not disguised as one.
            if not _raised_in_template():
                raise
            raise SourceError(f"template error: {error}", _template_location(self.root)) from None


def _template_location(root: Path) -> SourceLocation | None:
    """The innermost template line of the exception being handled."""
    tb, found = sys.exc_info()[2], None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = SourceLocation(shown(Path(name), root), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _raised_in_template() -> bool:
    """Whether the exception being handled was raised by a template's own code (its innermost frame)."""
    tb = sys.exc_info()[2]
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_filename.endswith(".j2")


class _SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, shared by every environment
    (one per language and output), so each template is compiled once."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _SharedBytecode()


def display_url(url: str) -> str:
    """A web address as a reader copies it: without the scheme and a trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def book_variables(book: Book, language: str) -> dict[str, str]:
    """The values of the placeholders a chapter may use (model.BOOK_VARIABLES), for one edition."""
    return {"profile_count": i18n.format_number(len(book.profiles()), language)}


_USED: set[str] | None = None


@contextlib.contextmanager
def tracking_templates() -> Iterator[set[str]]:
    """The names of every template rendered inside the block (for incremental builds)."""
    global _USED
    outer, _USED = _USED, set()
    try:
        yield _USED
    finally:
        _USED = outer


class _Loader(jinja2.FileSystemLoader):
    """Templates from the book's folder first, then the theme's; notes each name it loads."""

    def get_source(self, environment, template):
        if _USED is not None:
            _USED.add(template)
        return super().get_source(environment, template)


def names_pattern(edition: "Edition") -> re.Pattern | None:
    """The people's names as this edition prints them (given and family names, and their inflected
    forms), which are never hyphenated."""
    words = set()
    for profile in edition.book.profiles():
        shown = profile.name_original if edition.shows_original(profile) else str(profile.name)
        for word in re.findall(r"\w+", shown):
            if len(word) >= 3 and word[:1].isupper():
                words.add(word[:-1] if len(word) >= 5 else word)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\w*")


def make_environment(folders: list[Path], language: str, source: str, translations: gettext.NullTranslations,
                     variables: dict[str, str] | None = None, names: re.Pattern | None = None,
                     locale: str | None = None) -> jinja2.Environment:
    """A Jinja environment that finds a template in the book's folder first, then in the theme."""
    env = jinja2.Environment(loader=_Loader([str(f) for f in folders]), bytecode_cache=_BYTECODE,
                             autoescape=lambda name: (name or "").endswith((".html.j2", ".xhtml.j2")),
                             undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"],
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.install_gettext_translations(translations, newstyle=True)
    env.filters.update(_filters(language, source, variables or {}, names, locale or language))
    env.filters["part_anchor"] = part_anchor
    env.filters["direction"] = i18n.text_direction
    env.filters["display_url"] = display_url
    env.filters["qr"] = qr_svg
    env.filters["page_width"] = lambda target: mm(page_size(target.size)[0])
    env.filters["page_height"] = lambda target: mm(page_size(target.size)[1])
    return env


# Unicode's directional isolates: WeasyPrint (through Pango) honours them, while it ignores CSS
# unicode-bidi; they keep a run of the other direction in its own order inside a line.
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_NO_ISOLATES = str.maketrans("", "", LRI + RLI + FSI + PDI)


def _filters(language: str, source: str, variables: dict[str, str], names: re.Pattern | None = None,
             locale: str | None = None) -> dict[str, Any]:
    locale = locale or language  # dates, numbers and lists
    fallback_attributes = f'lang="{source}" xml:lang="{source}" dir="{i18n.text_direction(source)}"'
    edition_direction, source_direction = i18n.text_direction(language), i18n.text_direction(source)
    # Only where directions differ do runs need isolating: other editions keep their bytes.
    mixed = edition_direction != source_direction or edition_direction == "rtl"

    def isolate(value, strong: str | None = None) -> Markup:
        """`value` kept in its own direction inside a line of the other (first strong letter, or `strong`)."""
        if not mixed or value is None or str(value) == "":
            return value if isinstance(value, Markup) else escape(value or "")
        opening = {"ltr": LRI, "rtl": RLI}.get(strong, FSI)
        return Markup(opening) + (value if isinstance(value, Markup) else escape(value)) + Markup(PDI)

    def fill(value: str) -> str:
        return PLACEHOLDER.sub(lambda m: variables.get(m.group(1), m.group(0)), value)

    inline: dict[tuple[bool, bool, str], Markup] = {}

    def md(text: Text | str | None, notes: Notes | None = None) -> Markup:
        if text is None:
            return Markup("")
        if notes is not None:  # a text with notes numbers them as it goes: rendered each time
            return render_md(text, notes)
        # Names, titles and summaries recur on many pages (the web edition's lists, the release):
        # each is rendered once per edition.
        key = (isinstance(text, Text), falls_back(text), text.value if isinstance(text, Text) else str(text))
        if key not in inline:
            inline[key] = render_md(text, None)
        return inline[key]

    def falls_back(text: Text | str) -> bool:
        """Whether `text` is printed in the source language, the translation lacking or unsure."""
        return isinstance(text, Text) and text.state in ("untranslated", "fuzzy") and language != source

    def render_md(text: Text | str, notes: Notes | None) -> Markup:
        labels = notes.labels if notes else ()
        if falls_back(text):
            inner = render_inline(fill(text.value), source, notes, labels, names, keep_whole=True)
            if edition_direction != source_direction:
                inner = f"{LRI if source_direction == 'ltr' else RLI}{inner}{PDI}"
            return Markup(f'<span class="fallback" {fallback_attributes}>{inner}</span>')
        value = text.value if isinstance(text, Text) else str(text)
        return Markup(render_inline(fill(value) if isinstance(text, Text) else value, language, notes, labels, names,
                                             keep_whole=True))

    def plain(text: Text | str | None) -> str:
        """The text alone, for attributes, titles and metadata: no markup, and no direction
        isolates (an attribute's text has its own direction)."""
        return html.unescape(_TAG.sub("", str(md(text)))).translate(_NO_ISOLATES)

    def date(value: PartialDate | None) -> str:
        return i18n.format_partial_date(value, locale)

    def join_list(items: Iterable[Markup]) -> Markup:
        items = [escape(item) for item in items]
        marks = [f"\x00{i}\x00" for i in range(len(items))]
        joined = str(escape(i18n.format_items(marks, locale)))
        return Markup(re.sub(r"\x00(\d+)\x00", lambda m: str(items[int(m.group(1))]), joined))

    def block_attrs(text: Text, classes: str = "") -> Markup:
        """Attributes of a block element: its classes, and for a block left in the source
        language, a class for translators' proofs and that language's lang and dir."""
        fallback = isinstance(text, Text) and text.state in ("untranslated", "fuzzy") and language != source
        names = " ".join(filter(None, [classes, f"tr-{text.state}" if fallback else ""]))
        attributes = f' class="{names}"' if names else ""
        return Markup(attributes + (" " + fallback_attributes if fallback else ""))

    def lines(value: str) -> Markup:
        return Markup("<br/>").join(escape(line) for line in value.splitlines())

    def address_parts(value: str) -> Markup:
        """An address written on one line ("Name, Prison No. 4, 3 Road, Town, 123456, Country"), its
        parts (between commas) each kept whole where a line has room for it: the editor's line
        breaks are only where the source was wrapped."""
        parts = re.split(r"(?<=,)\s+", " ".join(value.split()))
        return Markup(" ").join(Markup('<span class="address-part">%s</span>') % part for part in parts)

    def nowrap(value: str) -> Markup:
        """A name or web address never divided over two lines ("example-mail.org")."""
        return Markup('<span class="nowrap">%s</span>') % value

    return {"md": md, "plain": plain, "date": date, "number": lambda n: i18n.format_number(n, locale),
            "split_term": i18n.split_term, "join_list": join_list, "isolate": isolate,
            "lines": lines, "address_parts": address_parts, "nowrap": nowrap, "block_attrs": block_attrs,
            "asset": str}


def epub_href(entry: TocEntry) -> str:
    """Where a TOC entry lives in the EPUB: its document, and the anchor inside it."""
    page = f"{entry.document}.xhtml"
    return page if entry.anchor == entry.document else f"{page}#{entry.anchor}"


class EpubRenderer(Renderer):
    """Renders an edition as the XHTML documents of an EPUB."""

    STYLESHEETS = ("css/fonts.css", "css/book.css", "css/epub.css")

    def __init__(self, root: Path, edition: Edition, page_marks: dict[str, str] | None = None):
        super().__init__(root, edition, mode="epub", page_marks=page_marks)
        self.env.filters["epub_href"] = epub_href
        self.env.globals.update(stylesheets=self.STYLESHEETS, page_marks=self.page_marks,
                                mark=lambda element_id: page_mark(self.page_marks, element_id))

    def documents(self) -> list[Document]:
        """Every XHTML document in spine order; the navigation document takes the contents' place."""
        book = self.edition.book
        docs = [self.page("cover", linear=False)]
        nav_at = None
        for item in book.front:
            if item.kind == "chapter":
                docs.append(self.chapter(item, "front"))
            elif item.name == "contents":
                nav_at = len(docs)
            else:
                docs.append(self.page(item.name))
        for item in book.body:
            if item.kind == "part":
                docs.append(Document(f"{part_anchor(item.id)}.xhtml", self.render("epub/part.xhtml.j2", part=item)))
                docs.extend(self.chapter(entry, "body") for entry in item.entries)
            else:
                docs.append(self.chapter(item, "body"))
        nav = Document("nav.xhtml", self.render("epub/nav.xhtml.j2", body_start=self.body_start(),
                                                page_list=page_list(docs)), ("nav",))
        docs.insert(len(docs) if nav_at is None else nav_at, nav)
        return docs

    def page(self, name: str, linear: bool = True) -> Document:
        return Document(f"{name}.xhtml", self.render(f"epub/{name}.xhtml.j2"), linear=linear)

    def chapter(self, entry: Any, matter: str) -> Document:
        return Document(f"{chapter_anchor(entry.chapter.id)}.xhtml",
                        self.render("epub/chapter.xhtml.j2", entry=entry, matter=matter))

    def body_start(self) -> str:
        first = self.edition.book.body[0]
        return f"{part_anchor(first.id) if first.kind == 'part' else chapter_anchor(first.chapter.id)}.xhtml"

    def nav_points(self) -> tuple[NavPoint, ...]:
        """The table of contents for the NCX, with plain-text titles."""
        plain = self.env.filters["plain"]

        def convert(nodes: tuple[TocNode, ...]) -> tuple[NavPoint, ...]:
            return tuple(NavPoint(plain(n.entry.title), epub_href(n.entry), convert(n.children)) for n in nodes)
        return convert(contents_tree(self.edition.toc, self.edition.book.config.contents_kinds["epub"]))


_PAGE_MARK = re.compile(r'<span epub:type="pagebreak" role="doc-pagebreak" id="(page-[^"]+)" aria-label="([^"]+)"')


def page_list(documents: list[Document]) -> list[tuple[str, str]]:
    """(href, page label) of every page-break marker, in reading order."""
    return [(f"{doc.file_name}#{ident}", label) for doc in documents for ident, label in _PAGE_MARK.findall(doc.content)]
