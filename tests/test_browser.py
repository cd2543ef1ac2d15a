"""End to end: a real `streamlit run app.py` in headless Debian Chromium, with the network cut.

Every request that does not go to the loopback server is aborted and recorded; the test
asserts there were none, that the Leaflet map drew its markers, and that no page error fired.
Recipe and pitfalls: /work/shared/notes/offline-map.md (no visibility waits in the iframe).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from geo.benchmarks.browser import (
    COUNT_EVENTS,
    BrowserError,
    bench_browser,
    missing,
    offline_context,
    offline_page,
    open_filters,
    serve_app,
)
from geo.maps.eventstats import calendar_days

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "output"
MIN_MARKERS = 5
# one element per marker, whatever its icon: awesome-markers replace Leaflet's
# `.leaflet-marker-icon` class with their own (and their shadows live in another pane)
MARKERS = ".leaflet-marker-pane > .leaflet-marker-icon, .leaflet-marker-pane > .awesome-marker"
MAP_DRAWN_S = 120           # the first script run loads (or, after a source change, rebuilds) the gazetteer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_url():
    try:
        with serve_app() as base:   # the session's store (NEWSMAP_DB, set by conftest)
            yield base
    except BrowserError as e:
        pytest.fail(str(e))


@contextlib.contextmanager
def _offline_page(external: list, errors: list, viewport: dict | None = None):
    """A headless Chromium page on which every request off the loopback is aborted and recorded
    in `external`, and every page error in `errors`; this test does not skip."""
    if missing():
        pytest.fail(f"{missing()}; this test does not skip")
    with offline_page(external, errors, viewport) as page:
        yield page


# the country outlines on the map (on the basemap's canvas, geo.maps.basemapview; as SVG paths
# in the overlay pane when static/basemap/ is missing)
COUNTRIES = """() => Object.values(window.map._layers).filter(l => l.feature && l._map).length
  || document.querySelectorAll('.leaflet-overlay-pane path').length"""


def test_map_draws_markers_offline(server_url: str) -> None:
    if missing():
        pytest.fail(f"{missing()}; this test does not skip")
    external: list[str] = []
    errors: list[str] = []
    broken: list[str] = []

    OUTPUT.mkdir(exist_ok=True)
    # tall: Streamlit scrolls inside, full_page cannot
    with offline_context(external, {"width": 1200, "height": 1900}) as ctx:
        ctx.on("response", lambda r: broken.append(f"{r.status} {r.url}")
               if r.status >= 400 else None)
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server_url}/?tab=Article")   # the page opens on Stored events otherwise
        page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", state="attached",
                               timeout=MAP_DRAWN_S * 1000)
        frame = _places_frame(page)
        markers = frame.locator(MARKERS).count()
        outlines = frame.evaluate(COUNTRIES)
        legend = frame.locator(".newsmap-legend").count()
        exceptions = page.locator("[data-testid='stException']").count()
        frame.locator(MARKERS).first.click(force=True)          # a popup describes the place
        frame.wait_for_function("() => /mentioned \\d+×/.test(document.querySelector("
                                "'.leaflet-popup-content')?.textContent || '')", timeout=10_000)
        page.wait_for_timeout(500)          # let icons and fonts settle for the screenshot
        page.screenshot(path=str(OUTPUT / "browser-sample.png"), full_page=True)

    assert external == [], f"requests left the machine: {external}"
    assert errors == [], f"page errors: {errors}"
    assert broken == [], f"failed loads: {broken}"
    assert exceptions == 0, "the page shows a Streamlit exception"
    assert markers >= MIN_MARKERS, f"only {markers} markers drawn"
    assert outlines > 100, f"basemap not drawn ({outlines} country paths)"
    assert legend == 1


def _places_frame(page):
    """The article tab's map: the streamlit_folium iframe that draws the place markers (the
    page has two such iframes, in no guaranteed order, and redraws may replace them)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for frame in [f for f in page.frames if "streamlit_folium" in f.url]:
            try:
                if frame.evaluate(f"() => document.querySelectorAll({MARKERS!r}).length") >= MIN_MARKERS:
                    return frame
            except Exception:  # detached while we looked
                continue
        page.wait_for_timeout(300)
    pytest.fail(f"no map drew {MIN_MARKERS} place markers within 90 s")


