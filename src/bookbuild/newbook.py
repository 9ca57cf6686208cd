"""`bookbuild new DIR`: a minimal book that builds with `make` in its folder.

The files come from `bookbuild/skeleton/`: book.yaml, one chapter, one (fictional) profile,
a chapter introducing the book, a Makefile that calls this installation of bookbuild,
and a .gitignore. Nothing is overwritten: the folder must be new or empty.
"""

from __future__ import annotations

import datetime
import re
import shlex
import sys
from pathlib import Path

from .errors import SourceError
from .jurisdiction import SHIPPED
from .output import write_text

SKELETON = Path(__file__).resolve().parent / "skeleton"


def create_book(folder: Path, title: str, language: str = "en", jurisdiction: str = "ru") -> list[Path]:
    """Write a new book into `folder`; returns the files written."""
    from .i18n import locale_for

    if folder.exists() and any(folder.iterdir()):
        raise SourceError(f"{folder} is not empty", None, "give a new folder")
    try:
        locale_for(language)
    except (ValueError, TypeError):
        raise SourceError(f"'{language}' is not a language code", None, "use an ISO 639 code such as en or de") \
            from None
    shipped = sorted(p.stem for p in SHIPPED.glob("*.yaml"))
    if jurisdiction not in shipped:
        raise SourceError(f"no jurisdiction '{jurisdiction}'", None, "shipped: " + ", ".join(shipped))
    values = {"title": title, "author": "The editors", "slug": re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
              or "book", "date": datetime.date.today().isoformat(), "language": language,
              "jurisdiction": jurisdiction, "jurisdictions": ", ".join(shipped),
              "bookbuild": f"{shlex.quote(sys.executable)} -m bookbuild"}
    written = []
    for source in sorted(SKELETON.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        name = source.relative_to(SKELETON).as_posix()
        target = folder / (".gitignore" if name == "gitignore" else name)
        text = source.read_text(encoding="utf-8")
        write_text(target, text.format(**values) if source.suffix in (".yaml", "") or name == "Makefile" else text)
        written.append(target)
    return written
