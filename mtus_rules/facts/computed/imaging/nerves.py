"""The nerves of the limb a study concerns: examination signs, symptoms, neuropathy.

A spine MRI is for a nerve root compromised in the limb it supplies, an EMG/NCV for the
limb it tests; so a sign, a symptom or a neuropathy counts where the record writes it about
that limb (its clause names the limb, else its sentence): decreased sensation in the hand
says nothing about a lumbar MRI. What the patient reports is a symptom, never an
examination finding; a provocative test counts with its result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.imaging.reading import Source, finding, first_found, limbs_at, one_word_in, window_of
from mtus_rules.facts.computed.imaging.study import study
from mtus_rules.reading.text import Clause, Mention

__all__ = ["nerve_compromise_signs", "entrapment_signs", "limb_neurologic_symptoms", "neuropathy_suspected"]

LIMB_ANCHORS = {"upper": ("upper_limb_anchors",), "lower": ("lower_limb_anchors",)}
# radicular symptoms are placed by the spine too ("cervical radiculopathy")
SYMPTOM_ANCHORS = {
    "upper": ("upper_limb_anchors", "upper_limb_spine_words"),
    "lower": ("lower_limb_anchors", "lower_limb_spine_words"),
}
_EXAM = ("img_sensory_words", "img_reflex_words", "img_motor_words")

_GRADE_WEAK = re.compile(r"\b[0-4](?:\s*[+-])?\s*(?:/|out of|over)\s*5\b", re.IGNORECASE)
_GRADE_FULL = re.compile(r"\b5\s*(?:/|out of|over)\s*5\b", re.IGNORECASE)
_REFLEX_LOW = re.compile(r"(?<![\w+])[01]\s*\+|\btrace\b", re.IGNORECASE)
_REFLEX_NORMAL = re.compile(r"(?<![\w+])2\s*\+", re.IGNORECASE)


@register("nerve_compromise_signs", "bool")
def nerve_compromise_signs(ctx: Context) -> Fact | None:
    """Objective signs of nerve compromise in the limb the study concerns: a positive
    root-tension sign (straight leg raise, Spurling), or a sensory, reflex or motor deficit
    written about that limb or its dermatomes; false when its examination is documented normal."""
    found = study(ctx, ("imaging", "eds", "evoked"))
    if found is None or not found.limbs:
        return None

    def read(source: Source) -> Iterator[Fact]:  # the examination is the case's, read once for its items
        exam = ctx.once((__name__, "exam", source.name), lambda: list(_examination(source)))
        return (fact for fact, limbs in exam if limbs & found.limbs)

    return first_found(ctx, read)


def _examination(source: Source) -> Iterator[tuple[Fact, frozenset[str]]]:
    """Every finding of the neurologic examination in a text, with the limbs it is about."""
    for m in source.mentions("img_root_tension_signs"):
        limb = frozenset({"upper" if source.inside("img_upper_root_tension_signs", m) else "lower"})
        clause = source.clause_of(m)
        positive = source.has("img_positive_result_words", [clause])
        if m.negated or (source.has("img_negative_result_words", [clause]) and not positive):
            yield finding(source, m, False), limb
        elif not m.uncertain and positive:
            yield finding(source, m, True), limb
    for clause in source.clauses:
        if source.has("img_reported_words", [clause]):
            continue  # what the patient reports is a symptom, not an examination finding
        graded = _graded(source, clause)
        if graded:
            limbs = frozenset(limbs_at(source, clause, LIMB_ANCHORS))
            yield from ((finding(source, m, low), limbs) for m, low in graded)


def _graded(source: Source, clause: Clause) -> list[tuple[Mention, bool]]:
    """The sensory, reflex and motor findings of a clause: (mention, deficit?). A strength
    grade ("4/5") without a motor word is a motor finding of its own."""
    found: list[tuple[Mention, bool]] = []
    for m in (m for name in _EXAM for m in source.within(name, [clause])):
        low = _deficit(source, clause, m)
        if low is not None:
            found.append((m, low))
    if not any(m.label == "img_motor_words" for m, _ in found):
        grade = _grade(source, clause)
        if grade is not None:
            found.append(grade)
    return found


def _deficit(source: Source, clause: Clause, m: Mention) -> bool | None:
    """Whether the words around an examination word say a deficit (true), a normal finding
    (false), or neither (None). Strength and reflexes may be graded ("4/5", "1+")."""
    window = window_of(source, clause, m)
    words = source.span(window)
    low = one_word_in("img_deficit_words", source, clause, window)
    low = low or (m.label != "img_sensory_words" and bool(_GRADE_WEAK.search(words)))
    low = low or (m.label == "img_reflex_words" and bool(_REFLEX_LOW.search(words)))
    if m.negated and (low or m.label == "img_motor_words"):
        return False  # "no sensory deficit", "no weakness"
    if low and not m.negated:
        return True
    ok = one_word_in("img_normal_words", source, clause, window)
    return False if ok or _GRADE_FULL.search(words) or _REFLEX_NORMAL.search(words) else None


def _grade(source: Source, clause: Clause) -> tuple[Mention, bool] | None:
    """A strength grade written without a motor word ("4/5 in the left EHL"), weak first."""
    text = source.span([clause])
    for grade, low in ((_GRADE_WEAK.search(text), True), (_GRADE_FULL.search(text), False)):
        if grade is not None and "out of" not in grade.group().lower():
            start, end = clause.start + grade.start(), clause.start + grade.end()
            return Mention("img_motor_words", start, end, clause.sentence, False, False), low
    return None


@register("entrapment_signs", "bool")
def entrapment_signs(ctx: Context) -> Fact | None:
    """Positive signs of a focal nerve entrapment in the arm (Tinel, Phalen, Durkan, median
    nerve compression, thenar atrophy); false when they are documented negative."""
    found = study(ctx, ("eds",))
    if found is None or "upper" not in found.limbs:
        return None

    def read(source: Source) -> Iterator[Fact]:
        for m in source.mentions("img_entrapment_signs"):
            if m.negated:
                yield finding(source, m, False)
            elif not m.uncertain and source.has("img_positive_result_words", [source.clause_of(m)]):
                yield finding(source, m, True)
        thenar = dict.fromkeys(source.clause_of(m) for m in source.text.mentions("img_thenar_words"))
        for clause in thenar:
            if source.has("img_thenar_atrophy_words", [clause]):
                yield Fact(True, source.cite(clause.start, clause.end))

    return first_found(ctx, read)


@register("limb_neurologic_symptoms", "bool")
def limb_neurologic_symptoms(ctx: Context) -> Fact | None:
    """Symptoms of nerve involvement in the limb the study concerns: numbness, tingling,
    paresthesias, radiating or radicular pain; false when they are denied."""
    found = study(ctx, ("eds", "evoked"))
    if found is None or not found.limbs:
        return None

    def read(source: Source) -> Iterator[Fact]:
        for m in source.mentions("img_neurologic_symptoms"):
            if not m.uncertain and limbs_at(source, source.clause_of(m), SYMPTOM_ANCHORS) & found.limbs:
                yield finding(source, m)

    return first_found(ctx, read)


@register("neuropathy_suspected", "bool")
def neuropathy_suspected(ctx: Context) -> Fact | None:
    """A peripheral neuropathy or entrapment (not a radiculopathy) of the studied limb is
    diagnosed or suspected, the case for nerve conduction studies; false when ruled out."""
    found = study(ctx, ("eds",))
    if found is None:
        return None

    def read(source: Source) -> Iterator[Fact]:
        for m in source.mentions("img_peripheral_neuropathy"):
            limbs = limbs_at(source, source.clause_of(m), LIMB_ANCHORS)
            if not limbs or limbs & found.limbs:
                yield finding(source, m)

    return first_found(ctx, read)
