"""Dashboard computations and the stored-events map, without Streamlit."""
import re
from dataclasses import replace

import pytest

from geo.maps import views
from geo.maps.eventmap import build_event_map, type_styles
from geo.store import StoredEvent

EVENTS = [
    StoredEvent(id=1, article_id=None, origin="extracted", type="Battles", subtype="Armed clash",
                date="2022-02-24", score=0.7, lat=50.45, lon=30.52, place="Kyiv",
                sentence="Fighting in Kyiv.", sources=2, title="A"),
    StoredEvent(id=2, article_id=None, origin="extracted", type="Diplomacy", subtype="Talks",
                date="2022-02-28", score=0.5, lat=52.4, lon=31.0, place="Gomel", sentence="Talks.",
                sources=1, title="B"),
    StoredEvent(id=3, article_id=None, origin="extracted", type="Battles", subtype="Armed clash",
                date=None, score=0.3, lat=None, lon=None, place=None, sentence="Undated.", sources=1,
                title="C"),
]


def test_filters_by_type_day_and_confidence():
    assert len(views.filter_events(EVENTS, types=["Battles"])) == 2
    assert [e.title for e in views.filter_events(EVENTS, day_from="2022-02-25", day_to="2022-03-01")] == ["B"]
    assert [e.title for e in views.filter_events(EVENTS, min_score=0.6)] == ["A"]
    assert views.type_counts(EVENTS) == {"Battles": 2, "Diplomacy": 1}
    assert views.days(EVENTS) == ["2022-02-24", "2022-02-28"]


def test_event_map_clusters_placed_events_with_taxonomy_colours_and_escaped_popups():
    hostile = replace(EVENTS[0], sentence='<img src=x onerror=alert(1)> `${alert(2)}`',
                   place="<script>alert(3)</script>")
    html = build_event_map([hostile, EVENTS[1], EVENTS[2]], basemap=None).get_root().render()
    assert "markerClusterGroup" in html and html.count('"type": "Feature"') == 2
    assert "<img src=x" not in html and "<script>alert(3)" not in html and "${alert" not in html
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == []
    assert {"Battles", "Diplomacy"} <= set(type_styles())


def test_many_events_use_compact_rows_with_escaped_tables():
    from geo.benchmarks.common import fake_events

    events = fake_events(4000)
    # the latest event of its group: listed in that group's popup
    events[0] = replace(events[0], place='<img src=x onerror=alert(1)>', date="2022-04-01")
    html = build_event_map(events, basemap=None).get_root().render()
    assert "newsmap-group" in html and "FeatureCollection" not in html
    # escaped, then JSON-encoded inside the script (tojson writes '&' as \u0026)
    assert "<img src=x" not in html and "\\u0026lt;img src=x" in html
    assert "newsmap-legend" in html and len(html) < 400_000


def test_the_legend_is_a_details_element_closed_on_small_maps_and_escaped():
    import folium

    from geo.maps.mapview import LEGEND_OPEN_MIN_PX, Legend

    legend = Legend(items=[("<img src=x onerror=alert(1)>", "red", "bomb"), ("Battles", "blue", "x")])
    assert legend.html.startswith("<details><summary") and "Legend (2)</summary>" in legend.html
    assert "<img src=x" not in legend.html and "&lt;img src=x" in legend.html
    m = folium.Map(tiles=None)
    m.add_child(legend)
    html = m.get_root().render()
    assert "<img src=x" not in html
    # open by itself only on a large map (the summary is one line until clicked)
    assert f"size.x >= {LEGEND_OPEN_MIN_PX[0]} && size.y >= {LEGEND_OPEN_MIN_PX[1]}" in html
    assert "disableClickPropagation" in html                            # a click there is not a map click
    assert re.findall(r"https?://[^\s\"'<>)]+", html.split("<body>", 1)[1]) == []


