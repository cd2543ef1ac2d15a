"""Building the gazetteer: sources merged into rows, rows compiled into the cached layout.

`build` reads every source (`geo.gazetteer.sources`), merges curated and user corrections into them
(`merge_rows`) and compiles the rows (`compile_rows`) into the dict of columns, name index
and fallbacks that `gazetteer.load` caches as one marshal file and reads back.
"""
from __future__ import annotations

import itertools
import logging
import marshal
import math
import re
import time
from array import array
from typing import Iterable

from geo.gazetteer import registers, sources
from geo.gazetteer.nameindex import FUZZY_MIN_LEN, NameIndex
from geo.settings import GAZETTEER_DIR, Settings
from geo.text.normalize import fold, name_key, skeleton
from geo.vocabulary import ADMIN_KINDS, SETTLEMENT_KINDS, TOWN_KINDS

log = logging.getLogger(__name__)

PROMINENT_PRIOR = 0.72      # skeleton/fuzzy fallbacks only consider entries at least this prominent
FALLBACK_MIN_LEN = 5        # ... and keys at least this long
CITY_ALIAS_MIN_POPULATION = 5000  # keep alternate names of towns this size and up
# an admin unit's alias that is also the name of a town this size of its country is left to the town
ALIAS_TOWN_MIN_POPULATION = 10000
# a town's GeoNames alias this much more frequent in English (Zipf) than its population
# suggests is dropped (see _name_buckets)
ALIAS_EXCESS_ZIPF = 1.0
# ... unless the alias is the name of the town's own admin-1 unit and the town a city of
# millions ('New York' for New York City): that name is common because both are famous
NAMESAKE_CITY_MIN_POPULATION = 1_000_000
BIG_ADMIN2 = 1_000_000  # people; see prior()
MAX_POSTINGS = 63           # entries kept per key (the count lives in 6 bits of the index slot)
FREQUENT_KEY_ZIPF = 2.0     # keys this frequent as English words keep their Zipf in the index
GIVEN_NAME_MAX_ZIPF = 5.8   # a given name is never as frequent as 'the' or 'an'


def prior(kind: str, population: int, importance: float) -> float:
    """Prominence of an entry in [0, 1], before any context: countries first, big cities next."""
    if kind == "country":
        return 1.0
    if kind == "continent":
        return 0.95
    if kind == "city":
        return min(0.96, 0.3 + 0.1 * math.log10(population + 1))
    if kind == "admin1":  # a state of millions outranks a same-named town (California, Idaho)
        return min(0.95, 0.55 + 0.05 * math.log10(population + 1))
    if kind == "admin2":
        return min(0.85, 0.4 + 0.03 * math.log10(population + 1))
    return importance


def _big_counties(priors: list[float], rows: list[sources.Row]) -> list[float]:
    """`priors` with a county of a million people or more ranked as a town of a tenth its
    people: Kent (England, 1.6M) outranks Kent, Washington (130,000). Not one named after a
    town of its country ('Milano' the province is Milan's): news means the town."""
    towns = {(r.country, key) for r in rows if r.kind == "city" for key, _ in _keys_of(r)}
    return [max(p, min(0.85, 0.3 + 0.1 * math.log10(r.population / 10 + 1)))
            if r.kind == "admin2" and r.population >= BIG_ADMIN2
            and not any((r.country, key) in towns for key, _ in _keys_of(r)) else p
            for p, r in zip(priors, rows, strict=True)]


