"""Where an event happened: the place its sentence locates it in, with ACLED's geo precision.

`place_for` weighs the sentence's resolved places by the words before them (a locative 'in',
'near', a chain 'in Pisky, Donetsk'), their distance from the trigger and how precise their
kind is; `PreviousPlace` carries a place to the next sentence; `main_country` is the fallback.
"""
from __future__ import annotations

import re

from geo.geometry import great_circle_km
from geo.records import Place
from geo.vocabulary import FAR_KINDS, PRECISE_KINDS, WITHIN
from geo.vocabulary import SPECIFICITY as PLACE_SPECIFICITY

# how precisely a place's kind pins an event down; a place 'within' a town (a landmark the
# gazetteer lacks) still ranks as an unknown kind here, as before the table was shared: ranking it
# as its town changes events on four dev outputs and waits for a measured change of its own
SPECIFICITY = {kind: rank for kind, rank in PLACE_SPECIFICITY.items() if kind != WITHIN}
_LOCATIVE_WORDS = (r"\b(in|at|on|near|outside|around|across|into|inside|from|toward|towards|through|"
                   r"throughout|within|along|over|north of|south of|east of|west of|off)\s+(the\s+)?")
_LOCATIVE = re.compile(_LOCATIVE_WORDS + r"(\w+(?:['’]s)?\s+){0,2}$")
# down a chain of names the locative still holds, a little less than for the first of them:
# 'in Pisky, Donetsk', 'in Campinas (Sao Paulo', 'in Jinshui district (Zhengzhou'
_CHAINED_LOCATIVE = re.compile(_LOCATIVE_WORDS + r"(\w+(?:['’]s)?(?:,|\s+-)?\s+\(?){0,3}$")
_NEAR = re.compile(r"\b(near|outside|around|close to|north of|south of|east of|west of|"
                   r"outskirts of|suburbs? of|off)\s+(the\s+)?(\w+\s+){0,2}$")
# 'US President', 'Russian forces': a place used as a modifier of people is not a location
_MODIFIER = re.compile(r"\s+(president|prime minister|secretary|officials?|forces|troops|military|army|"
                       r"government|leaders?|authorities|embassy|ambassador|minister|ministry|diplomats?|"
                       r"envoy|spokes(man|woman|person)|counterpart)\b")
_ORIGIN = re.compile(r"\bfrom\s+(the\s+)?(\w+\s+){0,2}$")  # 'from Belarus': where troops came from


def place_for(sentence_start: int, low: str, trigger_at: int, places: list[Place],
               ) -> tuple[Place | None, int | None]:
    """The place the sentence locates its event in, and ACLED's geo precision for it.

    A place counts when a locative word introduces it ('in', 'near', 'outside') or it sits
    close to the trigger; an origin ('from Belarus'), a possessor ('Russia's invasion') or a
    modifier ('US-led') is not where the event happened."""
    best, best_score, best_before = None, float("-inf"), ""
    candidates = _in_their_clause(places)
    for p in candidates:
        rel = p.start - sentence_start
        before = low[max(0, rel - 40):rel]
        after = low[rel + (p.end - p.start):rel + (p.end - p.start) + 4]
        if after.startswith(("'s", "’s", "-led", "-backed")) or _MODIFIER.match(low, rel + p.end - p.start) \
                or ("from" in before and _ORIGIN.search(before)):  # a search tries every offset
            continue
        bonus = 2.0 if _LOCATIVE.search(before) else 0.0
        if not bonus and _CHAINED_LOCATIVE.search(before) and not _container(p, candidates, low, sentence_start):
            bonus = 1.5
        locative = bonus > 0
        distance = abs(rel - trigger_at)
        if not locative and distance > 60:
            continue
        score = SPECIFICITY.get(p.kind, 2) + bonus
        score -= min(distance, 300) / 150  # closer to the trigger is better
        if score > best_score:
            best, best_score, best_before = p, score, before
    if best is None:
        return None, None
    if best.kind in FAR_KINDS:
        return best, 3
    if best.kind not in PRECISE_KINDS or _NEAR.search(best_before):  # 'near Kyiv' is not in it
        return best, 2
    return best, 1


