"""Language words that were in the code, now in config.yaml: validated on load (a bad
entry is named by its key) and read where they are used."""

import pytest
from configedit import config_with

from extractors import ConfigError, load_config
from extractors.config import parse_config
from extractors.organisations import document_orgs


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["organisations"].update(origin_suffixes=[]), "organisations.origin_suffixes"),
        (lambda d: d["organisations"]["descriptor_suffixes"].append(" "),
         "organisations.descriptor_suffixes[4]"),
    ],
)
def test_a_bad_word_list_names_its_key(change, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(config_with(change))
    assert f"'{key}'" in str(err.value)
    assert "\n" not in str(err.value)


def names(text: str, lang: str, config, word: str) -> dict:
    """The organisations `document_orgs` finds whose surface form holds `word`."""
    return {k: v for k, v in document_orgs(text, lang, config).names.items() if word in k}


def test_origin_suffixes_give_an_organisation_its_home() -> None:
    """ "Taiwan-based Zentech": Taiwan is Zentech's home and no part of its name."""
    text = "Taiwan-based Zentech Corp will invest $200 million. Zentech Corp said demand rose."
    found = names(text, "en", load_config(), "Zentech")
    assert list(found) == ["Zentech"] and found["Zentech"].home == "Taiwan"
    config = parse_config(config_with(lambda d: d["organisations"].update(
        origin_suffixes=["-born"])))
    found = names(text, "en", config, "Zentech")
    assert "Taiwan-based Zentech" in found and found["Zentech"].home is None


def test_descriptor_suffixes_are_dropped_from_a_name() -> None:
    text = "State-run Petrolimex Group plans to invest $1 billion. State-run Petrolimex Group said."
    assert list(names(text, "en", load_config(), "Petrolimex")) == ["Petrolimex"]
    config = parse_config(config_with(lambda d: d["organisations"].update(
        descriptor_suffixes=["-owned"])))
    assert list(names(text, "en", config, "Petrolimex")) == ["State-run Petrolimex"]
