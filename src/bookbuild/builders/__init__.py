"""The outputs of a book, as registered builders (see base.py).

Importing this package registers the builders that ship with bookbuild, in the order a
build runs and a release lists them.
"""

from __future__ import annotations

from . import book_pdf, leaflets, cover, epub_book, web  # noqa: F401, I001  (registration, in this order)
from .base import REGISTRY, Builder, Output, Target, Work, register

ALIASES = {"pdf": "every PDF output"}


def builder(name: str) -> Builder:
    return REGISTRY[name]()


def names() -> tuple[str, ...]:
    return tuple(REGISTRY)


def default_names() -> tuple[str, ...]:
    return tuple(name for name, cls in REGISTRY.items() if cls.default)


def expand(requested: tuple[str, ...]) -> tuple[str, ...]:
    """Builder names with aliases resolved ("pdf": every default PDF output) and what they need
    added, in registry order."""
    wanted = set()
    for name in requested:
        wanted.update(n for n, c in REGISTRY.items() if c.format == "pdf" and c.default) if name == "pdf" \
            else wanted.add(name)
    grown = True
    while grown:
        needed = {need for name in wanted for need in REGISTRY[name].needs} - wanted
        wanted |= needed
        grown = bool(needed)
    return tuple(name for name in REGISTRY if name in wanted)


def targets() -> tuple[Target, ...]:
    """The default page options of every builder that has them."""
    return tuple(cls.target for cls in REGISTRY.values() if cls.target is not None)


__all__ = ["ALIASES", "REGISTRY", "Builder", "Output", "Target", "Work", "builder", "default_names", "expand",
           "names", "register", "targets"]
