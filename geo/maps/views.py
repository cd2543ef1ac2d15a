"""What the dashboard shows, computed without Streamlit: filters, counts, the shareable URL and
the map view over stored events.

    >>> f = Filters.from_params({"types": ["Battles"], "day": "2022-02-24"})
    >>> f.types, f.day_from, f.day_to
    (('Battles',), '2022-02-24', '2022-02-24')
    >>> Filters.from_params(f.to_params()) == f
    True
"""
from __future__ import annotations

import html
import math
from collections import Counter
from dataclasses import dataclass

from geo.maps.eventstats import actor_name
from geo.store.records import Correction, CorrectionAction, CorrectionTarget, StoredEvent
from geo.text.normalize import name_key

FIT_MIN_ZOOM = 1      # the whole world in a narrow map column
WORLD_VIEW = ((30.0, 20.0), 2)  # no events: the map's opening view
FIT_MAX_ZOOM = 7      # fitting one town must not zoom into a blank sheet (as mapview does)
TILE_PX = 256


@dataclass(frozen=True, slots=True)
class Filters:
    """Every filter of the stored-events view. An empty tuple means "all"; `types` None means
    every type. `day_from == day_to` is the one-day view."""

    types: tuple[str, ...] | None = None
    subtypes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()          # first-level regions (admin1 names)
    articles: tuple[int, ...] = ()         # source article ids
    actors: tuple[str, ...] = ()           # actor names as eventstats.actor_name gives them
    place: str = ""                        # part of the place name
    text: str = ""                         # part of the evidence sentence
    day_from: str | None = None            # ISO dates, inclusive
    day_to: str | None = None
    one_day: bool = False
    min_score: float = 0.0
    heat: bool = False

    def to_params(self) -> dict[str, str | list[str]]:
        """The filters as URL query parameters; lists repeat the key (subtypes hold commas).
        Defaults are left out, so a plain link opens the plain view."""
        out: dict[str, str | list[str]] = {}
        for key, name in _LIST_PARAMS.items():
            value = getattr(self, name)
            if value:
                out[key] = [str(v) for v in value]
        if self.types is not None:
            out["types"] = list(self.types)
        for key, name in _TEXT_PARAMS.items():
            if getattr(self, name):
                out[key] = getattr(self, name)
        if self.one_day and self.day_from:
            out["day"] = self.day_from
        elif self.day_from or self.day_to:
            out["from"], out["to"] = self.day_from or "", self.day_to or ""
        if self.min_score:
            out["min"] = f"{self.min_score:g}"
        if self.heat:
            out["heat"] = "1"
        return out

    @classmethod
    def from_params(cls, params: dict) -> "Filters":
        """Filters from URL query parameters (values a string or a list of strings); what does
        not parse is ignored, never an error: links are typed by hand."""
        def many(key: str) -> tuple[str, ...]:
            value = params.get(key)
            values = [value] if isinstance(value, str) else list(value or [])
            return tuple(v for v in values if v)

        def one(key: str) -> str:
            found = many(key)
            return found[-1] if found else ""

        kwargs: dict = {name: many(key) for key, name in _LIST_PARAMS.items()}
        kwargs["articles"] = tuple(int(a) for a in kwargs["articles"] if a.isdigit())
        if many("types"):  # repeated, or the older comma-joined ?types=A,B
            kwargs["types"] = tuple(t for v in many("types") for t in v.split(","))
        kwargs.update({name: one(key) for key, name in _TEXT_PARAMS.items()})
        if one("day"):
            kwargs.update(day_from=one("day"), day_to=one("day"), one_day=True)
        else:
            kwargs.update(day_from=one("from") or None, day_to=one("to") or None)
        try:
            kwargs["min_score"] = min(max(float(one("min") or 0), 0.0), 1.0)
        except ValueError:
            pass
        kwargs["heat"] = one("heat") in ("1", "true", "on")
        return cls(**kwargs)


_LIST_PARAMS = {"subtype": "subtypes", "country": "countries", "region": "regions",
                "source": "articles", "actor": "actors"}    # ?article=ID is the article view's, not a filter
