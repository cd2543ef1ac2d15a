"""Rebuild geo/events/data/event_classifier.npz from the shared development data (training only).

Trains on the `read` half of each set only (the scorers' fixed split), so that the `check`
halves stay an honest measurement, and writes the weights plus a note of what they were
trained on (geo/events/data/event_classifier.json: sets, halves, counts, date, command; no text).

    .venv/bin/python scripts/train_event_classifier.py                # ../shared beside the repo
    .venv/bin/python scripts/train_event_classifier.py --cv           # grouped 3-fold CV on read halves

Needs scikit-learn (requirements-dev.txt); the runtime (geo/events/classifier.py) does not.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shlex
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.events import classifier as ec  # noqa: E402
from geo.events import taxonomy  # noqa: E402

SETS = ("acled-dev.jsonl", "case2021-dev.jsonl")
# CASE codes outside ACLED's 25 subtypes -> our taxonomy rows (ORG_CRIME, ATTRIB: no event)
CASE_EXTRA = {"DIPLO": "diplomacy.diplomacy", "NATURAL_DISASTER": "disasters.natural",
              "MAN_MADE_DISASTER": "disasters.man_made"}
DEFAULTS = {"buckets": 1 << 17, "chars": True, "names": True, "learner": "lr", "C": 8.0, "none": -0.3,
            "case_weight": 8.0, "balance": 1.0}
LEARNERS = ("lr", "svm")  # svm: tried in issue 18 and not shipped (docs/event-classifier.md)
SVM_C = 0.5


def in_read_half(docs: list[dict]) -> list[bool]:
    """The scorers' split (score_events.half_of): sha256 of `country` when every record has
    one, else of `id`; first hex digit 0-7 is the `read` half."""
    field = "country" if docs and all(d.get("country") for d in docs) else "id"
    return [hashlib.sha256(str(d.get(field)).encode("utf-8")).hexdigest()[0] in "01234567"
            for d in docs]


def label_of(doc: dict, kinds: dict[str, taxonomy.EventKind]) -> tuple[str, str] | None:
    """(type, subtype) of a record in our taxonomy, or None when it has none (out of taxonomy)."""
    if doc.get("label") in CASE_EXTRA:
        kind = kinds[CASE_EXTRA[doc["label"]]]
        return kind.type, kind.subtype
    if not doc.get("event_type") or not doc.get("sub_event_type"):
        return None
    return doc["event_type"], doc["sub_event_type"]


def read_set(path: Path, half: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    return [d for d, r in zip(docs, in_read_half(docs), strict=True) if r == (half == "read")]


def _matrix(texts: list[str], buckets: int, chars: bool, names: bool):
    from scipy.sparse import csr_matrix

    rows, cols, vals = [0], [], []
    for t in texts:
        idx, tf = ec.hashed_features(t, buckets, chars=chars, names=names)
        cols.append(idx)
        vals.append(tf)
        rows.append(rows[-1] + len(idx))
    return csr_matrix((np.concatenate(vals), np.concatenate(cols), np.array(rows)),
                      shape=(len(texts), buckets))


def fit(texts: list[str], labels: list[tuple[str, str]], weights: list[float] | None = None, *,
        groups: list | None = None, buckets: int = DEFAULTS["buckets"], chars: bool = DEFAULTS["chars"],
        names: bool = DEFAULTS["names"], learner: str = DEFAULTS["learner"], C: float = DEFAULTS["C"],
        none: float = DEFAULTS["none"]):
    """A linear model on the module's features; returns (model, sklearn clf, X).

    `svm`: one-vs-rest linear SVMs (squared hinge), their scores turned into probabilities by a
    softmax at one temperature with a "none of these" score `none` beside them (a text no
    class's SVM scores above it is left mostly to none: the model is not sure of news unlike
    anything it learnt); the temperature is fitted out of fold (grouped by `groups`, see
    `temperature`) and folded into the weights, so inference is the same dot product and
    softmax as for `lr`, a multinomial logistic regression.
    """
    from sklearn.preprocessing import normalize

    counts = _matrix(texts, buckets, chars, names)
    df = np.bincount(counts.indices, minlength=buckets)
    idf = (np.log((1 + len(texts)) / (1 + df)) + 1.0).astype(np.float32)
    x = normalize(counts.multiply(idf).tocsr())
    classes = sorted(set(labels))
    y = np.array([classes.index(lab) for lab in labels])
    clf = _learner(learner, C)
    clf.fit(x, y, sample_weight=weights)
    coef, bias = clf.coef_, clf.intercept_
    if len(classes) == 2:  # sklearn keeps one row for two classes; softmax of (-z/2, z/2) is sigmoid(z)
        coef, bias = np.vstack([-coef / 2, coef / 2]), np.array([-bias[0] / 2, bias[0] / 2])
    scale = 1.0
    if learner == "svm":
        scale = temperature(texts, labels, weights, groups, none=none, buckets=buckets, chars=chars,
                            names=names, C=C)
    clf.temperature_ = scale  # exported weights and bias are the classifier's times this
    model = ec.Model(tuple(classes), (coef.T * scale).astype(np.float32), idf,
                     (bias * scale).astype(np.float32), buckets, chars, names,
                     none * scale if learner == "svm" else None)
    return model, clf, x


def _learner(learner: str, C: float):
    if learner.startswith("svm"):  # "svm-raw": no temperature (the inner fits of `temperature`)
        from sklearn.svm import LinearSVC

        return LinearSVC(C=C, max_iter=5000)
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=1000, tol=1e-3)


def temperature(texts, labels, weights, groups, *, none: float, folds: int = 3, **features) -> float:
    """The factor on SVM scores (and `none`) whose softmax best predicts the labels out of fold
    (least log loss over grouped inner folds: a country or a snippet never on both sides), so
    that the thresholds of `geo.events.combination` read probabilities, not margins."""
    groups = groups or [(str(i),) for i in range(len(texts))]
    inner = [int(hashlib.sha256(repr(("inner", g)).encode()).hexdigest(), 16) % folds for g in groups]
    weights = weights or [1.0] * len(texts)
    classes = sorted(set(labels))
    scores, gold = [], []
    for k in range(folds):
        train = [i for i, f in enumerate(inner) if f != k]
        model, _, _ = fit([texts[i] for i in train], [labels[i] for i in train], [weights[i] for i in train],
                          learner="svm-raw", **features)
        seen = [classes.index(lab) for lab in model.labels]
        for i, f in enumerate(inner):
            if f == k and labels[i] in model.labels:  # a class the inner fit never saw: not scored
                row = np.full(len(classes), -1e3)  # nor ever chosen
                row[seen] = ec.decision(texts[i], model)
                scores.append(row)
                gold.append(classes.index(labels[i]))
    z, gold = np.array(scores), np.array(gold)
    best = (float("inf"), 1.0)
    for t in np.exp(np.linspace(np.log(0.5), np.log(50), 200)):
        zt = np.hstack([z * t, np.full((len(z), 1), none * t)])  # the last: "none of these"
        zt -= zt.max(axis=1, keepdims=True)
        loss = float(np.mean(np.log(np.exp(zt).sum(axis=1)) - zt[np.arange(len(gold)), gold]))
        best = min(best, (loss, float(t)))
    return best[1]


def export(model: ec.Model, path: Path, *, dtype=np.float16) -> None:
    # stored, not deflated: inflating 7 MB at every start cost `geo parse` 0.18 G instructions
    # (9% of a one-line parse); git compresses the file in the repository anyway
    none = {} if model.none is None else {"none": np.array(model.none)}
    np.savez(path, format=np.array(ec.FORMAT), labels=np.array(model.labels),
             weights=model.weights.astype(dtype), idf=model.idf.astype(dtype),
             bias=model.bias.astype(np.float32), buckets=np.array(model.buckets),
             chars=np.array(model.chars), names=np.array(model.names), **none)


def training_set(shared: Path, half: str, case_weight: float):
    kinds = {k.id: k for k in taxonomy.load()}
    texts, labels, weights, groups, counts = [], [], [], [], {}
    for name in SETS:
        docs = read_set(shared / "data" / "events-dev" / name, half)
        used = [(d, label_of(d, kinds)) for d in docs]
        used = [(d, lab) for d, lab in used if lab is not None]
        counts[name] = {"half": half, "records": len(docs), "used": len(used)}
        for d, lab in used:
            texts.append(d["text"])
            labels.append(lab)
            weights.append(case_weight if name.startswith("case") else 1.0)
            groups.append((name, d.get("country") or d["id"]))
    return texts, labels, weights, groups, counts


def balanced(labels: list, weights: list[float], power: float) -> list[float]:
    """Weights times (mean class weight / class weight) ** power: 0 keeps the data's class mix,
    1 gives every class the same total weight (Peaceful protest is over half of ACLED)."""
    total: dict = {}
    for lab, w in zip(labels, weights, strict=True):
        total[lab] = total.get(lab, 0.0) + w
    mean = sum(total.values()) / len(total)
    return [w * (mean / total[lab]) ** power for lab, w in zip(labels, weights, strict=True)]


def _macro_f1(gold: list, pred: list) -> float:
    f1s = []
    for c in set(gold):
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def fold_of(group: tuple[str, str], folds: int = 3) -> int:
    """A record's fold within the read halves: a country or a snippet is never in two folds."""
    return int(hashlib.sha256(repr(group).encode()).hexdigest(), 16) % folds


