"""How the rules and the learned classifier meet (`combine`; docs/event-classifier.md).

The rules keep triggers, evidence, dates and places; the classifier re-types the primary event
when it disagrees confidently, and reports an event the rules missed when it is sure of it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from geo.events import cues as event_cues
from geo.events.classifier import Model, load, probabilities
from geo.events.dates import find_dates
from geo.events.places import place_for
from geo.events.triggers import unreal_types
from geo.records import Event, Evidence, Place
from geo.text.sentences import lower_same_length, split


@dataclass(frozen=True, slots=True)
class Policy:
    """When the classifier overrules or completes the rules (docs/event-classifier.md).

    `retype`: the classifier's type must be at least this probable to replace the rule's type,
    `doubt`: and the rule's type at most this probable. `add`: with no rule event, a type this
    probable in one of the first `lead` sentences becomes an event. `resubtype`: same type, a
    different subtype this probable replaces the rule's subtype. `context`: the classifier reads
    the event's sentence and the next `context - 1` sentences, and `before`: up to this many
    sentences before it (a short report's lead names who acted). A report of at most `short`
    sentences (a wire brief, a coder's note) is read whole, and one reading of it is trusted at
    `short_retype` / `short_add`. With `long`, the model also reads longer articles (the window
    above, trusted at `retype` / `add`); it is off because there it changed no event of 908 LGL,
    GeoVirus and TUD texts nor of the sample article, and cost 7% of parsing
    (docs/event-classifier.md).
    """

    retype: float = 0.55
    doubt: float = 0.3
    resubtype: float = 0.6
    add: float = 0.5
    lead: int = 1
    context: int = 2
    before: int = 2
    short: int = 5
    short_retype: float = 0.4
    short_add: float = 0.4
    long: bool = False


def combine(text: str, events: tuple[Event, ...], places: tuple[Place, ...] | list[Place],
            published: dt.date | None, *, sentences: list[tuple[int, int]] | None = None,
            policy: Policy = Policy(), model: Model | None = None) -> tuple[Event, ...]:
    """The rule events with the classifier's say on the primary event's type, strongest first.

    With rule events, only the primary (highest score) may change type or subtype; its trigger,
    evidence, date, place and toll stay. With none, the classifier's confident reading of a lead
    sentence becomes one event dated and placed from that sentence alone. `sentences` are
    `sentences.split(text)` when the caller has them.
    """
    if sentences is None:
        sentences = split(text)
    whole = len(sentences) <= policy.short
    if not (whole or policy.long):
        return events
    model = model or load()
    if events:
        primary = max(range(len(events)), key=lambda i: events[i].score)
        at = next((i for i, (s, e) in enumerate(sentences) if s <= events[primary].start < e), None)
        if at is None:
            return events
        window = text if whole else _window(text, sentences, at, policy.context, before=policy.before)
        new = _retyped(events[primary], window, policy.short_retype if whole else policy.retype,
                       policy, model)
        if new is events[primary]:
            return events
        return _promoted(events, primary, new.type) or events[:primary] + (new,) + events[primary + 1:]
    added = _from_lead(text, sentences, places, published, policy, model, whole=whole)
    return (added,) if added else ()


def _window(text: str, sentences: list[tuple[int, int]], at: int, size: int, *, before: int = 0) -> str:
    """Sentence number `at`, the next `size - 1` ones and up to `before` ones before it."""
    return text[sentences[max(0, at - before)][0]:sentences[min(at + size, len(sentences)) - 1][1]]


# A crowd's event stays a crowd's: when the rules read a protest or a riot and its sentence
# names the crowd ('Protesters clashed with police'), the model may move it between the two but
# not to a battle or an attack, which its n-grams ('clashed with') suggest for armed groups.
CROWD_TYPES = ("Protests", "Riots")
_CROWD = re.compile(r"\b(?:protest(?:er|or)s?|demonstrators?|rioters?|marchers?|crowds?|mobs?)\b", re.I)


# What the rules read of *how* it happened stands, as ACLED codes by it, whoever is named (the
# model's n-grams lean on the actors' names). Rule type or subtype -> types it never becomes:
# - a weapon fired from afar ('shelled', 'missiles', 'IED') or its interception never becomes
#   an attack on civilians ('unidentified armed men shelled the town'), though the model may
#   still move it elsewhere ('air raids supported the clash');
# - weapons seized, defused or shot down did not go off: no explosion;
# - a fight between armed sides ('clashed with rebels') is no one-sided attack on civilians;
# - a crowd's violence the rules read ('rioters torched', 'clashed with protesters') is no
#   peaceful protest;
# - an accident's blast ('a furnace exploded') is no attack;
# - territory the rules read as taken ('seized', 'established control over') and not left to
#   the taker ('after the army withdrew': the rules' own non-violent transfer) stays taken.
RULE_STANDS: dict[str, tuple[str, ...]] = {
    "Government regains territory": ("Strategic developments",),
    "Non-state actor overtakes territory": ("Strategic developments",),
    "Explosions/Remote violence": ("Violence against civilians",),
    "Disrupted weapons use": ("Violence against civilians", "Explosions/Remote violence"),
    "Armed clash": ("Violence against civilians",),
    "Riots": ("Protests",),
    "Disasters": ("Explosions/Remote violence",),
}


# The model's prior for a text it cannot read is a peaceful protest (60% of ACLED's notes):
# an event becomes a protest, or a protest is added, only where the text names one.
_PROTEST_WORD = re.compile(r"\b(?:protest|demonstrat|rall(?:y|ies|ied)|march|sit-?in|vigil|strike|picket|"
                           r"boycott|petition|gather|assembl|block|crowd|chant|placard|banner|demand|denounc|"
                           r"repudiat)", re.I)


# A strike or shelling is a battle's part only where the text tells of the fight on the ground
# ('air raids supported the clash', 'attacked army units; the army shelled the area in return');
# an air raid the model reads as a battle for who is named stays an air raid.
_GROUND_FIGHT = re.compile(r"\b(?:clash|fight|fought|battl|exchang|traded fire|firefight|gunfight|shoot-?out|"
                           r"skirmish|ambush|repel|repuls|assault|offensive|attack(?:ed|s|ing)? (?:\w+ ){0,3}?"
                           r"(?:positions?|forces|units|troops|soldiers|posts?|bases?|checkpoints?|convoys?|patrols?))",
                           re.I)


def _untold(type_: str, text: str, *, instead_of: str | None = None) -> bool:
    """Does `text` fail to tell what the model's reading `type_` needs: a protest named, or,
    for a strike or shelling the rules read (`instead_of`), a fight on the ground?"""
    if type_ == "Protests":
        return not _PROTEST_WORD.search(text)
    return type_ == "Battles" and instead_of == "Explosions/Remote violence" and not _GROUND_FIGHT.search(text)


def _promoted(events: tuple[Event, ...], primary: int, type_: str) -> tuple[Event, ...] | None:
    """When another rule event has the type the model reads, that event leads (the two swap
    scores) and both keep their own readings: in 'gunfire and explosions were heard' the
    model's explosion is the explosion the rules found, not the gunfire."""
    other = max((i for i, e in enumerate(events) if i != primary and e.type == type_),
                key=lambda i: events[i].score, default=None)
    if other is None:
        return None
    out = list(events)
    out[primary] = dataclasses.replace(events[primary], score=events[other].score)
    out[other] = dataclasses.replace(events[other], score=events[primary].score)
    return tuple(out)


def _retyped(event: Event, window: str, retype: float, policy: Policy, model: Model) -> Event:
    if event.type not in model.types:
        return event  # a type the model never saw (Sanctions, Displacement): the rule stands
    p = probabilities(window, model)
    by_type = np.bincount(model.type_of, weights=p, minlength=len(model.types))
    if event.type in CROWD_TYPES and _CROWD.search(event.sentence):
        by_type = by_type * [t in CROWD_TYPES for t in model.types]
    never = RULE_STANDS.get(event.type, ()) + RULE_STANDS.get(event.subtype or "", ())
    by_type = by_type * [t not in never for t in model.types]
    best_type, rule_type = int(by_type.argmax()), model.types.index(event.type)
    if best_type != rule_type:
        if _untold(model.types[best_type], window, instead_of=event.type):
            return event
        if by_type[best_type] >= retype and by_type[rule_type] <= policy.doubt:
            kind = model.labels[_best_label(p, best_type, model)]
            return dataclasses.replace(event, type=kind[0], subtype=kind[1])
        return event
    best = _best_label(p, rule_type, model)
    if model.labels[best][1] != event.subtype and p[best] >= policy.resubtype:
        return dataclasses.replace(event, subtype=model.labels[best][1])
    return event


def _best_label(p: np.ndarray, type_id: int, model: Model) -> int:
    """The most probable label of the type `type_id`."""
    return int(np.where(model.type_of == type_id, p, -1.0).argmax())


def _from_lead(text: str, sentences, places, published, policy: Policy, model: Model, *,
               whole: bool = False) -> Event | None:
    best = None
    add = policy.short_add if whole else policy.add
    read_whole = probabilities(text, model) if whole else None  # once, not once per lead sentence
    for n, (s, e) in enumerate(sentences[:policy.lead]):
        p = read_whole if read_whole is not None else \
            probabilities(_window(text, sentences, n, policy.context), model)
        by_type = np.bincount(model.type_of, weights=p, minlength=len(model.types))
        top = int(by_type.argmax())
        if _untold(model.types[top], text if whole else text[s:e]):
            continue
        if by_type[top] >= add and (best is None or by_type[top] > best[0]) \
                and model.types[top] not in unreal_types(text[s:e]):  # denied, supposed: rightly removed
            best = (float(by_type[top]), model.labels[_best_label(p, top, model)], s, e)
    if best is None:
        return None
    strength, guess, s, e = best
    return sentence_event(text, sentences, places, published, (s, e), guess, round(0.3 * strength, 3))


def sentence_event(text: str, sentences: list[tuple[int, int]], places, published: dt.date | None,
                   span: tuple[int, int], kind: tuple[str, str], score: float) -> Event:
    """An event of type and subtype `kind` that no trigger found, told by the sentence at
    `span`: dated by its first date (else the publication), placed as the rules place an event
    with the trigger at its start, with the toll stated from it on."""
    s, e = span
    sentence = text[s:e]
    here = [pl for pl in places if s <= pl.start and pl.end <= e and pl.kind != "continent"]
    place, precision = _lead_place(sentence, s, here)
    refs = find_dates(sentence, published)
    return Event(
        type=kind[0], subtype=kind[1],
        date=refs[0].date if refs else published,
        date_precision=refs[0].precision if refs else ("week" if published else None),
        place=place.name if place else None, place_id=place.id if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None,
        country=place.country if place else None, geo_precision=precision,
        fatalities=_toll_from(text, sentences, s), actors=(), trigger="", sentence=sentence,
        start=s, end=e, score=score, evidence=(Evidence(s, e, sentence, ""),))


def _lead_place(sentence: str, start: int, here: list[Place]) -> tuple[Place | None, int | None]:
    """Where the sentence at `start` locates its event, read as the rules read it (no trigger
    known: near the sentence's start counts), else its most specific place: a town before a
    region before a country."""
    local = [pl for pl in here if pl.kind != "country"]  # a country only when nothing else is named
    place, precision = place_for(start, lower_same_length(sentence), 0, local, sentence=sentence)
    if place is None:
        place = min(here, key=lambda pl: (_AREA_RANK.get(pl.kind, 0), pl.start), default=None)
        precision = (3 if _AREA_RANK.get(place.kind, 0) else 1) if place else None
    return place, precision


def _toll_from(text: str, sentences: list[tuple[int, int]], start: int) -> int | None:
    """The toll stated from the event's sentence on: the rules found no event to give it to."""
    return event_cues.stated_toll(lower_same_length(text[s:e]) for s, e in sentences if s >= start)


_AREA_RANK = {"admin2": 1, "admin1": 2, "region": 2, "country": 3, "sea": 3}
