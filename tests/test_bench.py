"""The benchmark runs end to end (`python -m geo bench --quick`): every section reports.

It checks that the benchmark works, not how fast this machine is; the figures live in the
README and come from a full run."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "data" / "geoparse-dev"


@pytest.mark.skipif(not (CORPORA / "lgl.jsonl").is_file(), reason="needs ../shared/data/geoparse-dev")
def test_quick_benchmark_reports_every_section(tmp_path):
    out = subprocess.run([sys.executable, "-m", "geo", "bench", "--quick", "--json",
                          str(tmp_path / "bench.json")], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    for row in ("gazetteer cached load", "parse, 1 thread", "latency per article", "spaCy peer",
                "batch ingestion", "one article of 200,000 characters", "map of 10,000 events",
                "filter change at 10,000 events",
                "end-to-end F1@161"):
        assert row in out.stdout, row
    r = json.loads((tmp_path / "bench.json").read_text())
    assert r["parse"]["docs"] == 60 and r["parse"]["docs_per_s"] > 0
    assert 0 < r["parse"]["p50_ms"] <= r["parse"]["p99_ms"] <= r["parse"]["max_ms"]
    assert r["ingest"]["failed"] == [] and r["ingest"]["events"] > 0
    assert r["map"]["10000"]["mb"] < 10
    assert r["long"]["200000"]["places"] > r["long"]["50000"]["places"] > 0
    assert r["accuracy"]["lgl"] > 0.4  # the timed outputs are real parses, scored by score.py


def test_only_runs_the_sections_named_and_quick_never_starts_a_browser(tmp_path):
    out = subprocess.run([sys.executable, "-m", "geo", "bench", "--quick", "--only", "map,browser",
                          "--json", str(tmp_path / "bench.json")], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    r = json.loads((tmp_path / "bench.json").read_text())
    assert "map" in r and not {"gazetteer", "parse", "browser", "dashboard"} & set(r)
    assert "map of 10,000 events" in out.stdout and "browser" not in out.stdout


def test_the_browser_rows_say_why_the_section_was_skipped():
    from geo.benchmarks.run import report

    table = report({"cores": 2, "python": "3.11", "platform": "x86_64",
                    "browser": {"skipped": "/usr/bin/chromium is missing"}})
    assert "| browser (Chromium) | skipped: /usr/bin/chromium is missing |" in table


@pytest.mark.skipif(not (CORPORA / "lgl.jsonl").is_file(), reason="needs ../shared/data/geoparse-dev")
def test_the_scale_section_ingests_on_dask_into_postgres_and_sqlite(tmp_path):
    import os

    from geo.benchmarks import pgserver

    reason = pgserver.missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the scale section: {reason}")
        pytest.skip(reason)
    out = subprocess.run([sys.executable, "-m", "geo", "bench", "--quick", "--only", "scale", "--json",
                          str(tmp_path / "bench.json")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    s = json.loads((tmp_path / "bench.json").read_text())["scale"]
    for run in ("postgres_1", "postgres_2", "sqlite_1"):
        assert s[run]["stored"] == 60 and s[run]["failed"] == [] and s[run]["articles_per_s"] > 0
    assert s["postgres_2"]["second_run_already_stored"] == 60 and s["postgres_2"]["points"]
    assert len(s["postgres_2"]["worker_rss_mb"]) == 2 and s["insert_postgres"]["rows_per_s"] > 0
    assert s["insert_postgres"]["server_cpu_ms_per_article"] > 0
    assert "projection (not measured): 16 / 64 worker cores" in out.stdout


def test_the_scale_rows_say_why_the_section_was_skipped():
    from geo.benchmarks.run import report

    table = report({"cores": 2, "python": "3.11", "platform": "x86_64", "scale": {"skipped": "no server"}})
    assert "| scale (Dask, PostgreSQL) | skipped: no server |" in table


def test_the_cold_section_times_both_commands_or_says_how_to_install_the_peer():
    from geo.benchmarks.cold import bench_cold, cold_rows

    docs = [{"id": "a", "text": "Shelling hit Kharkiv on Friday, officials said."},
            {"id": "b", "text": "Protesters marched through Lyon on Saturday."}]
    result = bench_cold(docs)
    if "skipped" in result:  # spaCy is a benchmark-only extra (requirements-bench.txt)
        assert "make bench-deps" in result["skipped"]
    else:
        assert result["newsmap_s"] > 0 and result["spacy_s"] > 0 and result["docs"] == 2
    assert cold_rows(result, {})[0][1]
