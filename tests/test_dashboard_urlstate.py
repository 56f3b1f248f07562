"""URL values are codes; labels of either language (old links) read as their codes."""

from dashboard.i18n import tr, tr_value
from dashboard.urlstate import parse_codes, url_values


def test_codes_and_labels_of_any_language_read_as_codes():
    kinds = ["investment", "statistic", "target"]
    assert parse_codes(["target", "thống kê", "investment"], kinds, tr_value) == [
        "target", "statistic", "investment"]
    sections = ["figures_tab", "commitments_tab"]
    assert parse_codes(["Cam kết"], sections, tr) == ["commitments_tab"]
    assert parse_codes(["Commitments"], sections, tr) == ["commitments_tab"]


def test_unknown_and_repeated_values_are_dropped():
    assert parse_codes(["nope", "target", "mục tiêu"], ["target"], tr_value) == ["target"]


def test_the_default_leaves_the_url():
    assert url_values("figures", "figures") == [] and url_values([], []) == []
    assert url_values("commitments", "figures") == ["commitments"]
    assert url_values(["target", "statistic"], []) == ["target", "statistic"]
