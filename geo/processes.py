"""Parsing on all cores: forked worker processes that inherit the loaded gazetteer, die with
their parent and hand results back in input order (`geo parse`, `geo ingest`).

Workers are forked after the parent has loaded the gazetteer and built its matchers (the
caller's `warm_up`), so each inherits them instead of spending half a second on its own copy.
"""
from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from itertools import chain, islice
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TypeVar

from geo.errors import GeoError

if TYPE_CHECKING:
    from concurrent.futures import Executor

T = TypeVar("T")
R = TypeVar("R")

# below this many items, forking workers costs more than it saves
PARALLEL_MIN_ITEMS = 16
# items handed to the pool at a time: the input is read one batch ahead, so an endless stdin
# holds two batches in memory, never the whole stream
BATCH = 128
class WorkersDied(GeoError, RuntimeError):
    """A worker process died (killed, or out of memory): what it held is lost."""


WARM_UP = "Shelling hit Kharkiv on Friday, killing 3 people, officials said on February 25."


def die_with_parent(parent: int) -> None:
    """Pool worker initializer: end this worker when the process that started it ends, even by
    kill -9 (which runs no clean-up), rather than live on under init holding its pipes."""
    if sys.platform.startswith("linux"):
        import ctypes  # lazy: Linux only: prctl

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    else:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


@contextmanager
def forked_pool(workers: int, warm_up: Callable[[], object]) -> Iterator[Executor]:
    """A pool of `workers` processes forked after `warm_up()` ran here."""
    import multiprocessing  # lazy, as below: a run on one core never pays for the imports
    from concurrent.futures import ProcessPoolExecutor

    warm_up()
    # the workers' garbage collector would otherwise walk every object inherited from this
    # process, copying each page it touches: frozen objects are never walked
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            yield pool
    finally:
        gc.unfreeze()


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int,
                warm_up: Callable[[], object]) -> Iterator[R]:
    """`map(fn, items)`, on `workers` forked processes once there are PARALLEL_MIN_ITEMS items
    (fewer run here). `fn` must be a module-level function; what it needs beyond its item it
    reads from module state set before the call, which the forked workers inherit."""
    rest = iter(items)
    head = list(islice(rest, PARALLEL_MIN_ITEMS))
    if workers <= 1 or len(head) < PARALLEL_MIN_ITEMS:
        yield from map(fn, head)
        yield from map(fn, rest)
        return
    from concurrent.futures.process import BrokenProcessPool

    batches = _batches(chain(head, rest), BATCH)
    with forked_pool(workers, warm_up) as pool:
        pending: deque[Iterator[R]] = deque()
        try:
            for batch in batches:
                pending.append(pool.map(fn, batch, chunksize=8))  # submits the batch now
                if len(pending) > 1:  # the next batch is queued before this one is drained
                    yield from pending.popleft()
            while pending:
                yield from pending.popleft()
        except BrokenProcessPool as exc:
            raise WorkersDied("a parsing process died (killed, or out of memory)") from exc


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
