"""Dashboard computations and the stored-events map, without Streamlit."""
import re

from geo import views
from geo.mapview import build_event_map, type_styles

EVENTS = [
    {"type": "Battles", "subtype": "Armed clash", "date": "2022-02-24", "score": 0.7, "lat": 50.45,
     "lon": 30.52, "place": "Kyiv", "sentence": "Fighting in Kyiv.", "sources": 2, "title": "A"},
    {"type": "Diplomacy", "subtype": "Talks", "date": "2022-02-28", "score": 0.5, "lat": 52.4,
     "lon": 31.0, "place": "Gomel", "sentence": "Talks.", "sources": 1, "title": "B"},
    {"type": "Battles", "subtype": "Armed clash", "date": None, "score": 0.3, "lat": None, "lon": None,
     "place": None, "sentence": "Undated.", "sources": 1, "title": "C"},
]


def test_filters_by_type_day_and_confidence():
    assert len(views.filter_events(EVENTS, types=["Battles"])) == 2
    assert [e["title"] for e in views.filter_events(EVENTS, day_from="2022-02-25", day_to="2022-03-01")] == ["B"]
    assert [e["title"] for e in views.filter_events(EVENTS, min_score=0.6)] == ["A"]
    assert views.type_counts(EVENTS) == {"Battles": 2, "Diplomacy": 1}
    assert views.days(EVENTS) == ["2022-02-24", "2022-02-28"]


def test_event_map_clusters_placed_events_with_taxonomy_colours_and_escaped_popups():
    hostile = dict(EVENTS[0], sentence='<img src=x onerror=alert(1)> `${alert(2)}`',
                   place="<script>alert(3)</script>")
    html = build_event_map([hostile, EVENTS[1], EVENTS[2]], basemap=None).get_root().render()
    assert "markerClusterGroup" in html and html.count('"type": "Feature"') == 2
    assert "<img src=x" not in html and "<script>alert(3)" not in html and "${alert" not in html
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == []
    assert {"Battles", "Diplomacy"} <= set(type_styles())


def test_many_events_use_compact_rows_with_escaped_tables():
    from geo.bench import fake_events

    events = fake_events(4000)
    events[0] = dict(events[0], place='<img src=x onerror=alert(1)>')
    html = build_event_map(events, basemap=None).get_root().render()
    assert "L.circleMarker" in html and "FeatureCollection" not in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "newsmap-legend" in html and len(html) < 400_000


def test_highlight_marks_spans_and_escapes_everything_else():
    text = "Shelling <b>hit</b> Kyiv.\nMore"
    out = views.highlight(text, [(20, 24, "place"), (0, 8, "trigger"), (2, 5, "overlap")])
    assert out == ('<mark class="trigger">Shelling</mark> &lt;b&gt;hit&lt;/b&gt; '
                   '<mark class="place">Kyiv</mark>.<br>More')
    assert views.per_day(EVENTS) == {"2022-02-24": {"Battles": 1}, "2022-02-28": {"Diplomacy": 1}}
