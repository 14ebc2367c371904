"""Running an audit on Dask distributed: a LocalCluster, or an existing cluster.

Dask runs tasks in worker threads, where a per-letter alarm cannot fire and a stuck C call
cannot be interrupted. So each Dask worker keeps a one-process pebble pool and runs its
chunks through the same ``pool.guarded`` as a local audit: the same time limits, the
same isolation of a crashing letter, the same rows.

On a real cluster every worker needs mtus-check installed (the same version and rules),
must see the letter files at the same paths as the client (e.g. a shared file system), and
must be allowed to start a child process: start workers with
``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (Dask makes worker processes daemons otherwise,
and daemons may not have children).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pebble import ProcessPool

from engine.errors import InputError
from mtus_rules.audit.discover import LetterName
from mtus_rules.check.catalog import load_catalog
from mtus_rules.audit.pool import CHUNK, IN_FLIGHT, Rows, chunks, guarded, make_pool

__all__ = ["audit_dask"]

_pool: ProcessPool | None = None  # one per Dask worker process, made on its first chunk
TASK = 8 * CHUNK  # letters per Dask task: its scheduling costs milliseconds, so a task must be long


def _chunk_on_worker(paths: list[LetterName], rules: Path | None, today: dt.date, timeout: float) -> list[Rows]:
    global _pool
    if _pool is None:
        _pool = make_pool(1, rules, today, timeout)
    return list(guarded(_pool, paths, IN_FLIGHT, timeout, CHUNK))  # as a local worker: same chunks, same limits


def _client(scheduler: str | None, workers: int) -> Any:
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - the archive extra is not installed
        raise InputError.one("--engine dask", None, "needs dask distributed: pip install 'mtus-check[archive]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s")
        except OSError as error:
            raise InputError.one(scheduler, None, f"cannot reach the Dask scheduler: {error}") from None
    import dask

    with dask.config.set({"distributed.worker.daemon": False}):  # workers start a pebble process
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster)


def audit_dask(
    paths: Iterable[LetterName],
    *,
    today: dt.date,
    rules: Path | None,
    workers: int,
    timeout: float,
    scheduler: str | None = None,
) -> Iterator[Rows]:
    """Each letter's rows in input order, computed on a Dask cluster; ``today`` as for a local audit."""
    load_catalog(rules)  # a broken catalog fails here, once
    client = _client(scheduler, workers)
    try:
        in_flight = max(2, len(client.scheduler_info().get("workers", {}))) * IN_FLIGHT
        pending: deque[Any] = deque()
        for part in chunks(paths, TASK):
            pending.append(client.submit(_chunk_on_worker, part, rules, today, timeout, pure=False))
            while len(pending) >= in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None and not scheduler:
            cluster.close()
