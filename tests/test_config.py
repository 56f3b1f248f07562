"""config.yaml is validated on load; a bad entry is named by its key."""


import pytest
from configedit import edited_config

from extractors import ConfigError, extract_text, load_config
from extractors.config import parse_config


def test_project_config_loads() -> None:
    config = load_config()
    assert config["languages"]["vi"]["decimal_mark"] == ","


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["languages"]["vi"].update(decimal_mark=";"), "languages.vi.decimal_mark"),
        (lambda d: d["scales"][1].update(value="lots"), "scales[1].value"),
        (lambda d: d["currencies"][0].update(code="dollar"), "currencies[0].code"),
        (lambda d: d["fx"]["rates"].update(XYZ={2020: 1.0}), "fx.rates.XYZ"),
        (lambda d: d["fx"]["rates"].pop("VND"), "fx.rates.VND"),
        (lambda d: d["exclusions"]["patterns"].update(bad="(unclosed"), "exclusions.patterns.bad"),
        (lambda d: d.pop("sectors"), "sectors"),
        (lambda d: d["countries"][0].update(aliases=[]), "countries[0].aliases"),
        (lambda d: d["default_country"].update(vi="Atlantis"), "default_country.vi"),
        (lambda d: d["kinds"]["target_cues"].pop("en"), "kinds.target_cues.en"),
        (lambda d: d["counts"].update(bare_min=1000), "counts.bare_min"),
        (lambda d: d["counts"]["bare_min"].update(plain="many"), "counts.bare_min.plain"),
        (lambda d: d["ranks"].update(ranked_words="ranked"), "ranks.ranked_words"),
        (lambda d: d.pop("of_words"), "of_words"),
        (lambda d: d["labels"]["target_year"].update(en="by"), "labels.target_year.en"),
        (lambda d: d["grammar"]["with_words"].pop("vi"), "grammar.with_words.vi"),
        (lambda d: d["years"].update(period_words="cuối"), "years.period_words"),
        (lambda d: d["labels"]["scales"]["vi"].reverse(), "labels.scales.vi"),
        (lambda d: d["labels"]["scales"]["en"][0].update(value="T"), "labels.scales.en[0].value"),
        (lambda d: d["segment"]["abbreviations"].__setitem__(3, 7), "segment.abbreviations[3]"),
        (lambda d: d["segment"].update(abbreviations=[]), "segment.abbreviations"),
        (lambda d: d["commitments"]["stop_words"]["vi"].append("tối thiểu"),
         "commitments.stop_words.vi[33]"),
        (lambda d: d["commitments"]["stop_words"].pop("en"), "commitments.stop_words.en"),
        (lambda d: d["commitments"]["glossary"].update({"kỹ sư": 3}), "commitments.glossary.kỹ sư"),
        (lambda d: d["review"]["scale_suffixes"].update(B=1e9), "review.scale_suffixes.B"),
        (lambda d: d["ranks"]["ordinal_suffixes"].append(""), "ranks.ordinal_suffixes[4]"),
        (lambda d: d["ranks"].update(group_reach="far"), "ranks.group_reach"),
        (lambda d: d["review"]["scale_suffixes"].update(k="thousand"), "review.scale_suffixes.k"),
    ],
)
def test_bad_config_names_the_key(change, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        edited_config(change)
    assert f"'{key}'" in str(err.value)
    assert "\n" not in str(err.value)


def test_invalid_yaml_is_one_line() -> None:
    with pytest.raises(ConfigError) as err:
        parse_config("languages: [unclosed")
    assert "not valid YAML" in str(err.value)


def test_config_change_changes_extraction() -> None:
    """Lexicons are data: a new currency word in config.yaml is read at once."""
    def add_word(d: dict) -> None:
        d["currencies"][0]["suffixes"].append("bucks")

    config = edited_config(add_word)
    text = "The startup raised 12 million bucks."
    assert extract_text(text).unit.tolist() == ["count"] or extract_text(text).empty
    assert extract_text(text, config=config).unit.tolist() == ["USD"]


def _currency(data: dict, code: str) -> dict:
    return next(c for c in data["currencies"] if c["code"] == code)


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (lambda d: d["fx"]["rates"].pop("AUD"), "fx.rates.AUD", "convert: false"),
        (lambda d: d["fx"]["rates"].update(FRF={2000: 6.5}), "fx.rates.FRF", "convert: false"),
        (lambda d: _currency(d, "BTC").update(convert="no"), "currencies[", "true or false"),
        (lambda d: _currency(d, "USD")["minor"].update(value=5), "minor.value", "below 1"),
        (lambda d: d["numbers"]["spelled"]["en"]["tens"].append("twelvety"),
         "numbers.spelled.en.tens[8]", "needs a value"),
        (lambda d: d["numbers"]["spelled"]["en"]["fractions"].update(half=3),
         "numbers.spelled.en.fractions.half", "not 1/3"),
        (lambda d: d["numbers"]["words"]["en"].update(gross=144), "numbers.words.en.gross",
         "has no role"),
        (lambda d: d["scales"][-1]["standalone"].append("Q"), "standalone[2]", "not one of"),
        (lambda d: d["weight_currencies"]["words"].append("stone"), "weight_currencies.words[2]",
         "not a currency suffix"),
        (lambda d: d["qualifiers_after"].update(roughly=["or so"]), "qualifiers_after.roughly",
         "not a qualifier"),
    ],
)
def test_number_and_currency_keys_are_checked(change, key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as err:
        edited_config(change)
    assert key in str(err.value) and problem in str(err.value)


@pytest.mark.parametrize(("grouped", "plain", "counted"), [
    (1000, 10000, ["12000", "1,000"]),
    (500, 9000, ["12000", "9999", "1,000"]),
    (1000, 999, ["12000", "9999", "1,000", "999"]),
    (2000, 20000, []),
    # A grouped number is held to `grouped` alone, even above `plain`.
    (20000, 1000, ["12000", "9999"]),
])
def test_bare_min_says_when_a_bare_number_is_a_count(grouped, plain, counted) -> None:
    """counts.bare_min: a number without a counted noun is a count from `grouped` on
    when written with a group mark, from `plain` on without one."""
    config = edited_config(lambda d: d["counts"].update(
        bare_min={"grouped": grouped, "plain": plain}))
    text = ("The plant employed 12000 in 2012. The plant employed 9999 in 2013. "
            "The plant employed 1,000 in 2014. The plant employed 999 in 2015.")
    found = extract_text(text, lang="en", config=config)
    assert found.quote.tolist() == counted and set(found.rule) <= {"count.bare"}


def test_rank_words_come_from_the_config() -> None:
    """ranks.number_words, number_values and ranked_words make the "number one" and
    "ranked 44th" ranks."""
    text = "It is number two in Asia and ranked 9th in the world."
    assert extract_text(text, lang="en").quote.tolist() == ["number two", "ranked 9th"]
    config = edited_config(lambda d: d["ranks"].update(
        number_words=["No."], number_values=["one"], ranked_words=["placed"]))
    text = "It is No. one in Asia, number two in Europe and placed 9th in the world."
    assert extract_text(text, lang="en", config=config).quote.tolist() == ["No. one",
                                                                          "placed 9th"]


def test_ordinal_suffixes_and_group_reach_come_from_the_config() -> None:
    """ranks.ordinal_suffixes end ordinals in digits; ranks.group_reach is how far a
    group's superlative may follow "nhóm 15"."""
    text = "It is the 3rd largest market and ranked 9th in Asia."
    assert extract_text(text, lang="en").quote.tolist() == ["3rd largest", "ranked 9th"]
    config = edited_config(lambda d: d["ranks"].update(ordinal_suffixes=["th"]))
    assert extract_text(text, lang="en", config=config).quote.tolist() == ["ranked 9th"]
    text = "Việt Nam lọt vào nhóm 15 quốc gia có ngành bán dẫn hàng đầu thế giới."
    assert extract_text(text, lang="vi").rule.tolist() == ["rank.group"]
    config = edited_config(lambda d: d["ranks"].update(group_reach=20))
    assert extract_text(text, lang="vi", config=config).rule.tolist() == ["count.noun"]


def test_label_words_come_from_the_config() -> None:
    """labels: the scale words and the target's year phrase of the `label` column."""
    from extractors.roles import figure_label

    args = (1.6e9, "USD", "investment", "target", 2030, None, "Vietnam")
    assert figure_label(*args, "en") == "1.6 B USD investment by 2030 — Vietnam"
    assert figure_label(*args, "vi") == "1,6 tỷ USD investment đến năm 2030 — Vietnam"
    config = edited_config(lambda d: d["labels"].update(
        scales={"en": [{"value": 1e9, "word": "bn"}], "vi": [{"value": 1e6, "word": "triệu"}]},
        target_year={"en": "until {year}", "vi": "vào năm {year}"}))
    assert figure_label(*args, "en", config=config) == "1.6 bn USD investment until 2030 — Vietnam"
    assert figure_label(*args, "vi", config=config) == (
        "1.600 triệu USD investment vào năm 2030 — Vietnam")
    text = "The plan targets exports of $500 billion by 2030."
    assert extract_text(text).label.tolist() == ["500 B USD plan targets exports by 2030"]
    assert extract_text(text, config=config).label.tolist() == [
        "500 bn USD plan targets exports until 2030"]


def test_with_and_period_words_come_from_the_config() -> None:
    """grammar.with_words: "X with capital of $Y" measures the capital; years.period_words:
    "so với cuối năm 2023" compares with 2023, so the figure's year is 2024."""
    text = "The ministry licensed 40 projects in Vietnam with registered capital of $11.4bn."
    no_with = edited_config(lambda d: d["grammar"]["with_words"].update(en=[], vi=[]))
    assert extract_text(text).measure.tolist() == ["projects", "registered capital (Vietnam)"]
    assert extract_text(text, config=no_with).measure.tolist()[1] != "registered capital (Vietnam)"
    text = "Xuất khẩu năm 2024 tăng 15% so với cuối năm 2023."
    months_only = edited_config(lambda d: d["years"].update(period_words=["tháng"]))
    assert extract_text(text).year.tolist() == [2024]
    assert extract_text(text, config=months_only).year.tolist() == [2023]


def test_currency_without_conversion_keeps_value_usd_empty() -> None:
    """convert: false (bare "francs", crypto) is a stated choice: no USD value."""
    frame = extract_text("The bid was 528 million francs and 10 Swiss francs.", lang="en")
    assert frame.unit.tolist() == ["FRF", "CHF"]
    assert frame.value_usd.isna().tolist() == [True, False]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["grammar"]["en"].pop("verb"), "grammar.en.verb"),
        (lambda d: d["grammar"]["vi"].update(say="nói"), "grammar.vi.say"),
        (lambda d: d["grammar"]["vi"].update(dictionary={"package": "underthesea"}),
         "grammar.vi.dictionary"),
        (lambda d: d["grammar"]["vi"].update(
            dictionary={"package": "no_such_package_here", "file": "x.txt"}),
         "grammar.vi.dictionary"),
        (lambda d: d["grammar"]["present_endings"].pop("en"), "grammar.present_endings.en"),
        (lambda d: d["grammar"]["noun_endings"].update(en="ss"), "grammar.noun_endings.en"),
        (lambda d: d["ranks"].update(scope_words=[]), "ranks.scope_words"),
        (lambda d: d["years"].update(heading_words=0), "years.heading_words"),
        (lambda d: d["years"]["relative_years"].update({"năm nay": "this"}),
         "years.relative_years.năm nay"),
        (lambda d: d["organisations"].update(source_reports="báo cáo của"),
         "organisations.source_reports"),
        (lambda d: d["organisations"].pop("appositive_articles"),
         "organisations.appositive_articles"),
        (lambda d: d["organisations"]["head_sectors"].update(hãng="space"),
         "organisations.head_sectors.hãng"),
        (lambda d: d["sector_weights"].update(measure="heavy"), "sector_weights.measure"),
        (lambda d: d["entities"][0].update(country="Atlantis"), "entities[0].country"),
    ],
)
def test_meaning_keys_are_checked(change, key: str) -> None:
    """The grammar, organisation, year and sector sections name a bad key."""
    with pytest.raises(ConfigError) as err:
        loadconfig_with(change)
    assert f"'{key}'" in str(err.value)
    assert "\n" not in str(err.value)


def loadconfig_with(change):
    """The project's config with `change`, and what is read lazily (the grammar's word
    list) built."""
    from extractors.grammar import grammars

    config = edited_config(change)
    grammars(config)
    return config


def test_abbreviations_come_from_the_config() -> None:
    """segment.abbreviations: a full stop after one of them ends no sentence."""
    from extractors.segment import Span, sentences

    text = "Dr. Lan met Mr. Long. Exports rose."
    def split(config) -> list[str]:
        return [text[s.start:s.end] for s in sentences(text, Span(0, len(text)), config)]

    assert split(load_config()) == ["Dr. Lan met Mr. Long.", "Exports rose."]
    config = edited_config(lambda d: d["segment"].update(abbreviations=["Dr"]))
    assert split(config) == ["Dr. Lan met Mr.", "Long.", "Exports rose."]
