"""`python -m geo gazetteer add FILE`: villages a user adds from a GeoNames country dump or a CSV.

The files in tests/data/gazetteer/ were written for these tests in GeoNames' dump format
(19 tab-separated fields) and the CSV format; their ids from 99000001 on are made up."""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import GazetteerError
from geo.gazetteer.add import add, added_files
from geo.gazetteer.index import cache_path
from geo.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "gazetteer"


def _settings(tmp_path):
    return Settings(cache_dir=tmp_path / "cache", added_dir=tmp_path / "added")


def _written(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def test_a_geonames_dump_keeps_places_units_and_rivers_and_skips_other_features(tmp_path):
    settings = _settings(tmp_path)
    added = add(DATA / "UA-sample.txt", settings)
    assert (added.kept, added.skipped) == (4, 1)  # the hotel is no kind of ours
    rows = _written(added.path)
    pisky = rows["gn:99000001"]
    assert (pisky["name"], pisky["kind"], pisky["country"], pisky["admin1"]) == (
        "Pisky", "city", "UA", "Donetska oblast")
    assert pisky["aliases"].split("|") == ["Piski", "Pesky"]  # Latin-script spellings only
    assert rows["gn:99000003"]["kind"] == "river" and rows["gn:99000001"]["population"] == "2100"
    assert added_files(settings) == [("UA-sample.csv", 4)]


def test_a_csv_of_places_is_added_with_its_kinds_and_aliases(tmp_path):
    added = add(DATA / "villages-sample.csv", _settings(tmp_path))
    rows = list(_written(added.path).values())
    assert [(r["name"], r["kind"], r["aliases"]) for r in rows] == [
        ("Vilne Pole", "city", "Vilnepole|Vilnopole"), ("Nova Sample Mill", "landmark", "")]


@pytest.mark.parametrize("content,message", [
    ("name,lat,lon\nPisky,48.0,37.6\n", "missing columns country"),
    ("name,lat,lon,country\nPisky,north,37.6,UA\n", ":2: lat and lon must be numbers"),
    ("name,lat,lon,country\nPisky,48.0,237.6,UA\n", "coordinates out of range"),
    ("name,lat,lon,country,kind\nPisky,48.0,37.6,UA,hamlet\n", "unknown kind 'hamlet'"),
    ("name,lat,lon,country\nPisky,48.0,37.6,Ukraine\n", "not a two-letter ISO code"),
    ("1\tPisky\tPisky\t\t48.0\t37.6\tP\tPPL\tUA\t\t05\t\t\t\t0\t\t1\tEurope/Kyiv\n",
     "18 tab-separated fields"),
])
def test_a_bad_file_is_refused_with_the_line_and_nothing_is_written(tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    settings = _settings(tmp_path)
    with pytest.raises(GazetteerError, match=message):
        add(bad, settings)
    assert added_files(settings) == []


def test_additions_change_the_cache_name_so_the_next_load_rebuilds(tmp_path):
    settings = _settings(tmp_path)
    before = cache_path(settings)
    add(DATA / "UA-sample.txt", settings)
    assert cache_path(settings) != before


def _geo(args, env, stdin=None):
    return subprocess.run([sys.executable, "-m", "geo", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)


def test_added_villages_are_found_listed_and_kept_apart_from_the_cache(tmp_path):
    """End to end with the real build (about a minute): the village the shipped gazetteer
    lacks is found in its oblast; a dump line for a town the gazetteer has adds no double."""
    env = {**os.environ, "NEWSMAP_CACHE_DIR": str(tmp_path / "cache"),
           "NEWSMAP_GAZETTEER_ADDED": str(tmp_path / "added")}
    done = _geo(["gazetteer", "add", str(DATA / "UA-sample.txt")], env)
    assert done.returncode == 0, done.stderr
    assert "added 4 places" in done.stdout
    text = "Artillery hit Pisky, Donetsk, and the village of Zorianivka overnight. Mykolaivka was quiet."
    out = json.loads(_geo(["parse"], env, json.dumps({"id": "a", "text": text}) + "\n").stdout)
    got = {p["text"]: p for p in out["places"]}
    assert (got["Pisky"]["geonameid"], got["Pisky"]["kind"], got["Pisky"]["admin1"]) == (
        99000001, "city", "Donetsk Oblast")
    assert got["Zorianivka"]["geonameid"] == 99000002
    assert got["Mykolaivka"]["geonameid"] == 700119
    assert all(a["id"] != "gn:700119" for a in got["Mykolaivka"].get("alternatives", []))
    info = _geo(["gazetteer", "info"], env).stdout
    assert "added:UA-sample.txt|city" in info and "UA-sample.csv (4 places)" in info
    assert list((tmp_path / "added").iterdir()) == [tmp_path / "added" / "UA-sample.csv"]
    bad = _geo(["gazetteer", "add", str(tmp_path / "missing.txt")], env)
    assert bad.returncode == 2 and "cannot read" in bad.stderr
