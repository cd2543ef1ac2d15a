"""Rebuild geo/recognize/data/mention_filter.npz from the shared geoparsing data (training only).

Trains on the `read` half of LGL, GeoVirus and TUD pooled (the scorer's fixed split: sha256 of
the article id, first hex digit 0-7), so the `check` halves stay an honest measurement, and
writes the weights plus a note of what they were trained on (mention_filter.json beside them:
corpora, halves, counts, settings, date; no text).

Each candidate span the recogniser weighs (`mentions._accepted`) is one example, labelled by
whether a gold toponym has exactly its span. `--cv` runs grouped 5-fold cross-validation by
article: each fold's model parses its held-out articles end to end, and the out-of-fold output
is scored per corpus as the scorer does (P / R / F1, F1@161).

    .venv/bin/python scripts/train_mention_filter.py --cv              # figures only
    .venv/bin/python scripts/train_mention_filter.py                   # write the model

Needs scikit-learn (requirements-dev.txt); the runtime (geo/recognize/mention_filter.py) does not.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import shlex
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.cli import parse_record  # noqa: E402
from geo.gazetteer import load as load_gazetteer  # noqa: E402
from geo.recognize import mention_filter as mf  # noqa: E402
from geo.recognize import mentions  # noqa: E402
from geo.recognize.landmarks import find_landmarks  # noqa: E402
from geo.recognize.name_checks import collect_people  # noqa: E402
from geo.recognize.streets import find_streets, foreign_streets  # noqa: E402
from geo.recognize.tokens import Scan  # noqa: E402

CORPORA = ("lgl", "geovirus", "tud")
DEFAULTS = {"C": 0.3, "threshold": 0.4, "folds": 5}


def read_docs(data: Path) -> list[dict]:
    """The read half of each corpus, by the scorer's own split (`score.half_of`)."""
    half_of = _scorer().half_of
    docs = []
    for name in CORPORA:
        with open(data / f"{name}.jsonl", encoding="utf-8") as fh:
            docs += [dict(d, corpus=name) for d in half_of(list(map(json.loads, fh)), "read")]
    return docs


def candidates(doc: dict, gaz) -> list[tuple[list, int]]:
    """(features, label) of each span the recogniser weighs in one article."""
    scan = Scan(gaz, doc["text"])
    streets = foreign_streets(scan, find_streets(scan))
    landmarks = find_landmarks(scan)
    people = collect_people(scan)
    whole = {k: j for i, j in landmarks for k in range(i, j)} | {i: j for i, j, _ in streets}
    kept, variants = mentions._kept_spans(scan, whole, people)
    record: list = []
    mentions._accepted(scan, kept, variants, people, None, record)
    gold = {(t["start"], t["end"]) for t in doc["toponyms"]}
    return [(feats, int((s, e) in gold)) for s, e, feats, _ in record]


def matrix(rows: list[list]):
    from scipy.sparse import csr_matrix
    data, idx, ptr = [], [], [0]
    for feats in rows:
        merged: dict[int, float] = {}
        for slot, value in feats:
            merged[slot] = merged.get(slot, 0.0) + value
        idx += merged.keys()
        data += merged.values()
        ptr.append(len(idx))
    return csr_matrix((data, idx, ptr), shape=(len(rows), mf.BUCKETS))


def fit(X, y, C: float, threshold: float) -> mf.MentionFilter:
    from sklearn.linear_model import LogisticRegression
    lr = LogisticRegression(C=C, max_iter=2000, solver="liblinear", random_state=0)
    lr.fit(X, y)
    return mf.MentionFilter(weights=tuple(float(w) for w in lr.coef_[0]),
                            bias=float(lr.intercept_[0]), threshold=threshold)


def folds_of(docs: list[dict], k: int) -> list[int]:
    """Fold of each article: by a hash of its id, so every run splits alike."""
    return [int(hashlib.sha256(f"fold:{d['id']}".encode()).hexdigest(), 16) % k for d in docs]


