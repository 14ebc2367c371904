"""``--html``: one self-contained page whose numbers are the summary's, from any audit output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_rules.cli.main import app
from tests.conftest import DATA

LETTERS = DATA / "letters"
runner = CliRunner()


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The test letters audited once: their rows, and the page the audit wrote."""
    folder = tmp_path_factory.mktemp("html")
    rows, page = folder / "rows.jsonl", folder / "audit.html"
    result = runner.invoke(app, ["audit", str(LETTERS), "-o", str(rows), "--html", str(page), "-w", "1", "--no-disagreements"])
    assert result.exit_code == 0, result.output
    return rows, page


def tile(page: str, label: str) -> str:
    found = re.search(rf'<div class="label">{label}</div><div class="value">([^<]*)</div>', page)
    assert found, label
    return found.group(1)


def test_the_page_shows_the_numbers_of_the_json_summary(audited: tuple[Path, Path]) -> None:
    rows, page = audited
    metrics = json.loads(runner.invoke(app, ["report", str(rows), "-f", "json"]).stdout)
    text = page.read_text()
    assert tile(text, "balanced accuracy") == f"{metrics['balanced_accuracy']:.3f}"
    assert tile(text, "accuracy") == f"{metrics['accuracy']:.1%}"
    assert tile(text, "Overturned recall") == f"{metrics['overturned_recall']:.1%}"
    assert tile(text, "coverage") == f"{metrics['coverage']:.1%}"
    assert tile(text, "error rows") == str(metrics["errors"])
    confusion = metrics["confusion"]
    cells = re.findall(r'<td class="(?:hit|miss)">(\d+)</td>', text)
    assert cells == [str(confusion[k]) for k in ("tn", "fp", "fn", "tp")]


def test_report_html_of_the_rows_is_the_audits_page(audited: tuple[Path, Path], tmp_path: Path) -> None:
    rows, page = audited
    again = tmp_path / "again.html"
    assert runner.invoke(app, ["report", str(rows), "--html", str(again)]).exit_code == 0
    assert again.read_text().replace(str(rows), "SOURCE") == page.read_text().replace(str(LETTERS), "SOURCE")


@pytest.mark.parametrize("fmt", ["parquet", "duckdb"])
def test_every_archive_format_gives_the_same_page(audited: tuple[Path, Path], tmp_path: Path, fmt: str) -> None:
    rows, page = audited
    archive, html = tmp_path / f"rows.{fmt}", tmp_path / "page.html"
    assert runner.invoke(app, ["audit", str(LETTERS), "-o", str(archive), "-w", "1", "--no-disagreements"]).exit_code == 0
    assert runner.invoke(app, ["report", str(archive), "--html", str(html)]).exit_code == 0
    assert html.read_text().replace(str(archive), "SOURCE") == page.read_text().replace(str(LETTERS), "SOURCE")


def test_the_page_needs_no_network(audited: tuple[Path, Path]) -> None:
    """Scripts and styles are inlined; nothing is loaded from elsewhere (the browser test blocks requests too)."""
    text = audited[1].read_text()
    assert not re.search(r"<script[^>]*\bsrc=|<link\b|<img\b|<iframe\b|@import", text)
    assert "Plotly.newPlot" in text and text.count("<script>") >= 2


def test_the_disagreements_carry_criteria_evidence_and_the_rationale(audited: tuple[Path, Path]) -> None:
    rows, page = audited
    disagreements = [row for row in map(json.loads, rows.read_text().splitlines()) if row["agree"] is False]
    text = page.read_text()
    assert text.count('<article class="disagreement"') == len(disagreements) > 0
    for row in disagreements:
        assert f'data-rule="{row["rule"]}"' in text
        assert row["rationale"].split(".")[0] in text


def test_an_unwritable_html_path_is_one_line_and_exit_2(audited: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "missing" / "page.html"
    result = runner.invoke(app, ["report", str(audited[0]), "--html", str(target)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{target}: cannot write: No such file or directory"


@pytest.mark.parametrize("where", ["missing/page.html", "folder"])
def test_an_unwritable_html_path_is_refused_before_the_audit(tmp_path: Path, where: str) -> None:
    (tmp_path / "folder").mkdir()
    target, rows = tmp_path / where, tmp_path / "rows.jsonl"
    result = runner.invoke(app, ["audit", str(LETTERS), "-o", str(rows), "--html", str(target), "-w", "1"])
    why = "Is a directory" if where == "folder" else "No such file or directory"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{target}: cannot write: {why}\n")
    assert not rows.exists(), "nothing audited"


def test_csv_rows_with_flat_criteria_give_the_same_numbers(audited: tuple[Path, Path], tmp_path: Path) -> None:
    """CSV keeps only each criterion's id and status: the page names criteria by id, and counts the same."""
    rows, page = audited
    flat, html = tmp_path / "rows.csv", tmp_path / "page.html"
    assert runner.invoke(app, ["audit", str(LETTERS), "-o", str(flat), "-w", "1", "--no-disagreements"]).exit_code == 0
    assert runner.invoke(app, ["report", str(flat), "--html", str(html), "--no-disagreements"]).exit_code == 0
    labels = ("balanced accuracy", "accuracy", "Overturned precision", "Overturned recall", "coverage", "error rows")
    assert [tile(html.read_text(), label) for label in labels] == [tile(page.read_text(), label) for label in labels]
    assert html.read_text().count('<article class="disagreement"') == page.read_text().count('<article class="disagreement"')


def test_an_audit_of_only_unreadable_letters_still_gets_a_page(tmp_path: Path) -> None:
    page, letter = tmp_path / "page.html", tmp_path / "empty.pdf"
    letter.write_bytes(b"")  # a letter that exists but cannot be read: an error row, not a bad argument
    result = runner.invoke(app, ["audit", str(letter), "--html", str(page)])
    assert result.exit_code == 1
    text = page.read_text()
    assert tile(text, "error rows") == "1" and tile(text, "balanced accuracy") == "—"
    assert f"<code>{letter}</code></td><td>file is empty</td>" in text
