"""The shape of rule, source and fact files, as pydantic models.

These models are the contract with rule authors: every key is named here, unknown keys are
errors, and the docstrings say what each part means. Validation that needs more than one
file (a criterion on an unknown fact, a citation of an unknown source) is in ``load``.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from engine.logic import Status

__all__ = [
    "Name",
    "Effective",
    "Edition",
    "Source",
    "SourcesFile",
    "FactSpec",
    "FactsFile",
    "Condition",
    "Citation",
    "Criterion",
    "AppliesTo",
    "Expect",
    "RuleTest",
    "Rule",
    "LEAF_OPS",
]

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Value = bool | int | float | str
Decision = Literal["certify", "non-certify"]

LEAF_OPS = ("is", "eq", "ne", "lt", "le", "gt", "ge", "in")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Effective(Strict):
    """Dates a rule or an edition is in force, both inclusive; no ``to`` means still in force."""

    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.to is None or day <= self.to)

    def overlaps(self, other: Effective) -> bool:
        return self.covers(other.from_) or other.covers(self.from_)


class Edition(Strict):
    """One published edition of a guideline and the dates it governs requests."""

    edition: Text
    effective: Effective
    verified: Text | None = Field(None, description="where the edition or its dates were confirmed")


class Source(Strict):
    """A guideline that criteria cite (8 CCR 9792.21.1 ranks MTUS above the others)."""

    title: Text
    short: Text | None = Field(None, description="an abbreviation for narrow displays, e.g. CPMTG")
    tier: Literal["mtus", "acoem", "odg", "other"]
    editions: list[Edition] = Field(min_length=1)


class SourcesFile(Strict):
    sources: dict[Name, Source]


class Citation(Strict):
    """Where a criterion comes from, with the guideline text it encodes, quoted."""

    source: Name
    section: Text | None = None
    pages: Text | None = None
    excerpt: Text
    verified_in: Text | None = Field(None, description="a letter or document that quotes the excerpt")
    pages_verified: bool = Field(True, description="false when the pages were not checked, even if the excerpt was")

    @property
    def pages_checked(self) -> bool:
        """Whether the pages can be trusted: not when marked so, nor when the excerpt itself
        was never found quoted (no ``verified_in``, or one that says ``unverified``)."""
        return self.pages_verified and not (self.verified_in or "unverified").lower().startswith("unverified")


class FactSpec(Strict):
    """A fact criteria may test. ``extract`` tells the domain how to find it; the engine
    only needs its name, type and origin.

    ``origin`` says whether documenting can change the fact: ``record`` (the default) is
    what the clinical record states; ``item`` is read from the requested item itself (the
    drug, the amount, the region), which only a different request changes; ``request`` is
    the outcome of another item of the same request.
    """

    type: Literal["bool", "number", "text"]
    says: Text
    origin: Literal["record", "item", "request"] = "record"
    extract: dict[str, Any] | None = None
    default: Value | None = Field(
        None, description="the value when the case does not say (e.g. the phase of care: chronic); shown as a default"
    )
    cite: list[Citation] = Field(default_factory=list, description="the guideline text a fact's judgement encodes")

    @property
    def documentable(self) -> bool:
        return self.origin == "record"


class FactsFile(Strict):
    facts: dict[Name, FactSpec]


class Condition(Strict):
    """A test on facts: a leaf (``fact`` plus one operator) or a combination.

    ``any_of``, ``all_of`` and ``not`` combine in three-valued logic.
    """

    fact: Name | None = None
    is_: bool | None = Field(None, alias="is")
    eq: Value | None = None
    ne: Value | None = None
    lt: float | None = None
    le: float | None = None
    gt: float | None = None
    ge: float | None = None
    in_: list[Value] | None = Field(None, alias="in", min_length=1)
    any_of: list[Condition] | None = Field(None, min_length=1)
    all_of: list[Condition] | None = Field(None, min_length=1)
    not_: Condition | None = Field(None, alias="not")

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        ops = [op for op in LEAF_OPS if self.operand(op) is not None]
        combinators = [c for c in ("any_of", "all_of", "not_") if getattr(self, c) is not None]
        if self.fact is not None:
            if len(ops) != 1 or combinators:
                raise ValueError(f"a test on a fact takes exactly one of: {', '.join(LEAF_OPS)}")
        elif ops or len(combinators) != 1:
            raise ValueError("a condition is either 'fact' with one operator, or one of any_of, all_of, not")
        return self

    def operand(self, op: str) -> Any:
        return getattr(self, {"is": "is_", "in": "in_"}.get(op, op))

    @property
    def leaf(self) -> tuple[str, str, Any]:
        """(fact, operator, operand) of a leaf condition."""
        assert self.fact is not None
        op = next(op for op in LEAF_OPS if self.operand(op) is not None)
        return self.fact, op, self.operand(op)

    @property
    def parts(self) -> list[Condition]:
        if self.fact is not None:
            return []
        if self.not_ is not None:
            return [self.not_]
        return list(self.any_of or self.all_of or [])

    def facts(self) -> tuple[str, ...]:
        """Every fact this condition reads, in order of first use (kept: asked per evaluation)."""
        return self._facts

    @cached_property
    def _facts(self) -> tuple[str, ...]:
        if self.fact is not None:
            return (self.fact,)
        seen: dict[str, None] = {}
        for part in self.parts:
            seen.update(dict.fromkeys(part.facts()))
        return tuple(seen)


class Criterion(Strict):
    """One requirement. ``applies`` limits it to some cases (a phase of care, say): where
    that condition is false the criterion is waived and reads met, with the fact that waived
    it as evidence; where it holds, ``when`` decides. Every fact ``applies`` reads declares a
    ``default`` (checked on loading), so it is never unknown."""

    id: Name
    says: Text
    applies: Condition | None = None
    when: Condition
    cite: Citation
    also: list[Citation] = Field([], description="further citations for parts of the condition")
    gap: Text = Field(description="what to document so the criterion can be judged met")

    @cached_property
    def condition(self) -> Condition:
        """What decides the status: ``when``, or, with ``applies``, ``when`` unless ``applies`` is false."""
        if self.applies is None:
            return self.when
        return Condition(any_of=[Condition(not_=self.applies), self.when])


class AppliesTo(Strict):
    """Which requested items the rule judges: a term (word or phrase) found in the item.

    ``with`` terms must also be in the item ("MRI" with "lumbar"); ``unless`` terms exclude
    an item even when a term matches.
    """

    terms: list[Text] = Field(min_length=1)
    with_: list[Text] = Field([], alias="with", description="the item must also name one of these (e.g. a body region)")
    unless: list[Text] = []


class Expect(Strict):
    decision: Decision
    criteria: dict[Name, Status] = {}


class RuleTest(Strict):
    """A test beside the rule: given facts (or a case, for the domain to turn into facts),
    the decision and each listed criterion's status are as expected."""

    name: Text
    date: dt.date | None = None
    facts: dict[Name, Value] | None = None
    case: dict[str, Any] | None = None
    expect: Expect

    @model_validator(mode="after")
    def _one_input(self) -> RuleTest:
        if (self.facts is None) == (self.case is None):
            raise ValueError("a test gives exactly one of 'facts' or 'case'")
        return self


class Rule(Strict):
    id: Name
    title: Text
    summary: Text | None = None
    effective: Effective
    applies_to: AppliesTo
    criteria: list[Criterion] = Field(min_length=1)
    tests: list[RuleTest] = []

    def facts(self) -> frozenset[str]:
        """Every fact the criteria read (in ``applies`` and ``when``)."""
        return self._facts

    @cached_property
    def _facts(self) -> frozenset[str]:
        return frozenset(name for criterion in self.criteria for name in criterion.condition.facts())
