"""Resolver, containment: 'Athens, Greece', 'Gillis Street in Athens', 'Atlanta, Georgia'.

`containers` finds, for each 'X, Y' or 'X in Y', the area Y's reading stands for, and
`shared_containers` gives it to every bare mention of the same name (one sense per name).
"""
from __future__ import annotations

from collections import defaultdict

from geo.gazetteer.index import Gazetteer
from geo.records import Mention
from geo.resolve import features as F
from geo.resolve.article_lists import LIST_GAPS
from geo.resolve.candidates import Area, candidates, own_readings
from geo.vocabulary import BROAD_AREAS, COUNTRY_OR_CONTINENT

_CONTAINER_GAPS = frozenset({",", "in", ", in"})
_CONTAINER_GAP_CHARS = 5  # longer gaps are no 'X, Y'


def containers(mentions: list[Mention], text: str, picks: dict[int, int],
               gaz: Gazetteer) -> dict[int, Area]:
    """For 'X, Y' and 'X in Y': mention index of X -> the area of Y's pick. Border mentions
    neither hold nor are held (their picks are made apart, in `placement`)."""
    out = {}
    for a, b in zip(range(len(mentions)), range(1, len(mentions)), strict=False):
        if mentions[a].border_of:
            continue
        gap = text[mentions[a].end:mentions[b].start]
        if b + 1 < len(mentions) and gap.strip() == ",":
            after = text[mentions[b].end:mentions[b + 1].start].strip()
            if after in LIST_GAPS:
                continue  # 'Greece, Bulgaria, Italy': a list, not a place and its container
        if gap.strip() in _CONTAINER_GAPS and len(gap) <= _CONTAINER_GAP_CHARS and b in picks:
            top = gaz.lookup(mentions[a].key)
            if top and gaz.kinds[top[0].entry] in COUNTRY_OR_CONTINENT:
                continue  # 'punish Russia, US President ...': a country is in no container
            area = _container_area(gaz, mentions[a], mentions[b], picks[b], gap.strip() == ",")
            if area is not None:
                out[a] = area
    return out


def _container_area(gaz: Gazetteer, inner: Mention, outer: Mention, pick: int, comma: bool,
                    ) -> Area | None:
    """The area of the reading of `outer` that holds a reading of `inner`: its own best pick
    if that does, else its best-scored other country or state that does ('Atlanta, Georgia'
    is the US state, 'Tbilisi, Georgia' the country), else the pick. Towns are not searched:
    'Monroe, Trenton' is more often two towns than one in the other."""
    def area(n: int) -> Area | None:
        kind = gaz.kinds[n]
        if kind in ("country", "admin1", "admin2") or (kind == "city" and comma):
            return Area(kind, gaz.countries[n], gaz.admin1s[n] if kind != "country" else "")
        return None

    inside = [(gaz.countries[n], gaz.admin1s[n], gaz.kinds[n]) for n, _ in candidates(gaz, inner.key)]
    readings = sorted(own_readings(gaz, outer.key, outer.kind_hint, None)[0], key=lambda r: -r.own_score)
    for n in [pick] + [r.entry for r in readings if r.entry != pick and gaz.kinds[r.entry] in BROAD_AREAS]:
        found = area(n)
        if found and any(F.containment(c, a1, found, k) > 0 for c, a1, k in inside):
            return found
    return area(pick)


def shared_containers(named: list[tuple[int, Mention]], found: dict[int, Area]) -> dict[int, Area | None]:
    """One sense per name: 'Athens, Greece' early on makes every bare 'Athens' of the article
    the Greek one, however Canadian the rest of it. Only when the name's containers agree."""
    by_key: dict[str, set[Area]] = defaultdict(set)
    for i, m in named:
        if i in found:
            by_key[m.key].add(found[i])
    shared = {key: next(iter(areas)) for key, areas in by_key.items() if len(areas) == 1}
    return {i: found.get(i, shared.get(m.key)) for i, m in named
            if i in found or m.key in shared}
