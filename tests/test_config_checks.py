"""config.yaml mistakes that used to pass or crash: NaN/inf, patterns that match
everything, unknown and duplicate keys, wrong shapes, a file that is not UTF-8."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from configedit import CONFIG, config_with, edited_config

from extractors import ConfigError, load_config
from extractors.config import parse_config


def _error(text: str | Callable[[dict], object]) -> str:
    """The one-line error of a config text, or of the project's with a change made."""
    with pytest.raises(ConfigError) as err:
        parse_config(text) if isinstance(text, str) else edited_config(text)
    message = str(err.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["fx"]["rates"]["VND"].update({2020: math.nan}),
         "config key 'fx.rates.VND.2020': must be a finite number, got nan"),
        (lambda d: d["scales"][0].update(value=math.inf),
         "config key 'scales[0].value': must be a finite number, got inf"),
        (lambda d: d["sector_weights"].update(measure=-math.inf),
         "config key 'sector_weights.measure': must be a finite number, got -inf"),
        (lambda d: d["exclusions"]["patterns"].update(clock=""),
         "config key 'exclusions.patterns.clock': pattern '' matches the empty text, so it "
         "would match everywhere"),
        (lambda d: d["exclusions"]["patterns"].update(clock="x*"),
         "config key 'exclusions.patterns.clock': pattern 'x*' matches the empty text, so it "
         "would match everywhere"),
        (lambda d: d["numbers"].update(max_digit=12),
         "config key 'numbers.max_digit': is not a known setting (misspelled?)"),
        (lambda d: d.update(sector_weight={"measure": 1}),
         "config key 'sector_weight': is not a known setting (misspelled?)"),
        (lambda d: d["currencies"][0].update(prefix=["$"]),
         "config key 'currencies[0].prefix': is not a known setting (misspelled?)"),
        (lambda d: d["physical"].update(units=[["ha"]]),
         "config key 'physical.units': must be a mapping, got a list"),
        (lambda d: d.update(scales={"id": "x"}),
         "config key 'scales': must be a list, got a mapping"),
        (lambda d: d["years"].update(target_cues="by"),
         "config key 'years.target_cues': must be a list, got a single value"),
        (lambda d: d["fx"]["rates"].update(VND=[1, 2]),
         "config key 'fx.rates.VND': must be a mapping, got a list"),
    ],
)
def test_config_mistakes_name_the_key(change, message: str) -> None:
    assert _error(change) == message


def test_open_maps_take_new_words() -> None:
    text = config_with(lambda d: d["numbers"]["words"]["en"].update(dozen=12))
    assert parse_config(text)["numbers"]["words"]["en"]["dozen"] == 12


def test_duplicate_key_is_named_with_its_line() -> None:
    text = CONFIG.read_text(encoding="utf-8").replace(
        "language_detection:\n", "language_detection:\n  default: en\n", 1)
    message = _error(text)
    assert message.startswith("config key 'language_detection.default': is given twice")


def test_non_utf8_config_is_a_config_error(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(CONFIG.read_bytes().replace("Tổng".encode(), b"T\xf4ng") + b"# \xff\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "not UTF-8 text" in str(err.value) and str(path) in str(err.value)
