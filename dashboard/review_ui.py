"""The review widgets of the page: the accept / reject / correct form of the selected
figure, its audit trail, and the Review tab (reviewed figures, orphaned reviews).

Layout and callbacks only; validation, storage and applying reviews live in
store.review and store.db. Every write names its reviewer (typed once
per browser session in the sidebar, ``st.session_state["reviewer"]``); a store
that stays locked shows a "try again" message instead of an error.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pandas as pd
import streamlit as st

from analysis.filters import Filters, apply_filters
from dashboard.data import Dataset
from dashboard.exports import MIME, export_name, table_csv
from dashboard.formatting import format_year
from dashboard.i18n import tr, tr_n, tr_value
from dashboard.provenance import find_figure
from dashboard.safe import md_escape
from dashboard.views import (
    corrected_list,
    field_values,
    log_frame,
    orphan_frame,
    review_frame,
    short_time,
)
from extractors import KINDS
from store.db import Store, is_lock_error
from store.review import (
    CORRECTABLE,
    STATUSES,
    ReviewError,
    changed_fields,
    known_units,
    number_text,
    parse_year,
    read_number,
)

TEXT_FIELDS: tuple[str, ...] = ("country", "sector", "entity", "measure")


REVIEW_MESSAGE = "review_message"  # outcome shown in the review form of a figure
ORPHAN_MESSAGE = "orphan_message"  # outcome shown under the orphaned reviews


def show_review_message(key: str = REVIEW_MESSAGE) -> None:
    """The outcome of the last review action of one area (once)."""
    message = st.session_state.pop(key, None)
    if message:
        kind, text = message
        getattr(st, kind)(text)  # st.success, st.info or st.error


def _say(kind: str, text: str, key: str = REVIEW_MESSAGE) -> None:
    """Leave an outcome ("success", "info" or "error") for the next run of an area."""
    st.session_state[key] = (kind, text)


def _reviewer(lang: str, key: str = REVIEW_MESSAGE) -> str:
    """The reviewer's name from the sidebar; "" (and an error message) when not typed."""
    reviewer = str(st.session_state.get("reviewer") or "").strip()
    if not reviewer:
        _say("error", tr("need_name", lang), key)
    return reviewer


def _cleared(store: Store, content_hash: str, start: int, end: int, reviewer: str, lang: str,
             key: str = REVIEW_MESSAGE) -> bool:
    """Remove a review and say how it went: removed, not there (someone else removed it)
    or the store is busy. True when removed."""
    try:
        removed = store.clear_review(content_hash, start, end, reviewer)
    except sqlite3.OperationalError as exc:
        if not is_lock_error(exc):
            raise
        _say("error", tr("review_failed", lang, reason=tr("store_busy", lang)), key)
        return False
    _say("success" if removed else "info",
         tr("review_cleared" if removed else "no_review_to_clear", lang), key)
    return removed


