"""What runs inside an audit worker process: one catalog per process, each letter under a time limit.

Letters are independent, so the runners (``local``, ``distributed``) hand chunks of names
to worker processes; each has one catalog (its parent's when forked, else loaded from the
cache) and makes its own durable-rules host.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from mtus_rules.audit.discover import LetterName
from mtus_rules.audit.rows import audit_letter, error_row
from mtus_rules.check.catalog import Catalog, load_catalog

__all__ = ["DEFAULT_TIMEOUT", "LetterTimeout", "start_worker", "adopt_catalog", "work_chunk", "timed"]

DEFAULT_TIMEOUT = 60.0  # seconds per letter; real letters take milliseconds

_worker: tuple[Catalog, dt.date, float] | None = None
_inherited: list[TextIO] = []  # a forked worker's copies of its parent's std streams, never written


class LetterTimeout(Exception):
    """A letter took longer than the per-letter limit."""


def start_worker(rules: Path | None, today: dt.date, timeout: float) -> None:
    """Load the catalog once per worker process (from the cache); each keeps its own durable-rules host."""
    global _worker
    _worker = (load_catalog(rules), today, timeout)


def adopt_catalog(catalog: Catalog, today: dt.date, timeout: float) -> None:
    """Use a catalog already loaded: a forked worker's, inherited from its parent.

    A forked worker also inherits what its parent had buffered for stdout and stderr (rows
    of a ``-f jsonl`` audit, when a worker is replaced mid-run) and would write it again on
    exit; so it gets streams of its own on the same descriptors."""
    global _worker
    _inherited.extend((sys.stdout, sys.stderr))  # kept, or freeing them would flush them
    sys.stdout, sys.stderr = _own(sys.stdout), _own(sys.stderr)
    _worker = (catalog, today, timeout)


def _own(stream: TextIO) -> TextIO:
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture): nothing reaches the parent's output
        return stream
    buffering = 1 if stream.line_buffering else -1
    return open(descriptor, "w", buffering=buffering, encoding=stream.encoding, errors=stream.errors, closefd=False)


def work_chunk(paths: list[LetterName]) -> list[list[dict[str, Any]]]:
    """The rows of each letter of a chunk, each letter under its own time limit (one
    handler for the chunk: only the timer is set per letter)."""
    assert _worker is not None, "worker not started"
    catalog, today, timeout = _worker
    with _expiry():
        return [_within(catalog, path, today, timeout) for path in paths]


def timed(catalog: Catalog, path: LetterName, today: dt.date, timeout: float) -> list[dict[str, Any]]:
    """One letter under an alarm: Python code that runs too long is interrupted here; code
    that never returns to Python is killed by the runner instead."""
    with _expiry():
        return _within(catalog, path, today, timeout)


@contextmanager
def _expiry() -> Iterator[None]:
    """SIGALRM raises LetterTimeout while inside; the previous handler is restored after."""

    def expire(signum: int, frame: Any) -> None:
        raise LetterTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        yield
    finally:
        signal.signal(signal.SIGALRM, previous)


def _within(catalog: Catalog, path: LetterName, today: dt.date, timeout: float) -> list[dict[str, Any]]:
    """One letter's rows, or an error row when its timer (inside ``_expiry``) runs out."""
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return audit_letter(catalog, Path(path), today)
    except LetterTimeout:
        return [error_row(path, f"took longer than {timeout:g} s and was stopped")]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
