"""The live preview: `bookbuild serve` shows the web edition on this computer and reloads the open
page when a source changes.

A watcher (watchfiles) follows the book's chapters, profiles, catalogues, images, templates,
styles and legal systems, and the theme; after a change the book is read again (live.py),
and every open page is told through a server-sent event, to which its small script answers by
reloading. Pages are rendered when asked, with the web edition's templates (site.py); a page
shown while the sources have errors is the last good one, with the errors above it, each with
its file and line.

The server listens on 127.0.0.1 unless told otherwise, and answers only with the pages and
files of the book's own sites: no path leads anywhere else on the disk. It never runs the PDF
engines unless asked (`pdf=True`): then, after each change, the PDFs and the EPUB are rebuilt
in a separate process, and the contents page links to them once they are made.
"""

from __future__ import annotations

import html
import mimetypes
import subprocess
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from . import builders, themes
from .errors import BookError, Diagnostic
from .live import Change, Preview, built_files
from .site import COVER_PATH, STYLESHEETS, WebRenderer, render_pages, search_index
from .writers import image_files

EVENTS = "/_live/events"
WATCHED = ("book.yaml", "chapters", "profiles", "translations", "images", "templates", "styles", "jurisdictions")
SKIPPED_SUFFIXES = (".part", ".swp", ".swx", "~")


