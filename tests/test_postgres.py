"""PostgreSQL as a first-class store, on a throwaway server (tests/conftest.py): the command
line end to end, PostGIS points and their GiST indexes, a database without the extension,
and the spatial questions and incident merging answered alike by PostGIS and by SQLite."""
import datetime as dt
import logging
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from geo.records import Event, Evidence, ParsedArticle
from geo.store import Box, Near, Store
from geo.store.incidents import INCIDENT_KM

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
from test_datasets import ACLED_CSV  # noqa: E402 - the same rows on the other backend

REPORTS = {  # made-up reports, one event each
    "kharkiv.txt": "Shelling hit Kharkiv on Friday, killing 3 civilians, officials said.",
    "kyiv.txt": "Police arrested 12 protesters in Kyiv on Saturday after a rally near the parliament.",
    "paris.txt": "A flood swept through Paris on Sunday and 2 people were killed, the mayor said.",
}


def _geo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_ingest_export_reprocess_and_import_work_on_postgres(pg_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    first = _geo("ingest", str(folder), "--db", pg_url, "--published", "2022-02-26")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("3 new, 0 already stored")
    second = _geo("ingest", str(folder), "--db", pg_url, "--published", "2022-02-26")
    assert second.stdout.startswith("0 new, 3 already stored") and second.stderr.count("already stored") == 3
    exported = _geo("export", "--format", "geojson", "--db", pg_url)
    assert exported.returncode == 0 and exported.stdout.count('"Feature"') >= 3
    assert "reprocessed 3 articles" in _geo("reprocess", "--db", pg_url).stdout
    acled = tmp_path / "acled.csv"
    acled.write_text(ACLED_CSV, encoding="utf-8")
    assert "2 new events" in _geo("import-acled", str(acled), "--db", pg_url).stdout
    assert "0 new events, 2 already stored" in _geo("import-acled", str(acled), "--db", pg_url).stdout
    store = Store(pg_url)
    assert len(store.articles()) == 3 and len(store.events(origins=["acled"])) == 2
    assert "Hostomel" in _geo("export", "--format", "csv", "--origin", "acled", "--db", pg_url).stdout


def test_postgis_points_have_gist_indexes(pg_url):
    store = Store(pg_url)
    assert store.points
    with store.engine.connect() as conn:
        gist = {row[0] for row in conn.exec_driver_sql(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%%USING gist%%'")}
        assert {"ix_events_geom", "ix_events_geog", "ix_places_geom", "ix_incidents_geog"} <= gist
        assert conn.exec_driver_sql("SELECT extname FROM pg_extension WHERE extname = 'postgis'").scalar()


def test_without_rights_to_create_postgis_the_store_works_and_says_so_once(pg_server, pg_url_without_postgis,
                                                                            caplog):
    name = pg_url_without_postgis.rsplit("/", 1)[1]
    admin = f"host=127.0.0.1 port={pg_server.port} user=postgres"
    with psycopg.connect(f"{admin} dbname=postgres", autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'analyst') "
                     "THEN CREATE ROLE analyst LOGIN; END IF; END $$")
    with psycopg.connect(f"{admin} dbname={name}", autocommit=True) as conn:
        conn.execute("GRANT CREATE ON SCHEMA public TO analyst")  # tables yes, the extension no
    url = pg_url_without_postgis.replace("//postgres@", "//analyst@")
    with caplog.at_level(logging.WARNING, logger="geo.store.spatial"):
        store = Store(url)
        Store(url)
    said = [r.getMessage() for r in caplog.records if "PostGIS is not in use" in r.getMessage()]
    assert len(said) == 1 and "CREATE EXTENSION postgis" in said[0]
    assert not store.points
    store.save(_article(50.0, 36.2, "2022-02-26"))
    store.save(_article(50.1, 36.3, "2022-02-26"))  # 13 km away: the same incident
    assert {e.sources for e in store.events()} == {2}
    assert len(store.events(area=Near(50.0, 36.2, 5.0))) == 1


def _article(lat: float, lon: float, day: str, kind: str = "Battles") -> ParsedArticle:
    """An article of one event at (lat, lon), built by hand: the store is under test."""
    text = f"Fighting was reported at {lat:.4f}, {lon:.4f} on {day} ({kind})."
    date = dt.date.fromisoformat(day)
    event = Event(kind, None, date, "day", "Somewhere", None, lat, lon, None, 1, None, (), "Fighting",
                  text, 0, len(text), 0.7, evidence=(Evidence(0, len(text), text, "Fighting"),))
    return ParsedArticle(text, date, (), (), (event,))


# points around Kharkiv (50.0, 36.23): 0, 10, 24 and 26 km north, 30 km east, another day
POINTS = [(50.0, 36.23, "2022-02-26"), (50.0899, 36.23, "2022-02-26"), (50.2158, 36.23, "2022-02-26"),
          (50.2338, 36.23, "2022-02-26"), (50.0, 36.65, "2022-02-26"), (50.0, 36.23, "2022-02-27"),
          (48.85, 2.35, "2022-02-26"), (50.45, 30.52, "2022-02-26")]
AREAS = [Near(50.0, 36.23, 25.0), Near(50.0, 36.23, 10.01), Near(50.0, 36.23, 1000.0),
         Box(49.9, 36.0, 50.1, 36.5), Box(45.0, 0.0, 52.0, 31.0), Box(0.0, 0.0, 1.0, 1.0)]


def _answers(store: Store) -> tuple:
    for lat, lon, day in POINTS:
        store.save(_article(lat, lon, day))
    merged = sorted(tuple(sorted((e.lat, e.lon) for e in store.events() if e.incident_id == incident))
                    for incident in {e.incident_id for e in store.events()})
    found = [sorted((e.lat, e.lon, e.date) for e in store.events(area=area)) for area in AREAS]
    return merged, found


def test_areas_and_incidents_come_out_the_same_on_postgis_and_sqlite(pg_url, tmp_path):
    on_postgis = Store(pg_url)
    assert on_postgis.points
    merged, found = _answers(on_postgis)
    assert (merged, found) == _answers(Store(tmp_path / "same.db"))
    # and they are the right answers: 10 and 24 km join the first report, 26 and 30 km do not
    assert ((50.0, 36.23), (50.0899, 36.23), (50.2158, 36.23)) in merged and INCIDENT_KM == 25.0
    assert [len(f) for f in found] == [4, 3, 7, 3, 2, 0]  # the same place on two days counts twice


def test_a_corrected_place_counts_where_the_user_put_it(db_url):
    store = Store(db_url)
    store.save(_article(50.0, 36.23, "2022-02-26"))
    (event,) = store.events(area=Near(50.0, 36.23, 5.0))
    store.correct_event(event, "set_place", {"place": "Kyiv", "lat": 50.45, "lon": 30.52, "country": "UA"})
    assert store.events(area=Near(50.0, 36.23, 5.0)) == []
    assert [e.place for e in store.events(area=Box(50.0, 30.0, 51.0, 31.0))] == ["Kyiv"]


@pytest.mark.parametrize("kind", ["Battles", "Protests"])
def test_events_of_another_type_never_merge(db_url, kind):
    store = Store(db_url)
    store.save(_article(50.0, 36.23, "2022-02-26", "Battles"))
    store.save(_article(50.0, 36.23, "2022-02-26", kind))
    assert len({e.incident_id for e in store.events()}) == (1 if kind == "Battles" else 2)


def test_the_dashboard_runs_on_postgres_and_a_correction_lands_there(pg_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NEWSMAP_DB", pg_url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    store = Store(pg_url)
    assert len(store.articles()) >= 2 and store.events()  # the samples, stored in PostgreSQL
    head = next(s.value for s in at.subheader if " events" in s.value and " of " in s.value)
    assert head.split(" of ")[1].startswith(str(len(store.events())))
    at.button(key="fix_delete").click().run()
    at.button(key="fix_delete_yes").click().run()
    assert not at.exception and len(store.corrections()) == 1


def test_a_writer_merging_a_day_waits_for_another_writing_the_same_day(pg_url):
    """Two writers saving reports of one happening at once: the second waits for the first's
    incident (a lock per type and day, held to commit) instead of making a second one."""
    import threading

    from geo.store.incidents import incident_for, lock_days

    store = Store(pg_url)
    first, second = _article(50.0, 36.23, "2022-02-26"), _article(50.01, 36.24, "2022-02-26")
    with store.engine.begin() as conn:  # the first writer, mid-transaction
        lock_days(conn, list(first.events))
        made = incident_for(conn, first.events[0], points=store.points)
        other = threading.Thread(target=store.save, args=(second,))
        other.start()
        other.join(1.5)
        assert other.is_alive()  # waiting on the first writer's lock, not racing it
    other.join(30)
    (event,) = store.events()
    assert event.incident_id == made
