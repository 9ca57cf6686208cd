"""`python -m bookbuild`: argument parsing, progress lines, `file:line: message` output, exit codes.

The library never prints or exits; `main(argv)` does, and returns the exit status
so that tests can call it without a shell.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from .build import ALL_FORMATS, FORMATS, BuildRequest, build, load_sources
from .errors import BookError, Diagnostics

EXIT_OK, EXIT_SOURCE, EXIT_USAGE = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bookbuild",
                                     description="Build the book's editions: print PDF and EPUB, per language.")
    parser.add_argument("-C", "--root", type=Path, default=Path("."), help="the book's folder (default: .)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build editions")
    build_cmd.add_argument("--lang", dest="languages", action="append", default=[],
                           help="a language to build (repeat, or separate with spaces/commas); default: all")
    build_cmd.add_argument("--format", dest="formats", action="append", choices=ALL_FORMATS + ("pdf",),
                           help="build only this output (repeatable): print, screen, leaflets, epub, proof, "
                                "or pdf for every PDF; default: all but proof")
    build_cmd.add_argument("-o", "--output", type=Path, help="the output folder (default: build/ in the book's folder)")
    commands.add_parser("check", help="read and check every source without building")
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
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = make_parser().parse_args(argv)
    diagnostics = Diagnostics(strict=args.strict)
    root = args.root.resolve()
    try:
        if args.command == "check":
            load_sources(root, diagnostics)
            _print_warnings(diagnostics, err)
            print(f"sources OK: {root}", file=out)
            return EXIT_OK
        if args.command == "build":
            return run_build(args, root, diagnostics, out, err)
        return run_catalogue_command(args, root, diagnostics, out, err)
    except BookError as error:
        _print_warnings(diagnostics, err)
        for line in error.lines():
            print(line, file=err)
        return error.exit_code
    except KeyboardInterrupt:
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
        if args.min_coverage is not None:
            low = workflow.below_threshold(table, args.min_coverage)
            for code, percent in low:
                print(f"{code}: {percent:.1f}% translated, below the required {args.min_coverage:g}%", file=err)
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

    header = f"{'language':<10}{'catalogue':<36}{'translated':>12}{'fuzzy':>8}{'untransl.':>10}" \
             f"{'words':>9}{'w. transl.':>11}{'%':>7}"
    print(header, file=out)
    print("-" * len(header), file=out)
    for code, rows in table.items():
        shown = list(rows.items()) if by_catalogue else []
        shown.append(("all", sum(rows.values(), Counts())))
        for name, c in shown:
            print(f"{code:<10}{name:<36}{c.translated:>12}{c.fuzzy:>8}{c.untranslated:>10}"
                  f"{c.total_words:>9}{c.translated_words:>11}{c.percent:>6.1f}%", file=out)


def run_build(args: argparse.Namespace, root: Path, diagnostics: Diagnostics, out: TextIO, err: TextIO) -> int:
    languages = _languages(args)
    output = args.output.resolve() if args.output else None
    request = BuildRequest(root, languages, tuple(args.formats or FORMATS), args.strict, output)
    report = build(request, diagnostics, progress=lambda message: print(message, file=out, flush=True))
    _print_warnings(diagnostics, err)
    for output in report.outputs:
        pages = f", {output.pages} pages" if output.pages else ""
        print(f"wrote {_shown(output.path, root)} ({output.seconds:.1f} s{pages})", file=out)
    for code, reason in report.skipped.items():
        print(f"{code}: skipped", file=err)
    for code, error in report.failed.items():
        for line in error.lines():
            print(line, file=err)
        print(f"{code}: FAILED", file=err)
    if report.failed:
        return max(error.exit_code for error in report.failed.values())
    return EXIT_OK


def _print_warnings(diagnostics: Diagnostics, err: TextIO) -> None:
    if diagnostics.strict:
        return
    for warning in diagnostics.warnings:
        print(warning, file=err)


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
