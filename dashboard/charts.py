"""Chart aggregates and plotly figures. Every builder takes a filtered figures frame.

Charts plot aggregates (one mark per group), never raw rows. Each group keeps
a representative figure (the largest, or the first) whose quote, value and
source show in the hover; its ``figure_id`` and the group's keys travel in
``customdata`` so a selected mark can open its provenance.

The figure builders take ``counting``: "figures" (every mention counts) or
"commitments" (the caller passes one row per commitment, see
analysis.commitments.counted_rows; labels then say "commitments").
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.filters import MISSING
from analysis.grouping import group_stats
from analysis.honest import organisation_totals
from analysis.labels import figure_labels
from analysis.tracker import progress_percent
from dashboard.formatting import format_usd, format_value, readable_usd, readable_values
from dashboard.i18n import count_text, tr, tr_value
from dashboard.safe import md_escape

TOP_GROUPS = 15
INVESTMENT_GROUPS: tuple[str, ...] = ("entity", "country", "investor_country", "sector")
KIND_COLORS: dict[str, str] = {
    "target": "#1f77b4",
    "investment": "#2ca02c",
    "statistic": "#ff7f0e",
}
GROUP_LABELS: dict[str, str] = {"entity": "entity", "country": "country", "sector": "sector",
                                "investor_country": "investor_country"}
COUNTING: tuple[str, ...] = ("figures", "commitments")


def count_words(n: int, counting: str, lang: str) -> str:
    """"1 figure", "3 commitments"… in `lang`, as shown in hovers."""
    return count_text(n, "commitment" if counting == "commitments" else "figure", lang)


def _labelled(column: pd.Series) -> pd.Series:
    """Group labels: the values, MISSING for empty cells (categoricals stay categorical)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        if MISSING not in column.cat.categories:
            column = column.cat.add_categories([MISSING])
        return column.fillna(MISSING)
    return column.astype(object).where(column.notna(), MISSING).astype(str)


def _aggregate(
    df: pd.DataFrame,
    mask: np.ndarray | None,
    keys: list[str],
    weight: str | None = None,
    pick: str = "first",
) -> pd.DataFrame:
    """Per group of `keys` among the `mask` rows: figures, total_usd (sum of `weight`)
    and the representative figure's id, quote, readable value and source."""
    positions = None if mask is None else np.flatnonzero(mask)
    stats = group_stats(df, keys, weight, pick, positions)
    reps = df.iloc[stats["rep"].to_numpy()]
    stats = stats.drop(columns="rep").rename(columns={"total": "total_usd"})
    return pd.concat([stats, _example_fields(reps).reset_index(drop=True)], axis=1)


def _example_fields(reps: pd.DataFrame) -> pd.DataFrame:
    """Quote, readable value (with USD for money) and source of representative figures."""
    values = [
        v if u == "USD" or not d else f"{v} ≈ {d}"
        for v, d, u in zip(readable_values(reps), readable_usd(reps), reps["unit"].tolist(),
                           strict=True)
    ]
    return pd.DataFrame(
        {
            "figure_id": reps["figure_id"].tolist(),
            "quote": reps["quote"].tolist(),
            "value_text": values,
            "source_title": document_titles(reps).tolist(),
        },
        index=reps.index,
    )


def document_titles(rows: pd.DataFrame) -> pd.Series:
    """Each row's document title, or its doc_id when the title is empty (small frames)."""
    ids = rows["doc_id"].tolist()
    titles = rows["doc_title"].tolist() if "doc_title" in rows else ids
    chosen = [t if isinstance(t, str) and t else d for t, d in zip(titles, ids, strict=True)]
    return pd.Series(chosen, index=rows.index, dtype=object)


def target_mask(df: pd.DataFrame) -> np.ndarray:
    """Rows the timeline plots: targets with a year."""
    return ((df["kind"] == "target") & df["year"].notna()).to_numpy(dtype=bool)


def investment_mask(df: pd.DataFrame) -> np.ndarray:
    """Rows the investment chart sums: investments with a USD value."""
    return ((df["kind"] == "investment") & df["value_usd"].notna()).to_numpy(dtype=bool)


