"""Incident merging: reports of one type on one day within INCIDENT_KM are one incident, so the
map can say how many articles report it."""
from __future__ import annotations

import sqlalchemy as sa

from geo.geometry import great_circle_km
from geo.records import Event
from geo.store.schema import incidents, new_row_id

INCIDENT_KM = 25.0  # reports of one type on one day within this distance are one incident

# built once and run with parameters: building a statement per event cost more than the query
_INCIDENTS_OF_DAY = sa.select(incidents.c.id, incidents.c.lat, incidents.c.lon).where(
    incidents.c.type == sa.bindparam("type"), incidents.c.date == sa.bindparam("date"))

KnownIncidents = dict[tuple[str, str], list[tuple[int, float, float]]]


def incident_for(conn: sa.Connection, e: Event, seen: KnownIncidents | None = None) -> int | None:
    """The incident this event belongs to (a new one when none is near): same type, same day,
    within INCIDENT_KM; None for an undated or unplaced event. `seen` carries the day's
    incidents across the articles of one transaction, which are read once instead of once per
    event."""
    if e.date is None or e.lat is None or e.lon is None:
        return None
    day = e.date.isoformat()
    known = None if seen is None else seen.get((e.type, day))
    if known is None:
        known = [(r.id, r.lat, r.lon) for r in
                 conn.execute(_INCIDENTS_OF_DAY, {"type": e.type, "date": day})]
        if seen is not None:
            seen[(e.type, day)] = known
    for incident_id, lat, lon in known:
        if great_circle_km(lat, lon, e.lat, e.lon) <= INCIDENT_KM:
            return incident_id
    new_id = new_row_id(conn.execute(incidents.insert(), dict(type=e.type, date=day, lat=e.lat, lon=e.lon)))
    known.append((new_id, e.lat, e.lon))
    return new_id
