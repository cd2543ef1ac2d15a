"""Resolver, scoring: a name's candidate entries and what each scores, alone and in context.

`candidates` lists the entries a key may name; `own_readings` scores them on the mention's
own cues (prominence, kind word, "X, Y" containment) once per name, hint and container;
`context_scores` adds what the article's other places say (`features.ArticleContext`).
The weights of that sum are `WEIGHTS`.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Iterator, NamedTuple

from geo.gazetteer.index import Gazetteer, NameMatch
from geo.geometry import unit_vectors
from geo.records import Mention
from geo.resolve import features as F
from geo.text.normalize import LONG_FORMS, SHORT_FORMS, name_key
from geo.vocabulary import COUNTRY_OR_CONTINENT, FAR_KINDS

MAX_CANDIDATES = 25  # entries per key considered; the rest are far less prominent
WEIGHTS = {"prior": 0.5, "primary": 0.08, "kind": 0.35, "country": 0.35, "admin1": 0.15,
           "near": 0.3, "contain": 0.6, "own_name": 0.2, "list": 0.3, "capital": 0.3}
# a story with this share of its other places in a country is news from there: its bare 'New
# York' is the state, as news at home writes it; from abroad, news means the city of millions
HOME_SHARE = 0.2
# ... so abroad the city gets what its unit has for being named by its own name
ABROAD_BONUS = WEIGHTS["own_name"] + WEIGHTS["primary"]
WORLD_CITY = 1_000_000  # people: a town this big is what news means by its name, not its state
# a town outshone by a namesake abroad (its country's best town of the name at least this far
# below in prior: 1.5 decades of population, a 30th the people) gets its country's share in
# full only when places weighing OUTSHONE_SUPPORT name that country: one US town beside
# 'flights to Warsaw' does not make the story's Warsaw a town of Indiana, while news from
# Indiana names more of Indiana. A caller's focus country counts in full (`parse(focus=)`).
OUTSHONE_GAP = 0.15
OUTSHONE_SUPPORT = 5.0
# a one-word town's name also reaches the counties and parishes named after it
_NAMESAKE_UNITS = (" county", " parish")


class Area(NamedTuple):
    """The place that holds a mention in 'X, Y' or 'X in Y': Y's reading."""

    kind: str
    country: str
    admin1: str


class Reading(NamedTuple):
    """One candidate entry of a name, laid out for the context rounds of `resolve`."""

    entry: int
    own_score: float   # from the entry and the mention's own cues (`_own_score`)
    country: str
    admin1: str
    far: bool          # too large for closeness to other places to say anything
    capital_of: str    # ISO2 of the country it is the capital of, or ''
    namesake_city: bool = False  # a city of millions named here by its unit's name (`named_like_its_unit`)
    outshone: bool = False       # a town far less prominent than a namesake abroad (OUTSHONE_GAP)


@lru_cache(maxsize=1 << 14)
def candidates(gaz: Gazetteer, key: str) -> tuple[NameMatch, ...]:
    """Every entry a key may name, most prominent first: those of the key, of its other
    'Saint'/'St' form, and for a one-word name of a town the counties and parishes named
    after it ('DeKalb' in a county's news is DeKalb County)."""
    found = list(_with_other_form(gaz, key)[:MAX_CANDIDATES])
    if found and " " not in key and gaz.kinds[found[0].entry] not in COUNTRY_OR_CONTINENT:
        seen = {m.entry for m in found}
        for suffix in _NAMESAKE_UNITS:
            found += [NameMatch(m.entry, False) for m in gaz.lookup(key + suffix)[:MAX_CANDIDATES]
                      if m.entry not in seen and gaz.kinds[m.entry] == "admin2"]
    return tuple(found)


def _with_other_form(gaz: Gazetteer, key: str) -> tuple[NameMatch, ...]:
    other = " ".join(SHORT_FORMS.get(w, LONG_FORMS.get(w, w)) for w in key.split())
    found = gaz.lookup(key)
    if other == key:
        return found
    seen = set(found)
    more = tuple(m for m in gaz.lookup(other) if m not in seen)
    return tuple(sorted(found + more, key=lambda m: -gaz.priors[m.entry])) if more else found


@lru_cache(maxsize=1 << 14)
def own_readings(gaz: Gazetteer, key: str, hint: str | None, container: Area | None,
                 ) -> tuple[tuple[Reading, ...], int]:
    """A name's readings, one per entry (the last score, should an entry come twice), and
    the entry that scores best on its own cues (-1 if none). They depend on the name, its
    kind hint and container only, not on the article."""
    found = candidates(gaz, key)
    scores = [(n, _own_score(gaz, n, primary, key, hint, container)) for n, primary in found]
    best = max(scores, key=lambda c: c[1], default=(-1, 0.0))[0]
    capitals = gaz.capitals
    # abroad the name means its unit's city only if that is the biggest town of the name
    # ('Santiago' abroad is Chile's capital, not Santiago de los Caballeros)
    namesakes = {n for n, primary in found if named_like_its_unit(gaz, n, key, primary)
                 and gaz.populations[n] >= _biggest_town(gaz, key)}
    outshone = _outshone_countries(gaz, found)
    return tuple(Reading(n, s, gaz.countries[n], gaz.admin1s[n], gaz.kinds[n] in FAR_KINDS,
                         capitals.get(n, ""), n in namesakes,
                         gaz.kinds[n] == "city" and gaz.countries[n] in outshone)
                 for n, s in dict(scores).items()), best


