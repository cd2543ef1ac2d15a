"""Resolver, containment: 'Athens, Greece', 'Gillis Street in Athens', 'Atlanta, Georgia'.

`containers` finds, for each 'X, Y', 'X in Y' or 'X (Y', the area Y's reading stands for,
and `shared_containers` gives it to every bare mention of the same name (one sense per
name). `strays` names the X none of whose entries lies in any reading of its Y: the
gazetteer lacks that X ('Pisky, Donetsk' with only Poltava's Pisky known), and the text
still says where it is.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from geo.gazetteer.index import Gazetteer
from geo.records import Mention, Place
from geo.resolve import features as F
from geo.resolve.article_lists import LIST_GAPS, LIST_MIN_MEMBERS
from geo.resolve.candidates import Area, Reading, candidates, named_like_its_unit, own_readings
from geo.text.normalize import name_key
from geo.vocabulary import BROAD_AREAS, COUNTRY_OR_CONTINENT, KIND_WORDS

# 'X, Y', 'X in Y', and 'X (Y' as news and coders write a town with its region: 'Mosul
# (Nineveh)', 'Fotokol (Logone-et-Chari, Extreme-Nord)'
# ... and with the word for what X is between them: 'Kadikoy town, Istanbul', 'Manzobe village
# (Irumu', which may also say 'of': 'the Kajuru district of Kaduna' (never a bare 'of': 'Bank of')
_X_KIND = (r"\s+(?:town|village|city|district|county|province|region|area|municipality|locality|"
           r"commune|ward|township|suburb|neighbourhood|neighborhood)")
CONTAINER_GAP = re.compile(r"(?:(?:%s)?(?:\s*,|\s+\(|\s+in\s|,\s+in\s)|%s\s+of\s+(?:the\s+)?)\s*"
                           % (_X_KIND, _X_KIND), re.IGNORECASE)


def _gap_through_unknown(text: str, end: int, start: int, unknown_at: dict[int, int]) -> str:
    """The text between two mentions; where it is a container gap, a name the gazetteer lacks
    and another container gap, the second gap only (so that the chain holds)."""
    gap = text[end:start]
    if unknown_at and not CONTAINER_GAP.fullmatch(gap):
        first = CONTAINER_GAP.match(text, end)
        if first is not None and first.end() in unknown_at:
            rest = text[unknown_at[first.end()]:start]
            if CONTAINER_GAP.fullmatch(rest):
                return rest
    return gap


class Held(NamedTuple):
    """Y's area for the X of 'X, Y', the mention index of Y, and whether X may lie in Y: an
    entry of X lies in Y's area or in an admin-1 reading of Y, or Y names no admin-1 unit,
    or X is no town less known than Y (only such a town is named by its region)."""

    area: Area
    holder: int
    inside: bool


def containers(mentions: list[Mention], text: str, picks: dict[int, int],
               gaz: Gazetteer, unknown: list[Mention] | tuple[Mention, ...] = ()) -> dict[int, Held]:
    """For 'X, Y', 'X in Y' and 'X (Y': mention index of X -> the area of Y's pick (`Held`).
    Border mentions neither hold nor are held (their picks are made apart, in `placement`).
    A name between them the gazetteer lacks (`unknown`) is a link of the chain: 'Akbulak
    village in Kandorsky district of Mangystau' puts Akbulak in Mangystau."""
    out = {}
    unknown_at = {u.start: u.end for u in unknown}
    for a, b in zip(range(len(mentions)), range(1, len(mentions)), strict=False):
        if mentions[a].border_of:
            continue
        gap = _gap_through_unknown(text, mentions[a].end, mentions[b].start, unknown_at)
        if b + 1 < len(mentions) and gap.strip() == ",":
            after = text[mentions[b].end:mentions[b + 1].start].strip()
            if after in LIST_GAPS:
                continue  # 'Greece, Bulgaria, Italy': a list, not a place and its container
        if CONTAINER_GAP.fullmatch(gap) and b in picks:
            top = gaz.lookup(mentions[a].key)
            if top and gaz.kinds[top[0].entry] in COUNTRY_OR_CONTINENT:
                continue  # 'punish Russia, US President ...': a country is in no container
            if top and gaz.kinds[top[0].entry] == "admin1" \
                    and all(gaz.countries[m.entry] != gaz.countries[picks[b]] for m in top):
                continue  # 'Move over, Michigan, China is ...': nor is a state in another country
            held = _container_area(gaz, mentions[a], mentions[b], picks[b], gap.rstrip().endswith(","))
            c = b + 1
            if (held is None or not held[1]) and c < len(mentions) and c in picks \
                    and gap.rstrip().endswith("(") and text[mentions[b].end:mentions[c].start].strip() == ",":
                # 'Kamianka (Izium, Kharkiv)': a village, its district's town, its region; the
                # region holds the village too (the district's town stays its nearest holder)
                held = _container_area(gaz, mentions[a], mentions[c], picks[c], True) or held
            if held is not None:
                x = picks.get(a)
                # only a town less known than its Y is named by its region ('Pisky, Donetsk');
                # 'Prague, Cesky Krumlov' is two towns
                may_stray = x is not None and gaz.kinds[x] == "city" and gaz.priors[x] < gaz.priors[picks[b]]
                out[a] = Held(held[0], b, held[1] or not may_stray)
    return out


