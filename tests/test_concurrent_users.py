"""Several users of one PostgreSQL store at once, as real processes: two analysts saving and
correcting (what two dashboard sessions do) while a command-line ingest runs. Nothing is lost,
nothing is stored twice, and reports of one happening still form one incident."""
import multiprocessing
import subprocess
import sys
from pathlib import Path

from geo.pipeline import parse
from geo.store import Store

ROOT = Path(__file__).resolve().parent.parent
PER_USER, FILES = 20, 30


def _analyst(db: str, seed: int) -> None:
    """Save reports one by one and retype each new event, as a dashboard user would."""
    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import FIXTURE_ROWS

    from geo.gazetteer.index import from_rows

    gaz = from_rows(FIXTURE_ROWS)
    store = Store(db)
    for i in range(PER_USER):
        text = f"Analyst {seed}, note {i}: shelling hit Kharkiv on Friday, officials said."
        saved = store.save(parse(text, "2022-02-26", gazetteer=gaz), title=f"note {seed}-{i}")
        mine = [e for e in store.events() if e.article_id == saved.article_id]
        store.correct_event(mine[0], "set_type", {"type": "Explosions/Remote violence",
                                                  "subtype": "Air/drone strike"})


def test_two_analysts_and_an_ingest_at_once_lose_nothing(pg_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(FILES):
        (folder / f"wire{i:02d}.txt").write_text(
            f"Wire {i}: shelling hit Kharkiv on Friday, killing {i + 2} civilians, officials said.", encoding="utf-8")
    Store(pg_url)  # made before the users arrive, as a deployed store is
    ctx = multiprocessing.get_context("spawn")
    analysts = [ctx.Process(target=_analyst, args=(pg_url, k)) for k in range(2)]
    ingest = subprocess.Popen([sys.executable, "-m", "geo", "ingest", str(folder), "--db", pg_url,
                               "--workers", "1", "--published", "2022-02-26"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for p in analysts:
        p.start()
    out, err = ingest.communicate(timeout=600)
    for p in analysts:
        p.join(600)
    assert [p.exitcode for p in analysts] == [0, 0] and ingest.returncode == 0, err[-2000:]
    assert out.startswith(f"{FILES} new, 0 already stored")
    store = Store(pg_url)
    assert len(store.articles()) == 2 * PER_USER + FILES
    assert len(store.corrections()) == 2 * PER_USER
    shelling = store.events()
    assert len(shelling) == 2 * PER_USER + FILES
    assert sum(e.corrected for e in shelling) == 2 * PER_USER
    # one happening, reported by three writers at once: one incident, 70 sources
    assert len({e.incident_id for e in shelling}) == 1 and {e.sources for e in shelling} == {2 * PER_USER + FILES}
