"""Bulk ingestion on a Dask cluster of 2 worker processes: into PostgreSQL (each worker writes)
and SQLite (one writer here), by `--cluster local:2` and by a scheduler's address; a run killed
halfway, run again, stores the rest and nothing twice."""
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from distributed import LocalCluster

from geo.intake.cluster import ProgressBar
from geo.store import Store

ROOT = Path(__file__).resolve().parent.parent
PLACES = ["Kharkiv", "Kyiv", "Odesa", "Lviv", "Dnipro", "Mariupol"]


def _folder(tmp_path: Path, n: int) -> Path:
    """n made-up reports, each a different text with one shelling and one arrest."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        (folder / f"r{i:03d}.txt").write_text(
            f"Report {i}. Shelling hit {place} on Friday, killing {i + 2} civilians, officials said. "
            f"Police arrested {i + 3} people in Kyiv on Saturday.", encoding="utf-8")
    return folder


def _ingest(folder: Path, db: str, cluster: str, **popen) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "ingest", str(folder), "--db", db, "--cluster", cluster,
                           "--published", "2022-02-26"], cwd=ROOT, capture_output=True, text=True, timeout=600)


def _each_stored_once_and_whole(db: str, n: int) -> None:
    engine = Store(db).engine
    with engine.connect() as conn:
        names = [r[0] for r in conn.exec_driver_sql("SELECT filename FROM articles")]
        assert len(names) == len(set(names)) == n
        half = conn.execute(sa.text(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.id) "
            "OR NOT EXISTS (SELECT 1 FROM places p WHERE p.article_id = a.id)")).scalar()
        assert half == 0  # every stored article has its events and places


def test_two_workers_store_each_article_once_into_postgres_and_a_rerun_says_already_stored(pg_url, tmp_path):
    folder = _folder(tmp_path, 60)
    first = _ingest(folder, pg_url, "local:2")
    assert first.returncode == 0, first.stderr[-2000:]
    assert first.stdout.startswith("60 new, 0 already stored, 0 revised, 0 failed")
    assert "60/60 articles" in first.stderr and "/s, ETA" in first.stderr  # the bar
    _each_stored_once_and_whole(pg_url, 60)
    second = _ingest(folder, pg_url, "local:2")
    assert second.stdout.startswith("0 new, 60 already stored")
    assert second.stderr.count(": already stored") == 60


def test_into_sqlite_the_workers_parse_and_one_writer_stores_through_a_scheduler_address(tmp_path):
    folder = _folder(tmp_path, 40)
    db = str(tmp_path / "one-writer.db")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        done = _ingest(folder, db, cluster.scheduler_address)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("40 new, 0 already stored")
    _each_stored_once_and_whole(db, 40)


# enough that a quiet machine is still busy with the first groups when the test kills the run
KILLED_RUN_ARTICLES = 600


def test_a_killed_run_run_again_stores_the_rest_and_nothing_twice(pg_url, tmp_path):
    folder = _folder(tmp_path, KILLED_RUN_ARTICLES)
    proc = subprocess.Popen([sys.executable, "-m", "geo", "ingest", str(folder), "--db", pg_url,
                             "--cluster", "local:2", "--published", "2022-02-26"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    engine = sa.create_engine(pg_url)
    deadline, stored = time.time() + 300, 0
    while time.time() < deadline and stored < 20:
        time.sleep(0.05)  # killed as soon as a few groups are in, long before the last
        with engine.connect() as conn:
            if sa.inspect(conn).has_table("articles"):
                stored = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar()
    os.killpg(proc.pid, signal.SIGKILL)  # the client, its scheduler and its workers at once
    proc.wait()
    engine.dispose()
    assert 20 <= stored < KILLED_RUN_ARTICLES, "the run was not killed halfway"
    again = _ingest(folder, pg_url, "local:2")
    assert again.returncode == 0, again.stderr[-2000:]
    new, old = (int(again.stdout.split(" new, ")[0]), int(again.stdout.split(" new, ")[1].split()[0]))
    assert new + old == KILLED_RUN_ARTICLES and old >= 20
    _each_stored_once_and_whole(pg_url, KILLED_RUN_ARTICLES)


def test_a_cluster_that_cannot_be_reached_is_a_clear_error(tmp_path):
    folder = _folder(tmp_path, 2)
    bad = _ingest(folder, str(tmp_path / "x.db"), "somewhere")
    assert bad.returncode == 2 and "use local, local:N or a scheduler's address" in bad.stderr


@pytest.mark.parametrize("done, total, seconds, expect", [
    (0, 100, 1.0, "0/100 articles, 0.0/s, ETA --:--"),
    (50, 100, 10.0, "50/100 articles, 5.0/s, ETA 00:10"),
    (100, 100, 20.0, "100/100 articles, 5.0/s, ETA 00:00"),
])
def test_the_bar_says_the_rate_and_the_time_left(done, total, seconds, expect, monkeypatch):
    bar = ProgressBar(io.StringIO())
    bar.start(total)
    bar.started = time.perf_counter() - seconds
    bar.done = done
    assert bar.line().endswith(expect) and bar.line().count("#") == 30 * done // total
