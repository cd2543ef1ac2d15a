"""Derive gazetteer/country_points.csv: one point per country, the area centroid of its
largest polygon (its mainland), from the npm package world-countries (ODbL 1.0).

    npm install --no-save world-countries@5.1.0
    .venv/bin/python gazetteer/build_country_points.py node_modules/world-countries

The centroid of the mainland is close to what atlases call a country's geographic centre;
islands and overseas territories do not drag the point into the sea. Where the mainland holds
less than MAINLAND_SHARE of the land (Indonesia, the Philippines, New Zealand, Japan) there is
no mainland to speak of: such countries are left out here and keep countryinfo's point
(geo/gazetteer/sources.py). The threshold was chosen among 0.5 / 0.7 / 0.8 on the development corpora.
So is a country whose mainland's centroid lies outside the mainland (a bent or hooked shape:
Norway's falls in Sweden, Vietnam's in Laos): a point outside a country is no point of it.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build_admin1_points import ring_centroid  # noqa: E402  (a sibling script)

OUT = Path(__file__).with_name("country_points.csv")
MAINLAND_SHARE = 0.7


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(lat, lon, area) of a GeoJSON lon/lat ring (shared shoelace code: build_admin1_points)."""
    return ring_centroid([(p[0], p[1]) for p in ring])


def mainland_centroid(geometry: dict) -> tuple[float, float, float, bool]:
    """(lat, lon) of the largest polygon's centroid, that polygon's share of the area, and
    whether the centroid lies inside that polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    parts = [_ring_centroid(p[0]) for p in polygons]
    at = max(range(len(parts)), key=lambda k: parts[k][2])
    best = parts[at]
    total = sum(c[2] for c in parts) or 1.0
    rings = polygons[at]
    inside = _in_ring(best[0], best[1], rings[0]) and not any(_in_ring(best[0], best[1], h) for h in rings[1:])
    return round(best[0], 4), round(best[1], 4), best[2] / total, inside


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
        lat, lon, share, inside = mainland_centroid(feature["geometry"])
        if share >= MAINLAND_SHARE and inside:
            rows.append((c["cca2"], lat, lon))
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["country", "lat", "lon", "source"])
        for cca2, lat, lon in sorted(rows):
            w.writerow([cca2, lat, lon, "world-countries 5.1.0 mainland centroid (ODbL)"])
    print(f"wrote {len(rows)} country points to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "node_modules/world-countries")
