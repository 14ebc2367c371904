"""Audit rows in files, written as letters finish, resumable, never left unreadable.

Formats by suffix: ``.jsonl`` and ``.csv`` (here), ``.parquet`` and ``.duckdb``
(``columnar``). Every format keeps the rows in input order and whole letters together,
so an audit killed at any moment (Ctrl-C, SIGKILL, power loss) and started again with the
same output finds which letters are complete (``done``), drops whatever a crash tore, and
appends the rest: the result equals an uninterrupted run's, row for row.

The line formats write one line per row. After a crash the file may end in a torn line, or
in only some rows of the last letter; on reopening, everything from the first row of the
last letter on is cut off and that letter is done again. Values never contain line breaks
(the letter text is normalized), so a CSV record is one line too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from engine.errors import InputError
from mtus_rules.audit.discover import LETTER_SUFFIXES
from mtus_rules.audit.lock import OutputLock
from mtus_rules.audit.rows import COLUMNS

__all__ = ["Output", "open_output", "read_rows", "stream_output", "flat", "SUFFIXES"]

Row = dict[str, Any]
SUFFIXES = (".jsonl", ".csv", ".parquet", ".duckdb")
_SYNC_SECONDS = 1.0  # fsync at most this often: durable within a second, cheap per letter


class Output(Protocol):
    done: set[str]

    def write(self, rows: list[Row]) -> None:
        """The rows of one letter."""

    def close(self) -> None: ...


def suffix_of(path: Path, kind: str | None) -> str:
    suffix = f".{kind}" if kind else path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError.one(path, None, f"unknown output format {suffix!r} (use one of: {', '.join(SUFFIXES)})")
    return suffix


def open_output(path: Path, kind: str | None = None, *, resume: bool = True) -> Output:
    """An output at ``path``, locked until closed; with ``resume`` an existing one is
    continued, else replaced. A second writer is refused before it touches the file."""
    suffix = suffix_of(path, kind)
    try:
        lock = OutputLock(path).acquire()
    except OSError as error:
        raise InputError.one(path, None, f"cannot write: {error.strerror or error}") from None
    try:
        return _Locked(_open(path, suffix, resume), lock)
    except BaseException:
        lock.release()
        raise


def _open(path: Path, suffix: str, resume: bool) -> Output:
    try:
        if suffix in (".parquet", ".duckdb"):
            from mtus_rules.audit import columnar

            return columnar.open_columnar(path, suffix, resume)
        return _Lines(path, _JSON if suffix == ".jsonl" else _CSV, resume)
    except OSError as error:
        raise InputError.one(path, None, f"cannot write: {error.strerror or error}") from None


def stream_output(stream: Any, kind: str) -> Output:
    """Rows to an open text stream (stdout), not resumable."""
    codec = _JSON if kind == "jsonl" else _CSV
    return _Stream(stream, codec)


def read_rows(path: Path) -> Iterator[Row]:
    """Every row of an audit output, in order (any format)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        letters = " - to audit letters, use mtus-check audit" if suffix in LETTER_SUFFIXES else ""
        raise InputError.one(path, None, f"not an audit output; report reads the rows an audit wrote ({', '.join(SUFFIXES)}){letters}")
    if not path.exists():
        raise InputError.one(path, None, "no such file")
    if path.is_dir():
        raise InputError.one(path, None, "is a directory, not a file")
    if suffix in (".parquet", ".duckdb"):
        from mtus_rules.audit import columnar

        yield from columnar.read_columnar(path, suffix)
        return
    codec = _JSON if suffix == ".jsonl" else _CSV
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if codec is _CSV and number == 1:
                if line.rstrip(b"\r\n") != codec.header.rstrip(b"\n"):
                    raise InputError.one(path, 1, f"not the header of an audit's CSV (its columns: {','.join(COLUMNS[:3])},...)")
                continue
            if not line.strip():
                continue
            row = codec.parse(line)
            if row is None:
                raise InputError.one(path, number, f"not a {suffix[1:].upper()} row of an audit")
            yield row


