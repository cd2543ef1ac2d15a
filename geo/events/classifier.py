"""A learned event type/subtype classifier for where the trigger rules stop (`classify`).

A linear model over hashed word and character n-grams, trained offline by
`scripts/train_event_classifier.py` (scikit-learn, training only) and shipped as
`geo/events/data/event_classifier.npz`. Inference is pure numpy: the same deterministic hashing as in
training (crc32 and a fixed 64-bit mix, never Python's salted `hash()`), sublinear tf × idf,
l2 norm, a dot product and a softmax. `combine` is how the rules and the classifier meet (see
docs/event-classifier.md): the rules keep triggers, evidence, dates and places; the classifier
re-types the primary event when it disagrees confidently, and reports an event the rules
missed when it is sure of it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from geo.errors import ConfigurationError
from geo.events import cues as event_cues
from geo.events.dates import find_dates
from geo.events.places import place_for
from geo.events.triggers import unreal_types
from geo.records import Event, Evidence, Place
from geo.text.sentences import lower_same_length, split

MODEL = Path(__file__).with_name("data") / "event_classifier.npz"
FORMAT = 1
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_ZEROS = str.maketrans("123456789", "000000000")  # digits are read as 0: "2022" and "1999" alike
CHAR_NS = (3, 4, 5)
# fixed 64-bit constants: the seed and base of the rolling hash (FNV's prime), splitmix64's mixer
_SEED = np.uint64(0x9E3779B97F4A7C15)
_BASE = np.uint64(0x100000001B3)
_MIX = np.uint64(0xBF58476D1CE4E5B9)


@dataclass(frozen=True, slots=True)
class Guess:
    """One reading of a text: a taxonomy type and subtype with the model's probability."""

    type: str
    subtype: str
    probability: float


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    """The exported weights: `weights[bucket, class]`, an idf per bucket, a bias per class."""

    labels: tuple[tuple[str, str], ...]
    weights: np.ndarray
    idf: np.ndarray
    bias: np.ndarray
    buckets: int
    chars: bool
    names: bool = False  # features read every name alike (`masked_names`)
    types: tuple[str, ...] = field(init=False)
    type_of: np.ndarray = field(init=False, repr=False)  # each label's index in `types`

    def __post_init__(self) -> None:
        types = tuple(dict.fromkeys(t for t, _ in self.labels))
        object.__setattr__(self, "types", types)
        object.__setattr__(self, "type_of", np.array([types.index(t) for t, _ in self.labels]))


