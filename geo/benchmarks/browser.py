"""The dashboard as a browser sees it: `streamlit run app.py` on 127.0.0.1, headless Debian
Chromium through Playwright, the network cut off the loopback.

`serve_app` starts the real app on a store and `offline_context` opens a browser whose requests
off the loopback are aborted and recorded; tests/test_browser.py drives its pages through both.
`measure_page` times what a reader waits for on a store of stored events (the benchmark's
browser section, `python -m geo bench`):

- load: from navigation, through a click on the Stored events tab as soon as it shows, until
  the events map has drawn every event (in clusters); a new session on a warm server (the
  first load after the server started is reported apart), and when the tab first showed;
- filter: from removing one event type in the sidebar until the map shows the new count;
- responsiveness: the longest long task and the total blocking time (the part of each long task
  past 50 ms) while loading and while filtering, from a buffered PerformanceObserver('longtask')
  in every frame (one main thread: overlapping reports from several frames count once);
- the map's DOM: cluster and point elements drawn, against the number of events;
- requests that tried to leave 127.0.0.1 (aborted), and page errors.

    >>> from geo.benchmarks.browser import synthetic_store
    >>> synthetic_store("/tmp/ten.db", 10)["events"]  # doctest: +SKIP
    10
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from geo.benchmarks.common import ROOT
from geo.errors import GeoError

if TYPE_CHECKING:  # the store is imported where used: a benchmark process starts light
    from geo.store.records import StoredEvent

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOOPBACK = ("127.0.0.1", "localhost")
SERVER_START_S = 60
VIEWPORT = {"width": 1300, "height": 1400}
DRAWN_S = 300            # the longest wait for a map (100,000 events on a 2-core machine)
SETTLE_S = 1.0           # long tasks are still counted this long after the map is drawn
POLL_S = 0.1             # how often the map's count is read (each read is a round trip)
SYNTHETIC_ARTICLES = 100  # the events' source articles (the sidebar lists each one)

# events drawn: single points are SVG paths, clusters show their size (the stored-events map's
# article markers are icons, so this tells its frame from the article map's)
COUNT_EVENTS = """() => {
  const single = document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length;
  let grouped = 0;
  document.querySelectorAll('.marker-cluster span').forEach(s => grouped += parseInt(s.textContent || '0'));
  return single + grouped;
}"""
# the elements the map draws for its events: [clusters, single points]
MAP_ELEMENTS = """() => [document.querySelectorAll('.marker-cluster').length,
  document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length]"""
NOW_MS = "() => performance.timeOrigin + performance.now()"
# every frame reports its long tasks (absolute start, duration in ms) to Python as they come
LONG_TASKS = """(() => {
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries())
        window.__newsmapLongTask(performance.timeOrigin + e.startTime, e.duration, e.name,
                                 location.pathname.includes('streamlit_folium') ? 'map' : 'page');
    }).observe({type: 'longtask', buffered: true});
  } catch (e) {}
})();"""


class BrowserError(GeoError, OSError):
    """The app or the browser cannot be started, or the page never showed what was awaited."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(db: str | Path | None = None):
    """`streamlit run app.py` on a free port of 127.0.0.1, yielding its base URL; `db` is the
    store it opens (NEWSMAP_DB), else the one already in the environment."""
    if not (ROOT / "static" / "vendor" / "MANIFEST.json").is_file():
        raise BrowserError("static/vendor/ is missing — run `make assets`")
    port = free_port()
    env = {**os.environ, **({"NEWSMAP_DB": str(db)} if db else {})}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.enableStaticServing", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(server, base)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextlib.contextmanager
def serve_map(html: str):
    """A rendered map page (built with offline_prefix="/vendor") served with the local assets on
    127.0.0.1; yields its URL. For checking one map in the browser without the app."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "vendor").symlink_to(ROOT / "static" / "vendor")
        (Path(folder) / "map.html").write_text(html, encoding="utf-8")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                 functools.partial(Quiet, directory=folder))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/map.html"
        finally:
            server.shutdown()
            server.server_close()


def wait_healthy(server: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            said = server.stdout.read() if server.stdout else ""
            raise BrowserError(f"streamlit exited with code {server.returncode}:\n{said}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                if reply.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise BrowserError(f"streamlit did not report healthy within {SERVER_START_S}s")


def missing() -> str | None:
    """Why the browser cannot run here, or None when Chromium and Playwright are installed."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (make browser-deps; as root: apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -r requirements-dev.txt)"
    return None


