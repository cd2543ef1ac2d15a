"""Recogniser, step 4: streets and roads ('Gillis Street', 'Memphis St.', 'Highway 200').

The gazetteer has no streets: they are reported as mentions with the hint STREET, which
`resolve` places in the town the article puts them in.
"""
from __future__ import annotations

from geo.recognize.tokens import Scan
from geo.records import Mention
from geo.vocabulary import COMPASS, NUMBERED_ROADS, STREET, STREET_WORDS, TITLES

StreetSpan = tuple[int, int, int]  # (first token, end token, end offset)
# street words of other languages written before the name ('Rue Lepic', 'Viale di Porta
# Ardeatine', 'Calle Mayor'), and the endings of one-word street names ('Pestalozzistrasse',
# 'Riemergasse', 'Steenstraat'), folded
STREET_WORDS_BEFORE = frozenset({"rue", "via", "viale", "calle", "avenida", "rua", "corso", "ulitsa",
                                 "ulica", "paseo"})
STREET_ENDINGS = ("strasse", "gasse", "straat", "gatan", "gade", "platz", "plein")
_NAME_CONNECTORS = frozenset({"de", "di", "del", "della", "dei", "des", "du", "da", "do", "la", "le"})
STREET_CONFIDENCE = 0.6  # a street is surely a place, but which town it lies in is a guess
_ROAD_WORDS = frozenset(STREET_WORDS.keys() | NUMBERED_ROADS)


def find_streets(scan: Scan) -> list[StreetSpan]:
    """Streets and roads: (first token, end token, end offset). A run of capitalised words
    (or ordinals: '40th') before a capitalised street word ('Gillis Street', 'Memphis
    St.', '40th Avenue South'), or a numbered road ('Highway 200', 'County Road 43',
    'I-94'). A capitalised word right after makes it part of another name ('Wall Street
    Journal', 'Highway Patrol', 'St. Louis') and no street."""
    toks, out, after = scan.toks, [], 0
    keys, cap, gap, glued, sent_start = toks.key, toks.cap, toks.gap, toks.glued, toks.sent_start
    for k in scan.caps_among(_ROAD_WORDS):
        key = keys[k]
        if k < after:
            continue
        numbered = key in NUMBERED_ROADS and k + 1 < len(keys) and keys[k + 1].isdigit() \
            and gap[k + 1] in ((" ", "-") if key != "i" else ("-",))
        if key not in STREET_WORDS and not numbered:
            continue
        j = k + 2 if numbered else k + 1
        if not numbered and j < len(keys) and cap[j] and glued[j] and keys[j] not in COMPASS:
            continue
        i = k
        while i > 0 and k - i < (2 if numbered else 4) and not sent_start[i] and glued[i] \
                and gap[i] != " - " and (cap[i - 1] or _ordinal(keys[i - 1])) \
                and keys[i - 1] not in TITLES:
            i -= 1
        if i < k and keys[i] == "the":
            i += 1
        if i == k and not numbered:
            continue  # a street word alone names no street
        stop = toks.end[j - 1]
        if not numbered and STREET_WORDS[key] and scan.text[stop:stop + 1] == ".":
            stop += 1
        elif j < len(keys) and keys[j] in COMPASS and cap[j] and gap[j] == " ":
            stop, j = toks.end[j], j + 1  # '40th Avenue South'
        out.append((i, j, stop))
        after = j
    return out


def foreign_streets(scan: Scan, found: list[StreetSpan]) -> list[StreetSpan]:
    """`found` with the streets named in the manner of other languages: a street word before
    up to three capitalised words, small words between ('7 Rue des Petites Ecuries'), or one
    word with a street ending ('Riemergasse 11'). At a sentence's start, where any word is
    capitalised, only before a house number ('Viale di Porta Ardeatine 55')."""
    toks = scan.toks
    keys, cap, glued, sent_start = toks.key, toks.cap, toks.glued, toks.sent_start
    taken = {k for i, j, _ in found for k in range(i, j)}
    out = list(found)
    for k in scan.caps:
        if k in taken:
            continue
        j = k + 1
        if keys[k] in STREET_WORDS_BEFORE:
            while j < len(keys) and j - k <= 4 and glued[j] and (cap[j] or keys[j] in _NAME_CONNECTORS):
                j += 1
            while j > k + 1 and not cap[j - 1]:
                j -= 1
            if j == k + 1:
                continue
        elif not (keys[k].endswith(STREET_ENDINGS) and len(keys[k]) >= 9):
            continue
        if sent_start[k] and not (j < len(keys) and keys[j].isdigit() and glued[j]):
            continue
        out.append((k, j, toks.end[j - 1]))
        taken.update(range(k, j))
    return sorted(out)


def street_mentions(scan: Scan, streets: list[StreetSpan], found: list[Mention]) -> list[Mention]:
    """The streets found, as mentions resolve places in their town; a street the
    gazetteer knows by its full name is already among `found`."""
    taken = [(m.start, m.end) for m in found]
    out = []
    for i, j, stop in streets:
        start = scan.toks.start[i]
        if any(s < stop and start < e for s, e in taken):
            continue  # the gazetteer knows this very name ('Khreshchatyk Street')
        key = " ".join(scan.toks.key[i:j])
        out.append(Mention(start=start, end=stop, text=scan.text[start:stop], key=key,
                           kind_hint=STREET, confidence=STREET_CONFIDENCE))
    return out


def _ordinal(key: str) -> bool:
    """'40th', '1st', '2nd', '3rd': numbered streets."""
    return key[:1].isdigit() and key.endswith(("th", "st", "nd", "rd"))
