"""Load and validate config.yaml: every lexicon, cue list, currency and rate."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.yaml"
LANGS = ("vi", "en")
FAMILIES = ("money", "percent", "count", "rank", "physical")
# libyaml's loader when PyYAML was built with it: the same documents, 20x faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the key."""


@dataclass(frozen=True, eq=False)
class Config:
    """Validated configuration. `data` is the parsed YAML."""

    data: dict
    path: str
    digest: str  # sha256 of the file text: changes when any rule changes

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


# --- validators: each raises ConfigError naming the key --------------------


def _fail(key: str, problem: str) -> None:
    raise ConfigError(f"config key '{key}': {problem}")


def _need(data: dict, key: str, path: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        _fail(f"{path}.{key}".lstrip("."), "is missing")
    return data[key]


def _mapping(data: dict, key: str, path: str, what: str) -> dict:
    """data[key], which must be a mapping (of `what`: "fraction words to their ...")."""
    value = _need(data, key, path)
    if not isinstance(value, dict):
        _fail(f"{path}.{key}".lstrip("."), f"must map {what}")
    return value


def _str_list(value: Any, key: str, allow_empty: bool = False) -> None:
    if not isinstance(value, list) or (not value and not allow_empty):
        _fail(key, "must be a non-empty list of strings")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            _fail(f"{key}[{i}]", f"must be a non-empty string, got {item!r}")


def _number(value: Any, key: str, positive: bool = True) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(key, f"must be a number, got {value!r}")
    if not math.isfinite(value):
        _fail(key, f"must be a finite number, got {value!r}")
    if positive and value <= 0:
        _fail(key, f"must be positive, got {value!r}")


def _count(value: Any, key: str) -> None:
    """A positive whole number (of characters, words, sentences)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        _fail(key, f"must be a positive whole number, got {value!r}")


def _word_map(value: Any, key: str) -> None:
    if not isinstance(value, dict) or not value:
        _fail(key, "must be a non-empty mapping of word to number")
    for word, num in value.items():
        if not isinstance(word, str):
            _fail(f"{key}.{word}", "words must be strings")
        _number(num, f"{key}.{word}")


def _bool(value: Any, key: str) -> None:
    if not isinstance(value, bool):
        _fail(key, f"must be true or false, got {value!r}")


def _lower_set(words: Any) -> set[str]:
    return {w.lower() for w in words}


def _regex(pattern: Any, key: str) -> None:
    if not isinstance(pattern, str):
        _fail(key, f"must be a regular expression string, got {pattern!r}")
    try:
        compiled = regex.compile(pattern, regex.V0)
    except regex.error as exc:
        _fail(key, f"invalid regular expression: {exc}")
    if compiled.search("") is not None:
        _fail(key, f"pattern {pattern!r} matches the empty text, so it would match everywhere")


def _per_lang(section: dict, key: str, check: Callable[[Any, str], None]) -> None:
    for lang in LANGS:
        check(_need(section, lang, key), f"{key}.{lang}")


def _check_languages(data: dict) -> None:
    langs = _need(data, "languages", "")
    for lang in LANGS:
        spec = _need(langs, lang, "languages")
        for mark in ("decimal_mark", "group_mark"):
            value = _need(spec, mark, f"languages.{lang}")
            if value not in (".", ",", " ", "\u00a0"):
                _fail(f"languages.{lang}.{mark}", f"must be '.', ',' or a space, got {value!r}")
        if spec["decimal_mark"] == spec["group_mark"]:
            _fail(f"languages.{lang}", "decimal_mark and group_mark must differ")
    det = _need(data, "language_detection", "")
    if _need(det, "default", "language_detection") not in LANGS:
        _fail("language_detection.default", f"must be one of {LANGS}")
    if not isinstance(_need(det, "marker_letters", "language_detection"), str):
        _fail("language_detection.marker_letters", "must be a string of letters")
    share = _need(det, "vi_word_share", "language_detection")
    _number(share, "language_detection.vi_word_share")
    if share >= 1:
        _fail("language_detection.vi_word_share", "must be below 1")
    _number(_need(det, "min_words", "language_detection"), "language_detection.min_words")


def _check_numbers(data: dict) -> None:
    nums = _need(data, "numbers", "")
    for key in ("max_digits", "year_min", "year_max"):
        _number(_need(nums, key, "numbers"), f"numbers.{key}")
    if nums["year_min"] >= nums["year_max"]:
        _fail("numbers.year_min", "must be below numbers.year_max")
    _str_list(_need(nums, "negative_signs", "numbers"), "numbers.negative_signs")
    _per_lang(_need(nums, "words", "numbers"), "numbers.words", _word_map)
    _per_lang(_need(nums, "ordinal_words", "numbers"), "numbers.ordinal_words", _word_map)
    spelled = _need(nums, "spelled", "numbers")
    for lang in LANGS:
        _check_spelled(_need(spelled, lang, "numbers.spelled"), nums["words"][lang],
                       f"numbers.spelled.{lang}")


# Roles of numbers.spelled.<lang> whose words take their value from numbers.words.
VALUED_ROLES = ("tens", "tens_markers", "hundreds", "bound_units", "tail_units", "half_after")
WORD_ROLES = ("zeros", "joiners", "zero_joiners", "points", "negatives", "articles",
              "fraction_links")


def _check_spelled(spec: Any, words: dict, key: str) -> None:
    """The grammar of spelled numbers: word lists by role, valued roles listed in
    numbers.words, fraction words with their denominators."""
    known = _lower_set(words)
    for role in VALUED_ROLES + WORD_ROLES:
        items = _need(spec, role, key)
        _str_list(items, f"{key}.{role}", allow_empty=True)
        if role in VALUED_ROLES:
            for i, word in enumerate(items):
                if word.lower() not in known:
                    _fail(f"{key}.{role}[{i}]", f"'{word}' needs a value under numbers.words")
    for flag in ("loose_units", "hyphen", "bare_hundreds"):
        _bool(_need(spec, flag, key), f"{key}.{flag}")
    fractions = _mapping(spec, "fractions", key, "fraction words to their denominators")
    values = {w.lower(): v for w, v in words.items()}
    roled = {w.lower() for role in VALUED_ROLES for w in spec[role]} | _lower_set(fractions)
    for word, value in words.items():
        if not (value < 20 and float(value).is_integer()) and word.lower() not in roled:
            _fail(f"numbers.words.{key.rsplit('.', 1)[-1]}.{word}",
                  f"has no role: list it under {key} (tens, hundreds, fractions, ...)")
    for word, den in fractions.items():
        at = f"{key}.fractions.{word}"
        if isinstance(den, bool) or not isinstance(den, int) or den < 2:
            _fail(at, f"denominator must be an integer of 2 or more, got {den!r}")
        value = values.get(str(word).lower())
        if value is not None and abs(value * den - 1) > 1e-9:
            _fail(at, f"numbers.words gives it {value}, not 1/{den}")


def _check_scales(data: dict) -> None:
    scales = _need(data, "scales", "")
    if not isinstance(scales, list) or not scales:
        _fail("scales", "must be a non-empty list")
    for i, scale in enumerate(scales):
        key = f"scales[{i}]"
        if not isinstance(scale, dict):
            _fail(key, "must be a mapping with id, value, words")
        _need(scale, "id", key)
        _number(_need(scale, "value", key), f"{key}.value")
        _str_list(_need(scale, "words", key), f"{key}.words")
        if "standalone" in scale:
            _str_list(scale["standalone"], f"{key}.standalone")
            if not scale.get("glued_only"):
                _fail(f"{key}.standalone", "is only for letter scales (glued_only: true)")
            for i, word in enumerate(scale["standalone"]):
                if word not in scale["words"]:
                    _fail(f"{key}.standalone[{i}]", f"'{word}' is not one of the scale's words")
    _str_list(_need(data, "scale_blockers", ""), "scale_blockers", allow_empty=True)


def _check_currencies(data: dict) -> None:
    currencies = _need(data, "currencies", "")
    if not isinstance(currencies, list) or not currencies:
        _fail("currencies", "must be a non-empty list")
    codes, unconverted, suffixes = set(), set(), set()
    for i, cur in enumerate(currencies):
        key = f"currencies[{i}]"
        code = _need(cur, "code", key)
        if not (isinstance(code, str) and len(code) == 3 and code.isupper()):
            _fail(f"{key}.code", f"must be an ISO 4217 code like 'USD', got {code!r}")
        if code in codes:
            _fail(f"{key}.code", f"'{code}' is listed twice")
        codes.add(code)
        _str_list(_need(cur, "prefixes", key), f"{key}.prefixes", allow_empty=True)
        _str_list(_need(cur, "suffixes", key), f"{key}.suffixes", allow_empty=True)
        suffixes |= _lower_set(cur["suffixes"])
        if "minor" in cur:
            minor = cur["minor"]
            _number(_need(minor, "value", f"{key}.minor"), f"{key}.minor.value")
            if minor["value"] >= 1:
                _fail(f"{key}.minor.value", "must be below 1 (a fraction of the currency)")
            _str_list(_need(minor, "words", f"{key}.minor"), f"{key}.minor.words", allow_empty=True)
        if "convert" in cur:
            _bool(cur["convert"], f"{key}.convert")
            if not cur["convert"]:
                unconverted.add(code)
    scales = _mapping(data, "code_scales", "", "a letter to its value ({M: 1000000})")
    for letter, value in scales.items():
        if not (isinstance(letter, str) and len(letter) == 1 and letter.isalpha()):
            _fail(f"code_scales.{letter}", "keys must be single letters")
        _number(value, f"code_scales.{letter}")
    _str_list(_need(data, "currency_blockers", ""), "currency_blockers", allow_empty=True)
    _check_weight_currencies(data, suffixes)
    _check_rates(data, codes, unconverted)


def _check_weight_currencies(data: dict, suffixes: set[str]) -> None:
    weak = _need(data, "weight_currencies", "")
    key = "weight_currencies"
    _str_list(_need(weak, "words", key), f"{key}.words", allow_empty=True)
    units = {w.lower() for words in _need(_need(data, "physical", ""), "units", "physical").values()
             for w in words}
    for i, word in enumerate(weak["words"]):
        if word.lower() not in suffixes:
            _fail(f"{key}.words[{i}]", f"'{word}' is not a currency suffix")
        if word.lower() not in units:
            _fail(f"{key}.words[{i}]", f"'{word}' is not under physical.units")
    _str_list(_need(weak, "langs", key), f"{key}.langs", allow_empty=True)
    for i, lang in enumerate(weak["langs"]):
        if lang not in LANGS:
            _fail(f"{key}.langs[{i}]", f"must be one of {LANGS}")
    _number(_need(weak, "window", key), f"{key}.window")
    for name in ("cues_before", "cues_after", "weight_after"):
        _str_list(_need(weak, name, key), f"{key}.{name}", allow_empty=True)


def _check_rates(data: dict, codes: set[str], unconverted: set[str]) -> None:
    fx = _need(data, "fx", "")
    year = _need(fx, "default_year", "fx")
    _number(year, "fx.default_year")
    rates = _mapping(fx, "rates", "fx", "currency codes to {year: rate}")
    for code, table in rates.items():
        if code not in codes:
            _fail(f"fx.rates.{code}", "is not a currency listed under 'currencies'")
        if code in unconverted:
            _fail(f"fx.rates.{code}", "has rates but its currency says convert: false")
        if not isinstance(table, dict) or not table:
            _fail(f"fx.rates.{code}", "must map years to units per USD")
        for yr, rate in table.items():
            if not isinstance(yr, int):
                _fail(f"fx.rates.{code}.{yr}", "years must be integers")
            _number(rate, f"fx.rates.{code}.{yr}")
    for code in sorted(codes - set(rates) - unconverted - {"USD"}):
        _fail(f"fx.rates.{code}", "is missing: give the currency rates, or convert: false "
              "under currencies to leave its value_usd empty")


def _check_lexicons(data: dict) -> None:
    _str_list(_need(data, "percent_words", ""), "percent_words")
    _str_list(_need(data, "percent_of_words", ""), "percent_of_words", allow_empty=True)
    phys = _need(data, "physical", "")
    if not isinstance(_need(phys, "enabled", "physical"), bool):
        _fail("physical.enabled", "must be true or false")
    for unit, words in _need(phys, "units", "physical").items():
        _str_list(words, f"physical.units.{unit}")
    counts = _need(data, "counts", "")
    _per_lang(_need(counts, "stop_words", "counts"), "counts.stop_words", _str_list)
    _number(_need(counts, "measure_words", "counts"), "counts.measure_words")
    bare_min = _need(counts, "bare_min", "counts")
    for key in ("grouped", "plain"):
        _number(_need(bare_min, key, "counts.bare_min"), f"counts.bare_min.{key}")
    _number(_need(counts, "spelled_min", "counts"), "counts.spelled_min")
    _str_list(_need(counts, "date_words", "counts"), "counts.date_words")
    quals = _need(data, "qualifiers", "")
    for name in ("at_least", "more_than", "at_most", "less_than", "approx"):
        _str_list(_need(quals, name, "qualifiers"), f"qualifiers.{name}")
    after = _mapping(data, "qualifiers_after", "", "qualifier names to word lists")
    for name, words in after.items():
        if name not in quals:
            _fail(f"qualifiers_after.{name}", f"'{name}' is not a qualifier under 'qualifiers'")
        _str_list(words, f"qualifiers_after.{name}")
    _str_list(_need(data, "qualifier_fillers", ""), "qualifier_fillers", allow_empty=True)
    ranges = _need(data, "ranges", "")
    for name in ("connectors", "and_words", "between_words", "change_words"):
        _str_list(_need(ranges, name, "ranges"), f"ranges.{name}")
    ranks = _need(data, "ranks", "")
    for name in ("top_words", "group_words", "group_superlatives", "ordinal_heads",
                 "position_words", "superlatives", "blockers", "bare_followers", "scope_words",
                 "number_words", "number_values", "ranked_words"):
        _str_list(_need(ranks, name, "ranks"), f"ranks.{name}")
    _str_list(_need(ranks, "ordinal_suffixes", "ranks"), "ranks.ordinal_suffixes")
    _number(_need(ranks, "group_reach", "ranks"), "ranks.group_reach")
    if not isinstance(_need(ranks, "ordinal_marker", "ranks"), str):
        _fail("ranks.ordinal_marker", "must be a string")
    years = _need(data, "years", "")
    for name in ("target_cues", "reference_cues", "comparison_cues"):
        _str_list(_need(years, name, "years"), f"years.{name}")
    _number(_need(years, "follow_window", "years"), "years.follow_window")
    _number(_need(years, "carry_sentences", "years"), "years.carry_sentences", positive=False)
    _number(_need(years, "lead_sentences", "years"), "years.lead_sentences", positive=False)
    _number(_need(years, "heading_words", "years"), "years.heading_words")
    for name in ("relative_words", "span_counters", "prior_period_cues", "period_words",
                 "until_cues", "respectively_words", "year_words", "list_words", "step_words"):
        _str_list(_need(years, name, "years"), f"years.{name}")
    relative = _need(years, "relative_years", "years")
    if not isinstance(relative, dict) or not relative:
        _fail("years.relative_years", "must map phrases to a year offset")
    for phrase, offset in relative.items():
        if not isinstance(phrase, str) or isinstance(offset, bool) or not isinstance(offset, int):
            _fail(f"years.relative_years.{phrase}", f"must be an integer offset, got {offset!r}")
    _str_list(_need(years, "prior_relatives", "years"), "years.prior_relatives")
    _str_list(_need(years, "compare_words", "years"), "years.compare_words")
    _str_list(_need(years, "subordinators", "years"), "years.subordinators")
    kinds = _need(data, "kinds", "")
    for name in ("target_cues", "statistic_cues", "investment_cues", "money_statistic_cues"):
        _per_lang(_need(kinds, name, "kinds"), f"kinds.{name}", _str_list)
    for name in ("baseline_cues", "baseline_fillers", "progress_words", "next_clause_words",
                 "rank_goal_words", "describing_words"):
        _str_list(_need(kinds, name, "kinds"), f"kinds.{name}")
    for name in ("window_before", "window_after", "investment_window_before"):
        _number(_need(kinds, name, "kinds"), f"kinds.{name}")


def _check_named_lists(data: dict, key: str, field: str, extra: tuple[str, ...] = ()) -> None:
    items = _need(data, key, "")
    if not isinstance(items, list) or not items:
        _fail(key, "must be a non-empty list")
    names = set()
    for i, item in enumerate(items):
        path = f"{key}[{i}]"
        name = _need(item, "name", path)
        if not isinstance(name, str) or not name:
            _fail(f"{path}.name", "must be a non-empty string")
        if name in names:
            _fail(f"{path}.name", f"'{name}' is listed twice")
        names.add(name)
        _str_list(_need(item, field, path), f"{path}.{field}")
        for opt in extra:
            if opt in item:
                _str_list(item[opt], f"{path}.{opt}")


def _check_attributes(data: dict) -> None:
    _check_named_lists(data, "countries", "aliases", ("ambiguous", "places"))
    names = {c["name"] for c in data["countries"]}
    defaults = _mapping(data, "default_country", "", "a language to a country name")
    for lang, name in defaults.items():
        if lang not in LANGS:
            _fail(f"default_country.{lang}", f"language must be one of {LANGS}")
        if name not in names:
            _fail(f"default_country.{lang}", f"'{name}' is not a country listed under 'countries'")
    _check_named_lists(data, "sectors", "keywords")
    sector_names = {s["name"] for s in data["sectors"]}
    weights = _need(data, "sector_weights", "")
    for name in ("measure", "sentence", "distance", "organisation", "document"):
        _number(_need(weights, name, "sector_weights"), f"sector_weights.{name}")
    for i, sector in enumerate(data["sectors"]):
        if "weight" in sector:
            _number(sector["weight"], f"sectors[{i}].weight")
        if "families" in sector:
            _str_list(sector["families"], f"sectors[{i}].families")
            for family in sector["families"]:
                if family not in FAMILIES:
                    _fail(f"sectors[{i}].families", f"'{family}' is not one of {FAMILIES}")
    _str_list(_need(data, "institutions", ""), "institutions")
    _str_list(_need(data, "worldwide_words", ""), "worldwide_words")
    _check_named_lists(data, "entities", "aliases")
    for i, entity in enumerate(data["entities"]):
        if "country" in entity and entity["country"] not in names:
            _fail(f"entities[{i}].country",
                  f"'{entity['country']}' is not a country listed under 'countries'")
        if "sector" in entity and entity["sector"] not in sector_names:
            _fail(f"entities[{i}].sector",
                  f"'{entity['sector']}' is not a sector listed under 'sectors'")
    for name in ("country_owner_links", "destination_words", "of_words", "region_words",
                 "clause_breaks"):
        _str_list(_need(data, name, ""), name)
    orgs = _need(data, "organisations", "")
    for name in ("heads", "person_titles", "anaphora", "metric_words", "home_metrics"):
        _per_lang(_need(orgs, name, "organisations"), f"organisations.{name}", _str_list)
    for lang in LANGS:
        _str_list(_need(_need(orgs, "subject_verbs", "organisations"), lang,
                        "organisations.subject_verbs"),
                  f"organisations.subject_verbs.{lang}", allow_empty=True)
    for name in ("suffixes", "legal_forms", "business_lines", "not_names", "source_before",
                 "source_after", "self_words", "appositive_articles", "source_reports",
                 "origin_suffixes", "descriptor_suffixes", "self_leads"):
        _str_list(_need(orgs, name, "organisations"), f"organisations.{name}")
    heads = _mapping(orgs, "head_sectors", "organisations", "head words to sectors")
    for head, sector in heads.items():
        if sector not in sector_names:
            _fail(f"organisations.head_sectors.{head}",
                  f"'{sector}' is not a sector listed under 'sectors'")
    _number(_need(orgs, "window", "organisations"), "organisations.window")
    _number(_need(orgs, "carry_sentences", "organisations"), "organisations.carry_sentences",
            positive=False)


GRAMMAR_TAGS = ("say", "conj", "rel", "change", "verb", "aux", "step", "link", "prep", "time",
                "det", "filler", "ref", "pron")


def _check_grammar(data: dict) -> None:
    grammar = _need(data, "grammar", "")
    for lang in LANGS:
        table = _need(grammar, lang, "grammar")
        for tag in GRAMMAR_TAGS:
            _str_list(_need(table, tag, f"grammar.{lang}"), f"grammar.{lang}.{tag}")
        if "dictionary" in table:
            spec = table["dictionary"]
            if not isinstance(spec, dict) or set(spec) != {"package", "file"}:
                _fail(f"grammar.{lang}.dictionary", "must be {package: NAME, file: PATH}")
    for name in ("nominalisers", "verbal_nouns", "adjectives", "generic_nouns",
                 "purpose_words", "verb_endings", "present_endings", "noun_endings",
                 "finite_endings", "coordinators", "with_words"):
        section = _need(grammar, name, "grammar")
        for lang in LANGS:
            _str_list(_need(section, lang, f"grammar.{name}"), f"grammar.{name}.{lang}",
                      allow_empty=True)
    _str_list(_need(grammar, "possessives", "grammar"), "grammar.possessives")


FURNITURE_PATTERNS = ("line_patterns", "tail_markers", "inline_tail_markers",
                      "inline_head_markers", "article_starts")


def _check_exclusions(data: dict) -> None:
    excl = _need(data, "exclusions", "")
    _str_list(_need(excl, "preceding_words", "exclusions"), "exclusions.preceding_words")
    _str_list(_need(excl, "preceding_phrases", "exclusions"), "exclusions.preceding_phrases")
    patterns = _need(excl, "patterns", "exclusions")
    if not isinstance(patterns, dict) or not patterns:
        _fail("exclusions.patterns", "must map names to regular expressions")
    for name, pattern in patterns.items():
        _regex(pattern, f"exclusions.patterns.{name}")
    furn = _need(data, "furniture", "")
    for name in FURNITURE_PATTERNS:
        items = _need(furn, name, "furniture")
        _str_list(items, f"furniture.{name}", allow_empty=True)
        for i, pattern in enumerate(items):
            _regex(pattern, f"furniture.{name}[{i}]")
    _number(_need(furn, "resume_min_chars", "furniture"), "furniture.resume_min_chars")


WINDOWS = ("range_lead", "excluded_before", "percent_of_before", "name_before", "currency_carry",
           "qualifier_before", "qualifier_after", "baseline_before", "describing_before",
           "aside_opening", "owner_gap", "figure_join_gap", "year_cue_before", "prior_clause",
           "ambiguous_country_reach", "aside", "source_before", "vietnamese_reach",
           "home_before", "home_bracket", "source_bracket", "lead", "country_cue_before")


def _check_windows(data: dict) -> None:
    """The `windows` section: how many characters each rule reads around what it
    looks at, positive whole numbers."""
    windows = _need(data, "windows", "")
    for name in WINDOWS:
        _count(_need(windows, name, "windows"), f"windows.{name}")


def _check_dates(data: dict) -> None:
    """The `dates` section (extractors/dates.py): month names and the words of a date
    line; `metadata` (extractors/metadata.py): the labels of a URL line."""
    dates = _need(data, "dates", "")
    months = _need(dates, "months", "dates")
    _str_list(months, "dates.months")
    if len(months) != 12 or len({m.lower() for m in months}) != 12:
        _fail("dates.months", f"must name the 12 months, January first, got {len(months)} "
              "names" + (" (one twice)" if len(months) == 12 else ""))
    for i, month in enumerate(months):
        if not regex.fullmatch(r"\p{L}+", month):
            _fail(f"dates.months[{i}]", f"must be letters, got {month!r}")
    for name in ("day_links", "month_words"):
        _str_list(_need(dates, name, "dates"), f"dates.{name}")
    metadata = _need(data, "metadata", "")
    _str_list(_need(metadata, "url_labels", "metadata"), "metadata.url_labels")


def _check_segment(data: dict) -> None:
    """The `segment` section (extractors/segment.py): abbreviations that end in a full stop."""
    segment = _need(data, "segment", "")
    _str_list(_need(segment, "abbreviations", "segment"), "segment.abbreviations")


def _check_commitments(data: dict) -> None:
    """The `commitments` section (analysis/commitments.py): stop words, one word each,
    and a glossary of phrases to the English words they become."""
    words = _need(data, "commitments", "")
    key = "commitments.stop_words"
    _per_lang(_need(words, "stop_words", "commitments"), key, _str_list)
    for lang in LANGS:
        for i, word in enumerate(words["stop_words"][lang]):
            if not regex.fullmatch(r"[\p{L}\p{M}\p{N}]+", word):
                _fail(f"{key}.{lang}[{i}]", f"must be one word of letters or digits, got {word!r}")
    glossary = _mapping(words, "glossary", "commitments",
                        "phrases to the English words they become")
    for phrase, term in glossary.items():
        if not isinstance(term, str) or not term.strip():
            _fail(f"commitments.glossary.{phrase}", f"must be a word, got {term!r}")
    _check_singular(_need(words, "singular", "commitments"), "commitments.singular")


def _check_singular(rules: Any, key: str) -> None:
    """English plurals made singular: a least length, endings kept as they are, and
    plural endings mapped to singular ones ({ies: y, s: ""}), in lower-case letters."""
    _count(_need(rules, "min_letters", key), f"{key}.min_letters")
    _str_list(_need(rules, "kept", key), f"{key}.kept", allow_empty=True)
    endings = _need(rules, "endings", key)
    if not isinstance(endings, dict) or not endings:
        _fail(f"{key}.endings", "must map plural endings to singular ones ({ies: y, s: ''})")
    for plural, single in endings.items():
        if not isinstance(plural, str) or not regex.fullmatch(r"\p{Ll}+", plural):
            _fail(f"{key}.endings.{plural}", "plural endings must be lower-case letters")
        if not isinstance(single, str) or not regex.fullmatch(r"\p{Ll}*", single):
            _fail(f"{key}.endings.{plural}", f"must be lower-case letters or '', got {single!r}")


def _check_review(data: dict) -> None:
    """The `review` section (store/review.py): the review form's scale suffixes."""
    suffixes = _need(_need(data, "review", ""), "scale_suffixes", "review")
    if not isinstance(suffixes, dict) or not suffixes:
        _fail("review.scale_suffixes", "must map suffixes to what they multiply by ({k: 1000})")
    for suffix, value in suffixes.items():
        if not isinstance(suffix, str) or not regex.fullmatch(r"\p{Ll}+", suffix):
            _fail(f"review.scale_suffixes.{suffix}", "suffixes must be lower-case letters "
                  "(typed in any case)")
        _number(value, f"review.scale_suffixes.{suffix}")


ROLE_LISTS = ("raise_verbs", "total_to", "increment_by", "increment_before", "total_measure",
              "increment_measure", "investor_before", "investor_after")


def _check_roles(data: dict) -> None:
    """The optional `roles` section: word lists (extractors/roles.py)."""
    roles = data.get("roles", {})
    if not isinstance(roles, dict):
        _fail("roles", "must map list names to word lists")
    for name in roles:
        if name not in ROLE_LISTS:
            _fail(f"roles.{name}", f"unknown list; use one of {', '.join(ROLE_LISTS)}")
        _str_list(roles[name], f"roles.{name}", allow_empty=True)


def _check_labels(data: dict) -> None:
    """The `labels` section (extractors/roles.py): scale words, count limit, year phrase."""
    labels = _need(data, "labels", "")
    for lang in LANGS:
        scales = _need(_need(labels, "scales", "labels"), lang, "labels.scales")
        if not isinstance(scales, list) or not scales:
            _fail(f"labels.scales.{lang}", "must be a non-empty list of {value, word}")
        for i, scale in enumerate(scales):
            _number(_need(scale, "value", f"labels.scales.{lang}[{i}]"),
                    f"labels.scales.{lang}[{i}].value")
            if not isinstance(_need(scale, "word", f"labels.scales.{lang}[{i}]"), str):
                _fail(f"labels.scales.{lang}[{i}].word", "must be a word")
        if [s["value"] for s in scales] != sorted((s["value"] for s in scales), reverse=True):
            _fail(f"labels.scales.{lang}", "must go from the largest scale down")
        phrase = _need(_need(labels, "target_year", "labels"), lang, "labels.target_year")
        if not isinstance(phrase, str) or "{year}" not in phrase:
            _fail(f"labels.target_year.{lang}", "must be text holding {year}")
    _number(_need(labels, "count_scale_from", "labels"), "labels.count_scale_from")


CHECKS = (
    _check_languages,
    _check_numbers,
    _check_scales,
    _check_currencies,
    _check_lexicons,
    _check_attributes,
    _check_grammar,
    _check_exclusions,
    _check_windows,
    _check_dates,
    _check_segment,
    _check_commitments,
    _check_review,
    _check_roles,
    _check_labels,
)


# Mappings whose keys are data (words, codes, years, names), not settings: any key
# goes. Every other mapping may hold only the keys the project's config.yaml uses.
OPEN_MAPS = (
    "numbers.words.*", "numbers.ordinal_words.*", "numbers.spelled.*.fractions", "code_scales",
    "fx.rates", "fx.rates.*", "physical.units", "qualifiers_after", "years.relative_years",
    "organisations.head_sectors", "exclusions.patterns", "default_country", "fragments",
    "commitments.glossary", "review.scale_suffixes", "commitments.singular.endings",
)


def _shape(value: Any) -> str:
    """"a mapping", "a list" or "a single value": the shapes a config value can take."""
    if isinstance(value, dict):
        return "a mapping"
    return "a list" if isinstance(value, list) else "a single value"


def _template(items: list) -> Any:
    """What every item of a list should look like, from the project's list: mappings
    merged (every key any item uses), else the first item; None for an empty list."""
    maps = [item for item in items if isinstance(item, dict)]
    if maps:
        return {key: value for item in maps for key, value in item.items()}
    return items[0] if items else None


def check_shape(value: Any, model: Any, key: str = "") -> None:
    """Compare `value` with the project's config `model`: a mapping where the model has
    a mapping, a list where it has a list, no keys it does not know (except in
    OPEN_MAPS). Raises ConfigError naming the key."""
    if model is None:
        return
    where = key or "(top level)"
    if _shape(value) != _shape(model):
        _fail(where, f"must be {_shape(model)}, got {_shape(value)}")
    if isinstance(model, list):
        template = _template(model)
        for i, item in enumerate(value):
            check_shape(item, template, f"{key}[{i}]")
    elif isinstance(model, dict):
        open_map = any(fnmatchcase(key, pattern) for pattern in OPEN_MAPS)
        sample = next(iter(model.values()), None)
        for name, item in value.items():
            at = f"{key}.{name}" if key else str(name)
            if open_map:
                check_shape(item, sample, at)
            elif name not in model:
                _fail(at, "is not a known setting (misspelled?)")
            else:
                check_shape(item, model[name], at)


@lru_cache(maxsize=1)
def _model() -> dict:
    """The project's own config.yaml, the model of every config's shape."""
    return yaml.load(DEFAULT_CONFIG.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


# --- named fragments: `{name}` in a pattern stands for fragments.name ---------

# `{name}`: a lower-case name in braces, not escaped (`\{`) and not a property of
# the regex syntax (`\p{L}`, `\P{Lu}`, `\N{...}`); a count such as `{1,3}` is no name.
REFERENCE = regex.compile(r"(?<!\\)(?<!\\[pPN])\{(?P<name>[a-z][a-z0-9_]*)\}")


def _fragment_table(data: dict) -> dict[str, str]:
    """The `fragments` section (optional), checked: lower-case names to pattern text."""
    fragments = data.get("fragments", {})
    if not isinstance(fragments, dict):
        _fail("fragments", "must map names to regular expression fragments")
    for name, text in fragments.items():
        if not isinstance(name, str) or not regex.fullmatch(r"[a-z][a-z0-9_]*", name):
            _fail(f"fragments.{name}", "names must be lower-case letters, digits and _, "
                  "starting with a letter")
        if not isinstance(text, str) or not text:
            _fail(f"fragments.{name}", f"must be a regular expression string, got {text!r}")
    return fragments


def _expand(text: str, key: str, fragments: dict[str, str], done: dict[str, str],
            path: tuple[str, ...] = ()) -> str:
    """`text` with each `{name}` replaced by its fragment, itself expanded, as a
    non-capturing group (so "a|b" stays one alternative). `done` caches expanded
    fragments; `path` is the chain of fragments being expanded (a cycle)."""
    def one(m: regex.Match) -> str:
        name = m.group("name")
        if name in path:
            chain = " -> ".join(f"{{{n}}}" for n in (*path[path.index(name):], name))
            _fail(f"fragments.{name}", f"refers to itself: {chain}")
        if name not in fragments:
            _fail(key, f"unknown fragment {{{name}}} (not under 'fragments')")
        if name not in done:
            done[name] = _expand(fragments[name], f"fragments.{name}", fragments, done,
                                 (*path, name))
        return f"(?:{done[name]})"

    return REFERENCE.sub(one, text)


def _pattern_places(data: dict) -> list[tuple[dict | list, str | int, str]]:
    """(container, index, key) of every pattern that may name fragments:
    exclusions.patterns and the furniture lists."""
    places: list[tuple[dict | list, str | int, str]] = []
    patterns = data.get("exclusions", {}).get("patterns", {})
    places += [(patterns, name, f"exclusions.patterns.{name}") for name in patterns]
    for name in FURNITURE_PATTERNS:
        items = data.get("furniture", {}).get(name, [])
        places += [(items, i, f"furniture.{name}[{i}]") for i in range(len(items))]
    return places


def expand_fragments(data: dict) -> None:
    """Replace `{name}` in every pattern of `data` by fragments.name, in place.
    Raises ConfigError naming the key for an unknown name, a cycle or a fragment
    that is not a regular expression."""
    fragments = _fragment_table(data)
    done: dict[str, str] = {}
    for name in fragments:
        key = f"fragments.{name}"
        if name not in done:
            done[name] = _expand(fragments[name], key, fragments, done, (name,))
        try:
            regex.compile(done[name], regex.V0)
        except regex.error as exc:
            _fail(key, f"invalid regular expression: {exc}")
    for container, index, key in _pattern_places(data):
        if isinstance(container[index], str):
            container[index] = _expand(container[index], key, fragments, done)


def validate(data: Any) -> None:
    """Raise ConfigError naming the first bad key of `data`; its patterns' fragment
    references are expanded in place."""
    if not isinstance(data, dict):
        raise ConfigError("config: the file must hold a mapping at top level")
    check_shape(data, _model())
    try:
        expand_fragments(data)
    except (AttributeError, TypeError) as exc:
        raise ConfigError(f"config section 'fragments': malformed entry ({exc})") from exc
    for check in CHECKS:
        try:
            check(data)
        except (AttributeError, TypeError, KeyError, IndexError) as exc:
            section = check.__name__.removeprefix("_check_")
            raise ConfigError(f"config section '{section}': malformed entry ({exc})") from exc


def _no_duplicates(node: yaml.Node, key: str = "") -> None:
    """Raise ConfigError for a key given twice in one mapping (YAML would keep the last
    silently)."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for name_node, value_node in node.value:
            name = str(name_node.value)
            at = f"{key}.{name}" if key else name
            if name in seen:
                _fail(at, f"is given twice (again on line {name_node.start_mark.line + 1})")
            seen.add(name)
            _no_duplicates(value_node, at)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _no_duplicates(item, f"{key}[{i}]")


def _load_yaml(text: str) -> Any:
    """Parse YAML text, refusing duplicate keys."""
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _no_duplicates(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def parse_config(text: str, path: str = "<string>") -> Config:
    """Parse and validate YAML text."""
    try:
        data = _load_yaml(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"config {path}: not valid YAML: {exc}".splitlines()[0]) from exc
    validate(data)
    return Config(data=data, path=path, digest=hashlib.sha256(text.encode()).hexdigest())


def config_from(data: dict, path: str = "<data>") -> Config:
    """Validate a parsed config (a mapping as `yaml.safe_load` gives; its patterns'
    fragment references are expanded in place), without writing it out as YAML."""
    validate(data)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return Config(data=data, path=path, digest=hashlib.sha256(text.encode()).hexdigest())


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Config:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"config {path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config {path}: not UTF-8 text (byte {exc.start}: {exc.reason}); "
                          "save it as UTF-8") from None
    return parse_config(text, path)


def load_config(path: str | Path | None = None) -> Config:
    """Load config.yaml (the project's by default); cached until the file changes."""
    path = Path(path or DEFAULT_CONFIG).resolve()
    if not path.exists():
        raise ConfigError(f"config {path}: file not found")
    return _load_cached(str(path), path.stat().st_mtime)