def test_highlight_marks_spans_and_escapes_everything_else():
    text = "Shelling <b>hit</b> Kyiv.\nMore"
    out = views.highlight(text, [(20, 24, "place"), (0, 8, "trigger"), (2, 5, "overlap")])
    assert out == ('<mark class="trigger">Shelling</mark> &lt;b&gt;hit&lt;/b&gt; '
                   '<mark class="place">Kyiv</mark>.<br>More')
    assert views.per_day(EVENTS) == {"2022-02-24": {"Battles": 1}, "2022-02-28": {"Diplomacy": 1}}


def test_filters_round_trip_through_the_url_and_ignore_junk():
    f = views.Filters(types=("Battles",), subtypes=("Talks, statements, recognition, expulsions",),
                      countries=("UA",), regions=("Kyiv City",), articles=(3, 5), place="Ky",
                      text="shell", day_from="2022-02-24", day_to="2022-02-26", min_score=0.35,
                      heat=True)
    params = f.to_params()
    assert params["subtype"] == ["Talks, statements, recognition, expulsions"]  # a comma survives
    assert params["source"] == ["3", "5"] and params["types"] == ["Battles"]
    assert views.Filters.from_params(params) == f
    day = views.Filters.from_params({"day": "2022-02-25"})
    assert (day.day_from, day.day_to, day.one_day) == ("2022-02-25", "2022-02-25", True)
    assert views.Filters.from_params(day.to_params()) == day
    junk = views.Filters.from_params({"min": "lots", "source": ["x", "7"], "types": "A,B", "heat": "no"})
    assert junk.min_score == 0.0 and junk.articles == (7,) and junk.types == ("A", "B") and not junk.heat
    assert views.Filters().to_params() == {}


def test_apply_narrows_by_subtype_country_region_source_place_and_text():
    events = [replace(EVENTS[0], country="UA", admin1="Kyiv City", article_id=1),
              replace(EVENTS[1], country="BY", admin1="Gomel", article_id=2),
              replace(EVENTS[2], country=None, admin1=None, article_id=2)]
    title = lambda f: [e.title for e in views.apply(events, f)]  # noqa: E731
    assert title(views.Filters()) == ["A", "B", "C"]
    assert title(views.Filters(subtypes=("Talks",))) == ["B"]
    assert title(views.Filters(countries=("UA",))) == ["A"]
    assert title(views.Filters(regions=("Gomel",))) == ["B"]
    assert title(views.Filters(articles=(2,))) == ["B", "C"]
    assert title(views.Filters(place="kY")) == ["A"]
    assert title(views.Filters(text="TALKS")) == ["B"]
    assert title(views.Filters(types=("Battles",), day_from="2022-02-24", day_to="2022-02-24")) == ["A"]
    assert views.counts(events, "country") == {"UA": 1, "BY": 1}


def test_day_steps_stop_at_both_ends():
    days = ["2022-02-24", "2022-02-25", "2022-02-27"]
    assert views.step_day(days, "2022-02-25", 1) == "2022-02-27"
    assert views.step_day(days, "2022-02-27", 1) == "2022-02-27"
    assert views.step_day(days, "2022-02-24", -1) == "2022-02-24"


def test_fit_view_shows_every_point_at_a_sensible_zoom():
    (lat, lon), zoom = views.fit_view([(50.45, 30.52), (46.48, 30.72), (49.99, 36.23)])
    assert 46.4 < lat < 50.5 and 30.5 < lon < 36.3 and zoom == 6  # 7 would cut the south off
    assert views.fit_view([(50.45, 30.52)])[1] == views.FIT_MAX_ZOOM   # one town: not a blank sheet
    assert views.fit_view([(40.7, -74.0), (50.45, 30.52)])[1] == 3     # New York to Kyiv: 594 px wide
    assert views.fit_view([(40.7, -74.0), (50.45, 30.52)], width_px=480)[1] == 2  # a narrow column
    assert views.fit_view([(40.7, -74.0), (-33.9, 151.2)])[1] == 1     # New York to Sydney
    assert views.fit_view([]) == views.WORLD_VIEW


