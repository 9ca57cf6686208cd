"""Reading the web edition the way a browser and a crawler do: its links, its metadata, and
Chromium's view of it (requests, images, axe-core's accessibility report)."""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from conftest import BROWSER_ENV, ROOT


class Page(HTMLParser):
    """A page's links (href and src), element ids, meta tags and JSON-LD."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}
        self.json_ld: list[dict] = []
        self.scripts: list[dict] = []
        self.html_attrs: dict[str, str] = {}
        self._in_ld = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])
        if tag == "meta" and attrs.get("content") is not None:
            self.meta[attrs.get("property") or attrs.get("name")] = attrs["content"]
        if tag == "script":
            self.scripts.append(attrs)
            self._in_ld = attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))
            self._in_ld = False


def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def broken_links(page_file: Path, top: Path) -> list[str]:
    """Links of `page_file` that lead to no file (or no element) under `top`; links to other sites
    are left out, since following them is the reader's choice, not a request of the page."""
    page = read_page(page_file)
    broken = []
    for link in page.links:
        target = urlparse(urljoin(page_file.as_uri(), link))
        if target.scheme in ("http", "https", "mailto"):
            continue
        path = Path(unquote(target.path))
        if target.scheme != "file" or not path.is_relative_to(top) or not path.is_file():
            broken.append(link)
        elif target.fragment and target.fragment not in read_page(path).ids:
            broken.append(link)
    return broken


def browse(pages: list[dict], tmp_path: Path) -> list[dict]:
    """Chromium's report on each page (see tests/web_check.js)."""
    plan = tmp_path / "pages.json"
    plan.write_text(json.dumps([{"axe": True, "screenshot": None, **page} for page in pages]), encoding="utf-8")
    run = subprocess.run(["node", str(ROOT / "tests" / "web_check.js"), str(plan)], capture_output=True, text=True,
                         env=BROWSER_ENV, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def outside_requests(report: dict, top: Path) -> list[str]:
    """Requests a page made for anything but a file under `top`."""
    return [url for url in report["requests"]
            if urlparse(url).scheme != "file" or not Path(unquote(urlparse(url).path)).is_relative_to(top)]


def serious(report: dict) -> list[tuple[str, str]]:
    return [(v["id"], v["help"]) for v in report["violations"] if v["impact"] in ("critical", "serious")]
