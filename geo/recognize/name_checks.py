"""Recogniser, step 2: the checks that drop a span that is no place here (people, bodies).

Each check returns True when the span is NOT a place mention: a person ('President Vladimir
Putin', 'Paris Hilton', 'Henry said'), an organisation ('Council of Europe', 'Ohio State
University'), a storm, a disease, money, a car. `collect_people` gathers the article's
surnames first, so that a later bare 'Henry' is known to be one.
"""
from __future__ import annotations

from geo.recognize.tokens import Scan, Tokens, chunk_bounds
from geo.vocabulary import (
    CALENDAR,
    COMPASS,
    KIND_WORDS,
    LOCATIVE,
    NAMED_AFTER,
    NEWS_TITLES,
    ORG_WORDS,
    PLURAL_KIND_WORDS,
    SENTENCE_OPENERS,
    SPEECH_VERBS,
    TITLES,
)

# countries, states and big cities: only a title right before makes such a name a person's,
# and a given name that is such a place is no person's first name ('Kyiv Mayor')
FAMOUS_PRIOR = 0.9
# 'Henry said' is a person; a name this prominent that speaks is a government ('Moscow said')
SPEAKER_MAX_PRIOR = 0.85
# words before a model year that make what follows a product ('a 1992 Toyota', 'his red 1991
# Honda'); 'in 2005 Paris ...' and 'the 2008 Beijing Olympics' keep their places
_PRODUCT_BEFORE_YEAR = frozenset("""a an his her their my our your its red blue white black silver
gray grey green brown gold maroon tan beige stolen used new old""".split())
# words after a place that is also a given name that make it no surname: 'Monroe Mayor Robert
# Routson', 'Henderson Police Department', 'Columbus North' (a school), 'Logan County'
_NOT_SURNAMES = ORG_WORDS | KIND_WORDS.keys() | PLURAL_KIND_WORDS.keys() | TITLES | COMPASS | CALENDAR \
    | {"police", "fire", "metro"}
_STORMS = frozenset({"hurricane", "typhoon", "cyclone"})
# the last word of a body's name that GeoNames also has as a place ('Health Centre')
_BODY_NOUNS = frozenset({"centre", "center"})
# words that name a rank of court, not the place of one: 'Superior Court' (Superior, Wisconsin)
_COURT_RANKS = frozenset({"superior", "supreme", "circuit", "district", "municipal", "magistrates",
                          "crown", "probate", "appeals"})
_TRADEMARKS = frozenset("®™")
# titles that, in lower case, are everyday words: 'expected to miss Rochester', 'in general'
_EVERYDAY_TITLES = frozenset({"miss", "judge", "general", "chief"})


def collect_people(scan: Scan) -> set[str]:
    """Surnames seen after a title or a given name ('President Vladimir Putin')."""
    people: set[str] = set()
    toks, given = scan.toks, scan.gaz.given_names
    keys, cap, gap, glued, sent_start = toks.key, toks.cap, toks.gap, toks.glued, toks.sent_start
    last = len(keys) - 1
    for i in scan.caps:
        if i == 0 or not cap[i - 1]:
            continue  # a title, a given name or an initial is capitalised: most words have none
        key, lead = keys[i], i - 1
        # a middle initial ('Terry A. Corbin'): its full stop ends no sentence
        initial = lead > 0 and len(keys[lead]) == 1 and cap[lead] and gap[i] == ". " \
            and glued[lead] and keys[lead - 1] in given
        if not glued[i] or (sent_start[i] and not initial) or key in KIND_WORDS \
                or key in ORG_WORDS or key in CALENDAR or toks.upper(i):
            continue  # 'Walker County', 'Indiana Department', 'Montana Sunday': no Mr County
        if initial:
            lead -= 1
        prev = keys[lead]
        # a title two words back: 'Const. Kwesi Millington', whatever the given name
        titled = lead > 0 and cap[lead - 1] and keys[lead - 1] in TITLES \
            and gap[lead] in (" ", ". ") and not _lone_place(scan, lead)
        # 'Logan-Rogersville': a hyphen joins places, never a given name to a surname
        if cap[lead] and (prev in TITLES or titled or (prev in given and gap[i] != "-"
                                                       and not _lone_place(scan, lead))):
            if i == last or not (cap[i + 1] and glued[i + 1]):  # last word of the name
                if (key not in given or prev in given) and not _lone_place(scan, i):
                    people.add(key)
    return people


def _lone_place(scan: Scan, i: int) -> bool:
    """Is token i a place by itself, not a given name ('Kyiv Mayor', 'Paris Hilton')?"""
    slot = scan.gaz.lookup(scan.toks.key[i])
    return bool(slot) and scan.gaz.priors[slot[0].entry] >= FAMOUS_PRIOR