HOSTILE = ('Shelling hit Kharkiv on Friday <img src=x onerror="window.top.__pwned=1"> '
           '<script>window.top.__pwned=2</script> <a href="javascript:window.top.__pwned=3">link</a>, '
           'killing 3 civilians, officials said.')


def _sample_store():
    """The session's store (NEWSMAP_DB), with the sample articles in it."""
    import os

    from geo.intake.batch import ingest_paths
    from geo.store import Store

    store = Store(os.environ["NEWSMAP_DB"])
    if not store.articles():
        ingest_paths([ROOT / "tests" / "data" / "samples"], store, workers=1)
    return store


def test_stored_events_filter_and_hostile_text_stays_text(server_url: str, tmp_path) -> None:
    from geo.intake.batch import ingest_paths

    hostile = tmp_path / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    store = _sample_store()
    ingest_paths([hostile], store, published=dt.date(2022, 2, 26), workers=1)
    external, errors, dialogs = [], [], []
    with _offline_page(external, errors) as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(server_url)
        page.get_by_role("tab", name="Stored events").click(timeout=MAP_DRAWN_S * 1000)
        frame = _events_frame(page)
        frame.wait_for_function(f"({COUNT_EVENTS})() > 10", timeout=60_000)
        before = frame.evaluate(COUNT_EVENTS)
        # remove the first type from the filter: fewer events on the map
        open_filters(page)
        page.locator("[data-testid='stMultiSelect'] button[aria-label^='Remove ']").first.click()
        after, deadline = before, time.monotonic() + 60
        while after >= before and time.monotonic() < deadline:
            page.wait_for_timeout(500)  # the map is redrawn in a new iframe on each rerun
            try:
                frame = _events_frame(page)
                after = frame.evaluate(COUNT_EVENTS) or before
            except Exception:  # the frame went away while we looked: look again
                continue
        for marker in frame.locator(".leaflet-overlay-pane path.leaflet-interactive").all()[:15]:
            marker.click(force=True)  # open popups, the hostile one among them if drawn alone
        page.wait_for_timeout(500)
        pwned = [f.evaluate("() => window.__pwned === undefined ? null : window.__pwned")
                 for f in page.frames]
        page.screenshot(path=str(OUTPUT / "browser-stored-events.png"))
    assert external == [] and errors == [] and dialogs == []
    assert after < before
    assert set(pwned) == {None}, f"hostile article text executed: {pwned}"