# 'Haydan district (Sadah', 'Pisky, Donetsk': after a place, a comma or a bracket opens its container
_CONTAINER_LINK = re.compile(r"(?:\s+(?:district|province|region|oblast|county|state|governorate|"
                             r"municipality|department|prefecture|city|town|village))?\s*[,(]\s*")


def _container(p: Place, places: list[Place], low: str, sentence_start: int) -> bool:
    """Is `p` named as the container of a place just before it ('Haydan district (Sadah)')?"""
    return any(q.end <= p.start and _CONTAINER_LINK.fullmatch(low, q.end - sentence_start, p.start - sentence_start)
               for q in places)


CLAUSE_KM = 150  # two towns of one clause further apart than this are not one scene


def _in_their_clause(places: list[Place]) -> list[Place]:
    """The places of a sentence that fit with some other place of it: a town in the region
    or country the sentence names ('Iranduba (Amazonas)'), or near another town it names. A
    place that fits with none of them is a namesake read far away ('a rally at Steele Park in
    Phoenix (Arizona)': not Steele, Missouri). When no two fit, a town outside the region that
    the sentence names in its country goes ('Pisky, Donetsk oblast': not Pisky, Poltava)."""
    local = [p for p in places if p.kind not in ("country", "continent")]
    if len(local) < 2:
        return places
    fitting = [p for p in local if any(_fit(p, q) for q in local if q is not p)]
    if not fitting:  # no two agree: a town outside the region named in its own country is the namesake
        regions = [q for q in local if q.kind == "admin1"]
        fitting = [p for p in local if p.kind == "admin1"
                   or not any(q.country == p.country and q.admin1 != p.admin1 for q in regions)]
    return [p for p in places if p.kind in ("country", "continent") or p in fitting]


def _fit(p: Place, q: Place) -> bool:
    """Can `p` and `q` be named in one clause of one scene?"""
    if p.country != q.country:
        return False
    if "admin1" in (p.kind, q.kind) or p.admin1 == q.admin1:
        return p.admin1 == q.admin1
    return great_circle_km(p.lat, p.lon, q.lat, q.lon) <= CLAUSE_KM


class PreviousPlace:
    """Where a sentence's events happened, else where its narrative is: unplaced events of
    the next sentence inherit it. The narrative's place is looked up only when one is asked for
    (most sentences without events are followed by none either)."""

    __slots__ = ("n", "place", "precision", "pending")

    def __init__(self) -> None:
        self.n = -1
        self.place: Place | None = None
        self.precision: int | None = None
        self.pending: tuple[int, int, str, list[Place]] | None = None

    def set(self, n: int, place: Place, precision: int | None) -> None:
        self.n, self.place, self.precision, self.pending = n, place, precision, None

    def narrative(self, n: int, s: int, low: str, places: list[Place]) -> None:
        """Sentence `n` (at `s`, lower-cased `low`) has no events but these places."""
        self.pending = (n, s, low, places)

    def latest(self) -> tuple[Place | None, int | None]:
        """The place of the last sentence that had one, however far back."""
        if self.pending is not None:
            self.of(self.pending[0])
        return self.place, self.precision

    def of(self, n: int) -> tuple[Place | None, int | None]:
        """The place and precision of sentence `n`, (None, None) when it has none."""
        if self.pending is not None and self.pending[0] == n:
            _, s, low, places = self.pending
            self.pending = None
            place, precision = place_for(s, low, 0, [p for p in places if p.kind != "country"])
            if place is not None:
                self.set(n, place, precision)
        return (self.place, self.precision) if self.n == n else (None, None)


def main_country(places) -> Place | None:
    """The fallback place of unplaced events: the country that the article's places lie in
    most often (every mention votes for its country, so 'Kyiv' counts for Ukraine)."""
    votes: dict[str, int] = {}
    country_place: dict[str, Place] = {}
    for p in places:
        if p.country:
            votes[p.country] = votes.get(p.country, 0) + 1
        if p.kind == "country":
            country_place.setdefault(p.country, p)
    ranked = sorted(votes, key=lambda c: -votes[c])
    return next((country_place[c] for c in ranked if c in country_place), None)
