"""The event store: articles, their places and events, corrections and incidents.

SQLite by default (one file, WAL mode, a busy timeout so that the dashboard and the command
line can write at the same time), through SQLAlchemy Core so that a PostgreSQL URL works too.
The schema is versioned; `Store(...)` runs the missing migrations on start. One article is
stored whole or not at all: each `save` is one transaction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import sqlalchemy as sa

from .errors import ConfigurationError
from .records import Event, ParsedArticle

log = logging.getLogger(__name__)
SCHEMA_VERSION = 4
INCIDENT_KM = 25.0  # reports of one type on one day within this distance are one incident

meta = sa.MetaData()
schema_version = sa.Table("schema_version", meta, sa.Column("version", sa.Integer, nullable=False))
articles = sa.Table(
    "articles", meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text), sa.Column("source", sa.Text), sa.Column("url", sa.Text),
    sa.Column("filename", sa.Text), sa.Column("published", sa.String(10)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # parsed | failed
    sa.Column("error", sa.Text),
    sa.Column("revision_of", sa.Integer, sa.ForeignKey("articles.id")),
)
places = sa.Table(
    "places", meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("start", sa.Integer, nullable=False), sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False), sa.Column("name", sa.Text),
    sa.Column("lat", sa.Float), sa.Column("lon", sa.Float), sa.Column("country", sa.String(2)),
    sa.Column("admin1", sa.Text), sa.Column("kind", sa.String(24)), sa.Column("entry_id", sa.Text),
    sa.Column("geonameid", sa.Integer), sa.Column("score", sa.Float),
    sa.Column("alternatives", sa.Text),  # JSON: the runner-up candidates
)
incidents = sa.Table(
    "incidents", meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("type", sa.Text, nullable=False), sa.Column("date", sa.String(10)),
    sa.Column("lat", sa.Float), sa.Column("lon", sa.Float),
)
events = sa.Table(
    "events", meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True),
    sa.Column("origin", sa.String(16), nullable=False),  # extracted | acled | ucdp
    sa.Column("type", sa.Text, nullable=False), sa.Column("subtype", sa.Text),
    sa.Column("date", sa.String(10), index=True), sa.Column("date_precision", sa.String(8)),
    sa.Column("place", sa.Text), sa.Column("place_id", sa.Text),
    sa.Column("lat", sa.Float), sa.Column("lon", sa.Float), sa.Column("country", sa.String(2)),
    sa.Column("geo_precision", sa.Integer), sa.Column("fatalities", sa.Integer),
    sa.Column("actors", sa.Text), sa.Column("trigger", sa.Text), sa.Column("sentence", sa.Text),
    sa.Column("start", sa.Integer), sa.Column("end", sa.Integer), sa.Column("score", sa.Float),
    sa.Column("claimed", sa.Boolean), sa.Column("evidence", sa.Text),
    sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), index=True),
    sa.Column("external_id", sa.Text),  # the source dataset's own id (ACLED, UCDP) — schema 2
    sa.UniqueConstraint("origin", "external_id", name="uq_events_origin_external_id"),
)
corrections = sa.Table(
    "corrections", meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    # what is corrected, by what survives reprocessing: an event by its key (event_key: its
    # trigger's span and its machine type), a place mention by its span. Before schema 4 an
    # event was named by its evidence sentence's start, which every event of that sentence
    # shares; such rows (event_key NULL) still apply as they did, to the whole sentence.
    sa.Column("target", sa.String(8), nullable=False),  # event | place
    sa.Column("start", sa.Integer, nullable=False), sa.Column("end", sa.Integer),
    sa.Column("action", sa.String(16), nullable=False),  # set_place | set_type | delete
    sa.Column("value", sa.Text),  # JSON
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("event_key", sa.Text),  # schema 4
    sa.Column("undone_at", sa.String(32)),  # schema 4: taken back (kept, so ids are never reused)
)
geocode_cache = sa.Table(  # schema 3: online geocoder answers, found or not, asked once each
    "geocode_cache", meta,
    sa.Column("query", sa.Text, primary_key=True),
    sa.Column("name", sa.Text), sa.Column("lat", sa.Float), sa.Column("lon", sa.Float),
    sa.Column("country", sa.String(2)), sa.Column("ref", sa.Text),
    sa.Column("fetched_at", sa.String(32), nullable=False),
)
# version -> SQL that brings a database from version - 1 to it (new databases are created
# whole; new tables come from create_all, so schema 3 needs no statement)
MIGRATIONS: dict[int, list[str]] = {
    2: ["ALTER TABLE events ADD COLUMN external_id TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS uq_events_origin_external_id ON events (origin, external_id)"],
    4: ["ALTER TABLE corrections ADD COLUMN event_key TEXT",
        "ALTER TABLE corrections ADD COLUMN undone_at VARCHAR(32)"],
}


def content_hash(text: str) -> str:
    """Identity of an article's content: whitespace-insensitive SHA-256 of its text."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def event_key(row: dict) -> str:
    """What names a stored event across reprocessing: its trigger's span in the article and
    the type the machine gave it ('212-218:Disasters/Natural disaster or epidemic'). Events of
    one sentence differ in it; a re-run of the same parser gives the same key.

    >>> event_key({"start": 10, "sentence": "Floods hit; 3 were killed.", "trigger": "killed",
    ...            "type": "Violence against civilians", "subtype": "Attack"})
    '29-35:Violence against civilians/Attack'
    """
    sentence, trigger = row.get("sentence") or "", row.get("trigger") or ""
    start = row.get("start") or 0  # imported events (ACLED, UCDP) have no text offsets
    at = start + max(sentence.find(trigger), 0) if trigger else start
    return f"{at}-{at + len(trigger)}:{row['type']}/{row.get('subtype') or ''}"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def engine_for(db: str | Path) -> sa.Engine:
    """An engine for a SQLite path or any SQLAlchemy URL, set up for concurrent writers."""
    url = str(db)
    if "://" not in url:
        Path(url).expanduser().parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{Path(url).expanduser()}"
    try:
        engine = sa.create_engine(url, future=True)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise ConfigurationError(f"cannot use database {db!r}: {exc} — give a file path or a "
                                 f"URL such as postgresql://user@host/newsmap") from exc
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # one writer at a time, the others wait
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout=30000")  # first: switching to WAL may wait too
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    return engine


