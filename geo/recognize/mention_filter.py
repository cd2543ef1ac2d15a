"""Recogniser, step 4: a learned check of the hand-tuned confidence (`MentionFilter`).

A logistic regression over what the recogniser already knows of a candidate span: the terms
of `span_cues.confidence`, the kind and prior of the name's best reading, its commonness, the
words and punctuation beside it, person signals, and whether the article names it elsewhere
with a place cue. Trained by `scripts/train_mention_filter.py` on the read halves of the
development corpora only; the weights live in `data/mention_filter.npz` (the note of what they
were trained on beside it). Inference is a sum of a few dozen weights: no numpy per span.
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from pathlib import Path

from geo.errors import ConfigurationError
from geo.gazetteer.index import Gazetteer
from geo.recognize.span_cues import COMMON_WORD_ZIPF, next_to_place, prominence
from geo.recognize.tokens import Scan, chunk_bounds
from geo.vocabulary import (
    COUNTRY_OR_CONTINENT,
    KIND_WORDS,
    LANDMARK_WORDS,
    LOCATIVE,
    ORG_WORDS,
    STREET_WORDS,
    TITLES,
)

MODEL_PATH = Path(__file__).with_name("data") / "mention_filter.npz"

# the named (dense) features, in their fixed slots at the head of the weight vector; every
# other feature is a string hashed into the slots after them
DENSE = ("conf", "prominence", "prior", "zipf", "common", "sent_start", "upper", "one_word",
         "long_name", "locative", "hint", "street_word", "next_to_place", "variant", "inner",
         "given_name", "famous", "in_longer_run", "run_before", "run_after", "others",
         "others_cued", "confident", "prev_cap", "next_cap", "org_next", "title_prev",
         "unit_kind")
_SLOT = {name: n for n, name in enumerate(DENSE)}
_DENSE_SLOTS = range(len(DENSE))
BUCKETS = 1 << 14  # slots a model is trained with (its weight vector's length)
Features = list[tuple[int, float]]  # (slot, value) pairs of one span; absent features are 0


@dataclass(frozen=True, slots=True)
class Seen:
    """What the article says of a name elsewhere: how often the recogniser meets it, and
    whether once with a place cue (a preposition, 'X, Y', a kind word)."""

    count: int
    cued: bool


def article_names(scan: Scan, spans: list[tuple[int, int, str]]) -> dict[str, Seen]:
    """`Seen` for each key among the candidate spans of one article."""
    keys, sent_start = scan.toks.key, scan.toks.sent_start
    count: dict[str, int] = {}
    cued: set[str] = set()
    for i, j, key in spans:
        count[key] = count.get(key, 0) + 1
        if (i > 0 and keys[i - 1] in LOCATIVE and not sent_start[i]) or next_to_place(scan, i, j) \
                or (j < len(keys) and keys[j] in KIND_WORDS):
            cued.add(key)
    return {k: Seen(n, k in cued) for k, n in count.items()}


def features(scan: Scan, i: int, j: int, end: int, key: str, hint: str | None, conf: float, *,
             variant: bool, inner: bool, seen: Seen | None) -> Features:
    """The features of span [i, j) (its kind word, if any, runs to `end`) whose hand-tuned
    confidence is `conf`: (slot, value) pairs, the named ones in `DENSE` order."""
    gaz, toks = scan.gaz, scan.toks
    keys, cap, gap = toks.key, toks.cap, toks.gap
    zipf, prom, kind, prior = _name_terms(gaz, key)
    n = len(keys)
    prev = keys[i - 1] if i > 0 and not toks.sent_start[i] else "<s>"
    nxt = keys[end] if end < n else "</s>"
    c0, c1 = chunk_bounds(toks, i, end)
    if c0 == i - 1 and keys[c0] in ("the", "a", "an"):
        c0 = i  # 'The Dallas choir': an article opening the sentence is no part of a name
    values = (
        conf, prom, prior, zipf / 7.0, zipf > COMMON_WORD_ZIPF, toks.sent_start[i],
        j - i == 1 and toks.upper(i), end - i == 1, end - i >= 3, prev in LOCATIVE, hint is not None,
        keys[j - 1] in STREET_WORDS or (j - i > 1 and keys[j - 1] in LANDMARK_WORDS),
        next_to_place(scan, i, j), variant, inner, keys[i] in gaz.given_names, prior >= 0.9,
        c0 < i or c1 > end, c0 < i, c1 > end,
        math.log1p(seen.count - 1) if seen else 0.0, bool(seen and seen.cued), conf >= 0.5,
        prev != "<s>" and cap[i - 1], end < n and cap[end], nxt in ORG_WORDS, prev in TITLES,
        kind in COUNTRY_OR_CONTINENT or kind == "admin1",
    )
    # (slot, value) of the values that are not 0, in slot order
    out = list(zip(compress(_DENSE_SLOTS, values), map(float, filter(None, values)), strict=True))
    gap_before = gap[i].strip()[-2:] if i > 0 else "<s>"
    gap_after = gap[end].strip()[:2] if end < n else "</s>"
    slot = _SLOTS.get
    out += [(slot(name) or _hashed(name), 1.0) for name in (
        f"kind={kind}", f"hint={hint}", f"prev={prev}", f"next={nxt}",
        f"gap<{gap_before}", f"gap>{gap_after}", f"kind={kind}|prev={prev}",
        f"first={keys[i]}" if j - i > 1 else f"word={key}")]
    return out


@lru_cache(maxsize=1 << 14)  # news repeats its names: one memo instead of three per span
def _name_terms(gaz: Gazetteer, key: str) -> tuple[float, float, str, float]:
    """(zipf, prominence, kind, prior) of a key: what its features take from the gazetteer."""
    zipf = gaz.index.zipf(key)
    prom, kind = prominence(gaz, key, zipf)
    return zipf, prom, kind, gaz.priors[gaz.lookup(key)[0].entry]


_SLOTS: dict[str, int] = {}  # hashed feature -> slot, filled as names are met


def _hashed(name: str) -> int:
    slot = len(DENSE) + zlib.crc32(name.encode("utf-8", "surrogatepass")) % (BUCKETS - len(DENSE))
    if len(_SLOTS) < 1 << 16:
        _SLOTS[name] = slot
    return slot


def forget() -> None:
    """Drop the memoised slots of hashed features and the names' terms (the benchmark times
    passes from cold memos)."""
    _SLOTS.clear()
    _name_terms.cache_clear()


@dataclass(frozen=True, slots=True)
class MentionFilter:
    """Weights of a logistic regression over `features`, and the probability above which a
    span is a mention."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, feats: Features) -> float:
        w = self.weights
        z = self.bias + sum([w[slot] * value for slot, value in feats])  # a list sums faster
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, feats: Features) -> bool:
        return self.probability(feats) >= self.threshold


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> MentionFilter:
    """The filter shipped with the package (read once)."""
    import numpy as np  # the weights' file format; inference is plain Python

    with np.load(path, allow_pickle=False) as z:
        weights = tuple(float(x) for x in z["weights"])
        if len(weights) != BUCKETS:
            raise ConfigurationError(f"{path} has {len(weights)} weights, not {BUCKETS}: "
                           "retrain it with scripts/train_mention_filter.py")
        return MentionFilter(weights=weights, bias=float(z["bias"]), threshold=float(z["threshold"]))
