"""Bad arguments to the command line: one line on stderr naming what is wrong, exit 2, no table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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


def test_a_scheduler_without_the_dask_engine_is_refused_not_ignored() -> None:
    result = run("audit", GOOD, "--scheduler", "tcp://127.0.0.1:8786")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "--scheduler: is for --engine dask; the local engine would ignore it\n"


# --- report: a file that is not an audit output -----------------------------------------------


def test_report_of_a_letter_says_it_is_not_an_audit_output(tmp_path: Path) -> None:
    result = run("report", GOOD)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{GOOD}: not an audit output; report reads the rows an audit wrote (.jsonl, .csv, .parquet, .duckdb)"
        " - to audit letters, use mtus-check audit\n"
    )


@pytest.mark.parametrize("name", ["rows.jsonl", "rows.csv", "rows.parquet", "rows.duckdb"])
def test_report_of_a_folder_named_like_an_output_says_so(tmp_path: Path, name: str) -> None:
    (tmp_path / name).mkdir()
    result = run("report", tmp_path / name)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{tmp_path}/{name}: is a directory, not a file\n")


def test_report_of_another_file_names_the_formats_it_reads(tmp_path: Path) -> None:
    result = run("report", tmp_path / "rows.xlsx")
    assert (result.exit_code, result.stderr) == (
        2, f"{tmp_path}/rows.xlsx: not an audit output; report reads the rows an audit wrote (.jsonl, .csv, .parquet, .duckdb)\n"
    )


# --- the top level: an unknown option -----------------------------------------------------------


def test_an_unknown_option_at_the_top_level_gives_the_top_level_usage() -> None:
    result = runner.invoke(app, ["--bogus"], prog_name="mtus-check")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "Usage: mtus-check [OPTIONS] COMMAND [ARGS]...",
        "Try 'mtus-check --help' for help.",
        "",
        "Error: No such option: --bogus",
    ]


def test_an_option_of_check_before_the_case_file_still_runs_the_check() -> None:
    from tests.conftest import EXAMPLES

    result = run("-f", "json", EXAMPLES / "certify-short-lorazepam.yaml")
    assert result.exit_code == 0 and json.loads(result.stdout)["cases"]


# --- serve: an address that cannot be listened on ------------------------------------------------


def test_serve_on_a_port_in_use_is_one_line_and_exit_2() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"127.0.0.1:{port}: cannot listen on this address: Address already in use\n"


# --- rules coverage ------------------------------------------------------------------------------


def test_rules_coverage_of_nothing_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("rules", "coverage", tmp_path / "missing")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{tmp_path}/missing: no such file\n")


def test_rules_coverage_groups_uncovered_items_by_their_words(tmp_path: Path) -> None:
    letter = (DATA / "letters" / "CM16-0238035.txt").read_text()
    assert "Medical Clearance: Upheld" in letter
    for n, side in ((2, "left"), (3, "right")):
        (tmp_path / f"l{n}.txt").write_text(letter.replace("Medical Clearance: Upheld", f"Hot tub {side} #{n}: Upheld"))
    result = run("rules", "coverage", tmp_path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "   2  CM16-0238035 #1: Hot tub left #2"
    assert lines[-1].endswith("; 0 letters unreadable") and " of " in lines[-1]


def test_report_of_a_csv_that_an_audit_did_not_write_names_its_first_line(tmp_path: Path) -> None:
    foreign = tmp_path / "sheet.csv"
    foreign.write_text("name,amount\n")
    result = run("report", foreign)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{foreign}:1: not the header of an audit's CSV (its columns: case,file,item_index,...)\n"


# --- --date: a value that is not a day ----------------------------------------------------------


def test_a_date_that_is_not_a_day_says_the_format_and_exits_2() -> None:
    from tests.conftest import EXAMPLES

    for args in (["check", EXAMPLES / "seed-000-clonazepam.yaml"], ["rules", "list"]):
        result = run(*args, "--date", "2016-13-01")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.splitlines()[-1] == (
            "Error: Invalid value for '--date': '2016-13-01' is not a date: write it YYYY-MM-DD, e.g. 2016-12-01"
        )


# --- audit -o: an existing file that no audit wrote -----------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.jsonl", b"my notes\n", ":1: exists and is not an audit output of this format; use --overwrite to replace it"),
        ("sheet.csv", b"name,amount\n", ":1: exists and is not an audit output of this format; use --overwrite to replace it"),
        ("data.parquet", b"PAR1 not really", ": exists and is not an audit's Parquet file; use --overwrite to replace it"),
    ],
)
def test_an_output_that_no_audit_wrote_is_refused_and_left_as_it_was(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    pytest.importorskip("pyarrow")
    output = tmp_path / name
    output.write_bytes(content)
    result = run("audit", GOOD, "-o", output, "-w", "1")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{output}{message}\n")
    assert output.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == [name], "nothing beside it either"