def _scorer():
    spec = importlib.util.spec_from_file_location("score", REPO.parent / "shared/eval/score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def parse_with(model: mf.MentionFilter | None, docs: list[dict], gaz) -> list[str]:
    """`geo parse` output lines of docs with `model` as the filter (None: the rules alone)."""
    original = mentions.load_filter
    mentions.load_filter = lambda: model  # the recogniser reads its filter through this one name
    try:
        return [json.dumps(parse_record(json.dumps({"id": d["id"], "text": d["text"]}), gaz)) for d in docs]
    finally:
        mentions.load_filter = original


def report(title: str, docs: list[dict], lines: list[str]) -> dict:
    score = _scorer()
    by_id = {d["id"]: d for d in docs}
    diag: dict = __import__("collections").Counter()
    preds = score.parse_predictions(lines, by_id, diag)
    out = {}
    row = [title]
    for name in CORPORA:
        sub = [d for d in docs if d["corpus"] == name]
        r = score.score_e2e(sub, preds)
        g, e = r["geotag_exact"], r["e2e_161"]
        out[name] = {"P": g["p"], "R": g["r"], "F1": g["f1"], "F1@161": e["f1"]}
        row.append(f"{name} {g['p']:.3f}/{g['r']:.3f}/{g['f1']:.3f} @161 {e['f1']:.3f}")
    print(" | ".join(row), flush=True)
    return out


class _Uncached(dict):
    def get(self, key, default=None):
        return default


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared/data/geoparse-dev")
    ap.add_argument("--cv", action="store_true", help="grouped cross-validation figures only")
    ap.add_argument("--C", type=float, nargs="+", default=[DEFAULTS["C"]])
    ap.add_argument("--threshold", type=float, nargs="+", default=[DEFAULTS["threshold"]])
    ap.add_argument("--folds", type=int, default=DEFAULTS["folds"])
    ap.add_argument("--drop", nargs="*", default=[], help="features left out (dense names, hashed prefixes)")
    ap.add_argument("--out", type=Path, default=mf.MODEL_PATH)
    args = ap.parse_args(argv)

    gaz = load_gazetteer()
    dead = mf.BUCKETS - 1  # left-out hashed features all land here, and its weight stays 0
    hashed = [p for p in args.drop if p not in mf.DENSE]
    if hashed:
        original = mf._hashed
        mf._hashed = lambda name: dead if name.startswith(tuple(hashed)) else original(name)
        mf._SLOTS = _Uncached()  # every name goes through the patched _hashed
    docs = read_docs(args.data)
    per_doc = [candidates(d, gaz) for d in docs]
    rows = [f for cands in per_doc for f, _ in cands]
    y = np.array([lab for cands in per_doc for _, lab in cands])
    doc_of = np.array([n for n, cands in enumerate(per_doc) for _ in cands])
    X = matrix(rows).tolil()
    for col in [mf.DENSE.index(p) for p in args.drop if p in mf.DENSE] + [dead]:
        X[:, col] = 0
    X = X.tocsr()
    print(f"{len(docs)} articles, {len(y)} candidate spans, {int(y.sum())} gold", flush=True)

    if args.cv:
        report("rules", docs, parse_with(None, docs, gaz))
        fold = np.array(folds_of(docs, args.folds))
        for C in args.C:
            models = []
            for k in range(args.folds):
                train = fold[doc_of] != k
                models.append(fit(X[train], y[train], C, 0.5))
            for t in args.threshold:
                lines = []
                for k in range(args.folds):
                    held = [d for d, f in zip(docs, fold, strict=True) if f == k]
                    m = mf.MentionFilter(models[k].weights, models[k].bias, t)
                    lines += parse_with(m, held, gaz)
                report(f"C={C} t={t}", docs, lines)
        return 0

    model = fit(X, y, args.C[0], args.threshold[0])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, weights=np.array(model.weights, dtype=np.float32),
                        bias=np.float64(model.bias), threshold=np.float64(model.threshold))
    articles = {c: sum(d["corpus"] == c for d in docs) for c in CORPORA}
    note = {"bytes": args.out.stat().st_size,
            "trained_on": {c: {"half": "read", "articles": n} for c, n in articles.items()},
            "split": "sha256(article id), first hex digit 0-7 = read",
            "candidate_spans": int(len(y)), "positive": int(y.sum()),
            "C": args.C[0], "threshold": args.threshold[0], "buckets": mf.BUCKETS,
            "features": list(mf.DENSE) + ["hashed: kind, hint, previous/next word, gaps, kind|previous, word"],
            "date": dt.date.today().isoformat(),
            "command": " ".join(shlex.quote(a) for a in ["scripts/train_mention_filter.py", *(argv or sys.argv[1:])])}
    args.out.with_suffix(".json").write_text(json.dumps(note, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
