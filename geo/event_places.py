"""Where an event happened: the place its sentence locates it in, with ACLED's geo precision;
else the narrative's place from the sentence before, else the article's main country."""
from __future__ import annotations

import re

from .records import Place
from .vocabulary import FAR_KINDS, PRECISE_KINDS, SPECIFICITY

_LOCATIVE = re.compile(r"\b(in|at|on|near|outside|around|across|into|inside|from|toward|towards|"
                       r"along|over|north of|south of|east of|west of|off)\s+(the\s+)?(\w+(?:['’]s)?\s+){0,2}$")
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
    for p in places:
        rel = p.start - sentence_start
        before = low[max(0, rel - 40):rel]
        after = low[rel + (p.end - p.start):rel + (p.end - p.start) + 4]
        if after.startswith(("'s", "’s", "-led", "-backed")) or _MODIFIER.match(low, rel + p.end - p.start) \
                or ("from" in before and _ORIGIN.search(before)):  # a search tries every offset
            continue
        locative = bool(_LOCATIVE.search(before))
        distance = abs(rel - trigger_at)
        if not locative and distance > 60:
            continue
        score = SPECIFICITY.get(p.kind, 2) + (2.0 if locative else 0.0)
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
