"""The sidebar filters of the stored-events view, kept in the URL so that a link shares the view.

`sidebar_filters(events)` reads the URL once per session into the widgets' state, draws the
widgets, and writes every filter back to the URL on each run. The one-day view steps through the
days with Previous/Next, or plays them (`keep_playing` at the end of the page starts a timer
that moves on without holding the script thread).
"""
from __future__ import annotations

import time

import streamlit as st

from geo.maps import eventstats, views
from geo.store import StoredEvent
from geo.ui.common import country_name

PLAY_STEP_S = 1.2          # how long Play shows each day


def sidebar_state() -> str:
    """How the sidebar opens: collapsed, so that the map fills the screen, unless the URL sets
    a filter (a shared link shows what it filters)."""
    asked = views.Filters.from_params({k: st.query_params.get_all(k) for k in st.query_params})
    return "expanded" if asked.to_params() else "collapsed"


def sidebar_filters(events: list[StoredEvent], titles: dict[int, str]) -> views.Filters:
    """The filters chosen in the sidebar (`titles`: article id -> title, for the source list)."""
    all_days = eventstats.calendar_days(events)   # every day: Play and the slider step through time
    known_actors = eventstats.actor_counts(events)
    if not st.session_state.get("f_loaded"):
        _from_url(events, all_days)
        st.session_state["f_loaded"] = True
    _keep_valid(events, all_days, known_actors)
    sb = st.sidebar
    sb.header("Filters")
    type_counts = views.type_counts(events)
    # every type chosen is no type filter: the URL stays plain, so a link opens the plain view
    types = _multiselect(sb, "Event types", "f_types", type_counts)
    in_types = [e for e in events if e.type in types]
    subtypes = _multiselect(sb, "Subtypes", "f_subtypes", views.counts(in_types, "subtype"),
                            placeholder="All subtypes of these types")
    countries = _multiselect(sb, "Countries", "f_countries", views.counts(events, "country"),
                             placeholder="All countries", name=country_name)
    in_countries = [e for e in events if not countries or e.country in countries]
    regions = _multiselect(sb, "Regions (first level)", "f_regions",
                           views.counts(in_countries, "admin1"), placeholder="All regions")
    sources = _multiselect(sb, "Source articles", "f_sources", views.counts(events, "article_id"),
                           placeholder="All articles",
                           name=lambda i: titles.get(i) or f"article #{i}")
    actors = _multiselect(sb, "Actors", "f_actors", known_actors,
                          placeholder="All actors (as the articles name them)")
    day_from = day_to = None
    one_day = False
    if all_days:
        one_day = sb.checkbox("One day at a time", key="f_one_day")
        if one_day:
            day_from = day_to = _day_stepper(sb, all_days)
        else:
            day_from, day_to = sb.select_slider("Days", options=all_days, key=_range_key(),
                                                value=st.session_state["f_range_shown"])
            if (day_from, day_to) == (all_days[0], all_days[-1]):
                day_from = day_to = None  # the whole range: undated events stay in view
    place = sb.text_input("Place name contains", key="f_place")
    text = sb.text_input("Text in evidence", key="f_text")
    min_score = sb.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="f_min")
    heat = sb.checkbox("Heat map", key="heat")
    chosen = views.Filters(
        types=None if set(types) >= set(type_counts) else tuple(types), subtypes=tuple(subtypes),
        countries=tuple(countries), regions=tuple(regions), articles=tuple(sources), actors=tuple(actors),
        place=place, text=text,
        day_from=day_from, day_to=day_to, one_day=one_day, min_score=min_score, heat=heat)
    _to_url(chosen)
    return chosen


def _multiselect(where, label: str, key: str, counts, *, placeholder: str = "Choose",
                 name=str) -> list:
    """A multi-select with the number of events beside each choice."""
    return where.multiselect(label, sorted(counts, key=str), key=key, placeholder=placeholder,
                             format_func=lambda v: f"{name(v)} ({counts[v]})")


def _from_url(events: list[StoredEvent], all_days: list[str]) -> None:
    """Put the URL's filters into the widgets' state (before the widgets exist)."""
    f = views.Filters.from_params({k: st.query_params.get_all(k) for k in st.query_params})
    known = views.type_counts(events)
    asked = [t for t in (f.types or ()) if t in known]
    st.session_state["f_types"] = asked or sorted(known)
    st.session_state["f_known_types"] = sorted(known)
    for key, value in (("f_subtypes", f.subtypes), ("f_countries", f.countries),
                       ("f_regions", f.regions), ("f_sources", f.articles), ("f_actors", f.actors)):
        st.session_state[key] = list(value)
    st.session_state.update(f_place=f.place, f_text=f.text, f_min=f.min_score, heat=f.heat,
                            f_one_day=f.one_day)
    if all_days:
        st.session_state["f_day"] = f.day_from if f.day_from in all_days else all_days[-1]
        if (f.day_from or f.day_to) and not f.one_day:  # held to the stored days by day_range
            st.session_state["f_range_url"] = (f.day_from or all_days[0], f.day_to or all_days[-1])


