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


def _map_args(at: AppTest, index: int = 0) -> dict:
    """The folium map of a tab: 0 = the article's places, 1 = the stored events."""
    maps = at.get("component_instance")
    assert len(maps) == 2, "expected the article map and the stored-events map"
    assert maps[index].proto.component_name == "streamlit_folium.st_folium"
    return json.loads(maps[index].proto.json_args)


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


def _shown(at: AppTest) -> tuple[int, int]:
    head = next(s.value for s in at.subheader if " events" in s.value and " of " in s.value)
    shown, total = re.match(r"(\d+) of (\d+) events", head).groups()
    return int(shown), int(total)


def test_stored_events_start_with_the_samples_and_filters_narrow_them(sample_run: AppTest) -> None:
    shown, total = _shown(sample_run)
    assert shown == total >= 20, "the store should start with the sample articles' events"
    args = _map_args(sample_run, 1)
    assert "FeatureCollection" in args["script"] and URL_RE.findall(args["script"]) == []
    types = next(m for m in sample_run.multiselect if m.label == "Event types")
    types.set_value(["Diplomacy"]).run()
    diplomacy, _ = _shown(sample_run)
    assert 0 < diplomacy < total
    sample_run.checkbox[0].check().run()  # one day at a time: the last day only
    one_day, _ = _shown(sample_run)
    assert one_day <= diplomacy
    table = sample_run.dataframe[-1].value  # the stored-events table comes last
    assert set(table["type"]) <= {"Diplomacy"} and len(table) == one_day


def test_filtered_view_downloads_in_three_formats(sample_run: AppTest) -> None:
    labels = [b.label for b in sample_run.get("download_button")]
    assert labels == ["Download CSV", "Download GEOJSON", "Download KML"]


def test_corrections_delete_an_event_and_the_url_keeps_the_type_filter() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    _, total = _shown(at)
    at.button(key="fix_delete").click().run()
    assert not at.exception
    _, after = _shown(at)
    assert after == total - 1
    assert any(s.value == "Corrections" for s in at.subheader)
    assert at.query_params["types"]
    assert any(s.value == "Article view" for s in at.subheader)


def test_types_in_the_url_preselect_the_filter() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["types"] = "Diplomacy"
    at.run()
    types = next(m for m in at.multiselect if m.label == "Event types")
    assert types.value == ["Diplomacy"]


def test_pasted_article_is_stored_and_heat_map_stays_offline() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    _, total = _shown(at)
    at.text_area(key="paste_text").input("Shelling hit Mykolaiv on Friday, killing 4 civilians.")
    at.button(key="paste_store").click().run()
    assert not at.exception
    _, after = _shown(at)
    assert after == total + 1
    at.checkbox(key="heat").check().run()
    args = _map_args(at, 1)
    assert "heatLayer" in args["script"] and all(not URL_RE.match(u) for u in args["js_links"])
