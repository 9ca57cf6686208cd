"""Readers that turn the book's source files into the model, with line numbers."""
