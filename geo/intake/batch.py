"""Batch ingestion: read files, parse articles on all cores, store them with one writer.

Each article is parsed in a worker process and written by this process, GROUP_SIZE articles
per transaction; an article is reported as stored only after its group is committed, so a
killed batch loses nothing already reported as stored and leaves no half article. `ingest_paths`
returns a summary: new, already stored, revisions, failed with reasons.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from geo.errors import GeoError, InputError
from geo.events.extractor import why_none
from geo.gazetteer.index import load
from geo.intake.fetch import documents_from_url
from geo.intake.ingest import Document, Failure, read_path
from geo.pipeline import check_focus, parse
from geo.processes import PARALLEL_MIN_ITEMS, WARM_UP, forked_pool
from geo.records import ParsedArticle
from geo.store import Store

GROUP_SIZE = 16  # articles per transaction in a batch: a commit per article cost as much as storing it

log = logging.getLogger(__name__)


@dataclass
class Summary:
    new: int = 0
    duplicate: int = 0
    revision: int = 0
    events: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.new} new, {self.duplicate} already stored, {self.revision} revised, "
                f"{len(self.failed)} failed; {self.events} events")


def parse_guarded(args: tuple[str, dt.date | str | None, str | None], geocoder=None) -> ParsedArticle | GeoError:
    """A parsed article, or the exception that stopped it: one article's failure, whatever it
    is, is that article's to report and never the batch's."""
    text, published, focus = args
    try:
        return parse(text, published, geocoder=geocoder, focus=focus)
    except GeoError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - a bug: logged with its trace, reported, batch goes on
        log.exception("internal error while parsing an article")
        return InputError(f"internal error while parsing ({exc.__class__.__name__}: "
                          f"{' '.join(str(exc).split())[:200]}); please report it")


def _items(path: str, network: bool, allow_private: bool):
    if path.startswith(("http://", "https://")):
        if not network:
            return [Failure(path, "network use is off: pass --network (or set NEWSMAP_NETWORK=1) "
                                  "to fetch URLs and feeds")]
        return documents_from_url(path, allow_private=allow_private)
    return read_path(path)


def _read_safely(path: str, network: bool, allow_private: bool):
    """What `_items` yields; a reader's bug ends that path with a reported failure, and the
    other paths are still read."""
    try:
        yield from _items(path, network, allow_private)
    except Exception as exc:  # noqa: BLE001 - logged with its trace, reported, batch goes on
        log.exception("internal error while reading %s", path)
        yield Failure(path, f"internal error while reading ({exc.__class__.__name__}); "
                            f"the rest of this input was skipped; please report it")


def read_documents(paths: Iterable[str | Path], summary: Summary, *, network: bool = False,
                   allow_private: bool = False, progress: Callable[[str, str], None] | None = None) -> list[Document]:
    """The articles found in files, folders and (with `network`) URLs; what yields none goes to
    `summary.failed` with its reason."""
    docs: list[Document] = []
    for path in paths:
        for item in _read_safely(str(path), network, allow_private):
            if isinstance(item, Failure):
                summary.failed.append((item.name, item.reason))
                if progress:
                    progress(item.name, f"failed: {item.reason}")
            else:
                docs.append(item)
    return docs


def checked_focus(focus: str | None) -> str | None:
    """`focus` as `geo.parse` takes it, checked before anything is read (an unknown code is an
    `InputError`); the gazetteer is loaded here only when there is a focus to check."""
    return None if focus is None else check_focus(focus, load())


def ingest_paths(paths: Iterable[str | Path], store: Store, *, published: dt.date | None = None,
                 source: str | None = None, workers: int | None = None, network: bool = False,
                 allow_private: bool = False, geocoder=None, focus: str | None = None,
                 progress: Callable[[str, str], None] | None = None) -> Summary:
    """Ingest files, folders and (with `network`) URLs or feeds into `store`; `published` and
    `source` fill what the inputs lack. `allow_private` lets tests fetch from 127.0.0.1.
    `focus`, a country code ('GB'), leans the articles' names to that country where they do
    not say (`geo.parse`); a code the gazetteer does not know is an `InputError` at once."""
    focus = checked_focus(focus)
    summary = Summary()
    docs = read_documents(paths, summary, network=network, allow_private=allow_private, progress=progress)
    jobs = [(d.text, d.published or published, focus) for d in docs]
    workers = workers or os.cpu_count() or 1
    if geocoder is not None:  # one process asks the online geocoder, so its rate limit holds
        store_parsed(docs, (parse_guarded(j, geocoder) for j in jobs), store, source, summary, progress)
    elif workers > 1 and len(docs) >= PARALLEL_MIN_ITEMS:
        with forked_pool(workers, warm_up=lambda: parse(WARM_UP, None)) as pool:
            results = pool.map(parse_guarded, jobs, chunksize=8)
            store_parsed(docs, _until_broken(results), store, source, summary, progress)
    else:
        store_parsed(docs, map(parse_guarded, jobs), store, source, summary, progress)
    return summary


def _until_broken(results):
    """The pool's results; once a worker has died (killed, out of memory), a failure for each
    article not yet parsed, so that what was parsed is still stored and the rest is named."""
    try:
        yield from results
    except BrokenProcessPool:
        log.error("a parsing process died; the articles it had not returned are reported as failed")
        while True:
            yield InputError("not parsed: a parsing process died (killed, or out of memory); "
                             "ingest this input again")


def store_parsed(docs, results, store: Store, source, summary: Summary, progress) -> None:
    """Write parsed articles in groups of GROUP_SIZE, one transaction per group; an article is
    reported only after its group is committed, so a killed batch loses nothing reported. A
    group that fails to store is retried article by article, so one bad row costs one article."""
    group: list[tuple] = []
    for doc, parsed in zip(docs, results, strict=False):
        if isinstance(parsed, Exception):
            summary.failed.append((doc.name, str(parsed)))
            if progress:
                progress(doc.name, f"failed: {parsed}")
            continue
        group.append((doc, parsed, save_keywords(doc, source)))
        if len(group) >= GROUP_SIZE:
            _store_group(group, store, summary, progress)
            group = []
    _store_group(group, store, summary, progress)


def save_keywords(doc: Document, source: str | None) -> dict:
    """What `Store.save` is told about a document besides its parsed text."""
    title = doc.title or os.path.basename(doc.name.split("#")[0])  # a file's name at least
    return dict(title=title, source=doc.source or source, url=doc.url, filename=doc.name)


def saved_line(status: str, events: int, parsed: ParsedArticle) -> str:
    """How the progress line says what storing an article did."""
    if status == "duplicate":
        return "already stored"
    return f"{status}: {events} events" if events else f"{status}: {why_none(parsed.text, parsed.places)}"


def _store_group(group: list[tuple], store: Store, summary: Summary, progress) -> None:
    if not group:
        return
    try:
        saved = list(zip(group, store.save_many([(parsed, meta) for _, parsed, meta in group]), strict=True))
    except Exception:  # noqa: BLE001 - the group rolled back; find the culprit one by one
        saved = []
        for item in group:
            doc, parsed, meta = item
            try:
                saved.append((item, store.save(parsed, **meta)))
            except Exception as exc:  # noqa: BLE001 - reported, the batch goes on
                summary.failed.append((doc.name, f"could not be stored: {exc}"))
                if progress:
                    progress(doc.name, f"failed: could not be stored: {exc}")
    for (doc, parsed, _), result in saved:
        setattr(summary, result.status, getattr(summary, result.status) + 1)
        summary.events += result.events
        if progress:
            progress(doc.name, saved_line(result.status, result.events, parsed))
