"""Shares of translated text are rounded down, everywhere a reader or translator sees one: an
almost complete translation never reads as complete."""

from __future__ import annotations

import math
import re

from bookbuild.build import floor_percent
from bookbuild.i18n import format_percent
from conftest import run_cli
from i18n_helpers import add_language, translate_po


def test_percentages_round_down():
    assert floor_percent(99.96) == "99.9%"
    assert floor_percent(12.99) == "12.9%"
    assert floor_percent(100.0) == "100.0%"
    assert format_percent(0.9996, "en") == "99%"
    assert format_percent(0.119, "de").replace("\xa0", " ") == "11 %"


def test_stats_and_colophon_agree_and_round_down(minibook):
    add_language(minibook, "  de: {}")
    assert run_cli("-C", minibook, "init", "--lang", "de").code == 0
    po = minibook / "translations" / "de" / "chapters" / "first-case.po"
    translate_po(po, {"The arrests": "Die Festnahmen", "the first event": "das erste Ereignis",
                      "A list of events:": "Eine Liste der Ereignisse:"})
    stats = run_cli("-C", minibook, "stats", "--lang", "de")
    row = next(line for line in stats.out.splitlines() if line.startswith("de") and " all " in line)
    translated, total, shown = int(row.split()[-2]), int(row.split()[-3]), row.split()[-1]
    exact = 100 * translated / total
    assert shown == f"{math.floor(exact * 10) / 10:.1f}%"
    assert run_cli("-C", minibook, "build", "--lang", "de", "--format", "print").code == 0
    html = (minibook / "build" / "de" / "html" / "index.html").read_text().replace("\xa0", " ")
    found = re.search(r"Teilübersetzung: (\d+) % des Textes", html)
    assert found and int(found.group(1)) == math.floor(exact), (exact, found and found.group(0))
