"""The surgery an item is about or follows, and what kind of operation it is.

The operation is described by the item itself when it names a procedure ("Post-op PT
after rotator cuff repair"), else by the surgery requested with it (another item of the
same request), else by the first sentence of the summary that names a procedure it does
not deny. Its kind is the first ``procedure_`` class of the vocabulary the description
names (the vocabulary lists the specific ones first); its approach, region, ODG cardiac
risk, complexity and expected blood loss are read from the same description.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.surgery.reading import (
    COURSE, PROCEDURE, classes_in, family, has, labels_at, reads, span,
)
from mtus_rules.facts.computed.therapy import requested_sessions
from mtus_rules.reading.text import Clause, longest_first

__all__ = ["Described", "description", "is_surgery_item"]

_ANCILLARY = reads("surgical_ancillaries")[0]
_REGIONS = reads(*(f"region_{r}" for r in ("shoulder", "knee", "hip", "wrist_hand", "elbow", "ankle_foot", "lumbar", "cervical")))
reads("approach_open", "approach_arthroscopic", "high_risk_surgery", "low_risk_surgery", "complex_surgery",
      "simple_surgery", "major_blood_loss_surgery", "minor_blood_loss_surgery")


@dataclass(frozen=True)
class Described:
    """The text that describes the surgery, and where it was read."""

    text: str
    source: str


def is_surgery_item(ctx: Context, item: str) -> bool:
    """An item that asks for an operation itself, not for a service around one."""
    found = classes_in(ctx, item)
    return not found.isdisjoint(family(ctx, PROCEDURE)) and _ANCILLARY not in found


def description(ctx: Context) -> Described | None:
    return ctx.once(("surgery", "description", id(ctx.request)), lambda: _describe(ctx))


def _describe(ctx: Context) -> Described | None:
    procedures = family(ctx, PROCEDURE)
    if not procedures:
        return None
    item = ctx.request.item
    if has(ctx, item, *procedures):
        return Described(item, f"item: “{item}”")
    for i, request in enumerate(ctx.case.requests):
        if request is not ctx.request and is_surgery_item(ctx, request.item):
            return Described(request.item, f"requests[{i}]: “{request.item}”")
    return ctx.once(("surgery", "told"), lambda: _told(ctx, procedures))


def _told(ctx: Context, procedures: tuple[str, ...]) -> Described | None:
    """The first sentence, clinical or about the claim, naming a procedure it does not deny."""
    text = ctx.text
    found = longest_first(m for name in procedures for m in (*text.mentions(name), *text.administrative(name)))
    told = next((m for m in found if not m.negated), None)
    if told is None:
        return None
    clauses: list[Clause] = [c for c in (*ctx.record.clauses, *ctx.record.administrative) if c.sentence == told.sentence]
    start, end = span(sorted(clauses, key=lambda c: c.start))
    return Described(ctx.record.text[start:end], ctx.text.quote_span(start, end))


def _described_as(ctx: Context, *names: str) -> tuple[str, Described] | None:
    """The first of ``names`` (in their order) the description names, with the description."""
    described = description(ctx)
    if described is None:
        return None
    found = classes_in(ctx, described.text)
    name = next((name for name in names if name in found), None)
    return (name, described) if name else None


@register("surgical_procedure", "text")
def surgical_procedure(ctx: Context) -> Fact | None:
    """The kind of operation (``rotator_cuff_repair``, ``knee_arthroscopy`` ...), from the
    first procedure class of the vocabulary whose terms the surgery's description has."""
    found = _described_as(ctx, *family(ctx, PROCEDURE))
    return Fact(found[0][len(PROCEDURE) :], found[1].source) if found else None


@register("surgical_approach", "text")
def surgical_approach(ctx: Context) -> Fact | None:
    """``open`` or ``arthroscopic`` (arthroscopic or endoscopic), as the description says."""
    found = _described_as(ctx, "approach_open", "approach_arthroscopic")
    return Fact(found[0][len("approach_") :], found[1].source) if found else None


@register("surgery_region", "text")
def surgery_region(ctx: Context) -> Fact | None:
    """The body region of the item (``shoulder``, ``knee``, ``lumbar`` ...), else of the surgery."""
    item = ctx.request.item
    region = _earliest_region(ctx, item)
    if region is not None:
        return Fact(region, f"item: “{item}”")
    described = description(ctx)
    region = _earliest_region(ctx, described.text) if described else None
    return Fact(region, described.source) if described and region else None


def _earliest_region(ctx: Context, text: str) -> str | None:
    found = [(label, at) for label, at in labels_at(ctx, text) if label in _REGIONS]
    return min(found, key=lambda pair: pair[1])[0][len("region_") :] if found else None


@register("surgery_risk", "text")
def surgery_risk(ctx: Context) -> Fact | None:
    """The surgery's cardiac risk in ODG's terms: ``high`` (vascular), ``low`` (endoscopic or
    arthroscopic, superficial, ambulatory), ``intermediate`` (other orthopedic surgery)."""
    found = _described_as(ctx, "high_risk_surgery", "low_risk_surgery", *family(ctx, PROCEDURE))
    if found is None:
        return None
    risk = {"high_risk_surgery": "high", "low_risk_surgery": "low"}.get(found[0], "intermediate")
    return Fact(risk, found[1].source)


def _either(ctx: Context, yes: str, no: str) -> Fact | None:
    found = _described_as(ctx, yes, no)
    return Fact(found[0] == yes, found[1].source) if found else None


@register("complex_surgery", "bool")
def complex_surgery(ctx: Context) -> Fact | None:
    """The surgery is a complex one (repair, reconstruction, arthroplasty, fusion, fixation),
    or a simple one (release, arthroscopic debridement or decompression alone)."""
    return _either(ctx, "complex_surgery", "simple_surgery")


@register("major_blood_loss_surgery", "bool")
def major_blood_loss_surgery(ctx: Context) -> Fact | None:
    """Significant blood loss is expected (arthroplasty, fusion, major fracture), or little
    (arthroscopic, endoscopic, hand surgery)."""
    return _either(ctx, "major_blood_loss_surgery", "minor_blood_loss_surgery")


@register("postsurgical_course_share", "number")
def postsurgical_course_share(ctx: Context) -> Fact | None:
    """Visits asked for as a share of the general post-surgical course for the operation
    (``postsurgical_course_<visits>`` classes of the vocabulary): 0.5 is the initial course."""
    procedure = surgical_procedure(ctx)
    asked = requested_sessions(ctx)  # a fact of its own (``therapy``)
    if procedure is None or asked is None:
        return None
    for name in family(ctx, COURSE):
        if procedure.value in ctx.vocabulary.classes[name]:
            course = int(name[len(COURSE) :])
            return Fact(
                round(asked.value / course, 3),
                f"{asked.value} visits ({asked.source}) of the {course}-visit general course after {procedure.value} ({procedure.source})",
            )
    return None
