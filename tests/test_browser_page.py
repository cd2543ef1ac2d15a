"""The page as a reader uses it, in headless Chromium on the real `streamlit run app.py`: an
upload never hides behind the day range, an article link lands on the article, "Show on the
map" shows the map, the uploader states the real limit. Each test serves its own store."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from geo.benchmarks.browser import BrowserError, missing, offline_page, open_filters, serve_app

ROOT = Path(__file__).resolve().parent.parent
PAGE_DRAWN_S = 120
HEADER = re.compile(r"(\d+) of (\d+) events")

pytestmark = pytest.mark.browser


@pytest.fixture
def base(tmp_path):
    """The app on a store of its own (it starts with the sample articles)."""
    if missing():
        pytest.fail(f"{missing()}; this test does not skip")
    try:
        with serve_app(tmp_path / "page.db") as url:
            yield url
    except BrowserError as e:
        pytest.fail(str(e))


def _counts(page) -> tuple[int, int]:
    """(shown, total) from the "N of M events" heading, once the page has drawn it."""
    heading = page.get_by_text(HEADER).first
    heading.wait_for(timeout=PAGE_DRAWN_S * 1000)
    shown, total = HEADER.search(heading.inner_text()).groups()
    return int(shown), int(total)


def _in_view(page, text: str) -> bool:
    """Is the heading with this text inside the browser's viewport now?"""
    return page.evaluate("""(text) => {
      const h = [...document.querySelectorAll('h1, h2, h3')].find(e => e.textContent.includes(text));
      if (!h) return false;
      const r = h.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    }""", text)


def test_an_upload_on_new_days_is_shown_whatever_the_day_range(base, tmp_path) -> None:
    """The reader narrows the days, then uploads an article of later days: the range takes in
    the new days, so every new event is on the map and in the count, and the timeline has them."""
    report = tmp_path / "karachi-floods.json"
    report.write_text(json.dumps({
        "title": "Floods in Karachi", "published": "2022-08-27",
        "text": "Floodwaters swept through Karachi on Saturday, killing 9 people, officials said. "
                "On Friday police arrested 3 men for looting shops in Hyderabad."}), encoding="utf-8")
    external, errors = [], []
    with offline_page(external, errors) as page:
        page.goto(base)
        page.get_by_role("tab", name="Stored events").click(timeout=PAGE_DRAWN_S * 1000)
        before, total = _counts(page)
        assert before == total
        open_filters(page)
        days = page.locator("[data-testid='stSlider']", has_text="Days")
        days.get_by_role("slider").first.focus()
        page.keyboard.press("ArrowRight")            # the range no longer starts on day one
        deadline = time.monotonic() + 30
        while _counts(page)[0] == total and time.monotonic() < deadline:
            page.wait_for_timeout(300)
        narrowed, _ = _counts(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(report))
        page.get_by_text("karachi-floods.json").first.wait_for(timeout=30_000)
        page.get_by_role("button", name="Ingest").click()
        page.get_by_text(re.compile(r"1 new")).first.wait_for(timeout=PAGE_DRAWN_S * 1000)
        deadline = time.monotonic() + 30
        while _counts(page)[1] == total and time.monotonic() < deadline:
            page.wait_for_timeout(300)
        shown, after = _counts(page)
        query = parse_qs(urlparse(page.url).query)
        timeline = page.locator("[data-testid='stVegaLiteChart']").first.inner_html()
    assert narrowed < total, "moving the slider did not narrow the days"
    added = after - total
    assert added >= 1 and shown == narrowed + added, (narrowed, shown, after)
    assert query.get("to") in (None, ["2022-08-27"]), query   # the range reaches the new day
    assert timeline  # drawn (its days are canvas pixels; views.per_day is tested on its own)
    assert external == [] and errors == []


def test_a_popup_link_lands_on_the_article_and_show_on_the_map_goes_to_the_map(base) -> None:
    external, errors = [], []
    with offline_page(external, errors) as page:
        page.goto(f"{base}/?article=1")
        page.get_by_role("heading", name="Article view").wait_for(timeout=PAGE_DRAWN_S * 1000)
        deadline = time.monotonic() + 20
        while not _in_view(page, "Article view") and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        article_shown = _in_view(page, "Article view")
        page.get_by_role("button", name="Show on the map").click()
        deadline = time.monotonic() + 20
        while not _in_view(page, " events") and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        map_shown = _in_view(page, " events")
    assert external == [] and errors == []
    assert article_shown, "the article link left the article view out of sight"
    assert map_shown, "'Show on the map' left the map out of sight"


