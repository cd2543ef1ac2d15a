"""Named features that score one candidate for one mention; `resolve` combines them.

Each function is small and tested on its own; all return numbers in [-1, 1].
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

import numpy as np

from geo.geometry import EARTH_RADIUS_KM, unit_vector, unit_vectors
from geo.vocabulary import COUNTRY_OR_CONTINENT, HINT_KINDS

# the countries that write an amount with a currency sign ('$' is read as the large
# English-speaking dollar countries)
CURRENCY_COUNTRIES = {"$": ("US", "CA", "AU", "NZ"), "£": ("GB",), "₹": ("IN",)}
_AMOUNT = re.compile(r"([$£₹]) ?[0-9]")
# a capitalised word, whole: r"\b[A-Z][a-z]+\b", with the capital first so that the regex
# engine skips to the capitals instead of trying a word boundary at every offset
_CAPITALISED = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+\b")


def currency_countries(text: str) -> tuple[str, ...]:
    """The countries of the currency signs before the article's amounts (see CURRENCY_COUNTRIES)."""
    if "$" not in text and "£" not in text and "₹" not in text:
        return ()  # most articles: no sign to look for
    signs = {m.group(1) for m in _AMOUNT.finditer(text)}
    return tuple(c for sign in sorted(signs) for c in CURRENCY_COUNTRIES[sign])


# who fights, not where: 'Russian forces shelled Pokrovsk' says nothing of Pokrovsk's country
_ARMED_AFTER = re.compile(r"[\s-]+(?:-led\s+)?(?:(?:armed|military|security|special|air|naval|ground|"
                          r"backed)\s+)?(?:forces|troops|soldiers|army|military|navy|air force|"
                          r"warplanes|jets|aircraft|drones?|missiles?|artillery|tanks|strikes?|"
                          r"airstrikes?|shelling|bombardment|offensive|invasion|units?|servicem[ae]n)\b")


def demonym_words(demonyms: dict[str, str]) -> frozenset[str]:
    """The capitalised words `demonym_countries` can read as a people's: each demonym and
    its plural as _CAPITALISED finds them ('Polish', 'Czechs')."""
    return frozenset(w for key in demonyms for w in (key.capitalize(), key.capitalize() + "s"))


@lru_cache(maxsize=4)  # the gazetteer never changes: once per gazetteer
def demonym_words_of(gaz) -> frozenset[str]:
    """`demonym_words` of a gazetteer's demonyms."""
    return demonym_words(gaz.demonyms)


def demonym_countries(text: str, demonyms: dict[str, str],
                      words: frozenset[str] | None = None) -> tuple[str, ...]:
    """The countries whose adjective or people ('Egyptian', 'Poles' aside: 'Czechs') the
    article writes, each once, in a fixed order; an adjective of armed forces or their
    weapons ('Russian forces', 'Israeli airstrikes') is no such word: armies fight abroad.
    `words`: `demonym_words(demonyms)`, when the caller keeps it."""
    found = set()
    # an article has dozens of capitalised words, a few of them a people's: only those are looked up
    words = demonym_words(demonyms) if words is None else words
    for word in words.intersection(_CAPITALISED.findall(text)):
        key = word.lower()
        iso = demonyms.get(key) or (demonyms.get(key[:-1]) if key.endswith("s") else None)
        if iso and iso not in found and any(not _ARMED_AFTER.match(text, end) for end in _ends_of(text, word)):
            found.add(iso)
    return tuple(sorted(found))


def _ends_of(text: str, word: str):
    """Where each occurrence of `word` ends in `text` (a capitalised word: a few per article)."""
    at = text.find(word)
    while at >= 0:
        yield at + len(word)
        at = text.find(word, at + 1)


def kind_fit(hint: str | None, kind: str) -> float:
    """1 when the text's cue ('river', 'region') fits the kind, -1 when it contradicts it."""
    if not hint:
        return 0.0
    return 1.0 if kind in HINT_KINDS.get(hint, ()) else -1.0


