"""What the benchmark sections share: the corpus, the repository's paths, fresh processes,
synthetic events, and the memos to clear between timed passes."""
from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the records are imported where used: a benchmark process starts light
    from geo.store.records import StoredEvent

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = [SHARED / "data" / "geoparse-dev" / f"{name}.jsonl" for name in ("lgl", "geovirus")]
SCORER = SHARED / "eval" / "score.py"


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
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


def run_python(code: str, env: dict | None = None, timeout: float = 600) -> dict:
    """Run `code` in a fresh interpreter of this venv; it prints one JSON object."""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, timeout=timeout, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])



def warm_up_texts() -> list[str]:
    """The project's own sample articles: a warm-up that does not pre-answer the timed texts
    (the name index memoises its answers)."""
    samples = ROOT / "tests" / "data" / "samples"
    texts = [p.read_text("utf-8") for p in sorted(samples.glob("*.txt"))]
    for line in open(samples / "reports.jsonl", encoding="utf-8"):
        texts.append(json.loads(line)["text"])
    return texts


def forget_answers(gaz) -> None:
    """Clear what parsing memoises per word or point, so a later pass is not answered from
    the earlier pass over the same texts."""
    from geo import geometry
    from geo.recognize import mention_filter, span_cues, tokens
    from geo.resolve import candidates

    gaz.forget()
    tokens.forget()
    span_cues.prominence.cache_clear()
    mention_filter.forget()
    geometry.unit_vector.cache_clear()
    candidates.forget()



def fake_events(n: int, seed: int = 7) -> list[StoredEvent]:
    """n stored events with random kinds, days and points in Ukraine (fixed sentence)."""
    from geo.events import taxonomy
    from geo.store.records import StoredEvent

    rng = random.Random(seed)
    kinds = taxonomy.load()
    out = []
    for i in range(n):
        k = rng.choice(kinds)
        out.append(StoredEvent(
            id=i, article_id=None, origin="extracted", type=k.type, subtype=k.subtype,
            date=f"2022-03-{rng.randint(1, 28):02d}", place="Somewhere",
            lat=rng.uniform(44.5, 52.3), lon=rng.uniform(22.2, 40.2), geo_precision=1,
            fatalities=None, score=rng.random(),
            sentence="Shelling hit the town on Friday, officials said.", title="t", sources=1))
    return out

