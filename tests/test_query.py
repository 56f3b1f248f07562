"""The query layer (analysis.query over store.columnar) gives the pandas path's answers on
real stores: counts, filtered rows, facet counts, pages, reviews applied, text search."""

from pathlib import Path

import pandas as pd
import pytest
from pageparts import reviewed_store

from analysis.filters import MISSING, Filters, apply_filters, option_counts
from analysis.query import FigureQuery
from dashboard.data import build_dataset, prepare_store
from dashboard.table import page_rows
from store.columnar import SUMMARY, columnar_path, ensure_columnar
from store.db import Store
from store.search_index import SEARCH, match_of

ROOT = Path(__file__).resolve().parent.parent
FILTERS = [
    Filters(),
    Filters(kinds=("target",)),
    Filters(kinds=("investment", "statistic"), countries=("Vietnam", MISSING)),
    Filters(year_range=(2025, 2030)),
    Filters(year_range=(2025, 2030), include_undated=False),
    Filters(sectors=(MISSING,), unit_families=("percent",)),
    Filters(search="ban dan"),
    Filters(search="DAU TU"),
    Filters(search="đầu tư", kinds=("investment",)),
    Filters(search="no sentence says this"),
    Filters(reviewed_only=True),
    Filters(investor_countries=("USA",)),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return reviewed_store(tmp_path_factory.mktemp("query") / "figures.sqlite", {
        0: ("accepted", {}, ""), 3: ("rejected", {}, ""),
        7: ("corrected", {"year": 2031, "country": "Japan"}, "")})


def test_dataset_is_built_once_per_figures_revision(store, query) -> None:
    path = ensure_columnar(store)
    assert path == query.path == columnar_path(store)
    assert (path / "figures" / "part-00000.parquet").is_file()
    assert (path / SEARCH).is_file() and (path / SUMMARY).is_file()
    assert query.all_figures == len(store.figures())


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_rows_and_counts_match_pandas(query, shown, filters) -> None:
    expected = apply_filters(shown, filters)
    assert query.count(filters) == len(expected)
    got = query.frame(filters)
    assert got["figure_id"].tolist() == expected["figure_id"].astype(str).tolist()
    assert got["review_status"].tolist() == expected["review_status"].astype(str).tolist()


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_facet_counts_match_pandas(query, shown, filters) -> None:
    expected = option_counts(apply_filters(shown, filters))
    got = query.facet_counts(filters)
    assert {k: v for k, v in got.items() if v} == {k: v for k, v in expected.items() if v}


def test_options_counts_and_years_match_the_dataset(query, store) -> None:
    data = build_dataset(store)
    assert query.counts == data.counts
    assert query.options() == data.options
    assert query.year_bounds() == data.years
    assert query.total == len(data.visible)


def test_reviews_are_applied(query, store) -> None:
    data = build_dataset(store)
    corrected = data.figures[data.figures["review_status"] == "corrected"].iloc[0]
    row = query.figure(str(corrected["figure_id"]))
    assert row["review_status"] == "corrected"
    assert row["year"] == 2031 and row["country"] == "Japan"
    assert query.figure(str(corrected["figure_id"]), extracted=True)["year"] != 2031
    rejected = data.figures[data.figures["review_status"] == "rejected"].iloc[0]
    assert query.figure(str(rejected["figure_id"]))["review_status"] == "rejected"
    assert str(rejected["figure_id"]) not in set(query.frame()["figure_id"])
    assert query.count(Filters(reviewed_only=True)) == 2


@pytest.mark.parametrize("by", ["", "value_usd", "year", "kind", "country", "doc_id"])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_sort_like_the_table(query, shown, by, descending) -> None:
    filters = Filters(kinds=("target", "investment"))
    view = apply_filters(shown, filters)
    for page in (1, 2):
        expected = page_rows(view, by, descending, page, page_size=5)
        got = query.page(filters, by, descending, page, page_size=5)
        if by in ("", "value_usd", "year"):
            assert got["figure_id"].tolist() == expected["figure_id"].astype(str).tolist()
        else:  # text keys sort alphabetically (the pandas path by category order)
            keys = view[by].astype(object)
            order = sorted(range(len(view)), key=lambda i: (keys.iloc[i] is None
                                                             or keys.iloc[i] != keys.iloc[i],
                                                             str(keys.iloc[i])))
            if descending:
                present = [i for i in order if isinstance(keys.iloc[i], str)]
                order = sorted(present, key=lambda i: str(keys.iloc[i]), reverse=True) + [
                    i for i in order if not isinstance(keys.iloc[i], str)]
            wanted = [keys.iloc[i] for i in order][(page - 1) * 5:page * 5]
            assert [v if isinstance(v, str) else None for v in got[by]] == [
                v if isinstance(v, str) else None for v in wanted]


def test_search_ignores_case_and_accents(query) -> None:
    assert match_of("Bán  Dẫn") == ("pairs", '"Bán_Dẫn" *')  # the tokenizer folds them
    assert match_of("Ban") == ("figures", '"Ban" *')
    assert match_of("  ,, ") is None
    plain = query.count(Filters(search="ban dan"))
    assert plain > 0
    assert query.count(Filters(search="BÁN DẪN")) == plain
    assert query.count(Filters(search="ban da")) == plain  # the last word is a prefix


def test_documents_are_found_by_typed_text(query, store) -> None:
    documents = store.documents()
    title = str(documents["title"].iloc[0])
    word = title.split()[0]
    found = query.find_documents(word.upper())
    assert str(documents["doc_id"].iloc[0]) in found
    assert query.find_documents("no title says this ⊘") == []
    assert query.find_documents("") == []


@pytest.mark.slow  # builds and re-extracts a store of its own
def test_a_new_figures_revision_gets_a_new_dataset(tmp_path) -> None:
    store = prepare_store(tmp_path / "f.sqlite", ROOT / "data")
    first = ensure_columnar(store)
    store.ingest_document(*_one_document())
    second = ensure_columnar(store)
    assert second != first and not first.exists()
    assert FigureQuery(store).all_figures == len(store.figures())


def _one_document():
    import hashlib

    from extractors import Document, extract_document

    text = "Việt Nam đặt mục tiêu đào tạo 50.000 kỹ sư bán dẫn đến năm 2030."
    doc = Document(doc_id="extra", text=text, title="Thêm",
                   content_hash=hashlib.sha256(text.encode()).hexdigest())
    return doc, extract_document(doc)


@pytest.mark.slow  # builds and re-extracts a store of its own
def test_a_correction_to_an_unseen_value_is_found(tmp_path) -> None:
    store = prepare_store(tmp_path / "f.sqlite", ROOT / "data")
    row = store.figures().iloc[2].to_dict()
    store.save_review(store.content_hash_of(row["doc_id"]), row["start"], row["end"],
                      "corrected", "An", {"country": "Atlantis"}, figure=row)
    query = FigureQuery(store)
    found = query.frame(Filters(countries=("Atlantis",)))
    assert found["figure_id"].tolist() == [row["figure_id"]]
    assert query.counts["countries"]["Atlantis"] == 1
    assert query.count(Filters()) == len(build_dataset(store).visible)


CHART_FILTERS = [  # answered from the cube, then from the scan (documents, text)
    *FILTERS[:4], Filters(reviewed_only=True), Filters(investor_countries=("USA",)),
    Filters(kinds=("target",), year_range=(2025, 2030), include_undated=False),
    Filters(doc_ids=("001_680865e7478d9234", "003_ac87470ce8d28a9b")), Filters(search="dau tu"),
]


@pytest.mark.parametrize("filters", CHART_FILTERS, ids=repr)
def test_chart_aggregates_match_pandas(query, shown, filters) -> None:
    from analysis.aggregates import chart_groups, organisation_totals
    from analysis.honest import organisation_totals as honest_totals
    from dashboard.charts import figures_by, targets_by_year

    view = apply_filters(shown, filters)
    groups = chart_groups(query, filters)
    for by in ("sector", "country"):
        expected = figures_by(view, by)
        got = groups[by]
        pairs = zip(got[by], got["kind"], strict=True)
        wanted = zip(expected[by].astype(str), expected["kind"].astype(str), strict=True)
        assert dict(zip(pairs, got["figures"], strict=True)) == dict(
            zip(wanted, expected["figures"], strict=True))
    expected = targets_by_year(view)
    assert groups["targets"]["figures"].sum() == expected["figures"].sum()
    targets = view[(view["kind"] == "target") & view["year"].notna()]
    assert dict(zip(zip(groups["targets"]["year"], groups["targets"]["sector"], strict=True),
                    groups["targets"]["figures"], strict=True)) == {
        (int(y), str(s) if isinstance(s, str) else MISSING): n for (y, s), n in
        targets.astype({"sector": object}).fillna({"sector": MISSING})
        .groupby(["year", "sector"]).size().items()}
    for name, rows in (("docs", view),
                       ("target_docs", view[(view["kind"] == "target") & view["year"].notna()]),
                       ("investment_docs", view[(view["kind"] == "investment")
                                                & view["value_usd"].notna()])):
        per_doc = rows.groupby(rows["doc_id"].astype(str)).size()
        got = groups[name]
        assert got["set_figures"].tolist()[:1] in ([len(rows)], [])
        assert got["set_groups"].tolist()[:1] in ([len(per_doc)], [])
        assert got["figures"].tolist() == sorted(per_doc, reverse=True)[:3]
        assert all(per_doc[d] == n for d, n in zip(got["doc_id"], got["figures"], strict=True))
    honest = honest_totals(view).set_index("_entity")
    orgs = organisation_totals(query, filters).set_index("entity")
    assert set(orgs.index) == set(honest.index)
    for entity, row in orgs.iterrows():
        assert row["total_usd"] == pytest.approx(honest.loc[entity, "total_usd"], abs=0.05)
        assert row["basis"] == honest.loc[entity, "basis"]
        assert row["figures"] == honest.loc[entity, "figures"]


def test_a_crowded_timeline_is_binned_into_spans_of_years() -> None:
    from dashboard.archive import binned_targets, targets_plot

    targets = pd.DataFrame({
        "year": [y for y in range(2020, 2040) for _ in range(10)],
        "sector": [f"s{i}" for _ in range(2020, 2040) for i in range(10)],
        "figures": 1, "rep": range(200), "figure_id": [f"f{i}" for i in range(200)],
        "quote": "q", "value_text": "1", "source_title": "t"})
    binned, span = binned_targets(targets, max_marks=50)
    assert span == 4 and len(binned) <= 50
    assert binned["figures"].sum() == 200
    assert set(binned["year"]) == {2020, 2024, 2028, 2032, 2036}
    first = binned[(binned["year"] == 2020) & (binned["sector"] == "s0")].iloc[0]
    assert first["figure_id"] == "f0" and first["figures"] == 4
    assert targets_plot(targets.head(20)).data[0].hovertext[0].startswith("<b>2020 ·")


@pytest.mark.parametrize("filters", CHART_FILTERS[1:7], ids=repr)
def test_the_cube_answers_like_the_scan(query, filters) -> None:
    assert query.in_cube(filters)
    select = "kind, country, year, count(*) AS figures, min(rid) AS rep"
    cube = "kind, country, year, sum(n)::BIGINT AS figures, min(rep) AS rep"
    keys = ["kind", "country", "year"]
    scanned = query.additive(filters, select, keys)
    summed = query.additive(filters, select, keys, cube=cube)
    order = [*keys, "figures"]
    assert summed.sort_values(order, ignore_index=True).astype(str).equals(
        scanned.sort_values(order, ignore_index=True).astype(str))


def _phrase_hits(shown: pd.DataFrame, text: str) -> list[str]:
    """figure_ids whose sentence or label holds the words of `text` in a row, the last
    as a word's start (what the FTS5 phrase query asks), computed in Python."""
    import re

    from analysis.filters import normalise_query

    words = re.findall(r"\w+", normalise_query(text))

    def matches(value: object) -> bool:
        tokens = re.findall(r"\w+", normalise_query(value)) if isinstance(value, str) else []
        k = len(words)
        return any(tokens[i:i + k - 1] == words[:-1] and tokens[i + k - 1].startswith(words[-1])
                   for i in range(len(tokens) - k + 1))

    hit = [matches(a) or matches(b) for a, b in zip(shown["sentence"], shown["label"],
                                                     strict=True)]
    return shown.loc[hit, "figure_id"].astype(str).tolist()


@pytest.mark.parametrize("text", ["BÁN DẪN", "ban da", "đầu t", "kỹ sư", "vi",
                                  "Kinh tế số", "kinh te s", "no sentence says this"])
def test_search_finds_the_phrase_in_sentences_and_labels(query, shown, text) -> None:
    expected = _phrase_hits(shown, text)
    got = query.frame(Filters(search=text))["figure_id"].tolist()
    assert got == expected
    assert query.count(Filters(search=text)) == len(expected)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["copy", "mask", "condition"])
