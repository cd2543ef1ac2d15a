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


def _map_args(at: AppTest, index: int = 0, maps_drawn: int = 2) -> dict:
    """The folium map of a tab: 0 = the article's places, 1 (or -1) = the stored events. The
    Article tab's map is drawn only while that tab is open (?tab=Article; the page opens on
    the Stored events tab, where only the events map is drawn: index -1, maps_drawn=1)."""
    maps = at.get("component_instance")
    assert len(maps) == maps_drawn, f"expected {maps_drawn} maps, found {len(maps)}"
    assert maps[index].proto.component_name == "streamlit_folium.st_folium"
    return json.loads(maps[index].proto.json_args)


@pytest.fixture(scope="module", autouse=True)
def _vendored() -> None:
    if not (ROOT / "static" / "vendor" / "MANIFEST.json").is_file():
        pytest.fail("static/vendor/ is missing — run `make assets`")


@pytest.fixture(scope="module")
def sample_run() -> AppTest:
    """The page with the Article tab open (?tab=Article): both maps are drawn."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["tab"] = "Article"
    return at.run()


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
    at = _run_with({"tab": "Article"})
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
    drawn = args["script"] + args["feature_group"]  # the events travel as a layer beside the base map
    assert "FeatureCollection" in drawn and URL_RE.findall(drawn) == []
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
    assert "types" not in at.query_params           # every type shown: a plain URL
    types = next(m for m in at.multiselect if m.label == "Event types")
    kept = [t for t in types.value if t != "Diplomacy"]
    types.set_value(kept).run()
    assert _param(at, "types") == kept
    _, total = _shown(at)
    at.button(key="fix_delete").click().run()
    assert _shown(at)[1] == total                   # asked first: nothing deleted yet
    at.button(key="fix_delete_yes").click().run()
    assert not at.exception
    _, after = _shown(at)
    assert after == total - 1
    assert any(s.value == "Corrections" for s in at.subheader)
    assert _param(at, "types") == kept
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
    args = _map_args(at, -1, maps_drawn=1)
    assert "heatLayer" in args["script"] + args["feature_group"]
    assert all(not URL_RE.match(u) for u in args["js_links"])


def _run_with(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def _param(at: AppTest, key: str) -> list[str]:
    """A URL parameter's values (AppTest gives one value as a string, several as a list)."""
    value = at.query_params.get(key)
    return [value] if isinstance(value, str) else list(value or [])


def _label_value(widget) -> str:
    """The value behind a multi-select's first "name (count)" option."""
    return widget.options[0].rsplit(" (", 1)[0]


def test_sidebar_holds_every_filter_and_a_shared_link_restores_them() -> None:
    link = {"types": ["Battles", "Diplomacy"], "country": "UA", "place": "Ky", "q": "a",
            "min": "0.1", "day": "2022-02-24"}
    at = _run_with(link)
    assert not at.exception
    labels = {w.label for w in at.sidebar.multiselect}
    assert labels == {"Event types", "Subtypes", "Countries", "Regions (first level)", "Source articles",
                      "Actors"}
    assert at.multiselect(key="f_types").value == ["Battles", "Diplomacy"]
    assert at.multiselect(key="f_countries").value == ["UA"]
    assert (at.text_input(key="f_place").value, at.text_input(key="f_text").value) == ("Ky", "a")
    assert at.slider(key="f_min").value == 0.1
    assert at.checkbox(key="f_one_day").value and at.select_slider(key="f_day").value == "2022-02-24"
    for key, value in link.items():  # the URL says the same after the run: the link is shareable
        assert _param(at, key) == ([value] if isinstance(value, str) else value), key
    shown, _ = _shown(at)
    table = at.dataframe[-1].value
    assert len(table) == shown and set(table["country"]) <= {"UA"} and set(table["date"]) <= {"2022-02-24"}


