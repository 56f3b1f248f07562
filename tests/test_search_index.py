"""The archive's full-text index (store.search_index) and fact arrays (store.fact_arrays):
what a typed search asks, which figures it finds, and facts gathered by place equal to
those DuckDB reads."""

from itertools import pairwise
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.filters import normalise_query
from store.fact_arrays import ARRAY_COLUMNS, FactArrays, build_arrays
from store.search_index import (
    build_search,
    common_texts,
    match_of,
    pairs,
    search_hits,
    words,
)

SENTENCES = {  # rid -> (sentence, label); rids with gaps, as after a re-extraction
    3: ("Đầu tư 1,6 tỷ USD vào nhà máy bán dẫn ở Bắc Ninh.", "1,6 tỷ USD"),
    4: ("Cần 50.000 kỹ sư bán dẫn đến năm 2030.", "50.000 kỹ sư"),
    8: ("Nhà máy đầu tiên của Amkor.", "Amkor"),
    9: ("The AI Factory costs up to 200 million USD.", "200 million USD"),
    15: ("Semiconductor_design firms grew 80% in 2024.", "80%"),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    dataset = tmp_path_factory.mktemp("dataset")
    (dataset / "figures").mkdir()
    rids = sorted(SENTENCES)
    pq.write_table(pa.table({"rid": rids, "sentence": [SENTENCES[r][0] for r in rids],
                             "label": [SENTENCES[r][1] for r in rids]}),
                   dataset / "figures" / "part-00000.parquet")
    return build_search(dataset)


def test_words_are_the_tokenizers_and_pairs_join_neighbours() -> None:
    assert words("Đầu tư 1,6 tỷ") == ["Dầu", "tư", "1", "6", "tỷ"]
    assert words("a_b-c") == ["a", "b", "c"]
    assert pairs(["ky", "su", "ban"]) == "ky_su su_ban"
    assert pairs(["one"]) == ""


def test_one_word_asks_the_word_index_several_a_phrase_of_pairs() -> None:
    assert match_of("Pegat") == ("figures", '"Pegat" *')
    assert match_of("kỹ sư bán") == ("pairs", '"kỹ_sư sư_bán" *')
    assert match_of(' "; ') is None


@pytest.mark.parametrize(("text", "expected"), [
    ("ban dan", [3, 4]),          # accents and case ignored
    ("BÁN DẪN", [3, 4]),
    ("dau tu", [3]),              # đ as d; "đầu tiên" is not "đầu tư"
    ("dau t", [3, 8]),            # the last word is a prefix ...
    ("au tu", []),                # ... the others whole words
    ("ky su ban dan", [4]),       # a phrase of four words, in order
    ("su ky", []),
    ("200 million", [9]),
    ("million USD", [9]),         # the label counts as well
    ("1 6 ty", [3]),              # "1,6" is two tokens
    ("semiconductor design", [15]),
    ("amkor", [8]),
    ("", []),
])
def test_search_finds_whole_words_in_order(index, text, expected) -> None:
    for bounds in ([(0, 100)], [(0, 5), (6, 100)]):  # one range, or split in two
        assert search_hits(index, text, bounds).tolist() == expected


def test_common_texts_are_the_words_and_pairs_of_most_figures(index) -> None:
    per_text: dict[str, int] = {}  # figures holding each word and two-word phrase
    for sentence, label in SENTENCES.values():
        found = set()
        for text in (sentence, label):
            tokens = normalise_query(" ".join(words(text))).split()
            found |= set(tokens) | {f"{a} {b}" for a, b in pairwise(tokens)}
        for text in found:
            per_text[text] = per_text.get(text, 0) + 1
    got = common_texts(index, 2)
    assert sorted(got) == sorted(t for t, n in per_text.items() if n >= 2)
    assert {"ban dan", "nha may", "usd", "dau"} <= set(got) and "dau tu" not in got
    assert [per_text[t] for t in got] == sorted((per_text[t] for t in got), reverse=True)
    assert common_texts(index, 4) == []


def _facts(path: Path, rids: list[int]) -> Path:
    """A facts.duckdb of ARRAY_COLUMNS with these rids and some missing values."""
    n = len(rids)
    frame = pd.DataFrame({  # noqa: F841 (read by DuckDB below)
        "rid": rids, "kind": ["target", "investment", None, "target"][:n],
        "unit_family": ["percent", "money", "count", None][:n],
        "year": [2030, None, 2025, 2031][:n], "country": ["Vietnam", None, "USA", "Japan"][:n],
        "sector": [None, "AI", "AI", "energy"][:n], "entity": [None, "Amkor", None, "FPT"][:n],
        "investor_country": [None, "USA", None, None][:n],
        "doc_id": ["d1", "d1", "d2", "d3"][:n], "value": [30.0, 1.6, None, 5.0][:n],
        "value_usd": [None, 1.6e9, None, None][:n], "role": [None, "total", None, None][:n],
        "unit": ["%", "USD", "count", None][:n], "start": [0, 12, 40, 3_000_000_000][:n],
        "end": [3, 20, 44, 3_000_000_004][:n],
        "doc_published": ["2024-01-02", "2024-01-02", None, "2023-05-06"][:n]})
    con = duckdb.connect(str(path))
    con.execute("CREATE TYPE k AS ENUM ('investment', 'statistic', 'target')")
    con.execute("CREATE TABLE facts AS SELECT * REPLACE (kind::k AS kind, "
                "year::SMALLINT AS year) FROM frame")
    con.close()
    return path


@pytest.mark.parametrize("rids", [[10, 11, 12, 13], [2, 5, 6, 40]], ids=["dense", "gaps"])
def test_gathered_facts_equal_what_duckdb_reads(tmp_path, rids) -> None:
    facts = _facts(tmp_path / "facts.duckdb", rids)
    arrays = FactArrays(build_arrays(tmp_path, facts))
    wanted = np.asarray(rids[1:3] + rids[3:], np.int64)
    got = arrays.frame(wanted)
    assert list(got.columns) == list(ARRAY_COLUMNS)
    con = duckdb.connect()
    con.execute(f"ATTACH '{facts}' AS f (READ_ONLY)")
    expected = con.execute("SELECT * FROM f.facts WHERE rid IN (SELECT unnest(?)) "
                           "ORDER BY rid", [wanted.tolist()]).df()
    con.register("got", got)
    read_back = con.execute("SELECT * FROM got").df()  # as DuckDB sees the gathered frame
    for column in ARRAY_COLUMNS:
        assert read_back[column].astype(object).where(read_back[column].notna(), None
                                                      ).tolist() == \
            expected[column].astype(object).where(expected[column].notna(), None).tolist(), \
            column


def test_an_index_under_an_awkward_path_is_searched(tmp_path) -> None:
    folder = tmp_path / "news #1? it's"
    folder.mkdir()
    (folder / "figures").mkdir()
    pq.write_table(pa.table({"rid": [1], "sentence": ["Vốn đầu tư 2 tỷ USD."],
                             "label": ["2 tỷ USD"]}), folder / "figures" / "part-00000.parquet")
    assert search_hits(build_search(folder), "dau tu", [(0, 10)]).tolist() == [1]
