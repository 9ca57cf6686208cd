"""Synthetic books for the benchmark: the sample's profiles, repeated to any number of prisoners.

    python bench/synthetic.py 1000 /tmp/book-1000

writes a complete book folder (book.yaml, chapters, profiles, templates, styles)
with `count` profiles in chapters of ten, in English only.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PER_CHAPTER = 10


def make_book(count: int, target: Path) -> Path:
    """A book folder with `count` profiles made from the sample's; returns it."""
    if target.exists():
        shutil.rmtree(target)
    for folder in ("templates", "styles", "images"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, target / folder)
    (target / "chapters").mkdir(parents=True)
    (target / "profiles").mkdir()
    samples = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "profiles").glob("*.yaml"))]
    narrative = (ROOT / "chapters" / "tyumen-case.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    chapters = []
    for number in range(count):
        profile = dict(samples[number % len(samples)])
        chapter = f"case-{number // PER_CHAPTER + 1:03d}"
        profile["id"] = f"{profile['id']}-{number + 1:04d}"
        profile["name"] = f"{profile['name']} {number + 1}"
        profile["case"] = chapter
        profile.pop("photo", None)
        (target / "profiles" / f"{profile['id']}.yaml").write_text(
            yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
        if chapter not in chapters:
            chapters.append(chapter)
            text = narrative.replace("[^", "[^").strip()
            (target / "chapters" / f"{chapter}.md").write_text(
                f"---\nid: {chapter}\ntitle: Case {len(chapters)}\n---\n\n{text}\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "book.yaml").read_text(encoding="utf-8"))
    config["languages"] = {"en": {}}
    config["slug"] = f"synthetic-{count}"
    config["front_matter"] = ["title-page", "colophon", "contents"]
    config["contents"] = [{"part": "cases", "title": "Cases", "chapters": [{"chapter": c} for c in chapters]}]
    (target / "book.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(make_book(int(sys.argv[1]), Path(sys.argv[2])))
