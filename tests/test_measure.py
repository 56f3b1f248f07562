"""What a figure measures (extractors/measure.py): a short noun phrase of the
text, without the clause's verbs or the number, references resolved."""

from pathlib import Path

import pytest

from extractors import extract_paths, extract_text, load_config
from extractors.grammar import grammars

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def bundled() -> list[dict]:
    return extract_paths([DATA]).figures.to_dict("records")


def test_every_measure_is_a_short_phrase_without_its_number(bundled) -> None:
    assert bundled
    for row in bundled:
        measure = row["measure"] or ""
        assert len(measure.split()) <= 12, measure
        assert row["quote"] not in measure, (row["quote"], measure)


def test_no_measure_starts_or_ends_with_a_clause_verb(bundled) -> None:
    config = load_config()
    verbs = {lang: {" ".join(p) for p, tag in grammars(config)[lang].phrases.items()
                    if tag == "verb"} for lang in ("vi", "en")}
    for row in bundled:
        words = (row["measure"] or "").lower().split()
        if not words:
            continue
        assert words[0] not in verbs[row["lang"]], row["measure"]
        assert words[-1] not in verbs[row["lang"]], row["measure"]


def test_most_bundled_figures_have_a_measure(bundled) -> None:
    described = sum(bool(row["measure"]) for row in bundled)
    assert described >= 0.9 * len(bundled)


@pytest.mark.parametrize(("text", "measures"), [
    # a reference takes what it points back to, across sentences
    ("Xuất khẩu cà phê đạt 4 tỷ USD. Con số này tăng 12% so với năm trước.",
     ["Xuất khẩu cà phê", "Xuất khẩu cà phê"]),
    ("Chip exports reached $9 billion. The figure was up 12% on a year earlier.",
     ["Chip exports", "Chip exports"]),
    # the owner after "với" / "with"
    ("Singapore dẫn đầu với tổng vốn đăng ký 6,8 tỷ USD.", ["tổng vốn đăng ký (Singapore)"]),
    # a share adds what it is a share of
    ("Doanh nghiệp FDI chiếm 72% kim ngạch xuất khẩu.", ["Doanh nghiệp FDI (kim ngạch xuất khẩu)"]),
    # a rank after a figure ranks what the figure measures
    ("GDP của Việt Nam đạt 430 tỷ USD, đứng thứ 35 thế giới.",
     ["GDP của Việt Nam", "GDP của Việt Nam"]),
    # a counted noun is the measure of a count
    ("The plant will hire 3,000 engineers.", ["engineers"]),
])
def test_measures(text: str, measures: list[str]) -> None:
    assert extract_text(text).measure.tolist() == measures


def test_a_long_phrase_is_cut_to_twelve_words() -> None:
    text = ("Kim ngạch xuất khẩu điện thoại, máy tính, máy ảnh, linh kiện điện tử, thiết bị "
            "viễn thông và phụ tùng ô tô của doanh nghiệp nước ngoài đạt 90 tỷ USD.")
    measure = extract_text(text).measure.iloc[0]
    assert measure.startswith("Kim ngạch xuất khẩu") and len(measure.split()) == 12
