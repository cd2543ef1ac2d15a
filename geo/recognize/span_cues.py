"""Recogniser, step 3: the cues around a span, and the confidence they add up to.

`kind_hint` reads a kind word next to a name ('Kyiv region', 'the state of Ohio');
`confidence` starts from the name's prominence, takes off what its commonness as a word
explains ('Police', 'Commerce'), and adds the cues of a place: a preposition before, a
kind word, a known place beside it, a dateline. A span under `MIN_CONFIDENCE` is no mention
for the rules alone; by default the learned filter (`mention_filter`) reads the confidence
with the other features and decides.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from geo.gazetteer.index import Gazetteer
from geo.recognize.tokens import Scan
from geo.text.normalize import fold
from geo.vocabulary import (
    BORDER_WORDS,
    COMPASS,
    CONNECTORS,
    COUNTRY_OR_CONTINENT,
    KIND_WORDS,
    KINDS_BEFORE_OF,
    LANDMARK_WORDS,
    LOCATIVE,
    STREET_WORDS,
    UNIT_WORDS_BEFORE,
)

MIN_CONFIDENCE = 0.5  # rules alone: spans below are not reported (their inner names are tried instead)
ABBREVIATION_CONFIDENCE = 0.9  # 'La.', 'W.Va.': an abbreviation with its dot is deliberate
DATELINE_BONUS = 0.15  # 'TORRINGTON — A fire ...' names where the story was filed
SENTENCE_START_PENALTY = 0.15  # a capital letter at a sentence start is no evidence of a name
COMMON_WORD_ZIPF = 4.0  # ... for words at least this frequent in English (Zipf scale)
ACRONYM_PENALTY = 0.3  # a one-word all-capitals name is rarely a town (countries, states aside)
LOCATIVE_BONUS = 0.15  # 'in', 'near', 'outside' before a name
KIND_WORD_BONUS = 0.25  # 'Kyiv region'; a known street or landmark named in full ('Red Square')
LONG_NAME_BONUS = 0.15  # three or more words matched word for word are seldom an accident
NEXT_TO_PLACE_BONUS = 0.15  # 'X, Y' with the other side a known place
COMMON_WORD_PENALTY = 0.3  # per Zipf unit a name is more frequent than such a place is named
ALIAS_ZIPF_DISCOUNT = 1.0  # an alias is named about ten times less often than a primary name
MULTIWORD_ZIPF_DISCOUNT = 1.0  # see prominence
# what follows a dateline's place: ', Ohio (AP) —', ' -- ', ' - '
_DATELINE_END = re.compile(r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?(?:\s*\([A-Za-z.]+\))?\s*(?:-{1,3}|—|–)\s")


def kind_word_names_what_follows(word_before: str, gaz: Gazetteer) -> bool:
    """Does 'the state of X' speak of X, given the word before 'state' ('' if none)? Yes after
    'the', a lower-case word or a demonym ('the Indian state of X'); not after another name."""
    return not word_before[:1].isupper() or word_before in ("The", "the") \
        or fold(word_before) in gaz.demonyms


def kind_hint(scan: Scan, i: int, j: int) -> tuple[int, str | None]:
    """Extend a span by a following kind word ('Kyiv region') and return the hint."""
    toks = scan.toks
    keys, cap, gap = toks.key, toks.cap, toks.gap
    last = keys[j - 1]
    # ... but not the last word of a hyphenated name: 'Southend-on-Sea' is no sea
    if last in KIND_WORDS and j - i > 1 and gap[j - 1] != "-":
        # 'Kyiv region' -> 'Kyiv'; but 'Chernobyl nuclear power plant' is one name
        proper = all(cap[k] or keys[k] in CONNECTORS for k in range(i, j - 1))
        return (j - 1 if proper and not cap[j - 1] else j), KIND_WORDS[last]
    if j < len(keys) and keys[j] in KIND_WORDS and gap[j] == " ":
        if keys[j] in ("state", "city", "town", "village") and cap[j] and j + 1 < len(keys) \
                and cap[j + 1] and gap[j + 1] == " " and keys[j + 1] not in COMPASS:
            # 'Kansas State University', 'Minnesota State Patrol', 'Fargo City Commissioner':
            # the place is Kansas, Minnesota, Fargo; the rest names a body. ('Clarke County
            # Board' keeps its county: that is the place's own name.)
            return j, None
        return (j + 1 if cap[j] else j), KIND_WORDS[keys[j]]
    if i >= 1 and keys[i - 1] in UNIT_WORDS_BEFORE:
        return j, "admin"  # 'upstate New York': the state
    if j < len(keys) and keys[j] in BORDER_WORDS and gap[j] == " " and not cap[j]:
        return j, "unit"  # 'the New York border': a state's or a country's, never a city's
    if i >= 2 and keys[i - 1] == "of" and keys[i - 2] in KINDS_BEFORE_OF and (
            i < 3 or kind_word_names_what_follows(scan.text[toks.start[i - 3]:toks.end[i - 3]],
                                                  scan.gaz)):
        return j, KIND_WORDS[keys[i - 2]]
    return j, None


def confidence(scan: Scan, i: int, j: int, key: str, kind_hint: str | None) -> float:
    """How likely the span is a place mention: prominence, minus commonness, plus cues."""
    gaz, toks = scan.gaz, scan.toks
    keys, end = toks.key, toks.end[j - 1]
    if key in gaz.dotted and scan.text[end:end + 1] == ".":
        return ABBREVIATION_CONFIDENCE  # 'La.', 'W.Va.': an abbreviation with its dot is a deliberate reference
    zipf = gaz.index.zipf(key)
    score, kind = prominence(gaz, key, zipf)
    if _dateline(scan, i, j):
        return _clamp(score + DATELINE_BONUS)  # 'TORRINGTON — A fire ...': where the story was filed
    if toks.sent_start[i] and zipf > COMMON_WORD_ZIPF and kind not in COUNTRY_OR_CONTINENT:
        score -= SENTENCE_START_PENALTY  # a capital letter at a sentence start is no evidence of a name
    if j - i == 1 and (toks.upper(i) or _acronym_with_a_tail(toks.words[i])) and kind not in ("country", "admin1"):
        score -= ACRONYM_PENALTY  # acronyms are rarely towns ('FAMa', 'IDPs' neither)
    if i > 0 and keys[i - 1] in LOCATIVE and not toks.sent_start[i]:
        score += LOCATIVE_BONUS
    if kind_hint or keys[j - 1] in STREET_WORDS or (j - i > 1 and keys[j - 1] in LANDMARK_WORDS):
        score += KIND_WORD_BONUS  # 'Kyiv region'; a known street or landmark named in full ('Red Square')
    if j - i >= 3:
        score += LONG_NAME_BONUS  # a long name matched word for word is seldom an accident
    if next_to_place(scan, i, j):
        score += NEXT_TO_PLACE_BONUS
    return _clamp(score)


def _acronym_with_a_tail(word: str) -> bool:
    """Capitals then small letters ('FAMa', 'NGOs', 'MoD'): no town is written so."""
    return len(word) > 2 and word[:2].isupper() and not word.isupper()


def _dateline(scan: Scan, i: int, j: int) -> bool:
    """An all-capitals name opening a line or sentence and followed by a dash, perhaps
    after its state and agency: 'COLUMBUS, Ohio (AP) —', 'HUDSON -- Officials'."""
    toks = scan.toks
    return toks.sent_start[i] and toks.upper(i) \
        and all(toks.upper(k) or len(toks.key[k]) == 1 for k in range(i, j)) \
        and _DATELINE_END.match(scan.text, toks.end[j - 1]) is not None


@lru_cache(maxsize=1 << 14)  # asked again by the learned filter, and news repeats its names
def prominence(gaz: Gazetteer, key: str, zipf: float) -> tuple[float, str]:
    """(prior less a penalty for common words, kind) of the best of the key's first three
    entries; `zipf` is the key's word frequency."""
    words = key.rsplit(" ", 1)
    # 'Walker County': a name with its kind word is no common phrase; other phrases have
    # their frequency estimated from their words, so 'New London' would be as common as
    # 'London': phrases are rarer than that
    named_kind = len(words) == 2 and words[1] in KIND_WORDS
    phrase = len(words) == 2 and not named_kind
    best: tuple[float, str] | None = None
    for match in gaz.lookup(key)[:3]:
        n = match.entry
        score, kind = gaz.priors[n], gaz.kinds[n]
        expected = _expected_zipf(gaz, n) - (0.0 if match.primary else ALIAS_ZIPF_DISCOUNT)
        excess = 0.0 if named_kind else zipf - expected
        if phrase:
            excess -= MULTIWORD_ZIPF_DISCOUNT
        if excess > 0 and kind not in COUNTRY_OR_CONTINENT:
            score -= COMMON_WORD_PENALTY * excess  # 'Police', 'Commerce': far more frequent than such a town is
        if best is None or (score, kind) > best:
            best = score, kind
    assert best is not None, "asked only of keys in the index"
    return best


