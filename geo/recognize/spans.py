"""Recogniser, step 1: candidate spans (`candidate_spans`), longest gazetteer match first.

A span is (first token, end token, key), the key given only when it differs from the span's
own words: a name abbreviated where GeoNames writes it in full ('St. Marc'), or a prominent
name spelled differently ('Kharkov'), tried only with a place cue.
"""
from __future__ import annotations

from geo.gazetteer.index import Gazetteer
from geo.recognize.tokens import Scan, Tokens
from geo.text.normalize import LONG_FORMS
from geo.vocabulary import (
    ARTICLE_UNIT_KINDS,
    CALENDAR,
    COMPASS,
    CONNECTORS,
    HINT_KINDS,
    KIND_WORDS,
    LOCATIVE,
    NAME_ARTICLES,
    ORG_WORDS,
    TITLES,
)

Span = tuple[int, int, "str | None"]

# a misspelt name after a preposition alone (no kind word) is read as a variant only of
# names this prominent: a preposition is a weak cue
VARIANT_MIN_PRIOR = 0.85
VARIANT_MIN_LEN = 5  # shorter words are too often other words one letter away


def longest_match(gaz: Gazetteer, toks: Tokens, i: int, stop: int) -> int:
    """Number of tokens of the longest gazetteer name among tokens [i, stop) that starts at
    token i (0 if none)."""
    keys = toks.key
    first = keys[i]
    limit = min(stop - i, gaz.max_tokens)
    is_key, longer = gaz.index.first_word(first)
    if limit == 1 or not longer:
        return 1 if is_key else 0  # no multi-word name starts with this word (the common case)
    glued, second = toks.glued, keys[i + 1]
    # most runs end at once: 'New' starts names, 'New chapter' none (no key starts so)
    if not glued[i + 1] or second.isdigit() or not gaz.index.has_prefix(f"{first} {second}"):
        return 1 if is_key else 0
    n_ok = 2
    # how far the name-like run goes (lower-case words may sit inside a name: 'Chernobyl
    # nuclear power plant')
    while n_ok < limit and glued[i + n_ok] and not keys[i + n_ok].isdigit():
        n_ok += 1
    cap = toks.cap
    for n in range(n_ok, 1, -1):
        last = i + n - 1
        # a lower-case kind word ends a name only after a proper word: 'Kyiv region', but
        # 'The village of Ciocile' is no mention of The Village, Oklahoma
        if (cap[last] or (keys[last] in KIND_WORDS and keys[i] not in CONNECTORS)) \
                and " ".join(keys[i:i + n]) in gaz.index:
            return n
    return 1 if is_key else 0


def candidate_spans(scan: Scan, street_at: dict[int, int]) -> list[Span]:
    """Spans of gazetteer names, left to right, none inside another; `street_at` maps the
    first token of each street to its end token (a street keeps its words)."""
    gaz, toks, after = scan.gaz, scan.toks, 0
    keys = toks.key
    out: list[Span] = []
    for i in scan.caps:
        if i < after:
            continue  # inside the name found last
        n = longest_match(gaz, toks, i, len(keys))
        if n < 2 and keys[i] in LONG_FORMS:
            found = _long_form(scan, i)  # 'St. Marc' is GeoNames' 'Saint-Marc'
            if found:
                out.append(found)
                after = found[1]
                continue
        if i in street_at and n < street_at[i] - i:
            after = street_at[i]  # 'Memphis Street' is no mention of Memphis
            continue
        if n < 2 and keys[i] in NAME_ARTICLES:
            unit = _unit_after_article(scan, i)
            if unit:  # 'El Peten': the province Peten, written with its article
                out.append((i, i + 2, unit))
                after = i + 2
                continue
        if n > 1:
            n = _before_org(scan, i, n)
        if n > 2 and keys[i] == "state" and keys[i + 1] == "of":
            # 'the State of Ohio' names Ohio (an alias; the corpora mark 'Ohio' alone)
            out.append((i + 2, i + n, None))
            after = i + n
            continue
        if n and (n > 1 or keys[i] not in CONNECTORS  # "Las Vegas", not "The"
                  or (keys[i] in gaz.dotted and scan.text[toks.end[i]:toks.end[i] + 1] == ".")):
            out.append((i, i + n, None))
            after = i + n
            continue
        key = _variant(scan, i)
        if key:
            out.append((i, i + 1, key))
            continue
        if not n and i + 1 < len(keys) and toks.gap[i + 1] == " " and toks.cap[i + 1]:
            joined = _run_together(scan, i)
            if joined:
                out.append((i, i + 2, joined))
                after = i + 2
    return out


def _unit_after_article(scan: Scan, i: int) -> str | None:
    """The key of the province or region named by the capitalised word after the article at
    token i ('El Peten' -> peten, 'Al Anbar' -> anbar); None if that is no such unit."""
    toks, gaz = scan.toks, scan.gaz
    if i + 1 >= len(toks.key) or not (toks.cap[i + 1] and toks.gap[i + 1] == " "):
        return None
    key = toks.key[i + 1]
    top = gaz.lookup(key) if key in gaz.index else ()
    return key if top and gaz.kinds[top[0].entry] in ARTICLE_UNIT_KINDS else None