def test_the_uploader_states_the_real_upload_limit(base) -> None:
    external, errors = [], []
    with offline_page(external, errors) as page:
        page.goto(base)
        page.get_by_role("tab", name="Stored events").click(timeout=PAGE_DRAWN_S * 1000)
        uploader = page.locator("[data-testid='stFileUploader']").first
        uploader.wait_for(timeout=PAGE_DRAWN_S * 1000)
        said = uploader.inner_text()
    assert "50MB per file" in said.replace(" MB", "MB") and "200" not in said, said


# the colours of the timeline's bars (Vega draws them as SVG paths), lower-case #rrggbb
BAR_COLOURS = """() => [...new Set([...document.querySelectorAll(
  "[data-testid='stVegaLiteChart'] .mark-rect path")].map(p => (p.getAttribute('fill') || '').toLowerCase()))]"""
# the map legend's types and colours: [[name, css colour], ...]
MAP_LEGEND = """() => [...document.querySelectorAll('.newsmap-legend-items i')].map(
  i => [i.nextSibling.textContent.trim(), i.style.color])"""


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_timeline_wears_the_legends_colours_and_a_drag_across_it_sets_the_days(base) -> None:
    """Each type's bars are drawn in the map legend's colour for that type; dragging across
    the first days of the timeline narrows the view to them (the Days filter and the URL)."""
    from geo.events.typestyles import type_styles

    external, errors = [], []
    with offline_page(external, errors, {"width": 1400, "height": 1400}) as page:
        page.goto(base)
        shown, total = _counts(page)
        chart = page.locator("[data-testid='stVegaLiteChart']").first
        chart.wait_for(timeout=PAGE_DRAWN_S * 1000)
        page.wait_for_timeout(1500)
        bars = set(page.evaluate(BAR_COLOURS))
        frame = next(f for f in page.frames if "streamlit_folium" in f.url)
        frame.wait_for_function("() => document.querySelectorAll('.newsmap-legend-items i').length > 0",
                                timeout=60_000)
        legend = dict(frame.evaluate(MAP_LEGEND))
        box = page.locator("[data-testid='stVegaLiteChart'] svg.marks").first.bounding_box()
        y = box["y"] + box["height"] * 0.45
        page.mouse.move(box["x"] + box["width"] * 0.08, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.35, y, steps=8)
        page.mouse.up()
        deadline = time.monotonic() + 60
        while "from" not in parse_qs(urlparse(page.url).query) and time.monotonic() < deadline:
            page.wait_for_timeout(300)
        page.wait_for_timeout(1500)
        narrowed, _ = _counts(page)
        query = parse_qs(urlparse(page.url).query)
        page.screenshot(path=str(ROOT / "tests" / "output" / "browser-timeline.png"))
    assert external == [] and errors == []
    styles = type_styles()
    assert legend == {t: _rgb(s.hex) for t, s in styles.items()}, legend
    drawn = [t for t, s in styles.items() if s.hex in bars]
    assert len(drawn) >= 3, (sorted(bars)[:20], drawn)       # the samples have several types
    assert not bars & ({"#1f77b4", "#ff7f0e", "#2ca02c"} - {s.hex for s in styles.values()})  # no default palette
    assert query.get("from") and query.get("to") and query["from"][0] <= query["to"][0], query
    assert narrowed < shown == total, (narrowed, shown, total)


# the part of the first screen the events map covers: its iframe's box within the viewport
MAP_SHARE = """() => {
  const f = [...document.querySelectorAll("iframe[title='streamlit_folium.st_folium']")]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0)
    .sort((a, b) => b.width * b.height - a.width * a.height)[0];
  if (!f) return 0;
  const w = Math.max(0, Math.min(f.right, innerWidth) - Math.max(f.left, 0));
  const h = Math.max(0, Math.min(f.bottom, innerHeight) - Math.max(f.top, 0));
  return w * h / (innerWidth * innerHeight);
}"""
OPEN_POPUP = "() => document.querySelector('.leaflet-popup-content')?.textContent || ''"
MAP_VIEW = "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"


def _events_map_frame(page):
    deadline = time.monotonic() + PAGE_DRAWN_S
    while time.monotonic() < deadline:
        for frame in [f for f in page.frames if "streamlit_folium" in f.url]:
            try:
                if frame.evaluate("() => !!window.map && document.querySelectorAll("
                                  "'.marker-cluster, path.leaflet-interactive').length > 0"):
                    return frame
            except Exception:   # replaced while we looked
                continue
        page.wait_for_timeout(300)
    pytest.fail("the events map never drew")


