"""Auditing letters: rows, error rows, workers, and what a prediction may not see."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_rules.audit.discover import find_letters

from mtus_rules.audit.rows import COLUMNS, audit_letter
from mtus_rules.audit.local import audit
from mtus_rules.check.catalog import Catalog
from mtus_rules.cli.main import app
from mtus_rules.letters.read import read_letter
from mtus_rules.audit.predict import predict
from tests.conftest import DATA, corpus_or_skip

LETTERS = DATA / "letters"
TODAY = dt.date(2026, 1, 1)
runner = CliRunner()


def test_find_letters_takes_files_directories_and_globs(tmp_path: Path) -> None:
    found = list(find_letters([LETTERS / "CM16-0238035.txt", str(LETTERS / "CM16-02293*.pdf"), tmp_path / "missing.pdf"]))
    assert [Path(p).name for p in found] == ["CM16-0238035.txt", "CM16-0229336.pdf", "missing.pdf"]
    assert len(list(find_letters([LETTERS]))) == len(list(LETTERS.iterdir()))
    twice = list(find_letters([LETTERS / "CM16-0238035.txt", LETTERS]))
    assert len(twice) == len(set(twice)) == len(list(LETTERS.iterdir()))


def test_names_are_written_as_the_rows_write_them_so_that_resuming_finds_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.txt").write_text("x")
    monkeypatch.chdir(tmp_path)
    for argument in ("./x/*.txt", "./x/", "./x/a.txt", "x//a.txt"):
        assert list(find_letters([argument])) == [str(Path("x/a.txt"))], argument


def test_a_folder_is_read_in_sorted_path_order_once_through_link_loops(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.PDF", "a/notes.doc", "a-b/c.txt", "a/deeper/y.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "a" / "deeper" / "loop").symlink_to(tmp_path / "a")
    found = list(find_letters([tmp_path]))
    expected = sorted(p for p in tmp_path.rglob("*") if p.suffix.lower() in {".pdf", ".txt"} and "loop" not in p.parts)
    assert found == [str(p) for p in expected]


def test_one_row_per_item_with_every_column(catalog: Catalog) -> None:
    rows = audit_letter(catalog, LETTERS / "CM16-0238035.txt", TODAY)
    assert len(rows) == 8
    assert all(tuple(row) == COLUMNS for row in rows)
    assert [row["item_index"] for row in rows] == list(range(8))
    assert {row["actual"] for row in rows} == {"Upheld"}
    assert rows[0]["case"] == "CM16-0238035"


def test_a_bad_letter_is_an_error_row_and_the_audit_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    paths = [LETTERS / "001_74ae951b69b8d1ae.txt", bad, LETTERS / "CM16-0229336.txt"]
    results = list(audit(paths, today=TODAY))
    assert [len(rows) for rows in results] == [2, 1, 1]
    (error,) = results[1]
    assert error["case"] == "broken" and error["file"] == str(bad) and error["error"]
    assert error["item_index"] is None and error["predicted"] is None


def test_workers_give_the_same_rows_in_the_same_order() -> None:
    paths = sorted(LETTERS.glob("*.txt"))
    assert list(audit(paths, workers=2, today=TODAY)) == list(audit(paths, workers=1, today=TODAY))


def test_the_prediction_never_sees_the_rationale_decision_or_citations(catalog: Catalog) -> None:
    """Rewrite every item's decision, rationale and citations: the predictions must not move."""
    letter = read_letter(LETTERS / "CM16-0238035.txt")
    flipped = letter.model_copy(
        update={
            "items": tuple(
                item.model_copy(
                    update={
                        "decision": "Overturned" if item.decision == "Upheld" else "Upheld",
                        "rationale": "The request is medically necessary. Overturned. Certified.",
                        "claims_guideline": None,
                        "reviewer_guideline": None,
                    }
                )
                for item in letter.items
            )
        }
    )
    assert predict(catalog, flipped, TODAY).to_dict() == predict(catalog, letter, TODAY).to_dict()


def test_pdf_and_text_of_every_dev_letter_give_the_same_predictions() -> None:
    corpus = corpus_or_skip("dev")
    txt = [row for rows in audit(sorted((corpus / "txt").glob("*.txt")), workers=2, today=TODAY) for row in rows]
    pdf = [row for rows in audit(sorted((corpus / "pdf").glob("*.pdf")), workers=2, today=TODAY) for row in rows]
    assert len(txt) == len(pdf) == 130
    keep = ("case", "item_index", "item", "actual", "predicted", "rule", "criteria")
    assert [{k: r[k] for k in keep} for r in pdf] == [{k: r[k] for k in keep} for r in txt]


# --- the command ---------------------------------------------------------------------------


def test_audit_prints_the_metrics_beside_the_baseline() -> None:
    result = runner.invoke(app, ["audit", str(LETTERS), "--workers", "1"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "9 files: 9 letters read, 0 unreadable" in text
    assert "balanced accuracy" in text and "always Upheld" in text and "Overturned recall" in text


def test_audit_jsonl_on_stdout_keeps_the_summary_off_stdout() -> None:
    result = runner.invoke(app, ["audit", *map(str, sorted(LETTERS.glob("*.txt"))), "-f", "jsonl", "-w", "1"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2 + 1 + 8 + 1 + 5  # items of the five text letters
    assert "balanced accuracy" in result.stderr


def test_audit_output_file_and_report_recompute_the_summary(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    first = runner.invoke(app, ["audit", str(LETTERS), "-o", str(rows), "--no-disagreements", "-w", "1"])
    again = runner.invoke(app, ["report", str(rows), "--no-disagreements"])
    assert first.exit_code == 0 and again.exit_code == 0
    assert again.stdout == first.stdout


def test_audit_csv_is_flat(tmp_path: Path) -> None:
    out = tmp_path / "rows.csv"
    runner.invoke(app, ["audit", str(LETTERS / "CM16-0229336.txt"), "-o", str(out)])
    header, row = out.read_text().splitlines()[:2]
    assert header == ",".join(COLUMNS)
    assert row.startswith("CM16-0229336,")


def test_an_unreadable_letter_makes_exit_1_and_is_listed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(LETTERS / "CM16-0229336.txt"), str(tmp_path / "nope.pdf"), "-w", "1"])
    assert result.exit_code == 1
    assert f"{tmp_path}/nope.pdf: no such file" in result.stdout


def test_an_unknown_output_format_is_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(LETTERS), "-o", str(tmp_path / "rows.xlsx")])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path}/rows.xlsx: unknown output format '.xlsx' (use one of: .jsonl, .csv, .parquet, .duckdb)\n"


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_letter_shows_what_the_parser_read(fmt: str) -> None:
    result = runner.invoke(app, ["letter", str(LETTERS / "CM16-0229336.pdf"), "-f", fmt])
    assert result.exit_code == 0
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["case_number"] == "CM16-0229336" and data["items"][0]["decision"] == "Overturned"
    else:
        assert "Overturned" in result.stdout and "original:" in result.stdout


def test_letter_on_a_bad_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["letter", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path}/nope.txt: no such file\n"


def test_report_shows_disagreements_from_csv_rows(tmp_path: Path) -> None:
    """CSV keeps a criterion's id and status only: the summary names it by id."""
    out = tmp_path / "rows.csv"
    runner.invoke(app, ["audit", str(LETTERS / "CM16-0229336.txt"), "-o", str(out), "-w", "1"])
    result = runner.invoke(app, ["report", str(out)])
    assert result.exit_code == 0, result.output
    assert "CM16-0229336 #0" in result.stdout