def is_person(scan: Scan, i: int, j: int, key: str) -> bool:
    """Is the span a person's name (or part of one) here: after a title or a given name,
    or a given name before a surname?"""
    toks, gaz = scan.toks, scan.gaz
    keys = toks.key
    if j == i + 1 and keys[i] in TITLES and j < len(keys) and toks.cap[j] \
            and toks.gap[j] in (" ", ". ") and not _new_sentence(toks, j):
        return True  # 'Trooper Matt Blair', 'Sens. Byrd': titles, though towns are so called
    if gaz.priors[gaz.lookup(key)[0].entry] >= FAMOUS_PRIOR:
        # countries, states and big cities: only a title right before makes them a name
        return i > 0 and keys[i - 1] in TITLES and toks.glued[i] and toks.cap[i - 1]
    c0, c1 = chunk_bounds(toks, i, j)
    before = keys[c0:i]
    if before and any(k in TITLES for k in before[-2:]):
        return True
    if i > 0 and keys[i - 1] in TITLES and toks.glued[i] and not toks.sent_start[i] \
            and (toks.cap[i - 1] or keys[i - 1] not in _EVERYDAY_TITLES):
        return True
    if before and before[-1] in gaz.given_names and toks.gap[i] != "-" \
            and not _is_place_start(scan, c0, i):
        return True
    if j < c1 and key in gaz.given_names and toks.gap[j] != "-" \
            and keys[j] not in _NOT_SURNAMES and not _new_sentence(toks, j) and (
                not gaz.lookup(keys[j]) or not (i > 0 and keys[i - 1] in LOCATIVE)):
        # "Paris Hilton", "Jordan Henderson"; "Chad Walker" too, though Walker is also a
        # town: only a preposition before ('in Chad Walker ...') keeps a place here
        return True
    return False


def _new_sentence(toks: Tokens, j: int) -> bool:
    """Does word j open a sentence with a closed-class word ('... in Pau. They left')? A
    name never runs on into one."""
    return toks.sent_start[j] and toks.key[j] in SENTENCE_OPENERS


def _is_place_start(scan: Scan, c0: int, i: int) -> bool:
    """Do the capitalised words before token i form a place name themselves?"""
    key = " ".join(scan.toks.key[c0:i])
    return key in scan.gaz.index and key not in scan.gaz.given_names


def is_org(scan: Scan, i: int, j: int) -> bool:
    """Does the span name an organisation, a storm, a disease, money or a product here?"""
    toks = scan.toks
    keys, cap = toks.key, toks.cap
    if j < len(keys) and toks.glued[j] and (keys[j] in NAMED_AFTER or (
            cap[j] and keys[j] in NEWS_TITLES) or (
            cap[j] and keys[j] in ("state", "city", "county") and j + 1 < len(keys)
            and cap[j + 1] and toks.glued[j + 1] and keys[j + 1] in NEWS_TITLES) or (
            cap[j] and keys[j] == "court" and keys[j - 1] in _COURT_RANKS) or (
            cap[j] and keys[j] in ORG_WORDS and i > 0 and cap[i - 1]
            and toks.glued[i] and not toks.sent_start[i])):
        # 'West Nile virus'; 'the Los Angeles Times', 'the Lansing State Journal'; 'Superior
        # Court' (a rank of court); 'Clarke County Superior Court'
        return True
    if j - i == 1 and j < len(keys) and cap[j] and toks.glued[j] and keys[i] in _STORMS:
        return True  # 'Hurricane Katrina' is a storm (Hurricane, Utah is a town)
    if j - i == 1 and keys[i] in _BODY_NOUNS and i > 0 and cap[i - 1] and toks.glued[i] \
            and not toks.sent_start[i]:
        return True  # 'the Wild Life Health Centre' is a body (Centre, a region of Haiti)
    if (i > 0 and keys[i - 1] == "united" and cap[i - 1] and toks.glued[i]) or (
            j < len(keys) and keys[j] == "united" and cap[j] and toks.glued[j]):
        return True  # 'United Russia' is a party, 'Leeds United' a club
    if j - i == 1 and i > 0 and keys[i - 1] == "the" and toks.upper(i) and len(keys[i]) > 1 \
            and not _unit_or_country(scan, keys[i]):
        return True  # 'the ITU', 'the NRA': an acronym with 'the' is a body ('the UK' a country)
    if scan.text[toks.end[j - 1]:toks.end[j - 1] + 1] == "$" or toks.gap[i].endswith("$"):
        return True  # 'US$460 million', '$US 1.5 billion' are money
    if _TRADEMARKS.intersection(scan.text[toks.end[j - 1]:toks.end[j - 1] + 1] + toks.gap[i]):
        return True  # 'Universal Orlando® Resort', 'SeaWorld® Orlando': a trademark names a brand
    if i >= 2 and _is_year(keys[i - 1]) and keys[i - 2] in _PRODUCT_BEFORE_YEAR:
        return True  # 'a 1992 Toyota Corolla', 'their red 1991 Honda': a car, not the town
    # "Council of Europe", "University of Texas": organisation word + of + place
    if i >= 2 and keys[i - 1] == "of" and cap[i - 2] and keys[i - 2] in ORG_WORDS:
        return True
    # "European Union": an adjective-like match glued to an organisation word
    if j < len(keys) and cap[j] and toks.glued[j] and keys[j] in ORG_WORDS \
            and " ".join(keys[i:j]) in scan.gaz.demonyms:
        return True
    return False


def _unit_or_country(scan: Scan, key: str) -> bool:
    top = scan.gaz.lookup(key)
    return bool(top) and scan.gaz.kinds[top[0].entry] in ("country", "admin1")


def speaks(scan: Scan, i: int, j: int, prominence: float) -> bool:
    """'Henry said': a name that speaks is a person; 'officials in Sumy said' is not."""
    keys = scan.toks.key
    return (j < len(keys) and keys[j] in SPEECH_VERBS and scan.toks.gap[j] == " "
            and prominence < SPEAKER_MAX_PRIOR and not (i > 0 and keys[i - 1] in LOCATIVE))


def _is_year(key: str) -> bool:
    return len(key) == 4 and key.isdigit() and 1900 <= int(key) <= 2100
