"""Stage 3: events from an article's sentences (`extract`).

For each sentence: trigger patterns from the taxonomy table propose event kinds; modality cues
drop what is denied, planned, hypothetical or feared; the strongest kind becomes the sentence's
event (a second one only when it belongs to another family, such as sanctions beside
fighting). Each event gets a date (the sentence's own, else the narrative's last one, else the
publication date with week precision), a place (the resolved place the sentence locates it
in), a death toll, actors and a 0-1 score. Mentions of one happening (same kind, place and
day) merge into one event with several evidence sentences.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from . import event_cues, taxonomy
from .dates import STRATEGY_REGEXES, DateRef, find_dates
from .geometry import great_circle_km
from .prefilter import Prefilter, matches_at
from .records import Event, Evidence, Place
from .sentences import lower_same_length, split

FAMILIES = {"Battles": "violence", "Explosions/Remote violence": "violence",
            "Violence against civilians": "violence", "Protests": "unrest", "Riots": "unrest"}
SECOND_EVENT_MIN_WEIGHT = 2.5
# (first event's family or type, second's) of one sentence that are one happening: a crowd's
# protest and riot; protesters who 'clashed' with police (not a battle between armed groups)
_ONE_HAPPENING = frozenset({("unrest", "unrest"), ("unrest", "Battles")})
# announcing a measure is itself the event for these ('will close the US consulate', 'threatens
# retaliation'); only a denial or a hypothesis removes them
ANNOUNCED_TYPES = frozenset({"Diplomacy", "Sanctions"})
# how exactly a place kind pins an event down (ACLED geo_precision)
PRECISE_KINDS = frozenset({"city", "city_district", "landmark", "bridge", "airport", "npp",
                           "military_base", "border_crossing", "dam", "street"})
AREA_KINDS = frozenset({"admin1", "region", "country", "continent", "sea"})
SPECIFICITY = {"city_district": 5, "landmark": 5, "bridge": 5, "airport": 5, "npp": 5,
               "military_base": 5, "border_crossing": 5, "dam": 5, "city": 4,
               "street": 4,  # placed at its town's point: no more precise than the town
               "border": 3.5,
               "admin2": 3, "river": 3, "island": 3, "lake": 3, "strait": 2.5, "peninsula": 2.5,
               "admin1": 2, "region": 2, "sea": 1.5, "country": 1, "continent": 0}
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
_RETAKE = re.compile(r"\b(retook|retaken|retake|recaptur\w+|regain\w*|re-?took|liberat\w+|reclaim\w*)\b")
_KILLING_TYPES = frozenset({*FAMILIES, "Disasters"})
_CONFLICT_WORDS = re.compile(r"\b(forces|troops|soldiers|military|army|militants|invasion|war|fighting)\b")


@dataclass(frozen=True, slots=True)
class _Hit:
    kind: taxonomy.EventKind
    weight: float
    start: int  # offsets into the sentence
    end: int


@lru_cache(maxsize=1)
def _prefilter() -> Prefilter:
    """The date patterns, every trigger pattern in table order (kind by kind), then the death
    toll patterns: one pass over an article finds the literals of all of them."""
    return Prefilter([*STRATEGY_REGEXES, *(t for _, _, t in _triggers()), *event_cues.TOLL_PATTERNS])


@lru_cache(maxsize=1)
def _triggers() -> list[tuple[int, int, re.Pattern]]:
    """(kind number, pattern number, trigger) of the prefilter's regexes after the dates."""
    return [(k, j, p.trigger) for k, kind in enumerate(taxonomy.load())
            for j, p in enumerate(kind.patterns)]


def _trigger_matches(doc_low: str, sentences: list[tuple[int, int]],
                     hits: dict[int, list[int] | None]) -> list[dict[int, dict[int, re.Match]]]:
    """Per sentence: kind number -> pattern number -> the pattern's first match in it.

    The prefilter's single pass over the document (`hits`) says where each pattern's literals occur,
    so a pattern is searched only in the sentences that hold one of them, never across
    sentence ends; a pattern whose matches begin with a literal is only tried where one does."""
    anchored = _prefilter().anchored
    first, triggers = len(STRATEGY_REGEXES), _triggers()
    starts = [s for s, _ in sentences]
    out: list[dict[int, dict[int, re.Match]]] = [{} for _ in sentences]
    for i, offsets in hits.items():  # the few patterns whose literals occur
        if not first <= i < first + len(triggers):
            continue  # a date or death toll pattern
        k, j, trigger = triggers[i - first]
        for n, at in _by_sentence(offsets, starts, sentences):
            s, e = sentences[n]
            m = next(matches_at(trigger, doc_low, at, e), None) \
                if i in anchored else trigger.search(doc_low, s, e)
            if m is not None:
                out[n].setdefault(k, {})[j] = m
    return out


