"""The event store (stage 6): articles, their places and events, user corrections and incidents,
in SQLite (or any SQLAlchemy URL). `Store` is the one entry; its reads return the frozen
records of `geo.store.records`."""
from geo.store.corrections import event_key
from geo.store.records import Correction, CorrectionAction, CorrectionTarget, StoredArticle, StoredEvent, StoredPlace
from geo.store.schema import SCHEMA_VERSION, engine_for, geocode_cache
from geo.store.spatial import Box, Near
from geo.store.store import Saved, Store, content_hash

__all__ = ["SCHEMA_VERSION", "Box", "Near", "Correction", "CorrectionAction", "CorrectionTarget", "Saved", "Store",
           "StoredArticle", "StoredEvent", "StoredPlace", "content_hash", "engine_for", "event_key",
           "geocode_cache"]
