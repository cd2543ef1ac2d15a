"""Bulk ingestion on a Dask cluster: `geo ingest PATHS --db URL --cluster local:N` (a LocalCluster
of N worker processes on this machine) or `--cluster tcp://HOST:8786` (a running scheduler).

This process reads the inputs, leaves out the articles whose content is stored already, and
hands the rest to the workers in partitions. Each worker loads the gazetteer once (a worker
plugin) and parses its partitions. Into PostgreSQL a worker writes its own results, GROUP_SIZE
articles per transaction; the unique content hash with ON CONFLICT DO NOTHING makes a re-run
(or two workers given one text) store it once. Into SQLite, which has one writer, the parsed
articles come back here and are written by this process. Either way an article is reported
only once its transaction is committed: a killed run, run again, stores the rest and nothing
twice.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

from distributed import Client, WorkerPlugin, as_completed

from geo.errors import ConfigurationError, InputError
from geo.intake.batch import (
    GROUP_SIZE,
    Summary,
    checked_focus,
    parse_guarded,
    read_documents,
    save_keywords,
    saved_line,
    store_parsed,
)
from geo.intake.ingest import Document
from geo.pipeline import parse
from geo.processes import WARM_UP
from geo.records import ParsedArticle
from geo.store import Store, content_hash

PARTITION = 48  # articles per task: large enough to hide a task's overhead, small enough to share out
LOCAL = re.compile(r"local(?::(\d+))?$")
log = logging.getLogger(__name__)
_stores: dict[str, Store] = {}  # a worker's store per database, opened (and migrated) once

Job = tuple[str, str, str | None, dict]  # name, text, published (ISO), save() keywords
Outcome = tuple[str, str, str, int]      # name, status (new | duplicate | revision | failed), line, events


class GazetteerOnce(WorkerPlugin):
    """Loads the gazetteer and builds the matchers when a worker starts, once per worker: its
    tasks then parse at full speed from the first article."""

    name = "newsmap-gazetteer"

    def setup(self, worker) -> None:
        parse(WARM_UP, None)


def connect(cluster: str) -> Client:
    """A client of the cluster named: 'local' (a worker per core), 'local:N', or a scheduler's
    address ('tcp://host:8786')."""
    local = LOCAL.match(cluster)
    if local:
        workers = int(local.group(1) or os.cpu_count() or 1)
        if workers < 1:
            raise ConfigurationError(f"--cluster {cluster}: give at least one worker (local:2)")
        # the client starts the LocalCluster itself, so closing the client ends its workers
        return Client(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=_dashboard(), silence_logs=logging.ERROR)
    if "://" not in cluster:
        raise ConfigurationError(f"--cluster {cluster!r}: use local, local:N or a scheduler's "
                                 f"address such as tcp://10.0.0.5:8786")
    try:
        return Client(cluster, timeout="20s")
    except OSError as exc:
        raise ConfigurationError(f"cannot reach the Dask scheduler at {cluster}: {exc} — start one with "
                                 f"`dask scheduler` and workers with `dask worker {cluster}`") from exc


def _dashboard() -> str | None:
    """Dask's dashboard on a free port when its web layer (bokeh) is installed; else none."""
    try:
        import bokeh  # noqa: F401 - only asked whether it is there
    except ImportError:
        return None
    return ":0"


def ingest_on_cluster(paths: Iterable[str | Path], db: str, cluster: str | Client, *,
                      published: dt.date | None = None, source: str | None = None,
                      network: bool = False, allow_private: bool = False, focus: str | None = None,
                      progress: Callable[[str, str], None] | None = None,
                      bar: ProgressBar | None = None) -> Summary:
    """Ingest files, folders and (with `network`) URLs into the store at `db` on a cluster's
    workers (a `Client`, or what `connect` takes: started only when there is work for it); the
    same summary and the same `focus` as `batch.ingest_paths`."""
    focus = checked_focus(focus)
    summary = Summary()
    store = Store(db)  # made or migrated here, once, before any worker opens it
    docs = read_documents(paths, summary, network=network, allow_private=allow_private, progress=progress)
    todo = _not_stored(docs, store, summary, progress)
    if bar:
        bar.start(len(docs), done=len(docs) - len(todo))
    if todo:
        if isinstance(cluster, Client):
            _run(todo, db, store, cluster, published, source, focus, summary, progress, bar)
        else:
            with connect(cluster) as client:
                _run(todo, db, store, client, published, source, focus, summary, progress, bar)
    if bar:
        bar.finish()
    return summary


