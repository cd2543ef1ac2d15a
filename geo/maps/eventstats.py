"""What the stored-events view counts, without Streamlit: a calendar of every day, the timeline's
bins, actors under one name each, and death tolls counted once.

    >>> from geo.store import StoredEvent
    >>> a = StoredEvent(id=1, article_id=1, origin="extracted", type="Battles", date="2022-03-01",
    ...                 fatalities=4, incident_id=7, actors=("Russian troops",))
    >>> b = StoredEvent(id=2, article_id=2, origin="extracted", type="Battles", date="2022-03-03",
    ...                 fatalities=5, incident_id=7, actors=("russian forces",))
    >>> calendar_days([a, b])
    ['2022-03-01', '2022-03-02', '2022-03-03']
    >>> fatalities_total([a, b])       # two reports of one incident: its highest toll, once
    5
    >>> actor_counts([a, b])
    Counter({'Russian forces': 2})
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from geo.store.records import StoredEvent

WEEKLY_ABOVE_DAYS = 120    # a longer span is binned by week (Monday first): a day's bar would be a hairline
# the nouns the extractor reads as actors (geo.events.cues), by what they name
_ACTOR_NOUNS = {"forces": "forces", "troops": "forces", "soldiers": "forces", "army": "forces",
                "military": "forces", "navy": "navy", "militia": "militia", "militias": "militia",
                "demonstrators": "protesters", "authorities": "authorities", "government": "authorities",
                "officials": "authorities"}


def calendar_days(events: list[StoredEvent]) -> list[str]:
    """Every day from the first event's to the last one's (ISO dates), days without events too:
    the day filter and Play step through time, not through the days that have events."""
    dates = [e.date for e in events if e.date]
    if not dates:
        return []
    first, last = dt.date.fromisoformat(min(dates)), dt.date.fromisoformat(max(dates))
    return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def actor_name(raw: str) -> str:
    """One name for the ways an actor is written: the demonym capitalised, the noun by what it
    names ('Russian troops', 'russian soldiers' -> 'Russian forces'; 'demonstrators' -> 'protesters').

    >>> actor_name("russian  soldiers"), actor_name("Demonstrators"), actor_name("Police")
    ('Russian forces', 'protesters', 'police')
    """
    words = raw.split()
    if not words:
        return ""
    noun = words[-1].lower()
    noun = _ACTOR_NOUNS.get(noun, noun)
    adjective = " ".join(w[:1].upper() + w[1:].lower() for w in words[:-1])
    return f"{adjective} {noun}".strip()


def actor_counts(events: list[StoredEvent]) -> Counter:
    """How many events name each actor (normalised by actor_name), for the actor filter."""
    return Counter(name for e in events for name in {actor_name(a) for a in e.actors} if name)


def toll_key(e: StoredEvent) -> tuple:
    """What one death toll belongs to: the incident (reports of one happening from several
    articles), else the event's sentence in its article (one sentence may give several events
    one toll), else the event."""
    if e.incident_id is not None:
        return ("incident", e.incident_id)
    if e.article_id is not None and e.start is not None:
        return ("sentence", e.article_id, e.start)
    return ("event", e.id)


def fatalities_total(events: list[StoredEvent]) -> int:
    """The deaths reported by `events`, each toll counted once (its highest report)."""
    tolls: dict[tuple, int] = {}
    for e in events:
        if e.fatalities:
            key = toll_key(e)
            tolls[key] = max(tolls.get(key, 0), e.fatalities)
    return sum(tolls.values())


@dataclass(frozen=True, slots=True)
class TimelineBin:
    """One bar segment: `period` (the day, or the Monday of the week) and type, with its events
    and the deaths they report (each toll once, at its highest report, in the bin of its first)."""

    period: str
    type: str
    events: int
    fatalities: int


def timeline(events: list[StoredEvent]) -> tuple[str, list[TimelineBin]]:
    """("day" or "week", bins) over every period from the first dated event to the last, empty
    periods as zero for each type shown: the time axis is time, not the list of busy days."""
    days = calendar_days(events)
    if not days:
        return "day", []
    unit = "week" if len(days) > WEEKLY_ABOVE_DAYS else "day"

    def period(day: str) -> str:
        d = dt.date.fromisoformat(day)
        return (d - dt.timedelta(days=d.weekday())).isoformat() if unit == "week" else day

    periods = list(dict.fromkeys(period(d) for d in days))
    # counted per (day, type) first: a day's period is worked out once, not once per event
    per_day = Counter((e.date, e.type) for e in events if e.date)
    of_day = {d: period(d) for d in {d for d, _ in per_day}}
    counts: Counter = Counter()
    for (day, event_type), n in per_day.items():
        counts[of_day[day], event_type] += n
    tolls: dict[tuple, tuple[tuple[str, str], int]] = {}   # toll -> (first bin, highest toll)
    for e in sorted((e for e in events if e.date and e.fatalities), key=lambda e: e.date or ""):
        where, most = tolls.get(toll_key(e), ((of_day[e.date or ""], e.type), 0))
        tolls[toll_key(e)] = (where, max(most, e.fatalities or 0))
    deaths: Counter = Counter()
    for where, most in tolls.values():
        deaths[where] += most
    types = sorted({t for _, t in counts})
    return unit, [TimelineBin(p, t, counts[p, t], deaths[p, t]) for p in periods for t in types]
