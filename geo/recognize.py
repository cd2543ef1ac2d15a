"""Stage 1: find place mentions in text (`find_mentions`).

Longest gazetteer match first over capitalised token runs, then a few named checks that
drop what is not a place here: common words (Of, Day, Police), people (titles, given name +
surname, "X said"), organisations (Council of Europe), demonyms. Offsets index the original
text; only lookup keys are folded.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Container
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import itemgetter

from .gazetteer import Gazetteer
from .normalize import LONG_FORMS, fold
from .records import Mention

CONNECTORS = frozenset({"of", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "la", "le",
                        "les", "los", "las", "el", "al", "am", "an", "der", "den", "on", "upon", "sur",
                        "y", "and", "the", "s", "au", "aux", "op", "im", "bin"})
# Lower-case words that may end a name and say what kind of place it is.
KIND_WORDS = {
    "region": "area", "oblast": "admin", "province": "admin", "county": "admin", "district": "admin",
    "raion": "admin", "governorate": "admin", "prefecture": "admin", "state": "admin",
    "parish": "admin", "municipality": "admin", "voivodeship": "admin", "krai": "admin",
    "river": "river", "sea": "sea", "lake": "lake", "bay": "sea", "strait": "strait",
    "airport": "airport", "airfield": "airport", "island": "island", "islands": "island",
    "peninsula": "peninsula", "city": "city", "town": "city", "village": "city",
    "mountains": "mountain", "valley": "valley", "dam": "dam", "bridge": "bridge",
    "plant": "plant", "station": "plant",
}
# 'counties' -> 'county': the kind words in the plural ('Clarke and Madison counties',
# 'the Esperance Lakes')
PLURAL_KIND_WORDS = {(w[:-1] + "ies" if w[-1] == "y" and w[-2] not in "aeiou"
                      else w + "es" if w.endswith("sh") else w + "s"): w
                     for w in KIND_WORDS if not w.endswith("s")}
# kind words that say the same before a name: 'the city of X', 'the Indian state of X'; not
# after a name ('the Punjab province of Pakistan' names where the province lies), and
# 'region' never ('the eastern region of Chad')
KINDS_BEFORE_OF = frozenset({"city", "town", "village", "state", "province", "county",
                             "district", "oblast", "governorate", "prefecture", "island"})


def kind_word_names_what_follows(word_before: str, gaz: Gazetteer) -> bool:
    """Does 'the state of X' speak of X, given the word before 'state' ('' if none)? Yes after
    'the', a lower-case word or a demonym ('the Indian state of X'); not after another name."""
    return not word_before[:1].isupper() or word_before in ("The", "the") \
        or fold(word_before) in gaz.demonyms
TITLES = frozenset(fold(w) for w in """
mr mrs ms miss dr prof president presidents vice minister ministers secretary chancellor premier pope
king queen prince princess emperor sheikh judge justice mayor sheriff officer deputy chief coach
rev reverend father sister brother sen sens senator rep reps representative gov governor gen general lt
lieutenant sgt sergeant capt captain col colonel maj major adm admiral cmdr commander spokesman
spokeswoman spokesperson counterpart ambassador envoy commissioner detective trooper inspector
superintendent councilman councilwoman councillor chairman chairwoman ceo director dean professor
pastor bishop archbishop cardinal rabbi imam lord lady sir dame mister madam patriarch
const constable cpl corporal pvt det agent
""".split())
ORG_WORDS = frozenset(fold(w) for w in """
union council commission parliament court bank times post herald journal tribune gazette news
university college school academy hospital clinic department ministry agency committee association
federation club party church cathedral company corp corporation inc ltd group network radio
television tv airlines airways institute foundation organisation organization society museum
fund program programme league assembly congress senate cabinet government office bureau service
board chamber
""".split())
# 'West Nile virus', 'Marburg fever': a disease named after a place is not that place
NAMED_AFTER = frozenset("""virus viruses ebolavirus fever hemorrhagic haemorrhagic encephalitis disease
                          flu influenza strain syndrome""".split())
# 'the New York Times', 'China Daily', 'Agence France-Presse': a newspaper or a news agency
# names a place it is not reporting from
NEWS_TITLES = frozenset("""times post daily herald tribune journal gazette chronicle telegraph
                           inquirer examiner courier dispatch enquirer presse""".split())
SPEECH_VERBS = frozenset("""said says told added stressed urged argued announced asked explained
noted wrote claimed insisted warned replied declared tweeted""".split())
LOCATIVE = frozenset("""in at near from to outside across into toward towards around throughout via
between through within inside across along off of""".split())
CALENDAR = frozenset(fold(w) for w in """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
saturday sunday today tomorrow yesterday
""".split())
# Directions name regions only with a kind word ('Western Province'), never alone ('Western powers').
DIRECTIONS = frozenset("""north south east west northern southern eastern western central northeast
northwest southeast southwest northeastern northwestern southeastern southwestern upper
lower middle inner outer coast coastal""".split())
# Street and road words, and whether each is an abbreviation that keeps its dot ('Memphis St.').
STREET_WORDS = {"street": False, "avenue": False, "road": False, "boulevard": False, "drive": False,
                "lane": False, "parkway": False, "highway": False, "freeway": False,
                "expressway": False, "turnpike": False, "alley": False, "st": True, "ave": True,
                "rd": True, "blvd": True, "pkwy": True, "hwy": True}
NUMBERED_ROADS = frozenset({"highway", "route", "interstate", "hwy", "road", "i"})  # 'Highway 200', 'I-94'
_ROAD_WORDS = frozenset(STREET_WORDS.keys() | NUMBERED_ROADS)
COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                     "southwest", "ne", "nw", "se", "sw"})
STREET = "street"  # kind hint of a street or road: placed in the town the article puts it in
MIN_CONFIDENCE = 0.5
MULTIWORD_ZIPF_DISCOUNT = 1.0  # see _Finder._prominence
# words before a model year that make what follows a product ('a 1992 Toyota', 'his red 1991
# Honda'); 'in 2005 Paris ...' and 'the 2008 Beijing Olympics' keep their places
_PRODUCT_BEFORE_YEAR = frozenset("""a an his her their my our your its red blue white black silver
gray grey green brown gold maroon tan beige stolen used new old""".split())
UNKNOWN = "unknown"  # kind hint of a name the gazetteer lacks (see _Finder._unknown)
_UNKNOWN_CUES = frozenset({"in", "near", "outside", "at", "into"})
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
# titles that, in lower case, are everyday words: 'expected to miss Rochester', 'in general'
_EVERYDAY_TITLES = frozenset({"miss", "judge", "general", "chief"})


_SENTENCE_GAP = re.compile(r"[.!?:;\n\"“]\s*$")
_WORD_SPLIT = re.compile(r"([^\W_]++)")  # words: runs of letters and digits; possessive: no backtracking
_ASCII_WORD_SPLIT = re.compile(r"([0-9A-Za-z]++)")  # the same where all letters are ASCII
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# what may stand between two words of one name ('St. Louis', 'Ivano-Frankivsk', 'Martha's Vineyard')
_JOINING_GAPS = frozenset({" ", "-", "'", "’", ". ", ".", " - ", "'s ", "’s ", "\u00a0"})
# what follows a dateline's place: ', Ohio (AP) —', ' -- ', ' - '
_DATELINE_END = re.compile(r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?(?:\s*\([A-Za-z.]+\))?\s*(?:-{1,3}|—|–)\s")
# abbreviated titles: the full stop after them ends no sentence
_NO_STOP_AFTER = frozenset("""mr mrs ms dr prof gen sen rep gov lt col capt sgt maj adm cmdr rev
const cpl pvt det insp supt""".split())
_fold = lru_cache(maxsize=1 << 16)(fold)  # news repeats its words: fold each spelling once


@lru_cache(maxsize=1 << 12)  # a few kinds of gap (' ', ', ', '. ') make up most of a text
def _ends_sentence(gap: str) -> bool:
    """Does a word after `gap` start a sentence or a line (abbreviations aside)?"""
    return gap != " " and (_SENTENCE_GAP.search(gap) is not None or "\n\n" in gap)


def _folded(words: list[str]) -> list[str]:
    """fold() of each word. Most texts' words are all ASCII, where fold() is lower(): one
    join, lower() and split() serve them all (words hold no white space)."""
    joined = " ".join(words)
    if joined.isascii():
        return joined.lower().split()
    return list(map(_fold, words))


def _split_words(text: str) -> list[str]:
    """_WORD_SPLIT.split(text). Most texts' letters are all ASCII, curly quotes and dashes
    aside: a byte-table class splits them a quarter faster than Unicode categories do, and
    is right when no character it leaves between the words is a letter or a digit (Zürich)."""
    parts = _ASCII_WORD_SPLIT.split(text)
    if text.isascii() or not any(map(str.isalnum, _NON_ASCII.findall("".join(parts[0::2])))):
        return parts
    return _WORD_SPLIT.split(text)


class _Tokens:
    """The words of one text, column by column: word i is text[start[i]:end[i]], is looked up
    as key[i] and comes after the characters gap[i]. Columns, not an object per word: an
    article has hundreds of words, and a few passes over whole lists (a split, slices, maps)
    build the columns for a fraction of what a loop building one object per word costs."""

    __slots__ = ("start", "end", "key", "gap", "cap", "glued", "sent_start", "words")

    def __init__(self, text: str) -> None:
        parts = _split_words(text)  # gap, word, gap, word, ..., the text after the last word
        parts.pop()
        bounds = list(accumulate(map(len, parts)))  # where each part ends
        self.start, self.end = bounds[0::2], bounds[1::2]
        self.gap, self.words = parts[0::2], parts[1::2]
        self.key = _folded(self.words)
        self.cap = list(map(str.isupper, map(itemgetter(0), self.words)))  # first letter upper case
        # may word i continue the name that word i-1 is in? (never asked of word 0)
        self.glued = list(map(_JOINING_GAPS.__contains__, self.gap))
        self.sent_start = [False] * len(self.gap)  # first word of a sentence or a line
        self._find_sentence_starts()

    def _find_sentence_starts(self) -> None:
        """Mark the words after a sentence or line end. A full stop after an abbreviation or
        an initial ends no sentence ('Mrs. Lincoln', 'Gov. Strickland', 'Terry A. Corbin', '618
        E. Main Street'); it glues two words only after one ('St. Louis', 'W. Va.'), not at a
        sentence end ('... to Virginia. Rep. Nick Rahall' is no person 'Virginia Rep')."""
        key, cap, gap, sent_start = self.key, self.cap, self.gap, self.sent_start
        ends = {g for g in set(gap) if _ends_sentence(g)}  # a text has a few kinds of gap
        for i in compress(count(), map(ends.__contains__, gap)):
            if i and gap[i] in (". ", "."):  # the joining gaps with a full stop
                before = key[i - 1]
                self.glued[i] = len(before) <= 3
                if before in _NO_STOP_AFTER or (len(before) == 1 and cap[i - 1]):
                    continue
            sent_start[i] = True
        if sent_start:
            sent_start[0] = True

    def upper(self, i: int) -> bool:
        """Is word i all upper case (an acronym, a dateline)?"""
        word = self.words[i]
        return len(word) > 1 and word.isupper()


def _longest_match(gaz: Gazetteer, toks: _Tokens, i: int, stop: int) -> int:
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


def _chunk_bounds(toks: _Tokens, i: int, j: int) -> tuple[int, int]:
    """Extend tokens [i, j) to the whole run of capitalised words around them."""
    cap, glued, sent_start = toks.cap, toks.glued, toks.sent_start
    while i > 0 and cap[i - 1] and glued[i] and not sent_start[i]:
        i -= 1
    while j < len(cap) and cap[j] and glued[j]:
        j += 1
    return i, j


def _expected_zipf(gaz: Gazetteer, n: int) -> float:
    """How often English text names a place this prominent (Zipf scale), roughly: London
    (9 M people) ~5.2, a town of 10,000 ~3.4. Words far above that are common words."""
    pop = gaz.populations[n]
    if pop <= 0:
        return 1.0 + 6.0 * gaz.priors[n]
    if gaz.kinds[n] in ("admin1", "admin2"):  # regions are named less often than towns their size
        return 0.6 * math.log10(pop)
    return 1.0 + 0.6 * math.log10(pop)


class _Finder:
    """One pass over one text: candidate spans, then the checks, then Mentions."""

    def __init__(self, gaz: Gazetteer, text: str) -> None:
        self.gaz = gaz
        self.text = text
        self.toks = _Tokens(text)
        # most words are lower case: the passes below visit only the capitalised ones
        self.caps = list(compress(count(), self.toks.cap))
        self.people: set[str] = set()
        self.streets = self._find_streets()  # spans() leaves their words to them

    def _caps_among(self, words: Container[str]) -> list[int]:
        """The capitalised tokens whose key is one of `words`: most passes want few of them."""
        caps, keys = self.caps, self.toks.key
        return list(compress(caps, map(words.__contains__, map(keys.__getitem__, caps))))

    def spans(self) -> list[tuple[int, int, str | None]]:
        """(first token, end token, key when it differs from the span's own words)."""
        gaz, toks, after = self.gaz, self.toks, 0
        keys = toks.key
        out: list[tuple[int, int, str | None]] = []
        street_at = {i: j for i, j, _ in self.streets}
        for i in self.caps:
            if i < after:
                continue  # inside the name found last
            n = _longest_match(gaz, toks, i, len(keys))
            if n < 2 and keys[i] in LONG_FORMS:
                found = self._long_form(i)  # 'St. Marc' is GeoNames' 'Saint-Marc'
                if found:
                    out.append(found)
                    after = found[1]
                    continue
            if i in street_at and n < street_at[i] - i:
                after = street_at[i]  # 'Memphis Street' is no mention of Memphis
                continue
            if n > 1:
                n = self._before_org(i, n)
            if n > 2 and keys[i] == "state" and keys[i + 1] == "of":
                # 'the State of Ohio' names Ohio (an alias; the corpora mark 'Ohio' alone)
                out.append((i + 2, i + n, None))
                after = i + n
                continue
            if n and (n > 1 or keys[i] not in CONNECTORS  # "Las Vegas", not "The"
                      or (keys[i] in gaz.dotted and self.text[toks.end[i]:toks.end[i] + 1] == ".")):
                out.append((i, i + n, None))
                after = i + n
                continue
            key = self._variant(i)
            if key:
                out.append((i, i + 1, key))
        return out

    def _long_form(self, i: int) -> tuple[int, int, str] | None:
        """(start, end, key) of a name whose first word is abbreviated where GeoNames writes
        it in full ('St. Marc' -> 'saint marc'), longest first; None if there is none."""
        toks, keys = self.toks, self.toks.key
        if i + 1 >= len(keys) or toks.gap[i + 1] not in (". ", " "):
            return None  # 'Cedar St.Henry' is a street and a name run together
        n = 1
        while i + n < len(keys) and n < self.gaz.max_tokens and toks.glued[i + n] and toks.cap[i + n]:
            n += 1
        for k in range(n, 1, -1):
            key = " ".join([LONG_FORMS[keys[i]], *keys[i + 1:i + k]])
            if key in self.gaz.index:
                j = i + k
                # a saint's name owned ('St. Michael's', 'St. Patrick's Day') or running on
                # ('St. Rose Dominican Hospital') names a school, a church or a feast
                if j < len(keys) and (toks.glued[j] and toks.cap[j]
                                      or (keys[j] == "s" and toks.gap[j] in ("'", "’"))):
                    return None
                return i, j, key
        return None

    def _before_org(self, i: int, n: int) -> int:
        """'Ohio State University', 'Dublin City Council': the place is 'Ohio', 'Dublin'. So
        is 'Alexandria' in 'Alexandria City Public Schools' when 'Alexandria City' is only an
        alias ('Kansas City Star' keeps its city, whose own name that is). n > 1 tokens."""
        toks = self.toks
        keys, j = toks.key, i + n
        if j >= len(keys) or not toks.cap[j] or not toks.glued[j] \
                or " ".join(keys[i:j - 1]) not in self.gaz.index:
            return n
        last = keys[j - 1]
        if keys[j] in ORG_WORDS and last in ("state", "city", "county"):
            return n - 1
        if last in ("city", "town", "village") and keys[j] not in COMPASS \
                and not self.gaz.lookup(" ".join(keys[i:j]))[0] & 1:
            return n - 1  # the best entry is reached by an alias
        return n

    def _variant(self, i: int) -> str | None:
        """A prominent name spelled differently (Kharkov, Dneiper) — only with a place cue."""
        toks, gaz = self.toks, self.gaz
        keys = toks.key
        key = keys[i]
        if len(key) < 5:
            return None
        # the cue first: most capitalised words have none
        kind_next = i + 1 < len(keys) and keys[i + 1] in KIND_WORDS and toks.gap[i + 1] == " "
        locative = i > 0 and keys[i - 1] in LOCATIVE and keys[i - 1] not in ("of", "to") \
            and not toks.sent_start[i]
        if not (kind_next or locative) or key in gaz.given_names or key in CALENDAR \
                or key in TITLES or toks.upper(i):
            return None
        found = gaz.skeleton_keys(key) or gaz.fuzzy_keys(key)
        if not kind_next:  # a preposition alone is a weak cue: only very prominent names
            found = tuple(k for k in found if gaz.priors[gaz.lookup(k)[0] // 2] >= 0.85)
        if len(found) > 1 and kind_next:  # prefer the variant whose entry fits the kind word
            hint = KIND_WORDS[keys[i + 1]]
            fits = [k for k in found if _fits(gaz, k, hint)]
            found = tuple(fits) or found
        return found[0] if found else None

    # -- checks: each returns True when the span is NOT a place mention -------------------

    def _is_person(self, i: int, j: int, key: str) -> bool:
        toks, gaz = self.toks, self.gaz
        keys = toks.key
        if j == i + 1 and keys[i] in TITLES and j < len(keys) and toks.cap[j] \
                and toks.gap[j] in (" ", ". "):
            return True  # 'Trooper Matt Blair', 'Sens. Byrd': titles, though towns are so called
        if gaz.priors[gaz.lookup(key)[0] // 2] >= 0.9:
            # countries, states and big cities: only a title right before makes them a name
            return i > 0 and keys[i - 1] in TITLES and toks.glued[i] and toks.cap[i - 1]
        c0, c1 = _chunk_bounds(toks, i, j)
        before = keys[c0:i]
        if before and any(k in TITLES for k in before[-2:]):
            return True
        if i > 0 and keys[i - 1] in TITLES and toks.glued[i] and not toks.sent_start[i] \
                and (toks.cap[i - 1] or keys[i - 1] not in _EVERYDAY_TITLES):
            return True
        if before and before[-1] in gaz.given_names and toks.gap[i] != "-" \
                and not self._is_place_start(c0, i):
            return True
        if j < c1 and key in gaz.given_names and toks.gap[j] != "-" \
                and keys[j] not in _NOT_SURNAMES and (
                    not gaz.lookup(keys[j]) or not (i > 0 and keys[i - 1] in LOCATIVE)):
            # "Paris Hilton", "Jordan Henderson"; "Chad Walker" too, though Walker is also a
            # town: only a preposition before ('in Chad Walker ...') keeps a place here
            return True
        return False

    def _is_place_start(self, c0: int, i: int) -> bool:
        """Do the capitalised words before token i form a place name themselves?"""
        key = " ".join(self.toks.key[c0:i])
        return key in self.gaz.index and key not in self.gaz.given_names

    def _is_org(self, i: int, j: int) -> bool:
        toks = self.toks
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
        if self.text[toks.end[j - 1]:toks.end[j - 1] + 1] == "$":
            return True  # 'US$460 million' is money
        if i >= 2 and _is_year(keys[i - 1]) and keys[i - 2] in _PRODUCT_BEFORE_YEAR:
            return True  # 'a 1992 Toyota Corolla', 'their red 1991 Honda': a car, not the town
        # "Council of Europe", "University of Texas": organisation word + of + place
        if i >= 2 and keys[i - 1] == "of" and cap[i - 2] and keys[i - 2] in ORG_WORDS:
            return True
        # "European Union": an adjective-like match glued to an organisation word
        if j < len(keys) and cap[j] and toks.glued[j] and keys[j] in ORG_WORDS \
                and " ".join(keys[i:j]) in self.gaz.demonyms:
            return True
        return False

    def _speaks(self, i: int, j: int, prominence: float) -> bool:
        """'Henry said': a name that speaks is a person; 'officials in Sumy said' is not."""
        keys = self.toks.key
        return (j < len(keys) and keys[j] in SPEECH_VERBS and self.toks.gap[j] == " "
                and prominence < 0.85 and not (i > 0 and keys[i - 1] in LOCATIVE))

    def confidence(self, i: int, j: int, key: str, kind_hint: str | None) -> float:
        """How likely the span is a place mention: prominence, minus commonness, plus cues."""
        gaz, toks = self.gaz, self.toks
        keys, end = toks.key, toks.end[j - 1]
        if key in gaz.dotted and self.text[end:end + 1] == ".":
            return 0.9  # 'La.', 'W.Va.': an abbreviation with its dot is a deliberate reference
        zipf = gaz.index.zipf(key)
        score, kind = self._prominence(key, zipf)
        if self._dateline(i, j):
            return max(0.0, min(1.0, score + 0.15))  # 'TORRINGTON — A fire ...': where the story was filed
        if toks.sent_start[i] and zipf > 4.0 and kind not in ("country", "continent"):
            score -= 0.15  # a capital letter at a sentence start is no evidence of a name
        if j - i == 1 and toks.upper(i) and kind not in ("country", "admin1"):
            score -= 0.3  # acronyms are rarely towns
        if i > 0 and keys[i - 1] in LOCATIVE and not toks.sent_start[i]:
            score += 0.15
        if kind_hint or keys[j - 1] in STREET_WORDS:
            score += 0.25  # 'Kyiv region'; a known street named in full ('Khreshchatyk Street')
        if j - i >= 3:
            score += 0.15  # a long name matched word for word is seldom an accident
        if self._next_to_place(i, j):
            score += 0.15
        return max(0.0, min(1.0, score))

    def _dateline(self, i: int, j: int) -> bool:
        """An all-capitals name opening a line or sentence and followed by a dash, perhaps
        after its state and agency: 'COLUMBUS, Ohio (AP) —', 'HUDSON -- Officials'."""
        toks = self.toks
        return toks.sent_start[i] and toks.upper(i) \
            and all(toks.upper(k) or len(toks.key[k]) == 1 for k in range(i, j)) \
            and _DATELINE_END.match(self.text, toks.end[j - 1]) is not None

    def _prominence(self, key: str, zipf: float) -> tuple[float, str]:
        """(prior less a penalty for common words, kind) of the best of the key's first three
        entries; `zipf` is the key's word frequency."""
        gaz = self.gaz
        words = key.rsplit(" ", 1)
        # 'Walker County': a name with its kind word is no common phrase; other phrases have
        # their frequency estimated from their words, so 'New London' would be as common as
        # 'London': phrases are rarer than that
        named_kind = len(words) == 2 and words[1] in KIND_WORDS
        phrase = len(words) == 2 and not named_kind
        best = None
        for e in gaz.lookup(key)[:3]:
            n = e // 2
            score, kind = gaz.priors[n], gaz.kinds[n]
            expected = _expected_zipf(gaz, n) - (0.0 if e & 1 else 1.0)  # aliases are named less often
            excess = 0.0 if named_kind else zipf - expected
            if phrase:
                excess -= MULTIWORD_ZIPF_DISCOUNT
            if excess > 0 and kind not in ("country", "continent"):
                score -= 0.3 * excess  # 'Police', 'Commerce': far more frequent than such a town is
            if best is None or (score, kind) > best:
                best = score, kind
        return best

    def _next_to_place(self, i: int, j: int) -> bool:
        """'X, Y' or 'Y, X' with the other side a known place."""
        toks = self.toks
        keys, cap, gap = toks.key, toks.cap, toks.gap
        if j < len(keys) and gap[j].strip() == "," and cap[j] and keys[j] in self.gaz.index:
            return True
        return i > 0 and gap[i].strip() == "," and cap[i - 1] and keys[i - 1] in self.gaz.index

    def _kind_hint(self, i: int, j: int) -> tuple[int, str | None]:
        """Extend a span by a following kind word ('Kyiv region') and return the hint."""
        toks = self.toks
        keys, cap, gap = toks.key, toks.cap, toks.gap
        last = keys[j - 1]
        if last in KIND_WORDS and j - i > 1:
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
        if i >= 2 and keys[i - 1] == "of" and keys[i - 2] in KINDS_BEFORE_OF and (
                i < 3 or kind_word_names_what_follows(self.text[toks.start[i - 3]:toks.end[i - 3]],
                                                      self.gaz)):
            return j, KIND_WORDS[keys[i - 2]]
        return j, None

    def _inner_spans(self, i: int, j: int) -> list[tuple[int, int, str]]:
        """Gazetteer names inside tokens (i, j) that do not start at i, in order."""
        keys, cap, out, k = self.toks.key, self.toks.cap, [], i + 1
        while k < j:
            n = _longest_match(self.gaz, self.toks, k, j) if cap[k] else 0
            if n and (n > 1 or keys[k] not in CONNECTORS):
                out.append((k, k + n, " ".join(keys[k:k + n])))
                k += n
            else:
                k += 1
        return out

    def _collect_people(self) -> None:
        """Surnames seen after a title or a given name ('President Vladimir Putin')."""
        toks, given = self.toks, self.gaz.given_names
        keys, cap, gap, glued, sent_start = toks.key, toks.cap, toks.gap, toks.glued, toks.sent_start
        last = len(keys) - 1
        for i in self.caps:
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
                and gap[lead] in (" ", ". ") and not self._lone_place(lead)
            # 'Logan-Rogersville': a hyphen joins places, never a given name to a surname
            if cap[lead] and (prev in TITLES or titled or (prev in given and gap[i] != "-"
                                                           and not self._lone_place(lead))):
                if i == last or not (cap[i + 1] and glued[i + 1]):  # last word of the name
                    if (key not in given or prev in given) and not self._lone_place(i):
                        self.people.add(key)

    def _lone_place(self, i: int) -> bool:
        """Is token i a place by itself, not a given name ('Kyiv Mayor', 'Paris Hilton')?"""
        slot = self.gaz.lookup(self.toks.key[i])
        return bool(slot) and self.gaz.priors[slot[0] // 2] >= 0.9

    def _find_streets(self) -> list[tuple[int, int, int]]:
        """Streets and roads: (first token, end token, end offset). A run of capitalised words
        (or ordinals: '40th') before a capitalised street word ('Gillis Street', 'Memphis
        St.', '40th Avenue South'), or a numbered road ('Highway 200', 'County Road 43',
        'I-94'). A capitalised word right after makes it part of another name ('Wall Street
        Journal', 'Highway Patrol', 'St. Louis') and no street."""
        toks, out, after = self.toks, [], 0
        keys, cap, gap, glued, sent_start = toks.key, toks.cap, toks.gap, toks.glued, toks.sent_start
        for k in self._caps_among(_ROAD_WORDS):
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
            if not numbered and STREET_WORDS[key] and self.text[stop:stop + 1] == ".":
                stop += 1
            elif j < len(keys) and keys[j] in COMPASS and cap[j] and gap[j] == " ":
                stop, j = toks.end[j], j + 1  # '40th Avenue South'
            out.append((i, j, stop))
            after = j
        return out

    def _street_mentions(self, found: list[Mention]) -> list[Mention]:
        """The streets found, as mentions resolve places in their town; a street the
        gazetteer knows by its full name is already among `found`."""
        taken = [(m.start, m.end) for m in found]
        out = []
        for i, j, stop in self.streets:
            start = self.toks.start[i]
            if any(s < stop and start < e for s, e in taken):
                continue  # the gazetteer knows this very name ('Khreshchatyk Street')
            key = " ".join(self.toks.key[i:j])
            out.append(Mention(start, stop, self.text[start:stop], key, STREET, False, 0.6))
        return out

    def mentions(self) -> list[Mention]:
        gaz, toks, text = self.gaz, self.toks, self.text
        self._collect_people()
        kept: list[tuple[int, int, str]] = []
        variants: dict[tuple[int, int], bool] = {}
        for i, j, variant in self.spans():
            key = variant or " ".join(toks.key[i:j])
            if variant:
                variants[(i, j)] = True
            if key in CALENDAR or len(key) < 2 or key in gaz.demonyms:
                continue
            if self._is_person(i, j, key):
                if key.rsplit(" ", 1)[-1] not in KIND_WORDS:  # one odd 'Henry County' is no person's name
                    self.people.add(key)
                continue
            if self._is_org(i, j):
                continue
            kept.append((i, j, key))
        out = []
        kept.reverse()
        while kept:  # a worklist: a rejected long name gives its words back (see below)
            i, j, key = kept.pop()
            best = gaz.lookup(key)[0] // 2
            if key in self.people and gaz.priors[best] < 0.9 and not (
                    i > 0 and toks.key[i - 1] in LOCATIVE and self._next_to_place(i, j)):
                # "Henry" after "Chiquita Raquel Henry"; but after 'Frederick Memorial
                # Hospital', 'in Frederick, Maryland' is the town
                continue
            if self._speaks(i, j, gaz.priors[best]):
                continue
            end, hint = self._kind_hint(i, j)
            if key in DIRECTIONS and not hint:
                continue
            conf = self.confidence(i, j, key, hint)
            if conf < MIN_CONFIDENCE:
                # 'Freedom Square in Kharkiv' refused as a whole: 'Kharkiv' may still be a place
                kept.extend(reversed(self._inner_spans(i, j)))
                continue
            start, stop = toks.start[i], toks.end[end - 1]
            if end == j and key in gaz.dotted and text[stop:stop + 1] == ".":
                stop += 1  # 'W.Va.', 'U.S.': the final dot is part of the abbreviation
            out.append(Mention(start, stop, text[start:stop], key, hint, (i, j) in variants,
                               round(conf, 3)))
        out.extend(self._borders())
        out.extend(self._street_mentions(out))
        out.extend(self._unknown(out))
        return sorted(out, key=lambda m: m.start)

    def _unknown(self, found: list[Mention]) -> list[Mention]:
        """Capitalised names after 'in', 'near', 'outside' ... that the gazetteer lacks: reported
        as unresolved (and looked up online when the user allows it), never guessed."""
        toks, out = self.toks, []
        keys, cap, gap, starts, ends = toks.key, toks.cap, toks.gap, toks.start, toks.end
        taken = _Spans((m.start, m.end) for m in found)
        after = 1
        for i in [k for k in self.caps if keys[k - 1] in _UNKNOWN_CUES]:  # after a cue word
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
                                          or w in self.people or w in self.gaz.demonyms for w in words)
                    and not taken.overlaps(starts[i], ends[j - 1])):
                start, stop = starts[i], ends[j - 1]
                out.append(Mention(start, stop, self.text[start:stop], key, UNKNOWN, False, 0.3))
            after = j
        return out

    def _borders(self) -> list[Mention]:
        """'the Polish border': a demonym followed by 'border' names a country's border."""
        toks, out = self.toks, []
        keys, demonyms = toks.key, self.gaz.demonyms
        for i in self._caps_among(demonyms):
            iso = demonyms[keys[i]] if i + 1 < len(keys) else None
            if iso and keys[i + 1] in ("border", "frontier") and toks.gap[i + 1] == " ":
                s, e = toks.start[i], toks.end[i + 1]
                out.append(Mention(s, e, self.text[s:e], f"border:{iso}", "border", False, 0.8))
        return out


def _is_year(key: str) -> bool:
    return len(key) == 4 and key.isdigit() and 1900 <= int(key) <= 2100


def _ordinal(key: str) -> bool:
    """'40th', '1st', '2nd', '3rd': numbered streets."""
    return key[:1].isdigit() and key.endswith(("th", "st", "nd", "rd"))


def _fits(gaz: Gazetteer, key: str, hint: str) -> bool:
    from .features import HINT_KINDS

    return any(gaz.kinds[e // 2] in HINT_KINDS.get(hint, ()) for e in gaz.lookup(key))


def find_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """Place mentions in `text`, in order, with offsets into `text`.

    >>> [m.text for m in find_mentions("Shelling hit Kharkiv and the Kyiv region.", gaz)]  # doctest: +SKIP
    ['Kharkiv', 'Kyiv region']
    """
    return _Finder(gaz, text).mentions()


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
