"""The only module that imports WeasyPrint: final HTML -> PDF.

WeasyPrint may read only files inside the folders it is given (the edition's HTML
folder); any other URL, remote or local, is refused and reported. Its log
messages, which it otherwise keeps to itself, become warnings for the user.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import Diagnostics, SourceLocation
from .output import atomic_path


REFUSED = "refused to load"


class _Collect(logging.Handler):
    """WeasyPrint's log messages, each with the stylesheet it was reading when it wrote it."""

    def __init__(self, fetcher) -> None:
        super().__init__(logging.WARNING)
        self.fetcher = fetcher
        self.messages: list[tuple[str, str | None]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.getMessage(), self.fetcher.reading))


# Documents are given to WeasyPrint under this fixed address, so that nothing in a PDF depends on
# where the project sits on disk (WeasyPrint names images after their URL).
VIRTUAL_ROOT = "file:///book/"


def confined_fetcher(folder: Path):
    """A URL fetcher that serves files inside `folder` under VIRTUAL_ROOT (and data: URLs),
    and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = folder.resolve()

    class ConfinedFetcher(URLFetcher):
        reading: str | None = None  # the stylesheet being read (its file name), for messages

        def fetch(self, url: str, headers=None):
            self.reading = url[len(VIRTUAL_ROOT):] if url.startswith(VIRTUAL_ROOT) and url.endswith(".css") else None
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(VIRTUAL_ROOT):
                path = (allowed / unquote(urlparse(url).path[len("/book/"):])).resolve()
                if path.is_relative_to(allowed) and path.is_file():
                    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
            raise PermissionError(f"{REFUSED} {url}: only files inside the book's folders can be used")

    return ConfinedFetcher(allowed_protocols={"file", "data"})


_TAGGING_LANGUAGES = False


def tag_languages() -> None:
    """Give the PDF's structure elements the language of their HTML element (`/Lang`), so that a
    screen reader reads a paragraph left in English inside a German book, or an address in another language,
    in its own language. WeasyPrint 70 tags the structure but not the language of its parts;
    this wraps its tag-tree builder (bookbuild pins WeasyPrint, so the wrapped function is known)."""
    global _TAGGING_LANGUAGES
    if _TAGGING_LANGUAGES:
        return
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def build_with_languages(box, parent, *args, **kwargs):
        element = getattr(box, "element", None)
        language = element.get("lang") if element is not None and getattr(box, "element_tag", None) not in (
            "html", "body") else None
        for child in build(box, parent, *args, **kwargs):
            if language and isinstance(child, pydyf.Dictionary) and "Lang" not in child:
                child["Lang"] = pydyf.String(language)
            yield child

    tags._build_box_tree = build_with_languages
    _TAGGING_LANGUAGES = True


class Rendered:
    """A laid-out document; WeasyPrint's objects stay inside this module."""

    def __init__(self, document, source: Path, font_config=None):
        self._document, self.source, self.font_config = document, source, font_config

    @property
    def pages(self) -> int:
        return len(self._document.pages)

    def anchor_pages(self) -> dict[str, int]:
        """The page index (from 0) of every anchor (element id) in the document."""
        found: dict[str, int] = {}
        for index, page in enumerate(self._document.pages):
            for anchor in page.anchors:
                found.setdefault(anchor, index)
        return found

    def anchor_places(self) -> dict[str, tuple[int, float]]:
        """The page index (from 0) of every anchor, and how far down that page it is (0 at the top
        edge, 1 at the bottom edge)."""
        found: dict[str, tuple[int, float]] = {}
        for index, page in enumerate(self._document.pages):
            for anchor, (_, y, *_) in page.anchors.items():
                found.setdefault(anchor, (index, y / page.height))
        return found

    def pdf_bytes(self, variant: str | None = None, pages: list[int] | None = None) -> bytes:
        """The whole document, or only `pages`, as PDF bytes (to be placed on larger sheets)."""
        document = self._document if pages is None else self._document.copy([self._document.pages[i] for i in pages])
        tag_languages()
        return document.write_pdf(pdf_variant=variant)

    @staticmethod
    def combine(parts: list[tuple["Rendered", int]]) -> "Rendered":
        """One document made of pages of several: (document, page index) in the order wanted.
        The documents must share a font configuration, so that each font is embedded once."""
        first = parts[0][0]
        pages = [rendered._document.pages[index] for rendered, index in parts]
        return Rendered(first._document.copy(pages), first.source, first.font_config)

    def write(self, target: Path, variant: str | None = None, pages: list[int] | None = None,
              identifier: bytes | None = None) -> None:
        """Write the whole document, or only `pages`, to `target` atomically. `identifier` is the
        document's permanent ID (the first part of the PDF's /ID). What `variant` needs and
        WeasyPrint does not do is done afterwards (pdf_finish.py)."""
        document = self._document if pages is None else self._document.copy([self._document.pages[i] for i in pages])
        tag_languages()
        data = document.write_pdf(pdf_variant=variant, pdf_identifier=identifier)
        if variant:
            from .pdf_finish import finish
            data = finish(data, variant, identifier, srgb_profile())
        with atomic_path(target) as temporary:
            temporary.write_bytes(data)


