"""bookbuild: a book's sources -> multilingual print PDF and EPUB 3."""

__version__ = "0.1.0"
