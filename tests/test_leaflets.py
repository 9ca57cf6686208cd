"""The campaign leaflets: QR codes that a phone reads as the profile's links, a readable measure,
sheets that fill their page, the two-up layout with cut marks, no monogram, and right-to-left
sheets that keep left-to-right addresses, links and English text in order.

Most checks build the small book with campaign links added to its profiles; the measure and the
monograms are also checked on the sample's leaflets, in every language.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from bookbuild.builders.leaflets import LEVELS, NORMAL, Placed, fit_sheets
from bookbuild.qr import make_code, qr_svg
from conftest import built_once, make_project, pdf_pages, run_cli
from i18n_helpers import add_language, translate_po

MM = 72 / 25.4
LINKS = {
    "smith-anna": ["https://f-pismo.ru", "https://example.org/donate?for=anna-smith&lang=en"],
    "petrov-ivan": ["https://example.org/petitions/free-ivan-petrov", "https://example.org/news/petrov"],
}
ACTIONS = {
    "smith-anna": """  - action: donate
    url: https://example.org/donate?for=anna-smith&lang=en
    note: Donations pay for her lawyer.
""",
    "petrov-ivan": """help:
  - action: petition
    title: Free Ivan Petrov
    url: https://example.org/petitions/free-ivan-petrov
  - action: follow
    title: News of the case
    url: https://example.org/news/petrov
  - action: appeal
    to:
      - name: Tula Region Prosecutor's Office
        address: |-
          ul. Primernaya, 2
          300000 Tula
        fax: "+7 (4872) 00-00-00"
    demand: Release Ivan Petrov.
""",
}


def add_campaign_links(book: Path) -> Path:
    """The small book with a donation link for Anna Smith (who has a letter service with a web address)
    and a petition, a news page and an appeal for Ivan Petrov (who has no photo and no postal address)."""
    anna = book / "profiles" / "smith-anna.yaml"
    text = anna.read_text()
    anna.write_text(text.replace("    services: [f-pismo]\n", "    services: [f-pismo]\n" + ACTIONS["smith-anna"]))
    petrov = book / "profiles" / "petrov-ivan.yaml"
    petrov.write_text(petrov.read_text().replace("sources: [test-page]", ACTIONS["petrov-ivan"] + "sources: [test-page]"))
    return book


def set_layout(book: Path, layout: str) -> None:
    (book / "book.yaml").write_text((book / "book.yaml").read_text() + f"targets:\n  leaflets: {{layout: {layout}}}\n")


@pytest.fixture(scope="module")
def leaflets_book(tmp_path_factory) -> Path:
    """The small book with campaign links, in English and in a partly translated Arabic, its
    leaflets built."""
    def make(book):
        add_campaign_links(make_project(book))
        add_language(book, "  ar: {direction: rtl, font: Noto Naskh Arabic}")
        assert run_cli("-C", book, "init", "--lang", "ar").code == 0
        for po in (book / "translations" / "ar").rglob("*.po"):
            translate_po(po, {("person name", "Anna Smith"): "آنا سميث", ("person name", "Ivan Petrov"): "إيفان بيتروف",
                              "A man about whom little is known.": "رجل لا يُعرف عنه إلا القليل."})
        result = run_cli("-C", book, "build", "--format", "leaflets")
        assert result.code == 0, result.err
        assert "warning" not in result.err, result.err
    return built_once(tmp_path_factory, "leaflets", make)


@pytest.fixture(scope="module")
def two_up_book(tmp_path_factory) -> Path:
    def make(book):
        set_layout(add_campaign_links(make_project(book)), "two-up")
        result = run_cli("-C", book, "build", "--format", "leaflets")
        assert result.code == 0, result.err
    return built_once(tmp_path_factory, "two-up", make)


def sheet(book: Path, language: str, profile: str) -> Path:
    return book / "build" / language / "leaflets" / f"small-book-{profile}.pdf"


def page_image(pdf: Path, tmp_path: Path, dpi: int = 150) -> Image.Image:
    """The first page as a phone's camera would see a good print of it."""
    stem = tmp_path / f"{pdf.stem}-{dpi}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                   check=True)
    return Image.open(f"{stem}.png").convert("L")


