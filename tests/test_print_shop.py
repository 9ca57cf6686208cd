"""What the print shop gets: a PDF/X-4 file with the output intent of its printing condition, page
boxes on every page, every font embedded, black and greys in black ink only, no annotations on
the printed area, and the same bytes from every build."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from conftest import run_cli
from pdf_content import shown_text

SYSTEM_ICC = Path("/usr/share/color/icc")
DEFAULT_PROFILE = SYSTEM_ICC / "ghostscript" / "default_cmyk.icc"


def xmp(pdf: pikepdf.Pdf) -> str:
    return pdf.Root.Metadata.read_bytes().decode("utf-8")


def test_print_pdf_is_pdf_x4_with_output_intent_and_page_boxes(minibook_build):
    with pikepdf.open(minibook_build / "en" / "small-book-print.pdf") as pdf:
        metadata = xmp(pdf)
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in metadata
        assert pdf.pdf_version == "1.6" and pdf.docinfo["/Trapped"] == "/False" and str(pdf.docinfo["/Title"])
        intent, = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile
        assert profile.N == 4 and profile.read_bytes() == DEFAULT_PROFILE.read_bytes(), "the ICC profile is embedded"
        for page in pdf.pages:
            media, bleed, trim = (page.obj[key] for key in ("/MediaBox", "/BleedBox", "/TrimBox"))
            assert within(trim, bleed) and within(bleed, media)
            assert "/Annots" not in page.obj, "no annotation on the printed area"
        # The document's identifier is fixed (it names the book, edition, language and output), and the
        # XMP DocumentID is made from it.
        first_id = bytes(pdf.trailer.ID[0]).decode()
        assert re.fullmatch(r"[0-9a-f]{32}", first_id)
        document_id = re.search(r"<xmpMM:DocumentID>xmp\.did:([0-9a-f-]+)<", metadata)[1]
        assert document_id.replace("-", "") == first_id


def within(inner, outer) -> bool:
    return all(float(outer[i]) - 0.01 <= float(inner[i]) for i in (0, 1)) and \
        all(float(inner[i]) <= float(outer[i]) + 0.01 for i in (2, 3))


def test_print_pdf_fonts_are_embedded(minibook_build):
    report = subprocess.run(["pdffonts", str(minibook_build / "en" / "small-book-print.pdf")],
                            capture_output=True, text=True, check=True).stdout
    rows = report.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), report


def test_print_pdf_colour_is_device_independent_and_black_is_black_ink(minibook_build):
    """DeviceRGB is read as sRGB (DefaultRGB, sRGB images and groups); neutral colours are DeviceGray,
    which a CMYK press prints with black ink only."""
    with pikepdf.open(minibook_build / "en" / "small-book-print.pdf") as pdf:
        operators = set()
        for page in pdf.pages:
            spaces = page.Resources.ColorSpace
            assert spaces.DefaultRGB[0] == "/ICCBased" and spaces.DefaultRGB[1].N == 3
            for operands, operator in pikepdf.parse_content_stream(page):
                operators.add(str(operator))
                if str(operator) in ("rg", "RG"):
                    assert len(set(operands)) > 1, f"a grey left in RGB: {operands}"
        assert "g" in operators, "text is set in gray (black ink)"
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream | pikepdf.Dictionary):
                assert obj.get("/ColorSpace") != "/DeviceRGB"
                group = obj.get("/Group")
                assert group is None or group.get("/CS") != "/DeviceRGB"
        # The text is still all there.
        assert any("first" in shown.text for shown in shown_text(pdf.pages[6]))


def test_the_print_shops_own_profile(minibook):
    (minibook / "colour").mkdir()
    shutil.copy(SYSTEM_ICC / "ghostscript" / "ps_cmyk.icc", minibook / "colour" / "press.icc")
    config = minibook / "book.yaml"
    config.write_text(config.read_text() + "targets:\n  print: {output_intent: colour/press.icc}\n")
    result = run_cli("-C", minibook, "build", "--format", "print")
    assert result.code == 0, result.err
    with pikepdf.open(minibook / "build" / "en" / "small-book-print.pdf") as pdf:
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    assert profile == (minibook / "colour" / "press.icc").read_bytes()


@pytest.mark.parametrize("setting, message", [
    ("colour/missing.icc", "ICC profile not found for the print output intent: colour/missing.icc"),
    ("ghostscript/srgb.icc", "the print output intent must be the CMYK profile of a printing condition "
                             "(such as FOGRA39); ghostscript/srgb.icc is a profile for RGB"),
])
def test_a_wrong_output_intent_is_reported_at_its_line(minibook, setting, message):
    config = minibook / "book.yaml"
    text = config.read_text()
    config.write_text(text + f"targets:\n  print:\n    output_intent: {setting}\n")
    result = run_cli("-C", minibook, "build", "--format", "print")
    assert result.code != 0
    line = len(text.splitlines()) + 3
    assert f"book.yaml:{line}: {message}" in result.err, result.err
    assert not (minibook / "build" / "en" / "small-book-print.pdf").exists()


def test_the_sample_print_pdf_is_pdf_x4(sample_build):
    pdf_file = sample_build / "en" / "unheard-voices-print.pdf"
    with pikepdf.open(pdf_file) as pdf:
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp(pdf)
        assert pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes() == DEFAULT_PROFILE.read_bytes()
        assert all("/TrimBox" in page.obj and "/BleedBox" in page.obj for page in pdf.pages)
    report = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    rows = report.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), report
