"""How much the event classifier costs: load time, µs per sentence, and what `combine` would add
to each parsed article, beside the parse itself (warm, best of three passes: the host is shared).

    .venv/bin/python scripts/time_event_classifier.py          # LGL + GeoVirus from ../shared
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.events import classifier as ec  # noqa: E402
from geo.events import combination as cb  # noqa: E402
from geo.gazetteer.index import load as load_gazetteer  # noqa: E402
from geo.pipeline import parse  # noqa: E402
from geo.text.sentences import split  # noqa: E402


def best_of(passes: int, work, items) -> float:
    """Seconds per item of the fastest pass."""
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        for item in items:
            work(item)
        times.append(time.perf_counter() - start)
    return min(times) / len(items)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args(argv)
    texts = []
    for corpus in ("lgl", "geovirus"):
        with open(args.shared / "data" / "geoparse-dev" / f"{corpus}.jsonl", encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    start = time.perf_counter()
    model = ec.load()
    load_s = time.perf_counter() - start
    sentences = [t[s:e] for t in texts for s, e in split(t)]
    per_sentence = best_of(args.passes, lambda s: ec.probabilities(s, model), sentences)
    gaz = load_gazetteer()
    # geo/events/extractor.py has each article's sentences at hand, so combine gets them as it would there
    articles = [(parse(t, gazetteer=gaz), split(t)) for t in texts]
    per_parse = best_of(args.passes, lambda t: parse(t, gazetteer=gaz), texts)
    per_combine = best_of(args.passes, lambda a: cb.combine(
        a[0].text, a[0].events, a[0].places, a[0].published, sentences=a[1], model=model), articles)
    print(f"model load {load_s * 1e3:.0f} ms ({ec.MODEL.stat().st_size / 1e6:.1f} MB file)")
    print(f"{len(sentences)} sentences of {len(texts)} articles ({len(sentences) / len(texts):.1f} a piece, "
          f"{sum(map(len, sentences)) / len(sentences):.0f} chars): {per_sentence * 1e6:.0f} µs a sentence, "
          f"{1 / per_sentence:,.0f} sentences/s")
    print(f"parse {per_parse * 1e3:.2f} ms an article ({1 / per_parse:.0f}/s); combine adds "
          f"{per_combine * 1e3:.3f} ms ({per_combine / per_parse:.0%}): parse+combine "
          f"{1 / (per_parse + per_combine):.0f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
