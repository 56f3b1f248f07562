"""Chart aggregates computed by DuckDB over a FigureQuery: one row per group with its
count (and USD sum) and the ``rid`` of its representative figure, so only the groups
and a few representative rows leave the database.

The groups and representatives are those of the pandas builders (dashboard.charts over
analysis.grouping and analysis.honest): the representative is the group's first figure
in store order; honest totals follow analysis.honest.
"""

from __future__ import annotations

import pandas as pd

from analysis.filters import MISSING, Filters
from analysis.query import FigureQuery


def _run(query: FigureQuery, filters: Filters, sql: str) -> pd.DataFrame:
    """`sql` with ``{where}`` replaced by the filters' condition, as a frame."""
    cursor = query.cursor()
    where, params = query.where(filters, cursor)
    return cursor.execute(sql.format(where=where), params).df()


def _label(column: str) -> str:
    """A group key: the value, MISSING when empty."""
    return f"coalesce(CAST(\"{column}\" AS VARCHAR), '{MISSING}') AS \"{column}\""


def group_counts(query: FigureQuery, filters: Filters, keys: list[str],
                 condition: str = "TRUE") -> pd.DataFrame:
    """Per group of `keys` among the rows passing `filters` and `condition`: the key
    labels, ``figures`` and ``rep`` (rid of the group's first figure)."""
    labels = ", ".join(_label(k) for k in keys)
    return _run(query, filters,
                f"SELECT {labels}, count(*) AS figures, min(rid) AS rep FROM shown "
                f"WHERE {{where}} AND {condition} GROUP BY ALL")


def targets_by_year(query: FigureQuery, filters: Filters) -> pd.DataFrame:
    """Targets with a year per (year, sector) (dashboard.charts.targets_by_year)."""
    cursor = query.cursor()
    where, params = query.where(filters, cursor)
    return cursor.execute(
        f"SELECT year, {_label('sector')}, count(*) AS figures, min(rid) AS rep FROM shown "
        f"WHERE {where} AND kind = 'target' AND year IS NOT NULL GROUP BY ALL "
        "ORDER BY year, figures DESC", params).df()


def document_counts(query: FigureQuery, filters: Filters, condition: str = "TRUE",
                    top: int = 3) -> tuple[int, int, pd.DataFrame]:
    """(figures, documents, the `top` documents with most figures: doc_id, figures, rep)
    among the rows passing `filters` and `condition` (a chart's source line)."""
    per_doc = group_counts(query, filters, ["doc_id"], condition)
    if per_doc.empty:
        return 0, 0, per_doc
    ordered = per_doc.sort_values(["figures", "rep"], ascending=[False, True], kind="stable")
    return int(per_doc["figures"].sum()), len(per_doc), ordered.head(top)


ORGANISATIONS = """
WITH inv AS (
    SELECT rid, doc_id, entity, unit, role, value_usd, round(value_usd, 2) AS _value,
           CASE role WHEN 'total' THEN 0 WHEN 'increment' THEN 1 ELSE 2 END AS _role,
           coalesce(doc_published, '') AS _date, coalesce(year, 0) AS _year,
           coalesce(start, 0) AS _start
    FROM shown WHERE {where} AND kind = 'investment' AND value_usd IS NOT NULL
        AND entity IS NOT NULL),
mentions AS (SELECT entity, count(*) AS figures FROM inv GROUP BY entity),
dm AS (SELECT * FROM inv
       QUALIFY row_number() OVER (PARTITION BY doc_id, entity, unit, _value
                                  ORDER BY _role, rid) = 1),
latest AS (SELECT entity, arg_max(rid, (_date, _year, _start, rid)) AS rep,
                  arg_max(value_usd, (_date, _year, _start, rid)) AS total_usd,
                  'latest_total' AS basis
           FROM dm WHERE role = 'total' GROUP BY entity),
rest AS (SELECT * FROM dm WHERE entity NOT IN (SELECT entity FROM latest)
         QUALIFY row_number() OVER (PARTITION BY entity, unit, _value ORDER BY rid) = 1),
sums AS (SELECT entity, arg_max(rid, (value_usd, -rid)) AS rep, sum(value_usd) AS total_usd,
                'sum' AS basis
         FROM rest GROUP BY entity)
SELECT o.entity, o.rep, o.total_usd, o.basis, m.figures
FROM (SELECT * FROM latest UNION ALL SELECT * FROM sums) o JOIN mentions m USING (entity)
"""


