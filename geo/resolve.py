"""Stage 2: pick a gazetteer entry for every mention (`resolve`).

Two passes over an article. The first picks each name's most prominent candidate that fits
the text's own cues (kind words, a plural kind word after or before a list, "X, Y"
containment) and collects what the article is about: its countries, admin-1 units and
points. The second re-scores every candidate with that context (country and region
coherence, closeness to the other places, the country and kind the other members of a list
share, the capital of a country the article names, the countries of its currency signs) and
keeps one answer per name; a name with "X, Y" context in one mention keeps it in all. A
candidate scoring under `FLOOR` leaves the mention unresolved.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

from . import features as F
from .gazetteer import TOWN_KINDS, Gazetteer  # TOWN_KINDS: what a street may be placed in
from .normalize import LONG_FORMS, SHORT_FORMS
from .records import Candidate, Mention, Place, Unresolved
from .recognize import KIND_WORDS, PLURAL_KIND_WORDS, STREET

MAX_CANDIDATES = 25
FLOOR = 0.25
RIVER_SNAP_KM = 60.0  # a river named with a city within this distance is placed at that city
WEIGHTS = {"prior": 0.5, "primary": 0.08, "kind": 0.35, "country": 0.35, "admin1": 0.15,
           "near": 0.3, "contain": 0.6, "own_name": 0.2, "list": 0.3, "capital": 0.3}
CONTEXT_ROUNDS = 4  # at most; most articles settle after one or two
LIST_GAPS = frozenset({",", "and", ", and", "or", ", or"})  # between the members of a list
LIST_AGREEMENT = 2 / 3  # a list speaks for a country only when most of its other members lie there
BROAD_AREAS = frozenset({"country", "admin1"})  # the other readings a container may take
NOT_IN_GAZETTEER = "not in the gazetteer"
NO_TOWN = "a street, and the article names no town to place it in"
_PLURAL_AFTER = re.compile(r" (%s)\b" % "|".join(sorted(PLURAL_KIND_WORDS)))
_PLURAL_BEFORE = re.compile(r"\b(%s) of (?:the )?$" % "|".join(sorted(PLURAL_KIND_WORDS)))
# an amount written with a currency sign speaks, weakly, for the countries that write it:
# a town council's "$765,000" puts Mansfield in Texas rather than England. '$' is read as
# the large English-speaking dollar countries; each gets half a named place's weight.
CURRENCY_COUNTRIES = {"$": ("US", "CA", "AU", "NZ"), "£": ("GB",), "₹": ("IN",)}
CURRENCY_WEIGHT = 0.5
_AMOUNT = re.compile(r"([$£₹]) ?[0-9]")
STREET_TOWN_CHARS = 80  # a town this close to a street (about a sentence) is taken as its town
# kinds too large for closeness to other places to say anything (a county is not)
FAR_KINDS = F.AREA_KINDS - {"admin2"}




@lru_cache(maxsize=1 << 14)
def _candidates(gaz: Gazetteer, key: str) -> tuple[tuple[int, bool], ...]:
    """(entry, is its primary name) for every entry a key may name, most prominent first:
    those of the key, of its other 'Saint'/'St' form, and for a one-word name of a town the
    counties and parishes named after it ('DeKalb' in a county's news is DeKalb County)."""
    found = [(e // 2, bool(e & 1)) for e in _with_other_form(gaz, key)[:MAX_CANDIDATES]]
    if found and " " not in key and gaz.kinds[found[0][0]] not in ("country", "continent"):
        seen = {n for n, _ in found}
        for suffix in (" county", " parish"):
            found += [(e // 2, False) for e in gaz.lookup(key + suffix)[:MAX_CANDIDATES]
                      if e // 2 not in seen and gaz.kinds[e // 2] == "admin2"]
    return tuple(found)


def _with_other_form(gaz: Gazetteer, key: str) -> tuple[int, ...]:
    other = " ".join(SHORT_FORMS.get(w, LONG_FORMS.get(w, w)) for w in key.split())
    found = gaz.lookup(key)
    if other == key:
        return found
    seen = set(found)
    more = tuple(e for e in gaz.lookup(other) if e not in seen)
    return tuple(sorted(found + more, key=lambda e: -gaz.priors[e // 2])) if more else found


def _containers(mentions: list[Mention], text: str, picks: dict[int, int],
                gaz: Gazetteer) -> dict[int, tuple[str, str, str]]:
    """For 'X, Y' and 'X in Y': mention index of X -> (kind, country, admin1) of Y's pick."""
    out = {}
    for a, b in zip(range(len(mentions)), range(1, len(mentions))):
        gap = text[mentions[a].end:mentions[b].start]
        if b + 1 < len(mentions) and gap.strip() == ",":
            after = text[mentions[b].end:mentions[b + 1].start].strip()
            if after in LIST_GAPS:
                continue  # 'Greece, Bulgaria, Italy': a list, not a place and its container
        if gap.strip() in (",", "in", ", in") and len(gap) <= 5 and b in picks:
            top = gaz.lookup(mentions[a].key)
            if top and gaz.kinds[top[0] // 2] in ("country", "continent"):
                continue  # 'punish Russia, US President ...': a country is in no container
            area = _container_area(gaz, mentions[a], mentions[b], picks[b], gap.strip() == ",")
            if area is not None:
                out[a] = area
    return out


def _container_area(gaz: Gazetteer, inner: Mention, outer: Mention, pick: int, comma: bool,
                    ) -> tuple[str, str, str] | None:
    """(kind, country, admin1) of the reading of `outer` that holds a reading of `inner`:
    its own best pick if that does, else its best-scored other country or state that does
    ('Atlanta, Georgia' is the US state, 'Tbilisi, Georgia' the country), else the pick.
    Towns are not searched: 'Monroe, Trenton' is more often two towns than one in the other."""
    def area(n: int) -> tuple[str, str, str] | None:
        kind = gaz.kinds[n]
        if kind in ("country", "admin1", "admin2") or (kind == "city" and comma):
            return kind, gaz.countries[n], gaz.admin1s[n] if kind != "country" else ""
        return None

    inside = [(gaz.countries[n], gaz.admin1s[n], gaz.kinds[n]) for n, _ in _candidates(gaz, inner.key)]
    readings = sorted(_own_scores(gaz, outer.key, outer.kind_hint, None)[0], key=lambda r: -r[1])
    for n in [pick] + [r[0] for r in readings if r[0] != pick and gaz.kinds[r[0]] in BROAD_AREAS]:
        found = area(n)
        if found and any(F.containment(c, a1, found, k) > 0 for c, a1, k in inside):
            return found
    return area(pick)




def _runs(mentions: list[Mention], text: str) -> Iterator[list[int]]:
    """Indexes of mentions that follow each other as a list ('A, B and C'), two or more."""
    run = [0] if mentions else []
    for b in range(1, len(mentions) + 1):
        if b < len(mentions) and text[mentions[b - 1].end:mentions[b].start].strip() in LIST_GAPS:
            run.append(b)
            continue
        if len(run) >= 2:
            yield run
        run = [b]


def _lists(runs: list[list[int]]) -> dict[int, tuple[int, ...]]:
    """'Alberta, Manitoba, Ontario and New Brunswick': mention index -> the other members of
    its list (`_runs`), for lists of three or more ('Washington and Moscow' pairs rival
    capitals)."""
    return {i: tuple(j for j in run if j != i) for run in runs if len(run) >= 3 for i in run}


def _plural_hints(mentions: list[Mention], text: str, runs: list[list[int]]) -> list[Mention]:
    """A kind word in the plural speaks for the whole list (`_runs`) it follows or comes
    before: 'Harvey, Harper and Kingman counties', 'the provinces of Nyanza, Rift Valley and
    Western'. Members with a cue of their own keep it."""
    out = list(mentions)
    for run in runs:
        after = _PLURAL_AFTER.match(text, mentions[run[-1]].end)
        before = after or _PLURAL_BEFORE.search(text, max(0, mentions[run[0]].start - 24),
                                                mentions[run[0]].start)
        if before:
            hint = KIND_WORDS[PLURAL_KIND_WORDS[before.group(1).lower()]]
            for i in run:
                if out[i].kind_hint is None:
                    out[i] = replace(out[i], kind_hint=hint)
    return out


def _list_reading(gaz: Gazetteer, siblings: tuple[int, ...], picks: dict[int, int],
                  ) -> tuple[str, str | None] | None:
    """The country most of a list's members lie in, if any: at least 2/3 of two or more
    (countries themselves not counted: 'Iran, Syria and Aleppo' lists countries beside towns);
    with the kind most of them are, if as many agree on one ('Utah, Washington and Wyoming'
    lists states, so Washington is the state), else None."""
    placed = [picks[j] for j in siblings
              if j in picks and gaz.kinds[picks[j]] not in ("country", "continent")]
    if len(placed) < 2:
        return None
    countries = [gaz.countries[n] for n in placed]
    top = max(set(countries), key=countries.count)
    if countries.count(top) / len(placed) < LIST_AGREEMENT:
        return None
    kinds = [gaz.kinds[n] for n in placed]
    kind = max(set(kinds), key=kinds.count)
    return top, (kind if kinds.count(kind) / len(placed) >= LIST_AGREEMENT else None)


def _shared_containers(named: list[tuple[int, Mention]], containers: dict[int, tuple]) -> dict:
    """One sense per name: 'Athens, Greece' early on makes every bare 'Athens' of the article
    the Greek one, however Canadian the rest of it. Only when the name's containers agree."""
    by_key: dict[str, set] = defaultdict(set)
    for i, m in named:
        if i in containers:
            by_key[m.key].add(containers[i])
    shared = {key: next(iter(found)) for key, found in by_key.items() if len(found) == 1}
    return {i: containers.get(i, shared.get(m.key)) for i, m in named
            if i in containers or m.key in shared}


def _currency_countries(text: str) -> tuple[str, ...]:
    """The countries of the currency signs before the article's amounts (see CURRENCY_COUNTRIES)."""
    signs = {m.group(1) for m in _AMOUNT.finditer(text)}
    return tuple(c for sign in sorted(signs) for c in CURRENCY_COUNTRIES[sign])


def _context(gaz: Gazetteer, mentions: list[Mention], cands: dict, picks: dict[int, int],
             currencies: tuple[str, ...]) -> F.ArticleContext:
    ctx = F.ArticleContext()
    for country in currencies:
        ctx.add_country_cue(country, CURRENCY_WEIGHT, "")
    for i, n in picks.items():
        m = mentions[i]
        weight = m.confidence * (1.5 if len(cands[i]) == 1 else 1.0)  # unambiguous names count more
        ctx.add(gaz.countries[n], gaz.admin1s[n], gaz.lats[n], gaz.lons[n], weight, m.key, gaz.kinds[n])
    return ctx


@lru_cache(maxsize=1 << 14)
def _own_scores(gaz: Gazetteer, key: str, hint: str | None, container,
                ) -> tuple[tuple[tuple[int, float, str, str, bool, str], ...], int]:
    """A name's candidates laid out for the rounds of `resolve` as (entry, `_own_score`,
    country, admin1, too large for proximity, country it is the capital of or ''), one per
    entry (the last score, should an entry come twice), and the best one's entry on its own
    cues (-1 if none). They depend on the name, its kind hint and container only, not on
    the article."""
    scores = [(n, _own_score(gaz, n, primary, key, hint, container))
              for n, primary in _candidates(gaz, key)]
    best = max(scores, key=lambda c: c[1], default=(-1, 0.0))[0]
    capitals = gaz.capitals
    return tuple((n, s, gaz.countries[n], gaz.admin1s[n], gaz.kinds[n] in FAR_KINDS,
                  capitals.get(n, "")) for n, s in dict(scores).items()), best


@lru_cache(maxsize=1 << 14)
def _near_units(gaz: Gazetteer, key: str):
    """Unit vectors of a name's candidates that proximity applies to, in `_own_scores` order
    (its rows say which entries, in which order, are too large for proximity)."""
    rows = _own_scores(gaz, key, None, None)[0]
    return F.unit_vectors([(gaz.lats[n], gaz.lons[n]) for n, _, _, _, far, _ in rows if not far])


def _own_score(gaz: Gazetteer, n: int, primary: bool, key: str, hint: str | None,
               container) -> float:
    """What the candidate scores from itself and the mention's own cues (no context)."""
    w = WEIGHTS
    s = w["prior"] * gaz.priors[n] + w["primary"] * primary
    if primary and (gaz.kinds[n] == "country" or (
            gaz.kinds[n] == "admin1" and gaz.populations[n] >= _biggest_town(gaz, key))):
        # 'Mexico' is the country, 'California' the state; but 'Santiago' is the city, not
        # the Dominican province: a state outranks its namesake only when it is bigger
        s += w["own_name"]
    s += w["kind"] * F.kind_fit(hint, gaz.kinds[n])
    s += w["contain"] * F.containment(gaz.countries[n], gaz.admin1s[n], container, gaz.kinds[n])
    return s


def _context_scores(ctx: F.ArticleContext, key: str, own: tuple, near) -> list[tuple[float, int]]:
    """(score, entry) of each of a name's candidates (`own`, rows of `_own_scores`): its own
    score plus what the article's other places say of it. `near` yields the proximities to
    them of the candidates not too large for closeness to tell (the others get 0).

    A country the article names speaks for its capital as well: news names a capital beside
    its country and for its government ('flights to Russia … Moscow', 'Moscow said'), where
    a namesake town in the article's own country would otherwise win on context alone."""
    w_country, w_admin1, w_near = WEIGHTS["country"], WEIGHTS["admin1"], WEIGHTS["near"]
    w_capital, names_country = WEIGHTS["capital"], ctx.names_country
    shares = ctx.shares
    dominant = None  # the article's main country, asked once and only for countryless candidates
    out = []
    for n, s, country, admin1, far, capital_of in own:
        if capital_of and names_country(capital_of, key):
            s += w_capital
        if country:
            country_share, admin1_share = shares(country, admin1, key)
        else:  # an ocean or a continent fits any country's news
            if dominant is None:
                dominant = ctx.dominant_country()
            country_share, admin1_share = shares(dominant, "", key)[0], 0.0
        out.append((s + w_country * country_share + w_admin1 * admin1_share
                    + w_near * (0.0 if far else next(near)), n))
    return out


@lru_cache(maxsize=1 << 14)
def _biggest_town(gaz: Gazetteer, key: str) -> int:
    """Population of the largest town the key names (0 if none)."""
    return max((gaz.populations[n] for n, _ in _candidates(gaz, key) if gaz.kinds[n] == "city"),
               default=0)


def _confidence(best: float, second: float | None, mention_conf: float) -> float:
    """Map raw scores to 0-1: high when the winner is strong and clearly ahead."""
    margin = 1.0 if second is None else min(1.0, max(0.0, best - second) * 2.5)
    strength = 1.0 / (1.0 + math.exp(-6.0 * (best - 0.55)))
    return round(mention_conf * (0.35 + 0.65 * strength) * (0.6 + 0.4 * margin), 3)


@lru_cache(maxsize=4)
def _border_crossings(gaz: Gazetteer) -> tuple[int, ...]:
    return tuple(n for n, kind in enumerate(gaz.kinds) if kind == "border_crossing")


def _border_place(gaz: Gazetteer, m: Mention, ctx: F.ArticleContext) -> Place | None:
    iso = m.key.split(":", 1)[1]
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
    return Place(m.start, m.end, m.text, f"{gaz.names[gaz.country_entry.get(iso, best)]} border",
                 c.lat, c.lon, iso, c.admin1, "border", c.id, c.geonameid, round(0.7 * m.confidence, 3))


def resolve(mentions: list[Mention], text: str, gaz: Gazetteer, *, floor: float = FLOOR,
            ) -> tuple[tuple[Place, ...], tuple[Unresolved, ...]]:
    """Resolve mentions in one article; returns (places, unresolved), both in text order.
    Names the gazetteer lacks (kind hint 'unknown') go straight to `unresolved`.

    `floor` is the lowest raw score accepted; spans given by a caller (gold spans) are known
    to be places, so `parse_spans` passes no floor and always gets the best candidate."""
    unknown = [m for m in mentions if m.kind_hint == "unknown"]
    streets = [m for m in mentions if m.kind_hint == STREET]
    mentions = [m for m in mentions if m.kind_hint not in ("unknown", STREET)]
    runs = list(_runs(mentions, text))
    mentions = _plural_hints(mentions, text, runs)
    named = [(i, m) for i, m in enumerate(mentions) if not m.key.startswith("border:")]
    cands = {i: _candidates(gaz, m.key) for i, m in named}
    # pass 1: prominence and the text's own cues
    first = {i: _own_scores(gaz, m.key, m.kind_hint, None)[1] for i, m in named if cands[i]}
    containers = _shared_containers(named, _containers(mentions, text, first, gaz))
    picks = {i: _own_scores(gaz, m.key, m.kind_hint, containers.get(i))[1]
             for i, m in named if cands[i]}
    # then rounds with the other mentions' places as context; one answer per name (scores
    # summed over its mentions) unless containment differs. Each round lets names decided
    # by context in the one before inform the rest (Henry County -> Paris, TN), until the
    # picks stop changing.
    lists = _lists(runs)
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, m in named:
        groups[(m.key, m.kind_hint, containers.get(i))].append(i)
    # every member of a group shares key, hint and container, hence candidates and scores
    scored = [(members, key, _own_scores(gaz, key, hint, container)[0])
              for (key, hint, container), members in groups.items()]
    targets = F.Targets([(key, _near_units(gaz, key)) for _, key, _ in scored])
    chosen: dict[int, tuple[int, tuple[tuple[int, float], ...]]] = {}
    currencies = _currency_countries(text)
    for _ in range(CONTEXT_ROUNDS):
        before = dict(picks)
        ctx = _context(gaz, mentions, cands, picks, currencies)
        near = iter(ctx.proximities(targets))
        for members, key, own_ in scored:
            totals = _context_scores(ctx, key, own_, near)
            # 'Alberta, Manitoba, Ontario and New Brunswick': the country the rest lie in,
            # and their kind where they agree on one
            readings = {_list_reading(gaz, lists[i], picks) for i in members if i in lists} - {None}
            if readings:  # (country, kind), or (country, None) where the kinds disagree
                kinds = gaz.kinds
                totals = [(t + WEIGHTS["list"], n) if kinds[n] not in ("country", "continent") and (
                    (gaz.countries[n], None) in readings or (gaz.countries[n], kinds[n]) in readings)
                    else (t, n) for t, n in totals]
            ranked = sorted(totals, reverse=True)
            group_choice = (ranked[0][1] if ranked else -1, tuple((n, s) for s, n in ranked[:6]))
            for i in members:
                chosen[i] = group_choice
                if ranked:
                    picks[i] = ranked[0][1]
        if picks == before:
            break  # a fixed point: another round would see the same context and agree
    places = []
    # a pick's runners-up as candidates, built once for all mentions that share them
    described: dict[tuple, tuple[Candidate, ...]] = {}
    unresolved = [Unresolved(m.start, m.end, m.text, NOT_IN_GAZETTEER) for m in unknown]
    for i, m in enumerate(mentions):
        if m.key.startswith("border:"):
            p = _border_place(gaz, m, ctx)
            if p is None:
                unresolved.append(Unresolved(m.start, m.end, m.text, "no border data for that country"))
            else:
                places.append(p)
            continue
        n, scored = chosen.get(i, (-1, ()))
        if n < 0 or not scored:
            unresolved.append(Unresolved(m.start, m.end, m.text, NOT_IN_GAZETTEER))
            continue
        best = scored[0][1]
        unique_long_name = len(scored) == 1 and " " in m.key  # 'Freedom Square in Kharkiv'
        if best < floor and not unique_long_name:
            unresolved.append(Unresolved(m.start, m.end, m.text,
                                         f"best candidate {gaz.names[n]} ({gaz.countries[n]}) "
                                         f"scored {best:.2f} < {floor}"))
            continue
        conf = _confidence(best, scored[1][1] if len(scored) > 1 else None, m.confidence)
        lat, lon = _snap_line(gaz, n, i, mentions, chosen)
        alts = described.get(scored)
        if alts is None:
            alts = described[scored] = tuple(gaz.candidate(a, round(s, 3)) for a, s in scored[1:6])
        places.append(Place(m.start, m.end, m.text, gaz.names[n], lat, lon, gaz.countries[n],
                            gaz.admin1s[n], gaz.kinds[n], gaz.ids[n], gaz.geonameids[n] or None,
                            conf, alts))
    for m in streets:
        town = _town_of(m, text, places)
        if town is None:
            unresolved.append(Unresolved(m.start, m.end, m.text, NO_TOWN))
        else:
            places.append(Place(m.start, m.end, m.text, f"{m.text}, {town.name}", town.lat, town.lon,
                                town.country, town.admin1, STREET, town.id, None,
                                round(m.confidence * town.score, 3)))
    return (tuple(sorted(places, key=lambda p: p.start)),
            tuple(sorted(unresolved, key=lambda u: u.start)))


def _town_of(street: Mention, text: str, places: list[Place]) -> Place | None:
    """The town a street lies in: the one named right after it ('Memphis St., Alexandria',
    'Gillis Street in Athens'), else the nearest town within a sentence's reach, else the
    nearest named before it, else after it. The gazetteer has no streets; the town's point
    is the best the text supports."""
    towns = [p for p in places if p.kind in TOWN_KINDS]
    for p in towns:
        if p.start >= street.end and text[street.end:p.start].strip() in (",", "in", ", in") \
                and p.start - street.end <= 5:
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


def _snap_line(gaz: Gazetteer, n: int, i: int, mentions: list[Mention],
               chosen: dict[int, tuple[int, tuple]]) -> tuple[float, float]:
    """A river named with a nearby city in the same passage is placed where it meets the city."""
    line = gaz.geometry.get(n)
    if not line:
        return gaz.lats[n], gaz.lons[n]
    m = mentions[i]
    best = None
    for j, other in enumerate(mentions):
        if j == i or abs(other.start - m.start) > 250 or j not in chosen:
            continue
        o = chosen[j][0]
        if o < 0 or gaz.kinds[o] not in ("city", "city_district"):
            continue
        lat, lon, d = F.nearest_on_line(gaz.lats[o], gaz.lons[o], line)
        if d <= RIVER_SNAP_KM and (best is None or abs(other.start - m.start) < best[0]):
            best = (abs(other.start - m.start), gaz.lats[o], gaz.lons[o])
    return (best[1], best[2]) if best else (gaz.lats[n], gaz.lons[n])
