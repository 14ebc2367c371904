"""A parsed IMR letter as other packages read it: the letter, its items, and a prediction's view.

A prediction may see the case summary and the request only; ``prediction_input`` is the
one way to hand an item to a predictor, so the rationale, decision and citations of the
item being predicted cannot leak into it.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from engine.errors import InputError
from mtus_rules.letters.citations import GuidelineParagraph, parse_guideline_paragraph

__all__ = ["ISSUES_HEADING", "LetterError", "Reviewer", "Item", "Letter", "PredictionInput", "prediction_input"]

ISSUES_HEADING = "IMR ISSUES, DECISIONS AND RATIONALES"
Decision = Literal["Upheld", "Overturned"]


class LetterError(InputError):
    """A file is not a readable IMR determination letter."""


class Reviewer(BaseModel):
    model_config = ConfigDict(frozen=True)

    licensure: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()


class Item(BaseModel):
    """One disputed item: the request as written, the decision, and why.

    Its guideline paragraphs are parsed into citations when first read: an audit never
    reads them, ``mtus-check letter`` and the letter's JSON do."""

    model_config = ConfigDict(frozen=True)

    index: int
    item: str
    decision: Decision
    original: str | None = None
    authorized: str | None = None
    disputed: str | None = None
    claims_paragraph: str | None = Field(None, exclude=True, repr=False)
    reviewer_paragraph: str | None = Field(None, exclude=True, repr=False)
    rationale: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def claims_guideline(self) -> GuidelineParagraph | None:
        return _guideline(self.claims_paragraph)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def reviewer_guideline(self) -> GuidelineParagraph | None:
        return _guideline(self.reviewer_paragraph)

    @property
    def partial(self) -> bool:
        """Only part of the original request went to IMR, or it did after part was authorized."""
        return self.disputed is not None


def _guideline(paragraph: str | None) -> GuidelineParagraph | None:
    return parse_guideline_paragraph(paragraph) if paragraph is not None else None


class Letter(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    case_number: str | None = None
    date_assigned: dt.date | None = None
    date_of_injury: dt.date | None = None
    decision_date: dt.date | None = None
    ur_denial_date: dt.date | None = None
    received_date: dt.date | None = None
    priority: str | None = None
    reviewer: Reviewer = Reviewer()
    summary: str = ""
    items: tuple[Item, ...]


class PredictionInput(BaseModel):
    """All a prediction may see of one item: never its rationale, decision or citations."""

    model_config = ConfigDict(frozen=True)

    file: str
    index: int
    summary: str
    item: str
    original: str | None
    authorized: str | None
    disputed: str | None
    date_of_injury: dt.date | None
    date_assigned: dt.date | None
    ur_denial_date: dt.date | None
    decision_date: dt.date | None


def prediction_input(letter: Letter, index: int) -> PredictionInput:
    """What a predictor may use to predict item ``index`` of ``letter``."""
    item = letter.items[index]
    return PredictionInput(
        file=letter.file, index=index, summary=letter.summary, item=item.item,
        original=item.original, authorized=item.authorized, disputed=item.disputed,
        date_of_injury=letter.date_of_injury, date_assigned=letter.date_assigned,
        ur_denial_date=letter.ur_denial_date, decision_date=letter.decision_date,
    )
