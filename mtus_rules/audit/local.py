"""The local runner: an audit's letters on this machine's processes (``pool``), or in this one.

The pool module is imported only when there is a pool: pebble (and the asyncio it brings)
costs a one-worker audit ~40 ms of start-up for nothing.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mtus_rules.audit.discover import LetterName
from mtus_rules.audit.worker import DEFAULT_TIMEOUT, timed
from mtus_rules.check.catalog import Catalog, load_catalog

if TYPE_CHECKING:
    from mtus_rules.audit.pool import Rows

__all__ = ["audit", "run_local"]


def audit(
    paths: Iterable[LetterName],
    *,
    today: dt.date,
    rules: Path | None = None,
    workers: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Rows]:
    """The rows of each letter, in input order, as they are done; ``today`` judges a letter
    that carries no date (the caller's clock: the runners keep none of their own).

    The catalog is loaded first in this process, so a broken catalog fails once, here,
    before any worker starts; the workers are forked with it. With one worker the letters
    are read in this process.
    """
    catalog = load_catalog(rules)
    gc.freeze()  # the catalog lives as long as the audit: collections need not walk it again and again
    if workers <= 1:
        for path in paths:
            yield timed(catalog, path, today, timeout)
        return
    yield from run_local(paths, workers=workers, rules=rules, today=today, timeout=timeout, catalog=catalog)


def run_local(
    paths: Iterable[LetterName],
    *,
    workers: int,
    rules: Path | None,
    today: dt.date,
    timeout: float,
    catalog: Catalog | None = None,
) -> Iterator[Rows]:
    """Each letter's rows, in input order, from ``workers`` processes (forked with ``catalog`` when given)."""
    from mtus_rules.audit.pool import CHUNK, IN_FLIGHT, guarded, make_pool, retire

    pool = make_pool(workers, rules, today, timeout, catalog)
    try:
        yield from guarded(pool, paths, workers * IN_FLIGHT, timeout, CHUNK)
    finally:
        retire(pool)
