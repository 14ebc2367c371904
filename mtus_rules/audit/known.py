"""Disagreements reviewed by hand: letters that depart from the guideline or their own summary.

Kept beside the audit (``known_disagreements.yaml``) so a reviewer's conclusion is not lost
and the audit can show it. It is not a way to hide misses: the metrics count every item,
known or not, and a test fails when a listed item stops disagreeing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.load import validate
from engine.yamlfile import read_yaml

__all__ = ["Known", "load_known"]


class Known(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    case: str
    item: int = Field(ge=0, description="0-based index of the item in the letter")
    text: str = Field(description="the item as the letter writes it, to check the index")
    cause: Literal["letter", "record", "rule", "extraction"] = Field(
        description="letter: departs from the guideline or its own summary; record: decided on facts "
        "only in the full medical record; rule/extraction: ours, left as is for a stated reason"
    )
    why: str


class _KnownFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    disagreements: list[Known]


def load_known(path: Path) -> dict[tuple[str, int], Known]:
    entries = validate(read_yaml(path), _KnownFile, "a 'disagreements' list").disagreements
    return {(k.case, k.item): k for k in entries}
