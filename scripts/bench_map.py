"""Map building cost for 1,000 / 10,000 / 100,000 events (server side), one core.

    .venv/bin/python scripts/bench_map.py

For each size: time to build the folium map, time to render its HTML, and the HTML size that is
sent to the browser; plus the time of one dashboard filter change at 10,000 events (filter, build,
render), which is what a widget change costs the server.
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import taxonomy, views  # noqa: E402
from geo.eventmap import build_event_map  # noqa: E402


def fake_events(n: int, seed: int = 7) -> list[dict]:
    """n events with random types, days and points in Ukraine (the text is a fixed sentence)."""
    rng = random.Random(seed)
    kinds = taxonomy.load()
    out = []
    for i in range(n):
        k = rng.choice(kinds)
        out.append({"id": i, "type": k.type, "subtype": k.subtype,
                    "date": f"2022-03-{rng.randint(1, 28):02d}", "place": "Somewhere",
                    "lat": rng.uniform(44.5, 52.3), "lon": rng.uniform(22.2, 40.2),
                    "geo_precision": 1, "fatalities": None, "score": rng.random(),
                    "sentence": "Shelling hit the town on Friday, officials said.", "title": "t",
                    "sources": 1})
    return out


def main() -> None:
    for n in (1_000, 10_000, 100_000):
        events = fake_events(n)
        t0 = time.perf_counter()
        m = build_event_map(events)
        t1 = time.perf_counter()
        html = m.get_root().render()
        t2 = time.perf_counter()
        print(f"{n:>7,} events: build {t1 - t0:.2f} s, render {t2 - t1:.2f} s, "
              f"HTML {len(html.encode()) / 1e6:.1f} MB")
    events = fake_events(10_000)
    t0 = time.perf_counter()
    shown = views.filter_events(events, types=[taxonomy.TYPES[0], taxonomy.TYPES[1]],
                                day_from="2022-03-05", day_to="2022-03-20")
    build_event_map(shown).get_root().render()
    print(f"filter change at 10,000 events ({len(shown):,} shown): {time.perf_counter() - t0:.2f} s server time")


if __name__ == "__main__":
    main()
