"""Corrections of the machine's output: another type, another place (a runner-up candidate, a
gazetteer search or a click on a map), or delete a false event; the place of a mention in the
article view likewise (`mention_form`). Stored apart, they win over machine output and survive
reprocessing; the list shows when each was made."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.events import taxonomy
from geo.maps import views
from geo.maps.mapview import point_picker_map
from geo.store import Correction, CorrectionAction, CorrectionTarget, Store, StoredEvent, StoredPlace
from geo.ui.common import LISTED_EVENTS_MAX, load_gazetteer, map_assets, settings, stored_articles

LISTED = 20
CLICK_MAP_HEIGHT = 300
CLICK_MAP_ZOOM = 8


@st.cache_resource(show_spinner=False)
def _entry_index() -> dict[str, int]:
    """Gazetteer id -> entry number, built once (the gazetteer never changes while running)."""
    return {i: n for n, i in enumerate(load_gazetteer().ids)}


def corrections_form(store: Store, shown: list[StoredEvent], picked: StoredEvent | None = None) -> None:
    """`picked`: the event chosen in the table, which becomes the one to correct. Each
    correction names one event (its key), never its neighbours in the sentence; a delete
    asks first, and the latest correction made here can be undone."""
    st.subheader("Corrections")
    fixable = [e for e in shown[:LISTED_EVENTS_MAX] if e.article_id]  # the table's events
    if picked and picked.article_id and picked.id != st.session_state.get("fix_picked"):
        st.session_state["fix_event"] = picked.id
    st.session_state["fix_picked"] = picked.id if picked else None
    if fixable:
        labels = {e.id: f"#{e.id} {e.date} {e.type} / {e.subtype} — {e.place or '?'}"
                  for e in fixable}
        chosen: int = st.selectbox("Event", list(labels), format_func=lambda i: labels[i], key="fix_event")
        event = next(e for e in fixable if e.id == chosen)
        article_id = event.article_id
        assert article_id is not None  # fixable events are read from articles
        kinds = {f"{k.type} / {k.subtype}": k for k in taxonomy.load()}
        current = f"{event.type} / {event.subtype}"
        if st.session_state.get("fix_type_for") != chosen:  # another event: its own type
            st.session_state["fix_type"] = current if current in kinds else next(iter(kinds))
            st.session_state["fix_type_for"] = chosen
        new_kind = st.selectbox("Type", list(kinds), key="fix_type")
        a, b = st.columns(2)
        if a.button("Change type", key="fix_apply"):
            k = kinds[new_kind]
            _made(store.correct_event(event, CorrectionAction.SET_TYPE, {"type": k.type, "subtype": k.subtype}))
        if b.button("Delete this event", key="fix_delete"):
            st.session_state["fix_confirm"] = (event.article_id, event.key)
        if st.session_state.get("fix_confirm") == (event.article_id, event.key):
            _confirm_delete(store, event, labels[chosen])
        _place_fix(store, _Target(article_id, _mention_of(store, event), event, "fix"))
    done = store.corrections()
    _undo_button(store, done)
    if done:  # newest first; a static table keeps the events table the page's last data frame
        titles = {a.id: a.title for a in stored_articles(store)}
        st.caption(f"{len(done)} corrections, the latest {min(len(done), LISTED)} here:")
        st.table(pd.DataFrame([{"created_at": fix.created_at, "article_id": fix.article_id,
                                "target": fix.target.value, "action": fix.action.value,
                                "change": views.describe_correction(fix, titles.get(fix.article_id))}
                               for fix in done[::-1][:LISTED]],
                              columns=["created_at", "article_id", "target", "action", "change"]))


def _confirm_delete(store: Store, event: StoredEvent, label: str) -> None:
    st.warning(f"Delete {label}? Only this event goes (the others of its sentence stay); "
               "Undo brings it back.")
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", key="fix_delete_yes"):
        st.session_state.pop("fix_confirm", None)
        _made(store.correct_event(event, CorrectionAction.DELETE))
    if no.button("Cancel", key="fix_delete_no"):
        st.session_state.pop("fix_confirm", None)
        st.rerun()


def _made(correction_id: int) -> None:
    """Remember a correction made in this session (Undo takes back the latest), and show it."""
    st.session_state.setdefault("fix_made", []).append(correction_id)
    st.rerun()


def _undo_button(store: Store, done: list[Correction]) -> None:
    """Undo the latest correction made in this session that is still stored."""
    stored = {fix.id: fix for fix in done}
    made = [i for i in st.session_state.get("fix_made", []) if i in stored]
    st.session_state["fix_made"] = made
    if made and st.button(f"Undo: {views.describe_correction(stored[made[-1]])}", key="fix_undo"):
        store.undo(made.pop())
        st.rerun()


@dataclass(frozen=True)
class _Target:
    """What a place correction changes: a place mention (the events it placed move with it),
    else an event that no mention placed. `key`: the prefix of its widgets' keys."""

    article_id: int
    mention: StoredPlace | None
    event: StoredEvent | None
    key: str

    def now(self) -> dict:
        """Where it is now: name, lat, lon, country (all None for an unresolved mention)."""
        e, m = self.event, self.mention
        if e is not None:
            return {"name": e.place, "lat": e.lat, "lon": e.lon, "country": e.country}
        assert m is not None  # a target is a mention or an event
        return {"name": m.name, "lat": m.lat, "lon": m.lon, "country": m.country}

    def click_name(self) -> str:
        """The name proposed for a clicked point: what the mention says, or near the event."""
        if self.event is None:
            assert self.mention is not None  # a target is a mention or an event
            return self.mention.text
        return f"near {self.event.place}" if self.event.place else ""


