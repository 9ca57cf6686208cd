"""Shared fixtures: throw-away copies of books, the CLI called in-process, and PDF/EPUB readers."""

from __future__ import annotations

import fcntl
import functools
import gc
import io
import os
import logging
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from typing import Callable
from pathlib import Path

import pytest

from bookbuild.cli import main

ROOT = Path(__file__).resolve().parents[1]
# Small test books build fastest in-process; the sample edition uses the worker pool, as `make` does.
os.environ.setdefault("BOOKBUILD_JOBS", "1")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
THEME = ROOT / "src" / "bookbuild" / "theme"
# Headless Chromium for puppeteer (Ace, the page checks), as `tests/chromium` starts it.
CHROMIUM = Path(__file__).resolve().parent / "chromium"
BROWSER_ENV = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=str(CHROMIUM), NODE_PATH=str(ROOT / "node_modules"))
# A test process builds dozens of books in-process and keeps what it has read of them, so its heap
# grows large, and at the default thresholds the cyclic garbage collector walks it again and again
# (on the modules that build most, run alone, a tenth of their time). Young objects are still
# collected, less often.
gc.set_threshold(100_000, 50, 100)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from this run")


# Modules whose tests take longest, run first so that the workers share them and end together.
FIRST = ("test_ace.py",)


def pytest_collection_modifyitems(items):
    """Every test that reads the built sample book is marked `sample`, so that the fast tier
    (`-m "not sample and not slow"`, what `make mutation` runs) leaves them out."""
    for item in items:
        if "sample_build" in item.fixturenames:
            item.add_marker(pytest.mark.sample)
    items.sort(key=lambda item: item.path.name not in FIRST)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str | Path) -> Run:
    """`python -m bookbuild ARGS`, in-process."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


def make_project(folder: Path, source: Path = FIXTURES / "minibook") -> Path:
    """A book at `folder`: a copy of the fixture book `source` (printed in the default theme)."""
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("build", "dist", ".venv", "tests", ".git"))
    return folder


@pytest.fixture
def minibook(tmp_path: Path) -> Path:
    return make_project(tmp_path / "book")


def built_once(tmp_path_factory, name: str, make: Callable[[Path], object]) -> Path:
    """A book made by `make(folder)` once in a test run, by whichever test worker asks first: the
    others wait for it, then share it. Tests read it, or change a copy of it. Returns the folder
    (which `make` may leave empty, when what it makes is elsewhere)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        # One process, nothing to share. A folder of its own each time: a run that forks for each
        # test (mutmut's) must not find a book an earlier fork built with other code.
        folder = tmp_path_factory.mktemp(name) / "book"
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent / "shared"  # the run's folder, above each worker's own
    shared.mkdir(parents=True, exist_ok=True)
    folder, done = shared / name / "book", shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder.parent, ignore_errors=True)
            folder.parent.mkdir()
            make(folder)
            done.touch()
    return folder


def build_book(folder: Path, source: Path = FIXTURES / "minibook") -> Path:
    """A copy of the fixture book `source` at `folder`, built."""
    make_project(folder, source)
    result = run_cli("-C", folder, "build")
    assert result.code == 0, result.err
    return folder


@pytest.fixture(scope="session")
def minibook_build(tmp_path_factory) -> Path:
    """The small test book, built once: returns its output folder."""
    return built_once(tmp_path_factory, "minibook", build_book) / "build"


@pytest.fixture(scope="session")
def german(tmp_path_factory) -> Path:
    """A book written in German, with no profiles, printed on A4 and translated into French, built
    once: returns its output folder."""
    def make(book):
        make_project(book, FIXTURES / "german-book")
        result = run_cli("-C", book, "build")
        assert result.code == 0, result.err
        assert "warning" not in result.err, result.err
    return built_once(tmp_path_factory, "german-book", make) / "build"


@pytest.fixture(scope="session")
def belarus(tmp_path_factory) -> Path:
    """A book about invented prisoners in Belarus with a Persian translation, built once: returns
    its output folder."""
    return built_once(tmp_path_factory, "belarus-book", lambda book: build_book(book, FIXTURES / "belarus-book")) / "build"


@pytest.fixture(scope="session")
def bilingual_book(tmp_path_factory) -> Path:
    """The small book in English and in a German begun with one translated message, every output
    built once: returns the book's folder. Tests copy it before they change it."""
    from i18n_helpers import add_language, translate_po

    def make(book):
        add_language(make_project(book), "  de: {}")
        assert run_cli("-C", book, "init", "--lang", "de").code == 0
        translate_po(book / "translations" / "de" / "chapters" / "second-case.po", {"Nothing more.": "Nichts weiter."})
        result = run_cli("-C", book, "build")
        assert result.code == 0, result.err
    return built_once(tmp_path_factory, "bilingual", make)


# What make_multilingual translates: in which catalogues of translations/ (a glob), which messages.
MULTILINGUAL = (
    ("de/**/*.po", {"The arrests": "Die Festnahmen", ("person name", "Anna Smith"): "Anna Smith"}),
    ("ar/**/*.po", {"The arrests": "الاعتقالات", ("person name", "Anna Smith"): "آنا سميث"}),
    ("de/profiles.po", {"Anna Smith taught history at a school in Tula.": "Anna Smith unterrichtete Geschichte in Tula.",
                        "A teacher sentenced for a post.": "Eine Lehrerin, verurteilt für einen Beitrag."}),
    ("de/chapters/first-case.po", {'The "first" case': "Der „erste“ Fall"}),
    ("ar/chapters/second-case.po", {"The second case": "القضية الثانية"}),
)


