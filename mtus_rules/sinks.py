"""Writing audit rows as they come: JSON Lines and CSV, to a file or a stream.

A row is written as soon as its letter is done, so a long audit shows results early and
a crash loses only the letter in flight. The format is chosen by the file's suffix.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Protocol

from engine.errors import InputError
from mtus_rules.audit import COLUMNS

__all__ = ["Sink", "JsonLines", "Csv", "FORMATS", "open_sink", "read_rows", "flat"]


class Sink(Protocol):
    def write(self, rows: Iterable[dict[str, Any]]) -> None: ...

    def close(self) -> None: ...


class JsonLines:
    def __init__(self, stream: IO[str]):
        self.stream = stream

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class Csv:
    """One flat row per item: criteria as ``id=status;id=status``."""

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        self.writer.writeheader()

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        self.writer.writerows(flat(row) for row in rows)
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


FORMATS = {".jsonl": JsonLines, ".csv": Csv}


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row with scalar values only (for CSV and columnar files)."""
    criteria = ";".join(f"{c['id']}={c['status']}" for c in row.get("criteria") or [])
    return {**row, "criteria": criteria}


def open_sink(path: Path, kind: str | None = None) -> tuple[Sink, IO[str]]:
    """A sink writing to ``path`` (its format from ``kind`` or the suffix) and the open file."""
    suffix = f".{kind}" if kind else path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise InputError.one(path, None, f"unknown output format {suffix!r} (use one of: {known})")
    try:
        stream = path.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise InputError.one(path, None, f"cannot write: {error.strerror or error}") from None
    return FORMATS[suffix](stream), stream


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows back from a JSON Lines audit file (for ``mtus-check report``)."""
    rows = []
    try:
        with path.open(encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise InputError.one(path, number, f"not a JSON line: {error.msg}") from None
    except OSError as error:
        raise InputError.one(path, None, f"cannot read: {error.strerror or error}") from None
    return rows