def _by_sentence(offsets: list[int] | None, starts: list[int], sentences: list[tuple[int, int]],
                 ) -> list[tuple[int, list[int]]]:
    """(sentence number, the sorted offsets inside it) for the sentences that hold any of
    `offsets`; every sentence when `offsets` is None (anywhere)."""
    if offsets is None:
        return [(n, [s]) for n, (s, _) in enumerate(sentences)]
    out: list[tuple[int, list[int]]] = []
    for at in offsets:
        n = bisect_right(starts, at) - 1
        if n < 0 or at >= sentences[n][1]:
            continue  # between sentences
        if out and out[-1][0] == n:
            out[-1][1].append(at)
        else:
            out.append((n, [at]))
    return out


def _toll_hits(hits: dict[int, list[int] | None]) -> list[tuple[int, list[int] | None]]:
    """(number in event_cues.TOLL_PATTERNS, where its literals occur or None for anywhere) of
    the death toll patterns whose literals the article holds: most articles, none."""
    first = len(STRATEGY_REGEXES) + len(_triggers())
    return [(k, hits[first + k]) for k in range(len(event_cues.TOLL_PATTERNS)) if first + k in hits]


def _tolls_within(tolls: list[tuple[int, list[int] | None]], s: int, e: int) -> list[int]:
    """The numbers of the death toll patterns (`_toll_hits`) with a literal in [s, e)."""
    out = []
    for k, offsets in tolls:
        if offsets is None:
            out.append(k)
        else:
            at = bisect_left(offsets, s)
            if at < len(offsets) and offsets[at] < e:
                out.append(k)
    return out


def _hits(low: str, s: int, kinds: tuple[taxonomy.EventKind, ...],
          matches: dict[int, dict[int, re.Match]]) -> list[_Hit]:
    """The best-weighted pattern match of every kind that fires in the sentence at `s`."""
    if not matches:
        return []
    out = []
    for k in sorted(matches):
        kind, found = kinds[k], matches[k]
        best = None
        for j, pat in enumerate(kind.patterns):
            m = found.get(j)
            if m is None or (best is not None and pat.weight <= best.weight):
                continue
            if all(a.search(low) for a in pat.also) and not any(u.search(low) for u in pat.unless):
                # a pattern may name its trigger word with (?P<t>...) inside a longer context
                span = m.span("t") if "t" in m.re.groupindex else m.span()
                best = _Hit(kind, pat.weight, span[0] - s, span[1] - s)
        if best is not None:
            out.append(best)
    # 'fire broke out' among troops is fighting, not an accident
    if any(h.kind.id == "disasters.man_made" for h in out) and _CONFLICT_WORDS.search(low):
        out = [replace(h, weight=h.weight * 0.6) if h.kind.id == "disasters.man_made" else h
               for h in out]
    return sorted(out, key=lambda h: (-h.weight, h.start))


def _choose(hits: list[_Hit], low: str, *, toll: bool = False) -> list[_Hit]:
    """Real events among the hits: the strongest, and a second one only when it is another
    happening. One clause, one happening, so these are one event, not two:
    - 'shelling ..., killing 3 civilians': an attack with its victims (the killing is no
      second event after violence, nor after anything else when the sentence states a toll:
      'protesters clashed with police and three were killed', 'floods ... killed 34');
    - 'protesters clashed with police': one crowd's protest, riot and clash (the stronger
      wins, _ONE_HAPPENING);
    - '34 people were killed when floods swept ...': the disaster killed them, so it wins
      over the killing words even when those weigh more.
    'Gunfire and explosions' or sanctions beside fighting stay two events. `toll`: the
    sentence states a death toll."""
    chosen: list[_Hit] = []
    if not hits or event_cues.generic(low):
        return []
    real = [h for h in hits if not _modal(h, low)]
    cause = next((h for h in real if h.kind.type == "Disasters"), None)
    for h in real:
        if not chosen:
            if toll and h.kind.id == "vac.attack" and cause is not None:
                h = cause
            chosen.append(h)
        elif h.weight >= SECOND_EVENT_MIN_WEIGHT and h.kind.type != chosen[0].kind.type \
                and not _same_happening(chosen[0], h, toll):
            chosen.append(h)
            break
    return chosen


