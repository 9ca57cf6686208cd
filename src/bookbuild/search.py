"""The web edition's search: a small index built with the site, read by a few lines of script on
the search page, with no server and no request outside the site.

Each chapter and prisoner page is listed with its address, title, a short summary and the
distinct words of its text. Words are folded as the script folds what the reader types (lower
case, without accents or vowel marks), so "Balin" finds "balin" and "ё" matches "е".
The index is a script (`search-index.js`) rather than JSON, so that the search also
works when the site is opened from a folder, where browsers refuse to fetch files.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass

_MAIN = re.compile(r"<main\b[^>]*>(.*?)</main>", re.S)
_NAV = re.compile(r"<nav\b.*?</nav>", re.S)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+")
INDEX_VARIABLE = "bookSearchIndex"


@dataclass(frozen=True)
class SearchEntry:
    path: str
    kind: str  # chapter or prisoner
    title: str
    summary: str
    words: str  # the page's distinct folded words, separated by spaces


def fold(text: str) -> str:
    """Lower case without combining marks (accents, the dots of ё, Arabic vowel signs); the search
    script folds the reader's words the same way."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn").lower()


def page_words(page_html: str) -> str:
    """The distinct words of a page's main text (without its links to other pages), folded, in
    order of first appearance."""
    main = _MAIN.search(page_html)
    text = html.unescape(_TAG.sub(" ", _NAV.sub(" ", main.group(1) if main else page_html)))
    return " ".join(dict.fromkeys(word for word in _WORD.findall(fold(text)) if len(word) > 1 or word.isdigit()))


def index_script(entries: list[SearchEntry]) -> str:
    """The index as a script that sets one global variable."""
    pages = [[e.path, e.kind, e.title, e.summary, e.words] for e in entries]
    data = json.dumps({"fields": ["path", "kind", "title", "summary", "words"], "pages": pages},
                      ensure_ascii=False, separators=(",", ":"))
    return f"/* The search index of this site; generated, do not edit. */\nvar {INDEX_VARIABLE} = {data};\n"
