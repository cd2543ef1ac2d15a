"""Derive gazetteer/country_points.csv: one point per country, the area centroid of its
largest polygon (its mainland), from the npm package world-countries (ODbL 1.0).

    npm install --no-save world-countries@5.1.0
    .venv/bin/python gazetteer/build_country_points.py node_modules/world-countries

The centroid of the mainland is close to what atlases call a country's geographic centre;
islands and overseas territories do not drag the point into the sea. Where the mainland holds
less than MAINLAND_SHARE of the land (Indonesia, the Philippines, New Zealand, Japan) there is
no mainland to speak of: such countries are left out here and keep countryinfo's point
(geo/gazetteer/sources.py). The threshold was chosen among 0.5 / 0.7 / 0.8 on the development corpora.
A country whose mainland's centroid lies outside the mainland (a bent or hooked shape:
Norway's falls in Sweden, Vietnam's in Laos) is marked not `central`, since a point outside a
country is no point of it; so is one whose mainland fills less than COMPACT_SHARE of its convex
hull (Chile, India, Russia, Canada with Hudson Bay), since the centre of area of so sprawling a
shape says little of where the country is, and atlases place it otherwise (0.7 was chosen on
the read halves of LGL, GeoVirus and TUD: Canada's mainland fills 0.69, the US's 0.77). Such a
country keeps countryinfo's point too, or its centroid where countryinfo has none (Antarctica).
"""
from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
from build_admin1_points import ring_centroid  # noqa: E402  (a sibling script)

OUT = Path(__file__).with_name("country_points.csv")
MAINLAND_SHARE = 0.7
COMPACT_SHARE = 0.7  # of the convex hull's area, on the same equal-area map


class Mainland(NamedTuple):
    """A country's largest polygon: its centroid, its share of the land, whether the centroid
    lies inside it, and its area over its convex hull's (1 for a convex shape)."""

    lat: float
    lon: float
    share: float
    inside: bool
    compact: float


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(lat, lon, area) of a GeoJSON lon/lat ring (shared shoelace code: build_admin1_points)."""
    return ring_centroid([(p[0], p[1]) for p in ring])


def mainland_centroid(geometry: dict) -> Mainland:
    """The largest polygon of a GeoJSON (Multi)Polygon, as a `Mainland`."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    parts = [_ring_centroid(p[0]) for p in polygons]
    at = max(range(len(parts)), key=lambda k: parts[k][2])
    best = parts[at]
    total = sum(c[2] for c in parts) or 1.0
    rings = polygons[at]
    inside = _in_ring(best[0], best[1], rings[0]) and not any(_in_ring(best[0], best[1], h) for h in rings[1:])
    flat = [(p[0], math.sin(math.radians(p[1]))) for p in rings[0]]  # the equal-area map of ring_centroid
    compact = _area(flat) / (_area(_convex_hull(flat)) or 1.0)
    return Mainland(round(best[0], 4), round(best[1], 4), best[2] / total, inside, compact)


def _area(pts: list[tuple[float, float]]) -> float:
    """Shoelace area of a ring of (x, y) points."""
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=False))) / 2


def _convex_hull(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull of (x, y) points, counter-clockwise (Andrew's monotone chain)."""
    ordered = sorted(set(pts))
    if len(ordered) < 3:
        return ordered

    def chain(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for p in points:
            while len(out) >= 2 and (out[-1][0] - out[-2][0]) * (p[1] - out[-2][1]) \
                    - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0]) <= 0:
                out.pop()
            out.append(p)
        return out[:-1]

    return chain(ordered) + chain(ordered[::-1])


def _in_ring(lat: float, lon: float, ring: list[list[float]]) -> bool:
    """Is (lat, lon) inside a GeoJSON lon/lat ring (even-odd crossings of a ray to the east)?"""
    crossings = 0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=False):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            crossings += 1
    return crossings % 2 == 1


def main(package_dir: str) -> None:
    root = Path(package_dir)
    countries = json.loads((root / "countries.json").read_text(encoding="utf-8"))
    rows = []
    for c in countries:
        path = root / "data" / f"{c['cca3'].lower()}.geo.json"
        if not c.get("cca2") or not path.exists():
            continue
        feature = json.loads(path.read_text(encoding="utf-8"))["features"][0]
        if not feature.get("geometry"):
            continue
        land = mainland_centroid(feature["geometry"])
        if land.share >= MAINLAND_SHARE:
            rows.append((c["cca2"], land.lat, land.lon, int(land.inside and land.compact >= COMPACT_SHARE)))
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["country", "lat", "lon", "central", "source"])
        for row in sorted(rows):
            w.writerow([*row, "world-countries 5.1.0 mainland centroid (ODbL)"])
    print(f"wrote {len(rows)} country points to {OUT}, {sum(r[3] for r in rows)} of them central")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "node_modules/world-countries")
