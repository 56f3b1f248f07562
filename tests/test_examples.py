"""Run every example file under tests/examples (text → expected figures), exactly: the
same figures in the same order, each with the same quote (and rule, where the example
names one). Known misses live in `<lang>/known_misses.yaml`, each with its `xfail:`
reason, and run as strict xfails, so a fix shows up as a failure to move the case out.
Coverage: every currency, scale word, exclusion pattern and rule of config.yaml (and of
the extractors' code) has at least one example."""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

import pytest
import regex
import yaml

from extractors import extract_text, load_config
from extractors.ranks import rank_patterns

EXAMPLES = Path(__file__).parent / "examples"
EXTRACTORS = Path(__file__).resolve().parent.parent / "extractors"
KNOWN_MISSES = "known_misses"
CHECKED = ("value_high", "value_usd", "kind", "year", "country", "sector", "entity", "qualifier",
           "measure", "role", "investor_country", "label", "rule")
# Where the extractors name the rules a row's `rule` column joins with "+":
# rules.append("x"), rules.insert(0, "x"), rules += ["x"], rules=... + ["x"].
RULE_IN_SOURCE = re.compile(
    r'rules(?:\.append\(|\.insert\(\d+,\s*|\s*\+=\s*\[|=[^\n]*?\+\s*\[)"([a-z_.]+)"')


@cache
def _files() -> tuple[tuple[str, str, tuple[dict, ...]], ...]:
    """(lang, file stem, cases) of every example file."""
    return tuple((path.parent.name, path.stem,
                  tuple(yaml.safe_load(path.read_text(encoding="utf-8")) or ()))
                 for path in sorted(EXAMPLES.glob("*/*.yaml")))


def _cases() -> list:
    cases = []
    for lang, stem, file_cases in _files():
        for i, case in enumerate(file_cases):
            xfail = "xfail" in case
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if xfail else []
            cases.append(pytest.param(lang, case, id=f"{lang}/{stem}[{i}]", marks=marks))
    return cases


def _all_cases() -> list[dict]:
    return [case for _lang, _stem, cases in _files() for case in cases]


def _figures() -> list[dict]:
    return [figure for case in _all_cases() for figure in case["figures"]]


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
    assert [r["quote"] for r in rows] == [f["quote"] for f in expected]
    for want, got in zip(expected, rows, strict=True):
        assert case["text"][got["start"]:got["end"]] == got["quote"]
        assert _same(got["value"], want["value"]), (want["quote"], got["value"])
        assert got["unit"] == want["unit"], (want["quote"], got["unit"])
        for field in CHECKED:
            if field in want:
                value = None if pd_isna(got[field]) else got[field]
                assert _same(value, want[field]), (want["quote"], field, got[field])


def test_example_files_cover_both_languages_and_dimensions() -> None:
    names = {f"{lang}/{stem}" for lang, stem, _cases in _files()}
    for lang in ("vi", "en"):
        for dim in ("money", "percent", "counts", "ranks", "not_figures"):
            assert f"{lang}/{dim}" in names


def test_known_misses_are_kept_in_their_own_files() -> None:
    for lang, stem, cases in _files():
        for i, case in enumerate(cases):
            assert ("xfail" in case) == (stem == KNOWN_MISSES), f"{lang}/{stem}[{i}]"
            if "xfail" in case:
                assert isinstance(case["xfail"], str) and case["xfail"].strip()


def test_every_currency_has_an_example() -> None:
    units = {figure["unit"] for figure in _figures()}
    codes = [currency["code"] for currency in load_config()["currencies"]]
    assert [code for code in codes if code not in units] == []


def _has_word(quote: str, word: str) -> bool:
    """`word` stands in `quote` as a word of its own (letters may touch digits: "$1.6B")."""
    flags = 0 if len(word) <= 2 else regex.IGNORECASE  # "B", "m", "MM", "bn" are cased
    return regex.search(rf"(?<!\p{{L}}){regex.escape(word)}(?!\p{{L}})", quote, flags) is not None


def test_every_scale_word_has_an_example() -> None:
    quotes = [figure["quote"] for figure in _figures() if figure["unit"] != "%"]
    missing = [f"{scale['id']}: {word}" for scale in load_config()["scales"]
               for word in scale["words"] if not any(_has_word(q, word) for q in quotes)]
    assert missing == []


def _shown_excluded(pattern: regex.Pattern, case: dict) -> bool:
    """The pattern matches a stretch of the case's text that none of its figures holds."""
    text = case["text"]
    held = [(m.start(), m.end()) for figure in case["figures"]
            for m in regex.finditer(regex.escape(figure["quote"]), text)]
    return any(not any(s < m.end() and m.start() < e for s, e in held)
               for m in pattern.finditer(text) if m.group())


def test_every_exclusion_pattern_has_an_example() -> None:
    patterns = load_config()["exclusions"]["patterns"]
    missing = [name for name, pattern in patterns.items()
               if not any(_shown_excluded(regex.compile(pattern), case) for case in _all_cases())]
    assert missing == []


def rule_ids() -> set[str]:
    """Every rule id a row's `rule` column can name with the project's config: the rank
    patterns' and those the extractors' code appends ("physical" only while physical
    units are on)."""
    config = load_config()
    ids = {name for name, _pattern in rank_patterns(config)}
    for path in EXTRACTORS.glob("*.py"):
        ids.update(RULE_IN_SOURCE.findall(path.read_text(encoding="utf-8")))
    if not config["physical"]["enabled"]:
        ids.discard("physical")
    return ids


def test_rule_ids_are_found_in_the_code() -> None:
    ids = rule_ids()
    assert {"money.sign", "money.code", "money.minor", "percent", "count.noun", "spelled", "scale",
            "rank.top", "range"} <= ids


def test_every_rule_has_an_example() -> None:
    named = {part for figure in _figures() if "rule" in figure
             for part in figure["rule"].split("+")}
    assert sorted(rule_ids() - named) == []
    assert sorted(named - rule_ids()) == []  # a misspelt rule in an example