def test_the_map_comes_first_and_a_feed_pick_opens_its_event_and_the_url_keeps_it(base, tmp_path) -> None:
    """At 1400×900 the Stored events map covers at least 55% of the first screen, with the feed
    beside it (newest first); picking the first line centres the map on that event with its
    popup open and puts ?event=ID in the URL, and that URL opens the same event again."""
    from geo.store import Store

    external, errors = [], []
    with offline_page(external, errors, {"width": 1400, "height": 900}) as page:
        page.goto(base)
        _counts(page)
        frame = _events_map_frame(page)
        page.wait_for_timeout(1000)
        share = page.evaluate(MAP_SHARE)
        page.screenshot(path=str(ROOT / "tests" / "output" / "browser-map-first.png"))
        feed = page.locator("[data-testid='stDataFrame']").filter(visible=True).first
        box = feed.bounding_box()
        first_screen_feed = box["x"] > 700 and box["y"] < 300
        page.mouse.click(box["x"] + 14, box["y"] + 36 + 18)     # the first line's selection box
        deadline = time.monotonic() + 60
        while "event" not in parse_qs(urlparse(page.url).query) and time.monotonic() < deadline:
            page.wait_for_timeout(300)
        event_id = int(parse_qs(urlparse(page.url).query)["event"][0])
        frame = _events_map_frame(page)
        frame.wait_for_function("() => document.querySelectorAll('.newsmap-selected').length == 1 &&"
                                " !!document.querySelector('.leaflet-popup-content')", timeout=30_000)
        popup, view = frame.evaluate(OPEN_POPUP), frame.evaluate(MAP_VIEW)
        page.goto(f"{base}/?event={event_id}")
        _counts(page)
        frame = _events_map_frame(page)
        frame.wait_for_function("() => !!document.querySelector('.leaflet-popup-content')", timeout=60_000)
        popup_again = frame.evaluate(OPEN_POPUP)
    assert external == [] and errors == []
    assert share >= 0.55, f"the map covers {share:.0%} of the first screen"
    assert first_screen_feed, box
    newest = Store(str(tmp_path / "page.db")).events()[0]     # the feed's first line
    assert event_id == newest.id
    assert abs(view[0] - newest.lat) < 0.01 and abs(view[1] - newest.lon) < 0.01 and round(view[2]) == 9, view
    assert newest.type in popup and popup == popup_again, (popup, popup_again)


LABELS = "() => [...document.querySelectorAll('.newsmap-place-label')].map(e => e.textContent)"


def test_at_zoom_9_on_an_events_town_the_basemap_names_the_town(base, tmp_path) -> None:
    """A link to an event in a town (not a large city) opens the map at zoom 9 on it, and the
    offline basemap names the town there, from the gazetteer's places (static/places/)."""
    import geo
    from geo.maps.mapview import PLACE_LABELS
    from geo.maps.placelabels import MAJOR_POP
    from geo.store import Store

    if not (PLACE_LABELS / "major.json").is_file():
        pytest.fail("static/places/ is missing: run `make gazetteer` (scripts/build_place_labels.py)")
    gaz = geo.load_gazetteer()
    entry = {i: n for n, i in enumerate(gaz.ids)}
    external, errors = [], []
    with offline_page(external, errors, {"width": 1400, "height": 900}) as page:
        page.goto(base)
        _counts(page)        # the first page filled the new store with the samples
        towns = [(e, gaz.names[entry[e.place_id]]) for e in Store(str(tmp_path / "page.db")).events()
                 if e.place_id in entry and gaz.kinds[entry[e.place_id]] == "city"
                 and 5_000 <= gaz.populations[entry[e.place_id]] < MAJOR_POP]
        assert towns, "the samples should have an event in a town"
        event, town = towns[0]
        page.goto(f"{base}/?event={event.id}")
        _counts(page)
        frame = _events_map_frame(page)
        frame.wait_for_function("() => window.map.getZoom() === 9", timeout=60_000)
        frame.wait_for_function(f"() => ({LABELS})().includes({town!r})", timeout=60_000)
        names = frame.evaluate(LABELS)
        page.screenshot(path=str(ROOT / "tests" / "output" / "browser-town-labels.png"))
    assert external == [] and errors == []
    assert town in names and len(names) >= 5, names      # the town and its neighbours