def test_each_way_of_reading_a_search_gives_the_same_answers(store, shown, mode,
                                                             monkeypatch) -> None:
    import analysis.search_views as q
    from analysis.aggregates import chart_groups, organisation_totals
    from analysis.honest import organisation_totals as honest_totals

    monkeypatch.setattr(q, "NARROW_ROWS", 300_000 if mode == "copy" else 0)
    query = FigureQuery(store)
    if mode == "condition":  # a store with missing rids: hits as a condition
        query.first = None
    reviewed = shown[shown["review_status"] != "unreviewed"].iloc[0]
    words = " ".join(str(reviewed["sentence"]).split()[:2])
    for text in (words, "dau t"):
        for filters in (Filters(search=text, kinds=("target", "investment")),
                        Filters(search=text, reviewed_only=True)):
            expected = apply_filters(shown, filters)
            assert query.count(filters) == len(expected), filters
            assert query.frame(filters)["figure_id"].tolist() == \
                expected["figure_id"].astype(str).tolist()
            got = {k: v for k, v in query.facet_counts(filters).items() if v}
            assert got == {k: v for k, v in option_counts(expected).items() if v}
            groups = chart_groups(query, filters)
            targets = expected[(expected["kind"] == "target") & expected["year"].notna()]
            for name, rows in (("docs", expected), ("target_docs", targets)):
                assert groups[name]["set_figures"].tolist()[:1] in ([len(rows)], [])
            honest = honest_totals(expected).set_index("_entity")["figures"].to_dict()
            orgs = organisation_totals(query, filters).set_index("entity")["figures"]
            assert orgs.to_dict() == honest
    assert query.count(Filters(search=words, reviewed_only=True)) > 0
    assert bool(query.searches._masked) == bool(query.searches._subsetted) == (mode == "mask")


