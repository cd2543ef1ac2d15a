"""Spans given from outside (`key_for_span`): the benchmark's gold spans, a user's selection.

Such a span is known to name a place, so more is tried than in running text (geo/recognize/mentions.py):
abbreviations written out, demonyms read as their country or place, a street as a street, a
feature noun alone ('the Falls') as the name given whole before it (`back_references`).
"""
from __future__ import annotations

import re
from dataclasses import replace

from geo.gazetteer.index import Gazetteer
from geo.recognize.span_cues import kind_word_names_what_follows
from geo.records import Mention
from geo.text.normalize import fold, name_key
from geo.vocabulary import (
    ARTICLE_UNIT_KINDS,
    BORDER_WORDS,
    DIRECTIONS,
    KIND_WORDS,
    KINDS_BEFORE_OF,
    LANDMARK_WORDS,
    NAME_ARTICLES,
    NUMBERED_ROADS,
    STREET,
    STREET_WORDS,
    UNIT_WORDS_BEFORE,
)

_TOKEN = re.compile(r"[^\W_]+")

# inhabitant-word endings -> endings of the place's name ('Ohioans' -> Ohio, 'Ossetian' ->
# Ossetia, 'Londoner' -> London); tried only on spans given from outside
_DEMONYM_ENDINGS = (
    ("ian", ("ia", "i", "io")), ("an", ("a", "", "e", "as")), ("i", ("",)), ("er", ("",)),
    ("ite", ("",)), ("", ("ia",)))
_DEMONYM_PLACE_KINDS = frozenset({"country", "admin1", "continent", "region", "city"})
DEMONYM_MIN_PRIOR = 0.55  # 'Ohioans' -> Ohio; a small town's inhabitants are rarely so named
# abbreviations in given spans: 'St. Paris' -> Saint Paris, 'Loudon Co.' -> Loudon County,
# 'Madison Twp.' -> Madison
_FIRST_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_LAST_ABBREVIATIONS = {"co": "county", "cnty": "county", "twp": None, "township": None}
# the feature nouns that, alone, refer back to the place named whole before ('Varna Falls ...
# the Falls', 'the Gaza Strip ... the Strip'): a kind or landmark word, or one of these
_FEATURE_NOUNS = frozenset(KIND_WORDS) | LANDMARK_WORDS | {"falls", "strip", "gulf", "coast", "canyon"}


def _demonym_country(key: str, gaz: Gazetteer) -> str | None:
    """The country key of a demonym, singular or plural ('Palestinians')."""
    for form in (key, key[:-1] if key.endswith("s") else ""):
        iso = gaz.demonyms.get(form)
        n = gaz.country_entry.get(iso) if iso else None
        if n is not None:
            return name_key(gaz.names[n])
    return None


def _demonym_place(words: list[str], gaz: Gazetteer) -> str | None:
    """The prominent place an inhabitant word is formed from ('Ohioans' -> 'ohio')."""
    last = words[-1][:-1] if words[-1].endswith("s") and len(words[-1]) > 4 else words[-1]
    for ending, replacements in _DEMONYM_ENDINGS:
        if not last.endswith(ending) or len(last) - len(ending) < 3:
            continue
        for rep in replacements:
            key = " ".join(words[:-1] + [last[:len(last) - len(ending)] + rep])
            top = gaz.lookup(key)
            if top and gaz.kinds[top[0].entry] in _DEMONYM_PLACE_KINDS \
                    and gaz.priors[top[0].entry] >= DEMONYM_MIN_PRIOR:
                return key
    return None


def _expand_abbreviations(words: list[str], gaz: Gazetteer) -> list[str]:
    """The words with abbreviations written out, where that gives a known name."""
    out = list(words)
    if len(out) > 1 and out[-1] in _LAST_ABBREVIATIONS:
        full = _LAST_ABBREVIATIONS[out[-1]]
        longer = out[:-1] + ([full] if full else [])
        if " ".join(words) not in gaz.index and " ".join(longer) in gaz.index:
            out = longer
    if " ".join(out) not in gaz.index:
        longer = [_FIRST_ABBREVIATIONS.get(w, w) for w in out]
        if " ".join(longer) in gaz.index:
            out = longer
    return out


_NEXT_WORD = re.compile(r" ([A-Za-z]+)")
_KIND_OF = re.compile(r"(?:(\w+) )?((?i:%s)) of (?:the )?$" % "|".join(sorted(KINDS_BEFORE_OF)))
# capitalised, these mostly start the name of a body: 'Kansas State University'
_WORD_BEFORE = re.compile(r"\b(?i:%s) $" % "|".join(sorted(UNIT_WORDS_BEFORE)))
_BODY_WORDS = frozenset({"State", "City", "Town", "Village"})


