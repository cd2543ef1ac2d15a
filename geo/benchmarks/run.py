"""`python -m geo bench`: run the sections asked for and print their figures as one table."""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from pathlib import Path

from geo.benchmarks import __doc__ as _PACKAGE_DOC
from geo.benchmarks.cold import cold_rows
from geo.benchmarks.scale import scale_rows
from geo.settings import Settings

QUICK_DOCS = 60
MAP_SIZES = (1_000, 10_000, 100_000)
QUICK_MAP_SIZES = (1_000, 10_000)
DASHBOARD_COPIES = 9  # x 817 articles: about 10,900 stored events
BROWSER_SIZES = (10_000, 100_000)
LONG_SIZES = (250_000, 500_000, 1_000_000, 2_000_000)  # characters; 2,000,000 is the article limit
QUICK_LONG_SIZES = (50_000, 100_000, 200_000)
SCALE_COPIES = 3  # x 817 articles per run of the scale section


def report(r: dict) -> str:
    """The figures as the Markdown table the README shows (the sections that were run)."""
    rows = [("machine", f"{r['cores']} cores, Python {r['python']}, {r['platform']}")]
    for name, section_rows in _ROWS.items():
        if name in r:
            rows += section_rows(r[name], r)
    return "\n".join(["| figure | value |", "| --- | --- |"] + [f"| {a} | {b} |" for a, b in rows])


def _gazetteer_rows(g: dict, _r: dict) -> list[tuple[str, str]]:
    rows = [("gazetteer first build", f"{g['build_s']:.1f} s")] if "build_s" in g else []
    return rows + [("gazetteer cached load", f"{g['load_s']:.2f} s (+ {g['import_s']:.2f} s imports)"),
                   ("resident memory after load", f"{g['rss_after_load_mb']:.0f} MB")]


def _parse_rows(p: dict, _r: dict) -> list[tuple[str, str]]:
    return [(f"parse, 1 thread, {p['docs']} articles", f"{p['docs_per_s']:.0f} docs/s, "
             f"{p['chars_per_s']:,.0f} chars/s (fastest of {p['passes']} passes: "
             f"{', '.join(map(str, p['all_passes_docs_per_s']))} docs/s)"),
            ("latency per article", f"median {p['p50_ms']:.1f} ms, p99 {p['p99_ms']:.1f} ms, "
             f"max {p['max_ms']:.0f} ms"),
            ("resident memory of the parsing process", f"{p['rss_mb']:.0f} MB")]


def _peer_rows(peer: dict, r: dict) -> list[tuple[str, str]]:
    if "skipped" in peer:
        return [("spaCy peer", f"skipped: {peer['skipped']}")]
    ratio = ""
    if "parse" in r:
        typical = statistics.median(r["parse"]["all_passes_docs_per_s"])  # the peer had one pass
        ratio = f"; Newsmap's median pass is {typical / peer['docs_per_s']:.0f}x faster"
    return [(f"spaCy peer ({peer['pipeline']}, spaCy {peer['spacy']}), one pass",
             f"{peer['docs_per_s']:.1f} docs/s{ratio}")]


def _ingest_rows(i: dict, _r: dict) -> list[tuple[str, str]]:
    return [(f"batch ingestion, {i['workers']} processes", f"{i['articles_per_s']:.0f} articles/s "
             f"({i['articles']} articles, {i['events']} events)")]


def _long_rows(lg: dict, _r: dict) -> list[tuple[str, str]]:
    return [(f"one article of {int(n):,} characters", f"{v['seconds']:.2f} s ({v['us_per_char']:.2f} µs "
             f"per character, {v['places']:,} places), peak resident memory {v['peak_rss_mb']:.0f} MB")
            for n, v in lg.items()]


def _map_rows(m: dict, _r: dict) -> list[tuple[str, str]]:
    rows = [(f"map of {n:,} events", f"{v['seconds']:.2f} s, {v['mb']:.1f} MB of HTML")
            for n, v in m.items() if isinstance(n, int)]
    return rows + [("filter change at 10,000 events: filter, map build and render",
                    f"{m['filter_change_10k_s']:.2f} s ({m['filter_change_shown']:,} shown)")]


def _dashboard_rows(d: dict, _r: dict) -> list[tuple[str, str]]:
    return [(f"dashboard rerun after a filter change, {d['events']:,} events of "
             f"{d['articles']:,} articles (AppTest, whole page)", f"median {d['rerun_s']:.2f} s of 5")]