def make_multilingual(book: Path) -> Path:
    """The small book with a partial German translation and a partial Arabic one, right to left in its
    own script face."""
    from i18n_helpers import add_language, translate_po

    add_language(book, "  de: {}\n  ar: {direction: rtl, font: Noto Naskh Arabic}")
    assert run_cli("-C", book, "init", "--lang", "de ar").code == 0
    for catalogues, words in MULTILINGUAL:
        for po in (book / "translations").glob(catalogues):
            translate_po(po, words)
    return book


@pytest.fixture(scope="session")
def web_book(tmp_path_factory) -> Path:
    """The small book in three languages (`make_multilingual`), with its web edition (and what it
    links to) built."""
    def make(book):
        make_multilingual(make_project(book))
        result = run_cli("-C", book, "build", "--format", "web")
        assert result.code == 0, result.err
    return built_once(tmp_path_factory, "web", make)


@pytest.fixture(scope="session")
def web_release(tmp_path_factory, web_book) -> Path:
    """The release of `web_book`, made from its outputs: returns the release folder."""
    def make(folder):
        result = run_cli("-C", web_book, "dist", "--dist", folder)
        assert result.code == 0, result.err
    return built_once(tmp_path_factory, "web-release", make) / "small-book-2"


def copy_built(book: Path, folder: Path) -> Path:
    """A copy at `folder` of a book with its outputs and the record of its build, so that a build
    of the copy makes only what an edit changes."""
    return Path(shutil.copytree(book, folder, symlinks=True))


@pytest.fixture
def built_minibook(minibook_build, tmp_path) -> Path:
    """A copy of the small test book with every output built."""
    return copy_built(minibook_build.parent, tmp_path / "book")


@pytest.fixture
def bilingual_copy(bilingual_book, tmp_path) -> Path:
    """A copy of `bilingual_book` to change."""
    return copy_built(bilingual_book, tmp_path / "book")


SAMPLE_LANGUAGES = ("en", "ru", "de", "ar", "fr")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The real first edition, as `make` builds it into the repository's build/ folder: the build
    runs again, once in a test run (incrementally: after `make`, it has nothing to do), so that
    every test reads the same, current editions."""
    def build(_):
        result = run_cli("-C", ROOT, "build", "--jobs", "2")
        assert result.code == 0, result.err
        assert "warning" not in result.err, result.err
    built_once(tmp_path_factory, "sample", build)
    return ROOT / "build"


_TYPESET_SPAN = re.compile(r'<span class="(?:nh|tie)">((?:(?!<span[ >]|</span>).)*)</span>', re.S)


def untypeset(markup: str) -> str:
    """HTML without the spans the typesetting puts around words a line must keep whole or together
    (`span.nh`, `span.tie`): the words and the other markup as the sources give them."""
    while True:
        plain = _TYPESET_SPAN.sub(r"\1", markup)
        if plain == markup:
            return plain
        markup = plain


def pdf_pages(pdf: Path, layout: bool = True) -> list[str]:
    """The text of each page as a reader sees it (poppler's layout mode; or, without `layout`, in
    reading order)."""
    return list(_pdftotext(str(pdf), layout, *file_version(pdf)))


def file_version(path: Path) -> tuple[int, int, int]:
    """What tells one version of a file from the next: its time, size and inode (a rebuilt output
    replaces the file)."""
    state = Path(path).stat()
    return state.st_mtime_ns, state.st_size, state.st_ino


@functools.lru_cache(maxsize=64)
def _pdftotext(pdf: str, layout: bool, *version: int) -> tuple[str, ...]:
    """poppler's text of `pdf`, read once per version of the file."""
    text = subprocess.run(["pdftotext", *(["-layout"] if layout else []), pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
    return tuple(text.split("\f")[:-1])


def folio(page_text: str) -> str | None:
    """The printed page number at the foot of a page, if any."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    if not lines:
        return None
    last = lines[-1].split()[-1] if lines[-1].split() else ""
    return last if last.isdigit() or (last and set(last) <= set("ivxlc")) else None


def changed_epub(epub: Path, copy: Path, name: str, change) -> Path:
    """A copy of `epub` at `copy` in which the bytes of the member `name` are `change(bytes)`."""
    with zipfile.ZipFile(epub) as original, zipfile.ZipFile(copy, "w") as changed:
        for info in original.infolist():
            data = original.read(info)
            changed.writestr(info, change(data) if info.filename == name else data)
    return copy


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file under `path` with its bytes, to check that nothing changed."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file() and ".state" not in p.parts and p.name != ".lock"}


@pytest.fixture(autouse=True)
def no_library_logs(caplog, request):
    """Fail a test if WeasyPrint logs a warning (the build reports them too; a clean book has none).
    Tests that feed deliberately odd text mark themselves `allow_library_logs`."""
    caplog.set_level(logging.WARNING)
    yield
    if request.node.get_closest_marker("allow_library_logs"):
        return
    noisy = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING and r.name.startswith("weasyprint")]
    assert not noisy, [r.getMessage() for r in noisy]


