"""GNU gettext's own tools, which every translator's program agrees with.

Catalogues are written in the form `msgcat` and `msgmerge` give them: wrapped at 79
columns (what Poedit, Lokalize and Weblate write), previous message ids kept as
`#|` lines, obsolete messages as `#~`. A file a translator saved in that form comes
back byte for byte; a file saved with other wrapping gets that form once, then stays.
`msgfmt --check` is the judge of a catalogue's syntax and format strings.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ..errors import Diagnostics, SetupError, SourceLocation

WIDTH = "--width=79"
_INSTALL = "install GNU gettext (Debian: apt-get install gettext)"


def _run(command: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise SetupError(f"{command[0]} is not installed", None, _INSTALL) from None


def _output(command: list[str], data: bytes | None, what: str) -> bytes:
    run = _run(command, data)
    if run.returncode != 0:
        problem = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SetupError(f"{command[0]} could not process {what}: {problem[0] if problem else 'no message'}")
    return run.stdout


def canonical(data: bytes, what: str) -> bytes:
    """A catalogue in gettext's own layout (msgcat, 79 columns); the messages are unchanged."""
    return _output(["msgcat", WIDTH, "--to-code=UTF-8", "-o", "-", "-"], data, what)


def merge(po_file: Path, pot_file: Path, compendia: list[Path] = ()) -> bytes:
    """`po_file` brought up to date with `pot_file`, as Poedit and Weblate merge: translations kept,
    changed messages fuzzy with their previous id (`#|`), removed messages obsolete (`#~`).
    New messages are filled from `compendia` (other catalogues of the language) where they match."""
    extra = [arg for path in compendia for arg in ("--compendium", str(path))]
    return _output(["msgmerge", "--previous", "--quiet", WIDTH, *extra, "-o", "-", str(po_file), str(pot_file)],
                   None, po_file.name)


def check_syntax(path: Path, where: SourceLocation, diagnostics: Diagnostics) -> bool:
    """`msgfmt --check` on one file; each complaint becomes an error at its line. True if clean."""
    run = _run(["msgfmt", "--check", "-o", "/dev/null", str(path)])
    complaints = run.stderr.decode("utf-8", "replace").strip().splitlines()
    located = [_located(line, str(path)) for line in complaints]
    for number, message in (item for item in located if item):
        if message.startswith("warning: "):
            diagnostics.warning(where.at(number), f"msgfmt: {message[len('warning: '):]}")
        else:
            diagnostics.error(where.at(number), f"msgfmt: {message}")
    if run.returncode != 0 and not any(located):
        diagnostics.error(where, f"msgfmt: {complaints[-1] if complaints else 'the catalogue is not valid'}")
    return run.returncode == 0


def _located(line: str, path: str) -> tuple[int, str] | None:
    """(line, message) from msgfmt's "FILE:LINE: message" (or "FILE:LINE:COLUMN: message")."""
    match = re.match(re.escape(path) + r":(\d+):(?:\d+:)?\s*(.*)$", line)
    if not match:
        return None
    number, message = int(match.group(1)), match.group(2)
    # msgfmt has read the line break when it finds a string left open: the string is on the line before.
    return (number - 1 if message.startswith("end-of-line within string") else number), message


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*(\".*)$")
_HEADER_KEPT = ("Language:", "Plural-Forms:")


def content_digest(data: bytes) -> str:
    """What a catalogue says, without how it is laid out: message ids, contexts, translations and
    the fuzzy flag, with line wrapping, comments, references, obsolete entries and the header's
    dates and names left out. Two files with the same digest print the same book."""
    import hashlib

    tokens: list[list[str]] = []
    for raw in data.decode("utf-8", "replace").splitlines():
        line = raw.strip()
        if line.startswith("#,"):
            tokens.append(["fuzzy", str("fuzzy" in (flag.strip() for flag in line[2:].split(",")))])
        elif line.startswith('"') and tokens:
            tokens[-1][1] += line[1:-1]
        else:
            match = _KEYWORD.match(line)
            if match:
                tokens.append([match.group(1), match.group(2)[1:-1]])
    if len(tokens) >= 2 and tokens[0] == ["msgid", ""] and tokens[1][0] == "msgstr":
        kept = [field for field in tokens[1][1].split("\\n") if field.startswith(_HEADER_KEPT)]
        tokens[1][1] = "\\n".join(kept)
    digest = hashlib.sha256()
    for keyword, value in tokens:
        digest.update(f"{keyword}\0{value}\0".encode())
    return digest.hexdigest()
