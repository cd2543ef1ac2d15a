"""The event store: articles, their places and events, in one database.

The tables and migrations are `geo.store.schema`, the records its reads return
`geo.store.records`, the correction rules `geo.store.corrections`, incident merging
`geo.store.incidents`. `Store(...)` runs the missing migrations on start. One article is
stored whole or not at all: each `save` is one transaction.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from geo.records import Event, ParsedArticle
from geo.store import corrections as fixes
from geo.store import spatial
from geo.store.incidents import KnownIncidents, incident_for, lock_days
from geo.store.reads import read_events, read_places
from geo.store.records import Correction, CorrectionAction, CorrectionTarget, StoredArticle, StoredEvent, StoredPlace
from geo.store.schema import articles, corrections, engine_for, events, migrate, new_row_id, places, timestamp


def content_hash(text: str) -> str:
    """Identity of an article's content: whitespace-insensitive SHA-256 of its text."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Saved:
    """What `Store.save` did: 'new', 'duplicate' ('already stored') or 'revision'."""

    status: str
    article_id: int
    events: int = 0


# Statements built once and run with parameters: building a statement per row (`.values()`)
# cost 8 ms per article, more than parsing it.
_LAST_WITH_URL = sa.select(sa.func.max(articles.c.id)).where(articles.c.url == sa.bindparam("url"))
# An article's INSERT does nothing when its content is stored already (by another writer since
# this one looked): the content hash is unique, and the loser learns it from the missing id,
# not from an error that would roll its whole group back.
_NEW_ARTICLE = {db.dialect.name: db.insert(articles).on_conflict_do_nothing(index_elements=["content_hash"])
                .returning(articles.c.id) for db in (postgresql, sqlite)}  # one article (and a group's, below)
_PLAIN_INSERT = articles.insert().returning(articles.c.id)  # another database: the unique hash still refuses
_NEW_ARTICLES = {db.dialect.name: db.insert(articles).on_conflict_do_nothing(index_elements=["content_hash"])
                 .returning(articles.c.id, articles.c.content_hash) for db in (postgresql, sqlite)}
_PLAIN_INSERTS = articles.insert().returning(articles.c.id, articles.c.content_hash)
_ARTICLE_COLUMNS = [articles.c[f.name] for f in StoredArticle.__dataclass_fields__.values()]


