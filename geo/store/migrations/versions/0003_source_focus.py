"""A table of sources with the focus country the upload form pre-fills for each (issue 19: a
per-source default of the focus hint). A store made before Alembic already has the table
(`schema._migrate_before_alembic` creates every table of `meta`): it is made only if missing.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "sources" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "sources",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("focus", sa.String(2)),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
