"""The provenance panel's head on the page: the figure id kept in the URL, and the
selected figure's sentence, document and source (shared by the loaded and the archive
page, which then add the review form)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.i18n import tr
from dashboard.provenance import provenance_html
from dashboard.review_ui import show_review_message
from dashboard.urlstate import URL


def selected_figure(find: Callable[[str], dict[str, Any] | None], lang: str
                    ) -> tuple[str, dict[str, Any]] | None:
    """Show the figure the URL's `fig` names (found by `find`) and return (its id, its
    row); None, with a hint or a warning shown, when none is selected or found."""
    st.subheader(tr("provenance", lang))
    figure_id = st.text_input(tr("figure_id", lang), key="fig", bind=URL)
    if not figure_id:
        st.caption(tr("select_hint", lang))
        show_review_message()
        return None
    row = find(figure_id.strip())
    if row is None:
        st.warning(tr("unknown_figure", lang))
        show_review_message()
        return None
    st.html(provenance_html(row, lang))
    return figure_id, row
