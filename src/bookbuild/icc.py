"""ICC colour profiles: the printing condition a print PDF is made for (its output intent).

A profile is named in book.yaml as a path inside the book's folder (the print shop's own
profile, `colour/ISOcoated_v2_eci.icc`) or as a path inside one of the system's ICC folders
(`ghostscript/default_cmyk.icc`, from Debian's libgs-common, which `make` installs).
"""

from __future__ import annotations

from pathlib import Path

# The default printing condition: Ghostscript's CMYK profile (coated offset, SWOP), shipped in
# Debian's libgs-common. Debian has no FOGRA39 profile; a print shop's profile replaces it.
DEFAULT_OUTPUT_INTENT = "ghostscript/default_cmyk.icc"
SYSTEM_FOLDERS = (Path("/usr/share/color/icc"), Path("/usr/local/share/color/icc"),
                  Path.home() / ".local/share/icc", Path.home() / ".color/icc")


def find_profile(name: str, root: Path) -> Path | None:
    """The file of the profile `name`: in the book's folder, else in a system ICC folder."""
    candidate = Path(name)
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    for folder in (root, *SYSTEM_FOLDERS):
        path = folder / candidate
        if path.is_file():
            return path.resolve()
    return None


def profile_space(path: Path) -> str | None:
    """The colour space of the device a profile describes ("CMYK", "RGB", "GRAY"), or None if
    the file is not an ICC profile."""
    from PIL import ImageCms

    try:
        return ImageCms.getOpenProfile(str(path)).profile.xcolor_space.strip()
    except (OSError, ImageCms.PyCMSError):
        return None

