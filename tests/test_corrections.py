"""Corrections name one event, not its sentence: on a real SQLite store, two events of one
sentence, each corrected alone, through reprocessing, undone; and a store of schema 3 (made by
the code before event keys) still reads its old corrections as it did."""
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from geo.maps import views
from geo.records import Event, Evidence, ParsedArticle
from geo.store import SCHEMA_VERSION, Store

DATA = Path(__file__).parent / "data"
TEXT = ("Monsoon floods swept through villages near Sukkur on Tuesday and 12 people were killed, "
        "while police arrested 4 looters in Kahramanmaraş.")


def _event(kind: tuple[str, str], trigger: str, fatalities: int | None = None) -> Event:
    sentence = TEXT
    return Event(kind[0], kind[1], dt.date(2022, 8, 23), "day", "Sukkur", "gn:1164909", 27.7, 68.86,
                 "PK", 1, fatalities, (), trigger, sentence, 0, len(TEXT), 0.7,
                 evidence=(Evidence(0, len(TEXT), sentence, trigger),))


def _parsed(text: str = TEXT, published=None) -> ParsedArticle:
    """One sentence, two events (built by hand: the store is under test, not the extractor)."""
    return ParsedArticle(TEXT, dt.date(2022, 8, 23), (), (), (
        _event(("Disasters", "Natural disaster or epidemic"), "floods", 12),
        _event(("Strategic developments", "Arrests"), "arrested")))


@pytest.fixture
def store(db_url):
    s = Store(db_url)  # a SQLite file, then a PostgreSQL database
    s.save(_parsed(), title="Floods in Sindh")
    return s


def _kinds(store: Store) -> list[tuple[str, str]]:
    return sorted((e.type, e.subtype) for e in store.events())


def test_deleting_one_event_of_a_sentence_leaves_its_neighbour(store):
    flood = next(e for e in store.events() if e.type == "Disasters")
    store.correct_event(flood, "delete")
    assert _kinds(store) == [("Strategic developments", "Arrests")]


def test_retyping_one_event_leaves_its_neighbour_and_survives_reprocessing(store):
    arrest = next(e for e in store.events() if e.type == "Strategic developments")
    store.correct_event(arrest, "set_type", {"type": "Riots", "subtype": "Mob violence"})
    expected = [("Disasters", "Natural disaster or epidemic"), ("Riots", "Mob violence")]
    assert _kinds(store) == expected
    assert store.reprocess(_parsed) == 1  # new event rows, new ids: the key still names it
    assert _kinds(store) == expected
    retyped = next(e for e in store.events() if e.type == "Riots")
    assert retyped.corrected and retyped.key == arrest.key


def test_undo_brings_the_machine_answer_back(store):
    flood = next(e for e in store.events() if e.type == "Disasters")
    seen = {store.version()}
    fix = store.correct_event(flood, "delete")
    assert len(store.events()) == 1 and store.version() not in seen
    seen.add(store.version())
    assert store.undo(fix) and len(store.events()) == 2 and store.corrections() == []
    assert not store.undo(fix)  # already taken back
    assert store.version() not in seen  # the dashboard's cache of events sees the undo
    seen.add(store.version())
    again = store.correct_event(flood, "delete")  # a new correction, never the undone one's id
    assert again != fix and store.version() not in seen and len(store.events()) == 1


def test_the_audit_list_says_what_changed_in_plain_words(store):
    arrest = next(e for e in store.events() if e.type == "Strategic developments")
    store.correct_event(arrest, "set_place", views.point_value("Kahramanmaraş", 37.58, 36.93, "TR"))
    (fix,) = store.corrections()
    said = views.describe_correction(fix, "Floods in Sindh")
    assert said == ("Placed the Strategic developments / Arrests event (“arrested”) at "
                    "Kahramanmaraş (37.580, 36.930), in “Floods in Sindh”")
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT value FROM corrections").scalar()
    assert "Kahramanmaraş" in stored and "\\u" not in stored  # stored readable too


def test_a_schema_3_store_keeps_its_old_corrections_and_takes_new_ones(tmp_path):
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:  # made by the code before event keys (see the file's head)
        conn.executescript((DATA / "store-schema3.sql").read_text(encoding="utf-8"))
    store = Store(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION == 4
    # as before: the arrest retyped, the protest deleted, the flood as the machine had it
    assert _kinds(store) == [("Disasters", "Natural disaster or epidemic"), ("Protests", "Peaceful protest")]
    said = [views.describe_correction(f) for f in store.corrections()]
    assert said == ["Retyped every event of the sentence at 105 as Protests / Peaceful protest, in article #1",
                    "Deleted every event of the sentence at 165, in article #1"]
    flood = next(e for e in store.events() if e.type == "Disasters")
    store.correct_event(flood, "set_type", {"type": "Violence against civilians", "subtype": "Attack"})
    assert _kinds(store) == [("Protests", "Peaceful protest"), ("Violence against civilians", "Attack")]


def test_events_without_offsets_are_read_with_a_key(tmp_path):
    """Imported datasets' events (ACLED, UCDP) have no text offsets: still read, still keyed."""
    store = Store(tmp_path / "imported.db")
    store.import_events("acled", [{"external_id": "X1", "type": "Battles", "subtype": "Armed clash",
                                   "date": "2022-08-27", "trigger": "clash", "sentence": None}])
    (event,) = store.events(origins=("acled",))
    assert event.key == "0-5:Battles/Armed clash"
