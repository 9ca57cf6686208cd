"""The kill rate of each module after `mutmut run` (what `make mutation` prints at its end).

mutmut keeps the result of every mutant of src/<path>.py in mutants/src/<path>.py.meta; this
reads them and prints, per module, how many mutants there are and how many the tests killed,
let survive, stopped by a timeout, or never ran (no test reaches the mutated function). The kill
rate is (killed + timeout) / tried, where tried leaves out the mutants not tried yet (a run
given a few modules, or stopped early). A mutant no test reaches counts as not killed.

    python scripts/mutation-report.py                     # every module
    python scripts/mutation-report.py 'bookbuild.i18n.*'  # modules matching a pattern
    python scripts/mutation-report.py --survivors bookbuild.state
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

MUTANTS = Path("mutants")
COLUMNS = ("killed", "survived", "timeout", "no tests", "other", "not checked")


def module_name(meta: Path) -> str:
    """mutants/src/bookbuild/i18n/catalogs.py.meta -> bookbuild.i18n.catalogs"""
    relative = meta.relative_to(MUTANTS / "src").with_suffix("").with_suffix("")
    return ".".join(part for part in relative.parts if part != "__init__") or relative.as_posix()


def results(root: Path = MUTANTS) -> dict[str, dict[str, str]]:
    """The status of every mutant, by module."""
    found = {}
    for meta in sorted((root / "src").rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if codes:
            found[module_name(meta)] = {name: status_by_exit_code[code] for name, code in codes.items()}
    return found


def tally(statuses: dict[str, str]) -> Counter:
    counts = Counter()
    for status in statuses.values():
        counts[status if status in COLUMNS else "other"] += 1
    counts["total"] = len(statuses)
    return counts


def rate(counts: Counter) -> float | None:
    tried = counts["total"] - counts["not checked"]
    return 100.0 * (counts["killed"] + counts["timeout"]) / tried if tried else None


def table(by_module: dict[str, Counter]) -> str:
    width = max([len(name) for name in by_module] + [len("total")])
    head = f"{'module':<{width}}  {'mutants':>7}  " + "  ".join(f"{c:>8}" for c in COLUMNS) + "  kill rate"
    lines = [head, "-" * len(head)]
    total = Counter()
    for name, counts in by_module.items():
        total.update(counts)
        lines.append(_row(name, counts, width))
    lines += ["-" * len(head), _row("total", total, width)]
    return "\n".join(lines)


def _row(name: str, counts: Counter, width: int) -> str:
    killed = rate(counts)
    shown = f"{killed:8.1f} %" if killed is not None else "       -  "
    return f"{name:<{width}}  {counts['total']:>7}  " + "  ".join(f"{counts[c]:>8}" for c in COLUMNS) + "  " + shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="module names or patterns (bookbuild.i18n.*)")
    parser.add_argument("--survivors", action="store_true", help="also list the mutants that survived")
    args = parser.parse_args(argv)
    if not MUTANTS.is_dir():
        print("no mutants/ folder here: run `make mutation` first", file=sys.stderr)
        return 1
    found = results()
    if args.modules:
        found = {name: statuses for name, statuses in found.items()
                 if any(fnmatch.fnmatch(name, pattern) for pattern in args.modules)}
    print(table({name: tally(statuses) for name, statuses in found.items()}))
    if args.survivors:
        for name, statuses in found.items():
            for mutant, status in statuses.items():
                if status in ("survived", "no tests"):
                    print(f"{status:>8}  {mutant}  (mutmut show {mutant})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
