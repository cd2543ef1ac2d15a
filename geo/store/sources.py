"""What the store remembers per source of articles: the focus country the dashboard's upload
form pre-fills for it (issue 19's per-source default of `geo.parse(focus=)`).

    >>> set_focus(store, "Kentish Gazette", "GB")   # doctest: +SKIP
    >>> focus(store, "Kentish Gazette")             # doctest: +SKIP
    'GB'
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from geo.store.schema import sources, timestamp

if TYPE_CHECKING:  # the Store imports nothing from here: no cycle at run time
    from geo.store.store import Store


def set_focus(store: Store, source: str, focus: str | None) -> None:
    """Store `focus` (ISO2, checked by the caller; None: no lean) as the default of `source`;
    the latest wins."""
    row = {"name": source, "focus": focus or None, "updated_at": timestamp()}
    with store.engine.begin() as conn:
        done = conn.execute(sources.update().where(sources.c.name == source).values(**row))
        if not done.rowcount:
            conn.execute(sources.insert().values(**row))


def focus(store: Store, source: str) -> str | None:
    """The focus country stored for `source`, or None (none stored, or no lean)."""
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sources.c.focus).where(sources.c.name == source)).scalar()
