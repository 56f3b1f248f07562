"""Named fragments: `{name}` in a pattern of config.yaml stands for fragments.name,
expanded on load; an unknown name or a cycle is a ConfigError naming the key."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from configedit import config_with, edited_config

from extractors import ConfigError, extract_text
from extractors.config import parse_config


def _with_fragments(fragments: dict, **patterns: str):
    """The project's config with `fragments` and exclusion `patterns` added, validated."""
    def change(data: dict) -> None:
        data["fragments"].update(fragments)
        data["exclusions"]["patterns"].update(patterns)
    return edited_config(change)


def _error(build: Callable[[], object]) -> str:
    """The one-line ConfigError `build()` raises."""
    with pytest.raises(ConfigError) as err:
        build()
    assert "\n" not in str(err.value)
    return str(err.value)


def test_a_reference_is_replaced_by_its_fragment_as_a_group() -> None:
    config = _with_fragments(
        {"code": "AB|CD", "ticket": r"#{code}-\d{2,4}"}, ticket=r"\b{ticket}\b")
    assert config["exclusions"]["patterns"]["ticket"] == r"\b(?:#(?:AB|CD)-\d{2,4})\b"


def test_regex_braces_are_not_references() -> None:
    pattern = r"\p{Lu}\d{1,3}\{x}\P{N}"
    config = _with_fragments({}, odd=pattern)
    assert config["exclusions"]["patterns"]["odd"] == pattern


def test_project_patterns_use_fragments() -> None:
    """furniture.line_patterns and tail_markers share {comment_count}: both read the
    comment box's line."""
    config = edited_config(lambda d: None)
    line = config["furniture"]["line_patterns"][0]
    assert "{" not in line and "Bình luận" in line
    assert line == config["furniture"]["tail_markers"][0]


def test_a_fragment_changes_every_pattern_that_names_it() -> None:
    """A new word in fragments.comment_count makes its line a page tail."""
    text = "Exports rose 5% in 2024.\nReplies (3)\nImports rose 7% in 2024."
    assert extract_text(text, lang="en").quote.tolist() == ["5%", "7%"]
    config = edited_config(lambda d: d["fragments"].update(
        comment_count=r"(?:Comment|Comments|Replies|Bình luận)\s*\(\d+\)"))
    assert extract_text(text, lang="en", config=config).quote.tolist() == ["5%"]


@pytest.mark.parametrize(("fragments", "patterns", "message"), [
    ({}, {"ticket": r"#{code}\d+"},
     "config key 'exclusions.patterns.ticket': unknown fragment {code} (not under 'fragments')"),
    ({"a": "x{b}"}, {}, "config key 'fragments.a': unknown fragment {b} (not under 'fragments')"),
    ({"a": "x{a}"}, {}, "config key 'fragments.a': refers to itself: {a} -> {a}"),
    ({"a": "x{b}", "b": "y{c}", "c": "z{a}"}, {},
     "config key 'fragments.a': refers to itself: {a} -> {b} -> {c} -> {a}"),
    ({"a": "(x"}, {}, "config key 'fragments.a': invalid regular expression: "),
    ({"Code": "x"}, {}, "config key 'fragments.Code': names must be lower-case letters"),
    ({"a": 5}, {}, "config key 'fragments.a': must be a regular expression string, got 5"),
    ({"a": "x?"}, {"maybe": "{a}"},
     "config key 'exclusions.patterns.maybe': pattern '(?:x?)' matches the empty text"),
])
def test_bad_fragments_name_the_key(fragments: dict, patterns: dict, message: str) -> None:
    assert _error(lambda: _with_fragments(fragments, **patterns)).startswith(message)


def test_furniture_references_are_checked() -> None:
    text = config_with(lambda d: d["furniture"]["tail_markers"].append("^{nothing}$"))
    assert _error(lambda: parse_config(text)) == (
        "config key 'furniture.tail_markers[2]': unknown fragment {nothing} (not under "
        "'fragments')")
