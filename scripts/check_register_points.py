"""How near a register village's point lies to where it is: leave-one-out over the villages
of Ukraine's register that GeoNames' cities500 has (`geo/gazetteer/registers.py`).

Each anchor (a village named once in its region and matched to one town there) is placed as
a village the gazetteer lacks would be, from the other anchors of its community (hromada),
else of its district (raion), and its distance to its own GeoNames point is measured.

    .venv/bin/python scripts/check_register_points.py
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer import build, registers  # noqa: E402
from geo.geometry import great_circle_km  # noqa: E402
from geo.vocabulary import SETTLEMENT_KINDS  # noqa: E402


def main() -> None:
    towns = [r for r in build._base_rows() if r.country == "UA" and r.kind in SETTLEMENT_KINDS]
    found = registers.match_register(towns, registers.katottg_entries())
    units = {"community": (lambda e: e.community, registers.COMMUNITY_REACH_KM),
             "district": (lambda e: e.district, registers.DISTRICT_REACH_KM)}
    members: dict[str, dict[str, list]] = {level: defaultdict(list) for level in units}
    for e in found.entries:
        if e.code in found.anchors:
            for level, (unit_of, _) in units.items():
                members[level][unit_of(e)].append(e.code)
    errors: dict[str, list[float]] = {level: [] for level in units}
    for e in found.entries:
        town = found.anchors.get(e.code)
        if town is None:
            continue
        for level, (unit_of, reach) in units.items():
            others = [found.anchors[c] for c in members[level][unit_of(e)] if c != e.code]
            if others:
                lat, lon = registers.middle([(t.lat, t.lon) for t in others], reach)
                errors[level].append(great_circle_km(town.lat, town.lon, lat, lon))
                break
    print(f"register settlements {len(found.entries)}, anchored to a GeoNames town {len(found.anchors)}")
    for level, km in errors.items():
        km.sort()
        if km:
            shares = " / ".join(f"{sum(d <= r for d in km) / len(km):.3f}" for r in (10, 25, 50))
            print(f"placed by {level}: {len(km)} villages, within 10 / 25 / 50 km {shares}, "
                  f"median {km[len(km) // 2]:.1f} km")


if __name__ == "__main__":
    main()