def flat(row: Row) -> Row:
    """A row with scalar values only: criteria as ``id=status;...``, no line breaks."""
    criteria = ";".join(f"{c['id']}={c['status']}" for c in row.get("criteria") or [])
    return {k: (" ".join(v.split()) if isinstance(v, str) else v) for k, v in {**row, "criteria": criteria}.items()}


class _Codec(Protocol):
    header: bytes

    def format(self, row: Row) -> bytes: ...

    def parse(self, line: bytes) -> Row | None: ...


class _JsonCodec:
    header = b""
    _encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps with an option makes one per row

    def format(self, row: Row) -> bytes:
        return (self._encode(row) + "\n").encode()

    def parse(self, line: bytes) -> Row | None:
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None
        return row if isinstance(row, dict) and "file" in row else None


class _CsvCodec:
    header = (",".join(COLUMNS) + "\n").encode()

    def format(self, row: Row) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(flat(row).get(c) for c in COLUMNS)
        return buffer.getvalue().encode()

    def parse(self, line: bytes) -> Row | None:
        try:
            values = next(csv.reader([line.decode()]))
        except (UnicodeDecodeError, csv.Error, StopIteration):
            return None
        if len(values) != len(COLUMNS):
            return None
        row: Row = {c: (v if v != "" else None) for c, v in zip(COLUMNS, values)}
        row["item_index"] = int(row["item_index"]) if row["item_index"] is not None else None
        row["agree"] = {"True": True, "False": False}.get(row["agree"] or "")
        pairs = [part.split("=", 1) for part in (row["criteria"] or "").split(";") if "=" in part]
        row["criteria"] = [{"id": k, "status": v} for k, v in pairs]
        return row


_JSON, _CSV = _JsonCodec(), _CsvCodec()


class _Locked:
    """An output and the lock that keeps other writers off it, released when it closes."""

    def __init__(self, output: Output, lock: OutputLock):
        self.output, self.lock = output, lock
        self.done = output.done

    def write(self, rows: list[Row]) -> None:
        self.output.write(rows)

    def close(self) -> None:
        try:
            self.output.close()
        finally:
            self.lock.release()


class _Stream:
    def __init__(self, stream: Any, codec: _Codec):
        self.stream, self.codec, self.done = stream, codec, set()
        self.stream.write(codec.header.decode())

    def write(self, rows: list[Row]) -> None:
        self.stream.write(b"".join(self.codec.format(row) for row in rows).decode())
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


_FOREIGN = "exists and is not an audit output of this format; use --overwrite to replace it"


class _Lines:
    """A JSONL or CSV file, appended to letter by letter and synced every second."""

    def __init__(self, path: Path, codec: _Codec, resume: bool):
        self.path, self.codec = path, codec
        self.done: set[str] = set()
        if resume and path.exists():
            self._recover()
        else:
            path.write_bytes(codec.header)
        self.stream = path.open("ab")
        self.synced = time.monotonic()

    def _recover(self) -> None:
        """Find the complete letters; cut off a torn line and the last letter's rows."""
        keep = len(self.codec.header)
        last_file, last_start = None, keep
        with self.path.open("rb") as stream:
            if stream.read(keep) != self.codec.header:
                raise InputError.one(self.path, 1, _FOREIGN)
            offset = keep
            for line in stream:
                row = self.codec.parse(line) if line.endswith(b"\n") else None
                if row is None and offset == keep and line.endswith(b"\n"):  # not a torn tail: a file of something else
                    raise InputError.one(self.path, 1 + bool(keep), _FOREIGN)
                if row is None:
                    break
                if row["file"] != last_file:
                    last_file, last_start = row["file"], offset
                    self.done.add(row["file"])
                offset += len(line)
        self.done.discard(last_file)  # the last letter may be incomplete: do it again
        with self.path.open("r+b") as stream:
            stream.truncate(last_start)

    def write(self, rows: list[Row]) -> None:
        self.stream.write(b"".join(self.codec.format(row) for row in rows))
        self.stream.flush()
        if time.monotonic() - self.synced > _SYNC_SECONDS:
            os.fsync(self.stream.fileno())
            self.synced = time.monotonic()

    def close(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
