"""Language words that were in the code, now in config.yaml: validated on load (a bad
entry is named by its key) and read where they are used."""

import pytest
from configedit import edited_config

from analysis.commitments import normalise_measure
from extractors import ConfigError, extract_text, load_config
from extractors.context import read_context
from extractors.dates import find_date
from extractors.grammar import tag_words
from extractors.metadata import text_metadata
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
        (lambda d: d["dates"]["months"].pop(), "dates.months"),
        (lambda d: d["dates"]["months"].__setitem__(1, "jan"), "dates.months"),
        (lambda d: d["dates"]["months"].__setitem__(3, "ap."), "dates.months[3]"),
        (lambda d: d["dates"].update(day_links=[]), "dates.day_links"),
        (lambda d: d["dates"].pop("month_words"), "dates.month_words"),
        (lambda d: d["metadata"]["url_labels"].append(""), "metadata.url_labels[4]"),
        (lambda d: d["years"].update(year_words="năm"), "years.year_words"),
        (lambda d: d["grammar"]["finite_endings"].update(en="ed"), "grammar.finite_endings.en"),
        (lambda d: d["grammar"].pop("finite_endings"), "grammar.finite_endings"),
        (lambda d: d["organisations"]["self_leads"].append(""), "organisations.self_leads[1]"),
    ],
)
def test_a_bad_word_list_names_its_key(change, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        edited_config(change)
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
    config = edited_config(lambda d: d["organisations"].update(
        origin_suffixes=["-born"]))
    found = names(text, "en", config, "Zentech")
    assert "Taiwan-based Zentech" in found and found["Zentech"].home is None


def test_descriptor_suffixes_are_dropped_from_a_name() -> None:
    text = "State-run Petrolimex Group plans to invest $1 billion. State-run Petrolimex Group said."
    assert list(names(text, "en", load_config(), "Petrolimex")) == ["Petrolimex"]
    config = edited_config(lambda d: d["organisations"].update(
        descriptor_suffixes=["-owned"]))
    assert list(names(text, "en", config, "Petrolimex")) == ["State-run Petrolimex"]


def test_possessives_split_a_word_and_mark_an_owner() -> None:
    """grammar.possessives, in any case: "Korea's" is "Korea" and a link; a name
    before one is an organisation's ("Zentech's revenue")."""
    text = "KOREA’S exports and Korea's imports"
    def words(config) -> list[tuple[str, str]]:
        return [(w.text, w.tag) for w in tag_words(text, 0, len(text), "en", config, [])]

    assert words(load_config())[:2] == [("KOREA", ""), ("'s", "link")]
    assert words(load_config())[4:6] == [("Korea", ""), ("'s", "link")]
    curly = edited_config(lambda d: d["grammar"].update(possessives=["’s"]))
    assert words(curly)[4] == ("Korea's", "")
    text = "Zentech's revenue rose 5% last year. Zentech's profit fell."
    assert list(names(text, "en", load_config(), "Zentech")) == ["Zentech"]
    assert names(text, "en", curly, "Zentech") == {}


def test_describing_words_make_a_rank_a_statistic() -> None:
    """ "the second-largest plant": a rank after one of kinds.describing_words
    describes; without it, the year by 2030 makes it a target."""
    text = "Samsung plans the second-largest plant by 2030."
    assert extract_text(text, lang="en").kind.tolist() == ["statistic"]
    config = edited_config(lambda d: d["kinds"].update(describing_words=["a"]))
    assert extract_text(text, lang="en", config=config).kind.tolist() == ["target"]


def test_commitments_drop_the_possessive() -> None:
    assert normalise_measure("KOREA'S chip exports") == "chip export korea"
    assert normalise_measure("Vietnam’s AI engineers") == "ai engineer"


FRENCH = ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov",
          "déc"]


def test_month_names_and_date_words_come_from_the_config() -> None:
    """dates.months, day_links and month_words, years.year_words: the words of a date line."""
    assert find_date("SEOUL, 3rd of March, 2021 (Reuters)") == "2021-03-03"
    assert find_date("Publié le 14 de mai 2019") is None
    french = edited_config(lambda d: d["dates"].update(months=FRENCH,
                                                                  day_links=["de"]))
    assert find_date("Publié le 14 de mai 2019", french) == "2019-05-14"
    assert find_date("Publié le 3 Déc. 2020", french) == "2020-12-03"
    assert find_date("SEOUL, 3rd of March, 2021 (Reuters)", french) is None
    text = "Ngày 5 tháng 2 năm 2025, Chính phủ ban hành"
    assert find_date(text) == "2025-02-05"
    year_words = edited_config(lambda d: d["years"].update(year_words=["year"]))
    assert find_date(text, year_words) is None


def test_url_labels_come_from_the_config() -> None:
    text = "Body.\n\nFonte: https://example.vn/a-1.htm\n"
    assert text_metadata(text).url == ""
    config = edited_config(lambda d: d["metadata"].update(url_labels=["Fonte"]))
    assert text_metadata(text, config).url == "https://example.vn/a-1.htm"


def test_review_years_are_the_config_years(monkeypatch) -> None:
    """store/review.py takes a reviewed year between numbers.year_min and year_max."""
    import extractors
    from store import review

    assert review.year_range() == (1900, 2100)
    assert review.validate_review("corrected", {"year": "2100"}, "An") == {"year": 2100}
    with pytest.raises(review.ReviewError, match="between 1900 and 2100"):
        review.validate_review("corrected", {"year": "1899"}, "An")
    config = edited_config(lambda d: d["numbers"].update(year_max=2060))
    monkeypatch.setattr(extractors, "load_config", lambda: config)
    review.year_range.cache_clear()
    try:
        with pytest.raises(review.ReviewError, match="between 1900 and 2060"):
            review.validate_review("corrected", {"year": "2100"}, "An")
    finally:
        review.year_range.cache_clear()


def test_finite_endings_tell_a_finite_verb_from_an_imperative() -> None:
    """ "Raised exports to 5%" opens with a past form, not a goal's bare verb, because
    "-ed" is a finite ending; without it the sentence reads as an imperative."""
    text = "Raised exports to 5% by 2030."
    bare = edited_config(lambda d: d["grammar"]["finite_endings"].update(en=["s"]))
    assert read_context(text, 0, len(text), "en", load_config(), []).imperative is False
    assert read_context(text, 0, len(text), "en", bare, []).imperative is True


def test_self_leads_keep_an_organisation_speaking_of_itself_the_owner() -> None:
    """ "SK Hynix said that revenue rose 20%": "that" may lead the self word, so SK Hynix
    owns the figure instead of only being its source."""
    text = "SK Hynix said that revenue rose 20% in 2024."
    assert extract_text(text).entity.tolist() == ["SK Hynix"]
    other = edited_config(lambda d: d["organisations"].update(self_leads=["thus"]))
    assert extract_text(text, config=other).entity.isna().all()
