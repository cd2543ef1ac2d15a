"""Place names for the offline basemap, from the gazetteer's GeoNames places: written once as
small JSON files under static/places/ (served at /app/static/places/), read by the map as the
view moves, so that names appear by zoom level: capitals and large cities first, towns as you
zoom in. `scripts/build_place_labels.py` writes them (`make gazetteer` runs it).

Three sets, each place in one of them, by population:

- major.json: capitals and cities of MAJOR_POP or more, from zoom 2 to 6 by size;
- mid/<cell>.json, cells of MID_CELL degrees: places of MID_POP or more, from zoom 7;
- town/<cell>.json, cells of TOWN_CELL degrees: the smaller places, from zoom 9 (the largest)
  to 11 (villages).

Each place is [name, lat, lon, min zoom, population]; a cell is named "<row>_<column>" on its
grid ((lat + 90) // size, (lon + 180) // size).

    >>> min_zoom(3_000_000, capital=False), min_zoom(60_000, capital=False), min_zoom(800, capital=False)
    (4, 7, 11)
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

MAJOR_POP = 200_000
MID_POP = 15_000
MID_CELL = 10
TOWN_CELL = 2
LABEL_KINDS = frozenset({"city"})   # GeoNames populated places (districts and sites are left out)
VERSION = 1


def min_zoom(population: int, *, capital: bool) -> int:
    """The first zoom level at which a place of this population is named."""
    if capital:
        return 2 if population >= 1_000_000 else 3
    steps = ((5_000_000, 3), (1_000_000, 4), (500_000, 5), (MAJOR_POP, 6), (50_000, 7),
             (MID_POP, 8), (5_000, 9), (1_000, 10))
    return next((zoom for floor, zoom in steps if population >= floor), 11)


def _cell(lat: float, lon: float, size: int) -> str:
    return f"{int((lat + 90) // size)}_{int((lon + 180) // size)}"


def place_rows(gaz) -> list[list]:
    """[name, lat, lon, min zoom, population] of every populated place in the gazetteer, the
    most populous first."""
    rows = []
    for n, kind in enumerate(gaz.kinds):
        if kind not in LABEL_KINDS:
            continue
        pop = int(gaz.populations[n])
        rows.append([gaz.names[n], round(gaz.lats[n], 4), round(gaz.lons[n], 4),
                     min_zoom(pop, capital=n in gaz.capitals), pop])
    rows.sort(key=lambda r: (-r[4], r[0]))
    return rows


def write_labels(gaz, folder: Path) -> dict:
    """Write the three sets for `gaz` into `folder` (replaced whole); returns the counts."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "mid").mkdir(parents=True)
    (tmp / "town").mkdir()
    major: list[list] = []
    mid: dict[str, list[list]] = {}
    town: dict[str, list[list]] = {}
    for row in place_rows(gaz):
        name, lat, lon, zoom, pop = row
        if zoom <= 6:
            major.append(row)
        elif pop >= MID_POP:
            mid.setdefault(_cell(lat, lon, MID_CELL), []).append(row)
        else:
            town.setdefault(_cell(lat, lon, TOWN_CELL), []).append(row)

    def dump(path: Path, rows: list) -> None:
        path.write_text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    dump(tmp / "major.json", major)
    for key, rows in mid.items():
        dump(tmp / "mid" / f"{key}.json", rows)
    for key, rows in town.items():
        dump(tmp / "town" / f"{key}.json", rows)
    counts = {"version": VERSION, "major": len(major), "mid": sum(len(r) for r in mid.values()),
              "mid_cells": len(mid), "town": sum(len(r) for r in town.values()), "town_cells": len(town),
              "mid_cell_deg": MID_CELL, "town_cell_deg": TOWN_CELL}
    (tmp / "index.json").write_text(json.dumps(counts), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return counts
