"""The command line, through typer's runner: exit codes, output shapes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_rules.cli.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def write(tmp_path: Path, text: str | bytes, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_a_case_file_alone_runs_the_check() -> None:
    result = run(EXAMPLES / "certify-short-lorazepam.yaml")
    assert result.exit_code == 0
    assert "CERTIFY" in result.stdout and "Lorazepam 0.5mg #14" in result.stdout


def test_not_certified_exits_1_and_says_what_to_document() -> None:
    result = run("check", EXAMPLES / "seed-000-clonazepam.yaml", "--date", "2016-12-01")
    assert result.exit_code == 1
    assert "NON-CERTIFY" in result.stdout
    assert "To document before submitting" in result.stdout
    assert "judged as of 2016-12-01" in " ".join(result.stdout.split())


def test_a_wrapped_gap_or_option_stays_under_its_text() -> None:
    """A list item longer than a line goes on under its own text, not under the bullet."""
    result = run("check", EXAMPLES / "seed-000-clonazepam.yaml", "--date", "2016-12-01")
    lines = [line.strip("│").rstrip() for line in result.stdout.splitlines()]
    start = lines.index(" To document before submitting:")
    listed = lines[start + 1 : lines.index("", start)]
    assert len(listed) > 2 and listed[0].startswith("   • ")
    assert all(line.startswith(("   • ", "     ")) for line in listed), listed


def test_json_output_has_the_documented_shape() -> None:
    result = run(EXAMPLES / "seed-001-klonopin-cbc.yaml", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    (case,) = data["cases"]
    assert case["case_id"] == "seed-001"
    assert case["file"].endswith("seed-001-klonopin-cbc.yaml")
    cbc = case["requests"][1]
    assert (cbc["item"], cbc["decision"], cbc["rule"]) == ("Retro CBC", "non-certify", "laboratory_tests")
    (criterion,) = cbc["criteria"]
    assert criterion["id"] == "clinical_indication" and criterion["status"] == "unknown"
    assert "Chapter 5" in criterion["citation"]
    assert isinstance(criterion["evidence"], list)
    assert cbc["gaps"] == [criterion["gap"]]


def test_no_rule_is_reported_not_guessed(tmp_path: Path) -> None:
    result = run(write(tmp_path, "requests: [Hot tub]\n"), "-f", "json")
    assert result.exit_code == 1
    (item,) = json.loads(result.stdout)["cases"][0]["requests"]
    assert (item["decision"], item["rule"], item["criteria"]) == ("no-rule", None, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("requests: [\n", "case.yaml:2: invalid YAML: did not find expected node content"),
        ("", "case.yaml: empty file (expected a case with at least 'requests')"),
        ("- just\n- a list\n", "case.yaml:1: expected a case with at least 'requests' as a mapping of keys"),
        ("summary: hi\n", "case.yaml:1: requests: required key is missing"),
        ("requests: [CBC]\nrequests: [CBC]\n", "case.yaml:2: duplicate key 'requests'"),
        ("requests: [CBC]\nsumary: typo\n", "case.yaml:2: sumary: unknown key"),
        ("requests: [CBC]\nrequest_date: soon\n", "case.yaml:2: request_date: 'soon' is not a date (YYYY-MM-DD): input is too short"),
        (b"requests: [CBC]\nsummary: caf\xe9\n", "case.yaml:2: not UTF-8 text"),
        ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefg", "bcdefgh")),
         "case.yaml:1: too many values (more than 200,000; aliases expanding?)"),
        ("requests: " + "[" * 100 + "]" * 100 + "\n", "case.yaml:1: nested more than 64 levels deep"),
    ],
)
def test_bad_input_is_one_line_with_file_and_line_and_exit_2(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = write(tmp_path, content)
    result = run(path)
    assert result.exit_code == 2
    assert result.stderr.replace(str(tmp_path) + "/", "") == message + "\n"
    assert "Traceback" not in result.output


def test_every_problem_of_a_file_is_listed(tmp_path: Path) -> None:
    path = write(tmp_path, "requests:\n  - item: CBC\n    foo: 1\nmedications:\n  - name: x\n    weeks: lots\n")
    result = run(path)
    assert result.exit_code == 2
    assert result.stderr.replace(str(tmp_path) + "/", "").splitlines() == [
        "case.yaml:3: requests.0.foo: unknown key",
        "case.yaml:6: medications.0.weeks: Input should be a valid number, unable to parse string as a number",
    ]


def test_a_missing_file_and_a_directory(tmp_path: Path) -> None:
    result = run(tmp_path / "nope.yaml", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{tmp_path}/nope.yaml: no such file", f"{tmp_path}: is a directory, not a file"]


def test_good_cases_are_still_reported_beside_a_bad_one(tmp_path: Path) -> None:
    result = run(EXAMPLES / "certify-short-lorazepam.yaml", tmp_path / "nope.yaml", "-f", "json")
    assert result.exit_code == 2
    assert len(json.loads(result.stdout)["cases"]) == 1


def test_a_broken_rule_catalog_is_bad_input(tmp_path: Path) -> None:
    result = run(EXAMPLES / "certify-short-lorazepam.yaml", "--rules", tmp_path / "none")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path}/none: rules directory not found\n"


def test_schema_is_json_schema_of_the_case_file() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["required"] == ["requests"]
    assert {"summary", "diagnoses", "medications", "treatments", "findings", "request_date"} <= schema["properties"].keys()


def test_rules_list_and_test() -> None:
    listed = run("rules", "list")
    assert listed.exit_code == 0 and "benzodiazepines" in listed.stdout
    tested = run("rules", "test")
    assert tested.exit_code == 0
    assert tested.stdout.strip().endswith("passed, 0 failed")


def test_rules_list_on_a_date_shows_the_versions_then_in_force() -> None:
    """The opioid rule has a 2009 version until 2016-07-27 and a 2016 one from the next day."""
    every, then = (" ".join(run("rules", "list", *extra).stdout.split()) for extra in ([], ["--date", "2016-01-01"]))
    assert "(2009-07-18 – 2016-07-27)" in every and "(2016-07-28 – now)" in every
    assert "(2009-07-18 – 2016-07-27)" in then and "(2016-07-28 – now)" not in then


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("mtus-check ")


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    result = run(fifo)
    assert result.exit_code == 2
    assert result.stderr == f"{fifo}: not a regular file\n"


def test_an_exceeded_visit_limit_is_unmet_and_a_gap_names_the_missing_fact(tmp_path: Path) -> None:
    """Issue 15.6: done and requested sessions both written and over the limit is ✗, not a
    gap asking for them; a gap says which fact the record leaves out."""
    case = write(
        tmp_path,
        "summary: Low back pain. He has completed 12 sessions of physical therapy.\n"
        "requests: ['Physical therapy 2x4 lumbar spine']\n",
    )
    result = run(case, "--date", "2016-12-01", "--format", "json")
    criteria = {c["id"]: c for c in json.loads(result.stdout)["cases"][0]["requests"][0]["criteria"]}
    assert criteria["within_visit_limit"]["status"] == "unmet"
    text = run(case, "--date", "2016-12-01").stdout
    assert "(not documented: functional_improvement)" in " ".join(text.replace("│", " ").split())
