"""What changed in the sources since an earlier version (a git commit or tag): for translators and readers.

The sources at the earlier version are taken from git into a temporary folder and read
with the same readers as the current ones. Per chapter and profile, messages are paired
in order (difflib), so an edited paragraph shows as changed rather than as one removed
and one added; per profile, the facts that matter to a reader are compared (status,
sentence, dates, charges, address). Per language, the added and changed messages that
have no translation yet are counted.
"""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .config import load_config
from .errors import Diagnostics, SourceError, SourceLocation
from .model import Book, Profile, Text, iter_texts
from .sources.book import load_book


@dataclass(frozen=True)
class MessageChange:
    """One translatable message added, changed or removed; `location` is where it is now (or was)."""

    kind: str
    location: SourceLocation
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class FactChange:
    fact: str
    old: str
    new: str


@dataclass
class DocumentChanges:
    """The changes to one chapter or profile. `state` is added, removed or changed."""

    kind: str
    id: str
    title: str
    state: str
    messages: list[MessageChange] = field(default_factory=list)
    facts: list[FactChange] = field(default_factory=list)


@dataclass
class Changes:
    since: str
    commit: str
    documents: list[DocumentChanges] = field(default_factory=list)
    to_translate: dict[str, int] = field(default_factory=dict)

    @property
    def new_messages(self) -> list[str]:
        return [m.new for d in self.documents for m in d.messages if m.new is not None]

    def as_dict(self) -> dict:
        return {"since": self.since, "commit": self.commit, "to_translate": self.to_translate,
                "documents": [{"kind": d.kind, "id": d.id, "title": d.title, "state": d.state,
                               "facts": [vars(f) for f in d.facts],
                               "messages": [{"kind": m.kind, "location": str(m.location), "old": m.old,
                                             "new": m.new} for m in d.messages]} for d in self.documents]}


def changes_since(root: Path, ref: str, book: Book) -> Changes:
    """The changes from the sources at git `ref` to `book` (the current sources of `root`)."""
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    if not commit:
        raise SourceError(f"'{ref}' is not a commit or tag of this repository", None,
                          "give a commit, a tag or HEAD~1 as SINCE")
    with tempfile.TemporaryDirectory(prefix="bookbuild-since-") as folder:
        old = _load_at(root, commit, Path(folder), ref)
    result = Changes(ref, commit)
    result.documents = compare_books(old, book)
    return result


def _git(root: Path, *args: str, binary: bool = False):
    try:
        run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise SourceError("git is not installed; it is needed to compare with an earlier version") from None
    if run.returncode != 0 and args[0] != "rev-parse":
        raise SourceError(f"git {args[0]} failed: {run.stderr.decode(errors='replace').strip()}")
    return run.stdout if binary else run.stdout.decode()


