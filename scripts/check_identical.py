"""Refactoring guard: `python -m geo parse` output must stay byte-identical on every dev corpus.

Runs the parser of this checkout over each development corpus in ../shared/data (end to end,
with and without a publication date; the geoparse corpora also in gold-spans mode, as the
scorer sends them) and compares every output file byte for byte with a saved baseline.

    python scripts/check_identical.py --save      # once, on the commit before the refactor
    python scripts/check_identical.py             # after every refactoring commit

Everything (inputs, outputs, baseline) is written under --out (default /tmp/ident), outside
the repository, so no corpus text ever lands in it. Exit status 1 on any difference.
"""
from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CORPORA = {
    "lgl": "geoparse-dev/lgl.jsonl",
    "geovirus": "geoparse-dev/geovirus.jsonl",
    "tud": "geoparse-dev/tud.jsonl",
    "case2021-dev": "events-dev/case2021-dev.jsonl",
    "acled-dev": "events-dev/acled-dev.jsonl",
}
# Corpora without a date of their own are sent this one, so the dated code paths still run.
FIXED_PUBLISHED = "2021-06-15"


def _published(doc: dict) -> str:
    """The record's own date + 1 day (what the event scorer sends), else FIXED_PUBLISHED."""
    raw = doc.get("date") or (doc.get("meta") or {}).get("date_end")
    try:
        return (dt.date.fromisoformat(str(raw)[:10]) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return FIXED_PUBLISHED


def _inputs(doc: dict) -> dict[str, dict | None]:
    """The input record of each run variant for one corpus document (None: not sent)."""
    base = {"id": doc["id"], "text": doc["text"]}
    variants: dict[str, dict | None] = {
        "e2e": base,
        "e2e-dated": {**base, "published": _published(doc)},
    }
    if "toponyms" in doc:
        spans = [[t["start"], t["end"]] for t in doc["toponyms"]
                 if t.get("lat") is not None and t.get("lon") is not None]
        variants["gold"] = {**base, "spans": spans} if spans else None
    return variants


def write_inputs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rel in CORPORA.items():
        source = DATA / rel
        if not source.exists():
            raise SystemExit(f"check_identical: {source} not found (needs ../shared/data)")
        files: dict[str, list[str]] = {}
        with open(source, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    for variant, rec in _inputs(json.loads(line)).items():
                        if rec is not None:
                            files.setdefault(variant, []).append(json.dumps(rec, ensure_ascii=False))
        for variant, lines in files.items():
            path = folder / f"{name}.{variant}.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            paths.append(path)
    return paths


def run_parser(inputs: list[Path], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in inputs:
        started = time.perf_counter()
        with open(path, "rb") as src, open(folder / path.name, "wb") as dst:
            subprocess.run([sys.executable, "-m", "geo", "parse"], stdin=src, stdout=dst,
                           cwd=ROOT, check=True)
        print(f"  {path.name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/ident", help="work folder outside the repo")
    ap.add_argument("--save", action="store_true", help="write the baseline instead of comparing")
    args = ap.parse_args()
    out = Path(args.out)
    inputs = write_inputs(out / "inputs")
    target = out / ("baseline" if args.save else "current")
    run_parser(inputs, target)
    if args.save:
        print(f"baseline saved: {len(inputs)} files in {target}")
        return 0
    differ = [p.name for p in inputs
              if not filecmp.cmp(out / "baseline" / p.name, target / p.name, shallow=False)]
    for name in differ:
        print(f"DIFFERENT: {name}")
    lines = sum(1 for p in inputs for _ in open(target / p.name, encoding="utf-8"))
    print(f"{len(inputs) - len(differ)}/{len(inputs)} files identical ({lines} output lines)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
