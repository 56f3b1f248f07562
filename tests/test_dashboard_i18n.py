"""Counted nouns agree with their number in English; Vietnamese has no plural."""

from dashboard.charts import count_words
from dashboard.i18n import count_text, tr_n


def test_one_and_many():
    assert count_text(1, "figure") == "1 figure"
    assert count_text(1200, "document") == "1,200 documents"
    assert count_text(1, "figure", "vi") == count_text(1, "figure", "vi") == "1 số liệu"
    assert count_words(1, "commitments", "en") == "1 commitment"
    assert count_words(4, "figures", "en") == "4 figures"


def test_sentences_with_a_count():
    assert tr_n("rejected_hidden", 1).startswith("1 rejected figure is hidden")
    assert tr_n("rejected_hidden", 2).startswith("2 rejected figures are hidden")
    assert tr_n("orphans", 1, "vi").startswith("1 kết quả duyệt")
    assert tr_n("commitments_shown", 1, c="0") == "1 commitment (0 with conflicts)"
