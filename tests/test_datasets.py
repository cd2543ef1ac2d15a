"""Imported datasets (ACLED, UCDP) as their own layers, and the schema migration they needed."""
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.intake import datasets
from geo.store import Store

ROOT = Path(__file__).resolve().parent.parent
# The first rows of exports in the two datasets' own column layouts (values written here).
ACLED_CSV = """event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities,iso
UKR1001,24 February 2022,2022,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia (2000-),,Ukraine,Kyiv,Kyiv,50.4501,30.5234,1,Media,Missile strikes on Kyiv.,0,804
UKR1002,2022-02-25,2022,2,Political violence,Battles,Armed clash,Military Forces of Russia (2000-),Military Forces of Ukraine (2019-),Ukraine,Kyiv,Hostomel,50.5833,30.2667,2,Media,Fighting at the airport.,3,804
"""
UCDP_CSV = """id,year,type_of_violence,conflict_name,side_a,side_b,where_description,latitude,longitude,date_start,date_end,date_prec,where_prec,best
500001,2022,1,Russia - Ukraine,Government of Russia (Soviet Union),Government of Ukraine,Kharkiv city,49.98,36.25,2022-02-24 00:00:00.000,2022-02-24 00:00:00.000,1,1,12
500002,2022,3,Russia - civilians,Government of Russia (Soviet Union),Civilians,Bucha,50.54,30.21,2022-03-03 00:00:00.000,2022-03-03 00:00:00.000,1,1,7
"""


def test_acled_and_ucdp_rows_map_to_our_fields(tmp_path):
    a, u = tmp_path / "acled.csv", tmp_path / "ged.csv"
    a.write_text(ACLED_CSV, encoding="utf-8")
    u.write_text(UCDP_CSV, encoding="utf-8")
    first = next(datasets.acled_rows(a))
    assert (first["date"], first["subtype"], first["lat"], first["fatalities"]) == (
        "2022-02-24", "Shelling/artillery/missile attack", 50.4501, 0)
    kinds = [(r["type"], r["date"], r["fatalities"]) for r in datasets.ucdp_rows(u)]
    assert kinds == [("Battles", "2022-02-24", 12), ("Violence against civilians", "2022-03-03", 7)]
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing columns"):
        list(datasets.acled_rows(bad))


def test_imports_are_a_separate_idempotent_layer(tmp_path):
    a = tmp_path / "acled.csv"
    a.write_text(ACLED_CSV, encoding="utf-8")
    db = tmp_path / "n.db"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "geo", *args, "--db", str(db)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    assert "2 new events" in run("import-acled", str(a)).stdout
    assert "0 new events, 2 already stored" in run("import-acled", str(a)).stdout
    store = Store(db)
    assert store.events() == [] and len(store.events(origins=["acled"])) == 2
    out = run("export", "--format", "csv", "--origin", "acled").stdout
    assert "Hostomel" in out


def test_a_version_1_database_is_migrated_on_start(tmp_path):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);
        CREATE TABLE events (id INTEGER PRIMARY KEY, article_id INTEGER, origin VARCHAR(16) NOT NULL,
            type TEXT NOT NULL, subtype TEXT, date VARCHAR(10), date_precision VARCHAR(8), place TEXT,
            place_id TEXT, lat FLOAT, lon FLOAT, country VARCHAR(2), geo_precision INTEGER,
            fatalities INTEGER, actors TEXT, "trigger" TEXT, sentence TEXT, start INTEGER, "end" INTEGER,
            score FLOAT, claimed BOOLEAN, evidence TEXT, incident_id INTEGER);
        INSERT INTO events (origin, type) VALUES ('extracted', 'Battles');""")
    con.commit()
    con.close()
    store = Store(db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT version FROM schema_version").fetchone() == (4,)
    assert "event_key" in [r[1] for r in con.execute("PRAGMA table_info(corrections)")]
    assert "geocode_cache" in [r[0] for r in con.execute("SELECT name FROM sqlite_master")]
    assert "external_id" in [r[1] for r in con.execute("PRAGMA table_info(events)")]
    assert len(store.events()) == 1