def mention_form(store: Store, article_id: int, mentions: list[StoredPlace],
                 unresolved: dict[int, str]) -> None:
    """Correct the place of one of a stored article's mentions, placed or not, by the same
    means as an event's (`mentions`: `store.places()` records, and unresolved ones, whose
    reasons `unresolved` gives by start). Stored as a correction of the mention: it wins over
    the parser's answer."""
    if not mentions:
        return
    if st.session_state.get("mention_article") != article_id:  # another article: start afresh
        st.session_state.pop("mention_pick", None)
        st.session_state["mention_article"] = article_id
    by_start = {m.start: m for m in mentions}
    start = st.selectbox("Correct the place of a mention", list(by_start), key="mention_pick",
                         format_func=lambda s: _mention_label(by_start[s], unresolved.get(s)))
    _place_fix(store, _Target(article_id, by_start[start], None, "mention"))


def _mention_label(m: StoredPlace, unresolved_because: str | None) -> str:
    said = f"“{m.text}” at {m.start}"
    if unresolved_because is not None:
        return f"{said} — unresolved: {unresolved_because}"
    where = views.where_on_map(m.name, m.lat, m.lon, admin1=m.admin1, country=m.country)
    return f"{said} → {where}" + (" (corrected)" if m.corrected else "")


def _place_fix(store: Store, target: _Target) -> None:
    """Another place: a runner-up the resolver considered, any gazetteer entry found by name,
    or a point clicked on a map."""
    _start_afresh(target)
    gaz = load_gazetteer()
    mention, key = target.mention, target.key
    runner_ups = views.candidates_by_id(gaz, list(mention.alternatives),
                                        _entry_index()) if mention else []
    query = st.text_input("Search the gazetteer for another place", key=f"{key}_place_query")
    found = views.gazetteer_matches(gaz, query) if query.strip() else []
    options = {f"{c.name}, {c.admin1 or '—'}, {c.country} ({c.kind}, {c.lat:.2f}, {c.lon:.2f})"
               + (" — runner-up" if c in runner_ups else ""): c for c in [*runner_ups, *found]}
    if not options:
        st.caption("No runner-up candidates were kept for this place; search the gazetteer by name."
                   if not query.strip() else f"No gazetteer entry is called “{query}”.")
    else:
        _pick_place(store, target, options)
    _click_fix(store, target)


def _start_afresh(target: _Target) -> None:
    """Forget the search and the clicked point when another event or mention is chosen: a
    point clicked for one must not be set as the place of the next."""
    chosen = (target.article_id, target.event.id if target.event else target.mention.start if target.mention else None)
    if st.session_state.get(f"{target.key}_for") != chosen:
        for part in ("place_query", "place", "click_map", "click_name"):
            st.session_state.pop(f"{target.key}_{part}", None)
        st.session_state[f"{target.key}_for"] = chosen


def _pick_place(store: Store, target: _Target, options: dict) -> None:
    pick = st.selectbox("Place", list(options), key=f"{target.key}_place")
    if st.button("Set this place", key=f"{target.key}_place_apply"):
        _set_place(store, target, views.place_value(options[pick]))


def _set_place(store: Store, target: _Target, value: dict) -> None:
    if target.mention:
        _made(store.correct(target.article_id, CorrectionTarget.PLACE, target.mention.start,
                            CorrectionAction.SET_PLACE, value, end=target.mention.end))
    elif target.event is not None:
        _made(store.correct_event(target.event, CorrectionAction.SET_PLACE, value))


def _click_fix(store: Store, target: _Target) -> None:
    """Set the place by clicking a small map; only a click reruns the page. Drawn on request
    only: a third map on every rerun would cost every filter change."""
    key = target.key
    label = "Pick the place on a map" if target.event else "Pick the mention's place on a map"
    if not st.checkbox(label, key=f"{key}_click_open"):
        return
    assets = map_assets()
    if assets is False:
        return
    now = target.now()
    st.caption("Click where it is:" if target.event is None else "Click where it happened:")
    clicked = st_folium(
        point_picker_map(now["lat"], now["lon"], now["name"] or "",
                         offline_prefix=assets, online_tiles=settings().network),
        key=f"{key}_click_map", height=CLICK_MAP_HEIGHT, use_container_width=True,
        returned_objects=["last_clicked"],
        center=(now["lat"], now["lon"]) if now["lat"] is not None else None,
        zoom=CLICK_MAP_ZOOM if now["lat"] is not None else 2)
    point = (clicked or {}).get("last_clicked")
    if not point:
        return
    name = st.text_input(f"Name for the point {point['lat']:.4f}, {point['lng']:.4f}",
                         value=target.click_name(), key=f"{key}_click_name")
    if st.button("Set the clicked point", key=f"{key}_click_apply"):
        # the country and region of the point itself, not of the place it replaces
        town = load_gazetteer().nearest_town(point["lat"], point["lng"])
        _set_place(store, target, views.point_value(
            name, point["lat"], point["lng"], town.country if town else None,
            town.admin1 if town else None))


def _mention_of(store: Store, event: StoredEvent) -> StoredPlace | None:
    """The place mention inside the event's sentence that the event was placed by."""
    if event.article_id is None or event.start is None:
        return None
    for p in store.places(event.article_id):
        placed_by_parser = p.entry_id is not None  # not one the user placed: no event's
        if (placed_by_parser and p.entry_id == event.place_id
                and event.start <= p.start and p.end <= (event.end or p.end)):
            return p
    return None