@pytest.mark.parametrize("filters", [Filters(), Filters(kinds=("target",)),
                                     Filters(unit_families=("money", "count")),
                                     Filters(countries=("Vietnam",)), Filters(search="dau tu"),
                                     Filters(reviewed_only=True)], ids=repr)
def test_ranked_documents_are_the_views_top_documents(query, shown, filters) -> None:
    view = apply_filters(shown, filters)
    per_doc = view["doc_id"].astype(str).value_counts()
    for cube in ("", None):  # from the doc_cube when the filters allow, and by a scan
        got = query.ranked(filters, "doc_id", 3, doc_cube=cube)
        assert got["figures"].tolist() == per_doc.head(3).tolist()
        assert all(per_doc[d] == n for d, n in zip(got["doc_id"], got["figures"], strict=True))
        assert got["set_figures"].tolist()[:1] in ([len(view)], [])
        assert got["set_groups"].tolist()[:1] in ([len(per_doc)], [])
        ties = got.groupby("figures")["rep"].apply(lambda reps: reps.is_monotonic_increasing)
        assert ties.all()  # equal counts: the earlier first figure first


def test_searches_differing_in_case_or_accents_are_one(store) -> None:
    query = FigureQuery(store)
    counts = {query.count(Filters(search=t)) for t in ("Bán dẫn", "ban dan", "BAN DAN")}
    assert len(counts) == 1 and counts.pop() > 0
    assert len(query.searches._searches) == 1


def test_a_search_asked_by_two_threads_at_once_is_made_once(store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    query = FigureQuery(store)
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = set(pool.map(lambda _: query.count(Filters(search="dau tu")), range(8)))
    assert len(counts) == 1
    prefixes = {name.split("_")[0] for (name,) in query.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 's%\\_%' "
        "ESCAPE '\\'").fetchall()}
    assert prefixes == {"s1"}  # one search's views, not one per thread


def test_old_searches_are_dropped(store, monkeypatch) -> None:
    import analysis.search_views as q

    monkeypatch.setattr(q, "SEARCH_CACHE", 2)
    monkeypatch.setattr(q, "RETIRED_KEPT", 0)
    query = FigureQuery(store)
    counts = [query.count(Filters(search=t)) for t in ("ban", "dau", "ky", "ban")]
    assert counts[0] == counts[3] and len(query.searches._searches) == 2
    tables = {name for (name,) in query.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE starts_with(table_name, 's')"
        ).fetchall()}
    assert not any(t.startswith(("s1_", "s2_")) for t in tables)
    assert any(t.startswith("s4_") for t in tables)
