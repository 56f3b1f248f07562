"""Readable values: one line per printed form."""

import math

import pandas as pd
import pytest

from dashboard.formatting import format_usd, format_value, format_year, readable_values

CASES = [
    # (value, unit, value_high, qualifier, expected)
    (1.6e9, "USD", None, None, "1.6 B USD"),
    (1.07e9, "USD", None, None, "1.07 B USD"),
    (200e6, "USD", 250e6, None, "200–250 M USD"),
    (999e6, "USD", 1.2e9, None, "999 M–1.2 B USD"),
    (26_000e9, "VND", None, None, "26 T VND"),
    (1_100, "USD", None, None, "1,100 USD"),
    (50_000, "count", None, None, "50,000"),
    (42_002, "count", None, None, "42,002"),
    (100e6, "count", None, None, "100 M"),
    (30, "%", None, None, "30%"),
    (6.69, "%", None, None, "6.69%"),
    (7.5, "%", 8, None, "7.5–8%"),
    (3, "rank", None, None, "top 3"),
    (500, "MW", None, None, "500 MW"),
    (1.6e9, "USD", None, "at_least", "≥ 1.6 B USD"),
    (40, "%", None, "more_than", "> 40%"),
    (200e6, "USD", None, "at_most", "≤ 200 M USD"),
    (5, "%", None, "approx", "≈ 5%"),
    (5, "%", None, "unknown_qualifier", "5%"),
    (5, "%", 5, None, "5%"),
]


@pytest.mark.parametrize(("value", "unit", "high", "qualifier", "expected"), CASES)
def test_format_value(value, unit, high, qualifier, expected):
    assert format_value(value, unit, high, qualifier) == expected


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_missing_value_is_empty(missing):
    assert format_value(missing, "USD") == ""
    assert format_usd(missing) == ""
    assert format_year(missing) == ""


def test_format_usd_and_year():
    assert format_usd(1.07e9) == "1.07 B USD"
    assert format_usd(200e6, 250e6) == "200–250 M USD"
    assert format_year(2030.0) == "2030"


def test_readable_values_per_row():
    df = pd.DataFrame(
        {
            "value": [30.0, 1.6e9, 50_000.0],
            "unit": ["%", "USD", "count"],
            "value_high": [None, None, None],
            "qualifier": [None, "at_least", None],
        },
        index=[7, 8, 9],
    )
    out = readable_values(df)
    assert out.tolist() == ["30%", "≥ 1.6 B USD", "50,000"]
    assert out.index.tolist() == [7, 8, 9]
