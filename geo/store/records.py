"""What the store's reads return: frozen, typed records, one per stored row, with the user's
corrections already applied."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class CorrectionAction(StrEnum):
    """What a correction does to an event or a place mention."""

    SET_PLACE = "set_place"   # another place: value holds name, lat, lon, country, admin1
    SET_TYPE = "set_type"     # another type (events only): value holds type, subtype
    DELETE = "delete"         # a false event: it is no longer read


class CorrectionTarget(StrEnum):
    """What a correction names: an event (by its key) or a place mention (by its span)."""

    EVENT = "event"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """One stored article, without its text (`Store.article_text` reads that)."""

    id: int
    title: str | None
    source: str | None
    url: str | None
    published: str | None        # ISO date
    status: str                  # parsed | failed
    error: str | None            # why a failed article failed
    revision_of: int | None      # the earlier article at the same URL


@dataclass(frozen=True, slots=True)
class StoredPlace:
    """A place mention of a stored article; `entry_id` None: placed by the user, not the parser."""

    id: int | None
    article_id: int
    start: int
    end: int
    text: str
    name: str | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    kind: str | None = None
    entry_id: str | None = None
    geonameid: int | None = None
    score: float | None = None
    alternatives: tuple[str, ...] = ()   # the resolver's runner-up entry ids
    corrected: bool = False


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A stored event with the user's corrections applied, and what the map and table show
    beside it (its article's title and URL, its place's region, how many articles report its
    incident). `key` names the machine's event across reprocessing (see `event_key`)."""

    id: int
    article_id: int | None
    origin: str                            # extracted | acled | ucdp
    type: str
    subtype: str | None = None
    date: str | None = None                # ISO date
    date_precision: str | None = None
    place: str | None = None
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    actors: tuple[str, ...] = ()
    trigger: str | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    score: float | None = None
    claimed: bool | None = None
    evidence: tuple[tuple[int, int], ...] = ()   # the evidence sentences' spans
    incident_id: int | None = None
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    admin1: str | None = None
    key: str = ""
    sources: int = 1
    corrected: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Every field by name (for tables and JSON)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True, slots=True)
class Correction:
    """A user correction in force: applied whenever events and places are read."""

    id: int
    article_id: int
    target: CorrectionTarget
    start: int
    end: int | None
    action: CorrectionAction
    value: dict[str, Any] | None
    created_at: str
    event_key: str | None = None   # None: made before schema 4, names the evidence sentence

    @classmethod
    def from_row(cls, row: Any) -> "Correction":
        """From a row of the corrections table (its value is JSON there)."""
        return cls(id=row.id, article_id=row.article_id, target=CorrectionTarget(row.target),
                   start=row.start, end=row.end, action=CorrectionAction(row.action),
                   value=json.loads(row.value or "null"), created_at=row.created_at,
                   event_key=row.event_key)