def _events_frame(page):
    """The stored-events map: the streamlit_folium iframe that draws event clusters or points
    (not the article map, whose markers are icons)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for frame in [f for f in page.frames if "streamlit_folium" in f.url]:
            try:
                if frame.evaluate(f"({COUNT_EVENTS})()") > 0:
                    return frame
            except Exception:
                continue
        page.wait_for_timeout(300)
    pytest.fail("the stored-events map never drew its events")


UPLOADED = ("Explosions shook Zhytomyr and Chernihiv on Saturday as missiles struck an airfield, "
            "regional officials said.")


def _count_when(page, frame, expected: int, timeout_s: float = 60) -> int:
    """The events drawn on the events map once it shows `expected` (or the last count seen)."""
    seen, deadline = -1, time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            seen = frame.evaluate(COUNT_EVENTS)
        except Exception:  # the frame was replaced: find it again
            frame = _events_frame(page)
            continue
        if seen == expected:
            break
        page.wait_for_timeout(300)
    return seen


# a DOM click on the first event drawn on its own (not in a cluster): spider legs and the
# selection ring and the country outlines are paths too: pick a point that carries a feature
CLICK_AN_EVENT = """() => {
  for (const layer of Object.values(window.map._layers)) {
    if (layer.feature && layer.getLatLng && layer._path && layer._path.isConnected) {
      layer._path.dispatchEvent(new MouseEvent('click', {bubbles: true}));
      return true;
    }
  }
  return false;
}"""


POPUP_LINK = ("() => document.querySelector(\".leaflet-popup-content a[target='_blank']\")?.href"
              " || null")


def _popup_article_link(page, timeout_s: float = 60) -> str:
    """Click an event on the stored-events map and read its popup's article link. The click is
    tried again when a rerun (the fit's) replaces the map's layer under an open popup."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        frame = _events_frame(page)
        try:
            if frame.evaluate(CLICK_AN_EVENT):
                return frame.wait_for_function(POPUP_LINK, timeout=5_000).json_value()
        except Exception:  # the frame or its popup was replaced mid-step: click again
            pass
        page.wait_for_timeout(500)
    pytest.fail("no event popup with an article link appeared")


def test_upload_day_filter_cluster_list_and_a_view_that_stays(server_url: str, tmp_path) -> None:
    """An uploaded file's events appear on the map; one day shows that day's events; a filter
    change keeps the reader's pan and zoom; a cluster click lists its events; a table row
    picked is ringed and centred on the map; a popup's article link opens that article."""
    import geo

    store = _sample_store()
    placed = lambda events: sum(e.lat is not None for e in events)  # noqa: E731
    before_upload = placed(store.events())
    new_events = placed(geo.parse(UPLOADED, dt.date(2022, 2, 25)).events)
    assert new_events >= 1, "the uploaded article should yield a placed event"
    upload = tmp_path / "zhytomyr-report.txt"
    upload.write_text(UPLOADED, encoding="utf-8")
    external, errors = [], []
    with _offline_page(external, errors) as page:
        page.goto(server_url)
        page.get_by_role("tab", name="Stored events").click(timeout=MAP_DRAWN_S * 1000)
        frame = _events_frame(page)
        assert _count_when(page, frame, before_upload) == before_upload
        # upload through the page: its events appear on the map
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(upload))
        page.get_by_text("zhytomyr-report.txt").wait_for(timeout=30_000)
        # its publication date, which the file does not state (the field starts empty)
        published = page.locator("[data-testid='stDateInput']",
                                 has_text="Published (for articles without a date)").locator("input")
        published.fill("2022/02/25")
        published.press("Enter")
        page.wait_for_timeout(1000)
        page.get_by_role("button", name="Ingest").click()
        after_upload = _count_when(page, frame, before_upload + new_events)
        page.get_by_text("1 new, 0 already stored").wait_for(timeout=30_000)
        # one day at a time: the map shows exactly that day's placed events
        events = store.events()
        days = calendar_days(events)      # Previous steps to the day before, events or not
        open_filters(page)
        page.locator("[data-testid='stCheckbox']", has_text="One day at a time").click()
        last_day = _count_when(page, frame, placed([e for e in events if e.date == days[-1]]))
        page.get_by_role("button", name="◀ Previous").click()
        previous_day = _count_when(page, frame, placed([e for e in events if e.date == days[-2]]))
        page.locator("[data-testid='stCheckbox']", has_text="One day at a time").click()
        assert _count_when(page, frame, after_upload) == after_upload
        # the reader's view survives a filter change (the map is not rebuilt)
        frame = _events_frame(page)
        frame.evaluate("() => { window.map.setView([48.5, 31.2], 6, {animate: false}); }")
        header = page.get_by_text(re.compile(r"^\d+ of \d+ events$")).first.inner_text()
        page.locator("[data-testid='stMultiSelect'] button[aria-label^='Remove ']").first.click()
        # the rerun is done when the heading counts the narrower view (the table is new then)
        page.wait_for_function("(before) => ![...document.querySelectorAll('h3')].some("
                               "h => h.textContent === before)", arg=header, timeout=60_000)
        page.wait_for_timeout(1000)
        frame = _events_frame(page)
        view = frame.evaluate("() => [window.map.getCenter().lat, window.map.getCenter().lng,"
                              " window.map.getZoom()]")
        # a cluster click lists its events (a DOM click: coordinates in the 0-height iframe miss)
        frame.locator(".marker-cluster").first.dispatch_event("click")
        frame.wait_for_function("() => /\\d+ events/.test(document.querySelector("
                                "'.newsmap-cluster-list')?.textContent || '')", timeout=10_000)
        listed = frame.locator(".newsmap-cluster-list li").count()
        # picking the first row of the table rings that event and centres the map on it
        grid = page.locator("[data-testid='stDataFrame']").filter(visible=True).first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 14, box["y"] + 36 + 18)  # the row's selection box (canvas grid)
        frame.wait_for_function("() => document.querySelectorAll('.newsmap-selected').length == 1",
                                timeout=30_000)
        # the ring's own point, the zoom, and whether it sits in the middle half of the view (the
        # centre itself moves a little when the ring's popup opens and pans itself into view)
        picked = frame.evaluate("""() => { let ring = null;
            window.map.eachLayer(l => { if (l.options && l.options.className === 'newsmap-selected') ring = l; });
            const at = ring.getLatLng();
            return [at.lat, at.lng, window.map.getZoom(), window.map.getBounds().pad(-0.25).contains(at)]; }""")
        # an event popup's article title links to that article's view
        page.get_by_role("button", name="Fit map to events").click()
        link = _popup_article_link(page)
        page.goto(link)
        linked_id = int(link.rsplit("=", 1)[1])
        title = next(a.title or f"#{a.id}" for a in store.articles()  # as the chooser names it
                     if a.id == linked_id)
        page.wait_for_function("() => document.querySelector(\"input[aria-label='Article']\")",
                               timeout=MAP_DRAWN_S * 1000)   # the article view's chooser
        chosen_article = page.locator("input[aria-label='Article']").input_value()
        page.get_by_role("button", name="Fit map to events").scroll_into_view_if_needed()
        page.screenshot(path=str(OUTPUT / "browser-upload-and-day.png"))
    assert external == [] and errors == []
    assert after_upload == before_upload + new_events
    assert last_day == placed([e for e in events if e.date == days[-1]])
    assert previous_day == placed([e for e in events if e.date == days[-2]])
    assert abs(view[0] - 48.5) < 0.01 and abs(view[1] - 31.2) < 0.01 and view[2] == 6, view
    assert listed >= 2
    assert link.startswith(f"{server_url}/?article=")
    assert chosen_article == title
    assert picked[2] == 9 and picked[3], picked
    assert any(abs(e.lat - picked[0]) < 1e-6 and abs(e.lon - picked[1]) < 1e-6
               for e in events if e.lat is not None), picked


