"""Placed events -> groups, one per distinct point, or per grid cell when there are too many
points: what the stored-events map draws once the events are too many for one marker each.

Events sit on place points (a town, a region's centre), so thousands of events usually share a
few hundred points (a store of 8,857 placed events had 459). Grouping by point loses nothing a
reader sees; only when the distinct points are more than `max_groups` are they merged into the
finest grid cell (a step of CELL_STEPS, in degrees) that brings them under it. A group sits at
the mean of its events' points, so a cell holding one town still sits on that town.

    >>> from geo.store import StoredEvent
    >>> g = group_events([StoredEvent(id=1, article_id=None, origin="extracted", type="Battles",
    ...                               date="2022-03-01", lat=50.45, lon=30.52),
    ...                   StoredEvent(id=2, article_id=None, origin="extracted", type="Protests",
    ...                               date="2022-03-02", lat=50.45, lon=30.52)])
    >>> g.cell_deg, [(x.lat, x.lon, x.count, x.type_counts) for x in g.groups]
    (None, [(50.45, 30.52, 2, (('Battles', 1), ('Protests', 1)))])
    >>> [e.type for e in g.groups[0].sample]   # latest first
    ['Protests', 'Battles']
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from geo.store.records import StoredEvent

POINT_DECIMALS = 4      # points closer than ~11 m are the same point
# grid steps tried in order when the distinct points are too many (degrees; 0.1° is ~11 km)
CELL_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
MAX_GROUPS = 1500       # markers the browser clusters in one go: see docs/performance.md, "In the browser"
SAMPLE_SIZE = 10        # events a group carries to list in its popup; the rest are counted


@dataclass(frozen=True, slots=True)
class EventGroup:
    """Events drawn as one marker: where, how many, how many of each type (most first, then by
    name), and the first `SAMPLE_SIZE` events, latest first."""

    lat: float
    lon: float
    count: int
    type_counts: tuple[tuple[str, int], ...]
    sample: tuple[StoredEvent, ...]


@dataclass(frozen=True, slots=True)
class Grouping:
    """The groups, largest first; `cell_deg` is the grid step they were merged on, or None when
    each group is one distinct point."""

    groups: tuple[EventGroup, ...]
    cell_deg: float | None

    @property
    def events(self) -> int:
        return sum(g.count for g in self.groups)


def group_events(events: list[StoredEvent], *, max_groups: int = MAX_GROUPS,
                 sample_size: int = SAMPLE_SIZE) -> Grouping:
    """Group the placed events of `events` (those without lat/lon are left out) by point, or
    by the finest grid cell of CELL_STEPS that yields at most `max_groups` groups."""
    points: dict[tuple[float, float], list[StoredEvent]] = {}
    for e in events:
        if e.lat is not None and e.lon is not None:
            key = (round(e.lat, POINT_DECIMALS), round(e.lon, POINT_DECIMALS))
            points.setdefault(key, []).append(e)
    cell = None if len(points) <= max_groups else _cell_for(list(points), max_groups)
    if cell is None:
        buckets = list(points.values())
    else:
        by_cell: dict[tuple[int, int], list[StoredEvent]] = {}
        for (lat, lon), members in points.items():
            by_cell.setdefault(_cell_of(lat, lon, cell), []).extend(members)
        buckets = list(by_cell.values())
    groups = [_group(members, sample_size) for members in buckets]
    groups.sort(key=lambda g: (-g.count, g.lat, g.lon))
    return Grouping(tuple(groups), cell)


def _cell_of(lat: float, lon: float, cell: float) -> tuple[int, int]:
    return (int((lat + 90.0) // cell), int((lon + 180.0) // cell))


def _cell_for(points: list[tuple[float, float]], max_groups: int) -> float:
    """The finest grid step that puts the points in at most `max_groups` cells (the coarsest
    step when none does: 30° cells number 72 on the globe). A step is given up as soon as its
    cells pass the limit, so only the step chosen reads every point."""
    for cell in CELL_STEPS:
        cells: set[tuple[int, int]] = set()
        for lat, lon in points:
            cells.add(_cell_of(lat, lon, cell))
            if len(cells) > max_groups:
                break
        else:
            return cell
    return CELL_STEPS[-1]


def _latest_first(e: StoredEvent) -> tuple:
    return (e.date or "", e.score or 0.0)


def _group(members: list[StoredEvent], sample_size: int) -> EventGroup:
    n = len(members)
    lat = sum(e.lat or 0.0 for e in members) / n  # members are placed: lat and lon are set
    lon = sum(e.lon or 0.0 for e in members) / n
    types = sorted(Counter(e.type for e in members).items(), key=lambda kv: (-kv[1], kv[0]))
    sample = sorted(members, key=_latest_first, reverse=True)[:sample_size] if sample_size else []
    return EventGroup(round(lat, 5), round(lon, 5), n, tuple(types), tuple(sample))
