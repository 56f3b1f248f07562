"""Convert money to USD with the dated rates of config.yaml."""

from __future__ import annotations

from extractors.config import Config


def rate(code: str, year: int | None, config: Config) -> float | None:
    """Units of `code` per USD in `year` (closest earlier year listed, else the
    earliest); None for a currency without rates."""
    if code == "USD":
        return 1.0
    table = config["fx"]["rates"].get(code)
    if not table:
        return None
    year = year or config["fx"]["default_year"]
    earlier = [y for y in table if y <= year]
    return float(table[max(earlier)] if earlier else table[min(table)])


def to_usd(value: float | None, code: str, year: int | None, config: Config) -> float | None:
    """`value` in `code` as USD, or None when it cannot be converted."""
    if value is None:
        return None
    r = rate(code, year, config)
    return None if r is None else value / r
