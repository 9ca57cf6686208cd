"""How fast the live preview shows a saved change: from the write of the file to the load event of
the reloaded page, in headless Chromium (tests/live_reload.js measures both in one process).

    python bench/live.py               # on a copy of the sample book; prints JSON

Used by bench/run.py on its copy of the sample book. It saves files of the book it measures:
never point it at the project itself.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITS = 7


def serve(book: Path) -> tuple[subprocess.Popen, str]:
    """`bookbuild serve` on a free port; returns the process and its address once it listens."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    process = subprocess.Popen([sys.executable, "-m", "bookbuild", "-C", str(book), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    for line in process.stdout:
        found = re.search(r"serving (http://\S+)", line)
        if found:
            return process, found.group(1)
    raise SystemExit("bookbuild serve did not start")


def edits(path: Path, old: str, count: int = EDITS) -> list[dict]:
    """`count` saves of `path`, each changing `old` so that the page shows a new marker."""
    original = path.read_text(encoding="utf-8")
    assert old in original, f"{old!r} is not in {path}"
    steps = [{"file": str(path), "text": original.replace(old, f"{old} (edit {n})", 1), "expect": [f"(edit {n})"]}
             for n in range(1, count + 1)]
    return steps + [{"file": str(path), "text": original, "expect": []}]  # put back as it was


def reload_times(url: str, steps: list[dict]) -> list[int]:
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH="/usr/bin/chromium", NODE_PATH=str(ROOT / "node_modules"))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as plan:
        json.dump(steps, plan, ensure_ascii=False)
    try:
        run = subprocess.run(["node", str(ROOT / "tests" / "live_reload.js"), url, plan.name], capture_output=True,
                             text=True, env=env, timeout=600)
    finally:
        os.unlink(plan.name)
    if run.returncode != 0:
        raise SystemExit(f"live_reload.js failed:\n{run.stderr[-2000:]}")
    results = json.loads(run.stdout)["steps"]
    missing = [step["missing"] for step in results if step["missing"]]
    if missing:
        raise SystemExit(f"the reloaded page did not show the edit: {missing}")
    return [step["ms"] for step in results]


def summary(times: list[int]) -> dict:
    return {"median_ms": int(statistics.median(times)), "max_ms": max(times), "runs_ms": times}


def measure(book: Path) -> dict:
    """Edit-to-reload times: a chapter saved, seen in its own language and in a translation; a
    translator's catalogue saved, seen in its language."""
    process, url = serve(book)
    try:
        chapter = book / "chapters" / "tyumen-case.md"
        paragraph = "The arrests continued the next evening, 31 August"
        results = {"chapter_en": summary(reload_times(url + "en/chapters/tyumen-case.html", edits(chapter, paragraph)))}
        results["chapter_seen_in_ru"] = summary(reload_times(url + "ru/chapters/tyumen-case.html",
                                                             edits(chapter, paragraph)))
        catalogue = book / "translations" / "ru" / "chapters" / "tyumen-case.po"
        results["catalogue_ru"] = summary(reload_times(url + "ru/chapters/tyumen-case.html",
                                                       edits(catalogue, "Тюменское дело")))
    finally:
        process.terminate()
        process.wait()
    return results


if __name__ == "__main__":
    import shutil

    with tempfile.TemporaryDirectory() as scratch:
        copy = shutil.copytree(ROOT, Path(scratch) / "book", ignore=shutil.ignore_patterns(
            "build", "dist", ".venv", "node_modules", ".git", "__pycache__", ".pytest_cache", ".hypothesis"))
        print(json.dumps(measure(copy), indent=2))
