"""The store on a real SQLite file: idempotency, revisions, atomic saves, corrections that
survive reprocessing, incidents, concurrent writers, a killed ingest, exports."""
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geo.pipeline import parse
from geo.store import Store, StoredEvent, export

ROOT = Path(__file__).resolve().parent.parent
KHARKIV = "Shelling hit Kharkiv on Friday, killing 3 civilians, officials said."
KHARKIV_2 = "Kharkiv was shelled on Friday; three civilians died, according to local officials."


@pytest.fixture
def store(db_url):
    return Store(db_url)  # a SQLite file, then a PostgreSQL database


def test_same_content_is_stored_once_and_a_new_version_is_a_revision(store, small_gaz):
    a = parse(KHARKIV, "2022-02-26", gazetteer=small_gaz)
    assert store.save(a, url="https://e.com/k").status == "new"
    assert store.save(parse(KHARKIV + "  ", "2022-02-26", gazetteer=small_gaz)).status == "duplicate"
    fixed = parse(KHARKIV.replace("3", "4"), "2022-02-26", gazetteer=small_gaz)
    saved = store.save(fixed, url="https://e.com/k")
    assert saved.status == "revision"
    assert [r.revision_of for r in store.articles()] == [None, 1]


def test_an_article_is_stored_whole_or_not_at_all(store, small_gaz, monkeypatch):
    parsed = parse(KHARKIV, "2022-02-26", gazetteer=small_gaz)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("geo.store.store.incident_for", boom)  # fails after the article row was inserted
    with pytest.raises(RuntimeError):
        store.save(parsed)
    assert store.articles() == [] and store.events() == []


def test_corrections_win_and_survive_reprocessing(store, small_gaz):
    saved = store.save(parse(KHARKIV, "2022-02-26", gazetteer=small_gaz))
    (event,) = store.events()
    store.correct(saved.article_id, "event", event.start, "set_type",
                  {"type": "Violence against civilians", "subtype": "Attack"})
    assert store.events()[0].subtype == "Attack"
    assert store.reprocess(lambda text, published: parse(text, published, gazetteer=small_gaz)) == 1
    assert store.events()[0].subtype == "Attack" and store.events()[0].corrected
    store.correct(saved.article_id, "event", event.start, "delete")
    assert store.events() == [] and len(store.corrections()) == 2


def test_reports_of_one_happening_form_one_incident(store, small_gaz):
    store.save(parse(KHARKIV, "2022-02-26", gazetteer=small_gaz), source="A")
    store.save(parse(KHARKIV_2, "2022-02-26", gazetteer=small_gaz), source="B")
    shelling = [e for e in store.events() if e.subtype == "Shelling/artillery/missile attack"]
    assert len(shelling) == 2 and {e.sources for e in shelling} == {2}
    assert len({e.incident_id for e in shelling}) == 1


def _writer(db: str, n: int, seed: int) -> None:
    from conftest import FIXTURE_ROWS

    from geo.gazetteer.index import from_rows

    gaz = from_rows(FIXTURE_ROWS)
    store = Store(db)
    for i in range(n):
        store.save(parse(f"Report {seed}-{i}: shelling hit Kharkiv on Friday.", "2022-02-26", gazetteer=gaz))


