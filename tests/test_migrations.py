"""Alembic migrations, one history for both databases: a SQLite file made by the code before
Alembic upgrades in place and keeps everything it held; a PostgreSQL store at the baseline
revision is brought to the head, PostGIS points included."""
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from geo.pipeline import parse
from geo.store import SCHEMA_VERSION, Store, engine_for, spatial
from geo.store import schema as store_schema

DATA = Path(__file__).parent / "data"
MIGRATIONS = Path(store_schema.__file__).parent / "migrations"


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_the_code_knows_the_newest_revision_and_the_history_is_one_line():
    scripts = _scripts()
    assert scripts.get_heads() == [store_schema.HEAD]
    history = [r.revision for r in scripts.walk_revisions()]
    assert history[-1] == store_schema.BASELINE and len(set(history)) == len(history)


def _summary(store: Store) -> list[tuple]:
    return sorted((e.type, e.subtype, e.place, e.corrected, e.sources) for e in store.events())


def test_a_store_made_before_alembic_upgrades_in_place_and_keeps_all_it_held(tmp_path, small_gaz):
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:  # made by the code before Alembic (see the file's head)
        conn.executescript((DATA / "store-schema4.sql").read_text(encoding="utf-8"))
    store = Store(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == store_schema.HEAD
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ix_incidents_type_date'"
                            ).fetchone()[0] == 1
    shelling = ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Kharkiv", False, 2)
    assert _summary(store) == [
        shelling, shelling,
        ("Protests", "Protest with intervention", "Kyiv", False, 1),  # the machine's own
        ("Protests", "Protest with intervention", "Kyiv", True, 1)]   # the arrest, retyped by its user
    assert len(store.corrections()) == 1 and len(store.events(origins=["acled"])) == 1
    # it goes on working: a third report joins the old incident, a known text is a duplicate
    third = parse("Officials said shelling hit Kharkiv on Friday and killed 3 civilians.", "2022-02-26",
                  gazetteer=small_gaz)
    assert store.save(third).status == "new"
    assert {e.sources for e in store.events() if e.place == "Kharkiv"} == {3}
    again = parse("Shelling hit Kharkiv on Friday, killing 3 civilians, officials said.", "2022-02-26",
                  gazetteer=small_gaz)
    assert store.save(again).status == "duplicate"
    assert _summary(Store(db)) == _summary(store)  # opening an upgraded store changes nothing


def test_a_postgres_store_at_the_baseline_is_brought_to_the_head(pg_url):
    engine = engine_for(pg_url)
    with engine.begin() as conn:  # a store as revision 0001 left it
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, store_schema.BASELINE)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == store_schema.BASELINE
        assert "geom" not in {c["name"] for c in sa.inspect(conn).get_columns("events")}
    store = Store(pg_url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == store_schema.HEAD
        assert spatial.has_points(conn)
    assert store.points
