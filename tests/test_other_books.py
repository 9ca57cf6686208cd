"""bookbuild for other books: a book written in German with no profiles, printed on A4 and
translated into French; and a book about (invented) prisoners in Belarus with a Persian
translation, right to left. Each is built end to end (the fixtures `german` and `belarus` in
conftest.py); test_epub.py has their EPUBs judged by EPUBCheck with the others."""

from __future__ import annotations

import zipfile

from pypdf import PdfReader

from conftest import pdf_pages, untypeset

MM = 72 / 25.4


def test_a_german_book_speaks_german(german):
    pages = pdf_pages(german / "de" / "erfundenes-buch-print.pdf")
    text = "\n".join(pages)
    assert any(page.strip().startswith("Inhalt") for page in pages), "the contents page says Inhalt"
    assert "1. Auflage, 1. März 2026" in text and "Herausgegeben von Testverlag." in text
    assert "Contents" not in text and "Edition" not in text


def test_its_french_translation_says_what_is_left_in_german(german):
    pages = pdf_pages(german / "fr" / "erfundenes-buch-print.pdf")
    text = " ".join(" ".join(pages).split())
    assert any(page.strip().startswith("Table des matières") for page in pages)
    assert "Un livre inventé" in text
    assert "Le reste est imprimé dans sa version originale en allemand" in text
    html = untypeset((german / "fr" / "html" / "index.html").read_text())
    assert '<span class="fallback" lang="de" xml:lang="de" dir="ltr">Nichts weiter.</span>' in html


def test_a4_pages_and_no_leaflets(german):
    for language in ("de", "fr"):
        page = PdfReader(german / language / "erfundenes-buch-print.pdf").pages[0]
        assert round(float(page.trimbox.width) / MM) == 210 and round(float(page.trimbox.height) / MM) == 297
        assert not list((german / language).glob("*leaflets*"))


def test_belarus_profiles_follow_belarus(belarus):
    text = " ".join(" ".join(pdf_pages(belarus / "en" / "invented-prisoners-print.pdf")).split())
    assert "Art. 342, part 1: Organising actions that grossly violate public order" in text
    assert "Art. 361-1: Creating an extremist formation" in text
    assert "3 years in an enhanced-regime penal colony" in text
    assert "2 years of restricted freedom in an open-type institution" in text
    assert "At liberty under restrictions" in text
    assert "Letters must be written in Russian or Belarusian." in text
    # The address as Belarusian prisons take it, and a Latin-letter copy made from it.
    assert "220000, г. Вымышленск, ул. Примерная, д. 1, Исправительная колония № 99, Выдуманому Ивану, 1990 г. р." \
        in text
    assert "In Latin letters: 220000, g. Vymyshlensk, ul. Primernaya, d. 1, Ispravitelnaya koloniya № 99" in text


def test_its_persian_edition_runs_right_to_left(belarus):
    html = untypeset((belarus / "fa" / "html" / "index.html").read_text())
    assert '<html lang="fa" dir="rtl"' in html
    assert "ایوان خیالی" in html and "اولگا موهوم" in html
    with zipfile.ZipFile(belarus / "fa" / "invented-prisoners.epub") as epub:
        opf = epub.read("EPUB/content.opf").decode()
    assert 'page-progression-direction="rtl"' in opf and 'xml:lang="fa"' in opf
    text = " ".join(pdf_pages(belarus / "fa" / "invented-prisoners-print.pdf"))
    assert "زندانیان ساختگی بلاروس" in text
