"""`python -m bookbuild`: argument parsing, progress lines, `file:line: message` output, exit codes.

The library never prints or exits; `main(argv)` does, and returns the exit status
so that tests can call it without a shell.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from .build import FORMATS, BuildRequest, build, load_sources
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
    build_cmd.add_argument("--format", dest="formats", action="append", choices=FORMATS,
                           help="build only this format (repeatable); default: all")
    build_cmd.add_argument("-o", "--output", type=Path, help="the output folder (default: build/ in the book's folder)")
    commands.add_parser("check", help="read and check every source without building")
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
        return run_build(args, root, diagnostics, out, err)
    except BookError as error:
        _print_warnings(diagnostics, err)
        for line in error.lines():
            print(line, file=err)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted: earlier outputs are unchanged", file=err)
        return 130


def run_build(args: argparse.Namespace, root: Path, diagnostics: Diagnostics, out: TextIO, err: TextIO) -> int:
    languages = tuple(code for value in args.languages for code in value.replace(",", " ").split())
    output = args.output.resolve() if args.output else None
    request = BuildRequest(root, languages, tuple(args.formats or FORMATS), args.strict, output)
    report = build(request, diagnostics, progress=lambda message: print(message, file=out, flush=True))
    _print_warnings(diagnostics, err)
    for output in report.outputs:
        pages = f", {output.pages} pages" if output.pages else ""
        print(f"wrote {_shown(output.path, root)} ({output.seconds:.1f} s{pages})", file=out)
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
