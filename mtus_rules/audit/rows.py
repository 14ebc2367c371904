"""Audit rows: each disputed item's predicted outcome beside the letter's decision.

Every input file appears in the output: as one row per disputed item, or as one error row
saying why the file could not be read. Rows are plain JSON-ready dicts with fixed keys
(``COLUMNS``), so every output format (JSONL, CSV, Parquet, DuckDB, the summary) reads the
same thing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from engine.errors import EngineError, InputError
from engine.logic import Status
from engine.trace import CriterionResult
from mtus_rules.audit.discover import LetterName
from mtus_rules.audit.predict import outcome, predict
from mtus_rules.check.catalog import Catalog
from mtus_rules.check.judge import ItemResult
from mtus_rules.letters.parse import Item, Letter
from mtus_rules.letters.read import read_letter

__all__ = ["COLUMNS", "audit_letter", "error_row", "reasons"]

COLUMNS = (
    "case", "file", "item_index", "item", "original", "authorized", "actual", "predicted",
    "rule", "agree", "criteria", "rationale", "error", "decision_date",
)


def audit_letter(catalog: Catalog, path: Path, today: dt.date) -> list[dict[str, Any]]:
    """The rows of one letter file: one per disputed item, or one error row."""
    try:
        letter = read_letter(path)
        result = predict(catalog, letter, today)
    except InputError as error:
        return [error_row(path, _one_line(error))]
    except EngineError as error:
        return [error_row(path, f"rule evaluation failed: {_one_line(error)}")]
    return [_item_row(letter, item, judged) for item, judged in zip(letter.items, result.items)]


def error_row(path: LetterName, message: str) -> dict[str, Any]:
    row = dict.fromkeys(COLUMNS)
    row.update(case=Path(path).stem, file=str(path), criteria=[], error=message)
    return row


def _item_row(letter: Letter, item: Item, judged: ItemResult) -> dict[str, Any]:
    predicted = outcome(judged)
    criteria = judged.verdict.criteria if judged.verdict else ()
    return {
        "case": letter.case_number or Path(letter.file).stem,
        "file": letter.file,
        "item_index": item.index,
        "item": item.item,
        "original": item.original,
        "authorized": item.authorized,
        "actual": item.decision,
        "predicted": predicted,
        "rule": judged.verdict.rule if judged.verdict else None,
        "agree": None if predicted is None else predicted == item.decision,
        "criteria": [{"id": c.id, "status": c.status.value, "says": c.says, "evidence": _evidence(c)} for c in criteria],
        "rationale": item.rationale,
        "error": None,
        "decision_date": letter.decision_date.isoformat() if letter.decision_date else None,
    }


def _evidence(criterion: CriterionResult) -> str | None:
    """The facts a criterion used and where each was found, on one line; None when nothing was documented."""
    known = [f"{use.name} = {use.value} ({use.source})" for use in criterion.evidence if use.source is not None]
    return "; ".join(known) or None


def _one_line(error: Exception) -> str:
    """An error's message on one line: an audit row holds one reason (the first problem)."""
    if isinstance(error, InputError):
        problem = error.problems[0]
        return problem.message if problem.line is None else f"line {problem.line}: {problem.message}"
    return str(error).splitlines()[0]


def reasons(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The criteria that drove a prediction: those not met for Upheld, all of them for Overturned."""
    if row["predicted"] == "Overturned":
        return row["criteria"]
    return [c for c in row["criteria"] if c["status"] != Status.MET.value]
