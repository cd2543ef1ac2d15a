"""The event classifier in the scorer's JSON Lines protocol (../shared/eval/README-events.md).

    --mode rules        the rules alone (`geo.parse(..., learned=False)`)
    --mode classifier   the classifier alone: one event per record, its most probable subtype
    --mode combined     the rules, then event_classifier.combine with the policy given here
                        (with the default policy this is what `geo parse` does)

    .venv/bin/python ../shared/eval/score_events.py ../shared/data/events-dev/acled-dev.jsonl \\
        --cmd ".venv/bin/python scripts/classify_events.py --mode combined" --half check
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.errors import InputError  # noqa: E402
from geo.events import classifier as ec  # noqa: E402
from geo.events import combination as cb  # noqa: E402
from geo.events.declared import declared  # noqa: E402
from geo.events.seats import at_seats  # noqa: E402
from geo.gazetteer.index import load as load_gazetteer  # noqa: E402
from geo.pipeline import parse  # noqa: E402
from geo.text.sentences import split  # noqa: E402


def classifier_only(rec: dict, model: ec.Model) -> dict:
    best = ec.classify(rec["text"], model=model)[0]
    return {"id": rec["id"], "places": [], "events": [
        {"type": best.type, "subtype": best.subtype, "date": None, "lat": None, "lon": None,
         "place": None, "fatalities": None, "score": round(best.probability, 4)}]}


def rules_only(rec: dict, gaz) -> dict:
    article = parse(rec["text"], rec.get("published"), gazetteer=gaz, learned=False)
    return {"id": rec["id"], "places": [p.to_json() for p in article.places],
            "events": [e.to_json() for e in article.events]}


def combined(rec: dict, gaz, policy: cb.Policy, model: ec.Model) -> dict:
    article = parse(rec["text"], rec.get("published"), gazetteer=gaz, learned=False)
    events = cb.combine(article.text, article.events, article.places, article.published,
                        policy=policy, model=model)
    events = declared(article.text, events, article.places, article.published, split(article.text))
    events = at_seats(events, article.places, gaz)  # as geo.pipeline.parse
    return {"id": rec["id"], "places": [p.to_json() for p in article.places],
            "events": [e.to_json() for e in events]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["rules", "classifier", "combined"], required=True)
    ap.add_argument("--model", type=Path, default=ec.MODEL, help="model file (default: the shipped one)")
    for f in dataclasses.fields(cb.Policy):
        ap.add_argument(f"--{f.name}", type=type(f.default), default=f.default,
                        help=f"Policy.{f.name} (default {f.default})")
    args = ap.parse_args(argv)
    policy = cb.Policy(**{f.name: getattr(args, f.name) for f in dataclasses.fields(cb.Policy)})
    gaz = load_gazetteer() if args.mode != "classifier" else None
    model = ec.load(args.model)
    for line in sys.stdin:
        if not line.strip():
            continue
        rec = json.loads(line)
        try:
            out = (classifier_only(rec, model) if args.mode == "classifier"
                   else rules_only(rec, gaz) if args.mode == "rules"
                   else combined(rec, gaz, policy, model))
        except InputError as exc:
            out = {"id": rec.get("id"), "error": str(exc)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