class Store:
    """Articles with their places and events in one database.

    >>> store = Store(":memory:")                         # doctest: +SKIP
    >>> store.save(geo.parse(text), title="...").status   # doctest: +SKIP
    'new'
    """

    def __init__(self, db: str | Path) -> None:
        self.engine = engine_for(db)
        migrate(self.engine)
        with self.engine.connect() as conn:
            self.points = spatial.has_points(conn)  # PostGIS measures; else Python does

    # -- writing -------------------------------------------------------------------------

    def save(self, parsed: ParsedArticle, *, title: str | None = None, source: str | None = None,
             url: str | None = None, filename: str | None = None) -> Saved:
        """Store one parsed article with its places and events, in one transaction."""
        return self.save_many([(parsed, dict(title=title, source=source, url=url,
                                             filename=filename))])[0]

    def save_many(self, items: list[tuple[ParsedArticle, dict]]) -> list[Saved]:
        """Store several articles ((parsed, save() keywords) pairs) in one transaction: all or
        none. Batch ingestion uses it to spare a commit per article, and reports an article
        as stored only once its group is committed. The group's places and events go in with
        one statement each: statement overhead, not SQLite, was most of the cost."""
        seen: KnownIncidents = {}  # incidents read or written by this transaction
        digests = [content_hash(parsed.text) for parsed, _ in items]
        out: list[Saved] = []
        place_rows: list[dict] = []
        event_rows: list[dict] = []
        with self.engine.begin() as conn:
            stored = dict(conn.execute(sa.select(articles.c.content_hash, articles.c.id)
                                       .where(articles.c.content_hash.in_(set(digests)))).all())
            lock_days(conn, [e for (parsed, _), d in zip(items, digests, strict=True) if d not in stored
                             for e in parsed.events])
            fresh = {d: (parsed, about) for (parsed, about), d in zip(items, digests, strict=True) if d not in stored}
            inserted = _insert_articles(conn, [(parsed, d, about) for d, (parsed, about) in fresh.items()])
            for (parsed, _), digest in zip(items, digests, strict=True):
                saved = inserted.pop(digest, None)  # the first copy in the group; the others are duplicates
                if saved is None:  # stored before, earlier in this group, or by another writer since we looked
                    article_id = stored.get(digest) or conn.execute(
                        sa.select(articles.c.id).where(articles.c.content_hash == digest)).scalar_one()
                    stored[digest] = article_id
                    out.append(Saved("duplicate", article_id))
                    continue
                stored[digest] = saved.article_id
                place_rows += _place_rows(saved.article_id, parsed)
                event_rows += self._event_rows(conn, saved.article_id, parsed, seen)
                out.append(saved)
            _insert_rows(conn, place_rows, event_rows)
        return out

    def record_failure(self, text: str, error: str, *, filename: str | None = None,
                       source: str | None = None) -> None:
        """Keep an article that could not be parsed, with the reason (never its partial output)."""
        with self.engine.begin() as conn:
            digest = content_hash(text)
            if conn.execute(sa.select(articles.c.id).where(articles.c.content_hash == digest)).scalar():
                return
            conn.execute(articles.insert().values(content_hash=digest, text=text, filename=filename,
                                                  source=source, ingested_at=timestamp(), status="failed",
                                                  error=error))

    def import_events(self, origin: str, rows: Iterable[dict]) -> tuple[int, int]:
        """Store events of an outside dataset (origin 'acled' or 'ucdp'), apart from extracted
        ones; rows carry 'external_id'. Returns (new, already stored)."""
        old = 0
        with self.engine.begin() as conn:
            seen = {r[0] for r in conn.execute(sa.select(events.c.external_id)
                                                .where(events.c.origin == origin))}
            batch = []
            for row in rows:
                if row["external_id"] in seen:
                    old += 1
                    continue
                seen.add(row["external_id"])
                batch.append({**row, "origin": origin})
            if batch:
                conn.execute(events.insert(), batch)
        return len(batch), old

    def reprocess(self, parse: Callable[[str, str | None], ParsedArticle]) -> int:
        """Re-run `parse(text, published)` on every stored article and replace its machine
        output; corrections are kept (they are stored apart and applied on reading)."""
        with self.engine.connect() as conn:
            todo = conn.execute(sa.select(articles.c.id, articles.c.text, articles.c.published)).all()
        for article_id, text, published in todo:
            parsed = parse(text, published)
            with self.engine.begin() as conn:
                conn.execute(places.delete().where(places.c.article_id == article_id))
                conn.execute(events.delete().where(events.c.article_id == article_id,
                                                   events.c.origin == "extracted"))
                conn.execute(articles.update().where(articles.c.id == article_id)
                             .values(status="parsed", error=None))
                lock_days(conn, list(parsed.events))
                _insert_rows(conn, _place_rows(article_id, parsed),
                             self._event_rows(conn, article_id, parsed))
        return len(todo)

    # -- corrections ---------------------------------------------------------------------

    def correct(self, article_id: int, target: CorrectionTarget | str, start: int,
                action: CorrectionAction | str, value: Any = None, end: int | None = None) -> int:
        """Record a user correction; it is applied whenever events are read and survives
        reprocessing. target: event (start = evidence sentence start) or place."""
        try:
            target, action = CorrectionTarget(target), CorrectionAction(action)
        except ValueError:
            raise ValueError(f"unknown correction {target}/{action}: target is event or place, "
                             f"action is set_place, set_type or delete") from None
        return self._insert_correction(article_id=article_id, target=target, start=start, end=end,
                                       action=action, value=json.dumps(value, ensure_ascii=False))

    def correct_event(self, event: StoredEvent, action: CorrectionAction | str, value: dict | None = None) -> int:
        """Correct one event, a record of `events()`: set_type ({type, subtype}), set_place
        (a place value) or delete. Keyed on the event itself (`event.key`): its neighbours in
        the same sentence are left alone, and it survives reprocessing. The machine's type is
        kept in the value too, for the audit list."""
        try:
            action = CorrectionAction(action)
        except ValueError:
            raise ValueError(f"unknown event correction {action!r}: set_place, set_type or delete") from None
        if event.article_id is None or event.start is None:
            raise ValueError(f"event {event.id} is imported, not read from an article: it cannot be corrected")
        was = {"was": {"type": event.type, "subtype": event.subtype, "place": event.place,
                       "trigger": event.trigger}}
        return self._insert_correction(
            article_id=event.article_id, target=CorrectionTarget.EVENT, start=event.start,
            end=event.end, action=action, event_key=event.key,
            value=json.dumps({**(value or {}), **was}, ensure_ascii=False))

    def _event_rows(self, conn: sa.Connection, article_id: int, parsed: ParsedArticle,
                    seen: KnownIncidents | None = None) -> list[dict]:
        return [dict(article_id=article_id, origin="extracted", **_event_row(e),
                     incident_id=incident_for(conn, e, seen, points=self.points)) for e in parsed.events]

    def _insert_correction(self, **row: Any) -> int:
        with self.engine.begin() as conn:
            return new_row_id(conn.execute(corrections.insert().values(created_at=timestamp(), **row)))

    def undo(self, correction_id: int) -> bool:
        """Take a correction back (the machine's answer, or an earlier correction, shows
        again); False when there is no such correction in force."""
        with self.engine.begin() as conn:
            return conn.execute(corrections.update().where(
                corrections.c.id == correction_id, fixes.IN_FORCE).values(undone_at=timestamp())).rowcount > 0

    def corrections(self) -> list[Correction]:
        """The corrections in force, oldest first."""
        with self.engine.connect() as conn:
            return fixes.in_force(conn)

    # -- reading -------------------------------------------------------------------------

    def events(self, *, types: Iterable[str] | None = None, date_from: str | None = None,
               date_to: str | None = None, origins: Iterable[str] | None = ("extracted",),
               area: spatial.Box | spatial.Near | None = None) -> list[StoredEvent]:
        """Events with corrections applied, newest first, optionally filtered. Imported
        datasets (origin 'acled', 'ucdp') are a separate layer: ask for them by origin. `area`:
        only events inside a `Box(south, west, north, east)` or within `Near(lat, lon, km)`."""
        with self.engine.connect() as conn:
            return read_events(conn, types=types, date_from=date_from, date_to=date_to, origins=origins,
                               area=area, points=self.points)

    def version(self) -> tuple:
        """A value that changes whenever articles, events or corrections do (rows are added,
        never edited in place; reprocessing gives events new ids): a cheap key for caching
        `events()` and `articles()`."""
        with self.engine.connect() as conn:
            count, last = conn.execute(sa.select(sa.func.count(events.c.id), sa.func.max(events.c.id))).one()
            made = conn.execute(sa.select(sa.func.count(corrections.c.id),
                                          sa.func.count(corrections.c.undone_at))).one()
            newest_article = conn.execute(sa.select(sa.func.max(articles.c.id))).scalar()
        return count, last, tuple(made), newest_article

    def places(self, article_id: int) -> list[StoredPlace]:
        """An article's place mentions, with the user's place corrections applied. A mention
        the parser left unresolved (not stored) that the user placed is listed too, from the
        correction's span: the latest correction per mention wins, whatever the parser says."""
        with self.engine.connect() as conn:
            return read_places(conn, article_id)

    def stored_hashes(self, digests: list[str]) -> set[str]:
        """Which of these content hashes (`content_hash`) the store holds already."""
        with self.engine.connect() as conn:  # IN lists of a bounded length
            return {h for i in range(0, len(digests), 1000) for h in conn.execute(sa.select(
                articles.c.content_hash).where(articles.c.content_hash.in_(digests[i:i + 1000]))).scalars()}

    def article_text(self, article_id: int) -> str:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(articles.c.text).where(articles.c.id == article_id)).scalar() or ""

    def articles(self) -> list[StoredArticle]:
        with self.engine.connect() as conn:
            return [StoredArticle(*row) for row in
                    conn.execute(sa.select(*_ARTICLE_COLUMNS).order_by(articles.c.id))]


