"""World news names world cities: how often the resolver keeps them, in made-up stories.

A story about diplomacy, trade or travel names big cities of several countries side by side
('Envoys from Moscow and Ankara met in Geneva'). Most of them have small namesakes in one
populous country, and the namesakes of a country lie near each other: a resolver that rewards
places of one country lying close together can read the whole story as that country's small
towns. The development corpora have few such stories (LGL is US local news), so this script
writes its own from templates, with cities drawn from the gazetteer: every city of a million
people and every national capital of 100,000, each story naming cities of different
countries, some stories opening with a US town and its state ('Officials in Springfield,
Illinois said …': one US place, which must not take the world's cities home with it).

It reports the share of city mentions resolved within 161 km of the city meant, and the
share of stories with every city right, by template. Fixed seed; the gazetteer in use.

    .venv/bin/python scripts/check_world_news.py [--stories 800] [--seed 7] [--show 10]
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer.index import load  # noqa: E402
from geo.geometry import great_circle_km  # noqa: E402
from geo.pipeline import parse  # noqa: E402
from geo.resolve.candidates import candidates  # noqa: E402
from geo.text.normalize import name_key  # noqa: E402

WORLD_CITY = 1_000_000   # people
CAPITAL_MIN = 100_000    # a national capital this big is news however small
US_ANCHOR_MIN = 100_000  # the US towns that open some stories
HIT_KM = 161
# a city counts as the name's meaning only when this many times bigger than every namesake
# town abroad (Paris, France; not Cordoba, Argentina, against Cordoba, Spain)
PROMINENCE_RATIO = 10

# {0}, {1}, ... the world cities; {us} a US town and its state
TEMPLATES = {
    "talks": "Ministers from {0}, {1} and {2} met in {3} on Tuesday to discuss the sanctions.",
    "shuttle": "Envoys from {0} and {1} met in {2}, then flew on to {3} and {4}.",
    "flights": "Flights from {0} to {1} were cancelled after the storm, and trains to {2} were delayed.",
    "offices": "The company has offices in {0}, {1} and {2}, and plans to open one in {3} next year.",
    "markets": "Shares rose in {0} and {1} but fell in {2} as traders weighed the rate decision.",
    "anchored": "Officials in {us} said flights to {0}, {1} and {2} were cancelled on Monday.",
    "visitor": "The mayor of {us} visited {0} and {1} last week before talks in {2}.",
}


def world_cities(gaz) -> list[int]:
    """Entries of the cities a story may name: big or a capital, named by a one-word or
    two-word name that more than one country's towns bear (else there is nothing to get wrong)."""
    """Entries of the cities a story may name: big or a capital, with a one-word or two-word
    name that a town of another country bears too (else there is nothing to get wrong), but
    a town `PROMINENCE_RATIO` times smaller (else the story would have to say which)."""
    out = []
    for n, kind in enumerate(gaz.kinds):
        if kind != "city" or not gaz.ids[n].startswith("gn:"):
            continue
        if gaz.populations[n] >= WORLD_CITY or (n in gaz.capitals and gaz.populations[n] >= CAPITAL_MIN):
            name = gaz.names[n]
            if not (name.replace(" ", "").replace("-", "").isalpha() and name.count(" ") <= 1):
                continue
            abroad = [gaz.populations[c.entry] for c in candidates(gaz, name_key(name))
                      if gaz.kinds[c.entry] == "city" and gaz.countries[c.entry] != gaz.countries[n]]
            if abroad and max(abroad) * PROMINENCE_RATIO <= gaz.populations[n]:
                out.append(n)
    return out


def us_anchors(gaz) -> list[str]:
    return sorted(f"{gaz.names[n]}, {gaz.admin1s[n]}" for n, kind in enumerate(gaz.kinds)
                  if kind == "city" and gaz.countries[n] == "US" and gaz.populations[n] >= US_ANCHOR_MIN
                  and gaz.admin1s[n] and gaz.names[n].isalpha())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=800)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=0, help="print this many stories with a wrong city")
    args = ap.parse_args()
    gaz = load()
    pool = world_cities(gaz)
    anchors = us_anchors(gaz)
    rng = random.Random(args.seed)
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    whole: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    shown = 0
    for _ in range(args.stories):
        template_name = rng.choice(sorted(TEMPLATES))
        template = TEMPLATES[template_name]
        slots = template.count("{") - template.count("{us}")
        chosen: list[int] = []
        while len(chosen) < slots:  # cities of different countries, names not repeated
            n = rng.choice(pool)
            if all(gaz.countries[n] != gaz.countries[m] and gaz.names[n] != gaz.names[m] for m in chosen):
                chosen.append(n)
        text = template.format(*(gaz.names[n] for n in chosen), us=rng.choice(anchors))
        found = {p.start: p for p in parse(text, gazetteer=gaz).places}
        right = 0
        wrong = []
        for n in chosen:
            start = text.index(gaz.names[n])
            p = found.get(start)
            ok = p is not None and great_circle_km(p.lat, p.lon, gaz.lats[n], gaz.lons[n]) <= HIT_KM
            right += ok
            if not ok:
                wrong.append(f"{gaz.names[n]} ({gaz.countries[n]}) -> "
                             + (f"{p.name} ({p.country}, {p.admin1})" if p else "nothing"))
        hits[template_name][0] += right
        hits[template_name][1] += len(chosen)
        whole[template_name][0] += right == len(chosen)
        whole[template_name][1] += 1
        if wrong and shown < args.show:
            shown += 1
            print(f"  {text}\n      " + "; ".join(wrong))
    print(f"{len(pool)} world cities, {len(anchors)} US towns, {args.stories} stories, seed {args.seed}")
    for name in sorted(hits):
        (r, n), (w, s) = hits[name], whole[name]
        print(f"  {name:9} cities right {r / n:.3f} ({r}/{n}), stories all right {w / s:.3f} ({w}/{s})")
    r, n = (sum(v[i] for v in hits.values()) for i in (0, 1))
    w, s = (sum(v[i] for v in whole.values()) for i in (0, 1))
    print(f"  {'all':9} cities right {r / n:.3f} ({r}/{n}), stories all right {w / s:.3f} ({w}/{s})")


if __name__ == "__main__":
    main()