def test_subtype_region_and_source_filters_narrow_the_view() -> None:
    import os

    from geo.store import Store

    at = _run_with()
    _, total = _shown(at)
    at.multiselect(key="f_regions").set_value([_label_value(at.multiselect(key="f_regions"))]).run()
    by_region, _ = _shown(at)
    assert 0 < by_region < total and _param(at, "region")
    at.multiselect(key="f_regions").set_value([]).run()
    first_article = Store(os.environ["NEWSMAP_DB"]).articles()[0].id
    at.multiselect(key="f_sources").set_value([first_article]).run()
    by_source, _ = _shown(at)
    assert 0 < by_source < total and _param(at, "source") == [str(first_article)]
    at.multiselect(key="f_sources").set_value([]).run()
    at.multiselect(key="f_subtypes").set_value([_label_value(at.multiselect(key="f_subtypes"))]).run()
    by_subtype, _ = _shown(at)
    assert 0 < by_subtype < total and _param(at, "subtype")
    at.text_input(key="f_place").input("Kharkiv").run()
    assert set(at.dataframe[-1].value["place"]) <= {"Kharkiv"}


def test_one_day_steps_back_and_forth_and_play_runs_to_the_last_day(monkeypatch) -> None:
    from geo.ui import filters

    monkeypatch.setattr(filters, "PLAY_STEP_S", 0.0)
    at = _run_with()
    at.checkbox(key="f_one_day").check().run()
    days = at.select_slider(key="f_day").options
    assert at.select_slider(key="f_day").value == days[-1] and len(days) >= 3
    at.button(key="f_prev").click().run()
    assert at.select_slider(key="f_day").value == days[-2] and _param(at, "day") == [days[-2]]
    at.button(key="f_next").click().run()
    assert at.select_slider(key="f_day").value == days[-1]
    at.button(key="f_play").click().run()  # from the last day, Play starts again at the first
    assert not at.exception
    assert at.select_slider(key="f_day").value == days[-1] and not at.session_state["f_playing"]


def test_play_does_not_hold_the_page_and_stop_stops_it(monkeypatch) -> None:
    from geo.ui import filters

    # a page that waited each step out (time.sleep) would return only after the last day
    monkeypatch.setattr(filters, "PLAY_STEP_S", 3.0)
    at = _run_with()
    at.checkbox(key="f_one_day").check().run()
    days = at.select_slider(key="f_day").options
    at.button(key="f_play").click().run()     # the browser's timer moves on (tests/test_browser.py)
    assert not at.exception
    assert at.select_slider(key="f_day").value == days[0] and at.session_state["f_playing"]
    at.button(key="f_stop").click().run()
    assert not at.session_state["f_playing"] and at.select_slider(key="f_day").value == days[0]
    assert [b.key for b in at.button if b.key == "f_play"] == ["f_play"]


def test_filter_changes_keep_the_map_and_its_view_until_fit_is_asked() -> None:
    at = _run_with()
    first = _map_args(at, -1, maps_drawn=1)
    at.multiselect(key="f_types").set_value(["Diplomacy"]).run()
    after = _map_args(at, -1, maps_drawn=1)
    assert after["key"] == first["key"]            # the same map: the browser keeps pan and zoom
    assert (after["center"], after["zoom"]) == (first["center"], first["zoom"])
    assert after["feature_group"] != first["feature_group"] and after["returned_objects"] == []
    at.button(key="fit_map").click().run()
    fitted = _map_args(at, -1, maps_drawn=1)
    assert fitted["key"] == first["key"] and fitted["center"] != first["center"]


def test_a_link_to_an_article_opens_it_with_its_marks_and_unresolved_mentions() -> None:
    at = _run_with({"article": "2"})
    assert not at.exception
    assert at.selectbox(key="article_view").value == 2 and _param(at, "article") == ["2"]
    assert any("Unresolved place mentions" in m.value for m in at.markdown)
    marks = next(m.value for m in at.markdown if '<mark class="place"' in m.value)
    assert "on the map at" in marks
    at.button(key="article_goto").click().run()   # "Show on the map" centres the events map there
    # the link opens the Stored events tab: the closed Article tab does not draw its map
    assert _map_args(at, -1, maps_drawn=1)["zoom"] >= 9


def test_a_place_correction_from_the_gazetteer_moves_the_event() -> None:
    at = _run_with()
    at.text_input(key="fix_place_query").input("Lviv").run()
    options = at.selectbox(key="fix_place").options
    assert options and options[0].startswith("Lviv")
    at.button(key="fix_place_apply").click().run()
    assert not at.exception
    assert "Lviv" in set(at.dataframe[-1].value["place"])
    listed = at.table[-1].value                                  # listed with its time
    assert listed["action"].iloc[0] == "set_place" and listed["created_at"].iloc[0]