class Targets:
    """The points whose proximity `resolve` asks of its context in every round (an
    article's candidates), laid out once for the array pass: given as (key, unit vectors)
    parts, one per name."""

    def __init__(self, parts: list[tuple[str, tuple[tuple[float, float, float], ...]]]):
        self.key_ids: dict[str, int] = {}  # a number per key, and the rows' numbers
        units: list[tuple[float, float, float]] = []
        row_keys: list[int] = []
        for key, part in parts:
            units += part
            row_keys += [self.key_ids.setdefault(key, len(self.key_ids))] * len(part)
        self.size = len(units)
        # x, y, z rows of (1, n): broadcast against the points' (m, 1) columns in one subtraction
        # (read from a flat iterator: numpy sizes up a list of tuples element by element)
        self.units = np.fromiter(chain.from_iterable(units), float, 3 * len(units)).reshape(-1, 3).T.reshape(3, 1, -1)
        self.row_keys = np.array(row_keys, dtype=float)  # compared with the points' as floats


@dataclass
class ArticleContext:
    """What the other mentions of an article say: countries, admin-1 units and points.

    Shares leave out the mention being scored (`exclude`), so that a name never votes
    for its own reading."""

    country_weight: dict[str, float] = field(default_factory=dict)
    admin1_weight: dict[tuple[str, str], float] = field(default_factory=dict)
    # key -> what its own mentions put on the totals above, kept as they are added so that
    # a share is a few lookups (summed in the same order a scan of the key's mentions would)
    own_total: dict[str, float] = field(default_factory=dict)
    own_country: dict[tuple[str, str], float] = field(default_factory=dict)
    own_admin1: dict[tuple[str, str, str], float] = field(default_factory=dict)
    # (lat, lon, key) -> the largest weight there: repeated mentions add nothing to proximity
    points: dict[tuple[float, float, str], float] = field(default_factory=dict)
    total: float = 0.0
    # country -> the keys that name it as a country ('Kuwait' the country is no evidence for
    # its namesake capital)
    named_countries: dict[str, set[str]] = field(default_factory=dict)
    focus: str = ""  # the caller's focus country, if any: its say is never discounted

    def add(self, country: str, admin1: str, lat: float, lon: float, weight: float, key: str,
            kind: str) -> None:
        if country:
            self.add_country_cue(country, weight, key)
        if country and admin1:  # no admin-1 unit, no admin-1 share (nor a negative one)
            unit = (country, admin1)
            self.admin1_weight[unit] = self.admin1_weight.get(unit, 0.0) + weight
            own = (key, country, admin1)
            self.own_admin1[own] = self.own_admin1.get(own, 0.0) + weight
        if kind == "country":
            self.named_countries.setdefault(country, set()).add(key)
        elif kind != "continent":
            at = (lat, lon, key)
            self.points[at] = max(weight, self.points.get(at, 0.0))

    def add_country_cue(self, country: str, weight: float, key: str) -> None:
        """Evidence for a country alone, no place: a mention's country, or a currency sign."""
        self.country_weight[country] = self.country_weight.get(country, 0.0) + weight
        self.total += weight
        self.own_total[key] = self.own_total.get(key, 0.0) + weight
        k = (key, country)
        self.own_country[k] = self.own_country.get(k, 0.0) + weight

    def names_country(self, country: str, exclude: str = "") -> bool:
        """Does a mention under another key than `exclude` name this country as such? Its
        adjective counts too (key ''), except for a key that itself names the country:
        'Mexican' and 'Mexico' the country say nothing of Mexico City."""
        keys = self.named_countries.get(country)
        if not keys:
            return False
        if exclude in keys:
            return bool(keys - {exclude, ""})
        return True

    def shares(self, country: str, admin1: str, exclude: str = "") -> tuple[float, float]:
        """(country share, admin-1 share) at once: `resolve` asks both of every candidate."""
        if country not in self.country_weight:
            return 0.0, 0.0  # most candidates: no place of the article lies in their country
        total = self.total - self.own_total.get(exclude, 0.0)
        if total > 1e-9:
            on_country = self.own_country.get((exclude, country), 0.0)
            on_admin1 = self.own_admin1.get((exclude, country, admin1), 0.0)
            return ((self.country_weight.get(country, 0.0) - on_country) / total,
                    (self.admin1_weight.get((country, admin1), 0.0) - on_admin1) / total)
        return 0.0, 0.0

    def support(self, country: str, exclude: str = "") -> float:
        """What the mentions under other keys than `exclude` (and the country cues) weigh in
        `country`: how many places, not what share of them, speak for it."""
        return self.country_weight.get(country, 0.0) - self.own_country.get((exclude, country), 0.0)

    def country_share(self, country: str, exclude: str = "") -> float:
        return self.shares(country, "", exclude)[0]

    def proximity(self, lat: float, lon: float, key: str) -> float:
        """Closeness to the other mentions' places: 1 at 0 km, 0.5 at ~140 km, -> 0 far away."""
        return self.proximities(Targets([(key, unit_vectors([(lat, lon)]))]))[0]

    def proximities(self, targets: Targets) -> list[float]:
        """`proximity` of many targets at once: one array pass over every candidate of a
        round of `resolve`, not a Python loop per candidate. The distance is the
        great-circle one, from the chord between unit vectors (no trigonometry per pair)."""
        if not targets.size or not self.points:
            return [0.0] * targets.size
        key_ids = targets.key_ids
        # one array for the m points (a numpy call costs more than its few dozen elements):
        # x, y, z, weight and key number, each as a column (m, 1); the arrays below are
        # points x targets, reduced over the points
        rows = ((*unit_vector(lat, lon), min(1.0, weight), key_ids.get(key, -1))
                for (lat, lon, key), weight in self.points.items())
        table = np.fromiter(chain.from_iterable(rows), float, 5 * len(self.points)).reshape(-1, 5).T[:, :, None]
        weights, point_keys = table[3], table[4]
        dx, dy, dz = np.square(targets.units - table[:3])  # each points x targets
        chord = np.sqrt(dx + dy + dz)
        d = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, chord / 2))
        closeness = weights * np.exp(d / -200.0)
        # a name is no evidence for itself, nor is the same entry under another name
        closeness[(chord == 0) | (point_keys == targets.row_keys)] = 0.0
        return np.maximum.reduce(closeness, axis=0, initial=0.0).tolist()

    def dominant_country(self, exclude: str = "") -> str:
        ranked = sorted(((w, c) for c, w in self.country_weight.items() if c != exclude), reverse=True)
        return ranked[0][1] if ranked else ""


def containment(country: str, admin1: str, container: tuple[str, str, str] | None,
                kind: str = "city") -> float:
    """'X, Y' / 'X in Y': 1 if the candidate lies in Y (a country or admin-1 unit), -1 if not.
    A country is contained in nothing ('Greece, Bulgaria' is a list), a unit not in itself."""
    if container is None or kind in COUNTRY_OR_CONTINENT:
        return 0.0
    c_kind, c_country, c_admin1 = container
    if kind == c_kind == "admin1" and (country, admin1) == (c_country, c_admin1):
        return -1.0  # a unit does not hold itself: 'Mahdia (Mahdia)' is the town in it
    if c_kind == "country":
        return 1.0 if country == c_country else -1.0
    if c_kind == "admin1":
        if country != c_country:
            return -1.0
        return 1.0 if admin1 == c_admin1 else -0.5
    if c_kind in ("admin2", "city"):
        return 0.5 if country == c_country and (not c_admin1 or admin1 == c_admin1) else -0.5
    return 0.0
