"""The page, headless (streamlit AppTest) on a store built from the bundled articles."""

import html
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from helpers import download, new_app, numbers, run, shown
from streamlit.testing.v1 import AppTest

from analysis.filters import MISSING, Filters, apply_filters
from dashboard.charts import target_mask, target_rows
from dashboard.data import DB_ENV, load_figures, prepare_store
from dashboard.table import PAGE_SIZE, page_rows
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CHOICE_KEYS = {  # widget key -> Filters field
    "kind": "kinds",
    "unit": "unit_families",
    "country": "countries",
    "sector": "sectors",
    "org": "entities",
    "doc": "doc_ids",
}


pytestmark = pytest.mark.slow  # the app through Streamlit's AppTest


@pytest.fixture(scope="module")
def bundled_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("app") / "figures.sqlite"
    prepare_store(path, DATA)
    return path


@pytest.fixture(scope="module")
def figures(bundled_db) -> pd.DataFrame:
    return load_figures(Store(bundled_db))


@pytest.fixture
def app(bundled_db, monkeypatch) -> AppTest:
    monkeypatch.setenv(DB_ENV, str(bundled_db))
    return new_app()


def shown_count(at: AppTest) -> int:
    line = next(m.value for m in at.markdown if m.value.startswith("**"))
    return int(line.split("**")[1].replace(",", ""))


def table_ids(at: AppTest) -> list[str]:
    return at.dataframe[-1].value["Figure id"].tolist()


def chart_specs(at: AppTest) -> dict[str, dict]:
    """The drawn charts by name (an empty chart is a message, not a chart)."""
    names = ("targets", "investments", "sector", "country")
    charts = {name: chart for chart in at.get("plotly_chart") for name in names
              if chart.proto.id.endswith(f"chart_{name}")}
    return {name: json.loads(chart.proto.spec) for name, chart in charts.items()}


def bar_total(spec: dict) -> float:
    return sum(sum(numbers(trace.get("y"))) for trace in spec["data"])


def assert_page_matches(at: AppTest, expected: pd.DataFrame) -> None:
    """Count, table, and every chart agree with the expected filtered rows."""
    assert shown_count(at) == len(expected)
    assert table_ids(at) == expected["figure_id"].tolist()[:PAGE_SIZE]
    specs = chart_specs(at)
    assert bar_total(specs["sector"]) == len(expected)
    assert bar_total(specs["country"]) == len(expected)
    targets = int(target_mask(expected).sum())
    if targets:
        # One labelled marker per distinct target (a repeat within a document counts once).
        markers = specs["targets"]["data"][0]
        assert len(markers["x"]) == len(target_rows(expected)) <= targets
        assert all(markers["text"])
    else:
        assert "targets" not in specs
        assert any(i.value == "No figures for this chart in this view." for i in at.info)


def test_app_runs_on_bundled_data(app, figures, bundled_db):
    at = run(app)
    assert len(figures) > 0
    assert at.title[0].value == "Figures from the news"
    assert len(at.get("plotly_chart")) == 5  # with the aggregate statistics apart
    assert_page_matches(at, figures)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:3] == ["CSV", "Excel", "JSON"]
    assert labels[3:6] == ["Download briefing deck (.pptx)", "Download brief (.html)",
                           "Download brief (.pdf)"]
    assert labels[6:] == ["PNG", "SVG"] * 7
    documents = Store(bundled_db).count_documents()
    assert any(f"{documents} documents · {len(figures):,} figures" in c.value for c in at.caption)


def _restricting_option(figures: pd.DataFrame, field: str) -> str:
    """An option of `field` that keeps some rows but not all."""
    column = {"kinds": "kind", "unit_families": "unit_family", "countries": "country",
              "sectors": "sector", "entities": "entity", "doc_ids": "doc_id"}[field]
    counts = figures[column].astype(object).fillna(MISSING).value_counts()
    candidates = counts[(counts > 0) & (counts < len(figures))]
    assert len(candidates), f"the bundled data has a single {column}; cannot test its filter"
    return str(candidates.index[-1])


@pytest.mark.parametrize("key", list(CHOICE_KEYS))
def test_each_choice_filter_changes_table_and_charts(app, figures, key):
    field = CHOICE_KEYS[key]
    option = _restricting_option(figures, field)
    at = run(app)
    at.multiselect(key=key).set_value([option])
    run(at)
    expected = apply_filters(figures, Filters(**{field: (option,)}))
    assert 0 < len(expected) < len(figures)
    assert_page_matches(at, expected)


