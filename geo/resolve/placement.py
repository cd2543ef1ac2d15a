"""Resolver, placing: where a chosen entry goes on the map, and how sure that is.

A river named beside a city is placed where it meets the city (`snap_line`); a street goes
to its town (`town_of`); a border to the nearest crossing of the two countries or to the
country (`border_place`); a name the gazetteer lacks takes the point of the town or unit that
holds it (`in_town`, `area_of_article`, `country_of_story`; one per name: `one_host_per_name`),
and so does a river or bay it lacks, however a namesake town abroad is called
(`water_namesakes`), or a town of that unit it is a spelling of (`spelled_in`). `confidence`
maps raw scores to 0-1.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import NamedTuple

from geo.gazetteer.index import Gazetteer
from geo.geometry import great_circle_km, nearest_on_line
from geo.records import Mention, Place, Unresolved
from geo.resolve import features as F
from geo.resolve.containers import without_kind_word
from geo.vocabulary import BORDER, HINT_KINDS, KIND_WORDS, SETTLEMENT_KINDS, TOWN_KINDS

RIVER_SNAP_KM = 60.0  # a river named with a city within this distance is placed at that city
RIVER_SNAP_CHARS = 250  # ... when the city is named this close to the river in the text
STREET_TOWN_CHARS = 80  # a town this close to a street (about a sentence) is taken as its town
BORDER_SCORE_SHARE = 0.7  # a border is a line: its point is a guess, worth 0.7 of the mention
# what stands between a street and its town: 'Memphis St., Alexandria', 'Gillis Street in
# Athens', an address's house number and postcode ('Riemergasse 11, 1010 Vienna')
_RIGHT_AFTER = re.compile(r"\s*(?:\d[\w/-]*\s*){0,2}(?:,|in|, in)?\s*(?:\d{4,5}\s*)?")
_RIGHT_AFTER_CHARS = 16
NOT_IN_GAZETTEER = "not in the gazetteer"
_WATER_HINTS = frozenset({"river", "sea", "lake"})


class Choice(NamedTuple):
    """A group of mentions' answer in a context round: the winning entry (-1: none) and the
    best six (entry, score) pairs, best first."""

    entry: int
    ranked: tuple[tuple[int, float], ...]


NO_CHOICE = Choice(-1, ())


def confidence(best: float, second: float | None, mention_conf: float) -> float:
    """Map raw scores to 0-1: high when the winner is strong and clearly ahead."""
    margin = 1.0 if second is None else min(1.0, max(0.0, best - second) * 2.5)
    strength = 1.0 / (1.0 + math.exp(-6.0 * (best - 0.55)))
    return round(mention_conf * (0.35 + 0.65 * strength) * (0.6 + 0.4 * margin), 3)


@lru_cache(maxsize=4)
def _border_crossings(gaz: Gazetteer) -> tuple[int, ...]:
    return tuple(n for n, kind in enumerate(gaz.kinds) if kind == "border_crossing")


def border_place(gaz: Gazetteer, m: Mention, ctx: F.ArticleContext) -> Place | None:
    """'the Polish border': the most prominent crossing of Poland or of the article's main
    other country, else Poland itself; None when the gazetteer has neither."""
    iso = m.border_of or ""
    other = ctx.dominant_country(exclude=iso)
    best = None
    for n in _border_crossings(gaz):
        if gaz.countries[n] in (iso, other) and (best is None or gaz.priors[n] > gaz.priors[best]):
            best = n
    if best is None:
        best = gaz.country_entry.get(iso)
        if best is None:
            return None
    c = gaz.candidate(best)
    return Place(start=m.start, end=m.end, text=m.text,
                 name=f"{gaz.names[gaz.country_entry.get(iso, best)]} border",
                 lat=c.lat, lon=c.lon, country=iso, admin1=c.admin1, kind=BORDER, id=c.id,
                 geonameid=c.geonameid, score=round(BORDER_SCORE_SHARE * m.confidence, 3))


def town_of(street: Mention | Unresolved, text: str, places: list[Place]) -> Place | None:
    """The town a street lies in: the one named right after it ('Memphis St., Alexandria',
    'Gillis Street in Athens'), else the nearest town within a sentence's reach, else the
    nearest named before it, else after it. The gazetteer has no streets; the town's point
    is the best the text supports."""
    towns = [p for p in places if p.kind in TOWN_KINDS]
    for p in towns:
        if p.start >= street.end and p.start - street.end <= _RIGHT_AFTER_CHARS \
                and _RIGHT_AFTER.fullmatch(text, street.end, p.start):
            return p

    def gap(p: Place) -> int:  # characters between the street and the town, either side
        return street.start - p.end if p.end <= street.start else p.start - street.end

    close = [p for p in towns if gap(p) <= STREET_TOWN_CHARS]
    if close:
        return min(close, key=gap)
    before = [p for p in towns if p.end <= street.start]
    if before:
        return max(before, key=lambda p: p.end)
    after = [p for p in towns if p.start >= street.end]
    return min(after, key=lambda p: p.start) if after else None


def snap_line(gaz: Gazetteer, n: int, i: int, mentions: list[Mention],
              chosen: dict[int, Choice]) -> tuple[float, float]:
    """A river named with a nearby city in the same passage is placed where it meets the city."""
    line = gaz.geometry.get(n)
    if not line:
        return gaz.lats[n], gaz.lons[n]
    m = mentions[i]
    best = None
    for j, other in enumerate(mentions):
        if j == i or abs(other.start - m.start) > RIVER_SNAP_CHARS or j not in chosen:
            continue
        o = chosen[j].entry
        if o < 0 or gaz.kinds[o] not in SETTLEMENT_KINDS:
            continue
        lat, lon, d = nearest_on_line(gaz.lats[o], gaz.lons[o], line)
        if d <= RIVER_SNAP_KM and (best is None or abs(other.start - m.start) < best[0]):
            best = (abs(other.start - m.start), gaz.lats[o], gaz.lons[o])
    return (best[1], best[2]) if best else (gaz.lats[n], gaz.lons[n])


def in_town(m: Mention | Unresolved | Place, town: Place, kind: str, share: float) -> Place:
    """A name the gazetteer lacks, at the point of the town the text puts it in."""
    return Place(start=m.start, end=m.end, text=m.text, name=f"{m.text}, {town.name}",
                 lat=town.lat, lon=town.lon, country=town.country, admin1=town.admin1,
                 kind=kind, id=town.id, geonameid=None, score=round(share * town.score, 3))


def area_of_article(ctx: F.ArticleContext, u: Unresolved, placed: list[Place]) -> Place | None:
    """The first-level unit of the article's main country named nearest to `u`, else that
    country as the article names it; None if it names no country."""
    iso = ctx.dominant_country()
    areas = [p for p in placed if p.country == iso and p.kind in ("admin1", "country")]
    if not areas:
        return None
    return min(areas, key=lambda p: (p.kind == "country", abs(p.start - u.start)))


def water_namesakes(mentions: list[Mention], places: list[Place], not_placed: list[Unresolved],
                     ) -> tuple[list[Place], list[Unresolved], list[tuple[Mention, Place | Unresolved]]]:
    """The places and the unresolved, less those of a river, bay or lake the gazetteer lacks,
    named with its kind word ('Periyar River', 'Halong Bay'), whose best entry is a
    namesake of another kind (a town called Halong abroad): those come back with their
    mentions, for the town the text puts the water in."""
    # a town named with the word ('Elbow Lake', 'Long Beach') is that town
    water = {m.start: m for m in mentions
             if m.kind_hint in _WATER_HINTS and m.key.rsplit(" ", 1)[-1] not in KIND_WORDS}
    waters: list[tuple[Mention, Place | Unresolved]] = []

    def namesake(p: Place | Unresolved) -> bool:
        m = water.get(p.start)
        if m is None or (p.kind in HINT_KINDS[m.kind_hint or ""] if isinstance(p, Place)
                         else p.reason == NOT_IN_GAZETTEER):
            return False
        waters.append((m, p))
        return True

    kept = [p for p in places if not namesake(p)]
    still = [u for u in not_placed if not namesake(u)]
    return kept, still, waters


def one_host_per_name(hosts: dict[Unresolved, Place | None]) -> dict[Unresolved, Place | None]:
    """One place per name the gazetteer lacks: each mention of it takes the host named
    closest in the text to any of them ('visit him in Qunu' and '... Mthatha, the nearest
    airport to his home in Qunu village': both in Mthatha)."""
    def gap(u: Unresolved, p: Place) -> int:
        return u.start - p.end if p.end <= u.start else max(0, p.start - u.end)

    best: dict[str, tuple[int, Place]] = {}
    for u, p in hosts.items():
        key = u.text.casefold()
        if p is not None and p.end > 0 and (key not in best or gap(u, p) < best[key][0]):
            best[key] = (gap(u, p), p)
    return {u: best[u.text.casefold()][1] if u.text.casefold() in best else p for u, p in hosts.items()}


def country_of_story(gaz: Gazetteer, ctx: F.ArticleContext, score: float) -> Place | None:
    """The country a story names only by its people or adjective ('Kenyan herders'), as a
    place: where a given span lies when the story names no place of it."""
    iso = ctx.dominant_country()
    n = gaz.country_entry.get(iso)
    if n is None or not ctx.named_countries.get(iso):
        return None
    return gaz.place(n, 0, 0, gaz.names[n], score)


# how far from its holder's point a spelling variant may lie (a town stands for its district:
# its villages first, then the rest of its region's within reach)
VARIANT_REACH_KM = {"admin1": (float("inf"),), "admin2": (80.0,), "city": (40.0, 150.0)}
VARIANT_MIN_LEN = 5  # shorter names are one letter from too many others


def spelled_in(gaz: Gazetteer, m: Mention, unit: Place, share: float) -> Place | None:
    """The town of `unit`'s first-level unit (`unit` a region, or a town standing for its
    district) that a name left unplaced there is: the one town of that name, however small
    ('Khmelove (Zhytomyr, Zhytomyr)': a village of Ukraine's register), else the town it is a
    spelling of, one letter away ('Haradh district (Hajjah)': Harad, in Hajjah), when exactly
    one name of the unit is; None otherwise (the caller places the name in the unit). Its
    score is `share` of the unit's."""
    key = without_kind_word(m.key)
    reaches = VARIANT_REACH_KM.get(unit.kind, ())
    if not reaches or not unit.admin1:
        return None
    named = _nearest_reach(gaz, unit, gaz.towns_named(key, unit.country, unit.admin1), reaches)
    if named is not None:  # 'Kamianka (Izium, Kharkiv)': the one near Izium
        # two towns so named: the text does not say which
        return gaz.place(named[0], m.start, m.end, m.text, round(share * unit.score, 3)) if len(named) == 1 else None
    if len(key) < VARIANT_MIN_LEN:
        return None
    towns = _nearest_reach(gaz, unit, gaz.towns_spelled_like(key, unit.country, unit.admin1), reaches)
    if not towns or len({gaz.names[n] for n in towns}) > 1:
        return None  # none within reach, or two towns so spelled: the text does not say which
    n = max(towns, key=lambda n: gaz.populations[n])
    return gaz.place(n, m.start, m.end, m.text, round(share * unit.score, 3))


def _nearest_reach(gaz: Gazetteer, unit: Place, towns: tuple[int, ...], reaches: tuple[float, ...]
                   ) -> list[int] | None:
    """The towns within the first of `reaches` (km from the unit's point) that holds any;
    [] when some are named but none is within reach, None when `towns` is empty."""
    if not towns:
        return None
    for reach in reaches:
        near = [n for n in towns if great_circle_km(unit.lat, unit.lon, gaz.lats[n], gaz.lons[n]) <= reach]
        if near:
            return near
    return []
