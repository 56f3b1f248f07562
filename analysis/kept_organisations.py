"""The organisations' totals of a kept search (analysis.search_views) from saved parts,
equal to analysis.aggregates.ORGANISATIONS over its shown rows, reviews applied.

ORGANISATIONS takes each organisation's latest total, else the sum of its distinct
amounts (to the cent) with its largest amount as representative: neither is a sum a
review can be subtracted from. So the search's figures as extracted are saved
(FigureQuery.base_answer) as parts that can be corrected: per organisation its figures,
total-role figures and the sum of its distinct amounts; per organisation and amount its
figures (read only for the amounts of reviewed figures: does an amount vanish or
appear?); and as *candidates* the CANDIDATES largest and the CANDIDATES latest-reported
total figures of each organisation. A query removes the reviewed figures as extracted
and adds them as shown: counts and distinct sums stay exact, and the best candidate left
is the best figure left unless every candidate of an organisation was reviewed; such
organisations are computed anew from the rows.
"""

from __future__ import annotations

import pandas as pd

from analysis.filters import Filters
from analysis.query import FigureQuery

CANDIDATES = 4  # largest figures and latest totals kept per organisation
INVESTED = ("kind = 'investment' AND value_usd IS NOT NULL AND entity IS NOT NULL")
_ROW = ("CAST(entity AS VARCHAR) AS entity, round(value_usd, 2) AS cents, value_usd, rid, "
        "coalesce(role = 'total', FALSE) AS total, coalesce(doc_published, '') AS _date, "
        "coalesce(year, 0) AS _year, coalesce(start, 0) AS _start")
AMOUNTS = ("SELECT entity, round(value_usd, 2) AS cents, "  # entity a categorical (an
           "count(*) AS n, count(*) FILTER (WHERE role = 'total') AS totals "
           "FROM {rows} WHERE " + INVESTED + " GROUP BY ALL")  # ENUM): read back fast
ENTITIES = ("SELECT CAST(entity AS VARCHAR) AS entity, sum(n) AS n, sum(totals) AS totals, "
            "sum(cents) AS cents FROM ({amounts}) GROUP BY entity")
_LATEST = "_date DESC, _year DESC, _start DESC, rid DESC"
CHOSEN = (f"WITH inv AS (SELECT {_ROW} FROM {{rows}} WHERE {INVESTED}) "
          "SELECT *, 'amount' AS why FROM inv QUALIFY row_number() OVER (PARTITION BY "
          "entity ORDER BY value_usd DESC, rid) <= {k} "
          "UNION ALL SELECT *, 'latest' AS why FROM inv WHERE total QUALIFY row_number() "
          f"OVER (PARTITION BY entity ORDER BY {_LATEST}) <= {{k}}")