@contextlib.contextmanager
def offline_context(external: list, viewport: dict | None = None):
    """A headless Chromium context whose requests off the loopback are aborted and recorded
    in `external`."""
    reason = missing()
    if reason:
        raise BrowserError(reason)
    from playwright.sync_api import sync_playwright

    def route(r) -> None:
        url = r.request.url
        if urlparse(url).hostname in LOOPBACK or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            external.append(url)
            r.abort()

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport=viewport or VIEWPORT)  # type: ignore[arg-type]  # a plain dict of width, height
        try:
            ctx.route("**/*", route)
            yield ctx
        finally:
            ctx.close()


@contextlib.contextmanager
def offline_page(external: list, errors: list, viewport: dict | None = None):
    """A page of `offline_context`, recording page errors in `errors`."""
    with offline_context(external, viewport) as ctx:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page


def synthetic_store(db: str | Path, n: int, *, seed: int = 7) -> dict:
    """A new store at `db` with `n` extracted events (the benchmark's fake_events: random types,
    days and points in Ukraine) spread over SYNTHETIC_ARTICLES articles, written in one
    transaction (100,000 events in a few seconds; no parsing, no incidents)."""
    from geo.benchmarks.common import fake_events
    from geo.store import Store, content_hash
    from geo.store.schema import articles, events, new_row_id, timestamp

    store = Store(str(db))
    rows = fake_events(n, seed)
    now = timestamp()
    with store.engine.begin() as conn:
        ids = [new_row_id(conn.execute(articles.insert(), dict(
            content_hash=content_hash(f"synthetic {seed} {k}"), title=f"Synthetic report {k + 1}",
            published=f"2022-03-{k % 28 + 1:02d}", text=f"Synthetic report {k + 1}.",
            ingested_at=now, status="parsed")))
            for k in range(min(SYNTHETIC_ARTICLES, max(n, 1)))]
        conn.execute(events.insert(), [dict(
            article_id=ids[i % len(ids)], origin="extracted", type=r.type, subtype=r.subtype,
            date=r.date, date_precision="day", place=r.place, lat=r.lat, lon=r.lon,
            country="UA", geo_precision=r.geo_precision, actors="[]", sentence=r.sentence,
            score=r.score) for i, r in enumerate(rows)])
    return {"events": n, "articles": len(ids), "types": sorted({r.type for r in rows}),
            "rows": rows}


def open_filters(page) -> None:
    """Open the sidebar of filters if it is collapsed (the page opens on the map, the filters
    behind the sidebar's arrow)."""
    expand = page.locator("[data-testid='stExpandSidebarButton']")
    if expand.count() and expand.first.is_visible():
        expand.first.click()
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.wait_for(state="visible")


def measure_page(base: str, rows: list[StoredEvent]) -> dict:
    """Load the page, then remove the first event type in the sidebar; the figures of both.
    `rows` are the store's events, to know how many the map should show after the change."""
    external: list[str] = []
    errors: list[str] = []
    tasks: list[tuple[float, float, str]] = []
    messages: list[tuple[float, int]] = []  # websocket frames from the server: (epoch ms, bytes)
    with offline_context(external) as ctx:
        ctx.expose_binding("__newsmapLongTask", lambda _source, start, ms, name, where:
                           tasks.append((start, ms, where if name == "self" else "")))
        ctx.add_init_script(LONG_TASKS)
        placed = sum(r.lat is not None for r in rows)
        first = _load(ctx, base, errors, placed, [])   # the server's first session warms it up
        first["page"].close()
        load = _load(ctx, base, errors, placed, messages)
        page, frame = load.pop("page"), load.pop("frame")
        t0, t1 = load.pop("t0"), load.pop("t1")
        load.update(_blocking(tasks, t0, t1), **_server_part(messages, t0, t1))
        elements = frame.evaluate(MAP_ELEMENTS)
        dropped = sorted({r.type for r in rows})[0]   # the first chip in the sidebar
        expected = sum(r.type != dropped and r.lat is not None for r in rows)
        open_filters(page)
        t0 = page.evaluate(NOW_MS)
        page.locator("[data-testid='stMultiSelect'] button[aria-label^='Remove ']").first.click()
        shown, t1 = _wait_count(page, lambda c: c == expected)
        filt = {"removed_type": dropped, "expected": expected, "shown": shown,
                "seconds": None if shown != expected else (t1 - t0) / 1000}
        page.wait_for_timeout(SETTLE_S * 1000)
        filt.update(_blocking(tasks, t0, t1), **_server_part(messages, t0, t1))
    return {"events": len(rows), "first_load_s": first["seconds"], "load": load, "filter": filt,
            "dom_clusters": elements[0], "dom_points": elements[1],
            "dom_markers": elements[0] + elements[1], "external_requests": len(external),
            "external_examples": external[:3], "page_errors": errors[:3]}


