"""Geometry on the sphere: great-circle distances, unit vectors, the nearest point of a line.

Plain functions of floats, shared by the gazetteer (reverse lookup), the resolver (proximity,
rivers) and the store (incident merging); no stage's knowledge lives here.
"""
from __future__ import annotations

import math
from functools import lru_cache

EARTH_RADIUS_KM = 6371.009


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km (same radius as geopy's great_circle).

    >>> round(great_circle_km(50.4501, 30.5234, 52.2297, 21.0122))
    690
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=1 << 16)
def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    """The point (lat, lon) as a unit vector (x, y, z)."""
    p, l = math.radians(lat), math.radians(lon)  # noqa: E741 (lambda's usual letter)
    return math.cos(p) * math.cos(l), math.cos(p) * math.sin(l), math.sin(p)


def unit_vectors(points: list[tuple[float, float]]) -> tuple[tuple[float, float, float], ...]:
    """Unit vectors (x, y, z) of (lat, lon) points (plain tuples: `features.Targets` joins an
    article's into one array, cheaper than joining one small array per name)."""
    return tuple(unit_vector(lat, lon) for lat, lon in points)


def nearest_on_line(lat: float, lon: float,
                    line: tuple[tuple[float, float], ...]) -> tuple[float, float, float]:
    """The point of a polyline closest to (lat, lon), and its distance in km.

    Segments are projected in a local equirectangular frame: exact enough for a river
    passing through a city, which is what it is for.
    """
    best = (line[0][0], line[0][1], great_circle_km(lat, lon, *line[0]))
    kx = math.cos(math.radians(lat))
    for (a_lat, a_lon), (b_lat, b_lon) in zip(line, line[1:], strict=False):
        ax, ay, bx, by = a_lon * kx, a_lat, b_lon * kx, b_lat
        px, py = lon * kx, lat
        dx, dy = bx - ax, by - ay
        seg = dx * dx + dy * dy
        t = 0.0 if seg == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / seg))
        q_lat, q_lon = a_lat + t * (b_lat - a_lat), a_lon + t * (b_lon - a_lon)
        d = great_circle_km(lat, lon, q_lat, q_lon)
        if d < best[2]:
            best = (q_lat, q_lon, d)
    return best