def test_a_map_to_click_the_place_on_opens_on_request_around_the_event() -> None:
    at = _run_with()
    assert len(at.get("component_instance")) == 1          # not drawn on every rerun
    at.checkbox(key="fix_click_open").check().run()
    assert not at.exception
    maps = at.get("component_instance")
    assert len(maps) == 2
    args = json.loads(maps[1].proto.json_args)
    assert args["returned_objects"] == ["last_clicked"]     # only a click reruns the page
    assert "L.circleMarker" in args["script"] and not URL_RE.findall(args["script"])


def test_the_url_field_needs_network_use_and_missing_assets_fall_back_to_the_cdn(monkeypatch, tmp_path) -> None:
    at = _run_with()
    assert "up_url" not in [t.key for t in at.text_input]
    monkeypatch.setenv("NEWSMAP_NETWORK", "1")
    from geo.ui import common

    monkeypatch.setattr(common, "VENDOR", tmp_path / "no-vendor")
    try:
        at = _run_with()
        assert "up_url" in [t.key for t in at.text_input]
        assert any("offline assets are missing" in w.value for w in at.warning)
        args = _map_args(at, -1, maps_drawn=1)
        assert all(u.startswith("https://") for u in args["js_links"])
        assert "tile.openstreetmap.org" in args["script"]  # online tiles offered in the layer control
    finally:
        from geo.maps.mapview import offline_assets

        offline_assets()  # folium's asset lists are global: the next tests expect the local ones


def _days_slider(at: AppTest):
    return next(s for s in at.select_slider if s.label == "Days")


def test_an_article_on_a_new_day_shows_when_every_day_is_chosen() -> None:
    import datetime as dt

    at = _run_with()
    shown, total = _shown(at)
    assert shown == total
    at.date_input(key="paste_date").set_value(dt.date(2022, 3, 20))
    at.text_area(key="paste_text").input("Shelling hit Zhytomyr, killing 2 civilians, officials said.")
    at.button(key="paste_store").click().run()
    shown, after = _shown(at)
    assert after > total and shown == after     # the day range grew with the new day
    assert _days_slider(at).value[1] == "2022-03-20"


def test_a_runner_up_candidate_is_offered_for_an_event_whose_place_had_rivals() -> None:
    import os

    from geo.store import Store

    at = _run_with()  # a new store starts with the samples
    store = Store(os.environ["NEWSMAP_DB"])
    with_rivals = None
    for event in store.events():
        for p in store.places(event.article_id):
            if (p.entry_id == event.place_id and event.start <= p.start < event.end
                    and p.alternatives):
                with_rivals = event
    assert with_rivals, "no sample event is placed by a mention with runner-ups"
    at.selectbox(key="fix_event").set_value(with_rivals.id).run()
    assert any(o.endswith("— runner-up") for o in at.selectbox(key="fix_place").options)


def _stored_article(at: AppTest, text: str, title: str) -> int:
    """Store `text` through the paste form and open it in the article view; its id."""
    import os

    from geo.store import Store

    at.text_area(key="paste_text").input(text)
    at.text_input(key="paste_title").input(title)
    at.button(key="paste_store").click().run()
    article_id = next(a.id for a in Store(os.environ["NEWSMAP_DB"]).articles() if a.title == title)
    at.selectbox(key="article_view").set_value(article_id).run()
    assert not at.exception
    return article_id


def _mention_at(at: AppTest, word: str) -> tuple[int, str]:
    """Pick the mention of `word` in the article view's correction list: its start and label."""
    picker = at.selectbox(key="mention_pick")
    label = next(o for o in picker.options if o.startswith(f"“{word}”"))
    start = int(label.split(" at ", 1)[1].split()[0])
    picker.set_value(start).run()
    return start, label


def _corrections_listed(at: AppTest):
    return next(t.value for t in at.table if "created_at" in t.value.columns)