def _container_area(gaz: Gazetteer, inner: Mention, outer: Mention, pick: int, comma: bool,
                    ) -> tuple[Area, bool] | None:
    """The area of the reading of `outer` that holds a reading of `inner`: its own best pick
    if that does, else its best-scored other country or state that does ('Atlanta, Georgia'
    is the US state, 'Tbilisi, Georgia' the country), else the pick; and whether one holds.
    Towns are not searched: 'Monroe, Trenton' is more often two towns than one in the other.
    An `outer` that names no admin-1 unit ('Boston, Chicago' may be a pair) holds as well."""
    def area(n: int) -> Area | None:
        kind = gaz.kinds[n]
        if kind in ("country", "admin1", "admin2") or (kind == "city" and comma):
            return Area(kind, gaz.countries[n], gaz.admin1s[n] if kind != "country" else "")
        return None

    inside = [(gaz.countries[n], gaz.admin1s[n], gaz.kinds[n]) for n, _ in candidates(gaz, inner.key)]
    readings = sorted(own_readings(gaz, outer.key, outer.kind_hint, None)[0], key=lambda r: -r.own_score)
    tried = [area(n) for n in [pick] + [r.entry for r in readings
                                        if r.entry != pick and gaz.kinds[r.entry] in BROAD_AREAS]]
    tried += _named_after(gaz, outer.key, readings)
    for found in tried:
        if found and any(F.containment(c, a1, found, k) > 0 for c, a1, k in inside):
            return found, True
    own = area(pick)
    if own is None:
        return None
    units = [a for a in tried if a and a.kind in ("admin1", "admin2") and a.country == own.country]
    if not any(c == own.country for c, _, _ in inside):
        return own, True  # a namesake of the same country is what a lost town is mistaken for
    holds = not units or any(_may_lie_in(c, a1, k, u) for u in units + [own] for c, a1, k in inside)
    return own, holds


def _named_after(gaz: Gazetteer, key: str, readings: tuple[Reading, ...] | list[Reading]) -> list[Area]:
    """The admin-1 units a town reading of `key` gives its name to: news writes a region by
    its short name ('Pisky, Donetsk' for Donetsk Oblast, 'Andarab district, Baghlan'), also
    where the town itself is a unit of its own ('Bucha, Kyiv': Kyiv Oblast, not Kyiv City)."""
    out = []
    for r in readings:
        if gaz.kinds[r.entry] == "city" and r.admin1:
            unit = name_key(r.admin1)
            if unit == key or unit.startswith(key + " "):
                out.append(Area("admin1", r.country, r.admin1))
            out += [Area("admin1", r.country, admin1) for admin1 in _units_named(gaz, r.country, key)]
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1 << 12)
def _units_named(gaz: Gazetteer, country: str, key: str) -> tuple[str, ...]:
    """The admin-1 units of a country whose name is `key` or starts with it ('Kyiv Oblast')."""
    return tuple(name for name in _units_of(gaz).get(country, ())
                 if (name_key(name) + " ").startswith(key + " "))