# the click map of the corrections form: the short one (300 px; the others are 520)
IS_CLICK_MAP = "() => !!window.map && window.map.getSize().y > 0 && window.map.getSize().y < 400"


def test_clicking_the_map_sets_an_events_place(server_url: str) -> None:
    """The corrections form's map: a click there, then 'Set the clicked point', stores a place
    correction at the clicked coordinates."""
    store = _sample_store()
    before = len(store.corrections())
    external, errors = [], []
    with _offline_page(external, errors) as page:
        page.goto(server_url)
        page.get_by_role("tab", name="Stored events").click(timeout=MAP_DRAWN_S * 1000)
        _events_frame(page)
        page.locator("[data-testid='stCheckbox']", has_text="Pick the place on a map").click()
        frame, deadline = None, time.monotonic() + 60
        while frame is None and time.monotonic() < deadline:
            for f in [f for f in page.frames if "streamlit_folium" in f.url]:
                try:
                    if f.evaluate(IS_CLICK_MAP):
                        frame = f
                except Exception:
                    continue
            page.wait_for_timeout(300)
        if frame is None:
            page.screenshot(path=str(OUTPUT / "browser-click-map-missing.png"), full_page=True)
        assert frame is not None, "the click map never appeared"
        # a click as Leaflet reports it (the iframe's own pixels are not what is tested)
        frame.evaluate("() => { window.map.fire('click', {latlng: L.latLng(49.25, 31.5)}); }")
        page.get_by_role("button", name="Set the clicked point").click(timeout=30_000)
        deadline = time.monotonic() + 30
        while len(store.corrections()) == before and time.monotonic() < deadline:
            page.wait_for_timeout(300)
    assert external == [] and errors == []
    fix = store.corrections()[-1]
    value = fix.value or {}
    assert fix.action == "set_place" and (value["lat"], value["lon"]) == (49.25, 31.5)