def _load_at(root: Path, commit: str, folder: Path, ref: str) -> Book:
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    archive = _git(root, "archive", "--format=tar", commit, "--", prefix or ".", binary=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    old_root = folder / prefix
    diagnostics = Diagnostics()
    config = load_config(old_root, diagnostics)
    if config is None:
        raise SourceError(f"the sources at {ref} cannot be read: {diagnostics.fatal[0]}")
    return load_book(config, diagnostics)


def compare_books(old: Book, new: Book) -> list[DocumentChanges]:
    """Chapters, then profiles, in the current book's order; removed ones at the end of each."""
    found = []
    old_chapters = {entry.chapter.id: entry.chapter for entry in old.entries()}
    new_chapters = {entry.chapter.id: entry.chapter for entry in new.entries()}
    for chapter_id in list(new_chapters) + [c for c in old_chapters if c not in new_chapters]:
        before, after = old_chapters.get(chapter_id), new_chapters.get(chapter_id)
        changes = _compare(before, after, "chapter", chapter_id)
        if changes:
            found.append(changes)
    old_profiles = {p.id: p for p in old.profiles()}
    new_profiles = {p.id: p for p in new.profiles()}
    for profile_id in list(new_profiles) + [p for p in old_profiles if p not in new_profiles]:
        before, after = old_profiles.get(profile_id), new_profiles.get(profile_id)
        changes = _compare(before, after, "profile", profile_id)
        if changes is not None and before is not None and after is not None:
            changes.facts = compare_facts(before, after)
        if changes is not None and (changes.messages or changes.facts or changes.state != "changed"):
            found.append(changes)
    return found


def _compare(before, after, kind: str, ident: str) -> DocumentChanges | None:
    title = _title(after or before, kind)
    if before is None:
        return DocumentChanges(kind, ident, title, "added", [MessageChange("added", t.location, new=t.msgid)
                                                             for t in _texts(after)])
    if after is None:
        return DocumentChanges(kind, ident, title, "removed", [MessageChange("removed", t.location, old=t.msgid)
                                                               for t in _texts(before)])
    messages = compare_messages(_texts(before), _texts(after))
    return DocumentChanges(kind, ident, title, "changed", messages) if messages or kind == "profile" else None


def _title(item, kind: str) -> str:
    return str(item.name if kind == "profile" else item.title)


def _texts(item) -> list[Text]:
    return [text for text in iter_texts(item) if text.msgid.strip()]


def compare_messages(old: list[Text], new: list[Text]) -> list[MessageChange]:
    """Added, changed and removed messages between two versions of one document, in order."""
    keys = lambda texts: [(t.context, t.msgid) for t in texts]  # noqa: E731
    changes = []
    matcher = difflib.SequenceMatcher(a=keys(old), b=keys(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            changes.append(MessageChange("changed", new[j1 + k].location, old[i1 + k].msgid, new[j1 + k].msgid))
        changes += [MessageChange("removed", old[i].location, old=old[i].msgid) for i in range(i1 + pairs, i2)]
        changes += [MessageChange("added", new[j].location, new=new[j].msgid) for j in range(j1 + pairs, j2)]
    return changes


def compare_facts(old: Profile, new: Profile) -> list[FactChange]:
    """The facts a reader or letter writer relies on, where they differ."""
    found = []
    for name, read in _FACTS:
        before, after = read(old), read(new)
        if before != after:
            found.append(FactChange(name, before or "(none)", after or "(none)"))
    return found


def _date(value) -> str:
    return value.iso() if value else ""


def _sentence(profile: Profile) -> str:
    s = profile.sentence
    if s is None:
        return ""
    parts = [s.type, f"{s.years:g} years" if s.years else "", f"{s.regime} regime" if s.regime else "",
             f"fine {s.fine}" if s.fine else "", str(s.court) if s.court else ""]
    return ", ".join(part for part in parts if part)


def _status(profile: Profile) -> str:
    s = profile.status
    if s is None:
        return ""
    place = f": {s.place}" if s.place else ""
    return f"{s.state}{place}" + (f" (as of {s.as_of.iso()})" if s.as_of else "")


def _charges(profile: Profile) -> str:
    return "; ".join(" ".join(filter(None, [c.code, f"art. {c.article}" if c.article else "",
                                            f"part {c.part}" if c.part else "", ",".join(c.clauses)]))
                     for c in profile.charges)


def _address(profile: Profile) -> str:
    letters = profile.letters
    return " / ".join(filter(None, [letters.address, *letters.services])) if letters else ""


_FACTS = (
    ("name", lambda p: f"{p.name} ({p.name_original})"),
    ("born", lambda p: _date(p.born)),
    ("charges", _charges),
    ("detained", lambda p: _date(p.detained)),
    ("sentenced", lambda p: _date(p.sentenced)),
    ("sentence", _sentence),
    ("released", lambda p: _date(p.released)),
    ("status", _status),
    ("address", _address),
)


def count_to_translate(changes: Changes, languages: dict[str, dict]) -> None:
    """For each language, how many added or changed messages have no usable translation yet.
    `languages` maps a code to its entries ({(context, msgid): Entry})."""
    wanted = set(changes.new_messages)
    for code, entries in languages.items():
        done = {msgid for (_, msgid), entry in entries.items() if entry.msgstr and not entry.fuzzy}
        changes.to_translate[code] = len(wanted - done)


def describe_changes(changes: Changes, width: int = 72) -> list[str]:
    """The changes as lines of text, for the terminal and the release's changelog."""
    lines = [f"Changes since {changes.since} ({changes.commit[:10]}):"]
    if not changes.documents:
        lines.append("  none in the chapters and profiles")
    for document in changes.documents:
        lines.append(f"{document.kind} {document.id} ({document.title}): {document.state}")
        for fact in document.facts:
            lines.append(f"  {fact.fact}: {fact.old} -> {fact.new}")
        if document.state != "changed":
            lines.append(f"  {len(document.messages)} messages")
            continue
        for message in document.messages:
            text = message.new if message.new is not None else message.old
            shown = text if len(text) <= width else text[:width - 1] + "…"
            lines.append(f"  {message.kind} {message.location}: {shown}")
    for code, count in changes.to_translate.items():
        lines.append(f"{code}: {count} of the {len(set(changes.new_messages))} added or changed messages "
                     f"need translating")
    return lines
