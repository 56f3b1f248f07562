"""Page state in the URL as language-independent codes.

A widget bound to the URL (``bind="query-params"``) writes its option's *label* there,
so a translated label ("mục tiêu", "Cam kết") breaks a link once the language changes.
Widgets whose options are shown translated therefore hold codes ("target",
"commitments_tab"), are seeded from the URL once and write their codes back
(`seed_from_url`, `write_to_url`). Links made before, holding a label in any language,
still open the same view (`parse_codes`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboard.i18n import LANGUAGES

# How an option is shown: (code, language) -> label.
Label = Callable[[str, str], str]
URL = "query-params"  # `bind=URL`: a widget whose value the URL keeps as it is


def parse_codes(raw: Sequence[str], options: Sequence[str], label: Label) -> list[str]:
    """URL values as option codes, in order: a code as it is, a label of any language as its
    code; unknown values are dropped, repeated ones kept once."""
    known = {str(o): str(o) for o in options}
    for option in options:
        for lang in LANGUAGES:
            known.setdefault(label(option, lang), option)
    codes: list[str] = []
    for value in raw:
        code = known.get(value)
        if code is not None and code not in codes:
            codes.append(code)
    return codes


def url_values(value: str | Sequence[str] | None, default: str | Sequence[str] | None
               ) -> list[str]:
    """What the URL holds for a widget's value: its codes, none when it is the default."""
    as_list = lambda v: [] if v is None else [v] if isinstance(v, str) else list(v)  # noqa: E731
    values = as_list(value)
    return [] if values == as_list(default) else [str(v) for v in values]


def seed_from_url(key: str, options: Sequence[str], label: Label,
                  default: str | list[str] | None, multi: bool = False) -> None:
    """Give the widget `key` its value from the URL parameter of the same name (or its
    default) when the session has no value for it yet."""
    if key in st.session_state:
        return
    codes = parse_codes(st.query_params.get_all(key), options, label)
    st.session_state[key] = (codes if multi else codes[0]) if codes else default


def write_to_url(key: str, value: str | Sequence[str] | None,
                 default: str | Sequence[str] | None) -> None:
    """Put a widget's codes in the URL parameter `key` (removed at the default)."""
    wanted = url_values(value, default)
    if st.query_params.get_all(key) == wanted:
        return
    if wanted:
        st.query_params[key] = wanted
    elif key in st.query_params:
        del st.query_params[key]


def coded_tabs(key: str, codes: Sequence[str], label: Label, lang: str) -> list:
    """Tabs whose open tab is kept in the URL by code. The widget key names the language:
    its labels, hence its identity, change with it."""
    opened = parse_codes(st.query_params.get_all(key), codes, label)[:1] or [codes[0]]
    labels = [label(code, lang) for code in codes]
    tabs = st.tabs(labels, key=f"{key}_{lang}", default=label(opened[0], lang),
                   on_change="rerun")
    shown = st.session_state.get(f"{key}_{lang}")
    code = codes[labels.index(shown)] if shown in labels else opened[0]
    write_to_url(key, code, codes[0])
    return tabs


def keep_through_language_switch(keys: Sequence[str]) -> None:
    """Language callback: set each coded widget's value again, so the browser is sent its
    labels in the new language (it would otherwise send back the old language's labels,
    which no longer match an option)."""
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
