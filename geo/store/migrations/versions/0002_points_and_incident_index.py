"""Points where PostGIS is present: a generated geometry(Point, 4326) column with GiST indexes
on events, places and incidents (`geo.store.spatial`); on SQLite, and on a PostgreSQL server
without the extension, the plain lat/lon columns serve. Both: an index for incident merging's
lookup (same type, same day).

Revision ID: 0002
Revises: 0001
"""
from alembic import op

from geo.store import spatial

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_incidents_type_date", "incidents", ["type", "date"])
    spatial.add_points(op.get_bind())
