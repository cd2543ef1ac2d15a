"""The store's reads: events and place mentions as frozen records, with the user's corrections
applied (the rules are `geo.store.corrections`)."""
from __future__ import annotations

import json
from typing import Iterable

import sqlalchemy as sa

from geo.store import corrections as fixes
from geo.store import spatial
from geo.store.records import CorrectionAction, CorrectionTarget, StoredEvent, StoredPlace
from geo.store.schema import articles, corrections, events, places


def read_events(conn: sa.Connection, *, types: Iterable[str] | None = None, date_from: str | None = None,
                date_to: str | None = None, origins: Iterable[str] | None = ("extracted",),
                area: spatial.Box | spatial.Near | None = None, points: bool = False) -> list[StoredEvent]:
    """`Store.events`: newest first, filtered, corrections applied (deleted events left out)."""
    fixes_of = fixes.event_fixes(conn)
    region = (sa.select(places.c.admin1).where(places.c.article_id == events.c.article_id,
                                               places.c.entry_id == events.c.place_id)
              .limit(1).scalar_subquery().label("admin1"))  # the place's first-level region
    q = sa.select(events, articles.c.title, articles.c.url, region).select_from(
        events.outerjoin(articles, events.c.article_id == articles.c.id))
    if origins is not None:
        q = q.where(events.c.origin.in_(list(origins)))
    if types:
        q = q.where(events.c.type.in_(list(types)))
    if date_from:
        q = q.where(events.c.date >= date_from)
    if date_to:
        q = q.where(events.c.date <= date_to)
    if area is not None:  # an event its article's corrections may move is judged after them
        q = q.where(sa.or_(spatial.where(events, area, points=points), events.c.article_id.in_(list(fixes_of))))
    # undated last on both databases (PostgreSQL would put NULL first in a descending order)
    result = conn.execute(q.order_by(events.c.date.desc().nulls_last(), events.c.id))
    keys, rows = list(result.keys()), result.all()
    sources: dict[int, int] = dict(conn.execute(sa.select(events.c.incident_id, sa.func.count(
        sa.distinct(events.c.article_id))).where(events.c.incident_id.is_not(None))
        .group_by(events.c.incident_id)).all())
    out = []
    actors: dict[str | None, tuple[str, ...]] = {}  # a few distinct actor lists, read once each
    for values in rows:
        row = dict(zip(keys, values, strict=True))
        text = row["actors"]
        if text not in actors:
            actors[text] = tuple(json.loads(text or "[]"))
        row.update(actors=actors[text], evidence=fixes.evidence_spans(row["evidence"]),
                   sources=sources.get(row["incident_id"], 1),
                   key=fixes.event_key(start=row["start"], sentence=row["sentence"],
                                       trigger=row["trigger"], type=row["type"],
                                       subtype=row["subtype"]))  # of the machine's event
        event = StoredEvent(**row)
        if row["article_id"] in fixes_of:
            corrected = fixes.apply_to_event(event, fixes_of[row["article_id"]])
            if corrected is None:  # deleted by the user
                continue
            event = corrected
        if area is not None and (not points or event.corrected) and not area.holds(event.lat, event.lon):
            continue  # plain columns narrowed the rows to a box; or a correction moved it out
        out.append(event)
    return out


def read_places(conn: sa.Connection, article_id: int) -> list[StoredPlace]:
    """`Store.places`: an article's mentions in text order, the user's placements applied."""
    rows = conn.execute(sa.select(places).where(places.c.article_id == article_id)
                        .order_by(places.c.start)).all()
    placed = {f.start: f for f in fixes.in_force(
        conn, corrections.c.article_id == article_id,
        corrections.c.target == CorrectionTarget.PLACE,
        corrections.c.action == CorrectionAction.SET_PLACE)}
    stored = {row.start for row in rows}
    placed_by_user = [f for s, f in placed.items() if s not in stored and f.end]
    text = ""
    if placed_by_user:
        text = conn.execute(sa.select(articles.c.text).where(articles.c.id == article_id)).scalar() or ""
    out = []
    for row in rows:
        mention = StoredPlace(**{**row._asdict(), "alternatives": tuple(json.loads(row.alternatives or "[]"))})
        out.append(fixes.apply_to_place(mention, placed[row.start].value) if row.start in placed else mention)
    for fix in placed_by_user:
        assert fix.end is not None  # placed_by_user keeps only fixes with a span
        mention = StoredPlace(id=None, article_id=article_id, start=fix.start, end=fix.end,
                              text=text[fix.start:fix.end], name=None, lat=None, lon=None,
                              country=None, admin1=None)
        out.append(fixes.apply_to_place(mention, fix.value))
    return sorted(out, key=lambda p: p.start)