@dataclass(frozen=True, slots=True)
class Saved:
    """What `Store.save` did: 'new', 'duplicate' ('already stored') or 'revision'."""

    status: str
    article_id: int
    events: int = 0



# Statements built once and run with parameters: building a statement per row (`.values()`)
# cost 8 ms per article, more than parsing it.
_IN_FORCE = corrections.c.undone_at.is_(None)
_LAST_WITH_URL = sa.select(sa.func.max(articles.c.id)).where(articles.c.url == sa.bindparam("url"))
_INCIDENTS_OF_DAY = sa.select(incidents.c.id, incidents.c.lat, incidents.c.lon).where(
    incidents.c.type == sa.bindparam("type"), incidents.c.date == sa.bindparam("date"))

class Store:
    """Articles with their places and events in one database.

    >>> store = Store(":memory:")                         # doctest: +SKIP
    >>> store.save(geo.parse(text), title="...").status   # doctest: +SKIP
    'new'
    """

    def __init__(self, db: str | Path) -> None:
        self.engine = engine_for(db)
        self._migrate()

    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                # take the write lock before looking: processes opening a new file together
                # would otherwise all see no tables and all create them
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            meta.create_all(conn)  # creates what is missing; existing tables are left alone
            current = conn.execute(sa.select(schema_version.c.version)).scalar()
            if current is None:
                conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
                return
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS.get(version, []):
                    if not _column_exists(conn, statement):  # a table create_all just made
                        conn.execute(sa.text(statement))
                conn.execute(schema_version.update().values(version=version))
                log.info("store migrated to schema %d", version)

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
        seen: dict = {}  # incidents read or written by this transaction, by (type, day)
        digests = [content_hash(parsed.text) for parsed, _ in items]
        out, place_rows, event_rows = [], [], []
        with self.engine.begin() as conn:
            stored = dict(conn.execute(sa.select(articles.c.content_hash, articles.c.id)
                                       .where(articles.c.content_hash.in_(set(digests)))).all())
            for (parsed, meta), digest in zip(items, digests):
                if digest in stored:  # stored before, or earlier in this very group
                    out.append(Saved("duplicate", stored[digest]))
                    continue
                saved = self._insert_article(conn, parsed, digest, **meta)
                stored[digest] = saved.article_id
                place_rows += _place_rows(saved.article_id, parsed)
                event_rows += self._event_rows(conn, saved.article_id, parsed, seen)
                out.append(saved)
            _insert_rows(conn, place_rows, event_rows)
        return out

    def _insert_article(self, conn: sa.Connection, parsed: ParsedArticle, digest: str, *,
                        title: str | None = None, source: str | None = None,
                        url: str | None = None, filename: str | None = None) -> Saved:
        previous = conn.execute(_LAST_WITH_URL, {"url": url}).scalar() if url else None
        article_id = conn.execute(articles.insert(), dict(
            content_hash=digest, title=title, source=source, url=url, filename=filename,
            published=parsed.published.isoformat() if parsed.published else None,
            text=parsed.text, ingested_at=_now(), status="parsed",
            revision_of=previous)).inserted_primary_key[0]
        return Saved("revision" if previous else "new", article_id, len(parsed.events))

    def _event_rows(self, conn: sa.Connection, article_id: int, parsed: ParsedArticle,
                    incidents_seen: dict | None = None) -> list[dict]:
        return [dict(article_id=article_id, origin="extracted",
                     incident_id=self._incident(conn, e, incidents_seen), **_event_row(e))
                for e in parsed.events]

    def _incident(self, conn: sa.Connection, e: Event, seen: dict | None = None) -> int | None:
        """The incident this event belongs to: same type, same day, within INCIDENT_KM.
        `seen` carries the day's incidents across the articles of one transaction, which
        are read once instead of once per event."""
        if e.date is None or e.lat is None:
            return None
        from .features import great_circle_km

        day = e.date.isoformat()
        known = None if seen is None else seen.get((e.type, day))
        if known is None:
            known = [(r.id, r.lat, r.lon) for r in
                     conn.execute(_INCIDENTS_OF_DAY, {"type": e.type, "date": day})]
            if seen is not None:
                seen[(e.type, day)] = known
        for incident_id, lat, lon in known:
            if great_circle_km(lat, lon, e.lat, e.lon) <= INCIDENT_KM:
                return incident_id
        new_id = conn.execute(incidents.insert(), dict(type=e.type, date=day, lat=e.lat,
                                                       lon=e.lon)).inserted_primary_key[0]
        known.append((new_id, e.lat, e.lon))
        return new_id

    def record_failure(self, text: str, error: str, *, filename: str | None = None,
                       source: str | None = None) -> None:
        """Keep an article that could not be parsed, with the reason (never its partial output)."""
        with self.engine.begin() as conn:
            digest = content_hash(text)
            if conn.execute(sa.select(articles.c.id).where(articles.c.content_hash == digest)).scalar():
                return
            conn.execute(articles.insert().values(content_hash=digest, text=text, filename=filename,
                                                  source=source, ingested_at=_now(), status="failed",
                                                  error=error))

    # -- corrections ---------------------------------------------------------------------

    def correct(self, article_id: int, target: str, start: int, action: str, value=None,
                end: int | None = None) -> int:
        """Record a user correction; it is applied whenever events are read and survives
        reprocessing. target: 'event' (start = evidence sentence start) or 'place'."""
        if target not in ("event", "place") or action not in ("set_place", "set_type", "delete"):
            raise ValueError(f"unknown correction {target}/{action}: target is event or place, "
                             f"action is set_place, set_type or delete")
        with self.engine.begin() as conn:
            return conn.execute(corrections.insert().values(
                article_id=article_id, target=target, start=start, end=end, action=action,
                value=json.dumps(value, ensure_ascii=False), created_at=_now())).inserted_primary_key[0]

    def correct_event(self, event: dict, action: str, value=None) -> int:
        """Correct one event, a row of `events()`: 'set_type' ({type, subtype}), 'set_place'
        (a place value) or 'delete'. Keyed on the event itself (`event['key']`): its
        neighbours in the same sentence are left alone, and it survives reprocessing. The
        machine's type is kept in the value too, for the audit list."""
        if action not in ("set_place", "set_type", "delete"):
            raise ValueError(f"unknown event correction {action!r}: set_place, set_type or delete")
        was = {"was": {k: event.get(k) for k in ("type", "subtype", "place", "trigger")}}
        with self.engine.begin() as conn:
            return conn.execute(corrections.insert().values(
                article_id=event["article_id"], target="event", start=event["start"],
                end=event.get("end"), action=action, event_key=event["key"],
                value=json.dumps({**(value or {}), **was}, ensure_ascii=False),
                created_at=_now())).inserted_primary_key[0]

    def undo(self, correction_id: int) -> bool:
        """Take a correction back (the machine's answer, or an earlier correction, shows
        again); False when there is no such correction in force."""
        with self.engine.begin() as conn:
            return conn.execute(corrections.update().where(
                corrections.c.id == correction_id, _IN_FORCE).values(undone_at=_now())).rowcount > 0

    def corrections(self) -> list[dict]:
        """The corrections in force, oldest first."""
        with self.engine.connect() as conn:
            return _dicts(conn.execute(sa.select(corrections).where(_IN_FORCE).order_by(corrections.c.id)))

    # -- reading -------------------------------------------------------------------------

    def events(self, *, types: Iterable[str] | None = None, date_from: str | None = None,
               date_to: str | None = None, origins: Iterable[str] | None = ("extracted",)) -> list[dict]:
        """Events with corrections applied, newest first, optionally filtered. Imported
        datasets (origin 'acled', 'ucdp') are a separate layer: ask for them by origin."""
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
        with self.engine.connect() as conn:
            rows = _dicts(conn.execute(q.order_by(events.c.date.desc(), events.c.id)))
            fixes = _dicts(conn.execute(sa.select(corrections).where(corrections.c.target == "event",
                                                                     _IN_FORCE)
                                        .order_by(corrections.c.id)))
            fixes = self._place_fixes_as_event_fixes(conn) + fixes  # an event's own fix wins
            fixes_of: dict[int, list[dict]] = {}  # by article, in that order
            for fix in fixes:
                fixes_of.setdefault(fix["article_id"], []).append(fix)
            sources = dict(conn.execute(sa.select(events.c.incident_id, sa.func.count(
                sa.distinct(events.c.article_id))).where(events.c.incident_id.is_not(None))
                .group_by(events.c.incident_id)).all())
        out = []
        actors: dict[str | None, list] = {}  # a few distinct actor lists, read once each
        for row in rows:
            row["key"] = event_key(row)  # of the machine's event, before any correction
            if row["article_id"] in fixes_of:
                row = _apply(row, fixes_of[row["article_id"]])
                if row is None:
                    continue
            text = row["actors"]
            if text not in actors:
                actors[text] = json.loads(text or "[]")
            row["actors"] = list(actors[text])  # a list of its own: callers may change it
            row["sources"] = sources.get(row["incident_id"], 1)
            out.append(row)
        return out

    def version(self) -> tuple:
        """A value that changes whenever articles, events or corrections do (rows are added,
        never edited in place; reprocessing gives events new ids): a cheap key for caching
        `events()` and `articles()`."""
        with self.engine.connect() as conn:
            count, last = conn.execute(sa.select(sa.func.count(events.c.id), sa.func.max(events.c.id))).one()
            fixes = conn.execute(sa.select(sa.func.count(corrections.c.id),
                                           sa.func.count(corrections.c.undone_at))).one()
            newest_article = conn.execute(sa.select(sa.func.max(articles.c.id))).scalar()
        return count, last, tuple(fixes), newest_article

    def import_events(self, origin: str, rows: Iterable[dict]) -> tuple[int, int]:
        """Store events of an outside dataset (origin 'acled' or 'ucdp'), apart from extracted
        ones; rows carry 'external_id'. Returns (new, already stored)."""
        new = old = 0
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
            new = len(batch)
        return new, old

    def _place_fixes_as_event_fixes(self, conn: sa.Connection) -> list[dict]:
        """A corrected place mention moves the events located by it: those whose sentence
        holds the mention and whose place is the mention's machine answer."""
        out = []
        for fix in conn.execute(sa.select(corrections).where(corrections.c.target == "place",
                                                             corrections.c.action == "set_place",
                                                             _IN_FORCE)):
            mention = conn.execute(sa.select(places.c.entry_id).where(
                places.c.article_id == fix.article_id, places.c.start == fix.start)).first()
            if mention is None:
                continue
            located = conn.execute(sa.select(events.c.evidence).where(
                events.c.article_id == fix.article_id, events.c.place_id == mention.entry_id,
                events.c.start <= fix.start, events.c.end >= (fix.end or fix.start))).all()
            for (evidence,) in located:
                for start, _ in json.loads(evidence or "[]")[:1]:
                    out.append({"article_id": fix.article_id, "start": start, "action": "set_place",
                                "value": fix.value})
        return out

    def places(self, article_id: int) -> list[dict]:
        """An article's place mentions, with the user's place corrections applied. A mention
        the parser left unresolved (not stored) that the user placed is listed too, from the
        correction's span: the latest correction per mention wins, whatever the parser says."""
        with self.engine.connect() as conn:
            rows = _dicts(conn.execute(
                sa.select(places).where(places.c.article_id == article_id).order_by(places.c.start)))
            fixes = {f.start: (f.end, json.loads(f.value or "null")) for f in conn.execute(
                sa.select(corrections).where(corrections.c.article_id == article_id,
                                             corrections.c.target == "place",
                                             corrections.c.action == "set_place",
                                             _IN_FORCE).order_by(corrections.c.id))}
            stored = {row["start"] for row in rows}
            placed_by_user = [(s, e) for s, (e, _) in fixes.items() if s not in stored and e]
            text = ""
            if placed_by_user:
                text = conn.execute(sa.select(articles.c.text).where(
                    articles.c.id == article_id)).scalar() or ""
        for row in rows:
            if row["start"] in fixes:
                row.update(_place_fields(fixes[row["start"]][1]), corrected=True)
        for start, end in placed_by_user:
            rows.append({"id": None, "article_id": article_id, "start": start, "end": end,
                         "text": text[start:end], "kind": None, "entry_id": None, "geonameid": None,
                         "score": None, "alternatives": None, **_place_fields(fixes[start][1]),
                         "corrected": True})
        return sorted(rows, key=lambda row: row["start"])

    def article_text(self, article_id: int) -> str:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(articles.c.text).where(articles.c.id == article_id)).scalar() or ""

    def articles(self) -> list[dict]:
        with self.engine.connect() as conn:
            return _dicts(conn.execute(
                sa.select(articles.c.id, articles.c.title, articles.c.source, articles.c.url,
                          articles.c.published, articles.c.status, articles.c.error,
                          articles.c.revision_of).order_by(articles.c.id)))

    def reprocess(self, parse) -> int:
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
                _insert_rows(conn, _place_rows(article_id, parsed),
                             self._event_rows(conn, article_id, parsed))
        return len(todo)


