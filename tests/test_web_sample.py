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


# Every kind of action each prisoner's campaign page asked for (the seed pages in the sources):
# Gorinov's letters, petition and news on Telegram; Balin's letters and donations; Gaskarov's
# messages of support, petition, letters to the authorities, donations, week of solidarity and website.
CAMPAIGNS = {"gorinov-aleksey": {"write", "petition", "follow"},
             "balin-andrei": {"write", "donate"},
             "gaskarov-alexei": {"write", "petition", "appeal", "donate", "solidarity", "follow"}}


def shown_actions(page: str) -> set[str]:
    kinds = set(re.findall(r'<li class="action action-(\w+)">', page))
    return kinds | ({"write"} if '<aside class="write-to"' in page else set())


def test_each_campaign_page_shows_every_kind_of_action_its_campaign_asked_for(sample_build):
    book = (sample_build / "en" / "html" / "index.html").read_text()
    for prisoner, kinds in CAMPAIGNS.items():
        page = (sample_build / "en" / "web" / "prisoners" / f"{prisoner}.html").read_text()
        assert shown_actions(page) == kinds, prisoner
        for part in ("write-to", "help-actions"):
            ident = f"p-{prisoner}-{'write' if part == 'write-to' else 'help'}"
            found = [re.search(rf'<aside class="{part}" id="{ident}".*?</aside>', html, re.S) for html in (page, book)]
            if part == "help-actions" and kinds == {"write"}:
                continue
            assert found[0] and found[1] and found[0].group(0) == found[1].group(0), (prisoner, part)