COMBINED = f"""
WITH x AS (SELECT {_ROW} FROM {{reviewed}} WHERE {INVESTED}),
y AS (SELECT {_ROW} FROM {{shown}} WHERE {INVESTED}),
moved AS (SELECT entity, cents, sum(n) AS n, sum(totals) AS totals FROM (
        SELECT entity, cents, -1 AS n, -total::INTEGER AS totals FROM x
        UNION ALL SELECT entity, cents, 1, total::INTEGER FROM y) GROUP BY ALL),
touched AS (SELECT m.*, coalesce(k.n, 0) AS before FROM moved m
            LEFT JOIN kept_amounts k ON k.cents = m.cents
                AND CAST(k.entity AS VARCHAR) = m.entity),
deltas AS (SELECT entity, sum(n) AS n, sum(totals) AS totals,
                  sum(CASE WHEN before > 0 AND before + n <= 0 THEN -cents
                           WHEN before <= 0 AND before + n > 0 THEN cents ELSE 0 END) AS cents
           FROM touched GROUP BY entity),
removed AS (SELECT entity, count(*) AS n, count(*) FILTER (WHERE total) AS totals
            FROM x GROUP BY entity),
per AS (SELECT entity, (coalesce(e.n, 0) + coalesce(d.n, 0))::BIGINT AS figures,
               coalesce(e.totals, 0) + coalesce(d.totals, 0) > 0 AS has_total,
               coalesce(e.cents, 0) + coalesce(d.cents, 0) AS cents
        FROM kept_entities e FULL JOIN deltas d USING (entity)),
chosen AS (SELECT * FROM kept_chosen WHERE rid NOT IN (SELECT rid FROM x)),
cands AS (SELECT * FROM chosen UNION ALL SELECT *, 'amount' FROM y
          UNION ALL SELECT *, 'latest' FROM y WHERE total),
latest AS (SELECT entity, arg_max(rid, (_date, _year, _start, rid)) AS rep,
                  arg_max(value_usd, (_date, _year, _start, rid)) AS total_usd,
                  'latest_total' AS basis
           FROM cands WHERE why = 'latest'
               AND entity IN (SELECT entity FROM per WHERE has_total) GROUP BY entity),
sums AS (SELECT c.entity, arg_max(c.rid, (c.value_usd, -c.rid)) AS rep,
                any_value(p.cents) AS total_usd, 'sum' AS basis
         FROM cands c JOIN per p ON p.entity = c.entity AND NOT p.has_total
         WHERE c.why = 'amount' GROUP BY c.entity),
lost AS (SELECT entity FROM kept_entities e LEFT JOIN removed r USING (entity)
         WHERE (e.n - coalesce(r.n, 0) > 0 AND entity NOT IN (
                    SELECT entity FROM chosen WHERE why = 'amount'))
            OR (e.totals - coalesce(r.totals, 0) > 0 AND entity NOT IN (
                    SELECT entity FROM chosen WHERE why = 'latest')))
SELECT entity, o.rep, o.total_usd, o.basis, p.figures, FALSE AS lost
FROM (SELECT * FROM latest UNION ALL SELECT * FROM sums) o JOIN per p USING (entity)
WHERE entity NOT IN (SELECT entity FROM lost)
UNION ALL SELECT entity, NULL, NULL, NULL, NULL, TRUE FROM lost
"""


def kept_organisations(query: FigureQuery, filters: Filters, live: str) -> pd.DataFrame:
    """ORGANISATIONS of the kept search `filters` from its saved parts and the review
    overlay; organisations whose best figures were all reviewed are computed anew by
    `live` (ORGANISATIONS, with ``{where}`` and ``{shown}`` to fill)."""
    extracted = query.relation(filters, "base_rows", "investments")
    cursor = query.cursor()
    amounts = AMOUNTS.format(rows=extracted)
    for name, sql in (("kept_amounts", amounts), ("kept_entities", ENTITIES.format(
            amounts=amounts)), ("kept_chosen", CHOSEN.format(rows=extracted, k=CANDIDATES))):
        cursor.register(name, query.base_answer(filters, sql))
    reviewed, shown = (query.relation(filters, name) for name in ("reviewed_base",
                                                                  "overlay_shown"))
    if not len(query.overlay):  # no overlay views: nothing reviewed
        reviewed = shown = f"(SELECT * FROM {extracted} WHERE FALSE)"
    found = cursor.execute(COMBINED.format(reviewed=reviewed, shown=shown)).df()
    lost = found.loc[found["lost"], "entity"].tolist()
    found = found[~found.pop("lost")].astype({"rep": "int64", "figures": "int64"})
    if not lost:
        return found.reset_index(drop=True)
    names = ", ".join("'" + name.replace("'", "''") + "'" for name in lost)
    where, params = query.where(filters, cursor)
    fresh = cursor.execute(live.format(
        where=f"{where} AND CAST(entity AS VARCHAR) IN ({names})",
        shown=query.relation(filters, "shown", "investments")), params).df()
    return pd.concat([found, fresh], ignore_index=True)
