"""Stage 1: find place mentions in text (`find_mentions`).

Longest gazetteer match first over capitalised token runs (`spans`), then a few named checks
that drop what is not a place here (`name_checks`: common words, people, organisations,
demonyms), the cues that weigh the rest (`span_cues`) and a learned filter over those cues
that has the last word on them (`mention_filter`), the streets (`streets`) and the
landmarks the gazetteer lacks ('Tahrir Square', `landmarks`). Offsets
index the original text; only lookup keys are folded (`tokens`).
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

from geo.gazetteer.index import Gazetteer
from geo.recognize.landmarks import find_landmarks, landmark_mentions
from geo.recognize.mention_filter import MentionFilter, article_names, features
from geo.recognize.mention_filter import load as load_filter
from geo.recognize.name_checks import FAMOUS_PRIOR, collect_people, is_org, is_person, speaks
from geo.recognize.span_cues import CONTAINER_GAPS, MIN_CONFIDENCE, confidence, kind_hint, next_to_place
from geo.recognize.spans import candidate_spans, inner_spans
from geo.recognize.streets import find_streets, foreign_streets, street_mentions
from geo.recognize.tokens import Scan
from geo.records import Mention
from geo.text.normalize import name_key
from geo.vocabulary import (
    BORDER,
    BORDER_WORDS,
    CALENDAR,
    DIRECTIONS,
    KIND_WORDS,
    LOCATIVE,
    ORG_WORDS,
    PLURAL_KIND_WORDS,
    SETTLEMENT_KINDS,
    TITLES,
    UNKNOWN,
)

UNKNOWN_CONFIDENCE = 0.3  # a name after 'in' that the gazetteer lacks: likely a place, unplaced
DIRECTED_CONFIDENCE = 0.6  # ... unless it is a direction word and a place the gazetteer has
BORDER_CONFIDENCE = 0.8   # 'the Polish border' names a stretch of land, not a point
_UNKNOWN_CUES = frozenset({"in", "near", "outside", "at", "into"})

Kept = tuple[int, int, str]  # (first token, end token, key) of a span that passed the checks


def find_mentions(text: str, gaz: Gazetteer, *, learned: bool = True) -> list[Mention]:
    """Place mentions in `text`, in order, with offsets into `text`. `learned`: the learned
    filter has the last word on each span's confidence (`mention_filter`); else the threshold.

    >>> [m.text for m in find_mentions("Shelling hit Kharkiv and the Kyiv region.", gaz)]  # doctest: +SKIP
    ['Kharkiv', 'Kyiv region']
    """
    scan = Scan(gaz, text)
    streets = foreign_streets(scan, find_streets(scan))  # the spans leave their words to them, as landmarks do
    landmarks = find_landmarks(scan)
    people = collect_people(scan)
    # every word of a landmark leaves it ('Gothamesque Jinmao Tower'); a street's first
    whole = {k: j for i, j in landmarks for k in range(i, j)} | {i: j for i, j, _ in streets}
    kept, variants = _kept_spans(scan, whole, people)
    out = _accepted(scan, kept, variants, people, load_filter() if learned else None)
    out.extend(_borders(scan))
    out.extend(street_mentions(scan, streets, out))
    out.extend(landmark_mentions(scan, landmarks, out))
    out.extend(_unknown(scan, out, people))
    return sorted(out, key=lambda m: m.start)


def _kept_spans(scan: Scan, street_at: dict[int, int],
                people: set[str]) -> tuple[list[Kept], set[tuple[int, int]]]:
    """The candidate spans that are no calendar word, demonym, person or organisation, and
    the (first, end) tokens of those found as spelling variants. A person's name found here
    joins `people`."""
    kept: list[Kept] = []
    variants: set[tuple[int, int]] = set()
    for i, j, variant in candidate_spans(scan, street_at):
        key = variant or " ".join(scan.toks.key[i:j])
        if variant:
            variants.add((i, j))
        if key in CALENDAR or len(key) < 2 or key in scan.gaz.demonyms:
            continue
        if j == i + 1 and key in PLURAL_KIND_WORDS and i > 0 and scan.toks.cap[i - 1] \
                and scan.toks.gap[i] == " ":
            continue  # 'the Salinas and Suchiate Rivers': the kind of the list, no Rivers State
        if is_person(scan, i, j, key):
            if key.rsplit(" ", 1)[-1] not in KIND_WORDS:  # one odd 'Henry County' is no person's name
                people.add(key)
            continue
        if is_org(scan, i, j):
            continue
        kept.append((i, j, key))
    return kept, variants


def _accepted(scan: Scan, kept: list[Kept], variants: set[tuple[int, int]],
              people: set[str], model: MentionFilter | None,
              record: list | None = None) -> list[Mention]:
    """Mentions of the kept spans confident enough (by `model` if given, else by the
    threshold); a refused long name gives its inner names back to the worklist ('Freedom
    Square in Kharkiv' -> 'Kharkiv'). `record`, for training only, collects each decided
    span's (start, end, features, rule's decision), inner names of accepted spans too."""
    gaz, toks, text = scan.gaz, scan.toks, scan.text
    out = []
    work = kept[::-1]
    inner: set[tuple[int, int]] = set()
    learning = model is not None or record is not None
    seen = article_names(scan, kept) if learning else {}
    # a name the article once writes with its state or country ('Orlando, Florida') is a
    # place throughout, whatever a heading or a team made of it ('Orlando Magic')
    placed: set[str] | None = None  # worked out only when a name is also a person's
    while work:
        i, j, key = work.pop()
        prominence = gaz.priors[gaz.lookup(key)[0].entry]
        if key in people and prominence < FAMOUS_PRIOR and placed is None:
            placed = {k for a, b, k in kept if _with_its_unit(scan, b) or _unit_after_locative(scan, a, k)}
        if key in people and prominence < FAMOUS_PRIOR and key not in (placed or ()) and not (
                i > 0 and toks.key[i - 1] in LOCATIVE and next_to_place(scan, i, j)):
            # "Henry" after "Chiquita Raquel Henry"; but after 'Frederick Memorial
            # Hospital', 'in Frederick, Maryland' is the town
            continue
        if speaks(scan, i, j, prominence):
            continue
        end, hint = kind_hint(scan, i, j)
        if key in DIRECTIONS and not hint:
            continue
        conf = confidence(scan, i, j, key, hint)
        start, stop = toks.start[i], toks.end[end - 1]
        if end == j and key in gaz.dotted and text[stop:stop + 1] == ".":
            stop += 1  # 'W.Va.', 'U.S.': the final dot is part of the abbreviation
        ok = conf >= MIN_CONFIDENCE
        if learning:
            feats = features(
                scan, i, j, end, key, hint, conf, variant=(i, j) in variants, inner=(i, j) in inner,
                seen=seen.get(key))
            if record is not None:
                record.append((start, stop, feats, ok))
                if ok:
                    _record_inner(scan, i, j, variants, seen, record)
            if model is not None:
                ok = model.accepts(feats)
        if not ok and (_a_town_of_the_unit_after(scan, j, key, end) or _the_unit_of_the_town_before(scan, i, key)):
            ok = True
        if not ok:
            parts = inner_spans(scan, i, j)
            inner.update((a, b) for a, b, _ in parts)
            work.extend(reversed(parts))
            continue
        out.append(Mention(start=start, end=stop, text=text[start:stop], key=key, kind_hint=hint,
                           fuzzy=(i, j) in variants, confidence=round(conf, 3)))
    return out


def _record_inner(scan: Scan, i: int, j: int, variants: set[tuple[int, int]],
                  seen: dict, record: list) -> None:
    """For training: the inner names of an accepted span, as the filter would meet them had
    it refused the span (the rules' other checks aside)."""
    toks = scan.toks
    for a, b, key in inner_spans(scan, i, j):
        end, hint = kind_hint(scan, a, b)
        conf = confidence(scan, a, b, key, hint)
        feats = features(scan, a, b, end, key, hint, conf, variant=False, inner=True,
                         seen=seen.get(key))
        record.append((toks.start[a], toks.end[end - 1], feats, None))


def _with_its_unit(scan: Scan, j: int) -> bool:
    """Is the span ending before token j followed by ', <a state or country>' ('Orlando,
    Florida') or its bracket ('Madison (Wisconsin)')? Surnames are not written so."""
    toks = scan.toks
    return j < len(toks.key) and toks.gap[j].strip() in CONTAINER_GAPS and toks.cap[j] \
        and toks.key[j] in scan.gaz.index and _names_a_unit(scan, toks.key[j])


def _a_town_of_the_unit_after(scan: Scan, j: int, key: str, end: int) -> bool:
    """Is the span before token j a town, however small, of the region named right after it:
    'X, Y', 'X (Y', 'X (district, Y' or, its kind word ending at token `end`, 'X district of
    Y', Y a first-level unit ('shelled Khmelove (Zhytomyr, Zhytomyr)', a village only
    Ukraine's register has)? A name so written is the town the gazetteer has there, whatever
    its prior says. (Any town as Y would let 'the Malaria Alliance (ALMA)' be Alliance,
    Nebraska, for Alma, Nebraska: only a region's namesake town counts.)"""
    toks, gaz = scan.toks, scan.gaz
    # the kind word's end ('the Cemisgezek district of Tunceli': 'district' is a hint, not the span's)
    end = end if end > j else j + 1 if j < len(toks.key) and toks.key[j] in KIND_WORDS else j
    if end > j and end + 1 < len(toks.key) and toks.key[end] == "of" and toks.cap[end + 1]:
        units = _regions_named(gaz, toks.key[end + 1])
    elif j < len(toks.key) and toks.gap[j].strip() in CONTAINER_GAPS and toks.cap[j]:
        units = _regions_named(gaz, toks.key[j])
        if toks.gap[j].strip() == "(" and j + 1 < len(toks.key) and toks.gap[j + 1].strip() == "," \
                and toks.cap[j + 1]:
            units |= _regions_named(gaz, toks.key[j + 1])  # '(district, region)'
    else:
        return False
    return _a_town_in(gaz, key, units)


def _the_unit_of_the_town_before(scan: Scan, i: int, key: str) -> bool:
    """Is the span from token i a first-level unit holding a town named right before it,
    'X, Y' or 'X (Y' ('Georgetown (Delaware) in support of ...')? The Y of a town so written is
    its region, whatever else its name may be."""
    toks, gaz = scan.toks, scan.gaz
    if i < 1 or toks.gap[i].strip() not in CONTAINER_GAPS:
        return False
    units = _regions_named(gaz, key)
    if not units:
        return False
    for first in range(i - 1, max(-1, i - 4), -1):  # a town of one to three words
        if not toks.cap[first] or (first < i - 1 and toks.gap[first + 1] != " "):
            break
        if _a_town_in(gaz, " ".join(toks.key[first:i]), units):
            return True
    return False


def _a_town_in(gaz: Gazetteer, key: str, units: set[tuple[str, str]]) -> bool:
    """Does `key` name a town of one of the (country, first-level unit) `units`?"""
    return bool(units) and any((gaz.countries[m.entry], gaz.admin1s[m.entry]) in units
                               and gaz.kinds[m.entry] in SETTLEMENT_KINDS for m in gaz.lookup(key))


def _regions_named(gaz: Gazetteer, key: str) -> set[tuple[str, str]]:
    """(country, name) of the first-level units `key` names, itself or by the town they are
    named after ('Kharkiv' for Kharkiv Oblast, as coders write it)."""
    units = set()
    for m in gaz.lookup(key):
        kind, unit = gaz.kinds[m.entry], gaz.admin1s[m.entry]
        if kind == "admin1" or kind == "city" and name_key(unit).startswith(key + " "):
            units.add((gaz.countries[m.entry], unit))
    return units


def _unit_after_locative(scan: Scan, i: int, key: str) -> bool:
    """'human rights in Tibet': a state or country after 'in', 'from' ... is that place."""
    return i > 0 and scan.toks.key[i - 1] in LOCATIVE and not scan.toks.sent_start[i] \
        and _names_a_unit(scan, key)


def _names_a_unit(scan: Scan, key: str) -> bool:
    """Is the best entry of `key` a first-level unit or a country?"""
    top = scan.gaz.lookup(key)
    return bool(top) and scan.gaz.kinds[top[0].entry] in ("admin1", "country")


def _unknown(scan: Scan, found: list[Mention], people: set[str]) -> list[Mention]:
    """Capitalised names after 'in', 'near', 'outside' ... that the gazetteer lacks: reported
    as unresolved (and looked up online when the user allows it), never guessed."""
    toks, out = scan.toks, []
    keys, cap, gap, starts, ends = toks.key, toks.cap, toks.gap, toks.start, toks.end
    taken = _Spans((m.start, m.end) for m in found)
    after = 1
    # few words are a unit's word ('district', 'village'): most texts have none
    units = {j for j, k in enumerate(keys) if k in _UNIT_AFTER_NAME} if not _UNIT_AFTER_NAME.isdisjoint(keys) else ()
    cued = [k for k in scan.caps if k and (keys[k - 1] in _UNKNOWN_CUES or (
        units and not units.isdisjoint((k + 1, k + 2, k + 3)) and _unit_of_a_place_after(scan, k)))]
    for i in cued:  # after a cue word, or before 'district (Kandor'
        if i < after:
            continue
        if toks.sent_start[i] or gap[i - 1] == "" or taken.overlaps(starts[i], starts[i] + 1):
            continue
        j = i + 1
        while j < len(keys) and cap[j] and gap[j] == " " and j - i < 4:
            j += 1
        words = keys[i:j]
        key = " ".join(words)
        if (len(key) >= 4 and not any(w in CALENDAR or w in TITLES or w in ORG_WORDS
                                      or w in people or w in scan.gaz.demonyms for w in words)
                and not taken.overlaps(starts[i], ends[j - 1])):
            start, stop = starts[i], ends[j - 1]
            rest = " ".join(words[1:])
            # 'in Northern Nicosia', 'East Oxford': a part of a place the gazetteer has, read as
            # that place (the whole name is the mention)
            directed = words[0] in DIRECTIONS and rest in scan.gaz.index
            out.append(Mention(start=start, end=stop, text=scan.text[start:stop], key=rest if directed else key,
                               kind_hint=None if directed else UNKNOWN,
                               confidence=DIRECTED_CONFIDENCE if directed else UNKNOWN_CONFIDENCE))
        after = j
    return out


# 'Haradh district (Hajjah)', 'Dorva village, Kandor': a unit's word, then its container
_UNIT_AFTER_NAME = frozenset({"district", "village", "town", "province", "county", "municipality",
                              "governorate", "raion", "commune", "township", "locality", "subdistrict"})


def _unit_of_a_place_after(scan: Scan, i: int) -> bool:
    """Is the capitalised run starting at word i followed by a unit's word and then, after a
    comma or a bracket, a known place ('Haradh district (Hajjah)')?"""
    toks = scan.toks
    keys, cap, gap = toks.key, toks.cap, toks.gap
    if not gap[i].endswith((" ", "\n")):
        return False  # 'Yaftal-e-Sufla district': a name's last part is no name
    j, n = i + 1, len(keys)
    while j < n and cap[j] and gap[j] == " " and j - i < 3:
        j += 1
    return j + 1 < n and not cap[j] and keys[j] in _UNIT_AFTER_NAME and gap[j] == " " \
        and gap[j + 1].strip() in (",", "(") and cap[j + 1] and keys[j + 1] in scan.gaz.index


def _borders(scan: Scan) -> list[Mention]:
    """'the Polish border': a demonym followed by 'border' names a country's border."""
    toks, out = scan.toks, []
    keys, demonyms = toks.key, scan.gaz.demonyms
    for i in scan.caps_among(demonyms):
        iso = demonyms[keys[i]] if i + 1 < len(keys) else None
        if iso and keys[i + 1] in BORDER_WORDS and toks.gap[i + 1] == " ":
            s, e = toks.start[i], toks.end[i + 1]
            out.append(Mention(start=s, end=e, text=scan.text[s:e], key=f"{keys[i]} {keys[i + 1]}",
                               kind_hint=BORDER, confidence=BORDER_CONFIDENCE, border_of=iso))
    return out


class _Spans:
    """Character spans asked whether any overlaps [lo, hi): by bisection, so that a long article
    with thousands of mentions is not checked against every one of them for every name."""

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, lo: int, hi: int) -> bool:
        before = bisect_left(self._starts, hi)  # the spans that begin before hi
        return before > 0 and self._max_end[before - 1] > lo
