"""Reading written numbers: digits by the language's decimal and group marks,
and numbers in words (extractors/spelled.py)."""

import pytest

from extractors import extract_text, load_config
from extractors.lexicon import lexicon_for
from extractors.numbers import parse_number
from extractors.spelled import Reader, grammar_for

VI = (",", ".")
EN = (".", ",")


@pytest.mark.parametrize(
    ("text", "marks", "value"),
    [
        ("1.000.000", VI, 1_000_000),
        ("502,8", VI, 502.8),
        ("42.002", VI, 42_002),
        ("6,82", VI, 6.82),
        ("6.5", VI, 6.5),  # not groups of three: a decimal point after all
        ("3.150.723", VI, 3_150_723),
        ("1.234,5", VI, 1234.5),
        ("1,000,000", EN, 1_000_000),
        ("1.6", EN, 1.6),
        ("50,000", EN, 50_000),
        ("29.41", EN, 29.41),
        ("1,234.5", EN, 1234.5),
        ("1,6", EN, 1.6),
        ("2024", EN, 2024),
    ],
)
def test_parse_number(text: str, marks: tuple[str, str], value: float) -> None:
    assert parse_number(text, *marks) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1.2,3.4", "1,23,4"])
def test_unreadable_numbers_give_none(text: str) -> None:
    assert parse_number(text, *EN) is None


@pytest.mark.parametrize(
    ("text", "marks", "value"),
    [
        ("12,34,567", EN, 1_234_567),  # Indian grouping: lakh and crore places
        ("12,34,567.89", EN, 1_234_567.89),
    ],
)
def test_indian_grouping(text: str, marks: tuple[str, str], value: float) -> None:
    assert parse_number(text, *marks) == pytest.approx(value)


# --- spelled numbers (extractors/spelled.py) --------------------------------


def read(text: str, lang: str, currency: bool = False) -> tuple[float, str] | None:
    """(value, text read) of the number at the start of `text`."""
    config = load_config()
    reader = Reader(grammar_for(config, lang), lexicon_for(config), text, len(text))
    num = reader.read(0, currency)
    return None if num is None else (num.value, text[num.start:num.end])


@pytest.mark.parametrize(
    ("text", "lang", "value", "span"),
    [
        # compounds: tens, hundreds, scales from the largest down
        ("thirty-five thousand", "en", 35_000, "thirty-five thousand"),
        ("twenty-two trillion", "en", 22e12, "twenty-two trillion"),
        ("two hundred and two thousand", "en", 202_000, "two hundred and two thousand"),
        ("4 thousand 3 hundred and 21", "en", 4321, "4 thousand 3 hundred and 21"),
        ("Twenty-six", "en", 26, "Twenty-six"),
        ("fifteen hundred", "en", 1500, "fifteen hundred"),
        ("hundred thousand", "en", 100_000, "hundred thousand"),
        ("ba trăm nghìn", "vi", 300_000, "ba trăm nghìn"),
        ("năm nghìn", "vi", 5000, "năm nghìn"),
        ("năm mươi", "vi", 50, "năm mươi"),
        ("hai mươi mốt nghìn không trăm mười một", "vi", 21_011,
         "hai mươi mốt nghìn không trăm mười một"),
        ("mười lăm", "vi", 15, "mười lăm"),
        ("hai mươi tư", "vi", 24, "hai mươi tư"),
        ("một trăm lẻ năm", "vi", 105, "một trăm lẻ năm"),
        ("1 tỷ 200 triệu", "vi", 1.2e9, "1 tỷ 200 triệu"),
        # fractions and halves
        ("triệu rưỡi", "vi", 1.5e6, "triệu rưỡi"),
        ("hai nghìn rưỡi", "vi", 2500, "hai nghìn rưỡi"),
        ("nửa triệu", "vi", 5e5, "nửa triệu"),
        ("half a million", "en", 5e5, "half a million"),
        ("quarter million", "en", 2.5e5, "quarter million"),
        ("three quarters billion", "en", 7.5e8, "three quarters billion"),
        ("3 million and a half", "en", 3.5e6, "3 million and a half"),
        ("five and a half million", "en", 5.5e6, "five and a half million"),
        ("two thirds of a million", "en", 2e6 / 3, "two thirds of a million"),
        ("one billion and three quarters million", "en", 1_000_750_000,
         "one billion and three quarters million"),
        ("a million", "en", 1e6, "a million"),
        # spoken decimal points
        ("five point five", "en", 5.5, "five point five"),
        ("2 chấm 23", "vi", 2.23, "2 chấm 23"),
        ("một chấm ba", "vi", 1.3, "một chấm ba"),
        # letter and short scales
        ("10k", "en", 10_000, "10k"),
        ("1,2M", "vi", 1.2e6, "1,2M"),
        ("1.2b", "en", 1.2e9, "1.2b"),
        ("2.33 k", "en", 2330, "2.33 k"),
        ("2mil", "en", 2e6, "2mil"),
        ("10 tln", "en", 1e13, "10 tln"),
        ("13 lakh", "en", 1.3e6, "13 lakh"),
        ("three lakh crore", "en", 3e12, "three lakh crore"),
    ],
)
def test_spelled_numbers(text: str, lang: str, value: float, span: str) -> None:
    assert read(text, lang) == (pytest.approx(value), span)