def _plain(value: object) -> str:
    """A cell as the text a form field starts with ("" when missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def _form_key(figure_id: str, field: str) -> str:
    """The session key of one review-form field of one figure."""
    return f"rv_{field}_{figure_id}"


def form_values(row: dict) -> dict[str, str]:
    """What the review form of a figure holds before the analyst types: its current decision
    ("accepted" when not reviewed), its values as shown and its review comment."""
    status = str(row.get("review_status") or "")
    kind = _plain(row.get("kind"))
    values = {
        "action": status if status in STATUSES else STATUSES[0],
        "value": _plain(row.get("value")),
        "value_high": _plain(row.get("value_high")),
        "unit": _plain(row.get("unit")),
        "year": format_year(row.get("year")),
        "kind": kind if kind in KINDS else KINDS[0],
    }
    values |= {field: _plain(row.get(field)) for field in TEXT_FIELDS}
    return values | {"comment": _plain(row.get("review_comment"))}


def _load_form(figure_id: str, row: dict) -> None:
    """Put the figure's current values into its review form when the figure or its review
    changed since the form was last filled (a save, an undo, another session's review), or
    when the form was not shown. Values set through the session state also reach the
    browser, so nothing typed before (a comment, a corrected year) lingers there."""
    values = form_values(row)
    stamp = (tuple(values.items()), str(row.get("reviewed_at")))
    loaded = f"rv_loaded_{figure_id}"
    keys = [_form_key(figure_id, field) for field in values]
    if st.session_state.get(loaded) == stamp and all(k in st.session_state for k in keys):
        return
    for key, value in zip(keys, values.values(), strict=True):
        st.session_state[key] = value
    st.session_state[loaded] = stamp


def _entered(figure_id: str, shown: dict) -> dict[str, object]:
    """The correction fields as typed in the review form, parsed; a number left as the
    form pre-filled it from `shown` (the figure as displayed) keeps its exact value."""
    get = lambda field: st.session_state.get(_form_key(figure_id, field), "")  # noqa: E731
    entered: dict[str, object] = {
        "value": read_number(get("value"), shown.get("value")),
        "value_high": read_number(get("value_high"), shown.get("value_high")),
        "year": parse_year(get("year")),
        "unit": get("unit"),
        "kind": get("kind"),
    }
    entered |= {field: str(get(field) or "").strip() or None for field in TEXT_FIELDS}
    return entered


def on_save_review(store: Store, data: Dataset, figure_id: str, lang: str) -> None:
    """Form callback: store the accept / reject / correct decision on a figure."""
    reviewer = _reviewer(lang)
    if not reviewer:
        return
    extracted = find_figure(data.extracted if data.extracted is not None else data.figures,
                            figure_id)
    if extracted is None:
        _say("info", tr("figure_gone", lang))
        return
    shown = find_figure(data.figures, figure_id) or extracted
    status = st.session_state.get(_form_key(figure_id, "action"), "accepted")
    comment = str(st.session_state.get(_form_key(figure_id, "comment")) or "")
    try:
        corrections = changed_fields(extracted, _entered(figure_id, shown)) \
            if status == "corrected" else {}
        store.save_review(data.doc_hashes[str(extracted["doc_id"])], int(extracted["start"]),
                          int(extracted["end"]), status, reviewer, corrections, comment,
                          figure={k: extracted.get(k) for k in ("figure_id", "quote", "doc_id",
                                                                 *CORRECTABLE)})
    except ReviewError as exc:
        reason = tr(exc.key, lang, **exc.values) if exc.key else str(exc)
        _say("error", tr("review_failed", lang, reason=md_escape(reason)))
        return
    except sqlite3.OperationalError as exc:
        if not is_lock_error(exc):
            raise
        _say("error", tr("review_failed", lang, reason=tr("store_busy", lang)))
        return
    _say("success", tr("review_saved", lang, status=tr_value(status, lang)))


def on_clear_review(store: Store, data: Dataset, figure_id: str, lang: str) -> None:
    """Button callback: remove a figure's review (logged)."""
    reviewer = _reviewer(lang)
    if not reviewer:
        return
    row = find_figure(data.figures, figure_id)
    if row is None:
        _say("info", tr("figure_gone", lang))
        return
    _cleared(store, data.doc_hashes[str(row["doc_id"])], int(row["start"]), int(row["end"]),
             reviewer, lang)


def review_status_line(data: Dataset, row: dict, lang: str) -> str:
    """"Corrected by An, 2026-11-23 10:00 — comment" plus the extracted values of the
    corrected fields; "Not reviewed yet." without a review. Markdown: the reviewer's
    name, comment and values are escaped."""
    status = str(row.get("review_status") or "unreviewed")
    if status == "unreviewed":
        return tr("not_reviewed", lang)
    line = tr("review_line", lang, status=tr_value(status, lang).capitalize(),
              reviewer=md_escape(row.get("reviewer") or ""),
              at=short_time(row.get("reviewed_at")))
    if isinstance(row.get("review_comment"), str) and row["review_comment"]:
        line += f" — “{md_escape(row['review_comment'])}”"
    fields = corrected_list(row.get("corrected_fields"))
    if fields and data.extracted is not None:
        extracted = dict(find_figure(data.extracted, str(row["figure_id"])) or {})
        for name in TEXT_FIELDS:  # text from the article: shown as it is, never as markup
            if isinstance(extracted.get(name), str):
                extracted[name] = md_escape(extracted[name])
        line += "  \n" + tr("extracted_line", lang, fields=field_values(extracted, fields, lang))
    return line


def review_panel(store: Store, data: Dataset, row: dict, lang: str) -> None:
    """Accept, reject or correct the selected figure; its review and audit trail."""
    figure_id = str(row["figure_id"])
    key = lambda field: _form_key(figure_id, field)  # noqa: E731
    st.markdown(f"**{tr('review_section', lang)}** · {review_status_line(data, row, lang)}")
    show_review_message()
    status = str(row.get("review_status") or "unreviewed")
    _load_form(figure_id, row)
    with st.form("review_form"):
        st.radio(tr("review_action", lang), list(STATUSES), horizontal=True, key=key("action"),
                 format_func=lambda s: tr({"accepted": "accept", "rejected": "reject",
                                           "corrected": "correct"}[s], lang))
        st.caption(tr("corrections", lang))
        first, second, third = st.columns(3)
        first.text_input(tr("value", lang), key=key("value"))
        second.text_input(tr("value_high", lang), key=key("value_high"))
        units = sorted(known_units(), key=lambda u: (len(u) > 1 and u not in ("count", "rank"),
                                                     u))
        unit = st.session_state[key("unit")]
        third.selectbox(tr("unit", lang), units if unit in units else [unit, *units],
                        key=key("unit"))
        first.text_input(tr("year", lang), key=key("year"))
        second.selectbox(tr("kind", lang), KINDS, key=key("kind"),
                         format_func=lambda k: tr_value(k, lang))
        for column, field in zip((third, first, second, third), TEXT_FIELDS, strict=True):
            column.text_input(tr(field, lang), key=key(field))
        st.text_input(tr("comment", lang), key=key("comment"))
        st.form_submit_button(tr("save_review", lang), key="review_save", type="primary",
                              on_click=on_save_review, args=(store, data, figure_id, lang))
    if status != "unreviewed":
        st.button(tr("clear_review", lang), key="review_clear", on_click=on_clear_review,
                  args=(store, data, figure_id, lang))
    content_hash = (data.doc_hashes or {}).get(str(row["doc_id"]))
    with st.expander(tr("history", lang)):
        if content_hash:
            log = store.review_log(content_hash, int(row["start"]), int(row["end"]))
            st.dataframe(log_frame(log, lang), hide_index=True)


def open_figure(figure_id: str) -> None:
    """Open a figure in the provenance section (from a row of another table)."""
    st.session_state["fig"] = figure_id
    st.session_state.pop("group", None)


def on_pick(table_key: str, ids_key: str) -> None:
    """A row of a figure list was selected: open its provenance and review."""
    rows = st.session_state[table_key].selection.rows
    ids = st.session_state.get(ids_key, [])
    if rows and rows[0] < len(ids):
        open_figure(ids[rows[0]])


STATUS_COUNTS: tuple[str, ...] = ("accepted", "corrected", "rejected", "unreviewed")


def review_section(store: Store, data: Dataset, filters: Filters, lang: str) -> None:
    """Reviewed figures of the filters (rejected ones included), orphaned reviews, the
    audit trail as CSV."""
    scope = apply_filters(data.figures, filters)
    counts = scope["review_status"].value_counts()
    reviewed = scope[(scope["review_status"] != "unreviewed").to_numpy(dtype=bool)]
    review_list(store, data, reviewed, {s: int(counts.get(s, 0)) for s in STATUS_COUNTS},
                lang)


def review_list(store: Store, data: Dataset, reviewed: pd.DataFrame, counts: dict[str, int],
                lang: str) -> None:
    """The Review tab's contents: figures per review status (`counts`), the `reviewed`
    figures (a selected one opens its provenance), orphaned reviews (`data.orphans`), the
    audit trail as CSV."""
    st.caption(tr("review_counts", lang, **{s: f"{counts.get(s, 0):,}" for s in
                                            STATUS_COUNTS}))
    if reviewed.empty:
        st.info(tr("no_reviews", lang))
    else:
        st.caption(tr("review_select_hint", lang))
        frame = review_frame(reviewed, lang)
        if len(frame) < len(reviewed):
            st.caption(tr("first_rows", lang, n=f"{len(frame):,}", total=f"{len(reviewed):,}"))
        st.session_state["review_ids"] = frame[tr("figure_id", lang)].tolist()
        st.dataframe(frame, key="reviews_table", hide_index=True, selection_mode="single-row",
                     on_select=lambda: on_pick("reviews_table", "review_ids"))
    orphans_block(store, data, lang)
    stamp = date.today().strftime("%Y%m%d")
    st.download_button(tr("audit_csv", lang), key="dl_audit", mime=MIME["csv"],
                       on_click="ignore", data=lambda: table_csv(store.review_log()),
                       file_name=export_name("csv", stamp, "review-log"))


def on_discard_orphan(store: Store, data: Dataset, lang: str) -> None:
    """Button callback: discard the chosen orphaned review (logged)."""
    reviewer = _reviewer(lang, ORPHAN_MESSAGE)
    if not reviewer:
        return
    choice = st.session_state.get("orphan_pick")
    if choice is None or data.orphans is None or choice >= len(data.orphans):
        _say("info", tr("no_review_to_clear", lang), ORPHAN_MESSAGE)
        return
    orphan = data.orphans.iloc[int(choice)]
    _cleared(store, orphan["content_hash"], int(orphan["start"]), int(orphan["end"]), reviewer,
             lang, ORPHAN_MESSAGE)


def orphans_block(store: Store, data: Dataset, lang: str) -> None:
    """Reviews whose figure a re-extraction no longer finds: flagged, with their sentence."""
    show_review_message(ORPHAN_MESSAGE)  # also after the last orphan was discarded
    orphans = data.orphans
    if orphans is None or orphans.empty:
        return
    st.warning(tr_n("orphans", len(orphans), lang))
    st.caption(tr("orphans_help", lang))
    st.dataframe(orphan_frame(orphans, lang), hide_index=True, key="orphans_table")
    pick, button = st.columns([3, 1], vertical_alignment="bottom")
    pick.selectbox(tr("orphan_pick", lang), list(range(len(orphans))), key="orphan_pick",
                   format_func=lambda i: f"“{orphans['quote'].iloc[i]}” · "
                   f"{orphans['doc_title'].iloc[i]}"[:120])
    button.button(tr("discard_orphan", lang), key="orphan_discard", on_click=on_discard_orphan,
                  args=(store, data, lang))
