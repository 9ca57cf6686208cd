"""`python -m bookbuild`: argument parsing, progress lines, `file:line: message` output, exit codes.

The library never prints or exits; `main(argv)` does, and returns the exit status
so that tests can call it without a shell.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

from . import builders
from .build import BuildRequest, build, floor_percent, release
from .errors import BookError, Diagnostics
from .output import remove_partial_files

EXIT_OK, EXIT_SOURCE, EXIT_USAGE = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bookbuild",
                                     description="Build the book's editions: print PDF and EPUB, per language.")
    parser.add_argument("-C", "--book", "--root", dest="root", type=Path, default=Path("."),
                        help="the book's folder (default: the current folder)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build editions")
    build_cmd.add_argument("--lang", dest="languages", action="append", default=[],
                           help="a language to build (repeat, or separate with spaces/commas); default: all")
    build_cmd.add_argument("--format", dest="formats", action="append", choices=builders.names() + ("pdf",),
                           help=f"build only this output (repeatable): {', '.join(builders.names())}, or pdf "
                                f"for every PDF; default: {', '.join(builders.default_names())}")
    build_cmd.add_argument("-o", "--output", type=Path, help="the output folder (default: build/ in the book's folder)")
    build_cmd.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                           help="worker processes (default: one per core)")
    build_cmd.add_argument("--force", action="store_true", help="rebuild outputs even if they are current")
    check_cmd = commands.add_parser("check", help="read and check every source and translation without building")
    check_cmd.add_argument("--lang", dest="languages", action="append", default=[],
                           help="check only these languages' catalogues (repeat, or separate with spaces/commas)")
    dist_cmd = commands.add_parser("dist", help="build every edition and assemble the release folder in dist/")
    dist_cmd.add_argument("--lang", dest="languages", action="append", default=[],
                          help="release only these languages (repeat, or separate with spaces/commas)")
    dist_cmd.add_argument("-o", "--output", type=Path, help="the build folder (default: build/)")
    dist_cmd.add_argument("--dist", type=Path, help="where to put the release (default: dist/)")
    dist_cmd.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="worker processes")
    dist_cmd.add_argument("--since", metavar="REF", help="list what changed since this git commit or tag in the "
                                                         "release's changelog (default: book.yaml release.since)")
    serve_cmd = commands.add_parser("serve", help="show the web edition in a browser on this computer, "
                                                  "updated as the sources change")
    serve_cmd.add_argument("--lang", dest="languages", action="append", default=[],
                           help="show only these languages (repeat, or separate with spaces/commas); default: all")
    serve_cmd.add_argument("--host", default="127.0.0.1",
                           help="the address to listen on (default: 127.0.0.1, this computer only)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="the port (default: 8000; 0: any free port)")
    serve_cmd.add_argument("-o", "--output", type=Path, help="the build folder (default: build/)")
    serve_cmd.add_argument("--pdf", action="store_true",
                           help="also rebuild the PDFs and the EPUB after each change, and link to them")
    changes_cmd = commands.add_parser("changes", help="what changed in the chapters and profiles since an "
                                                      "earlier version, and what that means for translators")
    changes_cmd.add_argument("--since", required=True, metavar="REF",
                             help="a git commit or tag of the earlier version, e.g. HEAD~1 or edition-1")
    new_cmd = commands.add_parser("new", help="start a new book in a folder")
    new_cmd.add_argument("folder", type=Path, help="a new (or empty) folder")
    new_cmd.add_argument("--title", default="A New Book", help="the book's title")
    new_cmd.add_argument("--language", default="en", help="the language the book is written in (default: en)")
    new_cmd.add_argument("--jurisdiction", default="ru", help="the country of its prisoners (default: ru)")
    commands.add_parser("extract", help="write the catalogue templates (translations/templates/*.pot)")
    for name, text in (("init", "start the catalogues of new languages"),
                       ("update", "merge the templates into every language's .po files"),
                       ("stats", "how complete each language is")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--lang", dest="languages", action="append", default=[],
                             help="a language (repeat, or separate with spaces/commas); default: all")
        if name == "stats":
            command.add_argument("--min-coverage", type=float, default=None, metavar="PERCENT",
                                 help="exit with an error if a language translates less than this share of words")
            command.add_argument("--by-catalogue", action="store_true", help="one row per catalogue file")
    for command in commands.choices.values():
        command.add_argument("--strict", action="store_true", default=argparse.SUPPRESS,
                             help="treat warnings as errors")
    return parser


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = make_parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)  # a stopped build cleans up like an interrupted one
    diagnostics = Diagnostics(strict=args.strict)
    root = args.root.resolve()
    try:
        if args.command == "check":
            return run_check(args, root, diagnostics, out, err)
        if args.command == "build":
            return run_build(args, root, diagnostics, out, err)
        if args.command == "new":
            from .newbook import create_book
            written = create_book(args.folder.resolve(), args.title, args.language, args.jurisdiction)
            print(f"a new book in {args.folder}: {len(written)} files; run make in that folder to build it", file=out)
            return EXIT_OK
        if args.command == "changes":
            return run_changes(args, root, diagnostics, out, err)
        if args.command == "dist":
            return run_dist(args, root, diagnostics, out, err)
        if args.command == "serve":
            return run_serve(args, root, out, err)
        return run_catalogue_command(args, root, diagnostics, out, err)
    except BookError as error:
        _print_warnings(diagnostics, err)
        for line in error.lines():
            print(line, file=err)
        return error.exit_code
    except KeyboardInterrupt:
        output = getattr(args, "output", None)
        remove_partial_files((output.resolve() if output else root / "build"))
        print("interrupted: earlier outputs are unchanged", file=err)
        return 130


def _languages(args: argparse.Namespace) -> tuple[str, ...]:
    return tuple(code for value in args.languages for code in value.replace(",", " ").split())


def run_catalogue_command(args: argparse.Namespace, root: Path, diagnostics: Diagnostics, out: TextIO,
                          err: TextIO) -> int:
    from .i18n import workflow

    if args.command == "stats":
        table = workflow.stats(root, _languages(args), diagnostics)
        _print_warnings(diagnostics, err)
        print_stats(table, args.by_catalogue, out)
        print("changed: messages of the current sources missing from the catalogue (counted as untranslated);"
              " run make update", file=out)
        if args.min_coverage is not None:
            low = workflow.below_threshold(table, args.min_coverage)
            for code, percent in low:
                print(f"{code}: {floor_percent(percent)} translated, below the required {args.min_coverage:g}%",
                      file=err)
            return EXIT_SOURCE if low else EXIT_OK
        return EXIT_OK
    if args.command == "extract":
        changed = workflow.extract(root, diagnostics)
    elif args.command == "init":
        changed = workflow.init(root, _languages(args), diagnostics)
    else:
        changed = workflow.update(root, _languages(args), diagnostics)
    _print_warnings(diagnostics, err)
    for path in changed:
        print(f"wrote {_shown(path, root)}", file=out)
    if not changed:
        print("catalogues already up to date", file=out)
    return EXIT_OK


def print_stats(table, by_catalogue: bool, out: TextIO) -> None:
    from .i18n.stats import Counts

    header = f"{'language':<10}{'catalogue':<36}{'translated':>12}{'fuzzy':>8}{'untransl.':>10}{'changed':>9}" \
             f"{'words':>9}{'w. transl.':>11}{'%':>7}"
    print(header, file=out)
    print("-" * len(header), file=out)
    for code, rows in table.items():
        shown = list(rows.items()) if by_catalogue else []
        shown.append(("all", sum(rows.values(), Counts())))
        for name, c in shown:
            print(f"{code:<10}{name:<36}{c.translated:>12}{c.fuzzy:>8}{c.untranslated:>10}{c.changed:>9}"
                  f"{c.total_words:>9}{c.translated_words:>11}{floor_percent(c.percent):>7}", file=out)


def run_build(args: argparse.Namespace, root: Path, diagnostics: Diagnostics, out: TextIO, err: TextIO) -> int:
    output = args.output.resolve() if args.output else None
    request = BuildRequest(root, _languages(args), tuple(args.formats or ()), args.strict, output,
                           max(args.jobs, 0), args.force)
    with Progress(out) as progress:
        report = build(request, diagnostics, progress.started, progress.finished, waiting=progress.say)
    _print_warnings(diagnostics, err, report.warnings)
    if report.current:
        print(f"{len(report.current)} output(s) already up to date", file=out)
    for code, reason in report.skipped.items():
        print(f"{code}: skipped: {reason}", file=err)
    for name, reason in report.not_applicable.items():
        print(f"{name}: not made: {reason}", file=out)
    for code, error in report.failed.items():
        for line in error.lines():
            print(line, file=err)
        print(f"{code}: FAILED", file=err)
    if report.failed:
        return max(error.exit_code for error in report.failed.values())
    return EXIT_OK


def run_dist(args: argparse.Namespace, root: Path, diagnostics: Diagnostics, out: TextIO, err: TextIO) -> int:
    output = args.output.resolve() if args.output else None
    request = BuildRequest(root, _languages(args), (), args.strict, output, max(args.jobs, 0))
    dist_dir = args.dist.resolve() if args.dist else root / "dist"
    with Progress(out) as progress:
        report, folder = release(request, diagnostics, dist_dir, args.since, progress.started, progress.finished,
                                 progress.say)
    _print_warnings(diagnostics, err, report.warnings)
    for code, reason in report.skipped.items():
        print(f"{code}: left out of the release: {reason}", file=err)
    for code, error in report.failed.items():
        for line in error.lines():
            print(line, file=err)
        print(f"{code}: FAILED; no release was made", file=err)
    if folder is None:
        return max(error.exit_code for error in report.failed.values())
    print(f"release: {_shown(folder, root)}", file=out)
    return EXIT_OK


def run_serve(args: argparse.Namespace, root: Path, out: TextIO, err: TextIO) -> int:
    """Serve the web edition until interrupted, reporting each change and the errors it left."""
    from .serve import LiveServer

    def report(change) -> None:
        if change.paths:
            print(f"changed: {', '.join(change.paths)}", file=out, flush=True)
        for error in change.errors:
            print(error, file=err, flush=True)

    output = args.output.resolve() if args.output else None
    try:
        server = LiveServer(root, _languages(args), args.host, args.port, output, args.pdf, report)
    except OSError as error:
        print(f"cannot listen on {args.host}:{args.port}: {error.strerror} (choose another port with --port)",
              file=err)
        return EXIT_USAGE
    report(server.first)
    known = [language.code for language in server.preview.book.config.languages] if server.preview.book else []
    unknown = [code for code in _languages(args) if known and code not in known]
    if unknown:
        print(f"book.yaml: language '{unknown[0]}' is not listed in book.yaml (add it under 'languages')", file=err)
        server.stop()
        return EXIT_SOURCE
    server.start()
    print(f"serving {server.url} (press Ctrl+C to stop)", file=out, flush=True)
    try:
        threading.Event().wait()
    finally:
        server.stop()
    return EXIT_OK


class Progress:
    """Job progress: a live table with elapsed times on a terminal, one line per event otherwise."""

    def __init__(self, out: TextIO):
        self.out, self.live = out, out.isatty()
        self.running: dict = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.drawn = 0

    def __enter__(self) -> "Progress":
        if self.live:
            self.thread = threading.Thread(target=self._tick, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        if self.live:
            self.thread.join()
            self._draw()

    def say(self, message: str) -> None:
        with self.lock:
            print(message, file=self.out, flush=True)

    def started(self, job) -> None:
        with self.lock:
            self.running[job] = time.monotonic()
            if not self.live:
                print(f"{job} ...", file=self.out, flush=True)

    def finished(self, result) -> None:
        with self.lock:
            self.running.pop(result.job, None)
            pages = f", {result.pages} pages" if result.pages else ""
            status = "FAILED" if result.error else f"{_shown(result.path, Path.cwd())}{pages}"
            line = f"{result.job}: {status} ({result.seconds:.1f} s)"
            if self.live:
                self._clear()
            print(line, file=self.out, flush=True)

    def _tick(self) -> None:
        while not self.stop.wait(0.2):
            with self.lock:
                self._draw()

    def _clear(self) -> None:
        if self.drawn:
            self.out.write(f"\x1b[{self.drawn}A\x1b[J")
            self.drawn = 0

    def _draw(self) -> None:
        self._clear()
        now = time.monotonic()
        for job, start in self.running.items():
            self.out.write(f"  {str(job):<18} {now - start:6.1f} s\n")
        self.drawn = len(self.running)
        self.out.flush()


def run_changes(args: argparse.Namespace, root: Path, diagnostics: Diagnostics, out: TextIO, err: TextIO) -> int:
    from .build import load_sources
    from .changes import describe_changes
    from .i18n.workflow import changes_with_translations

    changes = changes_with_translations(root, load_sources(root, diagnostics), args.since)
    for line in describe_changes(changes):
        print(line, file=out)
    return EXIT_OK


def run_check(args: argparse.Namespace, root: Path, diagnostics: Diagnostics, out: TextIO, err: TextIO) -> int:
    from .check import check_book

    report = check_book(root, _languages(args), diagnostics)
    _print_warnings(diagnostics, err)
    print_uncertain_facts(report.book, out)
    for language in report.languages:
        print(f"{language.language}: {language.messages} messages; {language.fuzzy} fuzzy, {language.changed} changed "
              f"in the sources since the last update, {language.glossary} not as the glossary agrees", file=out)
    if report.old_statuses:
        print(f"{report.old_statuses} statuses are older than book.yaml's checks.status_max_age", file=out)
    print(f"sources OK: {root}", file=out)
    return EXIT_OK


def print_uncertain_facts(book, out: TextIO) -> None:
    """For the editor: every fact the sources leave open, so it can be checked before printing."""
    from collections import Counter

    from .sources.book import uncertain_facts

    facts = uncertain_facts(book)
    if not facts:
        return
    counts = Counter(fact.basis for _, fact in facts)
    summary = ", ".join(f"{n} {basis}" for basis, n in sorted(counts.items()))
    print(f"{len(facts)} facts are not stated as such by the sources ({summary}); check them before printing:",
          file=out)
    names = [profile for profile, fact in facts if fact.fact == "name_original" and fact.basis == "transliterated"]
    for profile, fact in facts:
        if fact.fact == "name_original" and fact.basis == "transliterated":
            continue
        note = f": {fact.note}" if fact.note else ""
        print(f"{fact.location}: note: {fact.fact} is {fact.basis}{note}", file=out)
    if names:
        print(f"  the original-script names of {len(names)} people are transliterations made for this book, "
              f"not spellings from the sources: {', '.join(p.id for p in names)}", file=out)


def _print_warnings(diagnostics: Diagnostics, err: TextIO, warnings=None) -> None:
    if diagnostics.strict:
        return
    for warning in dict.fromkeys(warnings if warnings is not None else diagnostics.warnings):
        print(warning, file=err)


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
