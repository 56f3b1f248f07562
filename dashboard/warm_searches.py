"""The commonest searches of an archive asked ahead, in the background: the words and
two-word phrases of more than NARROW_ROWS figures (store.search_index.common_texts).
Such a search is read through flags and kept (analysis.search_views): asking it once
saves its flags and its answers over the figures as extracted beside the dataset, so an
analyst's first search of "đầu tư" in a 10-million-figure archive reads them instead of
the index and the archive; only the reviewed figures among its hits are read anew.

What was asked is listed in WARMED beside the dataset: a restarted server resumes there,
and a second server process skips what the first one asked.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

from analysis import search_views
from analysis.filters import Filters
from analysis.query import FigureQuery
from dashboard.archive import chart_data
from store.files import written_whole
from store.search_index import SEARCH, common_texts

WARMED = "warmed-searches.json"
_CURRENT: dict[str, FigureQuery] = {}  # dataset folder -> the query object warming it
_LOCK = threading.Lock()


def _warmed(query: FigureQuery) -> dict[str, list[str]]:
    """The list beside the dataset: ``texts`` to ask, ``asked`` (empty when none)."""
    try:
        found = json.loads((query.path / WARMED).read_text("utf-8"))
        return {"texts": list(found["texts"]), "asked": list(found["asked"])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_warmed(query: FigureQuery, texts: list[str], asked: list[str]) -> None:
    """Write the list beside the dataset (whole or not at all)."""
    try:
        with written_whole(query.path / WARMED) as partial:
            partial.write_text(json.dumps({"texts": texts, "asked": asked},
                                          ensure_ascii=False), "utf-8")
    except OSError:
        pass


def warm_searches(query: FigureQuery, stop: Callable[[], bool] = lambda: False) -> int:
    """Ask each common search of the query's dataset not asked yet (its charts, as the
    archive page asks them), until `stop()` says so; returns how many were asked."""
    if query.first is None:  # no flags per place: searches are read another way
        return 0
    texts = _warmed(query).get("texts")
    if texts is None:
        texts = common_texts(query.path / SEARCH, search_views.NARROW_ROWS + 1)
        _write_warmed(query, texts, [])
    asked = 0
    for text in texts:
        if stop():
            break
        done = _warmed(query).get("asked", [])  # another process may have asked it
        if text in done:
            continue
        chart_data(query, Filters(search=text))
        query.searches.wait_for_saves()
        query.searches.forget(text)
        done = _warmed(query).get("asked", done)  # read again: another process may add
        _write_warmed(query, texts, [*done, text])
        asked += 1
    return asked


def start_warming(query: FigureQuery) -> threading.Thread | None:
    """Warm the searches of `query` on a thread of its own (for archives with more than
    NARROW_ROWS figures), which stops after the search it is on once a newer query
    object of the same dataset starts warming or the server's main thread ends."""
    if query.rows_in_facts <= search_views.NARROW_ROWS or query.first is None:
        return None
    key = str(query.path)
    with _LOCK:
        _CURRENT[key] = query

    def stop() -> bool:
        return _CURRENT.get(key) is not query or not threading.main_thread().is_alive()

    def run() -> None:
        try:
            warm_searches(query, stop)
        finally:
            with _LOCK:
                if _CURRENT.get(key) is query:
                    del _CURRENT[key]

    thread = threading.Thread(target=run, name="warm-searches")
    thread.start()
    return thread
