"""The cold command: `python -m geo parse` over the corpus in a fresh process, start-up (imports,
gazetteer and model loading) included, against spaCy's small model doing the same in its own
fresh process. Runs alternate, so a busy host slows both alike; the fastest of each counts.
`geo parse` forks a worker per core by default; it is also timed with `--workers 1`, the like
for like with spaCy's `nlp.pipe`, which runs in one process by default. Both sides start from
compiled bytecode, as an installed package does (pip compiles spaCy's at install)."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geo.benchmarks.common import ROOT
from geo.benchmarks.sections import SPACY_MODEL

ROUNDS = 2
# spaCy's side: load the small English pipeline (named entities only) and read every text
_SPACY = (
    "import json, sys, spacy\n"
    "nlp = spacy.load(sys.argv[1], exclude=['parser', 'lemmatizer', 'tagger', 'attribute_ruler'])\n"
    "texts = [json.loads(line)['text'] for line in open(sys.argv[2], encoding='utf-8')]\n"
    "n = sum(1 for doc in nlp.pipe(texts, batch_size=32) for e in doc.ents if e.label_ in ('GPE', 'LOC', 'FAC'))\n"
)


def _timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def bench_cold(docs: list[dict]) -> dict:
    """Wall seconds of each command over `docs`, fastest of ROUNDS alternated runs, and the ratio."""
    if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(SPACY_MODEL) is None:
        return {"skipped": "spaCy or its small model is not installed (make bench-deps)"}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        corpus.write_text("".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs), "utf-8")
        # geo's own modules compiled first: a shell with PYTHONDONTWRITEBYTECODE set (CI images,
        # some containers) would otherwise compile ~90 modules from source on every run (+17%
        # instructions for a one-line parse), which no installed package does
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "geo")], check=True,
                       stdout=subprocess.DEVNULL)
        ours, single, peer = [], [], []
        for _ in range(ROUNDS):
            ours.append(_timed([sys.executable, "-m", "geo", "parse", str(corpus)]))
            single.append(_timed([sys.executable, "-m", "geo", "parse", "--workers", "1", str(corpus)]))
            peer.append(_timed([sys.executable, "-c", _SPACY, SPACY_MODEL, str(corpus)]))
    return {"docs": len(docs), "cores": os.cpu_count(), "newsmap_s": min(ours), "spacy_s": min(peer),
            "ratio": min(peer) / min(ours), "one_worker_s": min(single), "one_worker_ratio": min(peer) / min(single),
            "all_newsmap_s": [round(t, 2) for t in ours], "all_one_worker_s": [round(t, 2) for t in single],
            "all_spacy_s": [round(t, 2) for t in peer]}


def cold_rows(c: dict, _r: dict) -> list[tuple[str, str]]:
    if "skipped" in c:
        return [("cold command vs spaCy", f"skipped: {c['skipped']}")]
    return [(f"cold `python -m geo parse`, {c['docs']} articles, start-up included",
             f"{c['newsmap_s']:.2f} s on {c['cores']} cores (the default), {c['one_worker_s']:.2f} s with "
             f"`--workers 1`, against spaCy small's {c['spacy_s']:.2f} s in one fresh process: "
             f"{c['ratio']:.0f}x and {c['one_worker_ratio']:.0f}x (fastest of {ROUNDS} alternated runs each)")]
