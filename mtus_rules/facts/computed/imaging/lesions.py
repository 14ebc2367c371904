"""Red flags and structural lesions at the region an imaging study looks at.

Both are read where the record writes them about that region: a red flag (cauda equina
signs, a tumor, an infected joint) makes imaging urgent whatever else the record says, and
a suspected structural lesion (a meniscal tear, instability, avascular necrosis) is what a
joint's imaging is for. Suspicions written as such ("rule out a fracture", "MRI to rule out
a meniscal tear") are the reason for the order, not findings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.imaging.reading import Source, finding, first_found, place, places, wrong_side
from mtus_rules.facts.computed.imaging.study import IMAGING, Study, study
from mtus_rules.reading.text import Mention

__all__ = ["imaging_red_flag", "structural_lesion_suspected", "hip_arthritis_suspected", "LESION_CLASS"]

LESION_CLASS = {
    "shoulder": "shoulder_lesion_findings",
    "elbow": "elbow_lesion_findings",
    "wrist_hand": "wrist_hand_lesion_findings",
    "knee": "knee_lesion_findings",
    "ankle_foot": "ankle_foot_lesion_findings",
    "hip": "hip_lesion_findings",
}


@register("imaging_red_flag", "bool")
def imaging_red_flag(ctx: Context) -> Fact | None:
    """A red flag for serious pathology at the studied region: for the spine, cauda equina
    signs, a progressive deficit, myelopathy, cancer, infection, or a fracture its clause
    places in the spine; for a joint, an infection, tumor, avascular necrosis, hemarthrosis or
    neurovascular compromise written about that joint. Suspicions written as such ("rule out
    a fracture") are not red flags found."""
    found = study(ctx, IMAGING)
    if found is None or not found.regions:
        return None
    here, others = places(found, spine=True)
    regional = [("regional_red_flags", others)]
    if found.spine:  # a fracture beside a rib or a tooth is theirs
        regional.append(("fracture_words", [*others, "other_bone_anchors"]))

    def read(source: Source) -> Iterator[Fact]:
        if found.spine:  # these name the spine or the cord themselves
            yield from (finding(source, m) for m in source.mentions("spine_red_flags") if not m.uncertain)
        for name, elsewhere in regional:
            for m in source.mentions(name):
                if _red_flag_here(found, source, m, here, elsewhere):
                    yield finding(source, m)

    return first_found(ctx, read)


def _red_flag_here(found: Study, source: Source, m: Mention, here: list[str], elsewhere: list[str]) -> bool:
    """A red flag written as current, on the study's side, about the region its own clause names."""
    clause = source.clause_of(m)
    if m.uncertain or wrong_side(found, source, clause):
        return False
    if not m.negated and source.has("img_past_words", [clause]):
        return False  # "status post fracture", "history of infection": not a current red flag
    return place(source, here, elsewhere, clause, m.start, sentence=False) == "here"


@register("structural_lesion_suspected", "bool")
def structural_lesion_suspected(ctx: Context) -> Fact | None:
    """Examination findings or a diagnosis make a structural lesion of the studied joint
    suspected (e.g. a meniscal or ligament tear, instability, an osteochondral injury, a
    labral tear, avascular necrosis); false when those signs are documented negative."""
    return _suspected(ctx, LESION_CLASS)


@register("hip_arthritis_suspected", "bool")
def hip_arthritis_suspected(ctx: Context) -> Fact | None:
    """Osteoarthritis or degenerative disease of the hip is diagnosed or suspected."""
    return _suspected(ctx, {"hip": "hip_arthritis_findings"})


def _suspected(ctx: Context, classes: Mapping[str, str]) -> Fact | None:
    """The findings of ``classes`` (by region) written about the studied joint."""
    found = study(ctx, IMAGING)
    if found is None:
        return None
    names = [classes[r] for r in sorted(found.regions) if r in classes]
    if not names:
        return None
    here, others = places(found, spine=False)

    def read(source: Source) -> Iterator[Fact]:
        unplaced_ok = not any(source.text.mentions(name) for name in others)  # one region in the record
        for name in names:
            for m in source.mentions(name):
                fact = _lesion(found, source, m, here, others, unplaced_ok)
                if fact is not None:
                    yield fact

    return first_found(ctx, read)


def _lesion(found: Study, source: Source, m: Mention, here: list[str], others: list[str], unplaced_ok: bool) -> Fact | None:
    """A lesion finding about the studied joint, or None. A word that does not name its joint
    ("instability", unlike "McMurray") needs a place word, or a record of one region."""
    clause = source.clause_of(m)
    where = place(source, here, others, clause, m.start)
    named = not source.inside("generic_lesion_findings", m)
    if wrong_side(found, source, clause) or where == "elsewhere" or (where == "none" and not (named or unplaced_ok)):
        return None
    imaging = source.has("advanced_imaging", [clause]) or source.has("plain_radiographs", [clause])
    if imaging and source.has("img_study_planned_words", [clause]):
        return None  # "MRI to rule out a meniscal tear": the order's purpose, not a finding
    negated = m.negated
    if source.inside("img_exam_tests", m):  # a provocative test counts with its result
        positive = source.has("img_positive_result_words", [clause])
        negated = negated or (source.has("img_negative_result_words", [clause]) and not positive)
        if not negated and not positive:
            return None  # a test named without its result
    return finding(source, m, not negated)
