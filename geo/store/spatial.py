"""Where the store's points live and how it asks "near here" and "inside this box".

On PostgreSQL with PostGIS, events, places and incidents carry a generated
`geom geometry(Point, 4326)` column with two GiST indexes (the geometry for boxes, its
geography for distances), and the questions are asked with `&&` and `ST_DWithin` on the
server. On SQLite, or a PostgreSQL server where the extension cannot be created, the plain
lat/lon columns narrow the rows and Python measures great-circle distances: the same answers
(the sphere is PostGIS's mean radius either way, within a metre at 25 km).
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import sqlalchemy as sa

from geo.geometry import EARTH_RADIUS_KM, great_circle_km

log = logging.getLogger(__name__)
POINT_TABLES = ("events", "places", "incidents")
_warned: set[str] = set()  # databases already told what they lack, so it is said once


@dataclass(frozen=True, slots=True)
class Box:
    """A latitude/longitude box, edges included (no crossing of the 180th meridian)."""

    south: float
    west: float
    north: float
    east: float

    def holds(self, lat: float | None, lon: float | None) -> bool:
        return (lat is not None and lon is not None and self.south <= lat <= self.north
                and self.west <= lon <= self.east)


@dataclass(frozen=True, slots=True)
class Near:
    """Within `km` of a point (great-circle distance)."""

    lat: float
    lon: float
    km: float

    def holds(self, lat: float | None, lon: float | None) -> bool:
        return lat is not None and lon is not None and great_circle_km(self.lat, self.lon, lat, lon) <= self.km

    def box(self) -> Box:
        """A box around the circle, for the plain columns' index-free first cut."""
        dlat = math.degrees(self.km / EARTH_RADIUS_KM)
        coslat = math.cos(math.radians(min(89.9, abs(self.lat) + dlat)))
        dlon = 180.0 if coslat <= 0 else min(180.0, dlat / coslat)
        return Box(self.lat - dlat, self.lon - dlon, self.lat + dlat, self.lon + dlon)


def postgis(conn: sa.Connection) -> bool:
    """Is PostGIS usable on this connection's database? Creates the extension when the server
    has it and the user may; says once (a warning) what is missing when not."""
    if conn.dialect.name != "postgresql":
        return False
    if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").first():
        return True
    reason = "the server has no PostGIS (install postgresql-postgis)"
    if conn.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").first():
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
            return True
        except sa.exc.DBAPIError as exc:
            reason = (f"this user may not create the extension ({exc.orig.__class__.__name__}): "
                      f"ask the database's owner to run CREATE EXTENSION postgis")
    url = conn.engine.url.render_as_string(hide_password=True)
    if url not in _warned:
        _warned.add(url)
        log.warning("PostGIS is not in use on %s: %s; boxes, radii and incident merging run on "
                    "the plain lat/lon columns and in Python (same results, no spatial index)", url, reason)
    return False


def has_points(conn: sa.Connection) -> bool:
    """Do the store's tables carry PostGIS points (the geom column)?"""
    if conn.dialect.name != "postgresql":
        return False
    return conn.exec_driver_sql(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'events' AND column_name = 'geom'").first() is not None


def add_points(conn: sa.Connection) -> bool:
    """Give events, places and incidents their generated PostGIS point and GiST indexes, when
    PostGIS is usable (idempotent: a store made before the extension was installed gets them
    on its next start). True when the store has points afterwards."""
    if not postgis(conn):
        return False
    for table in POINT_TABLES:
        conn.exec_driver_sql(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326) "
            f"GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED")
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{table}_geom ON {table} USING gist (geom)")
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{table}_geog ON {table} "
                             f"USING gist ((geom::geography))")
    return True


def where(table: sa.Table, area: Box | Near, *, points: bool) -> sa.ColumnElement[bool] | sa.TextClause:
    """A condition on `table`'s rows for `area`: exact with PostGIS points; on plain columns a
    box that holds the area (a Near is then finished by `area.holds` in Python)."""
    if points:
        name = table.name
        if isinstance(area, Near):
            return sa.text(f"ST_DWithin({name}.geom::geography, ST_SetSRID(ST_MakePoint(:near_lon, :near_lat), "
                           f"4326)::geography, :near_metres, false)").bindparams(
                near_lat=area.lat, near_lon=area.lon, near_metres=area.km * 1000.0)
        return sa.text(f"{name}.geom && ST_MakeEnvelope(:box_west, :box_south, :box_east, :box_north, 4326)"
                       ).bindparams(box_west=area.west, box_south=area.south, box_east=area.east,
                                    box_north=area.north)
    box = area.box() if isinstance(area, Near) else area
    return sa.and_(table.c.lat.between(box.south, box.north), table.c.lon.between(box.west, box.east))

