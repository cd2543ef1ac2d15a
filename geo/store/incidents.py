"""Incident merging: reports of one type on one day within INCIDENT_KM are one incident, so the
map can say how many articles report it. With PostGIS points the server finds the incident
(`ST_DWithin` on the GiST index); on plain columns Python measures the day's incidents. Either
way the earliest incident within reach wins, so both give the same answer."""
from __future__ import annotations

import zlib

import sqlalchemy as sa

from geo.geometry import great_circle_km
from geo.records import Event
from geo.store.schema import incidents, new_row_id

INCIDENT_KM = 25.0  # reports of one type on one day within this distance are one incident

# built once and run with parameters: building a statement per event cost more than the query
_INCIDENTS_OF_DAY = sa.select(incidents.c.id, incidents.c.lat, incidents.c.lon).where(
    incidents.c.type == sa.bindparam("type"), incidents.c.date == sa.bindparam("date"))
_NEAREST_EARLIEST = sa.text(
    "SELECT id FROM incidents WHERE type = :type AND date = :date AND ST_DWithin(geom::geography, "
    "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, :metres, false) ORDER BY id LIMIT 1")

KnownIncidents = dict[tuple[str, str], list[tuple[int, float, float]]]


def incident_for(conn: sa.Connection, e: Event, seen: KnownIncidents | None = None, *,
                 points: bool = False) -> int | None:
    """The incident this event belongs to (a new one when none is near): same type, same day,
    within INCIDENT_KM; None for an undated or unplaced event. `seen` carries the day's
    incidents across the articles of one transaction, which are read once instead of once per
    event. `points`: the store has PostGIS points, and the server does the measuring."""
    if e.date is None or e.lat is None or e.lon is None:
        return None
    day = e.date.isoformat()
    if points:
        found = conn.execute(_NEAREST_EARLIEST, {"type": e.type, "date": day, "lat": e.lat, "lon": e.lon,
                                                 "metres": INCIDENT_KM * 1000.0}).scalar()
        if found is not None:
            return int(found)
        return new_row_id(conn.execute(incidents.insert(), dict(type=e.type, date=day, lat=e.lat, lon=e.lon)))
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


def lock_days(conn: sa.Connection, events: list[Event]) -> None:
    """On PostgreSQL, hold (until commit) a lock on each type and day these events fall on, taken
    in one order: two writers merging reports of one happening at once would otherwise each
    see no incident and both make one. SQLite has one writer at a time already."""
    if conn.dialect.name != "postgresql":
        return
    keys = sorted({zlib.crc32(f"{e.type}|{e.date.isoformat()}".encode()) for e in events
                   if e.date is not None and e.lat is not None and e.lon is not None})
    for key in keys:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": 0x6E6D, "b": key - (1 << 31)})