def test_concurrent_writers_do_not_fail_with_database_locked(tmp_path):
    db = str(tmp_path / "shared.db")
    Store(db)
    ctx = multiprocessing.get_context("spawn")
    sys.path.insert(0, str(Path(__file__).parent))
    procs = [ctx.Process(target=_writer, args=(db, 25, k)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert len(Store(db).articles()) == 75


def test_killing_an_ingest_loses_nothing_reported_and_leaves_no_half_article(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        (folder / f"a{i:02d}.txt").write_text(f"Report {i}. " + KHARKIV * 20, encoding="utf-8")
    db = tmp_path / "k.db"
    proc = subprocess.Popen([sys.executable, "-m", "geo", "ingest", str(folder), "--db", str(db),
                             "--workers", "1", "--published", "2022-02-26"], cwd=ROOT,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    reported = []
    deadline = time.time() + 120
    for line in proc.stderr:
        if ": new:" in line:
            reported.append(line.split("] ", 1)[1].split(": new", 1)[0])
        if len(reported) >= 5 or time.time() > deadline:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(reported) >= 5
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in con.execute("SELECT filename FROM articles")}
    assert set(reported) <= stored
    # every stored article has all its rows: one shelling event each, with its places
    counts = con.execute("SELECT a.id, count(DISTINCT e.id), count(DISTINCT p.id) FROM articles a "
                         "LEFT JOIN events e ON e.article_id = a.id LEFT JOIN places p ON p.article_id = a.id "
                         "GROUP BY a.id").fetchall()
    assert counts and all(ev >= 1 and pl >= 1 for _, ev, pl in counts)


def test_exports_open_as_geojson_and_kml(store, small_gaz):
    store.save(parse(KHARKIV + " <script>alert(1)</script>", "2022-02-26", gazetteer=small_gaz))
    events = store.events()
    gj = json.loads(export.render(events, "geojson"))
    assert gj["type"] == "FeatureCollection" and gj["features"]
    for f in gj["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and isinstance(f["properties"], dict)
    assert abs(gj["features"][0]["geometry"]["coordinates"][0] - 36.25) < 0.1  # lon first
    root = ET.fromstring(export.render(events, "kml").split("\n", 1)[1])
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = root.findall(".//k:Placemark", ns)
    assert marks and marks[0].find("k:Point/k:coordinates", ns).text.startswith("36.2")
    assert root.find(".//k:script", ns) is None  # text stays text
    assert export.render(events, "csv").splitlines()[0].startswith("id,type,subtype")


def test_a_corrected_place_mention_moves_its_events_and_survives_reprocessing(store, small_gaz):
    saved = store.save(parse("Shelling hit Paris on Friday, killing 3 civilians.", "2022-02-26",
                             gazetteer=small_gaz))
    (mention,) = [p for p in store.places(saved.article_id) if p.text == "Paris"]
    assert mention.country == "FR"
    texas = {"name": "Paris, Texas", "lat": 33.66, "lon": -95.56, "country": "US"}
    store.correct(saved.article_id, "place", mention.start, "set_place", texas, end=mention.end)
    assert store.places(saved.article_id)[0].country == "US"
    assert store.events()[0].country == "US" and store.events()[0].lat == 33.66
    store.reprocess(lambda text, published: parse(text, published, gazetteer=small_gaz))
    assert store.events()[0].country == "US" and store.places(saved.article_id)[0].corrected


def test_an_unresolved_mention_placed_by_the_user_is_listed_and_survives_reprocessing(store, small_gaz):
    text = "Shelling hit homes in Xyzzyville on Friday, officials in Kharkiv said."
    parsed = parse(text, "2022-02-26", gazetteer=small_gaz)
    (unplaced,) = parsed.unresolved
    saved = store.save(parsed)
    assert [p.text for p in store.places(saved.article_id)] == ["Kharkiv"]  # only placed ones
    spot = {"name": "Xyzzyville", "lat": 49.9, "lon": 36.3, "country": "UA"}
    store.correct(saved.article_id, "place", unplaced.start, "set_place", spot, end=unplaced.end)
    listed = store.places(saved.article_id)
    assert [p.text for p in listed] == ["Xyzzyville", "Kharkiv"]       # in text order
    assert listed[0].corrected and (listed[0].lat, listed[0].country) == (49.9, "UA")
    assert store.events()[0].place == "Kharkiv"   # it located no event: the events stay
    store.reprocess(lambda t, published: parse(t, published, gazetteer=small_gaz))
    assert [(p.text, p.name) for p in store.places(saved.article_id)] == [
        ("Xyzzyville", "Xyzzyville"), ("Kharkiv", "Kharkiv")]
    later = {"name": "Xyzzyville (east)", "lat": 49.95, "lon": 36.4, "country": "UA"}
    store.correct(saved.article_id, "place", unplaced.start, "set_place", later, end=unplaced.end)
    assert store.places(saved.article_id)[0].lat == 49.95              # the latest one wins


def test_csv_cells_cannot_start_spreadsheet_formulas():
    rows = [StoredEvent(id=1, article_id=None, origin="extracted", type="Battles",
                        sentence='=HYPERLINK("http://x","y")', actors=("@evil",), place="+Kyiv", trigger="-2")]
    line = export.to_csv(rows).splitlines()[1]
    assert "'=HYPERLINK" in line and "'@evil" in line and "'+Kyiv" in line and "'-2" in line


def test_events_carry_the_first_level_region_of_their_place(store, small_gaz):
    store.save(parse(KHARKIV, "2022-02-26", gazetteer=small_gaz))
    (event,) = store.events()
    assert (event.country, event.admin1) == ("UA", "Kharkiv Oblast")


def test_the_store_version_changes_with_events_and_corrections(store, small_gaz):
    empty = store.version()
    saved = store.save(parse(KHARKIV, "2022-02-26", gazetteer=small_gaz))
    stored = store.version()
    assert stored != empty and store.version() == stored    # reading changes nothing
    store.correct(saved.article_id, "event", store.events()[0].start, "delete")
    assert store.version() != stored


def test_a_correction_applies_to_its_own_article_only(store, small_gaz):
    # the same sentence in two articles: an event at the same offset in each
    first = store.save(parse(KHARKIV, "2022-02-25", gazetteer=small_gaz), title="a")
    second = store.save(parse(KHARKIV + " More later.", "2022-02-25", gazetteer=small_gaz), title="b")
    start = store.events()[0].start
    store.correct(first.article_id, "event", start, "delete")
    store.correct(second.article_id, "event", start, "set_type", {"type": "Protests"})
    by_article = {e.article_id: e for e in store.events()}
    assert set(by_article) == {second.article_id} and by_article[second.article_id].type == "Protests"


def test_forty_processes_opening_a_new_store_at_once_all_succeed(tmp_path):
    """Real processes, released together: each first open of the same new file must migrate
    it or wait for the one that does ('table ... already exists' was 4 in 40)."""
    db = tmp_path / "new.db"
    code = ("import sys, time; from geo.store import Store; "
            "time.sleep(max(0, float(sys.argv[2]) - time.time())); Store(sys.argv[1]).articles()")
    start = time.time() + 8  # all 40 imported and waiting by then
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), str(start)],
                              cwd=Path(__file__).resolve().parents[1], stderr=subprocess.PIPE, text=True)
             for _ in range(40)]
    failures = [err for p in procs if (err := p.communicate(timeout=120)[1]) and p.returncode]
    assert failures == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from schema_version").fetchone()[0] == 1


