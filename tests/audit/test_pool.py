"""Audit workers start with the catalog: forked with the parent's, or loaded from the cache.

A forked child keeps its parent's objects at the same addresses, so a worker's catalog with
the parent's id was inherited, not loaded again.
"""

from __future__ import annotations

import datetime as dt
import os

from mtus_rules.audit import worker
from mtus_rules.audit.pool import make_pool, retire
from mtus_rules.check.catalog import Catalog
from tests.conftest import RULES


def catalog_seen() -> tuple[int, int, int]:
    """In a worker: its process id, the id of its catalog and its number of rules."""
    assert worker._worker is not None
    catalog = worker._worker[0]
    return os.getpid(), id(catalog), len(catalog.book.rules)


def test_local_workers_are_forked_with_the_parents_catalog(catalog: Catalog) -> None:
    with make_pool(2, RULES, dt.date(2017, 1, 1), 5.0, catalog) as pool:
        seen = [pool.schedule(catalog_seen).result() for _ in range(4)]
    assert all(pid != os.getpid() for pid, _, _ in seen)
    assert {identity for _, identity, _ in seen} == {id(catalog)}
    assert {rules for _, _, rules in seen} == {len(catalog.book.rules)}


def test_without_a_catalog_each_worker_loads_one(catalog: Catalog) -> None:
    with make_pool(1, RULES, dt.date(2017, 1, 1), 5.0) as pool:
        pid, _, rules = pool.schedule(catalog_seen).result()
    assert pid != os.getpid() and rules == len(catalog.book.rules)


def test_a_retired_pool_is_joined_beside_the_caller_and_its_workers_end(catalog: Catalog) -> None:
    pool = make_pool(2, RULES, dt.date(2017, 1, 1), 5.0, catalog)
    pids = {pool.schedule(catalog_seen).result()[0] for _ in range(4)}
    joiner = retire(pool)
    assert not joiner.daemon  # the program waits for it before it ends
    joiner.join(timeout=10)
    assert not joiner.is_alive()
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"worker {pid} still runs after the pool was retired")
