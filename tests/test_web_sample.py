"""The web edition of the first edition, in all five languages: what only the real book shows
(every prisoner, right to left in Arabic, a script font), opened in Chromium and checked by
axe-core, and the campaign pages of the prisoners whose campaigns the book draws on."""

from __future__ import annotations

import re

from web_helpers import broken_links, browse, outside_requests, serious

LANGUAGES = ("en", "ru", "de", "ar", "fr")


def test_every_link_of_every_page_resolves(sample_build):
    for code in LANGUAGES:
        pages = sorted((sample_build / code / "web").rglob("*.html"))
        assert len(pages) > 100, code
        for page in pages:
            assert not broken_links(page, sample_build), (page.relative_to(sample_build), broken_links(page, sample_build))


def test_offline_and_accessible_in_every_language(sample_build, tmp_path):
    pages = [{"file": str(sample_build / code / "web" / name), "width": width}
             for code in LANGUAGES
             for name, width in (("index.html", 1200), ("chapters/tyumen-case.html", 1200),
                                 ("prisoners/balin-andrei.html", 390))]
    for report in browse(pages, tmp_path):
        assert not outside_requests(report, sample_build), (report["file"], outside_requests(report, sample_build))
        assert all(image["loaded"] for image in report["images"]), report["file"]
        assert not report["overflow"], report["file"]
        assert not serious(report), (report["file"], serious(report))


def test_the_arabic_edition_reads_right_to_left(sample_build):
    page = (sample_build / "ar" / "web" / "prisoners" / "balin-andrei.html").read_text()
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl" class="script-font">')
    assert re.search(r'<p class="address" lang="ru" dir="ltr">445023', page)
