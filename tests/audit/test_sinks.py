"""Audit outputs: every format resumes after an interruption to the rows of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from engine.errors import InputError
from mtus_rules.audit.rows import COLUMNS, error_row
from mtus_rules.audit.sinks import open_output, read_rows
from tests.conftest import DATA

FORMATS = ["jsonl", "csv", "parquet", "duckdb"]


def letter(name: str, items: int) -> list[dict[str, Any]]:
    if items == 0:
        return [error_row(Path(name), "no decision section")]
    return [
        {
            **dict.fromkeys(COLUMNS),
            "case": name, "file": name, "item_index": i, "item": f"item {i}", "actual": "Upheld",
            "predicted": "Upheld", "rule": "r", "agree": True,
            "criteria": [{"id": "c", "status": "met", "says": "c", "evidence": f"weeks = {i} (summary: 'for {i} weeks')"}],
            "rationale": "why, with a \"quote\"", "decision_date": f"2016-12-{i + 1:02d}",
        }
        for i in range(items)
    ]


LETTERS = [letter("a.pdf", 2), letter("b.pdf", 0), letter("c.txt", 3), letter("d.txt", 1)]


def comparable(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["file"], r["item_index"], r["predicted"], r["error"], [c["status"] for c in r["criteria"] or []]) for r in rows]


def write_all(path: Path, letters: list[list[dict[str, Any]]], resume: bool = True) -> None:
    output = open_output(path, resume=resume)
    for rows in letters:
        if rows[0]["file"] not in output.done:
            output.write(rows)
    output.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_interrupted_output_resumes_to_the_same_rows(tmp_path: Path, fmt: str) -> None:
    whole, resumed = tmp_path / f"whole.{fmt}", tmp_path / f"resumed.{fmt}"
    write_all(whole, LETTERS)
    first = open_output(resumed)
    for rows in LETTERS[:2]:
        first.write(rows)
    if fmt in ("jsonl", "csv"):
        first.output.stream.close()  # written but never closed properly, as if killed
        first.lock.release()  # as the kernel does when the writer dies
    else:
        first.close()
    write_all(resumed, LETTERS)
    assert comparable(list(read_rows(resumed))) == comparable(list(read_rows(whole)))


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_torn_last_line_and_a_half_written_letter_are_done_again(tmp_path: Path, fmt: str) -> None:
    whole, torn = tmp_path / f"whole.{fmt}", tmp_path / f"torn.{fmt}"
    write_all(whole, LETTERS)
    content = whole.read_bytes()
    torn.write_bytes(content[: len(content) - 40])  # cuts into the last letter's row
    output = open_output(torn)
    assert output.done == {"a.pdf", "b.pdf"}  # d.txt is torn; c.txt, the last whole letter, is redone too
    output.close()
    write_all(torn, LETTERS)
    assert torn.read_bytes() == content


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back_the_rows_it_was_given(tmp_path: Path, fmt: str) -> None:
    """CSV is flat: its criteria keep only id and status (``flat``)."""
    path = tmp_path / f"rows.{fmt}"
    write_all(path, LETTERS)
    given = [row for rows in LETTERS for row in rows]
    if fmt == "csv":
        given = [{**row, "criteria": [{"id": c["id"], "status": c["status"]} for c in row["criteria"]]} for row in given]
    assert list(read_rows(path)) == given


def test_overwrite_starts_again(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    write_all(path, LETTERS)
    write_all(path, LETTERS[:1], resume=False)
    assert [r["file"] for r in read_rows(path)] == ["a.pdf", "a.pdf"]


def test_a_file_of_another_kind_is_not_resumed(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("name,age\nx,1\n")
    with pytest.raises(InputError) as caught:
        open_output(path)
    assert str(caught.value) == f"{path}:1: exists and is not an audit output of this format; use --overwrite to replace it"


def test_a_parquet_merge_interrupted_after_its_renames_is_finished(tmp_path: Path) -> None:
    path = tmp_path / "rows.parquet"
    write_all(path, LETTERS)
    merged = path.with_name(path.name + ".merged")
    tmp = path.with_name(path.name + ".tmp")
    os.replace(path, tmp)  # the state after "rename parts to .merged", before "rename .tmp"
    merged.mkdir()
    output = open_output(path)
    assert output.done == {"a.pdf", "b.pdf", "c.txt", "d.txt"}
    output.close()
    assert not merged.exists() and len(list(read_rows(path))) == 7


# --- killing a real audit --------------------------------------------------------------------


def audit_command(letters: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "mtus_rules", "audit", str(letters), "-o", str(output), "-w", "2", "--no-disagreements"]


@pytest.fixture(scope="module")
def many_letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    sources = sorted((DATA / "letters").glob("*.txt"))
    for i in range(1000):
        (folder / f"{i:04d}_{sources[i % len(sources)].name}").symlink_to(sources[i % len(sources)])
    return folder


@pytest.mark.parametrize("fmt", ["jsonl", "duckdb", "parquet"])
def test_an_audit_killed_midway_and_run_again_equals_an_uninterrupted_one(many_letters: Path, tmp_path: Path, fmt: str) -> None:
    whole, killed = tmp_path / f"whole.{fmt}", tmp_path / f"killed.{fmt}"
    subprocess.run(audit_command(many_letters, whole), check=False, capture_output=True, timeout=300)
    process = subprocess.Popen(audit_command(many_letters, killed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    watched = killed if fmt != "parquet" else killed.with_name(killed.name + ".parts")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _started(watched, fmt):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the audit finished before it could be killed"
    assert killed.with_name(killed.name + ".lock").exists(), "the lock file stays; the kernel released its lock"
    resumed = subprocess.run(audit_command(many_letters, killed), capture_output=True, text=True, timeout=300)
    assert "already done" in resumed.stderr
    rows = list(read_rows(killed))
    assert len(rows) == len(list(read_rows(whole)))
    assert rows == list(read_rows(whole))


def _started(path: Path, fmt: str) -> bool:
    """Some letters are written: the moment to kill the audit."""
    if fmt == "parquet":
        return path.is_dir() and any(path.glob("part-*.parquet"))
    if fmt == "duckdb":  # committed rows sit in the write-ahead log until a checkpoint
        wal = path.with_name(path.name + ".wal")  # holds the tables' definitions from the start
        return wal.exists() and wal.stat().st_size > 20_000
    return path.exists() and path.stat().st_size > 20_000
