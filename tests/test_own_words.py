"""The book is written in its own words: its prose shares no long run of words with the source texts.

The facts come from the documents the collective gave the editors (the manuscript and the campaign
pages in ../shared/seeds); the prose must not copy their sentences. This test finds every maximal run
of MIN_RUN or more consecutive words that a chapter or a profile shares with one of those documents.

Left out of the comparison, because they may follow the sources word for word:
- text in quotation marks (“…”, "…", «…», „…“) and Markdown block quotes (lines starting with `>`);
- the `description` of a charge (the wording of a charge may follow the source);
- fields that are not prose: names, dates, numbers, addresses, ids.

Editors can run it as a script to list the shared runs:

    python tests/test_own_words.py
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

MIN_RUN = 8          # a run of this many shared words or more is reported
MAX_RUNS = 0         # the test fails when more runs than this are found
MAX_LENGTH = 10      # ... or when any run is longer than this

# Typographic apostrophes and quotes, folded to plain ones before anything else.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                       "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2032": "'"})
# A word: letters or digits, holding together across an inner apostrophe, point or comma
# ("Russia's", "205.2", "1,198").
_WORD = re.compile(r"[^\W_]+(?:['.,][^\W_]+)*")
# Quotations, matched on the original text (before folding): each is cut out of the prose.
_QUOTED = re.compile(r"“[^”]*”|„[^“”]*[“”]|«[^»]*»|\"[^\"]*\"")
# Markdown that is not prose: footnote references, image and link targets.
_MARKUP = re.compile(r"\[\^[^\]]+\]:?|\]\([^)]*\)")

# Profile fields that are not prose (names, facts, addresses), and those the check leaves out.
_NOT_PROSE = {"id", "name", "name_original", "case", "born", "detained", "sentenced", "released",
              "article", "part", "clauses", "code", "type", "years", "regime", "fine", "state", "action", "jurisdiction", "title",
              "as_of", "address", "address_latin", "address_latin_language", "services", "url", "fax",
              "email", "file", "credit", "sources",
              "basis", "field", "recognition"}
_LEFT_OUT = {"description"}
_KEY = re.compile(r"^(\s*)(-\s+)?([A-Za-z_][\w-]*):(?:\s+(.*?))?\s*$")
_BLOCK = re.compile(r"^[|>][+-]?\d*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


@dataclass(frozen=True)
class Run:
    path: str
    line: int
    words: tuple[str, ...]

    def __str__(self) -> str:
        return f'{self.path}:{self.line}: {len(self.words)} shared words: "{" ".join(self.words)}"'


def words(text: str) -> list[str]:
    return [m.group(0) for m in _WORD.finditer(text.translate(_FOLD).lower())]


def seed_grams(folder: Path = SEEDS, n: int = MIN_RUN) -> set[tuple[str, ...]]:
    """Every run of n consecutive words in the source texts."""
    grams: set[tuple[str, ...]] = set()
    for path in sorted(folder.glob("*.txt")):
        tokens = words(path.read_text(encoding="utf-8"))
        grams.update(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


# The prose of the book, as segments: lists of (line number, text) that a run may not cross.

def chapter_segments(path: Path) -> list[list[tuple[int, str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    segments: list[list[tuple[int, str]]] = []
    body_start = 0
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=2):
            if line.strip() == "---":
                body_start = number
                break
            match = _KEY.match(line)
            if match and match.group(3) == "title" and match.group(4):
                segments.append([(number, match.group(4))])
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        stripped = line.strip()
        if not stripped or stripped.startswith(">") or stripped.startswith("#"):
            if current:
                segments.append(current)
            current = []
            if stripped.startswith("#"):                      # a heading is a segment of its own
                segments.append([(number, stripped.lstrip("#"))])
            continue
        if _LIST_ITEM.match(line) and current:                # a list item starts a new segment
            segments.append(current)
            current = []
        current.append((number, line))
    if current:
        segments.append(current)
    return segments


def profile_segments(path: Path) -> list[list[tuple[int, str]]]:
    """The prose values of a profile, read line by line (block and multi-line scalars included)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    segments: list[list[tuple[int, str]]] = []
    i = 0
    while i < len(lines):
        match = _KEY.match(lines[i])
        if not match:
            i += 1
            continue
        indent = len(match.group(1)) + len(match.group(2) or "")
        key, value = match.group(3), match.group(4) or ""
        if not value:                                          # a mapping or a list follows
            i += 1
            continue
        block = bool(_BLOCK.match(value))
        segment: list[tuple[int, str]] = [] if block else [(i + 1, value)]
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            if line.strip():
                segment.append((j + 1, line))
            elif block and segment:                             # a blank line ends a paragraph
                if key not in _NOT_PROSE | _LEFT_OUT:
                    segments.append(segment)
                segment = []
            j += 1
        if key not in _NOT_PROSE | _LEFT_OUT and segment:
            segments.append(segment)
        i = j
    return segments


