"""Finding the book's fonts on this machine (fontconfig), so none is ever substituted.

`book.yaml` names font families; here they become font files, one per weight and
style, copied next to the HTML and declared with @font-face. A family that is not
installed stops the build with a message saying so.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import SetupError, SourceLocation

# fontconfig weights and slants -> CSS
_WEIGHTS = {80: 400, 200: 700}
_SLANTS = {0: "normal", 100: "italic", 110: "italic"}
# Where Debian ships the families the project knows; used in the hint only.
PACKAGES = {"Linux Libertine O": "fonts-linuxlibertine", "Linux Biolinum O": "fonts-linuxlibertine",
            "EB Garamond": "fonts-ebgaramond", "Gentium Plus": "fonts-sil-gentiumplus",
            "Noto Naskh Arabic": "fonts-noto-core", "Noto Sans Arabic": "fonts-noto-core"}


# The Unicode blocks of a script (ISO 15924), for a language's own font: it sets only the letters of
# its script (and the joiners and marks its text needs); digits, Latin words and punctuation come
# from the book's fonts, so that a run of English inside an Arabic page is set all in one face.
SCRIPT_RANGES = {
    "Arab": "U+0600-06FF, U+0750-077F, U+0870-089F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200F",
    "Hebr": "U+0590-05FF, U+FB1D-FB4F, U+200C-200F",
    "Cyrl": "U+0400-052F, U+1C80-1C8F, U+2DE0-2DFF, U+A640-A69F",
    "Grek": "U+0370-03FF, U+1F00-1FFF",
    "Armn": "U+0530-058F, U+FB13-FB17",
    "Geor": "U+10A0-10FF, U+2D00-2D2F, U+1C90-1CBF",
    "Deva": "U+0900-097F, U+A8E0-A8FF, U+200C-200D",
}


@dataclass(frozen=True)
class FontFace:
    """One font file, under the CSS family name the stylesheets use (e.g. "Book Serif"), and the
    characters it is used for (`unicode_range`, CSS syntax; None: all it has)."""

    alias: str
    weight: int
    style: str
    path: Path
    unicode_range: str | None = None

    @property
    def file_name(self) -> str:
        return self.path.name


def find_faces(family: str, alias: str, location: SourceLocation | None = None) -> tuple[FontFace, ...]:
    """The regular, italic, bold and bold italic files of an installed family."""
    try:
        listing = subprocess.run(["fc-list", "--format=%{family}|%{weight}|%{slant}|%{file}\n", family],
                                 capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise SetupError(f"cannot list the installed fonts: {error}", location,
                         "install fontconfig (Debian: apt-get install fontconfig)") from None
    faces: dict[tuple[int, str], FontFace] = {}
    for line in sorted(listing.splitlines()):
        names, weight, slant, file = (line.split("|") + ["", "", "", ""])[:4]
        if family not in names.split(",") or not weight.isdigit() or not slant.isdigit():
            continue
        css_weight, css_style = _WEIGHTS.get(int(weight)), _SLANTS.get(int(slant))
        if css_weight and css_style and Path(file).is_file():
            faces.setdefault((css_weight, css_style), FontFace(alias, css_weight, css_style, Path(file)))
    if (400, "normal") not in faces:
        package = PACKAGES.get(family)
        hint = f"install it (Debian: apt-get install {package})" if package else "install it, or choose another in book.yaml"
        raise SetupError(f"font '{family}' is not installed", location, hint)
    return tuple(faces[key] for key in sorted(faces))


def for_script(faces: tuple[FontFace, ...], script: str | None) -> tuple[FontFace, ...]:
    """`faces` limited to the letters of `script` (when bookbuild knows its blocks)."""
    ranges = SCRIPT_RANGES.get(script or "")
    return tuple(FontFace(f.alias, f.weight, f.style, f.path, ranges) for f in faces) if ranges else faces


def copy_faces(faces: tuple[FontFace, ...], folder: Path) -> None:
    """Copy the font files into `folder`, skipping files already there unchanged."""
    folder.mkdir(parents=True, exist_ok=True)
    for face in faces:
        target = folder / face.file_name
        if not target.exists() or target.stat().st_size != face.path.stat().st_size:
            shutil.copyfile(face.path, target)


def subset_face(face: FontFace, codepoints: frozenset[int]) -> bytes:
    """The font file cut down to `codepoints` (and ASCII), for embedding in an EPUB,
    with every OpenType feature and name kept (HarfBuzz's subsetter).

    The project's fonts are under the SIL Open Font License, which allows subsetting.
    """
    import uharfbuzz as hb

    wanted = hb.SubsetInput()
    for codepoint in sorted(codepoints | set(range(0x20, 0x7F))):
        wanted.unicode_set.add(codepoint)
    for keep_all in (wanted.layout_feature_tag_set, wanted.layout_script_tag_set, wanted.name_id_set,
                     wanted.name_lang_id_set):
        keep_all.clear()
        keep_all.invert()
    subset = hb.subset(hb.Face(hb.Blob.from_file_path(str(face.path))), wanted)
    if subset is None:
        raise SetupError(f"cannot subset the font {face.path.name}")
    return bytes(subset.blob.data)