def _run(todo: list[Document], db: str, store: Store, client: Client, published: dt.date | None,
         source: str | None, focus: str | None, summary: Summary, progress, bar: ProgressBar | None) -> None:
    client.register_plugin(GazetteerOnce())  # returns once every worker has loaded it
    if bar:
        bar.started = time.perf_counter()  # the rate of parsing and storing, not of starting workers
    writes_here = store.engine.dialect.name == "sqlite"
    jobs = [(d.name, d.text, _iso(d.published or published), save_keywords(d, source)) for d in todo]
    task = parse_partition if writes_here else parse_and_store
    parts = {client.submit(task, jobs[i:i + PARTITION], None if writes_here else db, focus, pure=False):
             (jobs[i:i + PARTITION], todo[i:i + PARTITION]) for i in range(0, len(jobs), PARTITION)}
    for future in as_completed(list(parts)):
        part, docs = parts.pop(future)
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker died or the database refused: name them
            log.error("a partition of %d articles failed on the cluster: %s", len(part), exc)
            why = f"not stored ({exc.__class__.__name__}: {exc}); ingest this input again"
            result = ([(name, InputError(why)) for name, *_ in part] if writes_here
                      else [(name, "failed", f"failed: {why}", 0) for name, *_ in part])
        if writes_here:
            store_parsed(docs, [parsed for _, parsed in result], store, source, summary, progress)
        else:
            _count(result, summary, progress)
        if bar:
            bar.advance(len(part))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _not_stored(docs: list[Document], store: Store, summary: Summary, progress) -> list[Document]:
    """The documents whose content the store lacks; the others are reported as already stored
    (a re-run of a killed ingest sends only the rest to the workers)."""
    known = store.stored_hashes([content_hash(d.text) for d in docs])
    todo = []
    for doc in docs:
        if content_hash(doc.text) in known:
            summary.duplicate += 1
            if progress:
                progress(doc.name, "already stored")
        else:
            todo.append(doc)
    return todo


def _count(outcomes: list[Outcome], summary: Summary, progress) -> None:
    for name, status, line, events in outcomes:
        if status == "failed":
            summary.failed.append((name, line.removeprefix("failed: ")))
        else:
            setattr(summary, status, getattr(summary, status) + 1)
            summary.events += events
        if progress:
            progress(name, line)


def parse_partition(jobs: list[Job], db: None = None, focus: str | None = None) -> list[tuple[str, object]]:
    """A worker's task for a SQLite store: each article parsed (or the error that stopped it),
    sent back to the one writer."""
    return [(name, parse_guarded((text, published, focus))) for name, text, published, _ in jobs]


def parse_and_store(jobs: list[Job], db: str, focus: str | None = None) -> list[Outcome]:
    """A worker's task for a shared database: parse the partition and store it, GROUP_SIZE
    articles per transaction; what each article came to, once committed. A group is written
    by a thread of its own while the next is parsed: the worker waits on the server less."""
    store = _stores.get(db)
    if store is None:
        store = _stores[db] = Store(db)
    out: list[Outcome] = []
    group: list[tuple[str, ParsedArticle, dict]] = []
    with ThreadPoolExecutor(max_workers=1) as writer:
        writing: list[Future] = []
        for name, text, published, keywords in jobs:
            parsed = parse_guarded((text, published, focus))
            if isinstance(parsed, Exception):
                out.append((name, "failed", f"failed: {parsed}", 0))
            else:
                group.append((name, parsed, keywords))
            if len(group) >= GROUP_SIZE:
                writing.append(writer.submit(_store_group, store, group))
                group = []
        writing.append(writer.submit(_store_group, store, group))
        for done in writing:
            out += done.result()
    return out


def _store_group(store: Store, group: list[tuple[str, ParsedArticle, dict]]) -> list[Outcome]:
    if not group:
        return []
    try:
        saved = store.save_many([(parsed, keywords) for _, parsed, keywords in group])
    except Exception as exc:  # noqa: BLE001 - the group rolled back: one by one, so one bad row costs one
        if len(group) > 1:
            return [o for item in group for o in _store_group(store, [item])]
        return [(group[0][0], "failed", f"failed: could not be stored: {exc}", 0)]
    return [(name, s.status, saved_line(s.status, s.events, parsed), s.events)
            for (name, parsed, _), s in zip(group, saved, strict=True)]


def worker_memory_mb(client: Client) -> dict[str, float]:
    """Each worker's resident memory, in MB (after its gazetteer is loaded)."""
    import psutil  # lazy: distributed's own dependency, needed here only

    return client.run(lambda: psutil.Process().memory_info().rss / 1e6)


class ProgressBar:
    """Articles done of the total, with the rate and the time left, on one line: redrawn in
    place on a terminal, a new line every few seconds in a log."""

    def __init__(self, stream: TextIO = sys.stderr, every_s: float = 3.0) -> None:
        self.stream, self.every_s = stream, every_s
        self.total = self.done = self.skipped = 0
        self.started = self.shown = 0.0
        self.shown_done = -1

    def start(self, total: int, *, done: int = 0) -> None:
        self.total, self.done, self.skipped = total, done, done
        self.started = time.perf_counter()
        self._show(force=True)

    def advance(self, n: int) -> None:
        self.done += n
        self._show(force=self.done >= self.total)

    def finish(self) -> None:
        if self.stream.isatty():
            self.stream.write("\n")
        elif self.shown_done != self.done:
            self._show(force=True)

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = (self.done - self.skipped) / elapsed
        left = (self.total - self.done) / rate if rate > 0 else None
        filled = int(30 * self.done / self.total) if self.total else 30
        eta = "--:--" if left is None else f"{int(left) // 60:02d}:{int(left) % 60:02d}"
        return (f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} articles, "
                f"{rate:.1f}/s, ETA {eta}")

    def _show(self, *, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self.shown < self.every_s:
            return
        self.shown, self.shown_done = now, self.done
        tty = self.stream.isatty()
        self.stream.write(("\r" if tty else "") + self.line() + ("" if tty else "\n"))
        self.stream.flush()

