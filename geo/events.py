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
from .event_places import PreviousPlace, main_country, place_for
from .prefilter import PatternGroups, matches_at
from .records import Event, Evidence, Place
from .sentences import lower_same_length, split
from .vocabulary import FAR_KINDS

FAMILIES = {"Battles": "violence", "Explosions/Remote violence": "violence",
            "Violence against civilians": "violence", "Protests": "unrest", "Riots": "unrest"}
SECOND_EVENT_MIN_WEIGHT = 2.5
# (first event's family or type, second's) of one sentence that are one happening: a crowd's
# protest and riot; protesters who 'clashed' with police (not a battle between armed groups)
_ONE_HAPPENING = frozenset({("unrest", "unrest"), ("unrest", "Battles")})
# announcing a measure is itself the event for these ('will close the US consulate', 'threatens
# retaliation'); only a denial or a hypothesis removes them
ANNOUNCED_TYPES = frozenset({"Diplomacy", "Sanctions"})
# the taxonomy rows the rules name (geo/data/taxonomy.tsv ids)
TOLL_ONLY_KIND = "battles.armed_clash"      # a bare death toll in an article about fighting
KILLING_KIND = "vac.attack"                 # 'killing 3 civilians': the victims of another event
REGAINS_KIND = "battles.gov_regains"        # ... unless taken outside the state's own country:
FOREIGN_TAKEOVER_KIND = "battles.nonstate_overtakes"
MAN_MADE_DISASTER_KIND = "disasters.man_made"
CONFLICT_FIRE_DISCOUNT = 0.6                # 'fire broke out' among troops is fighting, not an accident
_RETAKE = re.compile(r"\b(retook|retaken|retake|recaptur\w+|regain\w*|re-?took|liberat\w+|reclaim\w*)\b")
_CONFLICT_WORDS = re.compile(r"\b(forces|troops|soldiers|military|army|militants|invasion|war|fighting)\b")


@dataclass(frozen=True, slots=True)
class _Hit:
    kind: taxonomy.EventKind
    weight: float
    start: int  # offsets into the sentence
    end: int


@lru_cache(maxsize=1)
def patterns() -> PatternGroups:
    """The date patterns, every trigger pattern in table order (kind by kind), and the death
    toll patterns: one prefilter pass over an article finds the literals of all of them."""
    return PatternGroups({"dates": STRATEGY_REGEXES, "triggers": [t for _, _, t in _triggers()],
                          "tolls": event_cues.TOLL_PATTERNS})


@lru_cache(maxsize=1)
def _triggers() -> list[tuple[int, int, re.Pattern]]:
    """(kind number, pattern number, trigger) of every trigger pattern, in table order."""
    return [(k, j, p.trigger) for k, kind in enumerate(taxonomy.load())
            for j, p in enumerate(kind.patterns)]


def _trigger_matches(doc_low: str, sentences: list[tuple[int, int]],
                     hits: dict[int, list[int] | None]) -> list[dict[int, dict[int, re.Match]]]:
    """Per sentence: kind number -> pattern number -> the pattern's first match in it.

    The prefilter's single pass over the document (`hits`) says where each pattern's literals occur,
    so a pattern is searched only in the sentences that hold one of them, never across
    sentence ends; a pattern whose matches begin with a literal is only tried where one does."""
    anchored, triggers = patterns().anchored("triggers"), _triggers()
    starts = [s for s, _ in sentences]
    out: list[dict[int, dict[int, re.Match]]] = [{} for _ in sentences]
    for i, offsets in patterns().group_hits("triggers", hits).items():  # the few whose literals occur
        k, j, trigger = triggers[i]
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
    tolls = patterns().group_hits("tolls", hits)
    return [(k, tolls[k]) for k in range(len(event_cues.TOLL_PATTERNS)) if k in tolls]


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
    if any(h.kind.id == MAN_MADE_DISASTER_KIND for h in out) and _CONFLICT_WORDS.search(low):
        out = [replace(h, weight=h.weight * CONFLICT_FIRE_DISCOUNT) if h.kind.id == MAN_MADE_DISASTER_KIND
               else h for h in out]
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
            if toll and h.kind.id == KILLING_KIND and cause is not None:
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
    if second.kind.id == KILLING_KIND and (toll or FAMILIES.get(first.kind.type) == "violence"):
        return True  # the killing words are the first event's victims
    group = FAMILIES.get(first.kind.type, first.kind.type)
    return (group, FAMILIES.get(second.kind.type, second.kind.type)) in _ONE_HAPPENING \
        or (group, second.kind.type) in _ONE_HAPPENING