def shared_runs(path: Path, segments: list[list[tuple[int, str]]], grams: set[tuple[str, ...]],
                n: int = MIN_RUN) -> list[Run]:
    runs: list[Run] = []
    for segment in segments:
        text = "\n".join(piece for _, piece in segment)
        starts = [0]
        for _, piece in segment[:-1]:
            starts.append(starts[-1] + len(piece) + 1)
        text = _MARKUP.sub(lambda m: " " * len(m.group(0)), text)
        # Quotations are cut out: the words on either side of one do not form a run.
        pieces, last = [], 0
        for quoted in _QUOTED.finditer(text):
            pieces.append((last, text[last:quoted.start()]))
            last = quoted.end()
        pieces.append((last, text[last:]))
        for offset, piece in pieces:
            tokens = [(m.group(0), offset + m.start())
                      for m in _WORD.finditer(piece.translate(_FOLD).lower())]
            hits = [tuple(w for w, _ in tokens[k:k + n]) in grams for k in range(len(tokens) - n + 1)]
            k = 0
            while k < len(hits):
                if not hits[k]:
                    k += 1
                    continue
                end = k
                while end + 1 < len(hits) and hits[end + 1]:
                    end += 1
                run = tokens[k:end + n]
                line = segment[bisect.bisect_right(starts, run[0][1]) - 1][0]
                runs.append(Run(_shown(path), line, tuple(w for w, _ in run)))
                k = end + 1
    return runs


def _shown(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def find_runs(root: Path = ROOT, seeds: Path = SEEDS) -> list[Run]:
    grams = seed_grams(seeds)
    runs: list[Run] = []
    for path in sorted((root / "chapters").glob("*.md")):
        runs += shared_runs(path, chapter_segments(path), grams)
    for path in sorted((root / "profiles").glob("*.yaml")):
        runs += shared_runs(path, profile_segments(path), grams)
    return runs


def report(runs: list[Run]) -> str:
    longest = max((len(run.words) for run in runs), default=0)
    lines = [str(run) for run in runs]
    lines.append(f"{len(runs)} runs of {MIN_RUN} or more words shared with the sources"
                 + (f" (longest: {longest} words)" if runs else ""))
    return "\n".join(lines)


def test_prose_is_in_our_own_words():
    if not SEEDS.is_dir():
        pytest.skip(f"the source texts are not here: {SEEDS}")
    runs = find_runs()
    print(report(runs))
    too_long = [run for run in runs if len(run.words) > MAX_LENGTH]
    assert not too_long, "runs longer than %d words:\n%s" % (MAX_LENGTH, "\n".join(map(str, too_long)))
    assert len(runs) <= MAX_RUNS, f"{len(runs)} shared runs (at most {MAX_RUNS} allowed):\n" + report(runs)


def test_a_shared_run_is_found_and_a_quotation_is_not(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("One two three four five six seven eight nine ten eleven.")
    grams = seed_grams(tmp_path / "seeds")
    chapter = tmp_path / "chapters" / "c.md"
    chapter.parent.mkdir()
    chapter.write_text('---\nid: c\ntitle: T\n---\n\nSo one two three four five six seven eight nine, we said.\n\n'
                       'And “one two three four five six seven eight nine” is quoted.\n\n'
                       '> one two three four five six seven eight nine\n')
    runs = shared_runs(chapter, chapter_segments(chapter), grams)
    assert [(run.line, len(run.words)) for run in runs] == [(6, 9)]
    profile = tmp_path / "profiles" / "p.yaml"
    profile.parent.mkdir()
    profile.write_text("id: p\nsummary: >-\n  Zero one two three four\n  five six seven eight.\ncharges:\n"
                       "  - description: >-\n      one two three four five six seven eight\n")
    runs = shared_runs(profile, profile_segments(profile), grams)
    assert [(run.line, len(run.words)) for run in runs] == [(3, 8)]


if __name__ == "__main__":
    if not SEEDS.is_dir():
        sys.exit(f"the source texts are not here: {SEEDS}")
    print(report(find_runs()))