def _keep_valid(events: list[StoredEvent], all_days: list[str], known_actors) -> None:
    """Drop chosen values that no stored event has any more (a widget refuses them), and
    select a type that appeared since the last run (a new upload's events are shown)."""
    known = sorted(views.type_counts(events))
    new = [t for t in known if t not in st.session_state.get("f_known_types", known)]
    st.session_state["f_known_types"] = known
    st.session_state["f_types"] = [t for t in st.session_state.get("f_types", known) if t in known] + new
    for key, field in (("f_subtypes", "subtype"), ("f_countries", "country"),
                       ("f_regions", "admin1"), ("f_sources", "article_id")):
        values = {getattr(e, field) for e in events}
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in values]
    st.session_state["f_actors"] = [a for a in st.session_state.get("f_actors", []) if a in known_actors]
    if all_days:
        seen = st.session_state.get("f_seen_days")
        new = sorted(set(all_days) - set(seen or all_days))
        if new or st.session_state.get("f_day") not in all_days:
            st.session_state["f_day"] = new[-1] if new else all_days[-1]  # one day: the newest
        # every day stays every day, and a range chosen before takes in new days (an upload)
        chosen = st.session_state.get(_range_key()) or st.session_state.pop("f_range_url", None)
        shown = views.day_range(chosen, all_days, seen)
        if _range_key() in st.session_state and tuple(chosen) != shown:
            # the slider must move: a slider of a new key starts at its `value`. Writing its
            # state instead is overridden by the browser's copy of the old range on the next
            # run, and Streamlit warns when a widget has both a value and a state write
            st.session_state["f_range_v"] = st.session_state.get("f_range_v", 0) + 1
        st.session_state["f_range_shown"] = shown
        st.session_state["f_seen_days"] = all_days
        if st.session_state.pop("f_advance", False) and st.session_state.get("f_playing"):
            _advance(all_days)


def set_day_range(day_from: str, day_to: str) -> None:
    """Show the days from `day_from` to `day_to` (a callback: the timeline's brush). The Days
    slider gets a new key, so it starts at that range; the one-day view is left."""
    st.session_state["f_range_v"] = st.session_state.get("f_range_v", 0) + 1
    st.session_state["f_range_url"] = (day_from, day_to)
    st.session_state["f_one_day"] = False
    st.session_state["f_playing"] = False


def _range_key() -> str:
    """The key of the Days slider: a new one whenever the app moves the slider itself."""
    return f"f_range_{st.session_state.get('f_range_v', 0)}"


# the article view's choice, the open tab, the feed's pick, the map's view
_NOT_FILTERS = ("article", "tab", "event", *views.VIEW_PARAMS)


def _to_url(f: views.Filters) -> None:
    """The filters into the URL, one parameter at a time: replacing them all at once would
    drop the open tab, which Streamlit keeps bound to its widget."""
    params = f.to_params()
    for name in [k for k in st.query_params if k not in params and k not in _NOT_FILTERS]:
        del st.query_params[name]
    for name, value in params.items():
        value = [value] if isinstance(value, str) else list(value)
        if st.query_params.get_all(name) != value:
            st.query_params[name] = value


def _day_stepper(sb, all_days: list[str]) -> str:
    def step(by: int) -> None:
        st.session_state["f_day"] = views.step_day(all_days, st.session_state["f_day"], by)
        st.session_state["f_playing"] = False

    def play() -> None:
        if st.session_state["f_day"] == all_days[-1]:
            st.session_state["f_day"] = all_days[0]  # replay from the first day
        st.session_state["f_playing"] = True

    day = sb.select_slider("Day", options=all_days, key="f_day")
    back, ahead, run = sb.columns(3)
    back.button("◀ Previous", key="f_prev", on_click=step, args=(-1,), disabled=day == all_days[0])
    ahead.button("Next ▶", key="f_next", on_click=step, args=(1,), disabled=day == all_days[-1])
    if st.session_state.get("f_playing"):
        run.button("■ Stop", key="f_stop",
                   on_click=lambda: st.session_state.update(f_playing=False, f_advance=False))
    else:
        run.button("Play", key="f_play", on_click=play)
    return day


def _advance(all_days: list[str]) -> None:
    """While playing, each run shows the next day; the last day stops the play."""
    day = views.step_day(all_days, st.session_state["f_day"], 1)
    st.session_state["f_day"] = day
    if day == all_days[-1]:
        st.session_state["f_playing"] = False


def keep_playing() -> None:
    """Call at the end of the page: while playing, a timer moves on to the next day. The timer
    is a fragment that Streamlit reruns every PLAY_STEP_S from the browser: nothing waits on
    the server between ticks (a sleep here held the session's script thread, so Stop or any
    other click waited for it)."""
    if st.session_state.get("f_playing") and st.session_state.get("f_one_day"):
        st.session_state["f_day_drawn_at"] = time.monotonic()  # the page shows this day from now
        st.fragment(_next_day_when_due, run_every=PLAY_STEP_S or None)()
    else:
        st.session_state["f_playing"] = False


def _next_day_when_due() -> None:
    """A tick of the play timer. It runs once with the page, when the day has just been drawn
    (too early: nothing happens), then alone every PLAY_STEP_S: the page reruns on the next
    day. Half a step of slack, as the browser's first tick may come a little early; any other
    rerun of the page draws the day again and restarts its clock."""
    if not st.session_state.get("f_playing"):
        return  # stopped since the last tick
    if time.monotonic() - st.session_state.get("f_day_drawn_at", 0.0) >= PLAY_STEP_S / 2:
        st.session_state["f_advance"] = True  # the day slider exists then: move it on that run
        st.rerun(scope="app")
