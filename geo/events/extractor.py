"""Stage 3: events from an article's sentences (`extract`).

For each sentence: trigger patterns from the taxonomy table propose event kinds; modality cues
drop what is denied, planned, hypothetical or feared; the strongest kind becomes the sentence's
event (a second one only when it belongs to another family, such as sanctions beside
fighting) (geo/events/triggers.py). Each event gets a date (the sentence's own, else the
narrative's last one, else the publication date with week precision), a place (the resolved
place the sentence locates it in, geo/events/places.py), a death toll, actors and a 0-1 score.
Mentions of one happening (same kind, place and day) merge into one event with several
evidence sentences.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import replace

from geo.events import cues as event_cues
from geo.events import taxonomy
from geo.events.dates import DateRef, find_dates
from geo.events.places import PreviousPlace, main_country, place_for
from geo.events.triggers import (
    CONFLICT_WORDS,
    CROWD_TYPES,
    FAMILIES,
    Hit,
    choose,
    prefilter,
    sentence_hits,
    toll_hits,
    tolls_within,
    trigger_matches,
)
from geo.records import Event, Evidence, Place
from geo.text.sentences import lower_same_length, split
from geo.vocabulary import FAR_KINDS

_RETAKE = re.compile(r"\b(retook|retaken|retake|recaptur\w+|regain\w*|re-?took|liberat\w+|reclaim\w*)\b")
_KILLING_TYPES = frozenset({*FAMILIES, "Disasters"})
_TERRITORY_KINDS = frozenset({"battles.gov_regains", "battles.nonstate_overtakes", "strategic.territory_transfer"})
# ground tried for ('an attack to capture', 'tried to seize', 'an attempt to take control of') ...
_ATTEMPT = re.compile(r"\b(attempt(s|ed|ing)?|tried|trying|tries|sought|seeking|bid|efforts?|attacks?|"
                      r"offensive|push|aim(s|ed|ing)?)( \w+){0,3}? to\s+(\w+\s+)?$")
# ... and not taken ('... was fended off', 'but were repelled')
_FAILED = re.compile(r"\b(repelled|repulsed|fended off|foiled|thwarted|beaten back|beat back|"
                     r"failed|were pushed back|was pushed back|were driven back|was driven back)\b")
_FROM_THE_STATE = re.compile(r"\bfrom (the )?(\w+ )?(government|army|military|soldiers|troops|"
                             r"security forces|state forces|regime forces|national army)\b")


def extract(text: str, places: tuple[Place, ...] | list[Place], published: dt.date | None,
            demonyms: dict[str, str] | None = None, *,
            sentences: list[tuple[int, int]] | None = None) -> tuple[Event, ...]:
    """Events reported in `text`, strongest first, given its resolved places (and its
    `sentences.split(text)` when the caller has them).

    >>> [e.subtype for e in extract("Shelling hit Kharkiv on Friday.", [], None)]
    ['Shelling/artillery/missile attack']
    """
    doc_low = lower_same_length(text)
    hits = prefilter().hits(doc_low)
    sentences = split(text) if sentences is None else sentences
    walk = _Walk(text, doc_low, published, places, demonyms or {},
                 find_dates(text, published, hits=hits, low=doc_low), toll_hits(hits))
    for n, ((s, e), matches) in enumerate(zip(sentences, trigger_matches(doc_low, sentences, hits), strict=True)):
        walk.sentence(n, s, e, matches)
    return _merge(walk.events)


class _Walk:
    """One pass over an article's sentences in order: what the earlier sentences told (events,
    the happening each event belongs to, the last date, the narrative's place) decides the
    date, place and toll of the events of the next one."""

    def __init__(self, text: str, doc_low: str, published: dt.date | None,
                 places: tuple[Place, ...] | list[Place], demonyms: dict[str, str],
                 refs: list[DateRef], tolls: list[tuple[int, list[int] | None]]) -> None:
        self.text, self.doc_low, self.published, self.demonyms = text, doc_low, published, demonyms
        self.kinds = taxonomy.load()
        self.refs, self.ref_starts = refs, [d.start for d in refs]
        self.by_start = sorted(places, key=lambda p: p.start)
        self.place_starts = [p.start for p in self.by_start]
        self.article_country = main_country(places)
        self.tolls = tolls
        self.events: list[Event] = []
        self.heads: list[int] = []  # per event: the event that named the place its happening is told at
        self.last_date: DateRef | None = None
        self.previous = PreviousPlace()
        self.conflict_article: bool | None = None  # is the article about fighting? Asked only of a bare toll
        # a slice of the lowered article is the lowered sentence, unless the text has a capital
        # sigma: its lower-case form depends on what follows, which may lie past the sentence
        self.slice_low = "Σ" not in text

    def sentence(self, n: int, s: int, e: int, matches: dict[int, dict[int, re.Match]]) -> None:
        """The events of sentence `n`, the text's [s, e), whose trigger patterns matched `matches`."""
        sentence = self.text[s:e]
        low = self.doc_low[s:e] if self.slice_low else lower_same_length(sentence)
        first, last = bisect_left(self.place_starts, s), bisect_left(self.place_starts, e)
        in_sentence = [p for p in self.by_start[first:last] if p.end <= e and p.kind != "continent"]
        refs_here = self.refs[bisect_left(self.ref_starts, s):bisect_left(self.ref_starts, e)]
        date_here = None
        chosen, deaths, toll_only = self._chosen(low, s, e, sentence_hits(low, s, self.kinds, matches), in_sentence)
        first_here = len(self.events)
        # one toll per happening: a sentence's toll goes to one of its events, the strongest that
        # can kill (violence, unrest, a disaster), not to an arrest or a flight beside it
        toll_hit = next((h for h in chosen if h.kind.type in _KILLING_TYPES), chosen[0]) if chosen else None
        for hit in chosen:
            date_here = _sentence_date(refs_here, s, e, s + hit.start, low) or date_here
            date = (date_here or self.last_date
                    or _sentence_date(refs_here, s, e, s + hit.start, low, reports=True))
            place, precision = place_for(s, low, hit.start, in_sentence, sentence=sentence,
                                         crowd=hit.kind.type in CROWD_TYPES)
            head = first_here if place is not None or not self.heads else self.heads[-1]
            if place is None:
                place, precision = self._unplaced(n, e, toll_only)
            kind = self._kind(hit.kind, place, sentence, low, in_sentence, hit.start)
            self._add(hit, kind, sentence, low, n, s, e, head, first_here, place, precision, date,
                      deaths if hit is toll_hit else None)
            if place is not None and place.start >= s:
                self.previous.set(n, place, precision)
        if not chosen and self.events:
            self._victim_was_armed(low)
        if not chosen and in_sentence:  # the narrative's place, for the next sentence's events
            self.previous.narrative(n, s, sentence, low, in_sentence)
        own_date = (date_here or _sentence_date(refs_here, s, e, s, low)
                    or _sentence_date(refs_here, s, e, s, low, reports=True)) if refs_here else None
        if own_date is not None:
            self.last_date = own_date

    def _victim_was_armed(self, low: str) -> None:
        """'A man was shot dead at a bar. The victim was a member of a drug gang.': the attack
        told before was on an armed group's member, which conflict data code as a clash."""
        at = self.heads[-1]
        if self.events[at].subtype == "Attack" and _ARMED_VICTIM.search(low):  # the cheap test first
            clash = self._kind_named("battles.armed_clash")
            self.events[at] = replace(self.events[at], type=clash.type, subtype=clash.subtype)

    def _kind_named(self, kind_id: str) -> taxonomy.EventKind:
        return next(k for k in self.kinds if k.id == kind_id)

    def _chosen(self, low: str, s: int, e: int, hits: list[Hit], in_sentence: list[Place],
                ) -> tuple[list[Hit], int | None, bool]:
        """The sentence's real events, its death toll, and whether the toll alone is the event."""
        possible_tolls = tolls_within(self.tolls, s, e) if self.tolls else None
        deaths = event_cues.fatalities(low, possible_tolls) if possible_tolls else None
        mood_low = event_cues.without_names(self.text[s:e], low) if hits else low
        chosen = choose(hits, low, toll=bool(deaths), mood_low=mood_low)
        if not chosen and deaths is not None \
                and _toll_of_last_happening(self.events, self.heads, deaths, in_sentence):
            deaths = None  # 'Three people were killed.' after the shelling: its toll, not a new event
        if not chosen and deaths and self.conflict_article is None:
            self.conflict_article = CONFLICT_WORDS.search(self.doc_low) is not None
        toll_only = not chosen and bool(deaths) and bool(self.conflict_article)
        if toll_only:
            # a death toll with no other trigger: fighting, as conflict data would code it
            clash = self._kind_named("battles.armed_clash")
            chosen = [Hit(clash, 2.0, 0, 0)]
        return chosen, deaths, toll_only

    def _unplaced(self, n: int, e: int, toll_only: bool) -> tuple[Place | None, int | None]:
        """The place of an event its sentence (ending at `e`) does not place: the previous
        sentence's, else the story's last one (it carries on till another is named), else the
        article's country (for a bare toll too, which the story's last place is next for),
        else the first place named after it (a sentence cut short: 'outside the offices of
        Zentrix Cos. The company is based in Kandor')."""
        place, precision = self.previous.of(n - 1) if not toll_only else (None, None)
        if place is None and not toll_only:
            place, precision = self.previous.latest()
        if place is None:
            place, precision = self.article_country, 3
        if place is None and toll_only:
            place, precision = self.previous.latest()
        if place is None:
            place, precision = next((p for p in self.by_start[bisect_left(self.place_starts, e):]
                                     if p.kind != "country"), None), None
        if place is not None:
            precision = 3 if place.kind in FAR_KINDS else max(precision or 2, 2)
        return place, precision

    def _kind(self, kind: taxonomy.EventKind, place: Place | None, sentence: str, low: str,
              in_sentence: list[Place], at: int) -> taxonomy.EventKind:
        """ACLED codes a state's forces taking ground outside their own country as 'Non-state
        actor overtakes territory' (the airport seized outside Kyiv); ground tried for and not
        taken as a fight ('tried to seize the town but were repelled'); ground retaken from
        the government as taken by the other side ('militants recaptured the village from
        government forces')."""
        if kind.id in _TERRITORY_KINDS and (_ATTEMPT.search(low, max(0, at - 40), at)
                                            or _FAILED.search(low, at)):
            return self._kind_named("battles.armed_clash")
        if kind.id == "battles.gov_regains" and _FROM_THE_STATE.search(low, at):
            return self._kind_named("battles.nonstate_overtakes")
        if kind.id == "battles.gov_regains" and place is not None and not _RETAKE.search(low):
            names = {p.text: p.country for p in in_sentence if p.kind == "country"}
            foreign = event_cues.actor_countries(sentence, names, self.demonyms) - {place.country}
            if foreign:
                return self._kind_named("battles.nonstate_overtakes")
        return kind

    def _add(self, hit: Hit, kind: taxonomy.EventKind, sentence: str, low: str, n: int, s: int, e: int,
             head: int, first_here: int, place: Place | None, precision: int | None,
             date: DateRef | None, toll: int | None) -> None:
        """Record one event of sentence `n`, told of the happening `self.events[head]`."""
        events, published = self.events, self.published
        is_claimed = event_cues.claimed(low)
        trigger = sentence[hit.start:hit.end] if hit.end > hit.start else ""
        if head < len(events) and toll is not None and events[head].fatalities is None \
                and FAMILIES.get(events[head].type, events[head].type) == FAMILIES.get(kind.type, kind.type):
            # 'Four fighters were killed.' told of the clash named before: the clash's toll
            events[head] = replace(events[head], fatalities=toll)
            toll = None
        if kind.id == "vac.abduction" and head < first_here and events[head].subtype == "Arrests" \
                and trigger.lower().startswith("whereabouts"):
            # 'Two men were arrested. Their whereabouts are unknown.': an arrest with no trace
            # of the detained is a forced disappearance, one happening told in two sentences
            events[head] = replace(events[head], type=kind.type, subtype=kind.subtype)
        if kind.id == "riots.violent_demonstration" and head < first_here \
                and events[head].subtype == "Peaceful protest":
            # 'Hundreds demonstrated in the square. They broke windows and set bins on fire.':
            # the demonstration turned violent, one happening told in two sentences
            events[head] = replace(events[head], type=kind.type, subtype=kind.subtype)
        self.heads.append(head)
        events.append(Event(
            type=kind.type, subtype=kind.subtype,
            date=date.date if date else published,
            date_precision=date.precision if date else ("week" if published else None),
            place=place.name if place else None, place_id=place.id if place else None,
            lat=place.lat if place else None, lon=place.lon if place else None,
            country=place.country if place else None, geo_precision=precision if place else None,
            fatalities=toll, actors=event_cues.actors(sentence, self.demonyms), trigger=trigger,
            sentence=sentence, start=s, end=e,
            score=_score(hit.weight, n == 0, is_claimed, place is not None,
                         below=events[head].score if _detail_of(events, head, first_here, kind, low) else None),
            claimed=is_claimed, evidence=(Evidence(s, e, sentence, trigger),)))


