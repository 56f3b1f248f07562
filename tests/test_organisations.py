"""Organisations recognised in general (extractors/organisations.py): by head
words, suffixes, appositions, possessives and subjects; with home countries;
sources told from owners."""

import pytest

from extractors import load_config
from extractors.organisations import document_orgs, sentence_orgs


def own_names(text: str, lang: str) -> dict[str, tuple[str | None, str | None]]:
    """Organisations a text names that the lexicon does not: name → (home, sector)."""
    config = load_config()
    lexicon = document_orgs("", lang, config).names
    found = document_orgs(text, lang, config).names
    return {o.name: (o.home, o.sector) for k, o in found.items() if k not in lexicon}


@pytest.mark.parametrize(("text", "lang", "name"), [
    ("Tập đoàn Sao Mai cho biết doanh thu tăng 5%.", "vi", "Sao Mai"),
    ("Công ty Cổ phần Thế Giới Số đạt lãi 300 tỷ đồng.", "vi", "Thế Giới Số"),
    ("Tập đoàn Thủy sản Minh Phú xuất khẩu 1 tỷ USD.", "vi", "Minh Phú"),
    ("Acme Robotics Inc said sales rose 4%.", "en", "Acme Robotics"),
    ("Japanese carmaker Sakura Motors will spend $1 billion.", "en", "Sakura Motors"),
    ("Hiện An Phú - một nền tảng đặt vé - có 150 nhà xe.", "vi", "An Phú"),
    ("At Lumen Peripherals Co. robots work next to people.", "en", "Lumen Peripherals"),
])
def test_names_are_found_without_the_lexicon(text: str, lang: str, name: str) -> None:
    assert name in own_names(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Ông Nguyễn Văn An cho biết xuất khẩu tăng 5%.", "vi"),  # a person
    ("The Government approved 37 proposals.", "en"),  # a body named by a common word
    ("Việt Nam thu hút 20 tỷ USD vốn FDI.", "vi"),  # a country
    ("Analysts said exports rose 5%.", "en"),  # a common word opening the sentence
])
def test_what_is_not_an_organisation(text: str, lang: str) -> None:
    assert own_names(text, lang) == {}


def test_a_weak_name_needs_two_mentions() -> None:
    once = "Northwind posted revenue of $2 billion."
    twice = once + " Northwind said margins improved."
    assert "Northwind" not in own_names(once, "en")
    assert "Northwind" in own_names(twice, "en")


@pytest.mark.parametrize(("text", "lang", "name", "home"), [
    ("Tập đoàn Lotus (Hàn Quốc) rót 500 triệu USD vào Hà Nội.", "vi", "Lotus", "South Korea"),
    ("South Korea's Orion Chemicals plans to hire 800 engineers.", "en", "Orion Chemicals",
     "South Korea"),
    ("Taiwan-based Hsinlo Technology Corp will build a plant.", "en", "Hsinlo Technology",
     "Taiwan"),
])
def test_home_country_from_the_text(text: str, lang: str, name: str, home: str) -> None:
    assert own_names(text, lang)[name][0] == home


def test_lexicon_names_carry_home_and_sector() -> None:
    config = load_config()
    orgs = document_orgs("Samsung Electronics tăng vốn.", "vi", config)
    assert orgs.home("Samsung") == "South Korea" and orgs.sector("Samsung") == "electronics"


@pytest.mark.parametrize(("text", "lang", "tag"), [
    ("Theo báo cáo của Quỹ Sao Bắc, vốn đầu tư đạt 120 triệu USD.", "vi", "source"),
    ("According to a survey by Halcyon Research Group, 45% of retailers use AI.", "en",
     "source"),
    ("Halcyon Research Group said shipments fell 5%.", "en", "source"),
    ("Halcyon Research Group said its revenue rose 5%.", "en", ""),  # it speaks of itself
    ("Halcyon Research Group posted revenue of $5 million.", "en", ""),
])
def test_a_source_is_told_from_an_owner(text: str, lang: str, tag: str) -> None:
    config = load_config()
    orgs = document_orgs(text, lang, config)
    mentions = sentence_orgs(text, 0, len(text), orgs, config)
    assert [m.tag for m in mentions] == [tag]
