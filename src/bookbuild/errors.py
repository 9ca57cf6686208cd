"""Errors that carry a source location, and the collector that gathers them.

Every problem a user sees names a file and a line. Stages report problems to a
`Diagnostics` collector and go on, so that one run shows every error at once;
`Diagnostics.check()` then raises a single `SourceErrors` if anything was fatal.
This module imports nothing outside the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a source file: a path relative to the project, and a 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def at(self, line: int | None) -> "SourceLocation":
        """The same file at another line."""
        return SourceLocation(self.path, line)


@dataclass(frozen=True)
class Diagnostic:
    """One message about the sources: an error, a warning that --strict makes fatal, or a
    note for the editor that is never fatal."""

    location: SourceLocation | None
    message: str
    hint: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        place = f"{self.location}: " if self.location else ""
        kind = f"{self.severity}: " if self.severity in ("warning", "note") else ""
        text = f"{place}{kind}{self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class BookError(Exception):
    """Base of every error the build reports to a user; `exit_code` is the process status."""

    exit_code = 1

    def __init__(self, message: str, location: SourceLocation | None = None, hint: str | None = None):
        super().__init__(message)
        self.diagnostic = Diagnostic(location, message, hint)

    @property
    def location(self) -> SourceLocation | None:
        return self.diagnostic.location

    def lines(self) -> list[str]:
        """The lines to print, one per problem."""
        return [str(self.diagnostic)]

    def __reduce__(self):
        # Errors cross process boundaries (worker -> main) with their places intact.
        return _rebuild_error, (type(self), getattr(self, "diagnostics", [self.diagnostic]))

    def __str__(self) -> str:
        return "\n".join(self.lines())


class SourceError(BookError):
    """A problem in the book's sources: YAML, Markdown, templates, catalogues."""


class SetupError(BookError):
    """The machine lacks something the build needs: a font, a writable output folder."""

    exit_code = 3


class SourceErrors(SourceError):
    """Several source problems found in one run, reported together."""

    def __init__(self, diagnostics: list[Diagnostic]):
        first = diagnostics[0]
        super().__init__(first.message, first.location, first.hint)
        self.diagnostics = diagnostics

    def lines(self) -> list[str]:
        return [str(d) for d in self.diagnostics]


def _rebuild_error(kind: type, diagnostics: list[Diagnostic]) -> BookError:
    error = kind.__new__(kind)
    Exception.__init__(error, diagnostics[0].message)
    error.diagnostic = diagnostics[0]
    if issubclass(kind, SourceErrors):
        error.diagnostics = diagnostics
    return error


@dataclass
class Diagnostics:
    """Collects errors and warnings from every stage of a run.

    With `strict`, warnings count as errors (like Sphinx's -W).
    """

    strict: bool = False
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: SourceLocation | None, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, message, hint, "error"))

    def warning(self, location: SourceLocation | None, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, message, hint, "warning"))

    def note(self, location: SourceLocation | None, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, message, hint, "note"))

    def add(self, error: BookError) -> None:
        """Record a raised error (several, for `SourceErrors`)."""
        self.items.extend(getattr(error, "diagnostics", [error.diagnostic]))

    @property
    def fatal(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error" or (self.strict and d.severity == "warning")]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    @property
    def notes(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "note"]

    def check(self) -> None:
        """Raise `SourceErrors` with every fatal problem, sorted by place, if there is any."""
        fatal = self.fatal
        if fatal:
            fatal = sorted(fatal, key=lambda d: (d.location or SourceLocation(""), d.message))
            raise SourceErrors([_as_error(d) for d in fatal])


def _as_error(diagnostic: Diagnostic) -> Diagnostic:
    return Diagnostic(diagnostic.location, diagnostic.message, diagnostic.hint, "error")


def relative_path(path: Path, root: Path) -> str:
    """`path` as the user knows it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