def hashed_features(text: str, buckets: int, *, chars: bool = True,
                    names: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Bucket ids and their weights (sublinear term frequency) for `text`, before idf and norm.

    Word unigrams and bigrams of the lower-cased tokens (digits read as 0), plus character
    3-5-grams of the tokens joined by single spaces. With `names`, every name (`masked_names`)
    is read as one and the same token.

    >>> idx, tf = hashed_features("Troops shelled the town.", 1 << 10)
    >>> len(idx) == len(tf) and bool((tf >= 1).all())
    True
    """
    if names:
        text = masked_names(text)
    tokens = _TOKEN.findall(text.lower().translate(_ZEROS))
    mask = buckets - 1
    ids = [zlib.crc32(b"w " + t.encode()) & mask for t in tokens]
    ids += [zlib.crc32(f"b {a} {b}".encode()) & mask for a, b in zip(tokens, tokens[1:], strict=False)]
    parts = [np.array(ids, dtype=np.int64)]
    if chars and tokens:
        parts += _char_ngrams((" " + " ".join(tokens) + " ").encode(), mask)
    idx, counts = np.unique(np.concatenate(parts), return_counts=True)
    return idx, 1.0 + np.log(counts)


# A name is a capitalised word that does not open a sentence, a quote or a bracket. Names are
# who and where, not what happened: a model that learns them learns which country's notes say
# "clashes" (memorised per country, useless in the next one), so it reads every name alike.
_WORD = re.compile(r"[^\W\d_]+")
_OPENERS = frozenset(".!?:;\"'([\u201c\u2018")  # after these (and at a line's start) a capital is no name
NAME_TOKEN = "qname"


def masked_names(text: str) -> str:
    """`text` with every name (a capitalised word inside a sentence) read as `NAME_TOKEN`.

    >>> masked_names("On 3 May, Kandor troops shelled Dorva. Police arrested two men.")
    'On 3 qname, qname troops shelled qname. Police arrested two men.'
    """
    out, at = [], 0
    for m in _WORD.finditer(text):
        if not m.group()[0].isupper():
            continue
        j = m.start()
        while j and text[j - 1] in " \t":
            j -= 1
        if not j or text[j - 1] in _OPENERS or text[j - 1] == "\n":
            continue
        out += (text[at:m.start()], NAME_TOKEN)
        at = m.end()
    out.append(text[at:])
    return "".join(out)


def _char_ngrams(raw: bytes, mask: int) -> list[np.ndarray]:
    """Hashes of every 3-, 4- and 5-byte window, from one rolling polynomial hash."""
    size = len(raw)
    padded = np.frombuffer(raw + bytes(CHAR_NS[-1]), dtype=np.uint8).astype(np.uint64)
    h = np.full(size, _SEED, dtype=np.uint64)
    out = []
    for k in range(CHAR_NS[-1]):  # uint64 arithmetic wraps, the same on every platform
        h = h * _BASE + padded[k:k + size]
        if k + 1 in CHAR_NS and size > k:
            out.append(h[:size - k])
    mixed = np.concatenate(out)
    mixed ^= mixed >> np.uint64(31)
    mixed *= _MIX
    mixed ^= mixed >> np.uint64(29)
    return [(mixed & np.uint64(mask)).astype(np.int64)]


@lru_cache(maxsize=4)
def load(path: Path | str = MODEL) -> Model:
    """The model in `path` (the shipped one by default), read once and cached."""
    try:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                raise ConfigurationError(f"{path}: model format {int(z['format'])}, this code reads "
                                         f"{FORMAT} — rebuild it with scripts/train_event_classifier.py")
            labels = tuple((str(type_), str(subtype)) for type_, subtype in z["labels"])
            # row-major: a text's buckets are rows, each read as one run of class weights
            weights = np.ascontiguousarray(z["weights"], dtype=np.float32)
            model = Model(labels, weights, z["idf"].astype(np.float32),
                          z["bias"].astype(np.float32), int(z["buckets"]), bool(z["chars"]),
                          bool(z["names"]) if "names" in z.files else False)
    except (OSError, KeyError, ValueError) as exc:
        if isinstance(exc, ConfigurationError):
            raise
        raise ConfigurationError(f"cannot read the event classifier {path} ({exc}) — rebuild it "
                                 f"with scripts/train_event_classifier.py") from exc
    if model.weights.shape != (model.buckets, len(labels)):
        raise ConfigurationError(f"{path}: weights have shape {model.weights.shape}, expected "
                                 f"({model.buckets}, {len(labels)}) — rebuild the model")
    return model


def decision(text: str, model: Model) -> np.ndarray:
    """The linear scores per class (the logits; `classify` turns them into probabilities)."""
    idx, tf = hashed_features(text, model.buckets, chars=model.chars, names=model.names)
    x = tf * np.take(model.idf, idx)
    norm = float(np.sqrt(x @ x))
    if norm == 0.0:
        return model.bias.copy()
    return (x / norm) @ np.take(model.weights, idx, axis=0) + model.bias  # take: 2x a fancy index


def probabilities(text: str, model: Model) -> np.ndarray:
    """The softmax of `decision`: one probability per label of `model`."""
    z = decision(text, model)
    p = np.exp(z - z.max())
    return p / p.sum()


def classify(text: str, *, model: Model | None = None) -> tuple[Guess, ...]:
    """Every subtype the model knows, most probable first.

    >>> classify("Police arrested three men in the capital.")[0].subtype  # doctest: +SKIP
    'Arrests'
    """
    model = model or load()
    p = probabilities(text, model)
    order = np.argsort(-p, kind="stable")
    return tuple(Guess(model.labels[i][0], model.labels[i][1], float(p[i])) for i in order)


def type_probabilities(guesses: tuple[Guess, ...]) -> dict[str, float]:
    """The probability of each type: the sum over its subtypes, most probable first."""
    out: dict[str, float] = {}
    for g in guesses:
        out[g.type] = out.get(g.type, 0.0) + g.probability
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


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
    `short_retype` / `short_add` instead of `retype` / `add`.
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


def combine(text: str, events: tuple[Event, ...], places: tuple[Place, ...] | list[Place],
            published: dt.date | None, *, sentences: list[tuple[int, int]] | None = None,
            policy: Policy = Policy(), model: Model | None = None) -> tuple[Event, ...]:
    """The rule events with the classifier's say on the primary event's type, strongest first.

    With rule events, only the primary (highest score) may change type or subtype; its trigger,
    evidence, date, place and toll stay. With none, the classifier's confident reading of a lead
    sentence becomes one event dated and placed from that sentence alone. `sentences` are
    `sentences.split(text)` when the caller has them.
    """
    model = model or load()
    if sentences is None:
        sentences = split(text)
    whole = len(sentences) <= policy.short
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
                           r"boycott|petition|gather|assembl|block|crowd|chant|placard|banner)", re.I)


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
        if model.types[best_type] == "Protests" and not _PROTEST_WORD.search(window):
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
    for n, (s, e) in enumerate(sentences[:policy.lead]):
        p = probabilities(text if whole else _window(text, sentences, n, policy.context), model)
        by_type = np.bincount(model.type_of, weights=p, minlength=len(model.types))
        top = int(by_type.argmax())
        if model.types[top] == "Protests" and not _PROTEST_WORD.search(text if whole else text[s:e]):
            continue
        if by_type[top] >= add and (best is None or by_type[top] > best[0]) \
                and model.types[top] not in unreal_types(text[s:e]):  # denied, supposed: rightly removed
            best = (float(by_type[top]), model.labels[_best_label(p, top, model)], s, e)
    if best is None:
        return None
    strength, guess, s, e = best
    sentence = text[s:e]
    here = [pl for pl in places if s <= pl.start and pl.end <= e and pl.kind != "continent"]
    place, precision = _lead_place(sentence, s, here)
    refs = find_dates(sentence, published)
    return Event(
        type=guess[0], subtype=guess[1],
        date=refs[0].date if refs else published,
        date_precision=refs[0].precision if refs else ("week" if published else None),
        place=place.name if place else None, place_id=place.id if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None,
        country=place.country if place else None, geo_precision=precision,
        fatalities=_toll_from(text, sentences, s), actors=(), trigger="", sentence=sentence,
        start=s, end=e, score=round(0.3 * strength, 3), evidence=(Evidence(s, e, sentence, ""),))


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