# an apostrophe inside a word of a transliterated name (a soft sign, an ejective, an 'ayn:
# 'Dovhen'ke', 'Sek’ot’a', 'Bū’īn Zahrā'), which English news leaves out: 'Dovhenke', 'Sekota';
# not a possessive's ('Cox's Bazar' is written so)
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’‘ʼʻ`](?=\w)(?!s\b)")


def _keys_of(row: sources.Row) -> Iterable[tuple[str, bool]]:
    yield name_key(row.name), True
    if _INNER_APOSTROPHE.search(row.name):
        yield name_key(_INNER_APOSTROPHE.sub("", row.name)), True
    for spelling in row.spellings:
        yield name_key(spelling), True
    if row.kind == "city" and row.population < CITY_ALIAS_MIN_POPULATION:
        return  # villages' alternate names are mostly other languages' spellings: noise, and slow
    for alias in row.aliases:
        # skip codes such as 'IEV' or 'KBP' that GeoNames lists as alternate names of cities
        if row.kind == "city" and (len(alias) <= 3 or alias.isupper()):
            continue
        yield name_key(alias), False


def _with(row: sources.Row, **changes) -> sources.Row:
    return sources.Row(**{**{f: getattr(row, f) for f in row.__slots__}, **changes})


def merge_rows(base: Iterable[sources.Row], curated: Iterable[sources.Row] = (),
               user: Iterable[sources.Row] = ()) -> list[sources.Row]:
    """Combine sources: a curated or user row with an existing id corrects that entry and
    adds its aliases; user rows get a small importance nudge so that they win ties."""
    rows: dict[str, sources.Row] = {}

    def add(row: sources.Row) -> None:
        old = rows.get(row.id)
        if old is not None:
            merged = tuple(dict.fromkeys(old.aliases + (old.name,) + row.aliases))
            row = _with(row, aliases=merged, population=row.population or old.population,
                        geonameid=row.geonameid or old.geonameid,
                        spellings=tuple(dict.fromkeys(old.spellings + row.spellings)))
        rows[row.id] = row

    same_unit: dict[tuple[str, str], str] = {}  # (country, name key) -> id of an admin-1 unit
    source_name: dict[tuple[str, str], str] = {}  # (country, key of its GeoNames name) -> id
    for row in base:
        rows.setdefault(row.id, row)
        if row.kind == "admin1":
            source_name.setdefault((row.country, name_key(row.name)), row.id)
            for key, _ in _keys_of(row):
                same_unit.setdefault((row.country, key), row.id)
    for row in curated:
        if row.kind == "admin1" and row.id not in rows:
            # a curated oblast is the GeoNames unit of the same name: correct it, do not duplicate it
            match = next((same_unit[(row.country, k)] for k, _ in _keys_of(row)
                          if (row.country, k) in same_unit), None)
            if match:
                row = _with(row, id=match)
        add(row)
    for row in user:
        add(_with(row, importance=min(1.0, row.importance + 0.05), source=row.source or "user"))
    renamed = {at: rows[i].name for at, i in source_name.items() if i in rows}
    return _one_admin1_spelling(list(rows.values()), renamed)


def _one_admin1_spelling(rows: list[sources.Row],
                         renamed: dict[tuple[str, str], str] | None = None) -> list[sources.Row]:
    """Every row's first-level region under the name of that region's own entry: GeoNames
    towns say 'Donetska oblast', the region's entry is 'Donetsk Oblast' (with the other
    spelling among its aliases). One spelling keeps the region filter free of doubles and
    lets region coherence in `resolve` compare like with like.

    `renamed`: (country, key of a unit's GeoNames name) -> the unit's name now. Towns name
    their region by its GeoNames name, so that name is the unit's even where it is also
    another unit's alias: GeoNames' 'Kyiv' (the city, a region of its own, now 'Kyiv City')
    is not 'Kyiv Oblast', which lists 'Kyiv' among its aliases."""
    canonical: dict[tuple[str, str], str] = {}
    by_alias: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        if row.kind == "admin1":
            canonical.setdefault((row.country, name_key(row.name)), row.name)
            for key, _ in _keys_of(row):
                by_alias.setdefault((row.country, key), set()).add(row.name)
    for at, name in (renamed or {}).items():
        canonical.setdefault(at, name)
    for at, names in by_alias.items():
        if at not in canonical and len(names) == 1:  # an alias of several units: left as it is
            canonical[at] = names.pop()
    out = []
    for row in rows:
        found = canonical.get((row.country, name_key(row.admin1))) if row.admin1 else None
        out.append(_with(row, admin1=found) if found and found != row.admin1 else row)
    return out


def _base_rows() -> Iterable[sources.Row]:
    extra = sources.alias_table(GAZETTEER_DIR / "aliases.csv")
    readers = (lambda: sources.countries(GAZETTEER_DIR / "country_points.csv"), sources.continents,
               lambda: sources.subdivisions(GAZETTEER_DIR / "admin1_points.csv"), sources.cities,
               sources.airports)
    for reader in readers:
        for row in reader():
            more = extra.get((row.name, row.kind, row.country))
            yield _with(row, aliases=row.aliases + more) if more else row
    yield from sources.nuclear_plants(GAZETTEER_DIR / "sources" / "nuclear_power_plants.csv")


def _collect_rows(settings: Settings) -> list[sources.Row]:
    curated = sources.curated_csv(settings.curated_csv) if settings.curated_csv.exists() else ()
    user = sources.curated_csv(settings.user_csv) if settings.user_csv is not None else ()
    base = list(_base_rows())
    added = list(sources.added_places(settings.added_dir))  # a village the base has keeps the base's entry
    # Ukraine's register: the villages cities500 lacks (a village a user added is not lacking),
    # and the register's spellings of the towns it has ('Vysokopillia' for Vysokopillya)
    towns = [r for r in itertools.chain(base, added) if r.country == "UA" and r.kind in SETTLEMENT_KINDS]
    villages, spellings = registers.ukraine_register(towns)
    def spelled(rows: list[sources.Row]) -> Iterable[sources.Row]:
        return (_with(r, spellings=spellings[r.id]) if r.id in spellings else r for r in rows)

    return merge_rows(itertools.chain(spelled(base), villages, spelled(added)), curated, user)


def _given_names() -> frozenset:
    import gender_guesser.detector  # lazy: build-time data only, never at run time
    import wordfreq  # lazy: build-time data only (~40 MB of tables), never at run time

    # the list has function words too ('The', 'An'); a given name is never that frequent. The
    # test is on the folded form: 'Thé' folds to 'the'
    folded = (fold(n) for n in gender_guesser.detector.Detector().names)
    return frozenset(n for n in folded if len(n) > 1 and wordfreq.zipf_frequency(n, "en") < GIVEN_NAME_MAX_ZIPF)


def build(settings: Settings) -> dict:
    """Compile every source into the marshal-able layout that `load` reads."""
    t0 = time.perf_counter()
    rows = _collect_rows(settings)
    data = compile_rows(rows)
    log.info("built gazetteer: %d entries, %d keys in %.1fs", len(rows), len(data["index"]["slots"]) // 8,
             time.perf_counter() - t0)
    return data


def compile_rows(rows: list[sources.Row]) -> dict:
    """Rows -> the compiled layout (name index, priors, fallbacks, person and word lists)."""
    priors = _big_counties([prior(r.kind, r.population, r.importance) for r in rows], rows)
    index, postings = _postings(_name_buckets(rows), priors)
    skeletons, fuzzy_pool = _fallback_keys(index, postings, priors)
    # keys of abbreviations written with a final dot ('W.Va.', 'U.S.'): the dot is part of the name
    dotted = {name_key(a) for r in rows for a in r.aliases if a.endswith(".") and len(a) <= 8}
    return {
        "ids": [r.id for r in rows], "names": [r.name for r in rows],
        "kinds": [r.kind for r in rows], "countries": [r.country for r in rows],
        "admin1s": [r.admin1 for r in rows],
        "lats": array("d", (r.lat for r in rows)).tobytes(),
        "lons": array("d", (r.lon for r in rows)).tobytes(),
        "populations": array("q", (r.population for r in rows)).tobytes(),
        "priors": array("d", priors).tobytes(),
        "geonameids": array("q", (r.geonameid or 0 for r in rows)).tobytes(),
        "geometry": {n: r.geometry for n, r in enumerate(rows) if r.geometry},
        "index": NameIndex.build(index, _frequent_keys(index)), "postings": postings.tobytes(),
        "given_names": _given_names(),
        "skeletons_blob": marshal.dumps({k: "|".join(v) for k, v in skeletons.items()}),
        "fuzzy_pool": {letter: _by_length(keys) for letter, keys in fuzzy_pool.items()},
        "demonyms": {name_key(d): iso for d, iso in sources.demonyms().items()},
        "country_entry": {r.country: n for n, r in enumerate(rows) if r.kind == "country"},
        "capitals": _capitals(rows, sources.capitals()), "seats": _seats(rows), "dotted": frozenset(dotted),
        "max_tokens": min(8, max((len(k.split()) for k in index), default=1)),
        "sources": _count_sources(rows),
    }


def _name_buckets(rows: list[sources.Row]) -> dict[str, dict[int, bool]]:
    """Name key -> {entry number: is the key its primary name}, for every key worth keeping."""
    import wordfreq  # lazy: build-time data only (~40 MB of tables), never at run time

    # the population of the biggest town of a country with each primary name
    named_towns: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.kind == "city":
            k = (r.country, name_key(r.name))
            named_towns[k] = max(named_towns.get(k, 0), r.population)
    # an admin unit's alias that is also a sizeable town of its country ("Kyiv" for Kyiv
    # Oblast) would compete with the town under the same key: the town keeps it
    towns = {k for k, population in named_towns.items() if population >= ALIAS_TOWN_MIN_POPULATION}
    buckets: dict[str, dict[int, bool]] = {}
    word_zipf: dict[str, float] = {}
    not_places = {name_key(n) for n in sources.not_places(GAZETTEER_DIR / "not_places.csv")}
    for n, row in enumerate(rows):
        for key, primary in _keys_of(row):
            if len(key) < 2 or key.isdigit():
                continue
            if not primary and row.kind in ADMIN_KINDS and (row.country, key) in towns:
                continue
            if key in not_places and row.id.startswith("gn:"):  # curated and user rows may keep it
                continue
            if not primary and row.source == "geonames" and row.kind in TOWN_KINDS:
                if named_towns.get((row.country, key), 0) > row.population:
                    # a former or local name that is a bigger town's own name in the same
                    # country ('Maryville' for Beeville, Texas): it names that town
                    continue
                z = word_zipf.get(key)
                if _named_like_its_unit(row, key):
                    z = 0.0
                elif z is None:
                    z = word_zipf[key] = wordfreq.zipf_frequency(key, "en")
                if z > 0.6 * math.log10(row.population + 1) + ALIAS_EXCESS_ZIPF:
                    # GeoNames lists translations and stray words as alternate names ('White
                    # House' for Casablanca, 'The City' for Oakville, 'York' for Warner Robins):
                    # far more common in English than the town is famous, they only mislead
                    continue
            slot = buckets.setdefault(key, {})
            slot[n] = slot.get(n, False) or primary
    return buckets


def _named_like_its_unit(row: sources.Row, key: str) -> bool:
    """Is `key` the name of the admin-1 unit a city of millions lies in ('New York' for New
    York City)? News names the city so as often as the unit: the resolver decides which."""
    return row.population >= NAMESAKE_CITY_MIN_POPULATION and bool(row.admin1) \
        and key == name_key(row.admin1)


def _postings(buckets: dict[str, dict[int, bool]], priors: list[float]) -> tuple[dict[str, int], array]:
    """The name index (key -> (offset << 6) | count) and its postings, most prominent first,
    each stored as `entry * 2 + primary` (one int per posting; `Gazetteer.lookup` decodes)."""
    index: dict[str, int] = {}
    postings = array("i")
    for key, entries in buckets.items():
        order = sorted(entries, key=lambda n: (-priors[n], n))[:MAX_POSTINGS]
        index[key] = (len(postings) << 6) | len(order)
        postings.extend(n * 2 + int(entries[n]) for n in order)
    return index, postings


def _frequent_keys(index: dict[str, int]) -> dict[str, float]:
    """Zipf frequency in English of the keys that are also common words."""
    import wordfreq  # lazy: build-time data only (~40 MB of tables), never at run time

    zipf = {}
    for key in index:
        z = wordfreq.zipf_frequency(key, "en")
        if z >= FREQUENT_KEY_ZIPF:
            zipf[key] = z
    return zipf


def _fallback_keys(index: dict[str, int], postings: array, priors: list[float],
                   ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The prominent keys by skeleton (transliterations) and by first letter (typos)."""
    skeletons: dict[str, list[str]] = {}
    fuzzy_pool: dict[str, list[str]] = {}
    for key, slot in index.items():
        best_entry = postings[slot >> 6] >> 1
        if priors[best_entry] < PROMINENT_PRIOR or len(key) < FALLBACK_MIN_LEN:
            continue
        skeletons.setdefault(skeleton(key), []).append(key)
        if len(key) >= FUZZY_MIN_LEN:
            fuzzy_pool.setdefault(key[0], []).append(key)
    return skeletons, fuzzy_pool


def _by_length(keys: list[str]) -> dict[int, tuple[str, bytes]]:
    """One letter's fuzzy pool as `index._near_pool` searches it: length -> (the keys of that
    length '|'-joined with a '|' at both ends, so key j starts at 1 + j * (length + 1); each
    key's place in `keys`, as an array('I')). A one-typo search reads three lengths only, and
    the places keep the order of the full pool."""
    places: dict[int, list[int]] = {}
    for n, key in enumerate(keys):
        places.setdefault(len(key), []).append(n)
    return {length: ("|" + "|".join(keys[n] for n in ns) + "|", array("I", ns).tobytes())
            for length, ns in places.items()}


def _capitals(rows: list[sources.Row], names: dict[str, str]) -> dict[int, str]:
    """Entry number of each country's capital -> ISO2: the most populous town of the country
    that has the capital's name as its name or an alias."""
    wanted = {(iso, name_key(name)): iso for iso, name in names.items()}
    best: dict[str, tuple[int, int]] = {}  # ISO2 -> (population, entry)
    for n, r in enumerate(rows):
        if r.kind != "city":
            continue
        for key, _ in _keys_of(r):
            iso = wanted.get((r.country, key))
            if iso and r.population > best.get(iso, (-1, -1))[0]:
                best[iso] = (r.population, n)
    return {n: iso for iso, (_, n) in best.items()}


# a town named like its unit is the unit's seat unless the unit's largest town is this many
# times bigger (a village that shares the name of its province)
SEAT_SHARE = 10


def _seats(rows: list[sources.Row]) -> dict[str, int]:
    """'ISO2|admin-1 name' -> entry number of the unit's seat, where conflict data put an event
    the text places only in the unit: the town that gives the unit its name ('Kandahar' of
    Kandahar Province, 'Donetsk' of Donetsk Oblast) unless a village of that name is all there
    is, else the unit's most populous town. GeoNames' cities500 marks no administrative seats;
    these two stand in for them."""
    largest: dict[str, int] = {}
    named: dict[str, int] = {}
    for n, r in enumerate(rows):
        if r.kind != "city" or not r.admin1:
            continue
        key, unit = f"{r.country}|{r.admin1}", name_key(r.admin1)
        if key not in largest or r.population > rows[largest[key]].population:
            largest[key] = n
        if any(unit == k or unit.startswith(k + " ") for k, _ in _keys_of(r)) \
                and (key not in named or r.population > rows[named[key]].population):
            named[key] = n
    return {key: n if key not in named or rows[named[key]].population * SEAT_SHARE < rows[n].population
            else named[key] for key, n in largest.items()}


def _count_sources(rows: list[sources.Row]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows:
        label = f"{r.source or 'unknown'}|{r.kind}"
        counts[label] = counts.get(label, 0) + 1
    return counts