def test_play_steps_through_the_days_on_a_timer(server_url: str) -> None:
    """Play moves the one-day view on by itself (a fragment the browser reruns every step, no
    sleep on the server) to the last day, where it stops; the URL follows the day."""
    from urllib.parse import parse_qs

    store = _sample_store()
    days = calendar_days(store.events())    # every day, those without events too
    external, errors, seen, started = [], [], [], False
    with _offline_page(external, errors) as page:
        page.goto(server_url)
        page.get_by_role("tab", name="Stored events").click(timeout=MAP_DRAWN_S * 1000)
        _events_frame(page)
        open_filters(page)
        page.locator("[data-testid='stCheckbox']", has_text="One day at a time").click()
        page.get_by_role("button", name="Play").click(timeout=30_000)   # from the last day: day one
        deadline = time.monotonic() + 30 + 5 * len(days)
        while time.monotonic() < deadline:
            day = parse_qs(urlparse(page.url).query).get("day", [None])[0]
            started = started or day == days[0]      # the URL may still say the last day
            if started and (not seen or seen[-1] != day):
                seen.append(day)
            if day == days[-1] and len(seen) > 1:
                break
            page.wait_for_timeout(200)
        page.get_by_role("button", name="Play").wait_for(timeout=30_000)  # stopped on the last day
    assert external == [] and errors == []
    assert seen == days, f"Play showed {seen}, not every day in order"


# the events map's legend: [open?, its height, the map's height] (px)
LEGEND_STATE = """() => {
  const box = document.querySelector('.newsmap-legend');
  return [box.querySelector('details').open, box.getBoundingClientRect().height, window.map.getSize().y];
}"""


def test_the_legend_is_one_line_on_the_narrow_events_map_until_opened(server_url: str) -> None:
    external, errors = [], []
    # 1000 px wide: the events map (three quarters of the page) is under LEGEND_OPEN_MIN_PX
    with _offline_page(external, errors, {"width": 1000, "height": 900}) as page:
        page.goto(server_url)
        page.get_by_role("tab", name="Stored events").click(timeout=MAP_DRAWN_S * 1000)
        frame = _events_frame(page)
        closed = frame.evaluate(LEGEND_STATE)
        frame.evaluate("() => document.querySelector('.newsmap-legend summary').click()")
        frame.wait_for_function("() => document.querySelector('.newsmap-legend details').open",
                                timeout=10_000)
        opened = frame.evaluate(LEGEND_STATE)
    assert external == [] and errors == []
    assert closed[0] is False and closed[1] < 40, closed
    # open, it scrolls past LEGEND_MAX_SHARE of the map's height (plus its summary line)
    assert opened[0] and opened[1] <= 0.45 * opened[2] + 40, opened


def test_the_browser_benchmark_measures_a_small_store() -> None:
    """`python -m geo bench`'s browser section, end to end on 4,000 events (badges per place or
    grid cell, as at 10,000 and 100,000): every figure is there, the map draws clusters rather than one
    element per event, nothing leaves 127.0.0.1. Times are reported, never asserted."""
    if missing():
        pytest.fail(f"{missing()}; this test does not skip")
    r = bench_browser((4000,))[4000]
    load, filt = r["load"], r["filter"]
    assert r["external_requests"] == 0 and r["page_errors"] == [], r
    assert load["drawn"] == 4000 and filt["shown"] == filt["expected"] < 4000, r
    assert 0 < load["seconds"] and 0 < filt["seconds"], r
    assert 0 < r["dom_markers"] < 400, r
    assert 0 <= load["total_blocking_ms"] and load["longest_task_ms"] >= 0, r
    assert 0 <= load["longest_map_task_ms"] <= load["longest_task_ms"], r


HOSTILE_PLACE = '<img src=x onerror="window.top.__pwned=4">Kharkiv<script>window.top.__pwned=5</script>'


