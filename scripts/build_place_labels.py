"""Write the basemap's place names (geo.maps.placelabels) from the gazetteer into static/places/.

    .venv/bin/python scripts/build_place_labels.py

Run by `make gazetteer`, after the gazetteer cache is built; the output is not committed.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geo  # noqa: E402  (the repository root first on the path)
from geo.maps.placelabels import write_labels  # noqa: E402

if __name__ == "__main__":
    counts = write_labels(geo.load_gazetteer(), ROOT / "static" / "places")
    print(f"static/places: {counts['major']:,} major places, {counts['mid']:,} in {counts['mid_cells']:,} "
          f"cells, {counts['town']:,} towns in {counts['town_cells']:,} cells")
