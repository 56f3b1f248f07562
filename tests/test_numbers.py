"""Reading written numbers by the language's decimal and group marks."""

import pytest

from extractors.numbers import parse_number

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