def _browser_rows(b: dict, _r: dict) -> list[tuple[str, str]]:
    if "skipped" in b:
        return [("browser (Chromium)", f"skipped: {b['skipped']}")]
    rows = []
    for n, v in b.items():
        load, filt = v["load"], v["filter"]
        took = "not redrawn" if filt["seconds"] is None else f"{filt['seconds']:.1f} s"
        rows += [
            (f"browser, {n:,} events: page load until the map is drawn",
             f"{load['seconds']:.1f} s (tab shown at {load['tab_shown_s']:.1f} s, server's last "
             f"message at {load['server_done_s']:.1f} s; first load after the server started "
             f"{v['first_load_s']:.1f} s)"),
            (f"browser, {n:,} events: one type removed until the map is redrawn",
             f"{took} ({filt['shown']:,} shown; server's last message at "
             f"{filt['server_done_s']:.1f} s, {filt['received_mb']:.1f} MB)"),
            (f"browser, {n:,} events: longest task / total blocking time, load and filter change",
             f"{_task(load)}; {_task(filt)}"),
            (f"browser, {n:,} events: map elements; requests off 127.0.0.1; page errors",
             f"{v['dom_clusters']:,} clusters + {v['dom_points']:,} points; "
             f"{v['external_requests']}; {len(v['page_errors'])}")]
    return rows


def _task(w: dict) -> str:
    return (f"{w['longest_task_ms']:,.0f} ms (in the {w['longest_task_in']}; the map's longest "
            f"{w['longest_map_task_ms']:,.0f} ms) / {w['total_blocking_ms']:,.0f} ms")


def _accuracy_rows(acc: dict, _r: dict) -> list[tuple[str, str]]:
    if "skipped" in acc:
        return [("end-to-end F1@161", f"skipped: {acc['skipped']}")]
    return [("end-to-end F1@161 of these outputs",
             ", ".join(f"{k} {v:.3f}" for k, v in acc.items() if v is not None))]


_ROWS = {"gazetteer": _gazetteer_rows, "parse": _parse_rows, "peer": _peer_rows,
         "ingest": _ingest_rows, "long": _long_rows, "map": _map_rows, "dashboard": _dashboard_rows,
         "browser": _browser_rows, "accuracy": _accuracy_rows, "scale": scale_rows, "cold": cold_rows}
SECTIONS = tuple(_ROWS)


def _chosen_sections(ap: argparse.ArgumentParser, args: argparse.Namespace) -> set[str]:
    chosen = set(SECTIONS)
    if args.only:
        chosen = {name.strip() for name in args.only.split(",") if name.strip()}
        unknown = chosen - set(SECTIONS)
        if unknown:
            ap.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
        if "accuracy" in chosen:
            chosen.add("parse")
    if args.quick:  # a minute each: ingesting 7,000 articles then the page five times; two app servers
        chosen -= {"dashboard", "browser"}
        if not args.only:  # a database server and three clusters; four fresh processes: run when named
            chosen -= {"scale", "cold"}
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m geo bench", description=(_PACKAGE_DOC or "").splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small inputs, under a minute (CI)")
    ap.add_argument("--json", help="also write every figure to this JSON file")
    ap.add_argument("--only", help=f"comma-separated sections to run, of: {', '.join(SECTIONS)} "
                                   "(accuracy brings parse: it scores the timed outputs)")
    args = ap.parse_args(argv)
    chosen = _chosen_sections(ap, args)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # the peer runs on one core too (set before numpy loads)
    from geo.benchmarks.browser import bench_browser
    from geo.benchmarks.cold import bench_cold
    from geo.benchmarks.common import load_corpus
    from geo.benchmarks.scale import bench_scale
    from geo.benchmarks.sections import (
        bench_dashboard,
        bench_gazetteer,
        bench_ingest,
        bench_long,
        bench_map,
        bench_parse,
        bench_peer,
        score_outputs,
    )
    from geo.gazetteer.index import load

    corpus: list[list[dict]] = []

    def docs() -> list[dict]:  # read only by the sections that need the articles
        if not corpus:
            corpus.append(load_corpus(QUICK_DOCS if args.quick else None))
        return corpus[0]

    r: dict = {"cores": os.cpu_count(), "python": platform.python_version(),
               "platform": platform.machine(), "quick": args.quick}
    outputs: list[dict] = []

    def parse_step():
        figures, outputs[:] = bench_parse(docs(), load(Settings.from_env()), 1 if args.quick else 3)
        return figures

    steps = [("gazetteer", lambda: bench_gazetteer(args.quick)),
             ("parse", parse_step), ("accuracy", lambda: score_outputs(outputs, docs())),
             ("peer", lambda: bench_peer(docs()[:QUICK_DOCS] if args.quick else docs())),
             ("ingest", lambda: bench_ingest(docs())),
             ("long", lambda: bench_long(QUICK_LONG_SIZES if args.quick else LONG_SIZES,
                                         load(Settings.from_env()))),
             ("map", lambda: bench_map(QUICK_MAP_SIZES if args.quick else MAP_SIZES)),
             ("dashboard", lambda: bench_dashboard(docs(), DASHBOARD_COPIES)),
             ("browser", lambda: bench_browser(BROWSER_SIZES)),
             ("scale", lambda: bench_scale(docs(), 1 if args.quick else SCALE_COPIES)),
             ("cold", lambda: bench_cold(docs()))]
    for name, step in steps:
        if name in chosen:
            print(f"bench: {name}…", file=sys.stderr, flush=True)
            r[name] = step()
    print(report(r))
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2, default=str), "utf-8")
    return 0

