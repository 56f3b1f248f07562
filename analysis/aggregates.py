"""Chart aggregates computed by DuckDB over a FigureQuery: one row per group with its
count (and USD sum) and the ``rid`` of its representative figure, so only the groups
and a few representative rows leave the database.

The groups and representatives are those of the pandas builders (dashboard.charts over
analysis.grouping and analysis.honest): the representative is the group's first figure
in store order; honest totals follow analysis.honest.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from analysis.filters import MISSING, Filters
from analysis.kept_organisations import kept_organisations
from analysis.query import FigureQuery


def _run(query: FigureQuery, filters: Filters, sql: str) -> pd.DataFrame:
    """`sql` (over investments with a USD value alone) with ``{where}`` replaced by the
    filters' condition and ``{shown}`` by the view to read, as a frame."""
    cursor = query.cursor()
    where, params = query.where(filters, cursor)
    shown = query.relation(filters, "shown", "investments")
    return cursor.execute(sql.format(where=where, shown=shown), params).df()


ORGANISATIONS = """
WITH inv AS MATERIALIZED (
    SELECT rid, entity, role, value_usd, coalesce(doc_published, '') AS _date,
           coalesce(year, 0) AS _year, coalesce(start, 0) AS _start
    FROM {shown} WHERE {where} AND kind = 'investment' AND value_usd IS NOT NULL
        AND entity IS NOT NULL),
mentions AS (SELECT entity, count(*) AS figures FROM inv GROUP BY entity),
latest AS (SELECT entity, arg_max(rid, (_date, _year, _start, rid)) AS rep,
                  arg_max(value_usd, (_date, _year, _start, rid)) AS total_usd,
                  'latest_total' AS basis
           FROM inv WHERE role = 'total' GROUP BY entity),
sums AS (SELECT entity, arg_max(rid, (value_usd, -rid)) AS rep,
                sum(DISTINCT round(value_usd, 2)) AS total_usd, 'sum' AS basis
         FROM inv WHERE entity NOT IN (SELECT entity FROM latest) GROUP BY entity)
SELECT CAST(o.entity AS VARCHAR) AS entity, o.rep, o.total_usd, o.basis, m.figures
FROM (SELECT * FROM latest UNION ALL SELECT * FROM sums) o JOIN mentions m USING (entity)
"""


def organisation_totals(query: FigureQuery, filters: Filters) -> pd.DataFrame:
    """Per organisation among the rows passing `filters` (analysis.honest): ``rep`` (rid
    of its representative figure), ``total_usd`` (its latest reported total, else the sum
    of its distinct amounts), ``basis`` and ``figures`` (its mentions). Group-bys only:
    an amount is distinct by its USD value to the cent (analysis.honest also tells
    amounts apart by unit), and repeats of a total within one document need no dedup,
    since they carry the same value. A kept search reads them from saved parts
    (analysis.kept_organisations)."""
    if query.searches.kept(filters):
        return kept_organisations(query, filters, ORGANISATIONS)
    return _run(query, filters, ORGANISATIONS)


def aggregate_statistics(query: FigureQuery, filters: Filters, limit: int = 200
                         ) -> tuple[int, pd.DataFrame]:
    """(number of, the `limit` largest) investments without an organisation, one per
    distinct amount of a document (analysis.honest.aggregate_statistics)."""
    found = _run(query, filters, f"""
        WITH a AS (SELECT min(rid) AS rid, arg_min(value_usd, rid) AS value_usd FROM {{shown}}
                   WHERE {{where}} AND kind = 'investment' AND value_usd IS NOT NULL
                       AND entity IS NULL
                   GROUP BY doc_id, unit, round(value_usd, 2))
        SELECT rid, value_usd, count(*) OVER () AS n FROM a
        ORDER BY value_usd DESC, rid LIMIT {int(limit)}""")
    total = int(found["n"].iloc[0]) if len(found) else 0
    return total, found.drop(columns="n")