def test_reads_are_frozen_typed_records_and_a_correction_names_a_known_action(store, small_gaz):
    import dataclasses

    from geo.store import Correction, CorrectionAction, StoredArticle, StoredPlace

    saved = store.save(parse(KHARKIV, "2022-02-26", gazetteer=small_gaz), title="Kharkiv shelled")
    (event,) = store.events()
    (article,) = store.articles()
    (place,) = store.places(saved.article_id)
    assert isinstance(event, StoredEvent) and isinstance(article, StoredArticle) and isinstance(place, StoredPlace)
    assert event.actors == () or isinstance(event.actors, tuple)
    assert event.evidence and all(isinstance(s, int) for span in event.evidence for s in span)
    assert (article.title, place.text, place.kind) == ("Kharkiv shelled", "Kharkiv", "city")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.type = "Protests"  # type: ignore[misc]  # the point of the test: it cannot change
    with pytest.raises(ValueError, match="set_place, set_type or delete"):
        store.correct_event(event, "rename")
    store.correct_event(event, CorrectionAction.SET_TYPE, {"type": "Protests", "subtype": "Peaceful protest"})
    (fix,) = store.corrections()
    assert isinstance(fix, Correction) and fix.action is CorrectionAction.SET_TYPE
    assert fix.value is not None and fix.value["was"]["type"] == event.type and fix.event_key == event.key


def test_a_group_saved_at_once_keeps_revisions_and_duplicates_apart(store, small_gaz):
    first = parse(KHARKIV, "2022-02-26", gazetteer=small_gaz)
    store.save(first, url="https://e.com/k")
    later = parse(KHARKIV.replace("3", "5"), "2022-02-26", gazetteer=small_gaz)
    latest = parse(KHARKIV.replace("3", "6"), "2022-02-26", gazetteer=small_gaz)
    other = parse(KHARKIV_2, "2022-02-26", gazetteer=small_gaz)
    saved = store.save_many([(later, {"url": "https://e.com/k"}), (other, {"url": "https://e.com/o"}),
                             (first, {}), (other, {})])
    assert [s.status for s in saved] == ["revision", "new", "duplicate", "duplicate"]
    assert saved[3].article_id == saved[1].article_id
    again = store.save_many([(latest, {"url": "https://e.com/k"}), (parse("Shelling hit Kyiv.", "2022-02-26",
                             gazetteer=small_gaz), {"url": "https://e.com/k"})])  # one URL twice in a group
    assert [s.status for s in again] == ["revision", "revision"]
    assert [a.revision_of for a in store.articles()] == [None, 1, None, 2, 4]


def test_a_source_remembers_its_focus_country(tmp_path):
    from geo.store import sources

    store = Store(tmp_path / "s.db")
    assert sources.focus(store, "Daily Planet") is None
    sources.set_focus(store, "Daily Planet", "GB")
    sources.set_focus(store, "Daily Planet", "IE")  # the latest wins
    sources.set_focus(store, "Wire", None)          # no lean, said so
    again = Store(tmp_path / "s.db")
    assert (sources.focus(again, "Daily Planet"), sources.focus(again, "Wire")) == ("IE", None)
