"""The default theme, shipped inside the package, and a book's overrides of it.

As with MkDocs' themes, the theme's templates, stylesheets and interface catalogues are
package data under `bookbuild/theme/`. A book changes any single file by putting its own
at the same relative path in its folder: `templates/print/colophon.html.j2` replaces the
theme's colophon, `styles/cover.css` its cover style. A book with no `templates/` or
`styles/` folder at all is printed entirely in the default theme.
"""

from __future__ import annotations

from pathlib import Path

THEME = Path(__file__).resolve().parent / "theme"
TEMPLATES, STYLES = "templates", "styles"


def template_folders(root: Path) -> list[Path]:
    """Where templates are looked up, the book's own folder first."""
    return [folder for folder in (root / TEMPLATES, THEME / TEMPLATES) if folder.is_dir()]


def resolve_template(root: Path, name: str) -> Path | None:
    """The file a template name is read from: the book's own, or the theme's."""
    for folder in template_folders(root):
        if (folder / name).is_file():
            return folder / name
    return None


def stylesheets(root: Path) -> dict[str, Path]:
    """Every stylesheet by file name: the theme's, with the book's own in place of any it overrides
    and added to them."""
    found = {path.name: path for path in sorted((THEME / STYLES).glob("*.css"))}
    found.update({path.name: path for path in sorted((root / STYLES).glob("*.css"))})
    return dict(sorted(found.items()))


def stylesheet(root: Path, name: str) -> Path | None:
    return stylesheets(root).get(name)


def book_templates(root: Path) -> list[Path]:
    """The templates a book adds or overrides (their texts go to the book's own catalogue)."""
    folder = root / TEMPLATES
    return sorted(folder.rglob("*.j2")) if folder.is_dir() else []


def theme_templates() -> list[Path]:
    return sorted((THEME / TEMPLATES).rglob("*.j2"))


def theme_files() -> list[Path]:
    """Every file of the theme, for the build's fingerprint."""
    return sorted(path for path in THEME.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def shown(path: Path, root: Path) -> str:
    """A theme or book file as messages name it: relative to the book, or as bookbuild/theme/..."""
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    if path.is_relative_to(THEME.parent):
        return "bookbuild/" + path.relative_to(THEME.parent).as_posix()
    return str(path)


class Origins:
    """Where the files of an edition's HTML folder come from, for messages about them: every
    stylesheet, the generated ones' templates, and the HTML's own template; and where in the
    book's own templates and stylesheets a piece of text (a refused address) is written."""

    def __init__(self, root: Path, document: str | None = None, template: str | None = None):
        from .builders import names
        from .errors import SourceLocation

        self.root = root
        self.files = {name: SourceLocation(shown(path, root)) for name, path in stylesheets(root).items()}
        self.files["fonts.css"] = SourceLocation(_template_shown(root, "fonts.css.j2"))
        self.files.update({f"page-{name}.css": SourceLocation(_template_shown(root, "page.css.j2"))
                           for name in names()})
        if document and template:
            self.files[document] = SourceLocation(_template_shown(root, template))

    def get(self, name: str | None):
        return self.files.get(name) if name else None

    def find(self, text: str):
        """The first line of the book's own templates or stylesheets that contains `text`."""
        from .errors import SourceLocation

        for folder in (self.root / TEMPLATES, self.root / STYLES):
            for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
                if path.is_file() and path.suffix in (".j2", ".css"):
                    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                        if text in line:
                            return SourceLocation(shown(path, self.root), number)
        return None


def origins(root: Path, document: str | None = None, template: str | None = None) -> Origins:
    return Origins(root, document, template)


def _template_shown(root: Path, name: str) -> str:
    for folder in template_folders(root):
        if (folder / name).is_file():
            return shown(folder / name, root)
    return f"templates/{name}"
