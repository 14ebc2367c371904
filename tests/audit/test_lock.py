"""Two audits to one output: the second writer is refused with one line, the first's rows stay whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.errors import InputError
from mtus_rules.audit.sinks import open_output, read_rows
from tests.audit.test_sinks import FORMATS, LETTERS, comparable, write_all
from tests.conftest import DATA

GOOD = DATA / "letters" / "CM16-0229336.txt"


def refusal(path: Path) -> str:
    return f"{path}: is being written by another audit (process {os.getpid()}); wait for it to finish or choose another --output"


def mtus_check(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mtus_rules", *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("resume", [True, False], ids=["resume", "overwrite"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_second_opening_is_refused_and_the_first_keeps_its_rows(tmp_path: Path, fmt: str, resume: bool) -> None:
    path = tmp_path / f"rows.{fmt}"
    first = open_output(path)
    first.write(LETTERS[0])
    with pytest.raises(InputError) as caught:
        open_output(path, resume=resume)
    assert str(caught.value) == refusal(path)
    for rows in LETTERS[1:]:
        first.write(rows)
    first.close()
    expected = tmp_path / f"alone.{fmt}"
    write_all(expected, LETTERS)
    assert comparable(list(read_rows(path))) == comparable(list(read_rows(expected)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_lock_is_released_on_close(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"rows.{fmt}"
    write_all(path, LETTERS[:2])
    write_all(path, LETTERS)
    assert not path.with_name(path.name + ".lock").exists()
    assert len(list(read_rows(path))) == 7


@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]], ids=["resume", "overwrite"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_second_audit_process_is_refused_with_one_line_and_exit_2(tmp_path: Path, fmt: str, overwrite: list[str]) -> None:
    path = tmp_path / f"rows.{fmt}"
    first = open_output(path)
    first.write(LETTERS[0])
    second = mtus_check("audit", GOOD, "-o", path, "-w", "1", *overwrite)
    assert (second.returncode, second.stderr, second.stdout) == (2, refusal(path) + "\n", "")
    first.write(LETTERS[1])
    first.close()
    assert [r["file"] for r in read_rows(path)] == ["a.pdf", "a.pdf", "b.pdf"]
    report = mtus_check("report", path, "-f", "json")
    assert report.returncode == 0, report.stderr
    summary = json.loads(report.stdout)
    assert (summary["letters"], summary["errors"]) == (2, 1)
