"""Batch ingestion groups articles per transaction without losing or misreporting any."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.intake import batch
from geo.intake.ingest import Document
from geo.store import Store
from geo.store import store as store_module

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [f"Shelling hit Kharkiv on Friday, killing {n} civilians, officials said." for n in range(2, 40)]


def _docs(texts):
    return [Document(text=t, name=f"r{i}.txt") for i, t in enumerate(texts)]


def test_groups_store_every_article_once_and_report_after_commit(tmp_path, small_gaz, monkeypatch):
    monkeypatch.setattr(batch, "GROUP_SIZE", 5)
    store = Store(tmp_path / "b.db")
    seen: list[tuple[str, str]] = []

    def progress(name, what):  # another connection already sees the article: it is committed
        seen.append((name, what))
        with sqlite3.connect(tmp_path / "b.db") as other:
            stored = other.execute("select count(*) from articles where filename = ?", (name,))
            assert stored.fetchone()[0] == 1 or what == "already stored"

    texts = REPORTS[:12] + [REPORTS[0]]  # one duplicate inside the batch
    parsed = [batch.parse(t, "2022-02-25", gazetteer=small_gaz) for t in texts]
    summary = batch.Summary()
    batch.store_parsed(_docs(texts), parsed, store, "test", summary, progress)
    assert (summary.new, summary.duplicate, len(summary.failed)) == (12, 1, 0)
    assert len(seen) == 13 and len(store.articles()) == 12


def test_a_group_that_fails_is_retried_one_by_one(tmp_path, small_gaz, monkeypatch):
    monkeypatch.setattr(batch, "GROUP_SIZE", 4)
    store = Store(tmp_path / "b.db")
    real_insert = store_module._insert_articles

    def insert_articles(conn, items):
        if any("killing 5 civilians" in parsed.text for parsed, _, _ in items):
            raise RuntimeError("disk says no")
        return real_insert(conn, items)

    monkeypatch.setattr(store_module, "_insert_articles", insert_articles)
    texts = REPORTS[:8]
    parsed = [batch.parse(t, "2022-02-25", gazetteer=small_gaz) for t in texts]
    summary = batch.Summary()
    batch.store_parsed(_docs(texts), parsed, store, None, summary, None)
    assert summary.new == 7 and [name for name, _ in summary.failed] == ["r3.txt"]
    assert "disk says no" in summary.failed[0][1]
    assert len(store.articles()) == 7  # the failed group's other articles were stored


def test_one_failing_article_costs_only_itself(tmp_path, small_gaz, monkeypatch):
    real_parse = batch.parse

    def parse(text, published, geocoder=None, focus=None):
        if "killing 5 civilians" in text:
            raise OverflowError("date value out of range")  # a bug in a stage, not bad input
        return real_parse(text, published, gazetteer=small_gaz)

    monkeypatch.setattr(batch, "parse", parse)
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(REPORTS[:6]):
        (folder / f"r{i}.txt").write_text(text)
    (folder / "bad.csv").write_text('text\n"' + "x" * 140_000 + '"\n')
    store = Store(tmp_path / "b.db")
    summary = batch.ingest_paths([folder], store, published=None, workers=1)
    assert summary.new == 5 and len(store.articles()) == 5
    failed = dict(summary.failed)
    assert "OverflowError" in failed[str(folder / "r3.txt")] and "field limit" in failed[f"{folder / 'bad.csv'}:2"]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process parents from /proc (Linux)")
def test_pool_workers_die_with_a_killed_ingest(tmp_path):
    """A real `geo ingest` with two workers, killed with SIGKILL while they parse: no worker
    may live on (they lingered for minutes under init, holding the caller's pipes)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):  # enough work that the workers are busy when the kill comes
        (folder / f"r{i}.txt").write_text(" ".join(REPORTS) * 30 + f" Report {i}.")
    proc = subprocess.Popen([sys.executable, "-m", "geo", "ingest", str(folder), "--workers", "2",
                             "--db", str(tmp_path / "k.db")], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the ingest never started its workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    for w in alive:  # do not leave them behind for the rest of the suite
        os.kill(w, signal.SIGKILL)
    assert alive == []


def test_a_dead_worker_fails_the_articles_it_had_not_returned_only(tmp_path, small_gaz, monkeypatch):
    """A worker that dies (here by os._exit, as the OOM killer would end it) breaks the pool:
    what was parsed is stored, every other article is named as failed, nothing is raised."""
    real_parse = batch.parse

    def parse(text, published, geocoder=None, focus=None):
        if "killing 30 civilians" in text:
            os._exit(1)
        return real_parse(text, published, gazetteer=small_gaz)

    monkeypatch.setattr(batch, "parse", parse)  # the forked workers inherit it
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(REPORTS):
        (folder / f"r{i:02d}.txt").write_text(text)
    store = Store(tmp_path / "b.db")
    summary = batch.ingest_paths([folder], store, workers=2)
    assert summary.new + len(summary.failed) == len(REPORTS) and summary.new == len(store.articles())
    assert str(folder / "r28.txt") in dict(summary.failed)
    assert all("parsing process died" in reason for _, reason in summary.failed)