_ADD_COLUMN = re.compile(r"ALTER TABLE (\w+) ADD COLUMN (\w+)")


def _column_exists(conn: sa.Connection, statement: str) -> bool:
    """Does the column that this ALTER TABLE ... ADD COLUMN adds exist already? (A table
    missing from an old store is created whole by create_all, new columns included.)"""
    m = _ADD_COLUMN.match(statement)
    return bool(m) and m.group(2) in {c["name"] for c in sa.inspect(conn).get_columns(m.group(1))}


def _dicts(result: sa.CursorResult) -> list[dict]:
    """Rows as dicts, fetched at once: building each from `row._mapping` cost more than
    reading it (100,000 events: 2.2 s of a 3.7 s read)."""
    keys = list(result.keys())
    return [dict(zip(keys, row)) for row in result.all()]


def _place_rows(article_id: int, parsed: ParsedArticle) -> list[dict]:
    return [dict(article_id=article_id, start=p.start, end=p.end, text=p.text, name=p.name,
                 lat=p.lat, lon=p.lon, country=p.country, admin1=p.admin1, kind=p.kind,
                 entry_id=p.id, geonameid=p.geonameid, score=p.score,
                 alternatives=json.dumps([a.id for a in p.alternatives])) for p in parsed.places]


def _insert_rows(conn: sa.Connection, place_rows: list[dict], event_rows: list[dict]) -> None:
    if place_rows:
        conn.execute(places.insert(), place_rows)
    if event_rows:
        conn.execute(events.insert(), event_rows)