def _sentence_date(refs: list[DateRef], s: int, e: int, trigger_at: int, low: str,
                   *, reports: bool = False) -> DateRef | None:
    """The sentence's date nearest the trigger; dates of reports ('said Friday') only when
    `reports` is set, since what is reported happened on or before that day."""
    inside = [d for d in refs if s <= d.start < e
              and event_cues.is_report_date(low, d.start - s) == reports]
    if not inside:
        return None
    return min(inside, key=lambda d: abs(d.start - trigger_at))


def _score(weight: float, first: bool, is_claimed: bool, placed: bool) -> float:
    score = 0.3 + 0.1 * weight
    score *= 1.0 if first else 0.93   # the lead sentence carries the main news
    score *= 0.95 if is_claimed else 1.0
    score *= 1.0 if placed else 0.95
    return round(max(0.0, min(1.0, score)), 3)


@dataclass(frozen=True, slots=True)
class _Article:
    """What every sentence of one article reads, computed once: its lowered text, sentences,
    trigger matches, dates, places by start and the death toll patterns it may hold."""

    text: str
    low: str                                   # lower_same_length(text): same offsets
    published: dt.date | None
    demonyms: dict[str, str]
    kinds: tuple[taxonomy.EventKind, ...]
    sentences: list[tuple[int, int]]
    matches: list[dict[int, dict[int, re.Match]]]  # per sentence, `_trigger_matches`
    refs: list[DateRef]
    ref_starts: list[int]
    places: list[Place]                        # by start
    place_starts: list[int]
    country: Place | None                      # where unplaced events fall back to
    tolls: list[tuple[int, list[int] | None]]  # `_toll_hits`
    # a slice of the lowered article is the lowered sentence, unless the text has a capital
    # sigma: its lower-case form depends on what follows, which may lie past the sentence
    slice_low: bool

    def kind(self, kind_id: str) -> taxonomy.EventKind:
        return next(k for k in self.kinds if k.id == kind_id)


class _Story:
    """What the sentences read so far say for the next one: the narrative's last date, its
    place, and (asked only of a bare death toll) whether the article is about fighting."""

    def __init__(self) -> None:
        self.last_date: DateRef | None = None
        self.previous = PreviousPlace()
        self.conflict: bool | None = None


def extract(text: str, places: tuple[Place, ...] | list[Place], published: dt.date | None,
            demonyms: dict[str, str] | None = None) -> tuple[Event, ...]:
    """Events reported in `text`, strongest first, given its resolved places.

    >>> [e.subtype for e in extract("Shelling hit Kharkiv on Friday.", [], None)]
    ['Shelling/artillery/missile attack']
    """
    article = _read(text, places, published, demonyms or {})
    story = _Story()
    events: list[Event] = []
    for n in range(len(article.sentences)):
        events += _sentence_events(article, n, story)
    return _merge(events)


def _read(text: str, places: tuple[Place, ...] | list[Place], published: dt.date | None,
          demonyms: dict[str, str]) -> _Article:
    doc_low = lower_same_length(text)
    hits = patterns().hits(doc_low)
    refs = find_dates(text, published, hits=patterns().group_hits("dates", hits), low=doc_low)
    sentences = split(text)
    by_start = sorted(places, key=lambda p: p.start)
    return _Article(
        text=text, low=doc_low, published=published, demonyms=demonyms, kinds=taxonomy.load(),
        sentences=sentences, matches=_trigger_matches(doc_low, sentences, hits), refs=refs,
        ref_starts=[d.start for d in refs], places=by_start, place_starts=[p.start for p in by_start],
        country=main_country(places), tolls=_toll_hits(hits), slice_low="Σ" not in text)


