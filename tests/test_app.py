"""The Streamlit page, run headless with AppTest: no exception, an offline map, a real text box."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
URL_RE = re.compile(r"https?://[^\s\"'<>)]+")
KYIV_MARKER = re.compile(r"L\.marker\(\s*\[50\.4\d*,\s*30\.5\d*\]")   # Kyiv: 50.45 N, 30.52 E


def _map_args(at: AppTest) -> dict:
    maps = at.get("component_instance")
    assert len(maps) == 1, "expected exactly one map component"
    assert maps[0].proto.component_name == "streamlit_folium.st_folium"
    return json.loads(maps[0].proto.json_args)


@pytest.fixture(scope="module", autouse=True)
def _vendored() -> None:
    if not (ROOT / "static" / "vendor" / "MANIFEST.json").is_file():
        pytest.fail("static/vendor/ is missing — run `make assets`")


@pytest.fixture(scope="module")
def sample_run() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def test_sample_article_renders_without_error(sample_run: AppTest) -> None:
    assert not sample_run.exception, [e.message for e in sample_run.exception]
    assert not sample_run.error, [e.value for e in sample_run.error]
    assert sample_run.title[0].value == "Newsmap"


def test_map_shows_kyiv_and_loads_only_local_assets(sample_run: AppTest) -> None:
    args = _map_args(sample_run)
    assert KYIV_MARKER.search(args["script"]), "no marker at Kyiv's coordinates"
    links = args["js_links"] + args["css_links"]
    assert links, "the map declares no Leaflet assets"
    assert [u for u in links if URL_RE.match(u)] == []
    for link in links:                      # every asset is served from static/vendor/
        assert link.startswith("/app/static/vendor/"), link
        assert (ROOT / link.removeprefix("/app/")).is_file(), f"{link} not vendored"
    assert URL_RE.findall(args["header"] + args["script"]) == []


def test_table_and_unresolved_list(sample_run: AppTest) -> None:
    table = sample_run.dataframe[0].value
    assert {"Kyiv", "Moscow", "Ukraine"} <= set(table["name"])
    assert (table["text"].str.len() > 0).all()
    assert any(s.value.startswith("Unresolved mentions") for s in sample_run.subheader)


def test_pasted_article_replaces_the_sample() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.text_area[0].input("Shelling was reported in Kharkiv and near Odesa on Friday.").run()
    assert not at.exception
    names = set(at.dataframe[0].value["name"])
    assert "Kharkiv" in names and "Kyiv" not in names
    assert not KYIV_MARKER.search(_map_args(at)["script"])


def test_events_table_lists_the_sample_events(sample_run: AppTest) -> None:
    events = sample_run.dataframe[1].value
    assert {"Sanctions", "Battles", "Explosions/Remote violence", "Diplomacy"} <= set(events["type"])
    assert "Non-state actor overtakes territory" in set(events["subtype"])
