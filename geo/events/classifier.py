"""A learned event type/subtype classifier for where the trigger rules stop (`classify`).

A linear model over hashed word and character n-grams, trained offline by
`scripts/train_event_classifier.py` (scikit-learn, training only) and shipped as
`geo/events/data/event_classifier.npz`. Inference is pure numpy: the same deterministic hashing as in
training (crc32 and a fixed 64-bit mix, never Python's salted `hash()`), sublinear tf × idf,
l2 norm, a dot product and a softmax. How its readings meet the rules' is
`geo.events.combination` (docs/event-classifier.md).
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from geo.errors import ConfigurationError

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
    none: float | None = None  # the logit of "none of these" (`probabilities`), if the model has one
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
_WORD = re.compile(r"(?<![^\W\d_])(?![a-z])[^\W\d_]+")  # a word not starting in a-z: most words are skipped in C
_OPENERS = frozenset(".!?:;\"'([\u201c\u2018")  # after these (and at a line's start) a capital is no name
NAME_TOKEN = "qname"


def masked_names(text: str) -> str:
    """`text` with every name (a capitalised word inside a sentence) read as `NAME_TOKEN`.

    >>> masked_names("On 3 May, Kandor troops shelled Dorva. Police arrested two men.")
    'On 3 qname, qname troops shelled qname. Police arrested two men.'
    """
    out: list[str] = []
    at = 0
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
                          bool(z["names"]) if "names" in z.files else False,
                          float(z["none"]) if "none" in z.files else None)
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
    """The softmax of `decision`: one probability per label of `model`.

    A model with a "none of these" logit (`Model.none`: one-vs-rest SVMs, whose every class has
    its own boundary at 0) keeps that one's share out, so the labels' probabilities sum to less
    than 1 for a text no class claims: a report of a kind the model never saw is not made sure.
    """
    z = decision(text, model)
    top = z.max() if model.none is None else max(z.max(), model.none)
    p = np.exp(z - top)
    return p / (p.sum() + (0.0 if model.none is None else np.exp(model.none - top)))


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
