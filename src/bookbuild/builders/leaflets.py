"""Campaign leaflets: one sheet per prisoner, as one PDF and one PDF per profile under leaflets/
(the value `sheets` names each profile's file, for the release).

A sheet whose text runs over its page is laid out again, alone, set smaller (and then
without its biography); its pages replace the long ones. The others are laid out once.
"""

from __future__ import annotations

from .. import themes
from ..render import Renderer
from ..output import write_text
from ..writers import stage_text, stylesheets, write_page_sheet
from .base import N_, Builder, Output, Target, Work, register

LEVELS = 3


@register
class LeafletsBuilder(Builder):
    name = "leaflets"
    format = "pdf"
    label = N_("Leaflets: one %(size)s page per prisoner (PDF)")
    target = Target("leaflets", "leaflets.css", "A4")
    html_file = "leaflets.html"

    def applies(self, book) -> str | None:
        return None if book.profiles() else "the book has no profiles"

    def write(self, work: Work) -> Output:
        from ..pdf import Rendered, render

        edition, target = work.edition, work.target
        html_dir = work.folder / "html"
        renderer = Renderer(work.root, edition)
        profiles = edition.book.profiles()
        write_page_sheet(renderer, html_dir, self.name, target)
        sheets = stylesheets(edition, target)
        final = html_dir / self.html_file
        compact: dict[str, int] = {}
        first = None
        spans: dict[str, tuple] = {}
        todo = profiles
        for level in range(LEVELS):
            html = renderer.render("leaflets/leaflets.html.j2", profiles=todo, compact=compact, stylesheets=sheets)
            staged = stage_text(final.with_name(f"leaflets-{level}.html"), html)
            rendered = render(staged, work.diagnostics, first,
                              themes.origins(work.root, staged.name.strip(".").removesuffix(".part"),
                                             "leaflets/leaflets.html.j2"))
            first = first or rendered
            spans.update(leaflet_pages(rendered, todo))
            todo = [p for p in todo if len(spans[p.id][1]) > 1 and level < LEVELS - 1]
            if not todo:
                break
            compact.update({p.id: level + 1 for p in todo})
        combined = Rendered.combine([(spans[p.id][0], index) for p in profiles for index in spans[p.id][1]])
        slug = edition.book.config.slug
        output = work.folder / self.file_name(slug)
        combined.write(output, target.variant)
        files, start = [output], 0
        for profile in profiles:
            count = len(spans[profile.id][1])
            files.append(work.folder / "leaflets" / f"{slug}-{profile.id}.pdf")
            combined.write(files[-1], target.variant, list(range(start, start + count)))
            start += count
        for stale in sorted((work.folder / "leaflets").glob("*.pdf")):
            if stale not in files:  # the sheet of a profile no longer in the book
                stale.unlink()
        write_text(final, renderer.render("leaflets/leaflets.html.j2", profiles=profiles, compact=compact,
                                          stylesheets=sheets))
        for level in range(LEVELS):
            final.with_name(f".leaflets-{level}.html.part").unlink(missing_ok=True)
        return Output(output, combined.pages, tuple(files),
                      {"compact": {p: level for p, level in sorted(compact.items())},
                       "sheets": {p.id: f.relative_to(work.folder).as_posix() for p, f in zip(profiles, files[1:])}},
                      sheets)


def leaflet_pages(rendered, profiles) -> dict[str, tuple]:
    """For each profile, (the document, the indices of the pages its sheet takes)."""
    starts = rendered.anchor_pages()
    bounds = [starts[f"leaflet-{p.id}"] for p in profiles] + [rendered.pages]
    return {p.id: (rendered, list(range(start, end))) for p, start, end in zip(profiles, bounds, bounds[1:])}
