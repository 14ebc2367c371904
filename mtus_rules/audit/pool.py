"""A bounded, time-limited, crash-isolated pool of worker processes: what both runners share.

An archive holds letters nobody has looked at: a PDF that makes the PDF library spin, a
file that crashes it. One such letter must cost one error row, never the run and never the
results of the letters around it. So:

* letters go to a pebble ``ProcessPool`` in chunks, at most ``IN_FLIGHT`` chunks per
  worker at a time: memory stays flat however many letters there are, and results come
  back in input order;
* inside a worker each letter runs under an alarm (``worker.work_chunk``); code that does
  not return to Python (a C library) cannot be interrupted that way, so the whole chunk
  also has a deadline, after which pebble kills and replaces the worker;
* a chunk that timed out or whose worker died is run again one letter per task, each with
  its own deadline, so only the letter at fault becomes an error row.

The local runner uses one pool for the machine; the Dask runner one pool per Dask worker.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from pebble import CONSTS, ProcessExpired, ProcessPool

from mtus_rules.audit.discover import LetterName
from mtus_rules.audit.rows import error_row
from mtus_rules.audit.worker import adopt_catalog, start_worker, work_chunk
from mtus_rules.check.catalog import Catalog

__all__ = ["CHUNK", "IN_FLIGHT", "Rows", "chunks", "guarded", "make_pool", "retire"]

Rows = list[dict[str, Any]]
Work = Callable[[list[LetterName]], list[Rows]]
IN_FLIGHT = 4  # chunks queued per worker: enough to keep it busy, few enough to bound memory
CHUNK = 8  # letters per task: amortizes the round trip without making isolation costly
GRACE = 5.0  # seconds beyond the letters' own limits before a chunk is killed

# Pebble's threads look at a pool's state every ``sleep_unit`` (0.1 s): a closed pool is
# noticed, and its join returns, only at the next look, ~90 ms added to every audit with
# workers. At 20 ms its threads wake 50 times a second (microseconds each), and the join
# takes ~8 ms. Pebble documents the constant as tunable: it affects only how soon a pool
# notices a change (a deadline passed, a worker gone, a close).
CONSTS.sleep_unit = 0.02


def chunks(paths: Iterable[LetterName], size: int) -> Iterator[list[LetterName]]:
    iterator = iter(paths)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def make_pool(workers: int, rules: Path | None, today: dt.date, timeout: float, catalog: Catalog | None = None) -> ProcessPool:
    """A pool whose workers have the catalog from the start.

    Given the ``catalog`` this process has loaded, workers are forked from it: they start at
    once with its modules and catalog, shared copy-on-write (frozen out of the garbage
    collector first, so that collections do not touch and copy its pages). Without it (in a
    Dask worker, whose threads make forking unsafe) or without fork, they start from a
    forkserver that has imported the worker module, and each loads the catalog from the cache."""
    if catalog is not None and "fork" in multiprocessing.get_all_start_methods():
        gc.freeze()
        context = multiprocessing.get_context("fork")
        return ProcessPool(max_workers=workers, initializer=adopt_catalog, initargs=(catalog, today, timeout), context=context)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["mtus_rules.audit.worker"])
    return ProcessPool(max_workers=workers, initializer=start_worker, initargs=(rules, today, timeout), context=context)


def retire(pool: ProcessPool) -> threading.Thread:
    """Close a pool whose work is all collected, and join it beside what the caller does next.

    Pebble's threads notice a closed pool only at their next poll (every 0.1 s), so joining
    it at once would add that to every audit; the joining thread is not a daemon, so the
    program still waits for the workers to exit before it ends."""
    pool.close()
    joiner = threading.Thread(target=pool.join, name="pool shutdown")
    joiner.start()
    return joiner


def guarded(
    pool: ProcessPool, paths: Iterable[LetterName], in_flight: int, timeout: float, chunk: int, work: Work = work_chunk
) -> Iterator[Rows]:
    """Schedule chunks of ``work`` on ``pool`` with at most ``in_flight`` pending; yield rows in order."""
    pending: deque[tuple[list[LetterName], Any]] = deque()
    for part in chunks(paths, chunk):
        pending.append((part, pool.schedule(work, (part,), timeout=timeout * len(part) + GRACE)))
        while len(pending) >= in_flight:
            yield from _collect(pool, *pending.popleft(), timeout, work)
    while pending:
        yield from _collect(pool, *pending.popleft(), timeout, work)


def _collect(pool: ProcessPool, part: list[LetterName], future: Any, timeout: float, work: Work) -> Iterator[Rows]:
    try:
        yield from future.result()
        return
    except (FutureTimeout, ProcessExpired):
        pass
    for path in part:  # one letter per task, to find the one at fault
        single = pool.schedule(work, ([path],), timeout=timeout + GRACE)
        try:
            yield from single.result()
        except FutureTimeout:
            yield [error_row(path, f"took longer than {timeout:g} s and was stopped")]
        except ProcessExpired as error:
            yield [error_row(path, f"the worker reading this letter died (exit code {error.exitcode})")]
