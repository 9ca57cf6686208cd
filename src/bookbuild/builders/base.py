"""What an output is: a builder, registered by name, as Sphinx registers its builders.

A builder says what it makes (`name`, `format`, the file it writes), what it needs from
other builders of the same edition (`needs`: their values, such as the print layout's
page marks, or the cover image), whether a book can have it at all (`applies`), and how
it is made (`write`). Adding an output means adding a class here; the build, the
command line, the configuration, the release and the download page all read the registry.

This module imports no engine: `write` methods import what they use when they run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar


def N_(message: str) -> str:
    """Marks a message for the theme's catalogue; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Target:
    """The page options of a PDF output, from its builder and book.yaml's `targets`.

    `size` is a CSS page size ("A5", "148mm 210mm"); `bleed` a length ("3mm");
    `marks` CSS printer's marks ("crop cross"); `variant` a PDF variant ("pdf/ua-1");
    `output_intent`, for a PDF/X variant, the ICC profile of the printing condition (as book.yaml
    names it; the configuration resolves it to the profile's file). `layout` how pages sit on the
    paper, for builders that offer a choice (`layouts`): "one-up", or "two-up" (two pages of half
    the size side by side, with cut marks).
    """

    name: str
    stylesheet: str
    size: str = "A5"
    bleed: str | None = None
    marks: str | None = None
    variant: str | None = None
    output_intent: str | None = None
    layout: str | None = None
    layouts: tuple[str, ...] = ()

    @property
    def for_press(self) -> bool:
        """A PDF/X file: made for a printing press, with an output intent."""
        return bool(self.variant and self.variant.startswith("pdf/x"))


@dataclass
class Work:
    """What a builder is given for one edition."""

    root: Path
    edition: Any            # render.Edition
    folder: Path            # build/<lang>/
    fonts: tuple            # fonts.FontFace of the edition
    target: Target | None   # the page options, for PDF builders
    needs: dict[str, dict]  # the values of the builders named in `needs`, by name
    diagnostics: Any        # errors.Diagnostics
    languages: tuple[str, ...] = ()  # the book's languages that have an edition, in book.yaml's order


@dataclass(frozen=True)
class Output:
    """What a builder made: its main file, page count, every file written, and values that
    other builders (or the release) use."""

    path: Path
    pages: int | None = None
    files: tuple[Path, ...] = ()
    values: dict = field(default_factory=dict)
    styles: tuple[str, ...] = ()  # the stylesheets it was laid out with

    @property
    def all_files(self) -> tuple[Path, ...]:
        return self.files or (self.path,)


class Builder:
    """One kind of output. Subclasses set the class attributes and implement `write`."""

    name: ClassVar[str]
    format: ClassVar[str]                    # "pdf", "epub", "png", "html"
    label: ClassVar[str] = ""                # for the download page; may use %(size)s
    default: ClassVar[bool] = True           # built by a plain `make`
    released: ClassVar[bool] = True          # part of the release folder
    needs: ClassVar[tuple[str, ...]] = ()
    target: ClassVar[Target | None] = None   # page options, for PDF builders
    html_file: ClassVar[str | None] = None   # the HTML a PDF is made from, under html/
    # What the output is made from, for incremental builds: kinds of source (book.yaml and the
    # folders chapters/, profiles/, images/, jurisdictions/), and its language's catalogues by
    # name (None: all of them). Templates and stylesheets are recorded as a job uses them.
    reads: ClassVar[tuple[str, ...]] = ("book.yaml", "chapters", "profiles", "images", "jurisdictions")
    catalogues: ClassVar[tuple[str, ...] | None] = None

    def applies(self, book) -> str | None:
        """Why this book cannot have this output, or None if it can."""
        return None

    def file_name(self, slug: str) -> str:
        return f"{slug}-{self.name}.{self.format}"

    def write(self, work: Work) -> Output:
        raise NotImplementedError


REGISTRY: dict[str, type[Builder]] = {}


def register(cls: type[Builder]) -> type[Builder]:
    """Add a builder to the registry (a class decorator)."""
    REGISTRY[cls.name] = cls
    return cls