def _outshone_countries(gaz: Gazetteer, found: tuple[NameMatch, ...]) -> frozenset[str]:
    """The countries whose best town of the name is OUTSHONE_GAP or more below the best
    town of that name in another country (Warsaw, Indiana's US beside Warsaw, Poland)."""
    best: dict[str, float] = {}
    for n, _ in found:
        if gaz.kinds[n] == "city":
            best[gaz.countries[n]] = max(best.get(gaz.countries[n], 0.0), gaz.priors[n])
    if len(best) < 2:
        return frozenset()
    top, second = sorted(best.values(), reverse=True)[:2]
    # the best country is outshone by none; any other by the best, unless as good as it
    return frozenset(c for c, p in best.items() if (second if p == top else top) - p >= OUTSHONE_GAP)


@lru_cache(maxsize=1 << 14)
def near_units(gaz: Gazetteer, key: str) -> tuple[tuple[float, float, float], ...]:
    """Unit vectors of a name's candidates that proximity applies to, in `own_readings`
    order (its rows say which entries, in which order, are too large for proximity)."""
    rows = own_readings(gaz, key, None, None)[0]
    return unit_vectors([(gaz.lats[r.entry], gaz.lons[r.entry]) for r in rows if not r.far])


def _own_score(gaz: Gazetteer, n: int, primary: bool, key: str, hint: str | None,
               container: Area | None) -> float:
    """What the candidate scores from itself and the mention's own cues (no context)."""
    w = WEIGHTS
    s = w["prior"] * gaz.priors[n] + w["primary"] * primary
    if primary and (gaz.kinds[n] == "country" or (
            gaz.kinds[n] == "admin1" and _biggest_town(gaz, key) <= gaz.populations[n]
            and _biggest_town(gaz, key, gaz.countries[n]) < WORLD_CITY)):
        # 'Mexico' is the country, 'California' the state; but 'Santiago' is the city, not
        # the Dominican province: a state outranks its namesake only when it is bigger, and
        # never its own city of millions ('Sao Paulo', 'Lagos': news means the city)
        s += w["own_name"]
    s += w["kind"] * F.kind_fit(hint, gaz.kinds[n])
    s += w["contain"] * F.containment(gaz.countries[n], gaz.admin1s[n], container, gaz.kinds[n])
    return s


def named_like_its_unit(gaz: Gazetteer, n: int, key: str, primary: bool) -> bool:
    """Is entry `n` a city of millions named here, not by its own name, but by the name of
    the unit it lies in ('New York' for New York City)? At home news names the unit so
    (the unit's own name wins); from abroad (`HOME_SHARE`) it shortens the city so. The
    text's own evidence (a kind word, 'upstate', 'X, New York', the kind of the places
    listed beside it) decides first (`containers.namesake_units`)."""
    return not primary and gaz.kinds[n] == "city" and gaz.populations[n] >= WORLD_CITY \
        and name_key(gaz.admin1s[n]) == key


@lru_cache(maxsize=1 << 14)
def _biggest_town(gaz: Gazetteer, key: str, country: str = "") -> int:
    """Population of the largest town the key names (0 if none); in `country` if given, and
    then a city it names only as its unit's namesake ('New York' for New York City) aside."""
    return max((gaz.populations[n] for n, primary in candidates(gaz, key)
                if gaz.kinds[n] == "city" and country in ("", gaz.countries[n])
                and not (country and named_like_its_unit(gaz, n, key, primary))), default=0)


def context_scores(ctx: F.ArticleContext, key: str, own: tuple[Reading, ...],
                   near: Iterator[float]) -> list[tuple[float, int]]:
    """(score, entry) of each of a name's readings (`own`): its own score plus what the
    article's other places say of it. `near` yields the proximities to them of the
    readings not too large for closeness to tell (the others get 0).

    A country the article names speaks for its capital as well: news names a capital beside
    its country and for its government ('flights to Russia … Moscow', 'Moscow said'), where
    a namesake town in the article's own country would otherwise win on context alone."""
    w_country, w_admin1, w_near = WEIGHTS["country"], WEIGHTS["admin1"], WEIGHTS["near"]
    w_capital, names_country = WEIGHTS["capital"], ctx.names_country
    shares = ctx.shares
    dominant = None  # the article's main country, asked once and only for countryless candidates
    out = []
    for n, s, country, admin1, far, capital_of, namesake_city, outshone in own:
        if capital_of and names_country(capital_of, key):
            s += w_capital
        if country:
            country_share, admin1_share = shares(country, admin1, key)
            if outshone and country_share and country != ctx.focus:
                country_share *= min(1.0, ctx.support(country, key) / OUTSHONE_SUPPORT)
            if namesake_city and country_share < HOME_SHARE:
                s += ABROAD_BONUS  # news from abroad shortens the city: 'New York' in a story from Norway
        else:  # an ocean or a continent fits any country's news
            if dominant is None:
                dominant = ctx.dominant_country()
            country_share, admin1_share = shares(dominant, "", key)[0], 0.0
        out.append((s + w_country * country_share + w_admin1 * admin1_share
                    + w_near * (0.0 if far else next(near)), n))
    return out


def forget() -> None:
    """Drop the memoised per-name answers (the benchmark times every pass from cold memos)."""
    for per_name in (candidates, own_readings, near_units, _biggest_town):
        per_name.cache_clear()


def acronym_hint(gaz: Gazetteer, m: Mention) -> Mention:
    """'US', 'UK', 'DRC' in capitals name the country they abbreviate, not a village whose
    name folds to the same key (Us, France, beside Paris): a country's hint for them."""
    letters = m.text.replace(".", "")
    if m.kind_hint is not None or not (2 <= len(letters) <= 4 and letters.isupper() and letters.isalpha()):
        return m
    if any(gaz.kinds[c.entry] == "country" for c in candidates(gaz, m.key)):
        return replace(m, kind_hint="unit")
    return m
