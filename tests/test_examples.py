"""Run every example file under tests/examples (text → expected figures)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from extractors import extract_text

EXAMPLES = Path(__file__).parent / "examples"
CHECKED = ("value_high", "value_usd", "kind", "year", "country", "sector", "entity", "qualifier",
           "measure", "role", "investor_country", "label")


def _cases() -> list:
    cases = []
    for path in sorted(EXAMPLES.glob("*/*.yaml")):
        lang = path.parent.name
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            cases.append(pytest.param(lang, case, id=f"{lang}/{path.stem}[{i}]"))
    return cases


def _same(got: object, want: object) -> bool:
    if want is None:
        return got is None or (isinstance(got, float) and math.isnan(got))
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return got is not None and not pd_isna(got) and math.isclose(float(got), want,
                                                                    rel_tol=1e-6)
    return got == want


def pd_isna(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"


@pytest.mark.parametrize(("lang", "case"), _cases())
def test_example(lang: str, case: dict) -> None:
    published = str(case["published"]) if "published" in case else None
    rows = extract_text(case["text"], doc_id="example", published=published).to_dict("records")
    expected = case["figures"]
    assert len(rows) == len(expected), (
        f"found {[r['quote'] for r in rows]}, expected {[f['quote'] for f in expected]}"
    )
    for want, got in zip(expected, rows, strict=True):
        assert want["quote"] in got["quote"], (want["quote"], got["quote"])
        assert case["text"][got["start"]:got["end"]] == got["quote"]
        assert _same(got["value"], want["value"]), (want["quote"], got["value"])
        assert got["unit"] == want["unit"], (want["quote"], got["unit"])
        for field in CHECKED:
            if field in want:
                value = None if pd_isna(got[field]) else got[field]
                assert _same(value, want[field]), (want["quote"], field, got[field])


def test_example_files_cover_both_languages_and_dimensions() -> None:
    names = {p.relative_to(EXAMPLES).with_suffix("").as_posix() for p in EXAMPLES.glob("*/*.yaml")}
    for lang in ("vi", "en"):
        for dim in ("money", "percent", "counts", "ranks", "not_figures"):
            assert f"{lang}/{dim}" in names