_TEXT_PARAMS = {"place": "place", "q": "text"}


def apply(events: list[StoredEvent], f: Filters) -> list[StoredEvent]:
    """The events that pass every filter in `f`."""
    shown = filter_events(events, types=list(f.types) if f.types is not None else None,
                          day_from=f.day_from, day_to=f.day_to, min_score=f.min_score)
    place, text = f.place.strip().lower(), f.text.strip().lower()
    actors = set(f.actors)
    return [e for e in shown
            if (not actors or any(actor_name(a) in actors for a in e.actors))
            and (not f.subtypes or e.subtype in f.subtypes)
            and (not f.countries or e.country in f.countries)
            and (not f.regions or e.admin1 in f.regions)
            and (not f.articles or e.article_id in f.articles)
            and (not place or place in (e.place or "").lower())
            and (not text or text in (e.sentence or "").lower())]


def filter_events(events: list[StoredEvent], *, types: list[str] | None = None, day_from: str | None = None,
                  day_to: str | None = None, min_score: float = 0.0) -> list[StoredEvent]:
    """Events of the given types, dated within [day_from, day_to] (ISO dates), scoring at least
    `min_score`. Undated events pass only when no day is asked for."""
    out = []
    for e in events:
        if types is not None and e.type not in types:
            continue
        if day_from or day_to:
            if not e.date or day_from and e.date < day_from or day_to and e.date > day_to:
                continue
        if (e.score or 0.0) < min_score:
            continue
        out.append(e)
    return out


def type_counts(events: list[StoredEvent]) -> Counter:
    return Counter(e.type for e in events)


def counts(events: list[StoredEvent], key: str) -> Counter:
    """How many events have each value of `key` (empty values left out), for "name (n)" labels."""
    return Counter(getattr(e, key) for e in events if getattr(e, key))


def days(events: list[StoredEvent]) -> list[str]:
    """The distinct event days, in order."""
    return sorted({e.date for e in events if e.date})


def day_range(chosen: tuple[str, str] | None, all_days: list[str],
              seen: list[str] | None = None) -> tuple[str, str]:
    """The range of days to show, from the one `chosen` (None: every day), now that the stored
    events span `all_days` and a run before saw `seen`. Every day stays every day; days that
    are new since then (an upload) are taken in, so that new events never hide outside a
    range set earlier; ends that no event has any more move inward.

    >>> day_range(("2022-02-24", "2022-02-26"), ["2022-02-24", "2022-02-26", "2022-08-27"],
    ...           seen=["2022-02-24", "2022-02-26", "2022-03-01"])
    ('2022-02-24', '2022-08-27')
    """
    if not all_days:
        raise ValueError("no days: a day range needs at least one dated event")
    every = (all_days[0], all_days[-1])
    if not chosen or len(chosen) != 2 or (seen and tuple(chosen) == (seen[0], seen[-1])):
        return every
    start, end = sorted(chosen)
    inside = [d for d in all_days if start <= d <= end]
    start, end = (inside[0], inside[-1]) if inside else every
    new = sorted(set(all_days) - set(seen or all_days))
    if new:
        start, end = min(start, new[0]), max(end, new[-1])
    return start, end


def step_day(all_days: list[str], day: str, step: int) -> str:
    """The day `step` places from `day` in `all_days`, held at either end."""
    if not all_days:
        return day
    i = all_days.index(day) if day in all_days else 0
    return all_days[min(max(i + step, 0), len(all_days) - 1)]