def test_an_unresolved_mention_is_placed_from_the_article_view_by_a_gazetteer_search() -> None:
    import os

    from geo.store import Store

    at = _run_with()
    article_id = _stored_article(
        at, "Shelling hit homes in Zorvanka on Friday, killing 3 civilians, officials in Kharkiv said.",
        "Zorvanka shelled")
    assert "Unresolved place mentions (1)" in " ".join(m.value for m in at.markdown)
    start, label = _mention_at(at, "Zorvanka")
    assert label.endswith("unresolved: not in the gazetteer")
    at.text_input(key="mention_place_query").input("Lviv").run()
    assert at.selectbox(key="mention_place").options[0].startswith("Lviv")
    at.button(key="mention_place_apply").click().run()
    assert not at.exception
    placed = next(p for p in Store(os.environ["NEWSMAP_DB"]).places(article_id) if p.start == start)
    assert (placed.text, placed.name, placed.corrected) == ("Zorvanka", "Lviv", True)
    assert "Unresolved place mentions (0)" in " ".join(m.value for m in at.markdown)
    marks = next(m.value for m in at.markdown if '<mark class="place"' in m.value)
    assert ">Zorvanka</mark>" in marks and "Lviv" in marks          # marked, and where it is
    listed = _corrections_listed(at)                                # listed with its time
    newest = listed.iloc[0]
    assert (newest["article_id"], newest["target"], newest["action"]) == (article_id, "place", "set_place")
    assert newest["created_at"] and "“Zorvanka shelled”" in newest["change"]
    assert newest["change"].startswith("Placed the place mention at") and " at Lviv (" in newest["change"]


def test_a_runner_up_is_offered_for_a_place_mention_and_wins_over_the_parser() -> None:
    import os

    from geo.store import Store

    at = _run_with({"article": "1"})
    store = Store(os.environ["NEWSMAP_DB"])
    located = [(e.start, e.end) for e in store.events() if e.article_id == 1]
    # a mention with rivals that placed no event: the other tests' events stay where they are
    mention = next(p for p in store.places(1) if p.alternatives
                   and not any(s <= p.start < e for s, e in located))
    at.selectbox(key="mention_pick").set_value(mention.start).run()
    rivals = [o for o in at.selectbox(key="mention_place").options if o.endswith("— runner-up")]
    assert rivals, "the resolver's runner-ups are not offered for the mention"
    at.selectbox(key="mention_place").set_value(rivals[0]).run()
    at.button(key="mention_place_apply").click().run()
    assert not at.exception
    after = next(p for p in store.places(1) if p.start == mention.start)
    assert after.corrected and rivals[0].startswith(after.name + ",")
    assert (after.lat, after.lon) != (mention.lat, mention.lon)
    assert at.selectbox(key="mention_pick").value == mention.start
    label = next(o for o in at.selectbox(key="mention_pick").options
                 if o.startswith(f"“{mention.text}” at {mention.start} "))
    assert label.endswith("(corrected)")


def test_a_click_on_the_map_places_a_mention(monkeypatch) -> None:
    import os

    from geo.store import Store
    from geo.ui import corrections

    at = _run_with()
    article_id = _stored_article(
        at, "Shelling hit homes in Brodvanka on Friday, killing 2 civilians, officials in Kharkiv said.",
        "Brodvanka shelled")
    start, _ = _mention_at(at, "Brodvanka")
    at.checkbox(key="mention_click_open").check().run()
    maps = [json.loads(m.proto.json_args) for m in at.get("component_instance")]
    assert ["last_clicked"] in [m["returned_objects"] for m in maps]   # the click map is drawn
    # a click as streamlit-folium reports it (the browser test clicks a real map)
    monkeypatch.setattr(corrections, "st_folium",
                        lambda *a, **k: {"last_clicked": {"lat": 50.1234, "lng": 36.4321}})
    at.run()
    assert at.text_input(key="mention_click_name").value == "Brodvanka"  # what the text says
    at.button(key="mention_click_apply").click().run()
    assert not at.exception
    placed = next(p for p in Store(os.environ["NEWSMAP_DB"]).places(article_id) if p.start == start)
    assert (placed.name, placed.lat, placed.lon) == ("Brodvanka", 50.1234, 36.4321)
    assert placed.country == "UA" and placed.admin1  # the clicked point's own, found offline
    assert _corrections_listed(at).iloc[0]["target"] == "place"


