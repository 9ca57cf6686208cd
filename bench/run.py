"""The benchmark: how long a build takes, how much memory it needs, and how that compares with
WeasyPrint alone rendering the same HTML (the floor no pipeline can beat); how long the web
edition of each language takes; and how soon the live preview shows a saved change (live.py).

    python bench/run.py [--quick]

Prints a table and writes build/bench.json. Works on copies under build/bench/, never on the
project's own files. --quick skips the 1,000-profile book.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import live
from synthetic import make_book

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "bench"
PYTHON = sys.executable

# Renders the final HTML files of a build with WeasyPrint alone, with the options the pipeline uses.
FLOOR = r"""
import sys, time
from pathlib import Path
from weasyprint import HTML
VARIANTS = {"index.html": None, "screen.html": "pdf/ua-1", "leaflets.html": None, "cover.html": None}
out = Path(sys.argv[1])
for html in sys.argv[2:]:
    html = Path(html)
    document = HTML(filename=str(html)).render()
    document.write_pdf(str(out / (html.parent.parent.name + "-" + html.stem + ".pdf")), pdf_variant=VARIANTS[html.name])
    if html.name == "leaflets.html":
        for index, page in enumerate(document.pages):
            document.copy([page]).write_pdf(str(out / f"{html.parent.parent.name}-leaflet-{index}.pdf"))
