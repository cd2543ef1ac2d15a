"""Corrections of the machine's output: another type, another place (a runner-up candidate or
a gazetteer search), or delete a false event. Stored apart, they win over machine output and
survive reprocessing; the list shows when each was made."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from streamlit_folium import st_folium

from geo import taxonomy, views
from geo.mapview import point_picker_map
from geo.store import Store
from geo.ui.common import load_gazetteer, map_assets, settings

LISTED = 20
CLICK_MAP_HEIGHT = 300
CLICK_MAP_ZOOM = 8


@st.cache_resource(show_spinner=False)
def _entry_index() -> dict[str, int]:
    """Gazetteer id -> entry number, built once (the gazetteer never changes while running)."""
    return {i: n for n, i in enumerate(load_gazetteer().ids)}


def corrections_form(store: Store, shown: list[dict], picked: dict | None = None) -> None:
    """`picked`: the event chosen in the table, which becomes the one to correct."""
    st.subheader("Corrections")
    fixable = [e for e in shown if e.get("article_id")]
    if picked and picked.get("article_id") and picked["id"] != st.session_state.get("fix_picked"):
        st.session_state["fix_event"] = picked["id"]
    st.session_state["fix_picked"] = picked["id"] if picked else None
    if fixable:
        labels = {e["id"]: f"#{e['id']} {e['date']} {e['type']} / {e['subtype']} — {e.get('place') or '?'}"
                  for e in fixable}
        chosen = st.selectbox("Event", list(labels), format_func=labels.get, key="fix_event")
        event = next(e for e in fixable if e["id"] == chosen)
        kinds = {f"{k.type} / {k.subtype}": k for k in taxonomy.load()}
        current = f"{event['type']} / {event['subtype']}"
        new_kind = st.selectbox("Type", list(kinds), key="fix_type",
                                index=list(kinds).index(current) if current in kinds else 0)
        a, b = st.columns(2)
        if a.button("Change type", key="fix_apply"):
            k = kinds[new_kind]
            store.correct(event["article_id"], "event", event["start"], "set_type",
                          {"type": k.type, "subtype": k.subtype})
            st.rerun()
        if b.button("Delete this event", key="fix_delete"):
            store.correct(event["article_id"], "event", event["start"], "delete")
            st.rerun()
        _place_fix(store, event)
    done = store.corrections()
    if done:  # newest first; a static table keeps the events table the page's last data frame
        st.caption(f"{len(done)} corrections, the latest {min(len(done), LISTED)} here:")
        st.table(pd.DataFrame(done[::-1][:LISTED],
                              columns=["created_at", "article_id", "target", "action", "value"]))


def _place_fix(store: Store, event: dict) -> None:
    """Move the event to another place: a runner-up the resolver considered, or any gazetteer
    entry found by name. The mention that placed the event is corrected when there is one (its
    other events move too); otherwise the event itself."""
    gaz = load_gazetteer()
    mention = _mention_of(store, event)
    runner_ups = views.candidates_by_id(gaz, json.loads(mention.get("alternatives") or "[]"),
                                        _entry_index()) if mention else []
    query = st.text_input("Search the gazetteer for another place", key="fix_place_query")
    found = views.gazetteer_matches(gaz, query) if query.strip() else []
    options = {f"{c.name}, {c.admin1 or '—'}, {c.country} ({c.kind}, {c.lat:.2f}, {c.lon:.2f})"
               + (" — runner-up" if c in runner_ups else ""): c for c in [*runner_ups, *found]}
    if not options:
        st.caption("No runner-up candidates were kept for this place; search the gazetteer by name."
                   if not query.strip() else f"No gazetteer entry is called “{query}”.")
    else:
        _pick_place(store, event, mention, options)
    _click_fix(store, event, mention)


def _pick_place(store: Store, event: dict, mention: dict | None, options: dict) -> None:
    pick = st.selectbox("Place", list(options), key="fix_place")
    if st.button("Set this place", key="fix_place_apply"):
        _set_place(store, event, mention, views.place_value(options[pick]))


def _set_place(store: Store, event: dict, mention: dict | None, value: dict) -> None:
    if mention:
        store.correct(event["article_id"], "place", mention["start"], "set_place", value,
                      end=mention["end"])
    else:
        store.correct(event["article_id"], "event", event["start"], "set_place", value)
    st.rerun()


def _click_fix(store: Store, event: dict, mention: dict | None) -> None:
    """Set the place by clicking a small map; only a click reruns the page. Drawn on request
    only: a third map on every rerun would cost every filter change."""
    if not st.checkbox("Pick the place on a map", key="fix_click_open"):
        return
    assets = map_assets()
    if assets is False:
        return
    st.caption("Click where it happened:")
    clicked = st_folium(
        point_picker_map(event.get("lat"), event.get("lon"), event.get("place") or "",
                         offline_prefix=assets, online_tiles=settings().network),
        key="fix_click_map", height=CLICK_MAP_HEIGHT, use_container_width=True,
        returned_objects=["last_clicked"],
        center=(event["lat"], event["lon"]) if event.get("lat") is not None else None,
        zoom=CLICK_MAP_ZOOM if event.get("lat") is not None else 2)
    point = (clicked or {}).get("last_clicked")
    if not point:
        return
    name = st.text_input(f"Name for the point {point['lat']:.4f}, {point['lng']:.4f}",
                         value=f"near {event.get('place')}" if event.get("place") else "",
                         key="fix_click_name")
    if st.button("Set the clicked point", key="fix_click_apply"):
        _set_place(store, event, mention,
                   views.point_value(name, point["lat"], point["lng"], event.get("country")))


def _mention_of(store: Store, event: dict) -> dict | None:
    """The place mention inside the event's sentence that the event was placed by."""
    for p in store.places(event["article_id"]):
        if (p.get("entry_id") == event.get("place_id") and event["start"] <= p["start"]
                and p["end"] <= (event.get("end") or p["end"])):
            return p
    return None
