"""Tagged words (extractors/grammar.py): what each word of a sentence is, read
from the lexicons in config.yaml and the words around it."""

import pytest

from extractors import load_config
from extractors.grammar import FIG, NUM, PUNCT, YEAR, grammars, inside_compound, tag_words


def tags(text: str, lang: str, figures: list[str] = ()) -> list[tuple[str, str]]:
    """(word, tag) of a sentence; `figures` are quotes standing for figures."""
    spans = [(text.index(q), text.index(q) + len(q)) for q in figures]
    return [(w.text, w.tag) for w in tag_words(text, 0, len(text), lang, load_config(), spans)]


def tag_of(text: str, word: str, lang: str, figures: list[str] = ()) -> str:
    return dict(tags(text, lang, figures))[word]


def test_figures_years_numbers_and_punctuation() -> None:
    words = tags("Exports rose 8% in 2023, to 4,000 units.", "en", ["8%"])
    assert ("8%", FIG) in words and ("2023", YEAR) in words and (",", PUNCT) in words
    assert ("4,000", NUM) in words


def test_a_year_at_the_end_of_a_sentence_is_a_year() -> None:
    assert tag_of("It expects $900 million in fiscal 2025.", "2025", "en", ["$900 million"]) == YEAR


def test_a_comma_after_a_number_is_punctuation() -> None:
    words = tags("Tính đến cuối tháng 9, dư nợ tăng 9%.", "vi", ["9%"])
    assert (",", PUNCT) in words


@pytest.mark.parametrize(("text", "word", "tag", "lang"), [
    ("Sales in Q3 rose 5%.", "Q3", "time", "en"),  # an acronym that is a time
    ("The US economy grew 2%.", "US", "", "en"),  # an acronym, not the pronoun "us"
    ("Tăng trưởng GDP quý 3 đạt 7,4%.", "3", "time", "vi"),  # "quý 3"
    ("Revenue will fall to four mln units.", "to", "step", "en"),  # not the infinitive
    ("Samsung's Vietnam revenue tops $74bn.", "tops", "verb", "en"),  # a present-tense verb
    ("The government wants 60% of households online.", "wants", "change", "en"),
    ("The business grew 5%.", "business", "", "en"),  # a noun ending like a verb
    ("Vốn đầu tư đạt 5 tỷ USD.", "đầu tư", "", "vi"),  # a verbal noun after a noun
    ("Công ty sẽ đầu tư 5 tỷ USD.", "đầu tư", "change", "vi"),  # the verb itself
    ("Dự án có tổng mức đầu tư 2 tỷ USD.", "mức", "", "vi"),  # inside the noun phrase
])
def test_words_take_their_tag_from_the_words_around(text: str, word: str, tag: str,
                                                     lang: str) -> None:
    figures = [q for q in ("5%", "2%", "7,4%", "$74bn", "60%", "5 tỷ USD", "2 tỷ USD")
               if q in text]
    assert tag_of(text, word, lang, figures) == tag


def test_vietnamese_compounds_are_one_word() -> None:
    words = [w for w, _ in tags("Doanh thu thiết bị điện tử đạt 5 tỷ USD.", "vi", ["5 tỷ USD"])]
    assert "Doanh thu" in words and "thiết bị" in words


def test_a_cue_inside_a_compound_is_not_the_cue() -> None:
    grammar = grammars(load_config())["vi"]
    text = "Hãng đã bàn giao 35.000 xe."
    giao = text.index("giao")
    assert inside_compound(text, giao, giao + 4, grammar, ends_too=True)
    assert not inside_compound(text, giao, giao + 4, grammar)
    text = "Tỉnh được giao chỉ tiêu 5%."
    giao = text.index("giao")
    assert not inside_compound(text, giao, giao + 4, grammar, ends_too=True)