def test_gazetteer_search_runner_ups_and_the_stored_correction(small_gaz):
    paris = views.gazetteer_matches(small_gaz, "paris")
    assert [c.country for c in paris] == ["FR", "US"]
    assert views.gazetteer_matches(small_gaz, "Kiev")[0].name == "Kyiv"
    assert views.gazetteer_matches(small_gaz, "Kharkiw")[0].name == "Kharkiv"       # transliterated
    assert views.gazetteer_matches(small_gaz, "Sevastopl")[0].name == "Sevastopol"  # one typo
    assert views.gazetteer_matches(small_gaz, "Atlantis") == [] and views.gazetteer_matches(small_gaz, " ") == []
    ids = [paris[1].id, "gn:0-not-there", paris[0].id]
    assert views.candidates_by_id(small_gaz, ids) == [paris[1], paris[0]]
    value = views.place_value(paris[1])
    assert value["place"] == value["name"] == "Paris" and value["admin1"] == "Texas"
    assert isinstance(value["lat"], float) and value["geo_precision"] == 1


def test_article_marks_say_where_the_place_is_and_titles_are_escaped():
    out = views.highlight("In Kyiv.", [(3, 7, "place", 'Kyiv "x" <b>')])
    assert out == 'In <mark class="place" title="Kyiv &quot;x&quot; &lt;b&gt;">Kyiv</mark>.'
    where = views.where_on_map("Kyiv", 50.45, 30.52, admin1="Kyiv City", country="UA")
    assert where == "Kyiv, Kyiv City, UA — on the map at 50.450, 30.520"
    assert views.where_on_map("Atlantis", None, None) == "Atlantis"


def test_event_layer_lists_clusters_rings_the_selected_event_and_links_articles():
    from streamlit_folium import _get_feature_group_string

    from geo.maps.eventmap import event_base_map, event_layer

    hostile = replace(EVENTS[0], title='<img src=x onerror=alert(1)>', article_id=7,
                   place="Kyiv `${alert(4)}`")
    m = event_base_map(basemap=None)
    layer = _get_feature_group_string(event_layer([hostile, EVENTS[1]], heat=True, selected=hostile), m)
    assert "clusterclick" in layer and "getAllChildMarkers" in layer and "heatLayer" in layer
    assert "point.bindPopup(popup._content" in layer  # popups on the points: the layer is never on the map
    assert "newsmap-selected" in layer and "Selected: Battles" in layer
    assert 'href=\\"../../?article=7\\"' in layer and 'target=\\"_blank\\"' in layer
    assert "<img src=x" not in layer and "${alert" not in layer and "`${" not in layer
    assert re.findall(r"https?://[^\s\"'<>)]+", layer) == []


def test_the_event_base_map_is_the_same_on_every_run_and_loads_the_plugins():
    from streamlit_folium import _get_map_string, generate_js_hash

    from geo.maps.eventmap import event_base_map

    def key() -> str:
        m = event_base_map(basemap=None)
        m.render()
        return generate_js_hash(_get_map_string(m), "events_map")

    assert key() == key()  # so streamlit-folium keeps the map and only swaps the event layer
    html = event_base_map(basemap=None).get_root().render()
    assert "leaflet.markercluster.js" in html and "leaflet_heat.min.js" in html


def test_online_tiles_and_cdn_assets_only_when_asked():
    from geo.maps.eventmap import event_base_map
    from geo.maps.mapview import build_map, offline_assets

    offline = event_base_map(basemap=None).get_root().render()
    assert re.findall(r"https?://[^\s\"'<>)]+", offline) == []
    online = event_base_map(basemap=None, online_tiles=True).get_root().render()
    assert "tile.openstreetmap.org" in online and "L.control.layers" in online
    try:
        cdn = build_map([], offline_prefix=None).get_root().render()
        assert "cdn.jsdelivr.net/npm/leaflet" in cdn and "/app/static/vendor" not in cdn
    finally:
        offline_assets()  # folium's asset lists are global: put the local ones back
    assert "/app/static/vendor/leaflet/leaflet.js" in build_map([]).get_root().render()


