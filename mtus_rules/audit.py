"""Auditing IMR letters: each disputed item's predicted outcome beside the letter's decision.

Every input file appears in the output: as one row per disputed item, or as one error row
saying why the file could not be read. Rows are plain JSON-ready dicts with fixed keys
(``COLUMNS``), so every output format (JSONL, CSV, the summary) reads the same thing.

Letters are independent, so they are read in worker processes (``runner``), each with its
own catalog and durable-rules host; this module holds what runs inside a worker.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from engine.errors import EngineError, InputError
from engine.logic import Status
from mtus_rules.catalog import Catalog, load_catalog
from mtus_rules.check import ItemResult
from mtus_rules.documents import read_letter
from mtus_rules.letters import Item, Letter
from mtus_rules.predict import outcome, predict

__all__ = [
    "COLUMNS", "LETTER_SUFFIXES", "LetterName", "DEFAULT_TIMEOUT", "find_letters", "audit_letter", "error_row",
    "default_workers", "start_worker", "work_chunk", "timed", "reasons",
]

COLUMNS = (
    "case", "file", "item_index", "item", "original", "authorized", "actual", "predicted",
    "rule", "agree", "criteria", "rationale", "error",
)
LETTER_SUFFIXES = (".pdf", ".txt")
DEFAULT_TIMEOUT = 60.0  # seconds per letter; real letters take milliseconds
LetterName = str | Path  # a letter file as named on the command line or found under a folder


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def find_letters(arguments: Iterable[str | Path]) -> Iterator[str]:
    """Files named, letters (.pdf, .txt) under directories named, and glob patterns, in order.

    A name that matches nothing is kept, so that it becomes an error row rather than
    vanishing from the audit. Names come lazily, as strings: an archive's names are never
    all in memory at once, only one folder's (to sort them). A file named by two arguments
    is read once; that takes remembering every name, so only with several arguments.
    """
    arguments = list(arguments)
    if len(arguments) == 1:
        yield from _named(arguments[0])
        return
    seen: set[str] = set()
    for argument in arguments:
        for path in _named(argument):
            if path not in seen:
                seen.add(path)
                yield path


def _named(argument: str | Path) -> Iterator[str]:
    path = Path(argument)
    if path.is_dir():
        yield from _letters_under(str(path), set())
    elif not path.exists() and glob.has_magic(str(argument)):
        matches = sorted(Path(p) for p in glob.glob(str(argument), recursive=True))  # "./x" is "x", as in the rows
        yield from map(str, matches) if matches else [str(path)]
    else:
        yield str(path)


def _letters_under(folder: str, seen: set[tuple[int, int]]) -> Iterator[str]:
    """Letter files under a folder, in the order of their sorted paths; a linked folder met
    twice (a link loop) is read once."""
    with os.scandir(folder) as entries:
        identity = os.stat(folder)
        if (identity.st_dev, identity.st_ino) in seen:
            return
        seen.add((identity.st_dev, identity.st_ino))
        folders, names = set(), []
        for entry in entries:
            if entry.is_dir():
                folders.add(entry.name)
                names.append(entry.name)
            elif os.path.splitext(entry.name)[1].lower() in LETTER_SUFFIXES and entry.is_file():
                names.append(entry.name)
    for name in sorted(names):
        path = os.path.join(folder, name)
        if name in folders:
            yield from _letters_under(path, seen)
        else:
            yield path


def audit_letter(catalog: Catalog, path: Path, today: dt.date) -> list[dict[str, Any]]:
    """The rows of one letter file: one per disputed item, or one error row."""
    try:
        letter = read_letter(path)
        result = predict(catalog, letter, today)
    except InputError as error:
        return [error_row(path, _one_line(error))]
    except EngineError as error:
        return [error_row(path, f"rule evaluation failed: {_one_line(error)}")]
    return [_item_row(letter, item, judged) for item, judged in zip(letter.items, result.items)]


def error_row(path: LetterName, message: str) -> dict[str, Any]:
    row = dict.fromkeys(COLUMNS)
    row.update(case=Path(path).stem, file=str(path), criteria=[], error=message)
    return row


def _item_row(letter: Letter, item: Item, judged: ItemResult) -> dict[str, Any]:
    predicted = outcome(judged)
    criteria = judged.verdict.criteria if judged.verdict else ()
    return {
        "case": letter.case_number or Path(letter.file).stem,
        "file": letter.file,
        "item_index": item.index,
        "item": item.item,
        "original": item.original,
        "authorized": item.authorized,
        "actual": item.decision,
        "predicted": predicted,
        "rule": judged.verdict.rule if judged.verdict else None,
        "agree": None if predicted is None else predicted == item.decision,
        "criteria": [{"id": c.id, "status": c.status.value, "says": c.says} for c in criteria],
        "rationale": item.rationale,
        "error": None,
    }


def _one_line(error: Exception) -> str:
    """An error's message on one line: an audit row holds one reason (the first problem)."""
    if isinstance(error, InputError):
        problem = error.problems[0]
        return problem.message if problem.line is None else f"line {problem.line}: {problem.message}"
    return str(error).splitlines()[0]


# Work in a worker process -------------------------------------------------------------------

_worker: tuple[Catalog, dt.date, float] | None = None


class LetterTimeout(Exception):
    """A letter took longer than the per-letter limit."""


def start_worker(rules: Path | None, today: dt.date, timeout: float) -> None:
    """Load the catalog once per worker process; each keeps its own durable-rules host."""
    global _worker
    _worker = (load_catalog(rules), today, timeout)


def work_chunk(paths: list[LetterName]) -> list[list[dict[str, Any]]]:
    """The rows of each letter of a chunk, each letter under its own time limit."""
    assert _worker is not None, "worker not started"
    catalog, today, timeout = _worker
    return [timed(catalog, path, today, timeout) for path in paths]


def timed(catalog: Catalog, path: LetterName, today: dt.date, timeout: float) -> list[dict[str, Any]]:
    """One letter under an alarm: Python code that runs too long is interrupted here; code
    that never returns to Python is killed by the runner instead."""

    def expire(signum: int, frame: Any) -> None:
        raise LetterTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return audit_letter(catalog, Path(path), today)
    except LetterTimeout:
        return [error_row(path, f"took longer than {timeout:g} s and was stopped")]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def reasons(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The criteria that drove a prediction: those not met for Upheld, all of them for Overturned."""
    if row["predicted"] == "Overturned":
        return row["criteria"]
    return [c for c in row["criteria"] if c["status"] != Status.MET.value]