def cross_validate(texts, labels, weights, groups, args, folds: int = 3) -> None:
    """Grouped folds (a country or a snippet never in both sides) within the read halves."""
    fold_of_ = [fold_of(g, folds) for g in groups]
    out: dict[str, list] = {}
    for k in range(folds):
        train = [i for i, f in enumerate(fold_of_) if f != k]
        model, _, _ = fit([texts[i] for i in train], [labels[i] for i in train],
                          [weights[i] for i in train], groups=[groups[i] for i in train],
                          buckets=args.buckets, chars=args.chars, names=args.names,
                          learner=args.learner, C=args.C, none=args.none)
        for i, f in enumerate(fold_of_):
            if f == k:
                guess = ec.classify(texts[i], model=model)[0]
                out.setdefault(groups[i][0], []).append((labels[i], (guess.type, guess.subtype)))
    for name, pairs in out.items():
        gold, pred = [g for g, _ in pairs], [p for _, p in pairs]
        print("%-20s n=%4d  type acc %.3f F1 %.3f  subtype acc %.3f F1 %.3f" % (
            name, len(pairs), np.mean([g[0] == p[0] for g, p in pairs]),
            _macro_f1([g[0] for g in gold], [p[0] for p in pred]),
            np.mean([g == p for g, p in pairs]), _macro_f1(gold, pred)))


