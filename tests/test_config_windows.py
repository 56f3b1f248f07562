"""config.yaml `windows`: how many characters each rule reads around what it looks at,
validated on load and read where the rule runs."""

import pytest
from configedit import edited_config

from extractors import ConfigError, extract_text
from extractors.config import WINDOWS
from extractors.organisations import document_orgs


def windows(**values: int) -> object:
    """The project's config with these windows changed."""
    return edited_config(lambda d: d["windows"].update(values))


def test_every_window_is_in_the_project_config() -> None:
    assert set(edited_config(lambda d: None)["windows"]) == set(WINDOWS)


BAD = (0, -5, 2.5, "40", True, None)  # each window gets one of these in turn


@pytest.mark.parametrize(("name", "bad"), [(name, BAD[i % len(BAD)])
                                           for i, name in enumerate(WINDOWS)])
def test_a_bad_window_names_its_key(name: str, bad: object) -> None:
    with pytest.raises(ConfigError) as err:
        windows(**{name: bad})
    assert f"'windows.{name}'" in str(err.value)
    assert "positive whole number" in str(err.value)


def test_a_missing_window_names_its_key() -> None:
    with pytest.raises(ConfigError, match=r"'windows\.aside': is missing"):
        edited_config(lambda d: d["windows"].pop("aside"))


def test_an_unknown_window_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"'windows\.lead_in': is not a known setting"):
        windows(lead_in=300)


def test_currency_carry_bounds_an_inherited_currency() -> None:
    """ "46.8 billion" takes the dollars of "44.5 billion dlrs" only this close."""
    text = "Exports were 44.5 billion dlrs in 1985 and 46.8 billion in 1986."
    assert extract_text(text, lang="en").unit.tolist() == ["USD", "USD"]
    assert extract_text(text, lang="en", config=windows(currency_carry=10)).unit.tolist() == [
        "USD", "count"]


def test_qualifier_before_bounds_the_qualifier() -> None:
    text = "The plan needs more than 300 engineers by 2030."
    assert extract_text(text, lang="en").qualifier.tolist() == ["more_than"]
    assert extract_text(text, lang="en", config=windows(qualifier_before=5)).qualifier.tolist() == [
        None]


def test_year_cue_before_bounds_a_year_cue() -> None:
    """ "in 2020": without its cue in reach, a year is taken for part of a name."""
    text = "Exports reached 5 billion USD in 2020."
    assert extract_text(text, lang="en").year.tolist() == [2020]
    assert extract_text(text, lang="en", config=windows(year_cue_before=1)).year.isna().all()


def test_home_bracket_bounds_a_bracketed_home_country() -> None:
    text = "Tập đoàn Daewoo Tire (Hàn Quốc) đầu tư thêm 1 tỷ USD."
    assert document_orgs(text, "vi", windows()).home("Daewoo Tire") == "South Korea"
    assert document_orgs(text, "vi", windows(home_bracket=5)).home("Daewoo Tire") is None
