"""Parsing speed on the LGL and GeoVirus articles (../shared/data/geoparse-dev/), one core.

    .venv/bin/python scripts/bench_parse.py [--limit N]

Prints the machine's core count, gazetteer load time and resident memory, then documents per
second and per-stage milliseconds for recognition, resolution and event extraction, with the
median and 99th-percentile latency per article. The full benchmark of the speed issue will
replace this script; its figures are the ones in the README until then.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "data" / "geoparse-dev"
sys.path.insert(0, str(ROOT))  # run from anywhere, like python -m geo


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = ap.parse_args()
    t0 = time.perf_counter()
    import geo
    from geo.events import extract
    from geo.recognize import find_mentions
    from geo.resolve import resolve

    gaz = geo.load_gazetteer()
    load_s = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    docs = [json.loads(line)["text"] for name in ("lgl", "geovirus")
            for line in open(CORPORA / f"{name}.jsonl", encoding="utf-8")][:args.limit]
    stages = [0.0, 0.0, 0.0]
    latencies = []
    for text in docs:
        a = time.perf_counter()
        mentions = find_mentions(text, gaz)
        b = time.perf_counter()
        places, _ = resolve(mentions, text, gaz)
        c = time.perf_counter()
        extract(text, places, None, gaz.demonyms)
        d = time.perf_counter()
        for i, dt_ in enumerate((b - a, c - b, d - c)):
            stages[i] += dt_
        latencies.append(d - a)
    n, total = len(docs), sum(stages)
    chars = sum(map(len, docs))
    print(f"cores: {os.cpu_count()}; gazetteer load {load_s:.2f} s (import included), "
          f"resident {rss_mb:.0f} MB after load")
    print(f"{n} articles, {chars:,} characters: {n / total:.0f} docs/s, {chars / total:,.0f} chars/s")
    print(f"per article: recognise {stages[0] / n * 1000:.2f} ms, resolve {stages[1] / n * 1000:.2f} ms, "
          f"events {stages[2] / n * 1000:.2f} ms; median {statistics.median(latencies) * 1000:.1f} ms, "
          f"p99 {sorted(latencies)[int(0.99 * (n - 1))] * 1000:.1f} ms")
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