SOURCE_TITLES = 3  # documents a source line names
_TARGET = "kind = 'target' AND year IS NOT NULL"
# GROUPING(sector, kind, country, year) of each grouping set of `chart_groups`
_SECTOR_KIND, _COUNTRY_KIND, _YEAR_SECTOR_KIND = 0b0011, 0b1001, 0b0010
_INVESTMENT = "kind = 'investment' AND value_usd IS NOT NULL"


def _rollup(fine: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Counts of `fine` summed per `keys` (empty keys as MISSING), with the first rep."""
    if fine.empty:
        return pd.DataFrame(columns=[*keys, "figures", "rep"])
    frame = fine.assign(**{k: fine[k].where(fine[k].notna(), MISSING) for k in keys
                           if k != "year"})
    out = frame.groupby(keys, sort=False).agg(figures=("figures", "sum"),
                                              rep=("rep", "min")).reset_index()
    return out.astype({"rep": "int64"})


def _documents_per_set(query: FigureQuery, filters: Filters, pool: ThreadPoolExecutor
                       ) -> dict[str, pd.DataFrame]:
    """The SOURCE_TITLES documents with most figures, with the set's totals
    (FigureQuery.ranked), of every row ("all"), of the dated targets ("t") and of the
    investments with a USD value ("i") passing `filters` (queried on `pool`)."""
    jobs = {"all": pool.submit(query.ranked, filters, "doc_id", SOURCE_TITLES, doc_cube="")}
    for name, subset, condition, kind, cube in (
            ("t", "targets", _TARGET, "target", "kind = 'target' AND dated"),
            ("i", "investments", _INVESTMENT, "investment", "kind = 'investment' AND usd")):
        if not filters.kinds or kind in filters.kinds:
            jobs[name] = pool.submit(query.ranked, filters, "doc_id", SOURCE_TITLES,
                                     subset=subset, condition=condition, doc_cube=cube)
    docs = {name: job.result() for name, job in jobs.items()}
    for name in ("t", "i"):
        docs.setdefault(name, docs["all"].iloc[:0])
    return docs


def chart_groups(query: FigureQuery, filters: Filters) -> dict[str, pd.DataFrame]:
    """The count-based chart aggregates of the rows passing `filters`: figures per (sector,
    kind) and (country, kind) and dated targets per (year, sector), from one grouped scan
    (FigureQuery.additive; the cube when the filters allow), and for the source lines,
    per set of rows (every row, dated targets, investments with a USD value; the last two
    read the summary's tables of them) its figures, documents (``set_figures``,
    ``set_groups``) and the SOURCE_TITLES documents with most figures
    (`_documents_per_set`). Each group has ``figures`` and ``rep`` (rid of its first
    figure)."""
    keys = ["g", "sector", "kind", "country", "year"]
    query.relation(filters, "shown")  # a new text search resolved once, before the threads
    with ThreadPoolExecutor(max_workers=4) as pool:  # DuckDB runs them side by side
        grouped = pool.submit(
            query.additive, filters, "GROUPING(sector, kind, country, year) AS g, sector, "
            "kind, country, year, count(*) AS figures, min(rid) AS rep", keys,
            "GROUPING SETS ((sector, kind), (country, kind), (year, sector, kind))",
            cube="GROUPING(sector, kind, country, year) AS g, sector, kind, country, year, "
            "sum(n)::BIGINT AS figures, min(rep) AS rep")
        docs = _documents_per_set(query, filters, pool)
        sets = grouped.result()
    by_year = sets[(sets["g"] == _YEAR_SECTOR_KIND) & (sets["kind"] == "target")
                   & sets["year"].notna()]
    by_year = _rollup(by_year, ["year", "sector"])
    if len(by_year):
        by_year = by_year.astype({"year": "int64"}).sort_values(
            ["year", "figures"], ascending=[True, False], ignore_index=True)
    return {
        "sector": _rollup(sets[sets["g"] == _SECTOR_KIND], ["sector", "kind"]),
        "country": _rollup(sets[sets["g"] == _COUNTRY_KIND], ["country", "kind"]),
        "targets": by_year,
        "docs": docs["all"],
        "target_docs": docs["t"],
        "investment_docs": docs["i"],
    }
