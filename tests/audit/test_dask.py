"""The Dask engine gives the local engine's rows, on a LocalCluster."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_rules.cli.main import app
from mtus_rules.audit.sinks import read_rows
from tests.conftest import DATA

pytest.importorskip("distributed")


def test_dask_and_local_audits_write_the_same_rows(tmp_path: Path) -> None:
    runner = CliRunner()
    letters = str(DATA / "letters")
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    first = runner.invoke(app, ["audit", letters, "-o", str(local), "-w", "2", "--no-disagreements"])
    second = runner.invoke(app, ["audit", letters, "-o", str(dask), "-w", "2", "--engine", "dask", "--no-disagreements"])
    assert (first.exit_code, second.exit_code) == (0, 0), second.output
    assert list(read_rows(dask)) == list(read_rows(local))
    assert second.stdout == first.stdout


def test_an_unreachable_scheduler_is_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["audit", str(DATA / "letters"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "-o", str(tmp_path / "r.jsonl")]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("tcp://127.0.0.1:9: cannot reach the Dask scheduler")
