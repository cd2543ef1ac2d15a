"""Shim: the browser benchmark and its helpers live in `geo.benchmarks.browser`;
tests/test_browser.py imports them from here until phase B of issue 17 points it there."""
from .benchmarks.browser import (
                                 COUNT_EVENTS,
                                 MAP_ELEMENTS,
                                 BrowserError,
                                 bench_browser,
                                 missing,
                                 offline_context,
                                 offline_page,
                                 serve_app,
                                 serve_map,
                                 synthetic_store,
)

__all__ = ["COUNT_EVENTS", "MAP_ELEMENTS", "BrowserError", "bench_browser", "missing", "offline_context",
           "offline_page", "serve_app", "serve_map", "synthetic_store"]
