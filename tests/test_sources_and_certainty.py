"""Where the facts come from: cited sources print with each chapter and profile, and facts
the sources leave open are marked in the data and listed for the editor."""

from __future__ import annotations

from conftest import pdf_pages, run_cli, untypeset


def test_sources_print_under_chapters_and_profiles(minibook_build):
    text = " ".join(" ".join(page.split()) for page in pdf_pages(minibook_build / "en" / "small-book-print.pdf"))
    assert "Source: A campaign page made up for the tests (campaign page)" in text
    assert ("Sources: Дело Анны Смит (court document, Tula District Court, March 2023); "
            "A campaign page made up for the tests (campaign page, section 2)") in text


def test_a_transliterated_name_is_marked_for_readers(minibook_build):
    html = (minibook_build / "en" / "html" / "index.html").read_text(encoding="utf-8")
    smith = html[html.index('id="p-smith-anna"'):html.index('id="p-petrov-ivan"')]
    petrov = html[html.index('id="p-petrov-ivan"'):]
    assert "Spelling of the name not confirmed by the sources" in smith
    assert "not confirmed" not in petrov


def test_check_lists_uncertain_facts_for_the_editor(minibook):
    result = run_cli("-C", minibook, "check")
    assert result.code == 0, result.err
    assert "2 facts are not stated as such by the sources (1 inferred, 1 transliterated)" in result.out
    assert ('profiles/smith-anna.yaml:53: note: sentence.regime is inferred: The page says "a colony"; '
            "the regime is read from the term.") in result.out
    assert "transliterations made for this book, not spellings from the sources: smith-anna" in result.out


def test_unknown_source_and_unknown_fact_are_located_errors(minibook):
    profile = minibook / "profiles" / "petrov-ivan.yaml"
    profile.write_text(profile.read_text().replace("sources: [test-page]", "sources: [test-pgae]")
                       + "  sentence.years: inferred\n  case: guessed\n", encoding="utf-8")
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text().replace("Nothing more.", "All %(profile_cuont)s of them."))
    result = run_cli("-C", minibook, "check")
    assert result.code == 1
    lines = result.err.splitlines()
    assert ("profiles/petrov-ivan.yaml:7: no source with id 'test-pgae' under 'sources' in book.yaml "
            "(did you mean 'test-page'?)") in lines
    assert any(l.startswith("profiles/petrov-ivan.yaml:10: 'certainty' names 'sentence.years'") for l in lines), lines
    assert any(l.startswith("profiles/petrov-ivan.yaml:11: 'certainty.case' cannot be 'guessed'")
               for l in lines), lines
    assert any(l.startswith("chapters/second-case.md:10: unknown placeholder %(profile_cuont)s") for l in lines), lines


def test_a_count_placeholder_is_filled_per_edition(minibook):
    chapter = minibook / "chapters" / "second-case.md"
    chapter.write_text(chapter.read_text().replace("Nothing more.", "This book has %(profile_count)s profiles."))
    assert run_cli("-C", minibook, "build", "--format", "print").code == 0
    html = untypeset((minibook / "build" / "en" / "html" / "index.html").read_text(encoding="utf-8"))
    assert "This book has 2 profiles." in html