def highlight(text: str, spans: list[tuple[int, int, str]] | list[tuple[int, int, str, str]]) -> str:
    """Article text as HTML with spans marked: [(start, end, css class[, title])], non-overlapping
    ones kept in order. Every piece of text is escaped: article text is hostile."""
    out, pos = [], 0
    start: int
    end: int
    cls: str
    title: list[str]
    for start, end, cls, *title in sorted(spans):  # type: ignore[assignment]  # 3- or 4-tuples
        if start < pos or end <= start:
            continue  # overlapping or empty span: keep the earlier one
        out.append(html.escape(text[pos:start]))
        tip = f' title="{html.escape(title[0])}"' if title and title[0] else ""
        out.append(f'<mark class="{html.escape(cls)}"{tip}>{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def where_on_map(name: str | None, lat: float | None, lon: float | None, *,
                 admin1: str | None = None, country: str | None = None) -> str:
    """A place's position in words, for the article view's marks.

    >>> where_on_map("Kyiv", 50.45, 30.52, admin1="Kyiv City", country="UA")
    'Kyiv, Kyiv City, UA — on the map at 50.450, 30.520'
    """
    where = ", ".join(str(x) for x in (name, admin1, country) if x)
    if lat is None or lon is None:
        return where or "not on the map"
    return f"{where} — on the map at {lat:.3f}, {lon:.3f}"


def per_day(events: list[StoredEvent]) -> dict[str, Counter]:
    """Events per day and type, for the timeline."""
    out: dict[str, Counter] = {}
    for e in events:
        if e.date:
            out.setdefault(e.date, Counter())[e.type] += 1
    return dict(sorted(out.items()))


def fit_view(points: list[tuple[float, float]], *, width_px: int = 700, height_px: int = 520,
             padding_px: int = 30) -> tuple[tuple[float, float], int]:
    """(centre, zoom) of a Web Mercator map of that size that shows every (lat, lon) point, as
    Leaflet's fitBounds would, between FIT_MIN_ZOOM and FIT_MAX_ZOOM. No points: WORLD_VIEW.

    >>> fit_view([(50.45, 30.52), (49.99, 36.23)])
    ((50.22..., 33.375), 7)
    """
    if not points:
        return WORLD_VIEW
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    y_top, y_bottom = _mercator_y(max(lats)), _mercator_y(min(lats))
    x_span = (max(lons) - min(lons)) / 360.0
    for z in range(FIT_MAX_ZOOM, FIT_MIN_ZOOM - 1, -1):
        world = TILE_PX * 2 ** z
        if x_span * world <= width_px - 2 * padding_px and (y_top - y_bottom) * world <= height_px - 2 * padding_px:
            zoom = z
            break
    else:
        zoom = FIT_MIN_ZOOM
    centre_lat = _mercator_lat((y_top + y_bottom) / 2)
    return (centre_lat, (max(lons) + min(lons)) / 2), zoom


VIEW_PARAMS = ("lat", "lon", "zoom")   # the map's centre and zoom in the URL (eventmap.ViewInUrl)
MAX_ZOOM = 18


def view_from_params(params: dict) -> tuple[tuple[float, float], int] | None:
    """The map view a URL asks for (?lat=..&lon=..&zoom=..; values a string or a list of
    strings, as st.query_params gives them), or None when one is missing or out of range.

    >>> view_from_params({"lat": "48.5", "lon": ["31.25"], "zoom": "6"})
    ((48.5, 31.25), 6)
    >>> view_from_params({"lat": "95", "lon": "0", "zoom": "3"}) is None
    True
    """
    try:
        lat, lon, zoom = (float(_first(params.get(k))) for k in VIEW_PARAMS)
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -540 <= lon <= 540 and 0 <= zoom <= MAX_ZOOM):
        return None
    return (lat, (lon + 180) % 360 - 180), round(zoom)


def _first(value: object) -> str:
    return str(value[0] if isinstance(value, list) and value else value)


def _mercator_y(lat: float) -> float:
    """Latitude as a Web Mercator y in [0, 1] (north up)."""
    lat = max(min(lat, 85.0511), -85.0511)
    s = math.sin(math.radians(lat))
    return 0.5 + math.log((1 + s) / (1 - s)) / (4 * math.pi)


def _mercator_lat(y: float) -> float:
    return math.degrees(math.atan(math.sinh((y - 0.5) * 2 * math.pi)))