def test_the_table_and_event_picker_list_only_the_first_events_the_map_counts_all(monkeypatch) -> None:
    """Past LISTED_EVENTS_MAX the table and the corrections' event picker list the first
    events only (the browser builds each in one task); the map and heading still count all."""
    from geo.ui import corrections, events

    monkeypatch.setattr(events, "LISTED_EVENTS_MAX", 3)
    monkeypatch.setattr(corrections, "LISTED_EVENTS_MAX", 3)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    shown, _ = _shown(at)
    table = at.dataframe[-1].value
    assert len(table) == 3 and shown > 3
    assert any(c.value.startswith(f"The first 3 of {shown:,} events") for c in at.caption)
    assert len(at.selectbox(key="fix_event").options) <= 3
    import os

    from geo.store import Store

    placed = sum(e.lat is not None for e in Store(os.environ["NEWSMAP_DB"]).events())
    assert placed > 3 and _map_args(at, -1, maps_drawn=1)["feature_group"].count('"type": "Feature"') == placed


def test_pasted_articles_are_dated_by_their_own_dateline_never_by_a_sample_date() -> None:
    import os

    from geo.store import Store

    at = _run_with()
    assert at.date_input(key="up_date").value is None      # no default date for uploads
    assert at.date_input(key="paste_date").value is None   # the paste box has its own
    at.text_area(key="paste_text").input(
        "HYDERABAD, August 27, 2022 — Floodwaters swept through the town of Kharkiv on Saturday, "
        "and rescuers said 6 people were killed when a bridge collapsed in Kharkiv.").run()
    assert any("27 August 2022, from the article's dateline" in c.value for c in at.caption)
    at.text_input(key="paste_title").input("Dateline test").run()
    at.button(key="paste_store").click().run()
    assert not at.exception
    store = Store(os.environ["NEWSMAP_DB"])
    article = next(a for a in store.articles() if a.title == "Dateline test")
    assert article.published == "2022-08-27"
    dates = {e.date for e in store.events() if e.article_id == article.id}
    assert dates == {"2022-08-27"}, dates

    at.text_area(key="paste_text").input("Police said on Saturday that 2 people were killed in Kharkiv.").run()
    assert any("No publication date" in w.value for w in at.warning)


def test_the_page_opens_on_stored_events_and_the_url_keeps_the_open_tab() -> None:
    at = _run_with()
    assert at.session_state["tab"] == "Stored events"
    assert len(at.get("component_instance")) == 1          # the Article tab's map is not drawn
    at = _run_with({"tab": "Article", "types": "Diplomacy"})
    assert at.session_state["tab"] == "Article" and len(at.get("component_instance")) == 2
    assert _param(at, "tab") == ["Article"] and _param(at, "types") == ["Diplomacy"]
    at.multiselect(key="f_types").set_value(["Battles"]).run()  # a filter change keeps the tab
    assert _param(at, "tab") == ["Article"] and _param(at, "types") == ["Battles"]


def test_deleting_one_event_of_a_sentence_asks_first_leaves_its_neighbour_and_can_be_undone() -> None:
    import os

    from geo.store import Store

    at = _run_with()
    text = ("In Kahramanmaraş on Monday, police arrested 4 men and hundreds of protesters "
            "marched to the governor's office.")
    article_id = _stored_article(at, text, "Arrests in Kahramanmaraş")
    store = Store(os.environ["NEWSMAP_DB"])
    mine = {e.type: e for e in store.events() if e.article_id == article_id}
    assert {"Protests", "Strategic developments"} <= set(mine), mine  # two events, one sentence
    arrest, protest = mine["Strategic developments"], mine["Protests"]
    at.selectbox(key="fix_event").set_value(protest.id).run()
    assert at.selectbox(key="fix_type").value == f"Protests / {protest.subtype}"
    at.selectbox(key="fix_event").set_value(arrest.id).run()   # its own type, not the last one's
    assert at.selectbox(key="fix_type").value == "Strategic developments / Arrests"
    at.button(key="fix_delete").click().run()
    assert any("Only this event goes" in w.value for w in at.warning)
    assert {e.id for e in store.events()} >= {arrest.id, protest.id}  # asked, not done
    at.button(key="fix_delete_yes").click().run()
    assert not at.exception
    left = {e.type for e in store.events() if e.article_id == article_id}
    assert "Strategic developments" not in left and "Protests" in left      # the neighbour stays
    newest = _corrections_listed(at).iloc[0]["change"]
    assert newest == ("Deleted the Strategic developments / Arrests event (“arrested”), "
                      "in “Arrests in Kahramanmaraş”")
    at.button(key="fix_undo").click().run()
    assert {"Protests", "Strategic developments"} <= {e.type for e in store.events()
                                                      if e.article_id == article_id}


