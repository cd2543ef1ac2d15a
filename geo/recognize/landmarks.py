"""Recogniser, step 5: structures and sites the gazetteer lacks ('Tahrir Square', 'Shanghai Tower').

A run of capitalised words before a capitalised landmark word (`LANDMARK_WORDS`) names one
place, as a street does: it keeps its words ('Shanghai Tower' is no mention of Shanghai by
itself), and `resolve` places it in its town, hint WITHIN. Its key is the name before the
landmark word, which may be the town's own ('Santa Ana Zoo') or not ('Lubyanka Square').
"""
from __future__ import annotations

from geo.recognize.tokens import Scan
from geo.records import Mention
from geo.vocabulary import LANDMARK_WORDS, TITLES, WITHIN

LandmarkSpan = tuple[int, int]  # (first token, end token)
LANDMARK_CONFIDENCE = 0.6  # surely a place; which town holds it is a guess, as for a street
_MAX_WORDS = 4  # capitalised words before the landmark word


def find_landmarks(scan: Scan) -> list[LandmarkSpan]:
    """(first token, end token) of each landmark name: capitalised words, in one sentence,
    before a capitalised landmark word that no capitalised word follows ('Madison Square
    Garden', 'Tower Hamlets' and 'Palace Hotel' are other names); a leading 'The' is not
    part of it, and a landmark word alone ('Palace officials') names none."""
    toks, out, after = scan.toks, [], 0
    keys, cap, gap, glued, sent_start = toks.key, toks.cap, toks.gap, toks.glued, toks.sent_start
    for k in scan.caps_among(LANDMARK_WORDS):
        if k < after or (k + 1 < len(keys) and cap[k + 1] and glued[k + 1]):
            continue
        i = k
        while i > 0 and k - i < _MAX_WORDS and not sent_start[i] and glued[i] \
                and gap[i] != " - " and cap[i - 1] and keys[i - 1] not in TITLES:
            i -= 1
        if i < k and keys[i] == "the":
            i += 1
        if i < k:
            out.append((i, k + 1))
            after = k + 1
    return out


def landmark_mentions(scan: Scan, landmarks: list[LandmarkSpan], found: list[Mention]) -> list[Mention]:
    """The landmarks found, as mentions `resolve` places in their town (hint WITHIN, key the
    name before the landmark word); one the gazetteer knows by its full name ('Red Square')
    is already among `found`, or was refused there ('the Sun News of Myrtle Beach')."""
    taken = [(m.start, m.end) for m in found]
    out = []
    for i, j in landmarks:
        start, stop, text = scan.span_text(i, j)
        if any(s < stop and start < e for s, e in taken) or " ".join(scan.toks.key[i:j]) in scan.gaz.index:
            continue
        out.append(Mention(start=start, end=stop, text=text, key=" ".join(scan.toks.key[i:j - 1]),
                           kind_hint=WITHIN, confidence=LANDMARK_CONFIDENCE))
    return out
