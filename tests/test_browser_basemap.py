"""The offline basemap and the map's view in the URL, in headless Chromium on the real
`streamlit run app.py`: a link with a view opens the map there, the admin-1 borders (dashed)
and the rivers and lakes are drawn from files served on 127.0.0.1, and moving the map writes
its new view into the URL, which opens the same view again."""
from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from geo.benchmarks.browser import BrowserError, missing, offline_context, open_filters, serve_app
from geo.maps.mapview import BASEMAP_LAYERS

ROOT = Path(__file__).resolve().parent.parent
PAGE_DRAWN_S = 120
MAP_VIEW = "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
# the basemap's lines on its canvas (geo.maps.basemapview): [dashed admin-1 layers, blue river and
# lake layers], each with a part in view, and the canvas itself
LINES = """() => {
  const drawn = c => Object.values(window.map._layers).filter(l => l.options && l.options.className === c
    && l._map && l._parts && l._parts.length > 0);
  const canvas = document.querySelector('.leaflet-newsmap-basemap-pane canvas');
  return [drawn('newsmap-admin1').filter(l => l.options.dashArray).length,
          drawn('newsmap-river').concat(drawn('newsmap-lake')).filter(l => l.options.color === '#5b8fc9').length,
          canvas ? canvas.width : 0];
}"""

pytestmark = pytest.mark.browser


@pytest.fixture
def base(tmp_path):
    if missing():
        pytest.fail(f"{missing()}; this test does not skip")
    if not (BASEMAP_LAYERS / "index.json").is_file():
        pytest.fail("static/basemap/ is missing: run `make assets` (scripts/build_basemap_layers.py)")
    try:
        with serve_app(tmp_path / "basemap.db") as url:
            yield url
    except BrowserError as e:
        pytest.fail(str(e))


def _map_frame(page, zoom: int):
    """The events map's frame once its map has the zoom asked for."""
    deadline = time.monotonic() + PAGE_DRAWN_S
    while time.monotonic() < deadline:
        for frame in [f for f in page.frames if "streamlit_folium" in f.url]:
            try:
                if frame.evaluate(f"() => !!window.map && window.map.getZoom() === {zoom} && "
                                  "document.querySelectorAll('.marker-cluster, path.leaflet-interactive').length > 0"):
                    return frame
            except Exception:   # replaced while we looked
                continue
        page.wait_for_timeout(300)
    pytest.fail(f"the events map never showed zoom {zoom}")


def _url_view(url: str) -> tuple[float, float, int] | None:
    q = parse_qs(urlparse(url).query)
    if not all(k in q for k in ("lat", "lon", "zoom")):
        return None
    return float(q["lat"][0]), float(q["lon"][0]), int(q["zoom"][0])


def test_a_link_opens_its_view_with_admin1_borders_rivers_and_lakes_and_a_move_is_kept(base) -> None:
    external, errors, served = [], [], []
    with offline_context(external, {"width": 1400, "height": 900}) as ctx:
        ctx.on("response", lambda r: served.append((urlparse(r.url).hostname, r.status, urlparse(r.url).path))
               if "/static/basemap/" in r.url else None)
        page = ctx.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/?lat=48.6&lon=33.5&zoom=6")          # Ukraine, a country's zoom
        frame = _map_frame(page, 6)
        frame.wait_for_function(f"() => {{ const n = ({LINES})(); return n[0] > 0 && n[1] > 0; }}",
                                timeout=60_000)
        country_view, country_lines = frame.evaluate(MAP_VIEW), frame.evaluate(LINES)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ROOT / "tests" / "output" / "browser-basemap-country.png"))
        # the reader moves to a town (Bila Tserkva) at zoom 9: the URL follows
        frame.evaluate("() => { window.map.setView([49.8, 30.11], 9); }")
        deadline = time.monotonic() + 30
        while (_url_view(page.url) or (0, 0, 0))[2] != 9 and time.monotonic() < deadline:
            page.wait_for_timeout(300)
        moved = _url_view(page.url)
        frame.wait_for_function(f"() => ({LINES})()[0] > 0", timeout=30_000)
        page.goto(page.url)                                      # the link, in a new session
        frame = _map_frame(page, 9)
        reopened = frame.evaluate(MAP_VIEW)
        page.wait_for_timeout(2500)
        page.screenshot(path=str(ROOT / "tests" / "output" / "browser-basemap-town.png"))
    assert external == [] and errors == []
    assert abs(country_view[0] - 48.6) < 0.01 and abs(country_view[1] - 33.5) < 0.01 and country_view[2] == 6
    assert country_lines[0] >= 1 and country_lines[1] >= 2 and country_lines[2] > 0, country_lines
    paths = {path for _, _, path in served}
    assert "/app/static/basemap/water.json" in paths
    assert any(p.startswith("/app/static/basemap/admin1/coarse/") for p in paths)     # zoom 6
    assert any(p.startswith("/app/static/basemap/admin1/fine/") for p in paths)       # zoom 9
    assert {(host, status) for host, status, _ in served} == {("127.0.0.1", 200)}, served
    assert moved is not None and abs(moved[0] - 49.8) < 0.01 and abs(moved[1] - 30.11) < 0.01, page.url
    assert abs(reopened[0] - 49.8) < 0.01 and abs(reopened[1] - 30.11) < 0.01 and reopened[2] == 9, reopened


def test_the_view_stays_in_the_url_when_a_filter_changes(base) -> None:
    """Streamlit rewrites the query when a filter changes; the map's view comes back into it."""
    external, errors = [], []
    with offline_context(external, {"width": 1400, "height": 900}) as ctx:
        page = ctx.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/?lat=50.45&lon=30.52&zoom=7")
        frame = _map_frame(page, 7)
        frame.evaluate("() => { window.map.setView([49.8, 30.11], 8); }")   # moved after the page read its URL
        deadline = time.monotonic() + 30
        while (_url_view(page.url) or (0, 0, 0))[2] != 8 and time.monotonic() < deadline:
            page.wait_for_timeout(300)
        open_filters(page)
        page.locator("[data-testid='stSidebar'] [data-testid='stCheckbox']", has_text="Heat map").click()
        deadline = time.monotonic() + 30
        while "heat" not in parse_qs(urlparse(page.url).query) and time.monotonic() < deadline:
            page.wait_for_timeout(300)
        page.wait_for_timeout(2000)
        query = parse_qs(urlparse(page.url).query)
    assert external == [] and errors == []
    assert query.get("heat") == ["1"], page.url
    view = _url_view(page.url)
    assert view is not None and abs(view[0] - 49.8) < 0.01 and view[2] == 8, page.url