@pytest.mark.parametrize(
    ("text", "lang", "value", "span"),
    [
        ("3 million and 21 firms", "en", 3e6, "3 million"),  # digits after "and": a number

        ("3 billion and 500 million", "en", 3e9, "3 billion"),
        ("3 hundred and 2 hundred", "en", 300, "3 hundred"),
        ("hai trăm ba", "vi", 200, "hai trăm"),  # "hai trăm ba" is shorthand for 230
        ("1 triệu 2", "vi", 1e6, "1 triệu"),
        ("năm mươi năm", "vi", 50, "năm mươi"),  # the second năm is a year
        ("3M", "en", 3, "3"),  # one digit, no currency: a name
        ("256K DRAM", "en", 256, "256"),  # before a name
        ("1.8m tall", "en", 1.8, "1.8"),  # m: a metre without a currency
        ("1MM", "en", 1, "1"),
    ],
)
def test_numbers_end_where_the_grammar_ends(text: str, lang: str, value: float,
                                            span: str) -> None:
    assert read(text, lang) == (pytest.approx(value), span)


@pytest.mark.parametrize(("text", "lang"), [("năm 2020", "vi"), ("half of", "en"),
                                            ("hundred", "en"), ("trăm", "vi")])
def test_words_that_start_no_number(text: str, lang: str) -> None:
    assert read(text, lang) is None


def test_letter_scales_with_a_currency() -> None:
    assert read("1MM", "en", currency=True) == (pytest.approx(1e6), "1MM")
    assert read("5m", "en", currency=True) == (pytest.approx(5e6), "5m")
    assert read("10k đồng", "vi") == (pytest.approx(10_000), "10k")


NEW_DIGITS = "".join(chr(0x116D0 + i) for i in range(10))  # Unicode 15 digits


@pytest.mark.parametrize("text", [NEW_DIGITS[:1], f"top {NEW_DIGITS[5]} thế giới",
                                  f"đứng thứ {NEW_DIGITS[2]} thế giới", f"{NEW_DIGITS[:2]}% GDP",
                                  f"1.{NEW_DIGITS[:3]} kỹ sư"])
def test_digits_python_cannot_read_are_no_figures(text: str) -> None:
    """The `regex` module's \\d knows digits newer than Python's Unicode tables; such a
    number is no figure (not a crash in float())."""
    assert extract_text(text).empty
    assert parse_number(NEW_DIGITS[:3], ".", ",") is None