def organisation_investment_mask(df: pd.DataFrame) -> np.ndarray:
    """Rows the investment bars draw: investments with a USD value and an organisation."""
    return investment_mask(df) & df["entity"].notna().to_numpy(dtype=bool)


def targets_by_year(df: pd.DataFrame) -> pd.DataFrame:
    """Targets with a year, counted per (year, sector); example = first target."""
    agg = _aggregate(df, target_mask(df), ["year", "sector"])
    agg["year"] = agg["year"].astype(int)
    return agg.sort_values(["year", "figures"], ascending=[True, False], ignore_index=True)


def investments_by(df: pd.DataFrame, by: str = "entity") -> pd.DataFrame:
    """Organisations' investments (analysis.honest): per organisation its latest reported
    total, else the sum of its distinct amounts; grouped per `by` (entity, country, sector
    or investor_country of the organisation's representative figure), largest first.
    Investments without an organisation are left out (see `aggregate_statistics`)."""
    return organisation_groups(organisation_totals(df), by)


def organisation_groups(orgs: pd.DataFrame, by: str = "entity") -> pd.DataFrame:
    """`investments_by` from per-organisation rows (analysis.honest.organisation_totals
    output, or the same computed by the query layer)."""
    columns = [by, "figures", "total_usd", "figure_id", "quote", "value_text", "source_title",
               "label", "as_of", "basis"]
    if orgs.empty:
        return pd.DataFrame(columns=columns)
    keys = _labelled(orgs[by].astype(object)).astype(str).to_numpy()
    orgs = orgs.assign(_key=keys)
    reps = orgs.sort_values(["total_usd", "_pos"], ascending=[False, True],
                            kind="stable").groupby("_key", sort=False).head(1)
    sums = orgs.groupby("_key", sort=False)[["total_usd", "figures"]].sum()
    out = pd.DataFrame({
        by: reps["_key"].to_numpy(),
        "figures": sums.loc[reps["_key"], "figures"].astype(int).to_numpy(),
        "total_usd": sums.loc[reps["_key"], "total_usd"].astype(float).to_numpy(),
    })
    fields = _example_fields(reps).reset_index(drop=True)
    out = pd.concat([out, fields], axis=1)
    out["label"] = figure_labels(reps, "en")
    out["as_of"] = reps["as_of"].astype(str).to_numpy()
    out["basis"] = reps["basis"].astype(str).to_numpy()
    return out.sort_values("total_usd", ascending=False, ignore_index=True)


