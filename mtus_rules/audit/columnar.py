"""Audit rows as Parquet or DuckDB, for a data person to query.

Parquet files cannot be appended to, so rows go to numbered part files beside the output
(``results.parquet.parts/``), each written whole under a temporary name and renamed, and
are merged into ``results.parquet`` when the audit ends. The merge is crash-safe by its
order of atomic renames: write ``.tmp``; rename the parts directory to ``.merged``; rename
``.tmp`` to the output; delete ``.merged``. Whatever step a crash interrupts, reopening
finishes or undoes it. Resuming a finished file moves it back among the parts.

DuckDB gets tables ``items`` (one row per disputed item) and ``errors`` (one per unreadable
letter), both with ``row``, the row's position in the audit. Letters are committed in
batches, one transaction each, so a crash loses at most the last uncommitted batch, never
part of a letter. A batch is written when it is full or a second old, so a crash costs at
most about a second of work on a slow run as on a fast one.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.errors import InputError

__all__ = ["open_columnar", "read_columnar", "BATCH_ROWS"]

Row = dict[str, Any]
BATCH_ROWS = 2000
BATCH_SECONDS = 1.0

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:  # pragma: no cover - the archive extra is not installed
    pa = pq = None


def _need(path: Path, module: Any, package: str) -> None:
    if module is None:
        raise InputError.one(path, None, f"writing this format needs {package}: pip install 'mtus-check[archive]'")


def _schema() -> Any:
    text = pa.string()
    criteria = pa.list_(pa.struct([("id", text), ("status", text), ("says", text), ("evidence", text)]))
    return pa.schema(
        [
            ("case", text), ("file", text), ("item_index", pa.int32()), ("item", text), ("original", text),
            ("authorized", text), ("actual", text), ("predicted", text), ("rule", text), ("agree", pa.bool_()),
            ("criteria", criteria), ("rationale", text), ("error", text), ("decision_date", text),
        ]
    )


def _table(rows: list[Row]) -> Any:
    return pa.Table.from_pylist(rows, schema=_schema())


def open_columnar(path: Path, suffix: str, resume: bool) -> Any:
    _need(path, pa, "pyarrow")
    return _Parquet(path, resume) if suffix == ".parquet" else _DuckDB(path, resume)


def read_columnar(path: Path, suffix: str) -> Iterator[Row]:
    _need(path, pa, "pyarrow")
    if suffix == ".parquet":
        try:
            parquet = pq.ParquetFile(path)
        except (pa.ArrowInvalid, OSError) as error:
            raise InputError.one(path, None, f"not a readable Parquet file: {error}") from None
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            yield from batch.to_pylist()
        return
    yield from _DuckDB.read(path)


class _Batched:
    """Rows collected and written a batch at a time; a batch always holds whole letters."""

    buffer: list[Row]
    flushed_at: float = 0.0

    def write(self, rows: list[Row]) -> None:
        self.buffer += rows
        if len(self.buffer) >= BATCH_ROWS or time.monotonic() - self.flushed_at >= BATCH_SECONDS:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            self._store(self.buffer)
            self.buffer = []
        self.flushed_at = time.monotonic()

    def _store(self, rows: list[Row]) -> None:
        raise NotImplementedError


class _Parquet(_Batched):
    def __init__(self, path: Path, resume: bool):
        self.path = path
        self.parts = path.with_name(path.name + ".parts")
        self.merged = path.with_name(path.name + ".merged")
        self.tmp = path.with_name(path.name + ".tmp")
        self._recover_merge()
        if not resume:
            shutil.rmtree(self.parts, ignore_errors=True)
            path.unlink(missing_ok=True)
        if path.exists():
            _files_in(path)  # refused before anything is touched when no audit wrote it
        self.parts.mkdir(exist_ok=True)
        for stray in self.parts.glob("*.tmp"):
            stray.unlink()
        if path.exists():  # a finished audit being resumed: its rows become the first part
            path.rename(self.parts / "part-00000000.parquet")
        self.done = {f for part in self._part_files() for f in _files_in(part)}
        self.buffer: list[Row] = []

    def _recover_merge(self) -> None:
        """Finish a merge a crash interrupted (see the module's docstring)."""
        if self.merged.exists():
            if self.tmp.exists():
                os.replace(self.tmp, self.path)
            shutil.rmtree(self.merged)
        self.tmp.unlink(missing_ok=True)

    def _part_files(self) -> list[Path]:
        return sorted(self.parts.glob("part-*.parquet"))

    def _store(self, rows: list[Row]) -> None:
        existing = self._part_files()
        number = int(existing[-1].stem.split("-")[1]) + 1 if existing else 1
        target = self.parts / f"part-{number:08d}.parquet"
        temporary = target.with_suffix(".tmp")
        pq.write_table(_table(rows), temporary)
        _fsync(temporary)
        os.replace(temporary, target)

    def close(self) -> None:
        self._flush()
        with pq.ParquetWriter(self.tmp, _schema()) as writer:
            for part in self._part_files():
                writer.write_table(pq.read_table(part, schema=_schema()))
        _fsync(self.tmp)
        os.replace(self.parts, self.merged)
        os.replace(self.tmp, self.path)
        shutil.rmtree(self.merged)


def _files_in(path: Path) -> list[str]:
    """The letters of a Parquet file of rows; a file that is not one is refused, and left as it is."""
    try:
        return pq.read_table(path, columns=["file"])["file"].to_pylist()
    except (pa.ArrowInvalid, OSError):
        raise InputError.one(path, None, "exists and is not an audit's Parquet file; use --overwrite to replace it") from None


def _fsync(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())


_ITEMS = """CREATE TABLE IF NOT EXISTS items (
    "row" BIGINT, "case" VARCHAR, file VARCHAR, item_index INTEGER, item VARCHAR, original VARCHAR,
    authorized VARCHAR, actual VARCHAR, predicted VARCHAR, rule VARCHAR, agree BOOLEAN,
    criteria STRUCT(id VARCHAR, status VARCHAR, says VARCHAR, evidence VARCHAR)[], rationale VARCHAR, decision_date DATE)"""
_ERRORS = """CREATE TABLE IF NOT EXISTS errors ("row" BIGINT, "case" VARCHAR, file VARCHAR, error VARCHAR)"""
_ITEM_COLUMNS = (
    "case", "file", "item_index", "item", "original", "authorized", "actual", "predicted", "rule", "agree", "criteria", "rationale",
    "decision_date",
)


class _DuckDB(_Batched):
    def __init__(self, path: Path, resume: bool):
        duckdb = _duckdb(path)
        if not resume:
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".wal").unlink(missing_ok=True)
        try:
            self.con = duckdb.connect(str(path))
        except duckdb.Error as error:
            raise InputError.one(path, None, f"not a usable DuckDB database: {error}") from None
        self.con.execute(_ITEMS)
        self.con.execute(_ERRORS)
        found = self.con.execute("SELECT file FROM items UNION SELECT file FROM errors").fetchall()
        self.done = {file for (file,) in found}
        self.next_row = self.con.execute("SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM errors)").fetchone()[0]
        self.buffer: list[Row] = []

    def _store(self, rows: list[Row]) -> None:
        numbered = [{"row": self.next_row + i, **row} for i, row in enumerate(rows)]
        items = pa.Table.from_pylist(
            [{k: r[k] for k in ("row", *_ITEM_COLUMNS)} for r in numbered if not r["error"]],
            schema=pa.schema([("row", pa.int64()), *(_schema().field(c) for c in _ITEM_COLUMNS)]),
        )
        errors = [(r["row"], r["case"], r["file"], r["error"]) for r in numbered if r["error"]]
        self.con.execute("BEGIN TRANSACTION")
        self.con.register("batch", items)
        self.con.execute("INSERT INTO items SELECT * FROM batch")
        self.con.unregister("batch")
        if errors:
            self.con.executemany("INSERT INTO errors VALUES (?, ?, ?, ?)", errors)
        self.con.execute("COMMIT")
        self.next_row += len(rows)

    def close(self) -> None:
        self._flush()
        self.con.execute("CHECKPOINT")
        self.con.close()

    @staticmethod
    def read(path: Path) -> Iterator[Row]:
        duckdb = _duckdb(path)
        try:
            con = duckdb.connect(str(path), read_only=True)
            cursor = con.execute(
                f"""SELECT "row", {', '.join(f'"{c}"' for c in _ITEM_COLUMNS[:-1])}, NULL AS error,
                    CAST(decision_date AS VARCHAR) AS decision_date FROM items
                UNION ALL SELECT "row", "case", file, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                    [], NULL, error, NULL FROM errors ORDER BY "row" """
            )
        except duckdb.Error as error:
            raise InputError.one(path, None, f"not an audit DuckDB database: {error}") from None
        names = [d[0] for d in cursor.description][1:]
        while batch := cursor.fetchmany(BATCH_ROWS):
            for values in batch:
                yield dict(zip(names, values[1:]))
        con.close()


def _duckdb(path: Path) -> Any:
    try:
        import duckdb
    except ImportError:  # pragma: no cover
        raise InputError.one(path, None, "this format needs duckdb: pip install 'mtus-check[archive]'") from None
    return duckdb