def _insert_articles(conn: sa.Connection, items: list[tuple[ParsedArticle, str, dict]]) -> dict[str, Saved]:
    """Insert new articles ((parsed, content hash, save() keywords), hashes distinct) with one
    statement; what each became, by hash (left out: stored by another writer meanwhile). An
    article at a URL already stored is a revision of the latest one there."""
    if not items:
        return {}
    urls = [about.get("url") for _, _, about in items if about.get("url")]
    if len(urls) != len(set(urls)):  # a revision of an article of this very group: one by one
        return {digest: saved for parsed, digest, about in items
                if (saved := _insert_article(conn, parsed, digest, **about)) is not None}
    previous = dict(conn.execute(sa.select(articles.c.url, sa.func.max(articles.c.id))
                                 .where(articles.c.url.in_(urls)).group_by(articles.c.url)).all()) if urls else {}
    rows = [_article_row(parsed, digest, revision_of=previous.get(about.get("url")), **about)
            for parsed, digest, about in items]
    ids = dict((digest, article_id) for article_id, digest in conn.execute(
        _NEW_ARTICLES.get(conn.dialect.name, _PLAIN_INSERTS), rows))
    return {digest: Saved("revision" if row["revision_of"] else "new", ids[digest], len(parsed.events))
            for (parsed, digest, _), row in zip(items, rows, strict=True) if digest in ids}