class LiveServer:
    """The preview's HTTP server and watcher. `changed` is called after every refresh."""

    def __init__(self, root: Path, languages: tuple[str, ...] = (), host: str = "127.0.0.1", port: int = 8000,
                 output: Path | None = None, pdf: bool = False, changed: Callable[[Change], None] = lambda c: None):
        self.root, self.output, self.pdf, self.changed = root, output or root / "build", pdf, changed
        self.preview = Preview(root, languages)
        self.first = self.preview.refresh()
        self.pages: dict[tuple[str, str], bytes] = {}  # the last good rendering of each page
        self.searches: dict[str, tuple[int, bytes]] = {}
        self.news = threading.Condition()
        self.stopping = threading.Event()
        self.watching = threading.Event()
        self.httpd = ThreadingHTTPServer((host, port), _handler(self))
        self.httpd.daemon_threads = True
        self.pdf_build: subprocess.Popen | None = None
        self.started = False

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        """Start watching and serving, in background threads; returns once the watcher is ready."""
        threading.Thread(target=self._watch, name="watch", daemon=True).start()
        threading.Thread(target=self.httpd.serve_forever, name="serve", daemon=True).start()
        self.started = True
        self.watching.wait(10)
        if self.pdf:
            self._build_pdf()

    def stop(self) -> None:
        self.stopping.set()
        with self.news:
            self.news.notify_all()
        if self.started:
            self.httpd.shutdown()
        self.httpd.server_close()
        if self.pdf_build and self.pdf_build.poll() is None:
            self.pdf_build.terminate()

    # Watching -------------------------------------------------------------------------------

    def watched(self) -> list[Path]:
        paths = [self.root / name for name in WATCHED if (self.root / name).exists()]
        return paths + [themes.THEME.parent / "jurisdictions", themes.THEME]

    def _watch(self) -> None:
        from watchfiles import DefaultFilter, watch

        wanted = DefaultFilter(ignore_paths=[str(self.output)])
        for changes in watch(*self.watched(), watch_filter=lambda change, path: wanted(change, path)
                             and not path.endswith(SKIPPED_SUFFIXES), debounce=400, step=30, rust_timeout=200,
                             yield_on_timeout=True, stop_event=self.stopping, raise_interrupt=False):
            self.watching.set()
            if changes:
                self.refresh(tuple(sorted({Path(path) for _, path in changes})))

    def refresh(self, paths: tuple[Path, ...]) -> Change:
        """Read the changed sources and tell every open page to reload."""
        change = self.preview.refresh(paths)
        with self.news:
            self.news.notify_all()
        self.changed(change)
        if self.pdf:
            self._build_pdf()
        return change

    def _build_pdf(self) -> None:
        """Rebuild the other outputs in a separate process, then tell the pages (their download links)."""
        if self.pdf_build and self.pdf_build.poll() is None:
            self.pdf_build.terminate()
            self.pdf_build.wait()
        command = [sys.executable, "-m", "bookbuild", "-C", str(self.root), "build", "--output", str(self.output)]
        for code in self.preview.codes:
            command += ["--lang", code]
        for name in ("print", "screen", "leaflets", "cover", "epub"):
            command += ["--format", name]
        self.pdf_build = build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def announce() -> None:
            if build.wait() == 0 and not self.stopping.is_set():
                self.preview.generation += 1
                with self.news:
                    self.news.notify_all()
        threading.Thread(target=announce, daemon=True).start()

    # Answers ----------------------------------------------------------------------------------

    def wait_for_change(self, since: int, timeout: float = 15.0) -> int | None:
        """The preview's generation once it is newer than `since`; None on timeout or when stopping."""
        with self.news:
            self.news.wait_for(lambda: self.preview.generation > since or self.stopping.is_set(), timeout)
        return self.preview.generation if self.preview.generation > since and not self.stopping.is_set() else None

    def answer(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a GET of `path` under a language's site."""
        parts = path.lstrip("/").split("/", 1)
        if parts[0] == "_build" and len(parts) == 2:
            return self._built_file(*((parts[1].split("/", 1) + [""])[:2]))
        code, rest = parts[0], (parts[1] if len(parts) > 1 else "")
        if code not in self.preview.codes:
            return _not_found()
        with self.preview.lock:
            return self._site_file(code, rest or "index.html")

    def _site_file(self, code: str, rest: str) -> tuple[int, str, bytes]:
        site = self.preview.site(code, self.output)
        if site is None:
            return 200, "text/html; charset=utf-8", self._decorate(code, rest, b"")
        page = site.page(rest)
        if page is not None:
            try:
                body = WebRenderer(self.root, site).render_page(page).encode()
                self.pages[(code, rest)] = body
                errors: list[Diagnostic] = []
            except BookError as error:
                body, errors = self.pages.get((code, rest), b""), list(getattr(error, "diagnostics",
                                                                                [error.diagnostic]))
            return 200, "text/html; charset=utf-8", self._decorate(code, rest, body, errors)
        data = self._asset(site, code, rest)
        return (200, _content_type(rest), data) if data is not None else _not_found()

    def _asset(self, site, code: str, rest: str) -> bytes | None:
        """A file of the site other than its pages; None if the site has no such file."""
        if rest in STYLESHEETS[1:]:
            return themes.stylesheet(self.root, rest).read_bytes()
        renderer = WebRenderer(self.root, site)
        fonts = self.preview.fonts(code)
        if rest == "fonts.css":
            return renderer.render("fonts.css.j2", faces=fonts, prefix="fonts/").encode()
        if rest == "search.js":
            return renderer.render("web/search.js.j2").encode()
        if rest == "search-index.js":
            generation, data = self.searches.get(code, (-1, b""))
            if generation != self.preview.generation:
                data = search_index(renderer, render_pages(renderer)).encode()
                self.searches[code] = (self.preview.generation, data)
            return data
        face = next((f for f in fonts if f"fonts/{f.file_name}" == rest), None)
        if face is not None:
            return face.path.read_bytes()
        if rest in image_files(site.edition.book):
            return (self.root / rest).read_bytes()
        if rest == COVER_PATH and site.cover:
            return self._built_file(code, builders.REGISTRY["cover"]().file_name(site.edition.book.config.slug))[2]
        return None

    def _built_file(self, code: str, name: str) -> tuple[int, str, bytes]:
        """A file built by `make` (PDF, EPUB, cover), if it is one of this edition's outputs."""
        if code not in self.preview.codes or self.preview.book is None:
            return _not_found()
        config = self.preview.book.config
        names = {builders.REGISTRY[b]().file_name(config.slug) for b in built_files(config, self.output / code)}
        if name not in names:
            return _not_found()
        return 200, _content_type(name), (self.output / code / name).read_bytes()

    def _decorate(self, code: str, path: str, body: bytes, errors: list[Diagnostic] | None = None) -> bytes:
        """A page as the preview serves it: with the errors of the sources above it, if there are any,
        and the script that reloads it after a change."""
        errors = self.preview.errors + (errors or [])
        text = body.decode() if body else _EMPTY
        if errors:
            items = "".join(f"<li><code>{html.escape(str(error.location or ''))}</code> "
                            f"{html.escape(error.message)}</li>" for error in errors)
            kept = "the page below is the last version that built" if body else "no version of this page has built yet"
            box = (f'<div id="bookbuild-errors" role="alert" style="{_ERROR_STYLE}"><p style="margin:0 0 .3em">'
                   f'<strong>The sources have errors</strong>: {kept}.</p><ul style="margin:0;padding-inline-start:1.2em">'
                   f'{items}</ul></div>')
            text = _insert_after_body(text, box)
        script = _RELOAD.replace("GENERATION", str(self.preview.generation))
        return text.replace("</body>", script + "</body>", 1).encode()


_EMPTY = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>bookbuild</title></head><body></body></html>"
_ERROR_STYLE = ("position:sticky;top:0;z-index:10;margin:0;padding:.7em 1em;background:#fff3f0;color:#5c0d00;"
                "border-bottom:3px solid #b3261e;font:15px/1.4 sans-serif;direction:ltr;text-align:left")
_RELOAD = ('<script>/* live preview: reload after a change */(function(){'
           'var e=new EventSource("' + EVENTS + '?since=GENERATION");'
           'e.onopen=function(){document.documentElement.dataset.live="open";};'
           'e.onmessage=function(){e.close();window.location.reload();};}());</script>')


def _insert_after_body(text: str, box: str) -> str:
    start = text.find("<body")
    end = text.find(">", start)
    return text[:end + 1] + box + text[end + 1:] if start != -1 else box + text


def _content_type(name: str) -> str:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("javascript") else kind


def _not_found() -> tuple[int, str, bytes]:
    return 404, "text/plain; charset=utf-8", b"not part of this book\n"


def _handler(server: LiveServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            if path == EVENTS:
                return self.events(int((parse_qs(parts.query).get("since") or ["0"])[0] or 0))
            if path in ("/", "") or path.rstrip("/") in (f"/{code}" for code in server.preview.codes):
                code = path.strip("/") or (server.preview.codes or ("",))[0]
                return self.redirect(f"/{code}/index.html")
            if ".." in path.split("/"):
                return self.send(*_not_found())
            self.send(*server.answer(path))

        def send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600" if "/fonts/" in self.path else "no-cache")
            self.end_headers()
            self.wfile.write(body)

        def redirect(self, target: str) -> None:
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def events(self, since: int) -> None:
            """A server-sent event each time the sources change; the page reloads on the first."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            try:
                while not server.stopping.is_set():
                    generation = server.wait_for_change(since)
                    self.wfile.write(f"data: {generation}\n\n".encode() if generation else b": waiting\n\n")
                    self.wfile.flush()
                    if generation:
                        since = generation
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def log_message(self, format: str, *args) -> None:  # the command line reports changes instead
            pass

    return Handler
