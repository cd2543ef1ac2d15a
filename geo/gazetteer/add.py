"""Places a user adds to the gazetteer (`add`): a GeoNames country dump or a plain CSV.

GeoNames' per-country export (`UA.txt` inside `UA.zip` at download.geonames.org/export/dump/,
CC BY 4.0) knows every village, where the shipped gazetteer has populated places of 500 people
or more. `add(FILE, settings)` reads such a dump, or a CSV with the columns `name, lat, lon,
country, admin1, kind, aliases` (and optional `population`, `id`), checks every row, and
writes what it keeps to the additions folder (`Settings.added_dir`, `gazetteer/added/` by
default, outside the cache and never touched by a rebuild) as one normalised CSV per file
added. The build reads that folder (`sources.added_places`): an addition whose id the
gazetteer already has leaves the built-in entry as it is; the others become entries ranked by
population like GeoNames' towns. Adding a file of the same name again replaces it.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from geo.errors import GazetteerError
from geo.gazetteer.sources import ADDED_COLUMNS, admin1_names
from geo.settings import Settings
from geo.text.normalize import is_latin_name
from geo.vocabulary import KINDS

GEONAMES_COLUMNS = 19  # geonameid, name, asciiname, alternatenames, latitude, longitude, ...
# GeoNames feature (class, code) -> our kind; a class alone stands for all its codes
FEATURE_KINDS = {("P", "PPLX"): "city_district", ("P", ""): "city", ("A", "ADM1"): "admin1",
                 ("A", "ADM2"): "admin2", ("H", "STM"): "river", ("H", "LK"): "lake",
                 ("T", "ISL"): "island", ("T", "MT"): "mountain", ("S", "AIRP"): "airport"}
CSV_REQUIRED = ("name", "lat", "lon", "country")
MAX_ALIASES = 30  # a dump lists up to hundreds of spellings; the Latin-script ones suffice


@dataclass(frozen=True, slots=True)
class Added:
    """What `add` did: the file written, rows kept, rows skipped (features of other kinds)."""

    path: Path
    kept: int
    skipped: int


def add(source: str | Path, settings: Settings) -> Added:
    """Check `source` (a GeoNames dump or a CSV) and write its places to the additions folder.
    Nothing is written when a row is bad: the error names the line and what to fix."""
    source = Path(source)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read {source}: {exc} — give a GeoNames dump (UA.txt) "
                             f"or a UTF-8 CSV") from exc
    first = text.split("\n", 1)[0]
    rows = list(_dump_rows(text, source) if "\t" in first else _csv_rows(text, source))
    kept = [r for r in rows if r is not None]
    if not kept:
        raise GazetteerError(f"{source}: no place to add (a dump's populated places, units, "
                             f"rivers, lakes, islands, mountains or airports; or CSV rows)")
    settings.added_dir.mkdir(parents=True, exist_ok=True)
    target = settings.added_dir / f"{source.stem}.csv"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ADDED_COLUMNS)
    writer.writerows(kept)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    tmp.replace(target)  # whole or not at all: a build never reads half a file
    return Added(target, len(kept), len(rows) - len(kept))


def added_files(settings: Settings) -> list[tuple[str, int]]:
    """(file name, places) of every addition, for `gazetteer info`."""
    if not settings.added_dir.is_dir():
        return []
    return [(p.name, max(0, len(p.read_text(encoding="utf-8").splitlines()) - 1))
            for p in sorted(settings.added_dir.glob("*.csv"))]


def _dump_rows(text: str, source: Path) -> Iterator[tuple | None]:
    """A GeoNames dump's rows in the added layout; None for a feature of no kind we keep."""
    units = admin1_names()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        f = line.split("\t")
        if len(f) != GEONAMES_COLUMNS:
            raise GazetteerError(f"{source}:{n}: {len(f)} tab-separated fields, a GeoNames dump "
                                 f"line has {GEONAMES_COLUMNS}")
        kind = FEATURE_KINDS.get((f[6], f[7])) or FEATURE_KINDS.get((f[6], ""))
        if kind is None:
            yield None
            continue
        lat, lon = _point(f[4], f[5], f"{source}:{n}")
        aliases = [a for a in f[3].split(",") if a and a != f[1] and is_latin_name(a)][:MAX_ALIASES]
        if f[2] and f[2] != f[1]:
            aliases.insert(0, f[2])  # the ASCII spelling ('Pisky' for 'Piski')
        yield (f"gn:{_number(f[0], source, n)}", f[1], "|".join(dict.fromkeys(aliases)), kind,
               f[8].upper(), units.get(f"{f[8].upper()}.{f[10]}", ""), lat, lon,
               int(f[14] or 0) if f[14].isdigit() else 0, f"added:{source.name}")


def _csv_rows(text: str, source: Path) -> Iterator[tuple]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [c.strip().lower() for c in reader.fieldnames or ()]
    missing = [c for c in CSV_REQUIRED if c not in fields]
    if missing:
        raise GazetteerError(f"{source}: missing columns {', '.join(missing)}; a CSV to add has "
                             f"name, lat, lon, country[, admin1, kind, aliases, population, id], "
                             f"or give a GeoNames dump (tab-separated, {GEONAMES_COLUMNS} fields)")
    for n, raw in enumerate(reader, 2):
        r = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        where = f"{source}:{n}"
        kind = r.get("kind") or "city"
        if kind not in KINDS:
            raise GazetteerError(f"{where}: unknown kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
        country = r["country"].upper()
        if len(country) != 2 or not country.isalpha():
            raise GazetteerError(f"{where}: country {r['country']!r} is not a two-letter ISO code")
        if not r["name"]:
            raise GazetteerError(f"{where}: the name is empty")
        lat, lon = _point(r["lat"], r["lon"], where)
        population = r.get("population") or "0"
        if not population.isdigit():
            raise GazetteerError(f"{where}: population {population!r} is not a whole number")
        yield (r.get("id") or f"add:{source.stem}:{n}", r["name"], r.get("aliases", ""), kind, country,
               r.get("admin1", ""), lat, lon, int(population), f"added:{source.name}")


def _point(lat: str, lon: str, where: str) -> tuple[float, float]:
    try:
        y, x = float(lat), float(lon)
    except ValueError:
        raise GazetteerError(f"{where}: lat and lon must be numbers, not {lat!r}, {lon!r}") from None
    if not (-90 <= y <= 90 and -180 <= x <= 180):
        raise GazetteerError(f"{where}: coordinates out of range ({y}, {x})")
    return y, x


def _number(value: str, source: Path, n: int) -> int:
    if not value.isdigit():
        raise GazetteerError(f"{source}:{n}: geonameid {value!r} is not a number")
    return int(value)