def test_many_events_draw_one_badge_per_place_with_escaped_lists(tmp_path) -> None:
    """Above GROUP_ABOVE events the map draws one badge per place (clustered), never one
    element per event: the badges' numbers add up to the events, a cluster click lists its
    latest events and counts the rest, and a place's badge lists its events, hostile text
    shown as text."""
    import sqlite3

    from geo.benchmarks.browser import MAP_ELEMENTS, synthetic_store
    from geo.maps.eventmap import GROUP_ABOVE

    if missing():
        pytest.fail(f"{missing()}; this test does not skip")
    n = GROUP_ABOVE + 200
    db = tmp_path / "many.db"
    synthetic_store(db, n)
    with sqlite3.connect(db) as conn:   # the latest event: first in its place's list
        first = conn.execute("SELECT min(id) FROM events").fetchone()[0]
        conn.execute("UPDATE events SET place = ?, date = '2022-03-30' WHERE id = ?",
                     (HOSTILE_PLACE, first))
        lat, lon = conn.execute("SELECT lat, lon FROM events WHERE id = ?", (first,)).fetchone()
    external, errors, dialogs = [], [], []
    with serve_app(db) as base, _offline_page(external, errors) as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base)
        page.get_by_role("tab", name="Stored events").click(timeout=MAP_DRAWN_S * 1000)
        frame = _events_frame(page)
        drawn = _count_when(page, frame, n)
        frame = _events_frame(page)
        clusters, points = frame.evaluate(MAP_ELEMENTS)
        frame.locator(".newsmap-group-cluster").first.dispatch_event("click")
        frame.wait_for_function("() => /\\d+ events/.test(document.querySelector("
                                "'.newsmap-cluster-list')?.textContent || '')", timeout=10_000)
        cluster_list = frame.locator(".newsmap-cluster-list").inner_text()
        listed = frame.locator(".newsmap-cluster-list li").count()
        # zoomed in on the hostile event's place, its badge stands alone; a click lists it
        # the cluster popup's auto-pan may still be animating, and its end puts the old view
        # back: the view is set again until it holds (then exactly one badge must show)
        frame.evaluate("() => { window.map.closePopup(); }")
        # (zoom 16: the map, most of the page since issue 20, shows a neighbour at 14)
        frame.wait_for_function(
            f"() => {{ if (window.map.getZoom() !== 16) window.map.setView([{lat}, {lon}], 16,"
            " {animate: false}); return window.map.getZoom() === 16 &&"
            " document.querySelectorAll('.newsmap-group').length == 1; }", timeout=10_000)
        frame.locator(".newsmap-group").first.dispatch_event("click")
        frame.wait_for_selector(".newsmap-group-list", state="attached", timeout=10_000)
        place_list = frame.locator(".newsmap-group-list").inner_text()
        link = frame.evaluate("() => document.querySelector('.newsmap-group-list a').href")
        page.wait_for_timeout(500)
        pwned = [f.evaluate("() => window.__pwned === undefined ? null : window.__pwned")
                 for f in page.frames]
        page.screenshot(path=str(OUTPUT / "browser-many-events.png"))
    assert external == [] and errors == [] and dialogs == []
    assert drawn == n and points == 0 and 0 < clusters < 100, (drawn, clusters, points)
    total = int(re.match(r"(\d+) events", cluster_list).group(1))
    assert listed == min(total, 25) + (total > 25), cluster_list      # 25 rows, "… and N more"
    assert total <= 25 or f"… and {total - 25} more" in cluster_list
    assert place_list.startswith("1 event at <img src=x onerror=") and "Kharkiv<script>" in place_list
    assert link.startswith(f"{base}/?article=")
    assert set(pwned) == {None}, f"hostile article text executed: {pwned}"


def test_a_map_of_hostile_place_names_draws_every_marker() -> None:
    """The Article tab's map, rendered with names that end template literals, start bad
    escapes or carry markup ('Al-`Ula' drew nothing): in Chromium every marker is drawn, each
    tooltip shows its name as text, and nothing runs."""
    from test_mapview import HOSTILE_NAMES, hostile_places

    from geo.benchmarks.browser import serve_map
    from geo.maps.mapview import build_map

    if missing():
        pytest.fail(f"{missing()}; this test does not skip")
    external, errors, dialogs = [], [], []
    html = build_map(hostile_places(), offline_prefix="/vendor").get_root().render()
    with serve_map(html) as url, _offline_page(external, errors) as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        page.wait_for_selector(MARKERS, state="attached", timeout=30_000)
        markers = page.locator(MARKERS)
        drawn = markers.count()
        tips = []
        for i in range(drawn):
            markers.nth(i).hover(force=True)
            tips.append(page.locator(".leaflet-tooltip").last.inner_text())
        pwned = page.evaluate("() => window.__pwned === undefined ? null : window.__pwned")
    assert errors == [] and dialogs == [] and external == []
    assert drawn == len(HOSTILE_NAMES)
    assert sorted(t.strip() for t in tips) == sorted(HOSTILE_NAMES)
    assert pwned is None