def _modal(h: _Hit, low: str) -> bool:
    """Denied, planned, hypothetical or feared, as announcements of measures are not."""
    mood = event_cues.modality(low, h.start)
    return bool(mood) and not (mood in ("planned", "feared") and h.kind.type in ANNOUNCED_TYPES)


def _same_happening(first: _Hit, second: _Hit, toll: bool) -> bool:
    """Is the `second` hit of a sentence another report of its `first` event's happening?"""
    if second.kind.id == "vac.attack" and (toll or FAMILIES.get(first.kind.type) == "violence"):
        return True  # the killing words are the first event's victims
    group = FAMILIES.get(first.kind.type, first.kind.type)
    return (group, FAMILIES.get(second.kind.type, second.kind.type)) in _ONE_HAPPENING \
        or (group, second.kind.type) in _ONE_HAPPENING


def _place_for(sentence_start: int, low: str, trigger_at: int, places: list[Place],
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
    if best.kind in AREA_KINDS:
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


def _sentence_date(refs: list[DateRef], s: int, e: int, trigger_at: int, low: str,
                   *, reports: bool = False) -> DateRef | None:
    """The sentence's date nearest the trigger; dates of reports ('said Friday') only when
    `reports` is set, since what is reported happened on or before that day."""
    inside = [d for d in refs if s <= d.start < e
              and event_cues.is_report_date(low, d.start - s) == reports]
    if not inside:
        return None
    return min(inside, key=lambda d: abs(d.start - trigger_at))


def _detail_of(events: list[Event], head: int, first_here: int, kind: taxonomy.EventKind) -> bool:
    """Does an event of `kind` only tell a detail of the happening `events[head]`, placed in an
    earlier sentence? Of another family, yes ('Police seized a rifle.' after the clash); of its
    own family it may refine it ('Two protesters were killed.' after the protest)."""
    if head >= first_here:
        return False
    told = events[head].type
    return FAMILIES.get(told, told) != FAMILIES.get(kind.type, kind.type)


def _score(weight: float, first: bool, is_claimed: bool, placed: bool, *,
           below: float | None = None) -> float:
    """0-1; `below`: the score of the happening that this event is a detail of
    (`_detail_of`), which it must stay under."""
    score = 0.3 + 0.1 * weight
    score *= 1.0 if first else 0.93   # the lead sentence carries the main news
    score *= 0.95 if is_claimed else 1.0
    score *= 1.0 if placed else 0.95
    if below is not None:
        score = min(score, below * 0.97)
    return round(max(0.0, min(1.0, score)), 3)


def extract(text: str, places: tuple[Place, ...] | list[Place], published: dt.date | None,
            demonyms: dict[str, str] | None = None, *,
            sentences: list[tuple[int, int]] | None = None) -> tuple[Event, ...]:
    """Events reported in `text`, strongest first, given its resolved places (and its
    `sentences.split(text)` when the caller has them).

    >>> [e.subtype for e in extract("Shelling hit Kharkiv on Friday.", [], None)]
    ['Shelling/artillery/missile attack']
    """
    kinds = taxonomy.load()
    doc_low = lower_same_length(text)
    hits = _prefilter().hits(doc_low)
    refs = find_dates(text, published, hits=hits, low=doc_low)
    demonyms = demonyms or {}
    events: list[Event] = []
    heads: list[int] = []  # per event: the event that named the place its happening is told at
    last_date: DateRef | None = None
    previous = _PreviousPlace()
    sentences = split(text) if sentences is None else sentences
    matches = _trigger_matches(doc_low, sentences, hits)
    article_country = _main_country(places)
    conflict_article = None  # is the article about fighting? Asked only of a bare death toll
    tolls = _toll_hits(hits)
    by_start = sorted(places, key=lambda p: p.start)
    place_starts = [p.start for p in by_start]
    ref_starts = [d.start for d in refs]
    # a slice of the lowered article is the lowered sentence, unless the text has a capital
    # sigma: its lower-case form depends on what follows, which may lie past the sentence
    slice_low = "Σ" not in text
    for n, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        low = doc_low[s:e] if slice_low else lower_same_length(sentence)
        first, last = bisect_left(place_starts, s), bisect_left(place_starts, e)
        in_sentence = [p for p in by_start[first:last] if p.end <= e and p.kind != "continent"]
        refs_here = refs[bisect_left(ref_starts, s):bisect_left(ref_starts, e)]
        date_here = None
        sentence_hits = _hits(low, s, kinds, matches[n])
        possible_tolls = _tolls_within(tolls, s, e) if tolls else None
        deaths = event_cues.fatalities(low, possible_tolls) if possible_tolls else None
        chosen = _choose(sentence_hits, low, toll=bool(deaths))
        if not chosen and deaths is not None and _toll_of_last_happening(events, heads, deaths, in_sentence):
            deaths = None  # 'Three people were killed.' after the shelling: its toll, not a new event
        if not chosen and deaths and conflict_article is None:
            conflict_article = _CONFLICT_WORDS.search(doc_low) is not None
        toll_only = not chosen and bool(deaths) and conflict_article
        if toll_only:
            # a death toll with no other trigger: fighting, as conflict data would code it
            clash = next(k for k in kinds if k.id == "battles.armed_clash")
            chosen = [_Hit(clash, 2.0, 0, 0)]
        first_here = len(events)
        # one toll per happening: a sentence's toll goes to one of its events, the strongest that
        # can kill (violence, unrest, a disaster), not to an arrest or a flight beside it
        toll_hit = next((h for h in chosen if h.kind.type in _KILLING_TYPES), chosen[0]) if chosen else None
        for hit in chosen:
            date_here = _sentence_date(refs_here, s, e, s + hit.start, low) or date_here
            date = (date_here or last_date
                    or _sentence_date(refs_here, s, e, s + hit.start, low, reports=True))
            place, precision = _place_for(s, low, hit.start, in_sentence)
            head = first_here if place is not None or not heads else heads[-1]
            if place is None:  # the previous sentence's place, else the article's country
                place, precision = previous.of(n - 1) if not toll_only else (None, None)
                if place is None and not toll_only:  # the story's place carries on till another is named
                    place, precision = previous.latest()
                if place is None:
                    place, precision = article_country, 3
                if place is not None:
                    precision = 3 if place.kind in AREA_KINDS else max(precision or 2, 2)
            kind = hit.kind
            if kind.id == "battles.gov_regains" and place is not None and not _RETAKE.search(low):
                # ACLED codes a state's forces taking ground outside their own country as
                # 'Non-state actor overtakes territory' (the airport seized outside Kyiv)
                names = {p.text: p.country for p in in_sentence if p.kind == "country"}
                foreign = event_cues.actor_countries(sentence, names, demonyms) - {place.country}
                if foreign:
                    kind = next(k for k in kinds if k.id == "battles.nonstate_overtakes")
            is_claimed = event_cues.claimed(low)
            trigger = sentence[hit.start:hit.end] if hit.end > hit.start else ""
            toll = deaths if hit is toll_hit else None
            if head < len(events) and toll is not None and events[head].fatalities is None \
                    and FAMILIES.get(events[head].type, events[head].type) == FAMILIES.get(kind.type, kind.type):
                # 'Four fighters were killed.' told of the clash named before: the clash's toll
                events[head] = replace(events[head], fatalities=toll)
                toll = None
            heads.append(head)
            events.append(Event(
                type=kind.type, subtype=kind.subtype,
                date=date.date if date else published,
                date_precision=date.precision if date else ("week" if published else None),
                place=place.name if place else None, place_id=place.id if place else None,
                lat=place.lat if place else None, lon=place.lon if place else None,
                country=place.country if place else None, geo_precision=precision if place else None,
                fatalities=toll, actors=event_cues.actors(sentence, demonyms), trigger=trigger,
                sentence=sentence, start=s, end=e,
                score=_score(hit.weight, n == 0, is_claimed, place is not None,
                             below=events[head].score if _detail_of(events, head, first_here, kind) else None),
                claimed=is_claimed, evidence=(Evidence(s, e, sentence, trigger),)))
            if place is not None and place.start >= s:
                previous.set(n, place, precision)
        if not chosen and in_sentence:  # the narrative's place, for the next sentence's events
            previous.narrative(n, s, low, in_sentence)
        own_date = (date_here or _sentence_date(refs_here, s, e, s, low)
                    or _sentence_date(refs_here, s, e, s, low, reports=True)) if refs_here else None
        if own_date is not None:
            last_date = own_date
    return _merge(events)


def _toll_of_last_happening(events: list[Event], heads: list[int], deaths: int,
                            places: list[Place]) -> bool:
    """Give a sentence's bare death toll ('Two men were killed.', 'There were no casualties.')
    to the happening told last (the event that named its place), unless the sentence names a
    place of its own elsewhere. A larger later figure is an update ('the toll rose to 9'): one
    toll per happening, never the sum of its reports."""
    if not events:
        return False
    own = {p.id for p in places if p.kind != "country"}
    head = events[heads[-1]]
    if own and head.place_id not in own:
        return False
    if head.fatalities is None or deaths > head.fatalities:
        events[heads[-1]] = replace(head, fatalities=deaths)
    return True


class _PreviousPlace:
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
            place, precision = _place_for(s, low, 0, [p for p in places if p.kind != "country"])
            if place is not None:
                self.set(n, place, precision)
        return (self.place, self.precision) if self.n == n else (None, None)


def _main_country(places) -> Place | None:
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


def _merge(events: list[Event]) -> tuple[Event, ...]:
    """One event per happening: same subtype, place and day merge, evidence accumulates."""
    merged: dict[tuple, Event] = {}
    for ev in events:
        key = (ev.type, ev.subtype, ev.place_id, ev.date)
        old = merged.get(key)
        if old is None:
            merged[key] = ev
            continue
        keep, other = (old, ev) if old.score >= ev.score else (ev, old)
        merged[key] = replace(
            keep, evidence=old.evidence + ev.evidence,
            fatalities=max((f for f in (old.fatalities, ev.fatalities) if f is not None), default=None),
            actors=tuple(dict.fromkeys(old.actors + ev.actors))[:3],
            score=round(min(1.0, keep.score + 0.02), 3), claimed=old.claimed and ev.claimed)
    return tuple(sorted(merged.values(), key=lambda e: (-e.score, e.start)))


def unreal_types(sentence: str) -> set[str]:
    """The event types that the sentence names only to deny, suppose, plan or fear them ('the
    army denied shelling the town', 'troops could attack it'): the classifier must not add
    an event of these types that the rules removed (geo/event_classifier.py)."""
    low = lower_same_length(sentence)
    unreal: set[str] = set()
    real: set[str] = set()
    for kind in taxonomy.load():
        for pat in kind.patterns:
            m = pat.trigger.search(low)
            if m is None or not all(a.search(low) for a in pat.also) \
                    or any(u.search(low) for u in pat.unless):
                continue
            span = m.span("t") if "t" in m.re.groupindex else m.span()
            (unreal if _modal(_Hit(kind, pat.weight, *span), low) else real).add(kind.type)
    return unreal - real


MIN_REPORT_WORDS = 5  # fewer words cannot report a happening with its place or time


def why_none(text: str, places: tuple[Place, ...] | list[Place] = ()) -> str:
    """Why an article yields no event, in words for the one-line report of its ingest.

    >>> why_none("x")
    'no events: 1 word is too short to report anything'
    """
    words = len(text.split())
    if words < MIN_REPORT_WORDS:
        return (f"no events: {words} word{'s' if words != 1 else ''} "
                f"{'is' if words == 1 else 'are'} too short to report anything")
    found = f"{len(places)} place mention{'s' if len(places) != 1 else ''}" if places else "no places"
    return (f"no events: none of the taxonomy's trigger words (attack, protest, flood, talks …) "
            f"stands as a real happening in its {words} words ({found} found)")
