"""Everything Babel does for the book: locale formatting, catalogues, translation of the model.

- `format`: dates, numbers, lists and language names per locale.
- `catalogs`: extract messages to templates (.pot), start and update .po files, read them.
- `translate`: a `Book` in another language, checked message by message.
- `stats`: how complete each language is.
"""

from .format import (format_coverage, format_items, format_number, format_percent, format_partial_date, language_name, language_script, locale_for,
                     null_translations, split_term, text_direction)

__all__ = ["format_coverage", "format_items", "format_number", "format_percent", "format_partial_date", "language_name", "language_script", "locale_for",
           "null_translations", "split_term", "text_direction"]
