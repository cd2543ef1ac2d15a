"""Batch ingestion groups articles per transaction without losing or misreporting any."""
from __future__ import annotations

import sqlite3

from geo import batch
from geo.ingest import Document
from geo.store import Store

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
    batch._store_all(_docs(texts), parsed, store, "test", summary, progress)
    assert (summary.new, summary.duplicate, len(summary.failed)) == (12, 1, 0)
    assert len(seen) == 13 and len(store.articles()) == 12


def test_a_group_that_fails_is_retried_one_by_one(tmp_path, small_gaz, monkeypatch):
    monkeypatch.setattr(batch, "GROUP_SIZE", 4)
    store = Store(tmp_path / "b.db")
    real_insert = Store._insert_article

    def insert_article(self, conn, parsed, digest, **meta):
        if "killing 5 civilians" in parsed.text:
            raise RuntimeError("disk says no")
        return real_insert(self, conn, parsed, digest, **meta)

    monkeypatch.setattr(Store, "_insert_article", insert_article)
    texts = REPORTS[:8]
    parsed = [batch.parse(t, "2022-02-25", gazetteer=small_gaz) for t in texts]
    summary = batch.Summary()
    batch._store_all(_docs(texts), parsed, store, None, summary, None)
    assert summary.new == 7 and [name for name, _ in summary.failed] == ["r3.txt"]
    assert "disk says no" in summary.failed[0][1]
    assert len(store.articles()) == 7  # the failed group's other articles were stored