@lru_cache(maxsize=4)
def _units_of(gaz: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Country -> the names of its admin-1 units, read once from the seats table."""
    by_country: dict[str, list[str]] = defaultdict(list)
    for unit in gaz.seats:
        country, _, name = unit.partition("|")
        by_country[country].append(name)
    return {c: tuple(names) for c, names in by_country.items()}


def _may_lie_in(country: str, admin1: str, kind: str, area: Area) -> bool:
    """Containment, or an entry of the area's country whose admin-1 unit is not recorded."""
    return F.containment(country, admin1, area, kind) > 0 or (country == area.country and not admin1)


def shared_containers(named: list[tuple[int, Mention]], found: dict[int, Held]) -> dict[int, Area | None]:
    """One sense per name: 'Athens, Greece' early on makes every bare 'Athens' of the article
    the Greek one, however Canadian the rest of it. Only when the name's containers agree,
    and never to a mention that is itself the container of its namesake ('Mahdia (Mahdia'
    is the town in the governorate of its name)."""
    by_key: dict[str, set[Area]] = defaultdict(set)
    for i, m in named:
        if i in found:
            by_key[m.key].add(found[i].area)
    shared = {key: next(iter(areas)) for key, areas in by_key.items() if len(areas) == 1}
    holders = {h.holder for h in found.values()}
    return {i: found[i].area if i in found else shared.get(m.key) for i, m in named
            if i in found or (m.key in shared and i not in holders)}


def strays(found: dict[int, Held]) -> dict[int, int]:
    """Mention index of each X that no reading of its Y holds -> the index of Y."""
    return {i: h.holder for i, h in found.items() if not h.inside}


def holder_after(end: int, text: str, places: list[Place]) -> Place | None:
    """The place that holds a name ending at `end` by 'X, Y', 'X (Y', 'X village (Y' or
    'X in Y': a town or a region, not a country (too coarse to stand for a village)."""
    gap = CONTAINER_GAP.match(text, end)
    if gap is None:
        return None
    return next((p for p in places if p.start == gap.end() and p.kind not in COUNTRY_OR_CONTINENT), None)


def namesake_units(gaz: Gazetteer, mentions: list[Mention], found: dict[int, Held],
                   picks: dict[int, int], all_runs: list[list[int]]) -> list[Mention]:
    """`mentions` with a hint on each bare name of a city of millions that is also the own
    name of its unit ('New York': New York City, New York state), where the text says which:
    the unit ('admin1') as the Y of 'X, Y' ('Buffalo, New York'), or in an article whose
    kind word marks it so once ('New York state ... in New York'); the kind of the places
    listed beside it ('New Jersey and New York', 'Hong Kong, New York and Tokyo')."""
    def namesake(i: int) -> bool:
        key = mentions[i].key
        return any(named_like_its_unit(gaz, n, key, primary) for n, primary in candidates(gaz, key))

    hints: dict[int, str] = {}
    for run in all_runs:
        for i in run if len(run) >= LIST_MIN_MEMBERS else ():
            kinds = {gaz.kinds[picks[j]] for j in run if j != i and j in picks}
            if len(kinds) == 1 and kinds <= {"admin1", "city"}:
                hints[i] = kinds.pop()
        if len(run) == 2 and all(j in picks for j in run):
            for i, j in (run, run[::-1]):  # 'New York and Bangkok': a city beside a city abroad
                if gaz.kinds[picks[j]] == "city" and gaz.countries[picks[j]] != gaz.countries[picks[i]]:
                    hints[i] = "city"
    hints.update({h.holder: "admin1" for h in found.values() if h.holder in picks})
    # 'New York state' is keyed with its kind word, the bare name without
    marked = {without_kind_word(m.key) for m in mentions if m.kind_hint in ("admin", "admin1")}
    hints.update({i: "admin1" for i, m in enumerate(mentions) if m.key in marked})
    return [replace(m, kind_hint=hints[i]) if m.kind_hint is None and i in hints and namesake(i)
            else m for i, m in enumerate(mentions)]


def without_kind_word(key: str) -> str:
    """'haradh district' -> 'haradh'; a key with no kind word at its end as it is."""
    head, _, last = key.rpartition(" ")
    return head if head and last in KIND_WORDS else key