def figures_by(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Figures counted per (`by`, kind); groups ordered by their total."""
    agg = _aggregate(df, None, [by, "kind"])
    totals = _sums(agg[by], agg["figures"])
    agg = agg.assign(_total=agg[by].map(totals))
    agg = agg.sort_values(["_total", by, "figures"], ascending=False)
    return agg.drop(columns="_total").reset_index(drop=True)


def top_groups(agg: pd.DataFrame, by: str, weight: str, n: int = TOP_GROUPS) -> pd.DataFrame:
    """The rows of the `n` groups of `by` with the largest summed `weight`."""
    totals = _sums(agg[by], agg[weight])
    keep = set(sorted(totals, key=totals.__getitem__, reverse=True)[:n])
    return agg[agg[by].isin(list(keep))]


def _sums(groups: pd.Series, values: pd.Series) -> dict:
    """Sum of `values` per group label (for small aggregate frames)."""
    totals: dict = {}
    for group, value in zip(groups, values, strict=True):
        totals[group] = totals.get(group, 0) + value
    return totals


def _hover(agg: pd.DataFrame, lang: str, head: Sequence[str]) -> list[str]:
    """Hover text per mark: the `head` lines, then the example's quote, value and source."""
    value, source = tr("value", lang), tr("source", lang)
    columns = (agg["quote"].tolist(), agg["value_text"].tolist(), agg["source_title"].tolist())
    return [
        f"{first}<br><i>“{html.escape(str(quote))}”</i><br>{value}: {html.escape(str(text))}"
        f"<br>{source}: {html.escape(str(title)[:80])}"
        for first, quote, text, title in zip(head, *columns, strict=True)
    ]


def _customdata(agg: pd.DataFrame, keys: list[str]) -> list[list[str]]:
    """Per mark: the representative figure id and the group's keys as JSON."""
    columns = [[str(v) for v in agg[k].tolist()] for k in keys]
    return [
        [fid, json.dumps(dict(zip(keys, values, strict=True)))]
        for fid, *values in zip(agg["figure_id"].tolist(), *columns, strict=True)
    ]


def _plot(traces: list[dict], title: str, xaxis: dict, yaxis: dict, **layout: object
          ) -> go.Figure:
    """A plotly chart built in one step from trace and layout dicts (validated once), with the
    common layout: escaped title, margins, legend on top, click to select."""
    return go.Figure(
        data=traces,
        layout={
            "title": {"text": html.escape(title)},
            "height": 380,
            "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
            "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
            "hoverlabel": {"align": "left"},
            "clickmode": "event+select",
            "xaxis": xaxis,
            "yaxis": yaxis,
            **layout,
        },
    )


def targets_timeline(df: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Timeline of targets: one bubble per (target year, sector), sized by count."""
    return timeline_plot(targets_by_year(df), lang)


def timeline_plot(agg: pd.DataFrame, lang: str = "en", counting: str = "figures") -> go.Figure:
    """The targets timeline from `targets_by_year` output."""
    head = [
        f"<b>{y} · {html.escape(tr_value(s, lang))}</b>: {count_words(n, counting, lang)}"
        for y, s, n in zip(agg["year"], agg["sector"], agg["figures"], strict=True)
    ]
    biggest = max(int(agg["figures"].max()), 1) if len(agg) else 1
    trace = {
        "type": "scatter",
        "x": agg["year"].tolist(),
        "y": [tr_value(s, lang) for s in agg["sector"]],
        "mode": "markers",
        "marker": {
            "size": agg["figures"].tolist(),
            "sizemode": "area",
            "sizeref": 2.0 * biggest / 40**2,
            "sizemin": 6,
            "color": KIND_COLORS["target"],
        },
        "customdata": _customdata(agg, ["year", "sector"]),
        "hovertext": _hover(agg, lang, head),
        "hoverinfo": "text",
        "name": tr_value("target", lang),
    }
    xaxis = {"title": {"text": tr("year", lang)}}
    if len(agg) and agg["year"].max() - agg["year"].min() < 12:
        xaxis["dtick"] = 1
    yaxis = {"title": {"text": tr("sector", lang)}, "type": "category"}
    return _plot([trace], tr("targets_chart", lang), xaxis, yaxis)


MARKER_TEXT_WIDTH = 38


def target_rows(df: pd.DataFrame, by: str = "sector", lang: str = "en") -> pd.DataFrame:
    """One row per target with a year (repeats within a document once): year, group
    (`by`), label, and the figure's id, quote, value and source, by year."""
    rows = df[target_mask(df)]
    if rows.empty:
        return pd.DataFrame(columns=["year", by, "label", "figure_id", "quote", "value_text",
                                     "source_title"])
    key = rows[["doc_id", "unit"]].astype(str).assign(
        value=pd.to_numeric(rows["value"], errors="coerce").round(6).astype(str),
        year=rows["year"].astype(str), measure=rows["measure"].astype(str))
    rows = rows[~key.duplicated().to_numpy()]
    out = pd.DataFrame({
        "year": rows["year"].astype(int).to_numpy(),
        by: _labelled(rows[by].astype(object)).astype(str).to_numpy(),
        "label": figure_labels(rows, lang),
    })
    out = pd.concat([out, _example_fields(rows).reset_index(drop=True)], axis=1)
    return out.sort_values(["year", by], kind="stable", ignore_index=True)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def targets_markers(df: pd.DataFrame, lang: str = "en", by: str = "sector") -> go.Figure:
    """Timeline of the targets themselves: one labelled marker per target at its target
    year, one row per `by` group (sector or country)."""
    return markers_plot(target_rows(df, by, lang), lang, by)


def markers_plot(rows: pd.DataFrame, lang: str = "en", by: str = "sector") -> go.Figure:
    """The targets timeline from `target_rows` output. Targets sharing a year and group are
    spread a little along the year so each marker and its label stay readable."""
    nth = rows.groupby(["year", by], sort=False).cumcount().to_numpy() if len(rows) else []
    size = rows.groupby(["year", by], sort=False)["year"].transform("size").to_numpy() \
        if len(rows) else []
    x = [int(y) + (0.0 if s == 1 else 0.6 * (k / (s - 1) - 0.5))
         for y, k, s in zip(rows["year"], nth, size, strict=True)]
    head = [f"<b>{html.escape(str(label))}</b>" for label in rows["label"]]
    trace = {
        "type": "scatter",
        "x": x,
        "y": [tr_value(g, lang) for g in rows[by]],
        "mode": "markers+text",
        "text": [html.escape(_clip(str(t), MARKER_TEXT_WIDTH)) for t in rows["label"]],
        "textposition": ["top center" if k % 2 == 0 else "bottom center" for k in nth],
        "textfont": {"size": 10},
        "marker": {"size": 12, "color": KIND_COLORS["target"], "symbol": "diamond"},
        "customdata": _customdata(rows, ["year", by]),
        "hovertext": _hover(rows, lang, head),
        "hoverinfo": "text",
        "name": tr_value("target", lang),
    }
    xaxis = {"title": {"text": tr("target_year", lang)}, "dtick": 1 if len(rows) and
             rows["year"].max() - rows["year"].min() < 12 else None}
    yaxis = {"title": {"text": tr(by, lang)}, "type": "category"}
    return _plot([trace], tr("targets_chart", lang), xaxis, yaxis, height=460)


def investments_chart(df: pd.DataFrame, by: str = "entity", lang: str = "en") -> go.Figure:
    """Horizontal bars: total invested (USD) per organisation, country or sector."""
    return investments_plot(investments_by(df, by), by, lang)


def investments_plot(agg: pd.DataFrame, by: str, lang: str = "en",
                     counting: str = "figures") -> go.Figure:
    """The investment bars from `investments_by` output (largest groups only)."""
    agg = top_groups(agg, by, "total_usd").iloc[::-1]
    bases = agg["basis"].tolist() if "basis" in agg else [""] * len(agg)
    dates = agg["as_of"].tolist() if "as_of" in agg else [""] * len(agg)
    head = [
        f"<b>{html.escape(tr_value(g, lang))}</b>: {format_usd(t, lang=lang)} · "
        f"{count_words(n, counting, lang)}"
        + (f"<br>{tr('latest_total' if b == 'latest_total' else 'sum_distinct', lang)}"
           + (f", {tr('as_of', lang)} {html.escape(str(d))}" if d else "") if b else "")
        + f"<br>{tr('largest', lang) if b != 'latest_total' else tr('example', lang)}:"
        for g, t, n, b, d in zip(agg[by], agg["total_usd"], agg["figures"], bases, dates,
                                 strict=True)
    ]
    trace = {
        "type": "bar",
        "x": agg["total_usd"].tolist(),
        "y": [tr_value(g, lang) for g in agg[by]],
        "orientation": "h",
        "marker": {"color": KIND_COLORS["investment"]},
        "customdata": _customdata(agg, [by]),
        "hovertext": _hover(agg, lang, head),
        "hoverinfo": "text",
        "name": tr_value("investment", lang),
    }
    title = f"{tr('investments_chart', lang)} · {tr(GROUP_LABELS[by], lang)}"
    return _plot([trace], title, usd_axis(agg["total_usd"], lang), {"type": "category"})


def usd_axis(values: pd.Series, lang: str = "en") -> dict:
    """A USD value axis with ticks written "500 M USD", "1.6 B USD" ("1,6 tỷ USD")."""
    top = float(pd.to_numeric(values, errors="coerce").max()) if len(values) else 0.0
    axis: dict = {"title": {"text": tr("total_usd", lang)}}
    if not top or np.isnan(top):
        return axis
    step = 10 ** np.floor(np.log10(top / 4))
    for factor in (1, 2, 2.5, 5, 10):
        if top / (step * factor) <= 6:
            step *= factor
            break
    ticks = [step * i for i in range(int(top // step) + 2)]
    return {**axis, "tickvals": ticks, "ticktext": [format_usd(t, lang=lang) for t in ticks],
            "range": [0, top * 1.05]}


def aggregates_plot(rows: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Aggregate investment statistics (no organisation), one bar per distinct figure,
    labelled; never summed (analysis.honest.aggregate_statistics output)."""
    rows = rows.head(TOP_GROUPS).iloc[::-1]
    labels = [_clip(str(t), 60) for t in figure_labels(rows, lang)]
    fields = _example_fields(rows)
    agg = fields.assign(label=labels)
    head = [f"<b>{html.escape(t)}</b>" for t in labels]
    trace = {
        "type": "bar", "orientation": "h",
        "x": rows["value_usd"].astype(float).tolist(),
        "y": [f"{t} · {i + 1}" if labels.count(t) > 1 else t for i, t in enumerate(labels)],
        "marker": {"color": "#9467bd"},
        "customdata": [[fid, "{}"] for fid in agg["figure_id"]],
        "hovertext": _hover(agg, lang, head), "hoverinfo": "text",
        "name": tr("aggregates_chart", lang),
    }
    return _plot([trace], tr("aggregates_chart", lang), usd_axis(rows["value_usd"], lang),
                   {"type": "category"}, showlegend=False)


def figures_chart(df: pd.DataFrame, by: str, lang: str = "en") -> go.Figure:
    """Stacked bars: number of figures per sector or country, split by kind."""
    return figures_plot(figures_by(df, by), by, lang)


def figures_plot(agg: pd.DataFrame, by: str, lang: str = "en",
                 counting: str = "figures") -> go.Figure:
    """The stacked count bars from `figures_by` output (largest groups only), titled by the
    i18n key "by_<by>_chart" ("commitments_by_<by>_chart" when counting commitments)."""
    agg = top_groups(agg, by, "figures")
    traces = []
    for kind, part in agg.groupby("kind", sort=True):
        head = [
            f"<b>{html.escape(tr_value(g, lang))} · {tr_value(kind, lang)}</b>: "
            f"{count_words(n, counting, lang)}<br>{tr('example', lang)}:"
            for g, n in zip(part[by], part["figures"], strict=True)
        ]
        traces.append({
            "type": "bar",
            "x": [tr_value(g, lang) for g in part[by]],
            "y": part["figures"].tolist(),
            "name": tr_value(kind, lang),
            "marker": {"color": KIND_COLORS.get(kind, "#7f7f7f")},
            "customdata": _customdata(part, [by, "kind"]),
            "hovertext": _hover(part, lang, head),
            "hoverinfo": "text",
        })
    order = [tr_value(g, lang) for g in dict.fromkeys(agg[by])]
    xaxis = {"type": "category", "categoryorder": "array", "categoryarray": order}
    key = f"commitments_by_{by}_chart" if counting == "commitments" else f"by_{by}_chart"
    axis = tr("commitments" if counting == "commitments" else "figures", lang)
    return _plot(traces, tr(key, lang), xaxis, {"title": {"text": axis}}, barmode="stack")


def source_line(
    df: pd.DataFrame, lang: str = "en", mask: np.ndarray | None = None, max_titles: int = 3
) -> str:
    """'Source: N figures in M documents — title; title (+k more)' for a chart's rows, as
    markdown (titles escaped)."""
    stats = group_stats(df, ["doc_id"], positions=None if mask is None else np.flatnonzero(mask))
    if stats.empty:
        return tr("source_none", lang)
    stats = stats.sort_values("figures", ascending=False, kind="stable")
    top = df.iloc[stats["rep"].to_numpy()[:max_titles]]
    titles = "; ".join(md_escape(str(t)[:70]) for t in document_titles(top))
    if len(stats) > max_titles:
        titles += f" ({tr('more', lang, n=len(stats) - max_titles)})"
    n = int(stats["figures"].sum())
    return tr("source_line", lang, figures=count_text(n, "figure", lang),
              docs=count_text(len(stats), "document", lang), titles=titles)


def selected_point(event: object) -> tuple[str, dict[str, str]] | None:
    """(figure_id, group keys) of the first selected mark of a plotly_chart event."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points:
        data = point.get("customdata")
        if data and len(data) >= 2:
            return str(data[0]), json.loads(data[1])
    return None


def group_rows(df: pd.DataFrame, keys: dict[str, str]) -> pd.DataFrame:
    """The figures of one chart group (keys as carried in customdata)."""
    mask = pd.Series(True, index=df.index)
    for column, value in keys.items():
        labels = _labelled(df[column])
        if column == "year":
            labels = df[column].astype("Int64").astype(str)
        mask &= labels == value
    return df[mask]


def aggregate_table(agg: pd.DataFrame, lang: str = "en", counting: str = "figures"
                    ) -> pd.DataFrame:
    """A chart's aggregate as a readable table (the chart's "table view")."""
    shown = agg.copy()
    if "total_usd" in shown:
        shown["total_usd"] = [format_usd(v) for v in shown["total_usd"]]
    for column in ("kind", "sector"):
        if column in shown:
            shown[column] = [tr_value(v, lang) for v in shown[column]]
    headers = {
        "figures": tr("commitments" if counting == "commitments" else "figures", lang),
        "total_usd": tr("total_usd", lang),
        "quote": tr("example", lang),
        "value_text": tr("value", lang),
        "source_title": tr("source", lang),
        "year": tr("year", lang),
        "sector": tr("sector", lang),
        "country": tr("country", lang),
        "entity": tr("entity", lang),
        "kind": tr("kind", lang),
    }
    return shown.drop(columns="figure_id").rename(columns=headers)


STATUS_COLORS: dict[str, str] = {
    "achieved": "#2ca02c",
    "on_track": "#1f77b4",
    "in_progress": "#7f7f7f",
    "behind": "#ff7f0e",
    "overdue": "#d62728",
}


def progress_plot(table: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Horizontal bars: progress (latest actual ÷ target, in %) per target, coloured by
    status, with a line at 100%; from analysis.tracker.progress_table output."""
    rows = table.head(TOP_GROUPS).iloc[::-1]
    labels = [
        f"{html.escape(str(m))} · {html.escape(str(c or ''))} · {y}"
        for m, c, y in zip(rows["measure"], rows["country"], rows["target_year"], strict=True)
    ]
    units = [str(u or "") for u in rows["unit"]]
    hover = [
        f"<b>{label}</b><br>{tr('target_value', lang)}: {format_value(t, u)} ({ty})"
        f"<br>{tr('actual_value', lang)}: {format_value(a, u)} ({ay})"
        f"<br>{tr('status', lang)}: {tr_value(s, lang)}"
        for label, t, ty, a, ay, s, u in zip(labels, rows["target_value"], rows["target_year"],
                                            rows["actual_value"], rows["actual_year"],
                                            rows["status"], units, strict=True)
    ]
    percent = progress_percent(rows["progress"])
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": percent.tolist(),
        "y": labels,
        "marker": {"color": [STATUS_COLORS.get(s, "#7f7f7f") for s in rows["status"]]},
        "hovertext": hover,
        "hoverinfo": "text",
        "name": tr("progress", lang),
    }
    xaxis = {"title": {"text": f"{tr('progress', lang)} (%)"}, "ticksuffix": "%"}
    line = {"type": "line", "x0": 100, "x1": 100, "yref": "paper", "y0": 0, "y1": 1,
            "line": {"dash": "dot", "color": "#444"}}
    return _plot([trace], tr("progress_chart", lang), xaxis, {"type": "category"},
                   shapes=[line], showlegend=False)