def _sentence_date(refs: list[DateRef], s: int, e: int, trigger_at: int, low: str,
                   *, reports: bool = False) -> DateRef | None:
    """The sentence's date nearest the trigger; dates of reports ('said Friday') only when
    `reports` is set, since what is reported happened on or before that day."""
    inside = [d for d in refs if s <= d.start < e
              and event_cues.is_report_date(low, d.start - s) == reports]
    if not inside:
        return None
    nearest = min(inside, key=lambda d: abs(d.start - trigger_at))
    opening = inside[0]
    if opening is not nearest and _OPENING.match(low, 0, opening.start - s) \
            and min(abs(nearest.start - trigger_at), abs(nearest.end - trigger_at)) > NEAR_DATE_CHARS:
        # 'On 7 June, relatives protested the death of a boy killed on 10 March': a date that
        # opens the sentence dates its main clause; a later one, not next to the trigger, dates
        # a clause inside it
        return opening
    return nearest


_OPENING = re.compile(r"\s*(?:(?:on|around|about|early|late|by|in|at|since|from)\s+)?(?:the\s+)?$")
NEAR_DATE_CHARS = 25  # a date this close to the trigger is the trigger's own ('shelled the town on Sunday')


def _detail_of(events: list[Event], head: int, first_here: int, kind: taxonomy.EventKind, low: str) -> bool:
    """Does an event of `kind` only tell a detail of the happening `events[head]`, placed in an
    earlier sentence? Of another family, yes ('Police seized a rifle.' after the clash); of its
    own family it may refine it ('Two protesters were killed.' after the protest), but victims
    with no attacker of their own after a fight are the fight's ('Rival gangs exchanged fire.
    A passer-by was shot.', 'hit by a stray bullet')."""
    if head >= first_here:
        return False
    told = events[head].type
    if told == "Battles" and kind.id == "vac.attack" and (_FIGHTS_VICTIMS.search(low) or not _BY.search(low)):
        return True
    return FAMILIES.get(told, told) != FAMILIES.get(kind.type, kind.type)


_ARMED_VICTIM = re.compile(r"\b(victims?|the (dead )?(man|men|woman)) (was|were|had been) (\w+ ){0,3}?"
                           r"(involved in|linked to|an? (\w+ )?members? of|members of|part of|affiliated with|tied to) "
                           r"(\w+ ){0,3}?"
                           r"(drug[- ]trafficking|gangs?|criminal (groups?|gangs?|organi[sz]ations?|activities)|"
                           r"cartels?|armed groups?|factions?|militias?)")
_FIGHTS_VICTIMS = re.compile(r"\b(stray bullets?|cross-?fire|as a result|(in|during) the (clash|clashes|fighting|"
                             r"exchange|shoot-?out|confrontation|gunfight|firefight))\b")
_BY = re.compile(r"\bby\b")


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
