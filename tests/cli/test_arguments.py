"""Bad arguments to the command line: one line on stderr naming what is wrong, exit 2, no table."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtus_rules.cli.main import app
from tests.conftest import DATA

GOOD = DATA / "letters" / "CM16-0229336.txt"
runner = CliRunner()


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


# --- audit: inputs that name nothing to audit -------------------------------------------------


def test_a_missing_path_alone_is_one_line_and_exit_2(tmp_path: Path) -> None:
    output = tmp_path / "rows.jsonl"
    result = run("audit", tmp_path / "missing.pdf", "-o", output)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{tmp_path}/missing.pdf: no such file\n")
    assert not output.exists(), "nothing audited, nothing written"


def test_several_inputs_that_name_nothing_are_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("audit", tmp_path / "missing.txt", str(tmp_path / "*.pdf"), tmp_path / "empty")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{tmp_path}/missing.txt: no such file",
        f"{tmp_path}/*.pdf: no file matches this pattern",
        f"{tmp_path}/empty: no letters (.pdf, .txt) in this folder",
    ]


def test_a_missing_path_beside_a_letter_is_an_error_row_and_counted(tmp_path: Path) -> None:
    result = run("audit", GOOD, tmp_path / "missing.pdf", "-f", "jsonl", "-w", "1")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(r["file"]).name, r["error"]) for r in rows] == [(GOOD.name, None), ("missing.pdf", "no such file")]
    assert result.stderr.startswith("2 files: 1 letters read, 1 unreadable;")