def _run_together(scan: Scan, i: int) -> str | None:
    """The key of two capitalised words, neither a name itself, that the gazetteer writes
    as one ('Pyeong Chang' -> Pyeongchang); None if it has no such name."""
    first, second = scan.toks.key[i], scan.toks.key[i + 1]
    joined = first + second
    if min(len(first), len(second)) < 3 or joined not in scan.gaz.index or second in scan.gaz.index:
        return None
    return joined


def inner_spans(scan: Scan, i: int, j: int) -> list[tuple[int, int, str]]:
    """Gazetteer names inside tokens (i, j) that do not start at i, in order."""
    keys, cap, out, k = scan.toks.key, scan.toks.cap, [], i + 1
    while k < j:
        n = longest_match(scan.gaz, scan.toks, k, j) if cap[k] else 0
        if n and (n > 1 or keys[k] not in CONNECTORS):
            out.append((k, k + n, " ".join(keys[k:k + n])))
            k += n
        else:
            k += 1
    return out


def _long_form(scan: Scan, i: int) -> tuple[int, int, str] | None:
    """(start, end, key) of a name whose first word is abbreviated where GeoNames writes
    it in full ('St. Marc' -> 'saint marc'), longest first; None if there is none."""
    toks, keys = scan.toks, scan.toks.key
    if i + 1 >= len(keys) or toks.gap[i + 1] not in (". ", " "):
        return None  # 'Cedar St.Henry' is a street and a name run together
    n = 1
    while i + n < len(keys) and n < scan.gaz.max_tokens and toks.glued[i + n] and toks.cap[i + n]:
        n += 1
    for k in range(n, 1, -1):
        key = " ".join([LONG_FORMS[keys[i]], *keys[i + 1:i + k]])
        if key in scan.gaz.index:
            j = i + k
            # a saint's name owned ('St. Michael's', 'St. Patrick's Day') or running on
            # ('St. Rose Dominican Hospital') names a school, a church or a feast
            if j < len(keys) and (toks.glued[j] and toks.cap[j]
                                  or (keys[j] == "s" and toks.gap[j] in ("'", "’"))):
                return None
            return i, j, key
    return None


def _before_org(scan: Scan, i: int, n: int) -> int:
    """'Ohio State University', 'Dublin City Council': the place is 'Ohio', 'Dublin'. So
    is 'Alexandria' in 'Alexandria City Public Schools' when 'Alexandria City' is only an
    alias ('Kansas City Star' keeps its city, whose own name that is). n > 1 tokens."""
    toks = scan.toks
    keys, j = toks.key, i + n
    if j >= len(keys) or not toks.cap[j] or not toks.glued[j] \
            or " ".join(keys[i:j - 1]) not in scan.gaz.index:
        return n
    last = keys[j - 1]
    if keys[j] in ORG_WORDS and last in ("state", "city", "county"):
        return n - 1
    if last in ("city", "town", "village") and keys[j] not in COMPASS \
            and not scan.gaz.lookup(" ".join(keys[i:j]))[0].primary:
        return n - 1  # the best entry is reached by an alias
    return n


def _variant(scan: Scan, i: int) -> str | None:
    """A prominent name spelled differently (Kharkov, Dneiper) — only with a place cue, and
    never a people's adjective ('from Belgian mines' is no Belagavi)."""
    toks, gaz = scan.toks, scan.gaz
    keys = toks.key
    key = keys[i]
    if len(key) < VARIANT_MIN_LEN:
        return None
    # the cue first: most capitalised words have none
    kind_next = i + 1 < len(keys) and keys[i + 1] in KIND_WORDS and toks.gap[i + 1] == " "
    locative = i > 0 and keys[i - 1] in LOCATIVE and keys[i - 1] not in ("of", "to") \
        and not toks.sent_start[i]
    # 'Mahas district (Hiraan)', 'Boni (Mopti)': a one-word aside after a place is its region
    held = toks.gap[i].endswith("(") and i + 1 < len(toks.gap) and toks.gap[i + 1].startswith(")")
    if not (kind_next or locative or held) or key in gaz.given_names or key in CALENDAR or key in gaz.demonyms \
            or key in TITLES or toks.upper(i):
        return None
    found = gaz.skeleton_keys(key) or gaz.fuzzy_keys(key)
    if not (kind_next or held):  # a preposition alone is a weak cue: only very prominent names
        found = tuple(k for k in found if gaz.priors[gaz.lookup(k)[0].entry] >= VARIANT_MIN_PRIOR)
    if len(found) > 1 and kind_next:  # prefer the variant whose entry fits the kind word
        hint = KIND_WORDS[keys[i + 1]]
        fits = [k for k in found if _fits(gaz, k, hint)]
        found = tuple(fits) or found
    return found[0] if found else None


def _fits(gaz: Gazetteer, key: str, hint: str) -> bool:
    return any(gaz.kinds[m.entry] in HINT_KINDS.get(hint, ()) for m in gaz.lookup(key))
