"""Care for the studied region: conservative care given and how it went, and surgery or an
invasive procedure under consideration.

Imaging is for a region that has not improved with conservative care, or before surgery or
an injection there; so these facts read what was done, or is planned, *for that region*,
and tell care given from care planned, requested or restated from the review's history
("physical therapy was denied"). Medication and rest alone are not a course of care.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.imaging.reading import (
    Source, finding, first_found, one_word_in, place, places, summary, window_of, wrong_side,
)
from mtus_rules.facts.computed.imaging.study import EVERY_KIND, IMAGING, Study, study
from mtus_rules.facts.computed.named import names_class
from mtus_rules.reading.text import Clause, Mention, longest_first

__all__ = ["active_care_failed", "surgery_considered", "invasive_procedure_planned"]

_CARE = "img_active_conservative_care"
# What care given says, best first: it failed, it helped, it was done; or it was not.
_READINGS = {"failed": True, "helped": False, "done": True, "not done": False}


@register("active_care_failed", "bool")
def active_care_failed(ctx: Context) -> Fact | None:
    """Active conservative care (physical therapy, chiropractic, acupuncture, a home exercise
    program, an injection) was given and the symptoms persist; false when it helped or was
    not given. Medication and rest alone are not a course of conservative care. A treatments
    entry wins over the summary."""
    found = study(ctx, EVERY_KIND)
    if found is None:
        return None
    for i, treatment in enumerate(ctx.case.treatments):
        if names_class(ctx.lexicon, _CARE, treatment.name):
            outcome = f" ({treatment.outcome})" if treatment.outcome else ""
            return Fact(treatment.outcome != "helped", f"treatments[{i}]: {treatment.name}{outcome}")
    source = summary(ctx)
    here, others = places(found, spine=True)
    said: dict[str, Mention] = {}
    for m in source.mentions(_CARE):
        reading = _care_given(found, source, m, here, others)
        if reading is not None:
            said.setdefault(reading, m)
    best = next((reading for reading in _READINGS if reading in said), None)
    return None if best is None else finding(source, said[best], _READINGS[best])


def _care_given(found: Study, source: Source, m: Mention, here: list[str], others: list[str]) -> str | None:
    """What a mention of care says (a key of ``_READINGS``), or None when it is about
    another region, the review's history, or care planned rather than given."""
    clause = source.clause_of(m)
    if source.has("img_review_words", [clause]):
        return None  # "physical therapy was denied": the review's history, not the care
    if found.regions and place(source, here, others, clause, m.start) == "elsewhere":
        return None  # therapy for another body part
    if m.negated and not m.uncertain:
        return "not done"
    given = one_word_in("img_given_words", source, clause, window_of(source, clause, m, before=3, after=3))
    past = source.has("img_past_words", source.sentence(clause))
    planned = source.has("img_plan_words", [clause]) or (source.has("img_weak_plan_words", [clause]) and not past)
    if not given and (m.uncertain or planned):
        return None  # a plan or a request, not care given
    return _outcome(source, clause) or "done"


def _outcome(source: Source, clause: Clause) -> str | None:
    """How the care in a clause went: 'failed', 'helped' or None (not said). A denied
    benefit ("had not proven beneficial", "no improvement") is a failure; the longest
    phrase is the reading ("no relief" is not also "relief")."""
    results: set[str] = set()
    words = [*source.words("img_care_helped_words", clause), *source.words("img_care_failed_words", clause)]
    for m in longest_first(words):
        if m.label == "img_care_helped_words":
            results.add("failed" if m.negated else "helped")
        elif not m.negated:
            results.add("failed")
    if "failed" in results:
        return "failed"
    return "helped" if results else None


@register("surgery_considered", "bool")
def surgery_considered(ctx: Context) -> Fact | None:
    """Surgery for the studied region is being considered (a surgical consultation, candidacy,
    a planned procedure); false when it is declined or ruled out."""
    return _considered(ctx, "img_surgery_words")


@register("invasive_procedure_planned", "bool")
def invasive_procedure_planned(ctx: Context) -> Fact | None:
    """An injection or another invasive procedure at the studied region is planned or
    considered (imaging to clarify the anatomy before it); false when declined."""
    return _considered(ctx, "img_invasive_procedures")


def _considered(ctx: Context, words: str) -> Fact | None:
    """A mention of ``words`` at the studied region, with a word putting it in the future
    (true) or declining it (false)."""
    found = study(ctx, IMAGING)
    if found is None or not found.regions:
        return None
    here, others = places(found, spine=True)

    def read(source: Source) -> Iterator[Fact]:
        unplaced_ok = not any(source.text.hits(name) for name in others)  # one region in the record
        for m in source.mentions(words):
            clause = source.clause_of(m)
            if "post" in source.text.record.text[max(0, m.start - 6) : m.start].lower():
                continue  # post-operative: about a surgery done
            where = place(source, here, others, clause, m.start)
            if wrong_side(found, source, clause) or where == "elsewhere" or (where == "none" and not unplaced_ok):
                continue  # about another body part, or (in a record of several) not said which
            value = _planned(source, clause, m)
            if value is not None:
                yield finding(source, m, value)

    return first_found(ctx, read)


def _planned(source: Source, clause: Clause, m: Mention) -> bool | None:
    """False when declined or denied; true when a word puts it in the future (a loose one,
    "consultation", "will", only when the sentence speaks of no care already given)."""
    past = source.has("img_past_words", source.sentence(clause))
    if source.has("img_declined_words", [clause]) or (m.negated and not past):
        return False
    loose = source.has("img_weak_plan_words", [clause]) and not past
    if not m.negated and (source.has("img_plan_words", [clause]) or loose):
        return True
    return None