def _insert_article(conn: sa.Connection, parsed: ParsedArticle, digest: str, **about: Any) -> Saved | None:
    """One new article's row (None: its content is stored already)."""
    previous = conn.execute(_LAST_WITH_URL, {"url": about["url"]}).scalar() if about.get("url") else None
    article_id = conn.execute(_NEW_ARTICLE.get(conn.dialect.name, _PLAIN_INSERT),
                              _article_row(parsed, digest, revision_of=previous, **about)).scalar()
    if article_id is None:
        return None
    return Saved("revision" if previous else "new", article_id, len(parsed.events))


def _article_row(parsed: ParsedArticle, digest: str, *, revision_of: int | None, title: str | None = None,
                 source: str | None = None, url: str | None = None, filename: str | None = None) -> dict:
    return dict(content_hash=digest, title=title, source=source, url=url, filename=filename,
                published=parsed.published.isoformat() if parsed.published else None,
                text=parsed.text, ingested_at=timestamp(), status="parsed", revision_of=revision_of)


def _place_rows(article_id: int, parsed: ParsedArticle) -> list[dict]:
    return [dict(article_id=article_id, start=p.start, end=p.end, text=p.text, name=p.name,
                 lat=p.lat, lon=p.lon, country=p.country, admin1=p.admin1, kind=p.kind,
                 entry_id=p.id, geonameid=p.geonameid, score=p.score,
                 alternatives=json.dumps([a.id for a in p.alternatives])) for p in parsed.places]


def _insert_rows(conn: sa.Connection, place_rows: list[dict], event_rows: list[dict]) -> None:
    for table, rows in ((places, place_rows), (events, event_rows)):
        if rows and conn.dialect.name == "postgresql":
            _copy(conn, table, rows)
        elif rows:
            conn.execute(table.insert(), rows)


def _copy(conn: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    """PostgreSQL's COPY, in the transaction's own connection: a group's rows in one stream.
    An INSERT per row (what executemany sends) cost twice the Python and the round trips."""
    columns = list(rows[0])
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _event_row(e: Event) -> dict:
    return dict(type=e.type, subtype=e.subtype, date=e.date.isoformat() if e.date else None,
                date_precision=e.date_precision, place=e.place, place_id=e.place_id, lat=e.lat,
                lon=e.lon, country=e.country, geo_precision=e.geo_precision, fatalities=e.fatalities,
                actors=json.dumps(list(e.actors)), trigger=e.trigger, sentence=e.sentence,
                start=e.start, end=e.end, score=e.score, claimed=e.claimed,
                evidence=json.dumps([[v.start, v.end] for v in e.evidence]))