def test_year_range_filter(app, figures):
    at = run(app)
    low, high = int(figures["year"].min()), int(figures["year"].max())
    chosen = (low, (low + high) // 2)
    at.slider(key="years").set_value(chosen)
    run(at)
    expected = apply_filters(figures, Filters(year_range=chosen))
    assert len(expected) < len(figures)
    assert_page_matches(at, expected)


def test_search_filter(app, figures):
    word = figures["quote"].astype(str).iloc[0]
    at = run(app)
    at.text_input(key="q").set_value(word.upper())
    run(at)
    expected = apply_filters(figures, Filters(search=word))
    assert 0 < len(expected) < len(figures)
    assert_page_matches(at, expected)


def test_table_view_of_a_chart(app, figures):
    app.query_params["chart_sector_view"] = "Table"
    at = run(app)
    assert len(at.get("plotly_chart")) == 4  # only the open tab is computed
    table = next(d.value for d in at.dataframe if "Sector" in d.value.columns)
    assert table["Figures"].sum() == len(figures)
    assert {"Example", "Value", "Source"} <= set(table.columns)


def test_filters_are_read_from_the_url(app, figures):
    option = _restricting_option(figures, "kinds")
    app.query_params["kind"] = option
    at = run(app)
    assert at.multiselect(key="kind").value == [option]
    assert_page_matches(at, apply_filters(figures, Filters(kinds=(option,))))


def test_no_match_shows_a_message_and_empty_charts(app):
    at = run(app)
    at.text_input(key="q").set_value("no sentence says this ⊘")
    run(at)
    assert shown_count(at) == 0
    assert at.info and "No figure" in at.info[0].value
    assert table_ids(at) == []
    assert not any(".." in c.value for c in at.caption)  # "no figures in this view. Sums…"
    # No bare axes: each chart says it has nothing to show, in the page's language.
    assert not at.get("plotly_chart")
    assert [i.value for i in at.info[1:5]] == ["No figures for this chart in this view."] * 4
    # An empty view makes no briefing: a message instead of the deck.
    assert at.info[5].value.startswith("No figures in this view")
    at.radio(key="lang").set_value("vi")
    run(at)
    assert [i.value for i in at.info[1:5]] == [
        "Không có số liệu cho biểu đồ này trong khung nhìn."] * 4


def test_exports_hold_exactly_the_filtered_rows(app, figures, deferred):
    option = _restricting_option(figures, "kinds")
    at = run(app)
    at.multiselect(key="kind").set_value([option])
    run(at)
    expected = apply_filters(figures, Filters(kinds=(option,)))["figure_id"].tolist()
    csv = pd.read_csv(io.BytesIO(download(at, deferred, "CSV")), encoding="utf-8-sig")
    assert csv["figure_id"].tolist() == expected and set(csv["kind"]) == {option}
    rows = json.loads(download(at, deferred, "JSON"))
    assert [r["figure_id"] for r in rows] == expected
    book = pd.read_excel(io.BytesIO(download(at, deferred, "Excel")), sheet_name=None)
    assert book["figures"]["figure_id"].tolist() == expected
    assert book["sources"]["figures"].sum() == len(expected)


def _provenance_html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_provenance_shows_the_highlighted_sentence(app, figures):
    row = figures.iloc[-1]
    at = run(app)
    at.text_input(key="fig").set_value(row["figure_id"])
    run(at)
    body = _provenance_html(at)
    offset = int(row["start"]) - int(row["sentence_start"])
    sentence = str(row["sentence"])
    assert html.escape(sentence[:offset]) + "<mark" in body
    assert f">{html.escape(str(row['quote']))}</mark>" in body
    assert html.escape(str(row["rule"])) in body
    assert Path(str(row["source"])).name in body and str(row["source"]) not in body


def test_language_from_a_link(app):
    app.query_params["lang"] = "Tiếng Việt"  # links made when the URL held labels still work
    assert run(app).title[0].value == "Số liệu từ tin tức"


def test_provenance_from_a_link(app, figures):
    figure_id = figures["figure_id"].iloc[0]
    app.query_params["fig"] = figure_id
    at = run(app)
    assert figure_id in _provenance_html(at)
    fresh = new_app()
    fresh.query_params["fig"] = "no-such-figure"
    at = run(fresh)
    assert at.warning and "No figure" in at.warning[0].value
    assert not _provenance_html(at)


def test_vietnamese_labels_and_names(app, figures):
    at = run(app)
    at.radio(key="lang").set_value("vi")
    run(at)
    assert at.title[0].value == "Số liệu từ tin tức"
    assert "Mục tiêu theo năm mục tiêu" in json.dumps(chart_specs(at)["targets"],
                                                       ensure_ascii=False)
    table = at.dataframe[-1].value
    titles = figures["doc_title"].astype(str).head(PAGE_SIZE).tolist()
    assert table["Tài liệu"].tolist() == titles  # names pass through unchanged
    assert any(letter in "".join(titles) for letter in "ăâđêôơưệộ")
    assert table["Trích dẫn"].tolist() == figures["quote"].astype(str).head(PAGE_SIZE).tolist()


@pytest.fixture
def own_app(tmp_path, monkeypatch) -> tuple[AppTest, Path]:
    path = tmp_path / "own.sqlite"
    prepare_store(path, DATA)
    monkeypatch.setenv(DB_ENV, str(path))
    return new_app(), path


def test_pasted_text_appears_at_once(own_app):
    at, path = own_app
    run(at)
    before = shown_count(at)
    at.text_input(key="paste_title").set_value("Ghi chú thử")
    at.text_area(key="paste_text").set_value(
        "Đến năm 2030, Việt Nam phấn đấu có 100.000 kỹ sư bán dẫn và thu hút 10 tỷ USD đầu tư."
    )
    at.button[0].click()
    run(at)
    assert at.success and "added" in at.success[0].value
    stored = load_figures(Store(path))
    assert shown_count(at) == len(stored) > before
    assert "Ghi chú thử" in str(at.multiselect(key="doc").options)


def test_bad_upload_is_refused_and_nothing_changes(own_app):
    at, path = own_app
    run(at)
    before = (shown_count(at), Store(path).revision())
    at.get("file_uploader")[0].set_value(("broken.txt", bytes(range(256)) * 4, "text/plain"))
    at.button[0].click()
    run(at)
    assert at.error and "broken.txt" in shown(at.error[0].value) and "binary" in at.error[0].value
    assert (shown_count(at), Store(path).revision()) == before


def _open_link(link: dict[str, str]) -> AppTest:
    fresh = new_app()
    for key, value in link.items():
        fresh.query_params[key] = value
    return run(fresh)


def test_a_link_opens_the_same_view_in_either_language(app, figures):
    option = _restricting_option(figures, "kinds")
    at = run(app)
    at.radio(key="lang").set_value("vi")
    run(at)
    at.multiselect(key="kind").set_value([option])
    at.button_group(key="count").set_value("commitments")
    at.button_group(key="inv_by").set_value("country")
    run(at)
    link = dict(at.query_params)
    assert link == {"lang": "vi", "kind": option, "count": "commitments", "inv_by": "country"}
    expected = len(apply_filters(figures, Filters(kinds=(option,))))
    for lang in ("vi", "en"):
        shared = _open_link(link | {"lang": lang})
        assert shown_count(shared) == expected
        assert shared.multiselect(key="kind").value == [option]
        assert shared.button_group(key="count").value == "commitments"
        assert shared.button_group(key="inv_by").value == "country"


def test_tab_language_and_sort_from_a_link(app, figures):
    at = _open_link({"lang": "vi", "section": "commitments_tab"})
    assert at.title[0].value == "Số liệu từ tin tức"
    assert any(c.value.startswith("Các lượt nhắc cùng quốc gia") for c in at.caption)
    at = _open_link({"sort": "value_usd", "desc": "true"})
    assert at.selectbox(key="sort").value == "value_usd"
    assert table_ids(at) == page_rows(figures, "value_usd", True)["figure_id"].tolist()


def test_switching_language_keeps_the_filters(app, figures):
    option = _restricting_option(figures, "kinds")
    at = run(app)
    at.multiselect(key="kind").set_value([option])
    run(at)
    shown = shown_count(at)
    at.radio(key="lang").set_value("vi")
    run(at)
    kind = at.multiselect(key="kind")
    assert kind.value == [option] and shown_count(at) == shown
    assert kind.proto.set_value  # the browser is sent the chips in Vietnamese
    assert dict(at.query_params) == {"kind": option, "lang": "vi"}
