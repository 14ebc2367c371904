"""What an evaluation found and why: immutable records, kept apart from any display.

The CLI renders them as text, audits as JSON; both read the same ``to_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.logic import Status

__all__ = ["Fact", "Reference", "FactUse", "CriterionResult", "Verdict"]

Value = bool | int | float | str


@dataclass(frozen=True)
class Fact:
    """A fact value and where it came from (a field name, or a quoted span of text)."""

    value: Value
    source: str


@dataclass(frozen=True)
class Reference:
    """A criterion's citation, resolved to the guideline edition in force on the date judged."""

    guideline: str
    short: str | None
    edition: str | None
    tier: str
    section: str | None
    pages: str | None
    excerpt: str
    pages_verified: bool = True

    def __str__(self) -> str:
        return self._text(self.guideline)

    def brief(self) -> str:
        """The citation with the guideline's abbreviation, for narrow displays."""
        return self._text(self.short or self.guideline)

    def _text(self, guideline: str) -> str:
        parts = [guideline + (f" ({self.edition})" if self.edition else "")]
        if self.section:
            parts.append(self.section)
        if self.pages:
            parts.append(f"p. {self.pages}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """With a note where the pages shown were not checked; the text stays clean for a report."""
        note = {"note": "page not verified"} if self.pages and not self.pages_verified else {}
        return {**self.__dict__, "text": str(self), **note}


@dataclass(frozen=True)
class FactUse:
    name: str
    value: Value | None
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CriterionResult:
    id: str
    says: str
    status: Status
    citations: tuple[Reference, ...]
    evidence: tuple[FactUse, ...]
    gap: str

    @property
    def citation(self) -> Reference:
        return self.citations[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "says": self.says,
            "status": self.status.value,
            "citation": "; ".join(str(c) for c in self.citations),
            "references": [c.to_dict() for c in self.citations],
            "evidence": [use.to_dict() for use in self.evidence],
            "gap": None if self.status is Status.MET else self.gap,
        }


@dataclass(frozen=True)
class Verdict:
    """A rule's judgement of one requested item: certify only if every criterion is met."""

    rule: str
    title: str
    criteria: tuple[CriterionResult, ...]

    @property
    def decision(self) -> str:
        return "certify" if all(c.status is Status.MET for c in self.criteria) else "non-certify"

    @property
    def gaps(self) -> list[str]:
        return [c.gap for c in self.criteria if c.status is Status.UNKNOWN]

    @property
    def unmet(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.status is Status.UNMET]

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "rule": self.rule,
            "title": self.title,
            "criteria": [c.to_dict() for c in self.criteria],
            "gaps": self.gaps,
        }
