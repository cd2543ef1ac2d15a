"""Where conflict data put an event that its text places only in a region or a country.

ACLED codes such an event (geo precision 3) at the seat of the area: a province's capital, a
country's capital, not the middle of its map. `at_seats` moves those events' points there
and keeps their place's name and precision: the point is a convention, the text says no more.
So is an event at a place the gazetteer lacks that the text puts in a province ('Kandorsky
district of Mangystau region', precision 2): its point is the province's all the same.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from geo.gazetteer.index import Gazetteer
from geo.records import Event, Place
from geo.vocabulary import WITHIN


def at_seats(events: tuple[Event, ...], places: tuple[Place, ...] | list[Place], gaz: Gazetteer,
             ) -> tuple[Event, ...]:
    """The events placed only in an admin-1 unit or a country, or in a place within a unit (a
    'within' place carries its unit's id), at its seat (`Gazetteer.seats`, `Gazetteer.capitals`);
    the others unchanged."""
    if not any(e.geo_precision in (2, 3) for e in events):
        return events  # most articles: every event at a town
    kinds = {p.id: (p.kind, p.country, p.admin1) for p in places if p.kind != WITHIN}
    out = []
    for e in events:
        kind, country, admin1 = kinds.get(e.place_id or "", ("", "", ""))
        seat = None
        if e.geo_precision in (2, 3) and kind == "admin1":
            seat = gaz.seats.get(f"{country}|{admin1}")
        elif e.geo_precision == 3 and kind == "country":
            seat = _capital_of(gaz).get(country)
        out.append(e if seat is None else replace(e, lat=gaz.lats[seat], lon=gaz.lons[seat]))
    return tuple(out)


@lru_cache(maxsize=4)
def _capital_of(gaz: Gazetteer) -> dict[str, int]:
    """Country code -> its capital's entry (`Gazetteer.capitals` maps the other way)."""
    return {iso: n for n, iso in gaz.capitals.items()}