"""


# Runs a command and reports the largest resident set of it and its workers, on its last line.
PEAK = r"""
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def measure(command: list[str], cwd: Path = ROOT, env: dict | None = None) -> dict:
    """Wall time and peak memory (the largest resident set of the process or any of its workers)."""
    start = time.perf_counter()
    run = subprocess.run([PYTHON, "-c", PEAK] + command, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{run.stderr[-3000:]}")
    peak_kb = int(run.stderr.strip().splitlines()[-1])
    return {"seconds": round(wall, 2), "peak_mb": round(peak_kb / 1024, 1), "stdout": run.stdout}


def build(project: Path, output: Path, workers: int, languages: str | None = None, force: bool = True) -> dict:
    command = [PYTHON, "-m", "bookbuild", "-C", str(project), "build", "--output", str(output), "--jobs", str(workers)]
    if languages:
        command += ["--lang", languages]
    if force:
        command.append("--force")
    result = measure(command)
    result["pages"] = count_pages(output)
    return result


def count_pages(output: Path) -> int:
    """Pages of the book-length PDFs (print, screen, leaflets) under `output`."""
    from pypdf import PdfReader
    return sum(len(PdfReader(pdf).pages) for pdf in output.glob("*/*.pdf"))


def floor(output: Path) -> dict:
    htmls = sorted(str(p) for name in ("index.html", "screen.html", "leaflets.html", "cover.html")
                   for p in output.glob(f"*/html/{name}"))
    scratch = output.parent / (output.name + "-floor")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    return measure([PYTHON, "-c", FLOOR, str(scratch)] + htmls, env=env)


def copy_project(target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("build", "dist", ".venv", "node_modules", ".git",
                                                                "__pycache__", ".pytest_cache", ".hypothesis"))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 1,000-profile book")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows, results = [], {}

    project = copy_project(WORK / "project")
    serial = build(project, WORK / "sample-serial", 1)
    parallel = build(project, WORK / "sample-parallel", 2)
    base = floor(WORK / "sample-serial")
    results["sample"] = {"serial": serial, "parallel": parallel, "floor": base,
                         "overhead_ratio": round(serial["seconds"] / base["seconds"], 3),
                         "parallel_speedup": round(serial["seconds"] / parallel["seconds"], 2)}
    results["web_seconds"] = web_seconds(serial["stdout"])
    rows.append(("sample, all languages, -j 1", serial, base))
    rows.append(("sample, all languages, -j 2", parallel, base))

    noop = build(project, WORK / "sample-parallel", 2, force=False)
    po = project / "translations" / "de" / "chapters" / "introduction.po"
    po.write_text(po.read_text(encoding="utf-8").replace("# Translations template", "# Benchmark edit.\n# Translations", 1)
                  .replace('msgstr "Einleitung"', 'msgstr "Einführung"', 1), encoding="utf-8")
    one_po = build(project, WORK / "sample-parallel", 2, force=False)
    changed = sorted({line.split()[0] for line in one_po["stdout"].splitlines() if re.match(r"^\w+ \w+: ", line)})
    results["rebuild"] = {"noop": noop, "one_po": one_po, "languages_changed_by_one_po": changed}
    rows.append(("no-op rebuild", noop, None))
    rows.append(("rebuild after editing one de .po", one_po, None))

    results["live_reload"] = live.measure(project)

    for count in ([100] if args.quick else [100, 1000]):
        book = make_book(count, WORK / f"book-{count}")
        run = build(book, WORK / f"synthetic-{count}", 2, "en")
        serial_run = build(book, WORK / f"synthetic-{count}-serial", 1, "en")
        base = floor(WORK / f"synthetic-{count}-serial")
        results[f"synthetic_{count}"] = {"parallel": run, "serial": serial_run, "floor": base,
                                         "seconds_per_page": round(serial_run["seconds"] / serial_run["pages"], 4),
                                         "overhead_ratio": round(serial_run["seconds"] / base["seconds"], 3)}
        rows.append((f"{count} profiles, en, -j 1", serial_run, base))
        rows.append((f"{count} profiles, en, -j 2", run, base))

    for result in results.values():
        for value in result.values():
            if isinstance(value, dict):
                value.pop("stdout", None)
    results["targets"] = check_targets(results)
    print_table(rows, results)
    (ROOT / "build" / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def web_seconds(stdout: str) -> dict[str, float]:
    """The time of each language's web edition job, from the build's progress lines."""
    found = re.findall(r"^(\w+) web: .*\(([\d.]+) s\)$", stdout, re.M)
    return {language: float(seconds) for language, seconds in found}


def check_targets(results: dict) -> dict:
    sample = results["sample"]
    targets = {
        "full build <= 1.10 x floor": sample["overhead_ratio"] <= 1.10,
        "parallel >= 1.6 x serial": sample["parallel_speedup"] >= 1.6,
        "no-op rebuild < 0.5 s": results["rebuild"]["noop"]["seconds"] < 0.5,
        "one .po rebuilds only its language": results["rebuild"]["languages_changed_by_one_po"] == ["de"],
        "live preview: a saved chapter shows in the browser in < 1 s":
            results["live_reload"]["chapter_en"]["median_ms"] < 1000,
    }
    if "synthetic_1000" in results:
        small, large = results["synthetic_100"], results["synthetic_1000"]
        targets["1,000 profiles: time per page <= 1.3 x 100 profiles"] = (
            large["seconds_per_page"] <= 1.3 * small["seconds_per_page"])
        targets["1,000 profiles: peak memory < 2 GiB"] = large["serial"]["peak_mb"] < 2048
    return targets


def print_table(rows, results) -> None:
    print(f"{'run':<38}{'wall s':>9}{'peak MB':>9}{'pages':>7}{'floor s':>9}{'ratio':>7}")
    print("-" * 79)
    for name, run, base in rows:
        ratio = f"{run['seconds'] / base['seconds']:.2f}" if base else ""
        floor_s = f"{base['seconds']:.1f}" if base else ""
        print(f"{name:<38}{run['seconds']:>9.2f}{run['peak_mb']:>9.0f}{run.get('pages', 0):>7}{floor_s:>9}{ratio:>7}")
    print()
    print(f"parallel speed-up on the sample: {results['sample']['parallel_speedup']:.2f}x")
    print(f"languages rebuilt after editing one de .po: {', '.join(results['rebuild']['languages_changed_by_one_po'])}")
    print("web edition, seconds per language: "
          + ", ".join(f"{code} {seconds:.1f}" for code, seconds in results["web_seconds"].items()))
    for name, times in results["live_reload"].items():
        print(f"live preview, {name.replace('_', ' ')}: write to reloaded page {times['median_ms']} ms median, "
              f"{times['max_ms']} ms at most ({len(times['runs_ms'])} saves)")
    for name in ("synthetic_100", "synthetic_1000"):
        if name in results:
            print(f"{name.replace('_', ' ')}: {results[name]['seconds_per_page'] * 1000:.1f} ms per page (serial)")
    print()
    for target, ok in results["targets"].items():
        print(f"{'PASS' if ok else 'FAIL'}  {target}")


if __name__ == "__main__":
    main()
