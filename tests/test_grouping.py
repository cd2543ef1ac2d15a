"""Events grouped per place (geo.maps.grouping) and drawn as badges (geo.maps.groupmap)."""
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.maps.grouping import CELL_STEPS, group_events
from geo.store import StoredEvent

KYIV, BUCHA, KHARKIV = (50.45466, 30.5238), (50.54741, 30.20879), (49.98081, 36.25272)


def _event(point, type_, date, place, **more):
    return StoredEvent(**{"id": 0, "article_id": None, "origin": "extracted", "lat": point[0], "lon": point[1],
                          "type": type_, "subtype": "s", "date": date, "place": place, "score": 0.5, **more})


EVENTS = [
    _event(KYIV, "Battles", "2022-02-24", "Kyiv"),
    _event(KHARKIV, "Protests", "2022-02-25", "Kharkiv"),
    _event(KYIV, "Protests", "2022-02-26", "Kyiv"),
    _event(BUCHA, "Battles", "2022-03-01", "Bucha"),
    _event(KYIV, "Battles", "2022-02-27", "Kyiv"),
    StoredEvent(id=0, article_id=None, origin="extracted", type="Battles", date="2022-02-28"),  # not placed
]


def test_events_on_the_same_point_make_one_group_latest_first():
    g = group_events(EVENTS)
    assert g.cell_deg is None and g.events == 5
    assert [(x.lat, x.lon, x.count, x.type_counts) for x in g.groups] == [
        (50.45466, 30.5238, 3, (("Battles", 2), ("Protests", 1))),    # largest first,
        (49.98081, 36.25272, 1, (("Protests", 1),)),                    # then south to north
        (50.54741, 30.20879, 1, (("Battles", 1),))]
    assert [e.date for e in g.groups[0].sample] == ["2022-02-27", "2022-02-26", "2022-02-24"]


def test_too_many_points_merge_into_the_finest_grid_that_fits():
    # Kyiv and Bucha are 0.31 deg apart, in different 0.5 deg cells but the same 1 deg cell
    g = group_events(EVENTS, max_groups=2)
    assert g.cell_deg == 1.0 and g.events == 5
    kyiv_area, kharkiv = g.groups
    assert (kyiv_area.count, kyiv_area.type_counts) == (4, (("Battles", 3), ("Protests", 1)))
    # at the mean of its events' points (Kyiv three times, Bucha once), not the cell's centre
    assert (kyiv_area.lat, kyiv_area.lon) == (round((3 * KYIV[0] + BUCHA[0]) / 4, 5),
                                              round((3 * KYIV[1] + BUCHA[1]) / 4, 5))
    assert (kharkiv.lat, kharkiv.lon, kharkiv.count) == (*KHARKIV, 1)   # alone: on its town
    assert kyiv_area.sample[0].place == "Bucha"                       # the latest, 1 March


def test_a_group_lists_a_sample_and_counts_the_rest():
    many = [_event(KYIV, "Battles", f"2022-03-{d:02d}", "Kyiv") for d in range(1, 13)]
    (g,) = group_events(many, sample_size=10).groups
    assert g.count == 12 and len(g.sample) == 10
    assert g.sample[0].date == "2022-03-12" and g.sample[-1].date == "2022-03-03"


def test_points_eleven_metres_apart_are_one_point_and_nothing_placed_is_no_group():
    g = group_events([_event(KYIV, "Battles", None, "Kyiv"),
                      _event((KYIV[0] + 0.00003, KYIV[1]), "Battles", None, "Kyiv")])
    assert [x.count for x in g.groups] == [2]
    assert group_events([EVENTS[-1]]).groups == ()


POINTS = st.tuples(st.floats(-89.99, 89.99), st.floats(-179.99, 179.99))


@settings(max_examples=150, deadline=None)
@given(points=st.lists(POINTS, max_size=300), max_groups=st.integers(1, 60))
def test_every_placed_event_is_counted_once_within_the_limit(points, max_groups):
    events = [_event(p, "Battles", None, "x") for p in points]
    g = group_events(events, max_groups=max_groups)
    assert g.events == len(events) and all(x.count >= 1 for x in g.groups)
    # the coarsest step (30 deg cells, 72 on the globe) is the only one allowed past the limit
    assert len(g.groups) <= max_groups or g.cell_deg == CELL_STEPS[-1]
    assert all(-90 <= x.lat <= 90 and -180 <= x.lon <= 180 for x in g.groups)


def test_the_badge_layer_sends_escaped_tables_and_links_articles():
    from streamlit_folium import _get_feature_group_string

    from geo.maps.eventmap import event_base_map
    from geo.maps.groupmap import _payload, grouped_layer

    hostile = _event(KYIV, "Battles", "2022-03-02", '<img src=x onerror=alert(1)> `${alert(2)}`',
                     title="<script>alert(3)</script>", article_id=7)
    grouping = group_events([hostile, *EVENTS])
    payload = _payload(grouping, {"Battles": "#d63e2a", "Protests": "#436978"})
    assert payload["tables"]["type"] == ["Battles", "Protests"]
    assert payload["colours"] == ["#d63e2a", "#436978"]
    assert payload["tables"]["place"][0] == "&lt;img src=x onerror=alert(1)&gt; &#96;&#36;{alert(2)}&#96;"
    kyiv = payload["groups"][0]
    assert kyiv[:4] == [50.45466, 30.5238, 4, [0, 3, 1, 1]]
    assert kyiv[4][0] == [0, 0, 0, 0, 0.5, 7, 0]   # type, subtype, date, place, score, article, title
    assert payload["tables"]["title"][0] == "&lt;script&gt;alert(3)&lt;/script&gt;"
    layer = _get_feature_group_string(grouped_layer(grouping, {}), event_base_map(basemap=None))
    assert "<script>alert" not in layer and "<img src=x" not in layer and "${alert" not in layer
    assert "clusterclick" in layer and "iconCreateFunction" in layer and "newsmap-group" in layer
    assert re.findall(r"https?://[^\s\"'<>)]+", layer) == []


def test_above_the_threshold_the_layer_sends_one_row_per_place_not_per_event():
    from streamlit_folium import _get_feature_group_string

    from geo.maps.eventmap import GROUP_ABOVE, event_base_map, event_layer

    towns = [KYIV, BUCHA, KHARKIV]
    events = [_event(towns[i % 3], "Battles", f"2022-03-{i % 28 + 1:02d}", "town")
              for i in range(GROUP_ABOVE + 1)]
    layer = _get_feature_group_string(event_layer(events, heat=True), event_base_map(basemap=None))
    payload = json.loads(re.search(r"var D = (\{.*?\}), T = D.tables", layer).group(1))
    assert [g[2] for g in payload["groups"]] == [334, 334, 333]
    assert sum(len(g[4]) for g in payload["groups"]) == 30    # ten listed per place
    assert "FeatureCollection" not in layer
    # the heat layer: one weighted point per place
    heat = re.search(r"L\.heatLayer\(\s*(\[\[.*?\]\])", layer, re.S).group(1)
    assert sorted(p[2] for p in json.loads(heat)) == [333, 334, 334]
