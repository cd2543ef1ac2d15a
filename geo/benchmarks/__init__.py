"""Speed and memory, measured (`python -m geo bench [--quick] [--json FILE]`).

Sections, each a function returning its figures:
- gazetteer: first build (into a temporary cache), cached load and resident memory, both in a
  fresh process so nothing else is counted;
- parse: places and events of the LGL and GeoVirus articles (../shared/data/geoparse-dev/),
  single-threaded, after a warm-up on the project's sample articles: documents and characters
  per second, median and 99th-percentile latency, resident memory of the parsing process, and
  the end-to-end F1@161 of those very outputs by ../shared/eval/score.py (so speed is never
  bought with accuracy);
- peer: spaCy's small English pipeline (named entities only) on the same articles in the same
  run, when installed (`make bench-deps`); skipped with a message otherwise;
- ingest: batch ingestion of the same articles into a fresh SQLite store with all cores;
- map: the stored-events map for 1,000 / 10,000 / 100,000 events (build + HTML render time
  and bytes sent to the browser) and one filter change at 10,000 events (filter, build, render);
- dashboard: the whole page's server time for a filter change (Streamlit's AppTest running
  app.py) on a store of about 10,900 events (nine copies of the articles, another day each);
- browser: the real app (`streamlit run`) in headless Debian Chromium on synthetic stores of
  10,000 and 100,000 events: load and filter-change times, long tasks, the map's DOM elements,
  requests off the loopback (geo/benchmarks/browser.py); skipped with a message when Chromium or
  Playwright is missing;
- scale: bulk ingestion on a Dask LocalCluster into a throwaway PostgreSQL + PostGIS server
  with 1 and 2 workers (speed-up, memory per worker), the same into SQLite, the batch insert's
  rows/s alone, and a projection to 16 and 64 cores (geo/benchmarks/scale.py); skipped with a
  message when PostgreSQL is not installed.

`--quick` runs every section but the dashboard, browser and scale ones on small inputs in well under a
minute: CI uses it to check that the benchmark works, not how fast the machine is. `--only`
runs the sections named (for example `--only browser`).
"""
