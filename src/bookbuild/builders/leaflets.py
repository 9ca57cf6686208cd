"""Campaign leaflets: one sheet per prisoner, as one PDF and one PDF per profile under leaflets/
(the value `sheets` names each profile's file, for the release).

Each sheet is set to fill its page. Every sheet is laid out first at the normal size; then the
sheets that left much of their page empty are tried larger (keeping a larger size only if the
sheet still fits), and the sheets that ran over their page are set smaller, then smaller again;
one that still runs over is set without its biography. The chosen pages are combined.

With `targets: {leaflets: {layout: two-up}}` a sheet is half the paper (A5 on A4): the sheets are
laid out at that size, then placed two to a page with cut marks; each profile's own file has its
sheet twice, so that one copy of the page makes two leaflets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .. import themes
from ..output import write_text
from ..pages import mm, page_size
from ..render import Renderer
from ..writers import stage_text, stylesheets, write_page_sheet
from .base import N_, Builder, Output, Target, Work, register

# How a sheet can be set, largest first, with the size of its type against the normal size
# (leaflets.css has the same factors; a half-size sheet is never set below "small");
# "smaller" also sets the lines closer, and "brief" is "smaller" without the biography.
LEVELS = (("larger", 1.26), ("large", 1.13), ("normal", 1.0), ("small", 0.88), ("smaller", 0.8), ("brief", 0.8))
NORMAL = 2
# How far down its page a sheet's text may end (share of the page height) when a larger size is
# chosen for it: measured on the sample's sheets, the text grows about as the type size to the
# power 1.5 (the lines keep their length in characters; headings and QR codes grow less).
FILL = 0.93
GROWTH = 1.5
# A sheet narrower than this (in mm) is set in the small sheet's proportions (an A5 sheet).
SMALL_SHEET = 180


@dataclass(frozen=True)
class Placed:
    """One sheet laid out: the document it is in, the indices of its pages, and how far down its
    last page its text ends (0 at the top edge, 1 at the bottom)."""

    rendered: object
    pages: tuple[int, ...]
    end: float

    @property
    def fits(self) -> bool:
        return len(self.pages) == 1


@register
class LeafletsBuilder(Builder):
    name = "leaflets"
    format = "pdf"
    label = N_("Leaflets: one %(size)s page per prisoner (PDF)")
    label_two_up = N_("Leaflets: one %(size)s sheet per prisoner, two to a page with cut marks (PDF)")
    target = Target("leaflets", "leaflets.css", "A4", layout="one-up", layouts=("one-up", "two-up"))
    html_file = "leaflets.html"

    def applies(self, book) -> str | None:
        return None if book.profiles() else "the book has no profiles"

    def write(self, work: Work) -> Output:
        from ..pdf import Rendered

        edition, target = work.edition, work.target
        sheet = sheet_target(target)
        html_dir = work.folder / "html"
        renderer = Renderer(work.root, edition)
        profiles = edition.book.profiles()
        write_page_sheet(renderer, html_dir, self.name, sheet)
        values = {"layout": target.layout, "sheet": sheet_class(sheet), "stylesheets": stylesheets(edition, target)}
        final = html_dir / self.html_file
        laid_out = LayOut(renderer, work, final, values)
        placed, levels = fit_sheets(profiles, laid_out)
        laid_out.clean()
        combined = Rendered.combine([(placed[p.id].rendered, index) for p in profiles for index in placed[p.id].pages])
        write_text(final, renderer.render("leaflets/leaflets.html.j2", profiles=profiles, fit=levels, **values))
        slug = edition.book.config.slug
        output = work.folder / self.file_name(slug)
        files = [output] + [work.folder / "leaflets" / f"{slug}-{p.id}.pdf" for p in profiles]
        spans, start = [], 0
        for profile in profiles:
            spans.append(list(range(start, start + len(placed[profile.id].pages))))
            start += len(spans[-1])
        if target.layout == "two-up":
            pages = write_two_up(combined, output, files[1:], spans, edition.direction == "rtl")
        else:
            combined.write(output, target.variant)
            for file, span in zip(files[1:], spans):
                combined.write(file, target.variant, span)
            pages = combined.pages
        for stale in sorted((work.folder / "leaflets").glob("*.pdf")):
            if stale not in files:  # the sheet of a profile no longer in the book
                stale.unlink()
        fit = {pid: level for pid, level in sorted(levels.items()) if level != LEVELS[NORMAL][0]}
        label = {"label": self.label_two_up, "size": sheet_size_name(target)} if target.layout == "two-up" else {}
        sheets = {p.id: f.relative_to(work.folder).as_posix() for p, f in zip(profiles, files[1:])}
        return Output(output, pages, tuple(files), {"fit": fit, "sheets": sheets, **label}, values["stylesheets"])


class LayOut:
    """Lays out sheets at the levels asked for, one document per call, sharing fonts."""

    def __init__(self, renderer: Renderer, work: Work, final: Path, values: dict):
        self.renderer, self.work, self.final, self.values = renderer, work, final, values
        self.first = None
        self.calls = 0

    def __call__(self, profiles: list, levels: dict[str, str]) -> dict[str, Placed]:
        from ..pdf import render

        html = self.renderer.render("leaflets/leaflets.html.j2", profiles=profiles, fit=levels, **self.values)
        staged = stage_text(self.final.with_name(f"leaflets-{self.calls}.html"), html)
        self.calls += 1
        origins = themes.origins(self.work.root, staged.name.strip(".").removesuffix(".part"),
                                 "leaflets/leaflets.html.j2")
        rendered = render(staged, self.work.diagnostics, self.first, origins)
        self.first = self.first or rendered
        return sheet_places(rendered, profiles)

    def clean(self) -> None:
        for call in range(self.calls):
            self.final.with_name(f".leaflets-{call}.html.part").unlink(missing_ok=True)


def fit_sheets(profiles: list, lay_out) -> tuple[dict[str, Placed], dict[str, str]]:
    """Each sheet at the largest level at which it fits its page (see the module's docstring):
    its layout and the name of its level, by profile id. A sheet that fits at the normal size
    with room to spare is tried at the largest size its text should fill, then, if it runs
    over, at the next smaller one, down to the normal size, which is known to fit."""
    chosen: dict[str, tuple[int, Placed]] = {}
    trying = {p.id: NORMAL for p in profiles}
    while trying:
        todo = [p for p in profiles if p.id in trying]
        placed = lay_out(todo, {pid: LEVELS[level][0] for pid, level in trying.items()})
        after = {}
        for pid, level in trying.items():
            sheet = placed[pid]
            if sheet.fits or level >= NORMAL:
                chosen[pid] = (level, sheet)
            if level < NORMAL:
                if not sheet.fits and level + 1 < NORMAL:
                    after[pid] = level + 1
            elif level == NORMAL and sheet.fits:
                larger = [up for up in range(NORMAL) if sheet.end * LEVELS[up][1] ** GROWTH <= FILL]
                if larger:
                    after[pid] = larger[0]
            elif not sheet.fits and level + 1 < len(LEVELS):
                after[pid] = level + 1
        trying = after
    return ({pid: sheet for pid, (_, sheet) in chosen.items()},
            {pid: LEVELS[level][0] for pid, (level, _) in chosen.items()})


def sheet_places(rendered, profiles) -> dict[str, Placed]:
    """For each profile, where its sheet is in a laid-out document."""
    starts = rendered.anchor_pages()
    places = rendered.anchor_places()
    bounds = [starts[f"leaflet-{p.id}"] for p in profiles] + [rendered.pages]
    found = {}
    for p, start, end in zip(profiles, bounds, bounds[1:]):
        page, depth = places[f"leaflet-{p.id}-end"]
        found[p.id] = Placed(rendered, tuple(range(start, end)), depth if page == start else 1.0)
    return found


def sheet_target(target: Target) -> Target:
    """The page one sheet is laid out on: the paper, or for two-up half of it (A5 of A4), without
    marks (the cut marks are drawn when the sheets are placed on the paper)."""
    if target.layout != "two-up":
        return target
    short, long = sorted(page_size(target.size))
    return replace(target, size=f"{mm(long / 2)} {mm(short)}", bleed=None, marks=None)


def sheet_class(sheet: Target) -> str:
    """"small" for a sheet set in an A5 sheet's proportions, else "large"."""
    return "small" if page_size(sheet.size)[0] < SMALL_SHEET else "large"


def sheet_size_name(target: Target) -> str:
    """What the download page calls a two-up sheet: A5 for A4 paper, else its size."""
    halves = {"a4": "A5", "a3": "A4", "a5": "A6"}
    words = target.size.lower().split()
    return halves.get(words[0], sheet_target(target).size) if len(words) == 1 else sheet_target(target).size


def write_two_up(combined, output: Path, files: list[Path], spans: list[list[int]], rtl: bool) -> int:
    """The leaflets two to a page: every sheet in turn in the main file; in each profile's own
    file its sheet twice on one page (each page of a longer sheet twice, one page each)."""
    from ..impose import impose_two_up

    count = combined.pages
    pairs = [(index, index + 1 if index + 1 < count else None) for index in range(0, count, 2)]
    pages = impose_two_up(combined.pdf_bytes(), pairs, output, rtl)
    for file, span in zip(files, spans):
        impose_two_up(combined.pdf_bytes(pages=span), [(index, index) for index in range(len(span))], file, rtl)
    return pages
