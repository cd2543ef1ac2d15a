"""The timeline under the map: events (or deaths) per day or week and type on a real time axis,
in the types' own colours; dragging across it sets the day filter.

It draws the events the other filters leave, over their whole span, with the days outside the
chosen range dimmed, so that a range can be widened again from the chart itself.
"""
from __future__ import annotations

import datetime as dt
import html

import altair as alt
import pandas as pd
import streamlit as st

from geo.events.typestyles import style_of, type_styles
from geo.maps import eventstats
from geo.store import StoredEvent
from geo.ui.filters import set_day_range

MEASURES = {"Events": "events", "Deaths": "fatalities"}
CHART_HEIGHT = 170


def type_colour_scale(types_shown) -> alt.Scale:
    """Every taxonomy type in its colour (then any other type shown, grey), whatever the filters
    leave: a type keeps its colour when others come and go, and it is the map legend's."""
    types = list(type_styles()) + sorted(t for t in set(types_shown) - set(type_styles()))
    return alt.Scale(domain=types, range=[style_of(t).hex for t in types])


def _table_order(event_type: str) -> tuple[int, str]:
    order = list(type_styles())
    return (order.index(event_type) if event_type in order else len(order), event_type)


def legend_html(types: list[str]) -> str:
    """The chart's legend as one wrapping line of HTML (a chart legend is cut or squeezes the
    bars): each type shown, in its colour, named in full."""
    return "<div style='font-size:13px;line-height:1.6'>" + " ".join(
        f"<span style='white-space:nowrap;margin-right:12px'><span style='color:{style_of(t).hex}'>"
        f"■</span> {html.escape(t)}</span>" for t in types) + "</div>"


def timeline_frame(events: list[StoredEvent], day_from: str | None, day_to: str | None
                   ) -> tuple[str, pd.DataFrame]:
    """("day" or "week", one row per period and type: start, end, type, events, fatalities and
    whether the period is inside the chosen days)."""
    unit, bins = eventstats.timeline(events)
    step = dt.timedelta(days=7 if unit == "week" else 1)
    rows = []
    for b in bins:
        start = dt.date.fromisoformat(b.period)
        last = (start + step - dt.timedelta(days=1)).isoformat()
        rows.append({"start": b.period, "end": (start + step).isoformat(), "type": b.type,
                     "events": b.events, "fatalities": b.fatalities,
                     "chosen": (not day_from or last >= day_from) and (not day_to or b.period <= day_to)})
    return unit, pd.DataFrame(rows, columns=["start", "end", "type", "events", "fatalities", "chosen"])


def timeline(events: list[StoredEvent], day_from: str | None, day_to: str | None) -> None:
    """Draw the timeline of `events` (the view before its day filter), `day_from`-`day_to` lit."""
    unit, frame = timeline_frame(events, day_from, day_to)
    if frame.empty:
        return
    left, right = st.columns([3, 1])
    left.caption(f"{'Weekly' if unit == 'week' else 'Daily'} totals by type, every {unit} shown "
                 "(none is zero). Drag across the chart to show those days.")
    measure = right.segmented_control("Count", list(MEASURES), default="Events", key="timeline_measure",
                                      label_visibility="collapsed") or "Events"
    field = MEASURES[measure]
    brush = alt.selection_interval(encodings=["x"], name="days")
    chart = alt.Chart(frame).mark_bar(stroke=None).encode(
        x=alt.X("start:T", title=None,
                axis=alt.Axis(format="%d %b %Y", labelOverlap=True, tickCount={"interval": unit, "step": 1})),
        x2="end:T",
        y=alt.Y(f"sum({field}):Q", title=f"{measure.lower()} per {unit}",
                axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("type:N", scale=type_colour_scale(frame["type"]), legend=None),
        # a field, not a condition on datum: the sum keeps only the fields it groups by
        opacity=alt.Opacity("chosen:N", scale=alt.Scale(domain=[True, False], range=[1.0, 0.3]),
                            legend=None),
        tooltip=[alt.Tooltip("start:T", title=unit, format="%d %b %Y"), "type:N",
                 alt.Tooltip(f"{field}:Q", title=measure.lower())],
    ).add_params(brush)
    st.markdown(legend_html(sorted(set(frame["type"]), key=_table_order)), unsafe_allow_html=True)
    st.altair_chart(chart, key="timeline_chart", on_select=_brushed, selection_mode="days",
                    width="stretch", height=CHART_HEIGHT)


def brushed_days(selection) -> tuple[str, str] | None:
    """The first and last day of a brush on the chart (its state's "days" interval, in epoch
    milliseconds of the bars' starts), or None when there is no brush.

    >>> brushed_days({"selection": {"days": {"start": [1645660800000, 1645920000000]}}})
    ('2022-02-24', '2022-02-26')
    """
    try:
        interval = next(iter(selection["selection"]["days"].values()))
        low, high = sorted(float(v) for v in interval)
    except (TypeError, KeyError, StopIteration, ValueError):
        return None

    def day(ms: float) -> dt.date:
        return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).date()

    first, last = day(low), day(high)
    if dt.datetime.fromtimestamp(high / 1000, dt.timezone.utc).time() == dt.time(0):
        last -= dt.timedelta(days=1)    # the brush ends where a day starts: that day is out
    return first.isoformat(), max(first, last).isoformat()


def _brushed() -> None:
    chosen = brushed_days(st.session_state.get("timeline_chart"))
    if chosen:
        set_day_range(*chosen)
