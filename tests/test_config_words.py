"""Language words that were in the code, now in config.yaml: validated on load (a bad
entry is named by its key) and read where they are used."""

import pytest
from configedit import config_with

from analysis.commitments import normalise_measure
from extractors import ConfigError, extract_text, load_config
from extractors.config import parse_config
from extractors.grammar import tag_words
from extractors.organisations import document_orgs


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["organisations"].update(origin_suffixes=[]), "organisations.origin_suffixes"),
        (lambda d: d["organisations"]["descriptor_suffixes"].append(" "),
         "organisations.descriptor_suffixes[4]"),
        (lambda d: d["grammar"].update(possessives="'s"), "grammar.possessives"),
        (lambda d: d["grammar"].pop("possessives"), "grammar.possessives"),
        (lambda d: d["kinds"]["describing_words"].append(3), "kinds.describing_words[1]"),
        (lambda d: d["commitments"]["singular"].update(min_letters=0),
         "commitments.singular.min_letters"),
        (lambda d: d["commitments"]["singular"].update(kept="ss"), "commitments.singular.kept"),
        (lambda d: d["commitments"]["singular"]["endings"].update(IES="y"),
         "commitments.singular.endings.IES"),
        (lambda d: d["commitments"]["singular"]["endings"].update(ies=None),
         "commitments.singular.endings.ies"),
        (lambda d: d["commitments"]["singular"].update(endings={}),
         "commitments.singular.endings"),
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


def test_possessives_split_a_word_and_mark_an_owner() -> None:
    """grammar.possessives, in any case: "Korea's" is "Korea" and a link; a name
    before one is an organisation's ("Zentech's revenue")."""
    text = "KOREA’S exports and Korea's imports"
    def words(config) -> list[tuple[str, str]]:
        return [(w.text, w.tag) for w in tag_words(text, 0, len(text), "en", config, [])]

    assert words(load_config())[:2] == [("KOREA", ""), ("'s", "link")]
    assert words(load_config())[4:6] == [("Korea", ""), ("'s", "link")]
    curly = parse_config(config_with(lambda d: d["grammar"].update(possessives=["’s"])))
    assert words(curly)[4] == ("Korea's", "")
    text = "Zentech's revenue rose 5% last year. Zentech's profit fell."
    assert list(names(text, "en", load_config(), "Zentech")) == ["Zentech"]
    assert names(text, "en", curly, "Zentech") == {}


def test_describing_words_make_a_rank_a_statistic() -> None:
    """ "the second-largest plant": a rank after one of kinds.describing_words
    describes; without it, the year by 2030 makes it a target."""
    text = "Samsung plans the second-largest plant by 2030."
    assert extract_text(text, lang="en").kind.tolist() == ["statistic"]
    config = parse_config(config_with(lambda d: d["kinds"].update(describing_words=["a"])))
    assert extract_text(text, lang="en", config=config).kind.tolist() == ["target"]


def test_commitments_drop_the_possessive() -> None:
    assert normalise_measure("KOREA'S chip exports") == "chip export korea"
    assert normalise_measure("Vietnam’s AI engineers") == "ai engineer"
