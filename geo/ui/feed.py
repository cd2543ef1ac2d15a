"""The event feed beside the map: the filtered events newest first, one line each (date, type in
its colour, place, what happened, source); picking one centres the map on it and opens it.
The picked event is kept in the URL (?event=ID), so a link opens the same event."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.events.typestyles import style_of
from geo.store import StoredEvent

FEED_MAX = 300          # lines sent to the browser; the table below and the downloads hold all
FEED_COLUMNS = ["date", "event", "what", "source"]
EVENT_PARAM = "event"


def feed_rows(events: list[StoredEvent]) -> pd.DataFrame:
    """One line per event, in the order given: the type with its colour's dot and the place
    with its region, the evidence on one line, the article's title as the source."""
    rows = [{"date": e.date or "undated",
             "event": f"● {e.type} — " + (", ".join(x for x in (e.place, e.admin1) if x) or "not placed"),
             "what": " ".join((e.sentence or e.subtype or "").split())[:160],
             "source": (e.title or (f"article #{e.article_id}" if e.article_id else e.origin))
             + (f" (+{e.sources - 1} more)" if (e.sources or 1) > 1 else "")}
            for e in events]
    return pd.DataFrame(rows, columns=FEED_COLUMNS)


def _coloured(frame: pd.DataFrame, events: list[StoredEvent]):
    colours = [style_of(e.type).hex for e in events]
    return frame.style.apply(lambda col: [f"color: {c}; font-weight: 600" for c in colours],
                             subset=["event"])


def feed(shown: list[StoredEvent], key: str, height: int) -> StoredEvent | None:
    """Draw the feed of `shown` (newest first, as the store reads them); returns the event
    picked in it, or the one the URL names when nothing is picked."""
    listed = shown[:FEED_MAX]   # row i is shown[i]: a pick finds its event
    st.dataframe(_coloured(feed_rows(listed), listed), hide_index=True, width="stretch", height=height,
                 key=key, on_select="rerun", selection_mode="single-row",
                 column_config={"date": st.column_config.TextColumn(width=78),
                                "event": st.column_config.TextColumn(width=230),
                                "what": st.column_config.TextColumn(width="large")})
    if len(listed) < len(shown):
        st.caption(f"The newest {len(listed):,} of {len(shown):,}: narrow the filters for others.")
    picked = picked_event(listed, st.session_state.get(key))
    if picked is not None:
        st.session_state["feed_picked"] = key
        if st.query_params.get(EVENT_PARAM) != str(picked.id):
            st.query_params[EVENT_PARAM] = str(picked.id)
        return picked
    if st.session_state.get("feed_picked") == key:   # this feed's pick was cleared
        del st.session_state["feed_picked"]
        st.query_params.pop(EVENT_PARAM, None)
        return None
    return url_event(shown)     # a link, or a pick made before the filters changed


def picked_event(listed: list[StoredEvent], state) -> StoredEvent | None:
    """The event of the feed line picked (the feed lists `listed` in order), if any. `state`
    is the feed's selection state: {"selection": {"rows": [...], ...}}, or None."""
    try:
        rows = list(state["selection"]["rows"])
    except (TypeError, KeyError):
        return None
    return listed[rows[0]] if rows and rows[0] < len(listed) else None


def url_event(shown: list[StoredEvent]) -> StoredEvent | None:
    """The event the URL names (?event=ID), when the filters show it."""
    asked = st.query_params.get(EVENT_PARAM, "")
    if not asked.isdigit():
        return None
    return next((e for e in shown if e.id == int(asked)), None)