def decoded(image: Image.Image) -> list[str]:
    import zxingcpp

    return sorted(result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


# QR codes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("profile", sorted(LINKS))
def test_each_link_of_a_sheet_has_a_qr_code_a_phone_reads(leaflets_book, tmp_path, language, profile):
    assert decoded(page_image(sheet(leaflets_book, language, profile), tmp_path)) == sorted(LINKS[profile])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_address_is_written_under_each_qr_code(leaflets_book, language):
    for profile, links in LINKS.items():
        # A long address breaks after a slash or a hyphen of its own, so a block's lines join up again.
        blocks = ["".join(text for text, _, _ in lines) for lines in text_blocks(sheet(leaflets_book, language, profile))]
        for link in links:
            assert any(link.removeprefix("https://") in block for block in blocks), (profile, link, blocks)


def test_qr_codes_are_inline_vector_graphics_with_the_same_bytes_every_time(leaflets_book):
    html = (leaflets_book / "build" / "en" / "html" / "leaflets.html").read_text()
    assert html.count("<svg") == 4 and "<img" in html  # the four links' codes; Anna Smith's photo
    assert not re.search(r'src="https?:', html), "nothing is fetched from the network"
    url = LINKS["petrov-ivan"][0]
    assert str(qr_svg(url)) == str(qr_svg(url)) and str(qr_svg(url)) in html
    # The code drawn is segno's: one dark square for each dark module, nothing else.
    code = make_code(url)
    dark = sum(sum(row) for row in code.rows)
    path = re.search(r'<path fill="#000" d="([^"]+)"', str(qr_svg(url))).group(1)
    assert sum(int(width) for width in re.findall(r"h(\d+)v1", path)) == dark


def test_a_rebuilt_edition_has_the_same_bytes(leaflets_book, tmp_path):
    again = tmp_path / "again"
    result = run_cli("-C", leaflets_book, "build", "--format", "leaflets", "--lang", "en", "--output", again)
    assert result.code == 0, result.err
    for made in sorted((leaflets_book / "build" / "en").rglob("*.pdf")):
        assert made.read_bytes() == (again / "en" / made.relative_to(leaflets_book / "build" / "en")).read_bytes(), made


# Measure and fit ------------------------------------------------------------------------------

XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def text_lines(pdf: Path) -> list[tuple[str, float, float]]:
    """Every line of text of a PDF, as poppler finds them: its words, and its left and right edges."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for line in ET.fromstring(out).iterfind(".//x:line", XHTML):
        words = [word.text or "" for word in line.iterfind("x:word", XHTML)]
        found.append((" ".join(words), float(line.get("xMin")), float(line.get("xMax"))))
    return found


def text_blocks(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """The lines of each block of text (a paragraph, a caption), as poppler groups them."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[(" ".join(word.text or "" for word in line.iterfind("x:word", XHTML)), float(line.get("xMin")),
              float(line.get("xMax"))) for line in block.iterfind("x:line", XHTML)]
            for block in ET.fromstring(out).iterfind(".//x:block", XHTML)]


def characters(line: str) -> int:
    """The characters of a line as a reader counts them: Arabic vowel marks, which poppler gives
    as words of their own, belong to their letter."""
    return len("".join(c for c in re.sub(r"\s+(?=[\u064b-\u065f\u0670])", "", line)
                       if unicodedata.category(c) != "Mn"))


def test_lines_stay_within_a_readable_measure(leaflets_book):
    for language in ("en", "ar"):
        for pdf in sorted((leaflets_book / "build" / language / "leaflets").glob("*.pdf")):
            lines = text_lines(pdf)
            assert lines, pdf
            longest = max(lines, key=lambda line: characters(line[0]))
            assert characters(longest[0]) <= 80, (pdf.name, longest[0])