def test_a_day_range_from_the_url_raises_no_session_state_warning(caplog) -> None:
    """The Days slider takes its range from the URL without Streamlit's warning that a widget
    "was created with a default value but also had its value set via the Session State API"."""
    import logging

    caplog.set_level(logging.WARNING)
    at = _run_with({"from": "2022-02-24", "to": "2022-02-26"})   # no event on the 26th
    assert not at.exception
    # every calendar day is on the slider (issue 20: time, not the days that have events)
    assert _days_slider(at).value == ("2022-02-24", "2022-02-26")
    assert "2022-02-26" in _days_slider(at).options
    said = [r.getMessage() for r in caplog.records]
    assert not any("also had its value set via the Session State API" in m for m in said), said


def _timeline_spec(at: AppTest) -> dict:
    import json

    charts = [c for c in at.get("vega_lite_chart") if "timeline_chart" in str(c.proto.id)]
    assert charts, "no timeline drawn"
    return json.loads(charts[0].proto.spec)


def test_actor_filter_deaths_total_and_timeline_colours_that_stay() -> None:
    """Actors are listed under normalised names with counts and filter the view (kept in the
    URL); the deaths of the view are said, each toll once; the timeline colours each type as
    the map legend does, the same whatever types are filtered."""
    import os

    from geo.events.typestyles import type_styles
    from geo.maps import eventstats, views
    from geo.store import Store

    at = _run_with()
    first = _label_value(at.multiselect(key="f_actors"))
    spec_all = _timeline_spec(at)
    at.multiselect(key="f_actors").set_value([first]).run()
    assert not at.exception
    shown, total = _shown(at)
    assert 0 < shown < total and _param(at, "actor") == [first]
    events = Store(os.environ["NEWSMAP_DB"]).events()
    expected = eventstats.fatalities_total(views.apply(events, views.Filters(actors=(first,))))
    said = next(m.value for m in at.markdown if "deaths**" in m.value)
    assert said.startswith(f"**{expected:,} deaths**"), said
    at.multiselect(key="f_actors").set_value([]).run()
    at.multiselect(key="f_types").set_value(["Diplomacy"]).run()
    spec_one = _timeline_spec(at)
    scales = [s["encoding"]["color"]["scale"] for s in (spec_all, spec_one)]
    assert scales[0] == scales[1]
    colours = dict(zip(scales[0]["domain"], scales[0]["range"], strict=True))
    assert colours == {t: s.hex for t, s in type_styles().items()}


def test_a_pasted_article_leans_to_the_focus_country_given() -> None:
    import os

    from geo.store import Store

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.text_input(key="up_focus").input("gb").run()
    text = "Flood barriers went up in Kent before the storm on Tuesday, the council said."
    at.text_area(key="paste_text").input(text)
    at.text_input(key="paste_title").input("focus test").run()
    at.button(key="paste_store").click().run()
    assert not at.exception
    store = Store(os.environ["NEWSMAP_DB"])
    article_id = next(a.id for a in store.articles() if a.title == "focus test")
    assert [p.country for p in store.places(article_id) if p.text == "Kent"] == ["GB"]
    at.text_input(key="up_focus").input("XX").run()
    assert any("not a country code" in w.value for w in at.warning)


def test_a_source_s_default_focus_is_stored_and_pre_fills_the_form() -> None:
    import os

    from geo.store import Store, sources

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.text_input(key="up_source").input("Kentish Gazette").run()
    at.text_input(key="up_focus").input("gb").run()
    at.button(key="up_focus_save").click().run()
    assert not at.exception
    assert sources.focus(Store(os.environ["NEWSMAP_DB"]), "Kentish Gazette") == "GB"
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()  # a new session
    assert fresh.text_input(key="up_focus").value == ""
    fresh.text_input(key="up_source").input("Kentish Gazette").run()
    assert fresh.text_input(key="up_focus").value == "GB"
