"""The store's tables, its schema version and the migrations that bring an older store up to it.

SQLite by default (one file, WAL mode, a busy timeout so that the dashboard and the command
line can write at the same time), through SQLAlchemy Core so that a PostgreSQL URL works too.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import sqlalchemy as sa
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig

from geo.errors import ConfigurationError
from geo.store import spatial

log = logging.getLogger(__name__)
SCHEMA_VERSION = 4  # the last schema before Alembic; its revisions go on from BASELINE
BASELINE = "0001"  # geo/store/migrations/versions: schema 4 as the code before Alembic made it
HEAD = "0003"      # the newest revision (tests/test_migrations.py checks it is Alembic's head)
_MIGRATION_LOCK = 0x6E657773  # pg_advisory_xact_lock key held while the store is migrated

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
sources = sa.Table(  # revision 0003: what the dashboard remembers per source of articles
    "sources", meta,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("focus", sa.String(2)),  # ISO2 the upload form pre-fills for it; NULL: no lean
    sa.Column("updated_at", sa.String(32), nullable=False),
)
# version -> SQL that brings a database from version - 1 to it (new databases are created
# whole; new tables come from create_all, so schema 3 needs no statement)
MIGRATIONS: dict[int, list[str]] = {
    2: ["ALTER TABLE events ADD COLUMN external_id TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS uq_events_origin_external_id ON events (origin, external_id)"],
    4: ["ALTER TABLE corrections ADD COLUMN event_key TEXT",
        "ALTER TABLE corrections ADD COLUMN undone_at VARCHAR(32)"],
}
_ADD_COLUMN = re.compile(r"ALTER TABLE (\w+) ADD COLUMN (\w+)")


def timestamp() -> str:
    """Now, in UTC, as the store writes it ('2026-12-06T22:14:32+00:00')."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def new_row_id(result: sa.CursorResult) -> int:
    """The id of the row an INSERT of one row just made."""
    key = result.inserted_primary_key
    assert key is not None, "not the result of a single-row INSERT"
    return int(key[0])


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


def migrate(engine: sa.Engine) -> None:
    """Bring the store to the newest revision of `geo/store/migrations` (Alembic, one history for
    SQLite and PostgreSQL): a new store is created whole; one made before Alembic (a
    schema_version table, no alembic_version) is first brought to schema 4 by the in-code
    statements below, then stamped at the baseline and upgraded in place."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # take the write lock before looking: processes opening a new file together
            # would otherwise all see no tables and all create them
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":  # the same, for processes sharing a server
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        tables = set(sa.inspect(conn).get_table_names())
        current = None
        if "alembic_version" in tables:
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        if current == HEAD:
            if conn.dialect.name == "postgresql" and not spatial.has_points(conn):
                spatial.add_points(conn)  # PostGIS installed since the store was made
            return
        if current is None and "schema_version" in tables:
            _migrate_before_alembic(conn)
            _alembic(conn, "stamp", BASELINE)
        _alembic(conn, "upgrade", "head")


def _alembic(conn: sa.Connection, verb: str, revision: str) -> None:
    config = AlembicConfig()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = conn
    getattr(alembic_command, verb)(config, revision)
    log.info("store %s to revision %s", "stamped" if verb == "stamp" else "upgraded", revision)


def _migrate_before_alembic(conn: sa.Connection) -> None:
    """The in-code migrations of the stores made before Alembic, up to schema 4 (the baseline)."""
    # tables an old store lacks (geocode_cache): `meta` above is schema 4 plus whole tables of
    # later revisions (`sources`, which 0003 then finds made); a revision that changes a
    # schema-4 table must create these from 0001's copy
    meta.create_all(conn)
    current = conn.execute(sa.select(schema_version.c.version)).scalar() or 1
    for version in range(current + 1, SCHEMA_VERSION + 1):
        for statement in MIGRATIONS.get(version, []):
            if not _column_exists(conn, statement):  # a table create_all just made
                conn.execute(sa.text(statement))
        conn.execute(schema_version.update().values(version=version))
        log.info("store migrated to schema %d", version)


def _column_exists(conn: sa.Connection, statement: str) -> bool:
    """Does the column that this ALTER TABLE ... ADD COLUMN adds exist already? (A table
    missing from an old store is created whole by create_all, new columns included.)"""
    m = _ADD_COLUMN.match(statement)
    return m is not None and m.group(2) in {c["name"] for c in sa.inspect(conn).get_columns(m.group(1))}