def test_the_sample_leaflets_keep_a_readable_measure_in_every_language(sample_build):
    for language in ("en", "ru", "de", "ar", "fr"):
        lengths = []
        for pdf in sorted((sample_build / language / "leaflets").glob("*.pdf")):
            lines = text_lines(pdf)
            too_long = [text for text, _, _ in lines if characters(text) > 80]
            assert not too_long, (language, pdf.name, too_long)
            lengths += [characters(text) for text, _, _ in lines]
        # The story and the call to act are set in lines of reading length, not in narrow columns.
        assert sorted(lengths)[len(lengths) * 9 // 10] >= 50, language


def fake_lay_out(heights: dict[str, float], calls: list):
    """A layout where a sheet's text is `heights[id]` pages long at the normal size and grows as the
    builder expects it to."""
    def lay_out(profiles, levels):
        calls.append(dict(levels))
        placed = {}
        for p in profiles:
            scale = dict(LEVELS)[levels[p.id]]
            height = heights[p.id] * scale ** 1.5 * (0.8 if levels[p.id] == "brief" else 1)
            placed[p.id] = Placed(None, tuple(range(int(height) + 1)), height % 1)
        return placed
    return lay_out


def test_a_sheet_is_set_as_large_as_fits_its_page():
    class P:
        def __init__(self, ident):
            self.id = ident
    profiles = [P("short"), P("middling"), P("full"), P("long"), P("longer"), P("very-long"), P("endless")]
    heights = {"short": 0.55, "middling": 0.75, "full": 0.9, "long": 1.05, "longer": 1.3, "very-long": 1.4,
               "endless": 3.0}
    calls: list = []
    _, levels = fit_sheets(profiles, fake_lay_out(heights, calls))
    assert levels == {"short": "larger", "middling": "large", "full": "normal", "long": "small",
                      "longer": "smaller", "very-long": "brief", "endless": "brief"}
    assert len(calls) == 4 and set(calls[0].values()) == {LEVELS[NORMAL][0]}


def test_a_sheet_that_runs_over_at_a_larger_size_falls_back(monkeypatch):
    class P:
        id = "short"
    calls: list = []
    # Predicted to fit at the largest size, but its text grows faster than the builder expects.
    lay_out = fake_lay_out({"short": 0.6}, calls)

    def growing(profiles, levels):
        placed = lay_out(profiles, levels)
        if levels["short"] == "larger":
            placed["short"] = Placed(None, (0, 1), 0.1)
        return placed
    _, levels = fit_sheets([P()], growing)
    assert levels == {"short": "large"} and [c["short"] for c in calls] == ["normal", "larger", "large"]


# Two-up ---------------------------------------------------------------------------------------

def test_two_up_puts_two_a5_sheets_on_each_a4_page_with_cut_marks(two_up_book, tmp_path):
    folder = two_up_book / "build" / "en"
    reader = PdfReader(folder / "small-book-leaflets.pdf")
    assert len(reader.pages) == 1, "two profiles, two sheets, one page"
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (297, 210), "A4 landscape"
    width = float(box.width)
    left = subprocess.run(["pdftotext", "-x", "0", "-y", "0", "-W", str(int(width / 2 * 150 / 72)), "-H", "2000",
                           "-r", "150", str(folder / "small-book-leaflets.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Anna Smith" in left and "Ivan Petrov" not in left, "the first sheet on the left half"
    image = page_image(folder / "small-book-leaflets.pdf", tmp_path, 150)
    middle = image.width // 2
    for y in (int(6 * 150 / 25.4), image.height - int(6 * 150 / 25.4)):
        assert min(image.getpixel((x, y)) for x in range(middle - 2, middle + 3)) < 100, "a cut mark at the edge"
    assert min(image.getpixel((middle, y)) for y in range(image.height // 3, image.height // 2)) < 230, "a cut line"
    # Each prisoner's own file: the sheet twice on one page, so that one copy makes two leaflets.
    for profile in LINKS:
        own = PdfReader(folder / "leaflets" / f"small-book-{profile}.pdf")
        assert len(own.pages) == 1 and round(float(own.pages[0].mediabox.width) / MM) == 297
        assert decoded(page_image(folder / "leaflets" / f"small-book-{profile}.pdf", tmp_path)) == \
            sorted(LINKS[profile] * 2)


def test_two_up_is_set_for_a5_and_says_so_in_the_release(two_up_book):
    html = (two_up_book / "build" / "en" / "html" / "leaflets.html").read_text()
    assert "leaflets-two-up sheet-small" in html
    page_css = (two_up_book / "build" / "en" / "html" / "page-leaflets.css").read_text()
    assert "size: 148.5mm 210mm;" in page_css


@pytest.mark.parametrize("given, message", [
    ("leaflets: {layout: three-up}", "'targets.leaflets.layout' cannot be 'three-up'"),
    ("print: {layout: two-up}", "'targets.print.layout' must be left out"),
    ("leaflets: {layout: two-up, variant: pdf/ua-1}", "two-up cannot be combined with 'variant: pdf/ua-1'"),
])
def test_a_wrong_layout_is_reported_at_its_line(minibook, given, message):
    (minibook / "book.yaml").write_text((minibook / "book.yaml").read_text() + f"targets:\n  {given}\n")
    result = run_cli("-C", minibook, "check")
    assert result.code != 0 and message in result.err and "book.yaml:" in result.err, result.err


# Monograms and right to left -------------------------------------------------------------------

def test_no_sheet_has_a_monogram(leaflets_book, sample_build):
    for html in [leaflets_book / "build" / "en" / "html" / "leaflets.html"] + \
            [sample_build / language / "html" / "leaflets.html" for language in ("en", "ru", "de", "ar", "fr")]:
        assert "photo-placeholder" not in html.read_text(), html
    # Nikita Oleynik's sheet has no photo: nothing on it spells his initials.
    for language in ("en", "ru"):
        words = pdf_pages(sample_build / language / "leaflets" / "unheard-voices-oleynik-nikita.pdf")[0].split()
        assert not {"NO", "НО"} & set(words), language
    assert "IP" not in pdf_pages(sheet(leaflets_book, "en", "petrov-ivan"))[0].split()


def test_right_to_left_sheets_isolate_left_to_right_runs(leaflets_book):
    html = (leaflets_book / "build" / "ar" / "html" / "leaflets.html").read_text()
    assert '<html lang="ar" dir="rtl"' in html
    assert re.search(r'<p class="address" lang="ru" dir="ltr">300000, г\. Тула', html)
    # Inside a line, a run of the other direction is isolated twice: by its element (for browsers)
    # and by Unicode's left-to-right isolate (LRI ... PDI), which WeasyPrint honours.
    for url in ("f-pismo.ru", "example.org/petitions/free-ivan-petrov"):
        assert f'<bdi class="url" dir="ltr">\u2066{url}\u2069</bdi>' in html
    assert re.search(r'<p class="recipient-address" dir="ltr">ul\. Primernaya, 2, 300000 Tula</p>', html)
    assert '<bdi dir="ltr">\u2066+7 (4872) 00-00-00\u2069</bdi>' in html
    # A paragraph left in English is an English, left-to-right paragraph.
    assert re.search(r'<p class="summary tr-untranslated" lang="en" xml:lang="en" dir="ltr">', html)
    assert re.search(r'<p class="action-note tr-untranslated" lang="en" xml:lang="en" dir="ltr">', html)


def test_right_to_left_sheets_read_from_the_right_with_english_set_from_the_left(leaflets_book):
    lines = text_lines(sheet(leaflets_book, "ar", "smith-anna"))
    width = float(PdfReader(sheet(leaflets_book, "ar", "smith-anna")).pages[0].mediabox.width)
    margin = 15 * MM

    def line(words: str):
        return next((x0, x1) for text, x0, x1 in lines if words in text)
    # The sheet reads from the right: the name (and its Cyrillic form under it) end at the right margin.
    assert abs(line("Анна Смит")[1] - (width - margin)) < 3 * MM
    # A paragraph left in English is set from the left: its short line ends far from the right margin.
    summary = line("A teacher sentenced for a post.")
    assert summary[1] < width - margin - 40 * MM, summary
    # The address on the envelope keeps its left-to-right order: postcode first.
    assert any(text.startswith("300000, г. Тула") for text, _, _ in lines)
