"""Locale formatting of facts: dates, numbers, lists, language names, terms.

Facts are data, formatted per language here: dates in the locale's long form,
numbers, lists and language names. Interface strings live in the templates and
reach translators through the catalogues.
"""

from __future__ import annotations

import datetime
import gettext
import math
import re

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent as babel_percent, get_group_symbol

from ..model import PartialDate


def locale_for(language: str) -> Locale:
    """The Babel locale of a language code; ValueError if CLDR does not know it."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except UnknownLocaleError as error:
        raise ValueError(f"unknown language code '{language}'") from error


def format_partial_date(date: PartialDate | datetime.date | None, language: str) -> str:
    """A date as the locale writes it: "17 March 2023", "March 2023" or "2023"; the first of a
    month as the typography data says it is written ("1er septembre 2022")."""
    if date is None:
        return ""
    if isinstance(date, PartialDate) and date.day:
        date = datetime.date(date.year, date.month, date.day)
    if isinstance(date, datetime.date):
        text = format_date(date, "long", locale=locale_for(language))
        if date.day == 1:
            from ..typography import typography

            first = typography(locale_for(language).language).first_day
            text = re.sub(r"(?<!\d)1(?!\d)", first, text, count=1) if first else text
        return text
    if date.month:
        return format_skeleton("yMMMM", datetime.date(date.year, date.month, 1), locale=locale_for(language))
    return str(date.year)


def format_number(number: float | int, language: str) -> str:
    """A number as the language writes it (thousands grouped with the typography's separator, where
    the book's typography data gives one: Arabic text takes the Arabic separator, not a comma)."""
    from ..typography import typography

    text = format_decimal(number, locale=locale_for(language))
    separator = typography(locale_for(language).language).group_separator
    return text.replace(get_group_symbol(locale_for(language)), separator) if separator else text


def format_percent(fraction: float, language: str) -> str:
    """A share as the locale writes percentages ("43%", "43 %"), rounded down so that an
    almost complete translation never reads as 100%."""
    return babel_percent(math.floor(fraction * 100) / 100, locale=locale_for(language))


def format_items(items: list[str], language: str) -> str:
    """A list of words joined as the language does: "a, b and c"."""
    return format_list(list(items), locale=locale_for(language)) if items else ""


def language_name(code: str, in_language: str | None = None, label: bool = False) -> str:
    """The name of a language, in its own language by default ("Deutsch", "русский");
    as a `label` (a heading or a menu entry) it starts with a capital ("Русский")."""
    locale = locale_for(code)
    name = locale.get_display_name(locale_for(in_language or code)) or code
    return name[:1].upper() + name[1:] if label else name


def language_script(code: str) -> str | None:
    """The script a language is usually written in (ISO 15924, from CLDR's likely subtags): "Cyrl" for ru."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(locale_for(code).language)
    parts = likely.split("_") if likely else []
    return parts[1] if len(parts) > 2 else None


def text_direction(code: str) -> str:
    return locale_for(code).text_direction


def split_term(years: float) -> tuple[int, int]:
    """A term in years as whole years and months: 3.5 -> (3, 6)."""
    months = round(years * 12)
    return months // 12, months % 12


def null_translations() -> gettext.NullTranslations:
    return gettext.NullTranslations()