def srgb_profile() -> bytes:
    """The sRGB ICC profile WeasyPrint ships (what CSS colours mean), for a PDF/X file's device RGB."""
    from importlib.resources import files

    return (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()


# Hyphenation a typesetter sends back: more than MAX_HYPHENS lines in a row ending in a hyphen,
# or a word divided over a page turn. Such a paragraph is laid out again without hyphenation, then,
# if a word's own hyphen still falls there, with its compounds kept on one line.
MAX_HYPHENS = 3
REPAIR_PASSES = 3


def hyphenation_faults(document) -> list:
    """The paragraphs (HTML elements) whose hyphenation breaks the rules above, in this layout."""
    from weasyprint.formatting_structure import boxes

    def lines(box):
        if isinstance(box, boxes.LineBox):
            yield box
        elif not isinstance(box, boxes.MarginBox):
            for child in getattr(box, "children", ()) or ():
                yield from lines(child)

    def last_text(box):
        if isinstance(box, boxes.TextBox):
            return box
        for child in reversed(getattr(box, "children", ()) or ()):
            found = last_text(child)
            if found is not None:
                return found
        return None

    sequence = []  # (page index, element, ends in a hyphen), in reading order
    for index, page in enumerate(document.pages):
        for line in lines(page._page_box):
            text = last_text(line)
            # A line ends in a hyphen where hyphenation divided a word, or after a word's own hyphen.
            hyphen = text is not None and text.text.endswith((text.style["hyphenate_character"], "-", "\u2010")) \
                and not text.text.endswith(" -")
            sequence.append((index, line.element, hyphen))
    faults: dict[int, object] = {}
    run, previous = 0, None
    for position, (page, element, hyphen) in enumerate(sequence):
        run = run + 1 if hyphen and element is previous else int(hyphen)
        previous = element
        if run > MAX_HYPHENS:
            faults[id(element)] = element
        if hyphen and element is not None:
            following = next((p for p, e, _ in sequence[position + 1:] if e is element), page)
            if following != page:
                faults[id(element)] = element
    return [element for element in faults.values() if element is not None]


_AT_LINE = re.compile(r" at (\d+):\d+")
_REFUSED_URL = re.compile(REFUSED + r" (\S+?):? only")


def render(html_file: Path, diagnostics: Diagnostics, share_fonts_with: Rendered | None = None,
           origins=None) -> Rendered:
    """Lay out `html_file`; WeasyPrint's complaints become warnings. `origins` (themes.Origins)
    knows where the files of the HTML folder come from, so that a message names the stylesheet
    or template line the editor can change."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = share_fonts_with.font_config if share_fonts_with else FontConfiguration()
    logger = logging.getLogger("weasyprint")
    fetcher = confined_fetcher(html_file.parent)
    handler = _Collect(fetcher)
    logger.addHandler(handler)
    try:
        html = HTML(string=html_file.read_text(encoding="utf-8"), base_url=VIRTUAL_ROOT + html_file.name,
                    url_fetcher=fetcher)
        document = html.render(font_config=font_config)
        for _ in range(REPAIR_PASSES):
            faults = hyphenation_faults(document)
            if not faults:
                break
            for element in faults:
                if "hyphens: manual" not in (element.get("style") or ""):
                    element.set("style", ";".join(filter(None, (element.get("style"), "hyphens: manual"))))
                else:  # still divided at a word's own hyphen: its compounds are kept on one line
                    for word in element.iter():
                        if "nh" in (word.get("class") or "").split():
                            word.set("style", "white-space: nowrap")
            document = html.render(font_config=font_config)
    finally:
        logger.removeHandler(handler)
    document_name = html_file.name.removeprefix(".").removesuffix(".part")
    for message, reading in dict.fromkeys(handler.messages):
        where = origins.get(reading) if origins else None
        line = _AT_LINE.search(message)
        if where is not None and line:
            where = where.at(int(line.group(1)))
        refused = _REFUSED_URL.search(message)
        if refused and origins:
            url = refused.group(1)
            where = origins.find(url) or origins.find(urlparse(url).path.lstrip("/")) or where
        where = where or (origins.get(document_name) if origins else None) \
            or SourceLocation(html_file.with_name(document_name).as_posix())
        if REFUSED in message:
            diagnostics.error(where, f"a resource outside the book was refused: {message}")
        else:
            diagnostics.warning(where, f"WeasyPrint: {message}")
    return Rendered(document, html_file, font_config)
