"""The web edition: a static site per language in build/<lang>/web/ (see site.py).

Its contents page links to the edition's files, so the site is made after them, and the
cover is also the picture a shared link shows. Its language switcher offers the languages
that have an edition in this build; like every output it is remade when its own language's
sources change, not another's (a language that reaches its publishing threshold appears in
the other sites' switchers when they are next remade). The release lays every site out
again under web/, linking to the release's files and languages.
"""

from __future__ import annotations

from .base import N_, REGISTRY, Builder, Output, Work, register


@register
class WebBuilder(Builder):
    name = "web"
    format = "html"
    label = N_("Web edition (to read in a browser)")
    needs = ("print", "screen", "leaflets", "cover", "epub")

    def file_name(self, slug: str) -> str:
        return "web/index.html"

    def write(self, work: Work) -> Output:
        from ..site import BUILD_LAYOUT, COVER_PATH, STYLESHEETS, make_site, render_site, write_site

        edition = work.edition
        languages = work.languages or tuple(language.code for language in edition.book.config.languages)
        cover = work.needs.get("cover", {}).get("path")
        extra = {COVER_PATH: (work.folder / cover).read_bytes()} if cover else {}
        site = make_site(edition, languages, BUILD_LAYOUT, downloads(work), COVER_PATH if cover else None)
        folder = work.folder / "web"
        files = write_site(folder, render_site(work.root, site, work.fonts, extra))
        return Output(folder / "index.html", None, tuple(files), {"pages": len(site.pages)}, STYLESHEETS[1:])


def downloads(work: Work) -> tuple:
    """The files of this edition the site links to: those of the released builders it needs, in
    the registry's order, as they lie next to the site."""
    from ..dist import MEDIA_TYPES, size_label
    from ..site import Download

    config = work.edition.book.config
    found = []
    for name, cls in REGISTRY.items():
        values = work.needs.get(name)
        if not cls.released or values is None or values.get("not_applicable"):
            continue
        path = work.folder / cls().file_name(config.slug)
        found.append(Download(path.name, cls.label, size_label(config, name, values),
                              MEDIA_TYPES.get(cls.format, "application/octet-stream"), path.stat().st_size))
    return tuple(found)
