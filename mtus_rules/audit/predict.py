"""Predicting an IMR letter's decisions with the pre-submission check.

A letter becomes the same ``Case`` a provider writes: its clinical case summary, its
disputed items as requests, and its dates. The check never sees the letter itself, so the
rationale, the decision and the citations of an item cannot reach its prediction: this
module is the only bridge, and it copies only what ``letters.prediction_input`` hands out.

certify means the record supports the request, i.e. the IMR would overturn the denial;
non-certify means the denial is upheld; an item no rule covers gets no prediction.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from mtus_rules.case.model import Case, Request
from mtus_rules.check.catalog import Catalog
from mtus_rules.check.judge import CaseResult, ItemResult, check_case
from mtus_rules.letters.parse import Letter, PredictionInput, prediction_input

__all__ = ["Outcome", "case_of", "judgement_day", "outcome", "predict"]

Outcome = Literal["Upheld", "Overturned"]


def case_of(inputs: list[PredictionInput]) -> Case:
    """The case a letter's items make: only what a prediction may see."""
    first = inputs[0]
    return Case(
        case_id=None,
        request_date=judgement_day(first),
        injury_date=first.date_of_injury,
        summary=first.summary,
        requests=[Request(item=i.item, authorized=i.authorized, original=i.original) for i in inputs],
    )


def judgement_day(inputs: PredictionInput) -> dt.date | None:
    """The day the request was judged by utilization review: it picks the guideline edition.

    The letters do not give the request date; the UR denial follows it by days. Later
    header dates stand in when that one is missing.
    """
    return inputs.ur_denial_date or inputs.date_assigned or inputs.decision_date


def outcome(item: ItemResult) -> Outcome | None:
    if item.verdict is None:
        return None
    return "Overturned" if item.decision == "certify" else "Upheld"


def predict(catalog: Catalog, letter: Letter, today: dt.date) -> CaseResult:
    """The check of a letter's items, judged as of the UR date (``today`` when the letter has no dates)."""
    case = case_of([prediction_input(letter, i) for i in range(len(letter.items))])
    return check_case(catalog, case, case.request_date or today, file=letter.file)
