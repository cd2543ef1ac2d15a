"""Schema 4, the store as Newsmap built it before Alembic (its in-code migrations 1-4): the
tables frozen here as they were, so that later revisions start from a known point. A store
made by that code is stamped at this revision (`geo.store.schema.migrate`), not rebuilt.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

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


def upgrade() -> None:
    bind = op.get_bind()
    meta.create_all(bind)
    bind.execute(schema_version.insert().values(version=4))  # what the code before Alembic reads