def _sentence_events(article: _Article, n: int, story: _Story) -> list[Event]:
    """The events of sentence `n`; updates the story for the sentences after it."""
    s, e = article.sentences[n]
    low = article.low[s:e] if article.slice_low else lower_same_length(article.text[s:e])
    first, last = bisect_left(article.place_starts, s), bisect_left(article.place_starts, e)
    in_sentence = [p for p in article.places[first:last] if p.end <= e and p.kind != "continent"]
    refs_here = article.refs[bisect_left(article.ref_starts, s):bisect_left(article.ref_starts, e)]
    possible_tolls = _tolls_within(article.tolls, s, e) if article.tolls else None
    deaths = event_cues.fatalities(low, possible_tolls) if possible_tolls else None
    chosen = _choose(_hits(low, s, article.kinds, article.matches[n]), low, toll=deaths is not None)
    if not chosen and deaths is not None and story.conflict is None:
        story.conflict = _CONFLICT_WORDS.search(article.low) is not None
    toll_only = bool(not chosen and deaths is not None and story.conflict)
    if toll_only:  # a death toll with no other trigger: fighting, as conflict data would code it
        chosen = [_Hit(article.kind(TOLL_ONLY_KIND), 2.0, 0, 0)]
    out = []
    date_here = None
    for hit in chosen:
        date_here = _sentence_date(refs_here, s, e, s + hit.start, low) or date_here
        date = (date_here or story.last_date
                or _sentence_date(refs_here, s, e, s + hit.start, low, reports=True))
        place, precision = place_for(s, low, hit.start, in_sentence)
        if place is None:
            place, precision = _place_from_context(article, story, n, toll_only)
        kind = _retyped(article, hit.kind, place, in_sentence, s, e, low)
        out.append(_event(article, kind, hit, n, date, place, precision, deaths))
        if place is not None and place.start >= s:
            story.previous.set(n, place, precision)
    if not chosen and in_sentence:  # the narrative's place, for the next sentence's events
        story.previous.narrative(n, s, low, in_sentence)
    own_date = (date_here or _sentence_date(refs_here, s, e, s, low)
                or _sentence_date(refs_here, s, e, s, low, reports=True)) if refs_here else None
    if own_date is not None:
        story.last_date = own_date
    return out


def _place_from_context(article: _Article, story: _Story, n: int, toll_only: bool,
                        ) -> tuple[Place | None, int | None]:
    """An event its sentence does not place: the previous sentence's place (not for a bare
    death toll), else the article's country; at best precision 2, 3 for an area."""
    place, precision = story.previous.of(n - 1) if not toll_only else (None, None)
    if place is None:
        place, precision = article.country, 3
    if place is not None:
        precision = 3 if place.kind in FAR_KINDS else max(precision or 2, 2)
    return place, precision


def _retyped(article: _Article, kind: taxonomy.EventKind, place: Place | None, in_sentence: list[Place],
             s: int, e: int, low: str) -> taxonomy.EventKind:
    """ACLED codes a state's forces taking ground outside their own country as 'Non-state
    actor overtakes territory' (the airport seized outside Kyiv), not as regaining it."""
    if kind.id != REGAINS_KIND or place is None or _RETAKE.search(low):
        return kind
    names = {p.text: p.country for p in in_sentence if p.kind == "country"}
    foreign = event_cues.actor_countries(article.text[s:e], names, article.demonyms) - {place.country}
    return article.kind(FOREIGN_TAKEOVER_KIND) if foreign else kind


def _event(article: _Article, kind: taxonomy.EventKind, hit: _Hit, n: int, date: DateRef | None,
           place: Place | None, precision: int | None, deaths: int | None) -> Event:
    s, e = article.sentences[n]
    sentence = article.text[s:e]
    low = article.low[s:e] if article.slice_low else lower_same_length(sentence)
    is_claimed = event_cues.claimed(low)
    trigger = sentence[hit.start:hit.end] if hit.end > hit.start else ""
    published = article.published
    return Event(
        type=kind.type, subtype=kind.subtype,
        date=date.date if date else published,
        date_precision=date.precision if date else ("week" if published else None),
        place=place.name if place else None, place_id=place.id if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None,
        country=place.country if place else None, geo_precision=precision if place else None,
        fatalities=deaths, actors=event_cues.actors(sentence, article.demonyms), trigger=trigger,
        sentence=sentence, start=s, end=e,
        score=_score(hit.weight, n == 0, is_claimed, place is not None),
        claimed=is_claimed, evidence=(Evidence(s, e, sentence, trigger),))


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