def test_the_upload_date_is_prefilled_from_the_files_metadata():
    import datetime as dt
    import json

    from geo.ui.upload import found_date

    dated = json.dumps({"text": "Shelling hit Kyiv.", "published": "2022-03-02"}).encode()
    later = json.dumps({"text": "Talks in Gomel.", "published": "2022-03-05"}).encode()
    assert found_date([(later, "b.json"), (dated, "a.json"), (b"No date here.", "c.txt")]) == dt.date(2022, 3, 2)
    assert found_date([(b"No date here.", "c.txt")]) is None


def test_the_picked_table_row_is_the_event_shown_in_that_row():
    from geo.ui.feed import picked_event as selected_event

    assert selected_event(EVENTS, {"selection": {"rows": [1], "columns": []}}) is EVENTS[1]
    assert selected_event(EVENTS, {"selection": {"rows": [], "columns": []}}) is None
    assert selected_event(EVENTS, {"selection": {"rows": [7]}}) is None   # the view shrank
    assert selected_event(EVENTS, None) is None


def test_a_clicked_point_becomes_a_place_correction():
    from geo.maps.views import point_value

    v = point_value("  near   Irpin ", 50.52, 30.25 + 360, "UA")  # a click on the next world copy
    assert v == {"name": "near Irpin", "place": "near Irpin", "lat": 50.52, "lon": 30.25,
                 "country": "UA", "admin1": None, "geo_precision": 1}
    assert point_value("", 95.0, -200.0)["lat"] == 90.0 and point_value("", 0, -200.0)["lon"] == 160.0
    assert point_value("", 48.5, 35.0)["name"] == "48.5000, 35.0000"


DAYS = ["2022-02-24", "2022-02-25", "2022-02-27"]


@pytest.mark.parametrize("chosen,all_days,seen,expected", [
    (None, DAYS, None, ("2022-02-24", "2022-02-27")),                          # every day
    (("2022-02-24", "2022-02-25"), DAYS, DAYS, ("2022-02-24", "2022-02-25")),   # kept as chosen
    (("2022-02-24", "2022-02-25"), DAYS, DAYS[:2], ("2022-02-24", "2022-02-27")),  # was every day: still is
    (("2022-02-24", "2022-02-25"), DAYS + ["2022-08-27"], DAYS, ("2022-02-24", "2022-08-27")),  # upload: taken in
    (("2022-02-25", "2022-02-25"), ["2022-02-20"] + DAYS, DAYS, ("2022-02-20", "2022-02-25")),  # earlier new day
    (("2022-02-24", "2022-02-27"), DAYS + ["2022-03-01"], DAYS, ("2022-02-24", "2022-03-01")),  # all stay all
    (("2022-02-26", "2022-02-26"), DAYS, DAYS, ("2022-02-24", "2022-02-27")),   # no day inside: every day
    (("2022-02-23", "2022-02-26"), DAYS, DAYS, ("2022-02-24", "2022-02-25")),   # ends move inward
])
def test_the_day_range_takes_in_new_days_and_keeps_a_chosen_one(chosen, all_days, seen, expected):
    assert views.day_range(chosen, all_days, seen) == expected


def test_the_map_view_in_the_url_is_read_back_and_bad_values_are_ignored():
    from geo.maps.eventmap import event_base_map

    assert views.view_from_params({"lat": ["48.5"], "lon": ["31.25"], "zoom": ["6"]}) == ((48.5, 31.25), 6)
    assert views.view_from_params({"lat": "10", "lon": "370", "zoom": "5.4"}) == ((10.0, 10.0), 5)
    for bad in ({}, {"lat": "48.5", "lon": "31"}, {"lat": "x", "lon": "31", "zoom": "6"},
                {"lat": "91", "lon": "31", "zoom": "6"}, {"lat": "48", "lon": "31", "zoom": "40"},
                {"lat": "nan", "lon": "31", "zoom": "6"}):
        assert views.view_from_params(bad) is None, bad
    # the events map writes its view into the page's URL under the same names
    html = event_base_map().get_root().render()
    assert '["lat", "lon", "zoom"]' in html and "history.replaceState" in html
    assert set(views.VIEW_PARAMS).isdisjoint(views.Filters(types=("Battles",), heat=True).to_params())
