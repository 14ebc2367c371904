"""The graded neurologic examination of the limb a study concerns: the mechanics of reading it.

What counts as nerve compromise is declared (``nerve_compromise_signs`` in
``rules/facts/imaging.yaml``); this module reads the one part of it a term list cannot:
a sensory, reflex or motor word and the few words around it that grade it ("decreased",
"intact", "4/5", "1+"), placed in the limb its clause names, else its sentence (decreased
sensation in the hand says nothing about a lumbar MRI). What the patient reports is a
symptom, never an examination finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.imaging.reading import Source, finding, first_found, limbs_at, one_word_in, window_of
from mtus_rules.facts.computed.imaging.study import study
from mtus_rules.reading.text import Clause, Mention, Token

__all__ = ["limb_examination_deficit"]

LIMB_ANCHORS = {"upper": ("upper_limb_anchors",), "lower": ("lower_limb_anchors",)}
_EXAM = ("img_sensory_words", "img_reflex_words", "img_motor_words")

_GRADE_WEAK = re.compile(r"\b[0-4](?:\s*[+-])?\s*(?:/|out of|over)\s*5\b", re.IGNORECASE)
_GRADE_FULL = re.compile(r"\b5\s*(?:/|out of|over)\s*5\b", re.IGNORECASE)
_REFLEX_LOW = re.compile(r"(?<![\w+])[01]\s*\+|\btrace\b", re.IGNORECASE)
_REFLEX_NORMAL = re.compile(r"(?<![\w+])2\s*\+", re.IGNORECASE)


@register("limb_examination_deficit", "bool")
def limb_examination_deficit(ctx: Context) -> Fact | None:
    """A sensory, reflex or motor deficit on examination, written about the limb the study
    concerns or its dermatomes ("decreased sensation in the left L5 dermatome", "4/5 EHL",
    "diminished Achilles reflex"); false when that limb's examination is documented normal."""
    found = study(ctx, ("imaging", "eds", "evoked"))
    if found is None or not found.limbs:
        return None

    def read(source: Source) -> Iterator[Fact]:  # the examination is the case's, read once for its items
        exam = ctx.once((__name__, "exam", source.name), lambda: list(_examination(source)))
        return (fact for fact, limbs in exam if limbs & found.limbs)

    return first_found(ctx, read)


def _examination(source: Source) -> Iterator[tuple[Fact, frozenset[str]]]:
    """Every graded finding of the neurologic examination in a text, with the limbs it is about.
    Only clauses with an examination word or a "5" (of a strength grade) can hold one: the
    others, most of a record, are passed over unread."""
    worded = source.clauses_with(_EXAM)
    for clause in source.clauses:
        if clause.start not in worded and "5" not in source.span([clause]):
            continue
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
    if m.negated and _absent(source, clause, window):
        return True  # "the Achilles reflex is absent", "absent sensation": the word that negates is the deficit
    if m.negated and (low or m.label == "img_motor_words"):
        return False  # "no sensory deficit", "no weakness"
    if low and not m.negated:
        return True
    ok = one_word_in("img_normal_words", source, clause, window)
    return False if ok or _GRADE_FULL.search(words) or _REFLEX_NORMAL.search(words) else None


def _absent(source: Source, clause: Clause, window: tuple[Token, ...]) -> bool:
    """An absence word ("absent", "lost") grades the finding, and no word denies it ("no loss")."""
    return one_word_in("img_absent_words", source, clause, window) and not one_word_in("img_denial_words", source, clause, window)


def _grade(source: Source, clause: Clause) -> tuple[Mention, bool] | None:
    """A strength grade written without a motor word ("4/5 in the left EHL"), weak first."""
    text = source.span([clause])
    if "5" not in text:
        return None  # both grades end in "5": most clauses hold none
    for grade, low in ((_GRADE_WEAK.search(text), True), (_GRADE_FULL.search(text), False)):
        if grade is not None and "out of" not in grade.group().lower():
            start, end = clause.start + grade.start(), clause.start + grade.end()
            return Mention("img_motor_words", start, end, clause.sentence, False, False), low
    return None
