"""Small frozen records passed between pipeline stages.

Offsets (`start`, `end`) always index the original article text, so
``text[m.start:m.end] == m.text`` holds for every record that carries them.
Coordinates are floats in WGS84 degrees everywhere.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names a place, before resolution.

    `key` is the normalised name looked up in the gazetteer; `kind_hint` is a kind cue
    from the context ("river", "airport", "admin"; see `geo.vocabulary`) and `fuzzy` marks
    a one-typo match. `border_of` is set on a border mention ('the Polish border', hint
    "border"): the ISO2 code of the country whose border it names.
    """

    start: int
    end: int
    text: str
    key: str
    kind_hint: str | None = None
    fuzzy: bool = False
    confidence: float = 1.0
    border_of: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a mention may refer to, with its resolution score."""

    id: str
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    kind: str
    population: int
    geonameid: int | None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved mention: where the text points to, and how sure we are."""

    start: int
    end: int
    text: str
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    kind: str
    id: str
    geonameid: int | None
    score: float
    alternatives: tuple[Candidate, ...] = field(default=(), repr=False)

    def to_json(self) -> dict:
        """The `python -m geo parse` output shape (a stable contract)."""
        # a dict display, not getattr() per name: an article's output is built field by field
        return {"start": self.start, "end": self.end, "text": self.text, "name": self.name,
                "lat": self.lat, "lon": self.lon, "country": self.country, "admin1": self.admin1,
                "kind": self.kind, "geonameid": self.geonameid, "id": self.id,
                "score": round(self.score, 3),
                "alternatives": [
                    {"id": c.id, "name": c.name, "lat": c.lat, "lon": c.lon, "country": c.country,
                     "kind": c.kind, "score": round(c.score, 3)} for c in self.alternatives]}


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A mention with no acceptable candidate, and why."""

    start: int
    end: int
    text: str
    reason: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that reports an event, with the trigger words inside it."""

    start: int
    end: int
    sentence: str
    trigger: str


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened: typed as in the taxonomy, dated, placed, with its evidence.

    `date_precision` is "day", "week" or "month" (ACLED's time_precision 1-3); `geo_precision`
    is 1 (the place itself), 2 (near it or part of a region) or 3 (region or country).
    """

    type: str
    subtype: str
    date: dt.date | None
    date_precision: str | None
    place: str | None
    place_id: str | None
    lat: float | None
    lon: float | None
    country: str | None
    geo_precision: int | None
    fatalities: int | None
    actors: tuple[str, ...]
    trigger: str
    sentence: str
    start: int
    end: int
    score: float
    claimed: bool = False
    evidence: tuple[Evidence, ...] = field(default=(), repr=False)

    def to_json(self) -> dict:
        return {"type": self.type, "subtype": self.subtype, "date_precision": self.date_precision,
                "place": self.place, "lat": self.lat, "lon": self.lon,
                "geo_precision": self.geo_precision, "fatalities": self.fatalities,
                "trigger": self.trigger, "sentence": self.sentence, "start": self.start,
                "end": self.end, "claimed": self.claimed, "country": self.country,
                "place_id": self.place_id,
                "date": self.date.isoformat() if self.date else None,
                "actors": list(self.actors), "score": round(self.score, 3),
                "evidence": [{"start": e.start, "end": e.end, "trigger": e.trigger}
                             for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """What `geo.parse` returns for one article."""

    text: str
    published: dt.date | None
    places: tuple[Place, ...]
    unresolved: tuple[Unresolved, ...] = ()
    events: tuple[Event, ...] = ()

    def to_json(self) -> dict:
        return {"places": [p.to_json() for p in self.places],
                "unresolved": [u.to_json() for u in self.unresolved],
                "events": [e.to_json() for e in self.events]}