def gazetteer_matches(gaz, name: str, *, limit: int = 10) -> list:
    """Gazetteer entries called `name` (any spelling it knows), most prominent first, as
    Candidates: the place search of a correction. A name it does not know is tried as a
    transliteration (Kharkiw) or with one typo (Sevastopl). Read-only."""
    key = name_key(name)
    if not key:
        return []
    keys = [key] if gaz.lookup(key) else [*gaz.skeleton_keys(key), *gaz.fuzzy_keys(key)]
    seen: dict[int, None] = {}
    for match in (m for k in dict.fromkeys(keys) for m in gaz.lookup(k)):
        seen.setdefault(match.entry)
    return [gaz.candidate(n) for n in list(seen)[:limit]]


def candidates_by_id(gaz, ids: list[str], index: dict[str, int] | None = None) -> list:
    """The gazetteer entries with these ids (a stored mention's runner-ups), in that order;
    ids the gazetteer no longer has are skipped. `index` (id -> entry number) saves the scan."""
    index = index if index is not None else {i: n for n, i in enumerate(gaz.ids)}
    return [gaz.candidate(index[i]) for i in ids if i in index]


def point_value(name: str, lat: float, lon: float, country: str | None = None,
                admin1: str | None = None) -> dict:
    """A point clicked on the map as a stored place correction (same keys as place_value).
    Latitude is kept to [-90, 90] and longitude wrapped to [-180, 180): Leaflet reports the
    longitude of a click on a copy of the world east or west of the first one."""
    name = " ".join(name.split())[:120] or f"{lat:.4f}, {lon:.4f}"
    lat = max(-90.0, min(90.0, float(lat)))
    lon = (float(lon) + 180.0) % 360.0 - 180.0
    return {"name": name, "place": name, "lat": round(lat, 5), "lon": round(lon, 5),
            "country": country, "admin1": admin1, "geo_precision": 1}


def place_value(c) -> dict:
    """A gazetteer Candidate as a stored place correction (read by Store for places and events)."""
    return {"name": c.name, "place": c.name, "lat": float(c.lat), "lon": float(c.lon),
            "country": c.country, "admin1": c.admin1, "geo_precision": 1}


def describe_correction(fix: Correction, title: str | None = None) -> str:
    """A stored correction (a `Store.corrections()` record) in plain words, for the audit list.

    >>> from geo.store import Correction, CorrectionAction, CorrectionTarget
    >>> describe_correction(Correction(id=1, article_id=3, target=CorrectionTarget.EVENT, start=0, end=40,
    ...     action=CorrectionAction.SET_TYPE, created_at="2026-12-06T10:00:00+00:00",
    ...     event_key="6-12:Riots/Violent demonstration",
    ...     value={"type": "Protests", "subtype": "Peaceful protest",
    ...            "was": {"type": "Riots", "subtype": "Mob violence", "trigger": "clashed"}}),
    ...     "Clashes in Kahramanmaraş")
    'Retyped the Riots / Mob violence event (“clashed”) as Protests / Peaceful protest, in “Clashes in Kahramanmaraş”'
    """
    value = fix.value or {}
    where = f"in “{title}”" if title else f"in article #{fix.article_id}"
    if fix.target == CorrectionTarget.PLACE:
        what = f"the place mention at {fix.start}–{fix.end}"
    elif value.get("was"):
        was = value["was"]
        what = (f"the {was.get('type')} / {was.get('subtype') or '—'} event"
                + (f" (“{was['trigger']}”)" if was.get("trigger") else ""))
    else:  # before schema 4: the correction named the sentence, so it holds for all its events
        what = f"every event of the sentence at {fix.start}"
    if fix.action == CorrectionAction.DELETE:
        return f"Deleted {what}, {where}"
    if fix.action == CorrectionAction.SET_TYPE:
        return f"Retyped {what} as {value.get('type')} / {value.get('subtype') or '—'}, {where}"
    name = value.get("name") or value.get("place") or "a point"
    at = f" ({value['lat']:.3f}, {value['lon']:.3f})" if value.get("lat") is not None else ""
    return f"Placed {what} at {name}{at}, {where}"