def _load(ctx, base: str, errors: list, placed: int, messages: list) -> dict:
    """Open the page in a new tab, go to the stored events, wait until the events map shows
    all `placed` events (a map drawn in the hidden tab shows only some)."""
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda data: messages.append(
        (time.time() * 1000, len(data)))))
    page.goto("about:blank")
    t0 = page.evaluate(NOW_MS)
    page.goto(base)
    tab = page.get_by_role("tab", name="Stored events")
    tab.wait_for(timeout=DRAWN_S * 1000)
    shown = page.evaluate(NOW_MS)
    tab.click()
    drawn, t1 = _wait_count(page, lambda c: c == placed)
    if drawn != placed:
        raise BrowserError(f"the stored-events map drew {drawn} of {placed} events within {DRAWN_S}s")
    page.wait_for_timeout(SETTLE_S * 1000)
    return {"seconds": (t1 - t0) / 1000, "tab_shown_s": (shown - t0) / 1000, "drawn": drawn,
            "page": page, "frame": _events_frame(page), "t0": t0, "t1": t1}


def _events_frame(page):
    """The streamlit_folium frame that draws events (a rerun may replace it)."""
    for frame in [f for f in page.frames if "streamlit_folium" in f.url]:
        try:
            if frame.evaluate(COUNT_EVENTS) > 0:
                return frame
        except Exception:  # detached while we looked
            continue
    return None


def _wait_count(page, done) -> tuple[int, float]:
    """Poll the events drawn on any map frame until `done(count)`; (count, when in page ms)."""
    deadline, count = time.monotonic() + DRAWN_S, 0
    while time.monotonic() < deadline:
        for frame in [f for f in page.frames if "streamlit_folium" in f.url]:
            try:
                count = frame.evaluate(COUNT_EVENTS)
            except Exception:
                continue
            if done(count):
                return count, page.evaluate(NOW_MS)
        page.wait_for_timeout(POLL_S * 1000)
    return count, page.evaluate(NOW_MS)


def _blocking(tasks: list[tuple[float, float, str]], t0: float, t1: float) -> dict:
    """Longest long task and total blocking time (ms) of the tasks that started between t0 and
    t1 + SETTLE_S, and which frame ran the longest ('map' or 'page', from the frame that
    reported it as its own), and the longest of those the map's frame reported as its own;
    reports of one task from several frames overlap and count once."""
    merged: list[list] = []
    for start, ms, where in sorted(t for t in tasks if t0 <= t[0] <= t1 + SETTLE_S * 1000):
        if merged and start < merged[-1][0] + merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], start + ms - last[0])
            last[2] = last[2] or where
        else:
            merged.append([start, ms, where])
    longest = max(merged, key=lambda m: m[1], default=[0, 0.0, ""])
    in_map = [m[1] for m in merged if m[2] == "map"]
    return {"long_tasks": len(merged), "longest_task_ms": longest[1],
            "longest_task_in": longest[2] or "unknown",
            "longest_map_task_ms": max(in_map, default=0.0),
            "total_blocking_ms": sum(max(0.0, m[1] - 50) for m in merged)}


def _server_part(messages: list[tuple[float, int]], t0: float, t1: float) -> dict:
    """When the server's last message before the map was drawn arrived (s after t0), and the
    bytes it sent in between: the rest of the wait is the browser's."""
    inside = [(t, n) for t, n in messages if t0 <= t <= t1]
    last = max((t for t, _ in inside), default=t0)
    return {"server_done_s": (last - t0) / 1000, "received_mb": sum(n for _, n in inside) / 1e6}


def bench_browser(sizes: tuple[int, ...], *, seed: int = 7) -> dict:
    """`measure_page` on a synthetic store of each size, one app server each."""
    reason = missing()
    if reason:
        return {"skipped": reason}
    out: dict = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "browser.db"
            t0 = time.perf_counter()
            made = synthetic_store(db, n, seed=seed)
            build_s = time.perf_counter() - t0
            with serve_app(db) as base:
                out[n] = {"store_build_s": build_s, **measure_page(base, made["rows"])}
    return out