def _event_row(e: Event) -> dict:
    return dict(type=e.type, subtype=e.subtype, date=e.date.isoformat() if e.date else None,
                date_precision=e.date_precision, place=e.place, place_id=e.place_id, lat=e.lat,
                lon=e.lon, country=e.country, geo_precision=e.geo_precision, fatalities=e.fatalities,
                actors=json.dumps(list(e.actors)), trigger=e.trigger, sentence=e.sentence,
                start=e.start, end=e.end, score=e.score, claimed=e.claimed,
                evidence=json.dumps([[v.start, v.end] for v in e.evidence]))


def _place_fields(value: dict) -> dict:
    """The place columns of a mention, from a stored set_place value."""
    return {k: value.get(k) for k in ("name", "lat", "lon", "country", "admin1")}


def _apply(row: dict, fixes: list[dict]) -> dict | None:
    """A stored event with the user's corrections applied (None when deleted); `fixes` may
    be all of them or only its article's. A fix names its event by key; one from before
    schema 4 (no key) names the evidence sentence, and applies to each of its events."""
    key = row.get("key") or event_key(row)
    for fix in fixes:
        if fix["article_id"] != row["article_id"]:
            continue
        if fix.get("event_key"):
            if fix["event_key"] != key:
                continue
        elif fix["start"] not in ([s for s, _ in json.loads(row["evidence"] or "[]")] or [row["start"]]):
            continue
        value = json.loads(fix["value"] or "null")
        if fix["action"] == "delete":
            return None
        if fix["action"] == "set_type":
            row = {**row, "type": value["type"], "subtype": value.get("subtype"), "corrected": True}
        elif fix["action"] == "set_place":
            row = {**row, **{k: value.get(k) for k in ("place", "lat", "lon", "country", "admin1")},
                   "geo_precision": value.get("geo_precision", 1), "corrected": True}
    return row
