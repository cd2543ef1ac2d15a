"""The filtered events: the map first with the event feed beside it, then the timeline, the
table and the downloads.

The map keeps the reader's view: its base never changes, the events travel as a separate layer,
and the view moves only on the first load (to the view the URL holds, if any), on "Fit map to
events", to an event picked in the feed (or named by the URL), or to a place chosen in the
article view. The map keeps its centre and zoom in the URL itself (eventmap.ViewInUrl).
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.maps import eventstats, views
from geo.maps.eventmap import event_base_map, event_layer
from geo.store import StoredEvent, export
from geo.ui.common import LISTED_EVENTS_MAX, scroll_to, settings
from geo.ui.feed import feed
from geo.ui.timeline import timeline

TABLE_COLUMNS = ["date", "type", "subtype", "place", "admin1", "country", "geo_precision",
                 "fatalities", "score", "sources", "title", "sentence"]
SELECTED_ZOOM = 9
EVENTS_MAP_HEIGHT = 700   # px: the map is most of a 900 px high screen (issue 20's bar: 55%)
TABLE_HEIGHT = 300
MAP_ANCHOR = "events-map"
MAP_WIDTH_GUESS = 480   # px: the map column's width is unknown on the server; a narrow guess
                        # fits a little loose rather than cutting events off
# streamlit-folium moves the map only when `center` or `zoom` differ from the last ones sent;
# a tiny per-request offset makes "fit again" move it after the reader panned (Leaflet snaps
# the zoom back to a whole level)
_NUDGE_DEG, _NUDGE_ZOOM = 1e-7, 1e-4


def events_view(shown: list[StoredEvent], total: int, f: views.Filters, assets, *,
                any_day: list[StoredEvent] | None = None) -> StoredEvent | None:
    """Draw the view: the map first, the feed beside it, then the timeline, the table and the
    downloads. Returns the event picked in the feed (or named by the URL), if any. `any_day`:
    the events the filters other than the days leave (the timeline spans them); `shown` when None."""
    # the last quarter stays empty: it is above the feed, whose toolbar (shown on hover) covers it
    head, deaths, fit, _ = st.columns([1.3, 1, 0.7, 1], vertical_alignment="bottom", gap="small")
    head.subheader(f"{len(shown)} of {total} events", anchor=MAP_ANCHOR)
    deaths.markdown(f"**{eventstats.fatalities_total(shown):,} deaths** reported",
                    help="Each toll once, however many events or articles report it (at its highest "
                         "figure); events that state no toll add nothing.")
    fit.button("Fit map to events", key="fit_map", width="stretch",
               on_click=lambda: st.session_state.update(fit_asked=True))
    map_col, feed_col = st.columns([3, 1], gap="small")
    # other events listed, another feed: a picked line never points at a different event
    feed_key = "events_feed_" + hashlib.sha1(repr(replace(f, heat=False)).encode()).hexdigest()[:10]
    with feed_col:
        selected = feed(shown, feed_key, EVENTS_MAP_HEIGHT)
    with map_col:
        centre, zoom = _map_view(shown, selected)
        if assets is not False:
            st_folium(event_base_map(offline_prefix=assets, online_tiles=settings().network),
                      key="events_map", height=EVENTS_MAP_HEIGHT, use_container_width=True,
                      returned_objects=[], center=centre, zoom=zoom,
                      feature_group_to_add=event_layer(shown, heat=f.heat, selected=selected))
    timeline(shown if any_day is None else any_day, f.day_from, f.day_to)
    listed = shown[:LISTED_EVENTS_MAX]
    st.caption("Every field of the events shown." if len(listed) == len(shown) else
               f"The first {len(listed):,} of {len(shown):,} events, every field (narrow the "
               "filters to list others; the downloads hold all).")
    st.dataframe(pd.DataFrame([e.to_dict() for e in listed], columns=TABLE_COLUMNS),
                 hide_index=True, width="stretch", height=TABLE_HEIGHT, key="events_table")
    for col, fmt in zip(st.columns(3), export.FORMATS, strict=True):  # made on click, from this run's view
        col.download_button(f"Download {fmt.upper()}", functools.partial(export.render, shown, fmt),
                            file_name=f"newsmap-events.{fmt}", key=f"dl_{fmt}")
    return selected


def _map_view(shown: list[StoredEvent], selected: StoredEvent | None) -> tuple[tuple[float, float], float]:
    """The centre and zoom to send to the map: unchanged unless there is a reason to move."""
    view = st.session_state.get("map_view")
    nonce = st.session_state.get("map_nonce", 0)
    picked = selected.id if selected and selected.lat is not None else None
    if view is None:        # a link's own view (?lat=&lon=&zoom=) wins over fitting or its event
        view = views.view_from_params({k: st.query_params.get(k) for k in views.VIEW_PARAMS})
        if view is not None:
            st.session_state["map_picked"] = picked
    goto = st.session_state.pop("map_goto", None)  # "Show on the map" in the article view
    if goto is not None:
        view = (tuple(goto), SELECTED_ZOOM)
        nonce += 1
        scroll_to(MAP_ANCHOR)  # the map is far above the article view's button
    elif st.session_state.pop("fit_asked", False) or (view is None and picked is None):
        view = views.fit_view([(e.lat, e.lon) for e in shown if e.lat is not None and e.lon is not None],
                              width_px=MAP_WIDTH_GUESS, height_px=EVENTS_MAP_HEIGHT)
        nonce += 1
    elif selected is not None and picked is not None and (view is None or picked != st.session_state.get("map_picked")):
        # picked in the feed, or named by the URL on the first load: centred on it
        view = ((selected.lat, selected.lon), SELECTED_ZOOM)
        nonce += 1
    view = view or views.WORLD_VIEW   # (every branch above sets one; said for the type checker)
    st.session_state.update(map_view=view, map_nonce=nonce, map_picked=picked)
    (lat, lon), zoom = view
    return (lat + nonce * _NUDGE_DEG, lon), zoom + nonce * _NUDGE_ZOOM