CONTAINER_GAPS = frozenset({",", "("})  # 'Austin, Texas' and 'Austin (Texas)' alike


def next_to_place(scan: Scan, i: int, j: int) -> bool:
    """'X, Y', 'X (Y)' or 'Y, X' with the other side a known place (not 'Y (X)': 'the
    Malaria Alliance (ALMA)' is a body and its acronym)."""
    toks = scan.toks
    keys, cap, gap = toks.key, toks.cap, toks.gap
    if j < len(keys) and gap[j].strip() in CONTAINER_GAPS and cap[j] and keys[j] in scan.gaz.index:
        return True
    return i > 0 and gap[i].strip() == "," and cap[i - 1] and keys[i - 1] in scan.gaz.index


def _clamp(score: float) -> float:
    return max(0.0, min(1.0, score))


def _expected_zipf(gaz: Gazetteer, n: int) -> float:
    """How often English text names a place this prominent (Zipf scale), roughly: London
    (9 M people) ~5.2, a town of 10,000 ~3.4. Words far above that are common words."""
    pop = gaz.populations[n]
    if pop <= 0:
        return 1.0 + 6.0 * gaz.priors[n]
    if gaz.kinds[n] in ("admin1", "admin2"):  # regions are named less often than towns their size
        return 0.6 * math.log10(pop)
    return 1.0 + 0.6 * math.log10(pop)
