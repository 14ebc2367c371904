"""The runner: order, bounded work, and one bad letter costing one error row.

A toy work function stands in for reading letters: a path named ``hang`` never returns
(as a PDF library stuck in C code would), ``crash`` kills its worker process.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest
from pebble import ProcessPool

from mtus_rules.audit import pool as runner
from mtus_rules.audit.worker import timed

Rows = list[dict[str, Any]]


def toy(paths: list[Path]) -> list[Rows]:
    result = []
    for path in paths:
        if path.name == "hang":
            time.sleep(3600)
        if path.name == "crash":
            os._exit(3)
        result.append([{"file": str(path), "error": None}])
    return result


def run(names: list[str], chunk: int = 3) -> list[str]:
    monkey_grace = runner.GRACE
    runner.GRACE = 0.5
    try:
        with ProcessPool(max_workers=2) as pool:
            rows = runner.guarded(pool, [Path(n) for n in names], 4, 0.5, chunk, work=toy)
            return [row[0]["error"] or row[0]["file"] for row in rows]
    finally:
        runner.GRACE = monkey_grace


def test_results_come_in_input_order() -> None:
    names = [f"letter{i}" for i in range(40)]
    assert run(names) == names


def test_a_hanging_letter_is_an_error_row_and_its_neighbours_survive() -> None:
    found = run(["a", "b", "hang", "c", "d"])
    assert found == ["a", "b", "took longer than 0.5 s and was stopped", "c", "d"]


def test_a_crashing_letter_is_an_error_row_and_its_neighbours_survive() -> None:
    found = run(["a", "crash", "b", "c"])
    assert found == ["a", "the worker reading this letter died (exit code 3)", "b", "c"]


def test_chunks_are_lazy() -> None:
    consumed = []

    def paths() -> Any:
        for i in range(1000):
            consumed.append(i)
            yield Path(f"x{i}")

    with ProcessPool(max_workers=1) as pool:
        rows = runner.guarded(pool, paths(), 2, 5, 10, work=toy)
        next(rows)
        assert len(consumed) <= 30  # two chunks in flight, one being filled: not the whole input
        rows.close()


def test_a_slow_letter_in_python_is_stopped_by_its_alarm(catalog: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mtus_rules.audit.worker.audit_letter", lambda *args: time.sleep(5))
    (row,) = timed(catalog, Path("slow.txt"), dt.date(2017, 1, 1), 0.2)
    assert row["error"] == "took longer than 0.2 s and was stopped" and row["case"] == "slow"