def context_hint(text: str, start: int, end: int, gaz: Gazetteer) -> str | None:
    """The kind cue right around a span, as running text gives it to recognition: a kind
    word after it ('Nyanza province', 'Cairo airport') or before it with 'of' ('the city of
    Sao Paulo', 'the Indian state of Maharashtra'; but in 'the Punjab province of Pakistan'
    the span is where the province lies)."""
    after = _NEXT_WORD.match(text, end)
    if after and after.group(1).lower() in KIND_WORDS and after.group(1) not in _BODY_WORDS:
        return KIND_WORDS[after.group(1).lower()]
    if after and after.group(1) in BORDER_WORDS:
        return "unit"  # 'the New York border': a state's or a country's, never a city's
    if _WORD_BEFORE.search(text, max(0, start - 12), start) is not None:
        return "admin"  # 'upstate New York'
    before = _KIND_OF.search(text, max(0, start - 40), start)
    if before and kind_word_names_what_follows(before.group(1) or "", gaz):
        return KIND_WORDS[before.group(2).lower()]
    return None


def key_for_span(span: str, gaz: Gazetteer) -> tuple[str, str | None, bool]:
    """Lookup key, kind hint and fuzzy flag for a span given from outside (gold spans).

    Such a span is known to name a place, so more is tried than in running text: the words
    as written, without a leading 'the', with abbreviations written out ('St.', 'Co.'); a
    demonym as its country or place ('Palestinians', 'Ohioans'); a street as a street; the
    name without a trailing kind word ('Dnieper River'); transliteration variants and
    one-typo matches.
    """
    words = [fold(w) for w in _TOKEN.findall(span)]
    hint = None
    if words and words[0] == "the":
        words = words[1:]
    words = _expand_abbreviations(words, gaz)
    key = " ".join(words)
    if len(words) > 1 and words[-1] in KIND_WORDS:
        hint = KIND_WORDS[words[-1]]
    country = _demonym_country(key, gaz)
    if country:
        return country, hint, False
    if key in gaz.index or not words:
        return key, hint, False
    place = _demonym_place(words, gaz)
    if place:
        return place, hint, False
    if words[-1] in STREET_WORDS or (len(words) > 1 and words[-2] in NUMBERED_ROADS and words[-1].isdigit()):
        return key, STREET, False  # placed in the article's town by `resolve`
    if hint:
        stem = " ".join(words[:-1])
        if stem in gaz.index:
            return stem, hint, False
        key = stem
    other = _other_writing(key.split(), gaz)
    if other:
        return other, hint, False
    found = gaz.skeleton_keys(key) or gaz.fuzzy_keys(key)
    if found:
        return found[0], hint, True
    return key, hint, False


def _other_writing(words: list[str], gaz: Gazetteer) -> str | None:
    """A name the gazetteer knows written otherwise, tried before a typo: a province
    without its article ('El Petén' -> Petén, 'Al Anbar' -> Anbar; a town keeps it: 'Los
    Feliz' is no Feliz), or two words run together ('Pyeong Chang' -> Pyeongchang; not
    initials: 'L.A.'); None if neither is known."""
    if len(words) > 1 and words[0] in NAME_ARTICLES:
        rest = " ".join(words[1:])
        top = gaz.lookup(rest) if rest in gaz.index else ()
        if top and gaz.kinds[top[0].entry] in ARTICLE_UNIT_KINDS:
            return rest
    joined = "".join(words)
    if len(words) == 2 and min(map(len, words)) >= 3 and joined in gaz.index:
        return joined
    return None


def named_inside(span: str, gaz: Gazetteer) -> str | None:
    """The key of the place a span the gazetteer lacks names inside it for sure: after its
    last 'of' ('University of Kent', 'the Port of Odesa'), after direction words ('North
    Dallas', 'South Sydney'), or a country its name starts with ('Panama Canal'; a town
    there is no surer than the town the text names: 'Adler Planetarium'); None if none."""
    words = [fold(w) for w in _TOKEN.findall(span)]
    if "of" in words[:-1]:
        tail = words[len(words) - words[::-1].index("of"):]
        key = " ".join(tail[1:] if tail and tail[0] == "the" else tail)
        if key in gaz.index and gaz.lookup(key):
            return key
    rest = words
    while rest and rest[0] in DIRECTIONS:
        rest = rest[1:]
    key = " ".join(rest)
    if rest != words and key in gaz.index and gaz.lookup(key):
        return key
    return _country_first(words, gaz)


def _country_first(words: list[str], gaz: Gazetteer) -> str | None:
    """The key of the country the first one or two words name, if any ('Panama Canal')."""
    for size in (2, 1):
        key = " ".join(words[:size])
        if len(words) > size and key in gaz.index:
            top = gaz.lookup(key)
            if top and gaz.kinds[top[0].entry] == "country":
                return key
    return None


def back_references(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """The given spans, in their order, each one-word feature noun ('the Falls', 'the Strip')
    read as the latest longer name before it that ends in that word and that the gazetteer
    knows whole ('Varna Falls'): news shortens a name so once it has given it in full."""
    out = list(mentions)
    full: dict[str, str] = {}  # last word -> the key of the latest known name ending in it
    for i in sorted(range(len(out)), key=lambda i: out[i].start):
        m = out[i]
        words = m.key.split()
        if len(words) == 1 and words[0] in _FEATURE_NOUNS and words[0] in full:
            out[i] = replace(m, key=full[words[0]], kind_hint=None, fuzzy=False)
        elif len(words) > 1 and m.key in gaz.index:
            full[words[-1]] = m.key
    return out