def organisation_totals(query: FigureQuery, filters: Filters) -> pd.DataFrame:
    """Per organisation among the rows passing `filters` (analysis.honest): ``rep`` (rid
    of its representative figure), ``total_usd`` (its latest reported total, else the sum
    of its distinct amounts), ``basis`` and ``figures`` (its mentions)."""
    return _run(query, filters, ORGANISATIONS)


def aggregate_statistics(query: FigureQuery, filters: Filters, limit: int = 200
                         ) -> tuple[int, pd.DataFrame]:
    """(number of, the `limit` largest) investments without an organisation, one per
    distinct amount of a document (analysis.honest.aggregate_statistics)."""
    found = _run(query, filters, f"""
        WITH a AS (SELECT rid, value_usd FROM shown
                   WHERE {{where}} AND kind = 'investment' AND value_usd IS NOT NULL
                       AND entity IS NULL
                   QUALIFY row_number() OVER (PARTITION BY doc_id, unit, round(value_usd, 2)
                                              ORDER BY rid) = 1)
        SELECT rid, value_usd, count(*) OVER () AS n FROM a
        ORDER BY value_usd DESC, rid LIMIT {int(limit)}""")
    total = int(found["n"].iloc[0]) if len(found) else 0
    return total, found.drop(columns="n")


# Grouping sets of `chart_groups`: name -> (keys, condition flag or None).
CHART_SETS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "sector": (("sector", "kind"), None),
    "country": (("country", "kind"), None),
    "targets": (("year", "sector"), "t"),
    "docs": (("doc_id",), None),
    "target_docs": (("doc_id",), "t"),
    "investment_docs": (("doc_id",), "i"),
}
SOURCE_TITLES = 3  # documents a source line names


def chart_groups(query: FigureQuery, filters: Filters) -> dict[str, pd.DataFrame]:
    """The count-based chart aggregates of the rows passing `filters` in one pass (one
    GROUPING SETS query): figures per (sector, kind) and (country, kind), dated targets per
    (year, sector), and for the source lines, per set of rows (every row, targets,
    investments) its figures, documents and the SOURCE_TITLES documents with most figures.
    Each group has ``figures`` and ``rep`` (rid of its first figure)."""
    sets = ", ".join("(" + ", ".join([*keys, *([flag] if flag else [])]) + ")"
                     for keys, flag in CHART_SETS.values())
    every = ["sector", "kind", "country", "year", "doc_id", "t", "i"]
    grouping = f"GROUPING({', '.join(every)})"
    found = _run(query, filters, f"""
        WITH v AS (SELECT rid, kind, year, doc_id,
                          coalesce(sector, '{MISSING}') AS sector,
                          coalesce(country, '{MISSING}') AS country,
                          (kind = 'target' AND year IS NOT NULL) AS t,
                          (kind = 'investment' AND value_usd IS NOT NULL) AS i
                   FROM shown WHERE {{where}}),
        g AS (SELECT {grouping} AS gid, {', '.join(every)}, count(*) AS figures,
                     min(rid) AS rep
              FROM v GROUP BY GROUPING SETS ({sets}))
        SELECT *, sum(figures) OVER w AS set_figures, count(*) OVER w AS set_groups
        FROM g WHERE (t IS NULL OR t) AND (i IS NULL OR i)
        WINDOW w AS (PARTITION BY gid, t, i)
        QUALIFY doc_id IS NULL OR row_number() OVER (PARTITION BY gid, t, i
                                                     ORDER BY figures DESC, rep) <= {SOURCE_TITLES}
        """)
    out: dict[str, pd.DataFrame] = {}
    for name, (keys, flag) in CHART_SETS.items():
        unused = [c for c in every if c not in keys and c != flag]
        mask = found[flag].notna() if flag else found[["t", "i"]].isna().all(axis=1)
        for column in unused:
            mask &= found[column].isna()
        for column in keys:
            mask &= found[column].notna()
        part = found[mask]
        out[name] = part[[*keys, "figures", "rep", "set_figures", "set_groups"]].reset_index(
            drop=True)
    return out