def _write_fold(shared: Path, fold_dir: Path, k: int) -> None:
    """The read-half records of fold k (out-of-taxonomy ones too), one file per set, for the scorer."""
    fold_dir.mkdir(parents=True, exist_ok=True)
    for name in SETS:
        docs = read_set(shared / "data" / "events-dev" / name, "read")
        with open(fold_dir / name, "w", encoding="utf-8") as fh:
            for d in docs:
                if fold_of((name, d.get("country") or d["id"])) == k:
                    fh.write(json.dumps(d, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="the shared folder with data/events-dev/ (default: ../shared beside the repo)")
    ap.add_argument("--out", type=Path, default=ec.MODEL, help="model file to write")
    ap.add_argument("--buckets", type=int, default=DEFAULTS["buckets"], help="hash buckets (a power of 2)")
    ap.add_argument("--no-chars", dest="chars", action="store_false", help="word n-grams only")
    ap.add_argument("--keep-names", dest="names", action="store_false",
                    help="read names as words (default: every name read alike, classifier.masked_names)")
    ap.add_argument("--learner", choices=LEARNERS, default=DEFAULTS["learner"],
                    help="lr: multinomial logistic regression; svm: one-vs-rest linear SVMs with a "
                         "fitted softmax temperature and a none-of-these score")
    ap.add_argument("--C", type=float, default=None,
                    help=f"inverse L2 strength (default {DEFAULTS['C']:g} for lr, {SVM_C:g} for svm)")
    ap.add_argument("--none", type=float, default=DEFAULTS["none"],
                    help='svm: the score of "none of these" beside the classes\' SVM scores (0 is '
                         'each SVM\'s boundary; lower lets more texts be read with some confidence)')
    ap.add_argument("--case-weight", type=float, default=DEFAULTS["case_weight"],
                    help="sample weight of a CASE snippet (an ACLED note weighs 1)")
    ap.add_argument("--balance", type=float, default=DEFAULTS["balance"],
                    help="class balancing power: 0 none, 1 every class the same total weight")
    ap.add_argument("--cv", action="store_true", help="only cross-validate on the read halves")
    ap.add_argument("--leave-out-fold", type=int, metavar="K", default=None,
                    help="train without fold K (of 3) of the read halves, and write that fold's records "
                         "to --fold-dir, to tune how rules and classifier combine on data the model never saw")
    ap.add_argument("--fold-dir", type=Path, default=None, help="where --leave-out-fold writes the fold's records")
    args = ap.parse_args(argv)
    if args.buckets & (args.buckets - 1):
        ap.error(f"--buckets {args.buckets} is not a power of 2")
    if not (args.shared / "data" / "events-dev").is_dir():
        ap.error(f"{args.shared}/data/events-dev not found — pass --shared PATH")
    if args.C is None:
        args.C = SVM_C if args.learner == "svm" else DEFAULTS["C"]
    texts, labels, weights, groups, counts = training_set(args.shared, "read", args.case_weight)
    weights = balanced(labels, weights, args.balance)
    if args.cv:
        cross_validate(texts, labels, weights, groups, args)
        return 0
    if args.leave_out_fold is not None:
        if args.fold_dir is None or args.out == ec.MODEL:
            ap.error("--leave-out-fold needs --fold-dir and an --out other than the shipped model")
        keep = [fold_of(g) != args.leave_out_fold for g in groups]
        texts, labels, weights, groups = ([v for v, k in zip(seq, keep, strict=True) if k]
                                          for seq in (texts, labels, weights, groups))
        _write_fold(args.shared, args.fold_dir, args.leave_out_fold)
    model, clf, _ = fit(texts, labels, weights, groups=groups, buckets=args.buckets, chars=args.chars,
                      names=args.names, learner=args.learner, C=args.C, none=args.none)
    export(model, args.out)
    note = {"model": args.out.name, "trained": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "command": shlex.join(["python", "scripts/train_event_classifier.py", *(argv or sys.argv[1:])]),
            "sets": counts, "split": "scorers' fixed split: sha256 of country (acled) or id (case); "
                                     "first hex digit 0-7 = read; only read halves used",
            "labels": {f"{t} / {s}": labels.count((t, s)) for t, s in model.labels},
            "features": {"buckets": args.buckets, "word": "unigrams+bigrams",
                         "chars": CHAR_DOC if args.chars else None,
                         "names": "every capitalised word inside a sentence read as one token"
                                  if args.names else "read as words"},
            "learner": (f"scikit-learn LinearSVC(C={args.C}), one-vs-rest squared hinge, scores times "
                        f"{clf.temperature_:.3f} (softmax temperature fitted out of fold), "
                        f"none of these at score {args.none}"
                        if args.learner == "svm" else f"scikit-learn LogisticRegression(C={args.C})")
                       + f", sample weight CASE {args.case_weight}, ACLED 1, class balance power {args.balance}",
            "bytes": args.out.stat().st_size}
    args.out.with_suffix(".json").write_text(json.dumps(note, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({note['bytes']:,} bytes, {len(model.labels)} classes, {len(texts)} texts)")
    return 0


CHAR_DOC = "3-5-grams of the space-joined tokens"

if __name__ == "__main__":
    sys.exit(main())
