"""Findings on a study, and sacroiliac tests counted.

A lesion counts as shown by a study when it is named in the study's report: the sentence
that names the study (an MRI, a nerve conduction study) and the sentences that continue
it, up to three, until one turns to the examination, the complaints or the plan. A
diagnosis alone ("the diagnosis is a meniscus tear") is no study finding; a lesion only
suspected ("to evaluate for possible tear") is none either. A findings or diagnoses entry
that names a study and a lesion affirms it.

Signs on examination are read "any one affirmed": one sign of a set affirmed (in a
findings or diagnoses entry, else in the summary) decides, and a record that notes a
negative Neer test and a positive Hawkins test has a positive impingement sign. Other such
sets are ``mentions`` facts of ``rules/facts``; these stay here because a mentions fact
reads a term inside a longer one on its own: in "no positive Tinel sign" it would find
"Tinel sign" after the word "positive", affirmed, where the sign read whole is denied.
The sacroiliac tests are counted: how many different ones are positive.
"""

from __future__ import annotations

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.surgery.reading import (
    SI_TEST, entry_mentions_of, family, has, quote_span, reads, sentences_with,
    summary_mentions,
)
from mtus_rules.reading.text import Mention, longest_first

__all__: list[str] = []

_REPORT_ENDS = reads("surgery_report_end_words")[0]
_REPORT_SENTENCES = 3


def _study(name: str, lesions: str, studies: str, doc: str) -> None:
    """Register the fact ``name``: a lesion of class ``lesions`` in a report of ``studies``."""
    reads(lesions, studies)

    def compute(ctx: Context) -> Fact | None:
        return ctx.once(("surgery", "study", lesions, studies), lambda: _on_study(ctx, lesions, studies))

    compute.__name__ = compute.__qualname__ = name
    compute.__doc__ = doc
    register(name, "bool")(compute)


def _on_study(ctx: Context, lesions: str, studies: str) -> Fact | None:
    """Affirmed in an entry or a report → true; only denied in a report → false."""
    for entry in (*ctx.case.findings, *ctx.case.diagnoses):
        if has(ctx, entry, studies) and any(m.affirmed for m in longest_first(entry_mentions_of(ctx, entry).get(lesions, ()))):
            return Fact(True, f"findings: {entry}")
    report = _report_sentences(ctx, studies)
    reported = [m for m in summary_mentions(ctx, lesions) if m.sentence in report]
    affirmed = next((m for m in reported if m.affirmed), None)
    if affirmed is not None:
        return Fact(True, quote_span(ctx, affirmed.start, affirmed.end))
    denied = next((m for m in reported if m.negated and not m.uncertain), None)
    return Fact(False, quote_span(ctx, denied.start, denied.end)) if denied else None


def _report_sentences(ctx: Context, studies: str) -> frozenset[int]:
    """The sentences of the studies' reports: each sentence naming a study and up to three
    after it, until a sentence turns to something else."""

    def find() -> frozenset[int]:
        naming, ending = sentences_with(ctx, studies), sentences_with(ctx, _REPORT_ENDS)
        found: set[int] = set()
        remaining = 0
        for sentence in ctx.text.sentences():
            if sentence in naming:
                remaining = _REPORT_SENTENCES + 1
            elif sentence in ending:
                remaining = 0
            if remaining > 0:
                found.add(sentence)
                remaining -= 1
        return frozenset(found)

    return ctx.once(("surgery", "reports", studies), find)


_study("shoulder_lesion_on_imaging", "shoulder_lesions", "imaging_studies", "A shoulder lesion (tear, impingement, AC arthrosis) on imaging.")
_study("knee_lesion_on_imaging", "knee_lesions", "imaging_studies", "A meniscal, ligament or chondral lesion on imaging.")
_study("arthritis_on_imaging", "arthritis_findings", "arthritis_studies", "Osteoarthritis of a joint on x-ray or MRI (or seen at arthroscopy).")
_study("spine_lesion_on_imaging", "spine_lesions", "imaging_studies", "A disc herniation, nerve root compression or stenosis on imaging.")
_study("median_neuropathy_on_electrodiagnostics", "median_nerve_lesions", "electrodiagnostic_studies", "Carpal tunnel syndrome on nerve conduction studies.")
_study("radiculopathy_corroborated", "radiculopathy_findings", "spine_studies", "Radiculopathy corroborated by imaging or electrodiagnostic testing.")


def _signs(name: str, doc: str) -> None:
    """Register the fact ``name``: any one sign of the class of the same name affirmed."""
    reads(name)

    def compute(ctx: Context) -> Fact | None:
        return ctx.once(("surgery", "signs", name), lambda: _any_affirmed(ctx, name))

    compute.__name__ = compute.__qualname__ = name
    compute.__doc__ = doc
    register(name, "bool")(compute)


_signs("shoulder_exam_findings", "A positive shoulder sign: impingement, drop arm, Jobe, lift-off, weakness.")
_signs("shoulder_weakness_signs", "Weakness of the shoulder (reduced strength, positive drop arm).")
_signs("knee_exam_findings", "A positive knee sign: McMurray, joint line tenderness, Lachman, locking, effusion.")
_signs("median_nerve_exam_findings", "A positive median nerve sign: Tinel, Phalen, Durkan, thenar atrophy.")
_signs("neural_compromise_signs", "An objective sign of nerve root compromise: straight leg raise, sensory, motor or reflex deficit.")
_signs("objective_findings", "Any objective examination finding a surgeon would assess.")
_signs("knee_brace_indications", "A condition a knee brace is indicated for (instability, ligament tear or reconstruction ...).")


@register("si_positive_tests", "number")
def si_positive_tests(ctx: Context) -> Fact | None:
    """How many different sacroiliac provocative tests are positive (the ``si_test_`` classes):
    a test named and affirmed counts; a record that names only negative tests gives 0."""
    return ctx.once(("surgery", "si tests"), lambda: _count_si_tests(ctx))


def _count_si_tests(ctx: Context) -> Fact | None:
    read = {name: _any_affirmed(ctx, name) for name in family(ctx, SI_TEST)}
    positive = [name[len(SI_TEST) :] for name, fact in read.items() if fact is not None and fact.value]
    if positive:
        return Fact(len(positive), "positive: " + ", ".join(positive))
    named = any(fact is not None for fact in read.values())
    return Fact(0, "the sacroiliac tests named are negative") if named else None


def _any_affirmed(ctx: Context, name: str) -> Fact | None:
    """A sign of the class affirmed in a findings or diagnoses entry or in the summary →
    true (an affirmed one wins wherever it is); only denied → false."""
    readings: list[tuple[Mention, str]] = [
        (mention, f"{field}[{i}]: {entry}")
        for field in ("findings", "diagnoses")
        for i, entry in enumerate(getattr(ctx.case, field))
        for mention in longest_first(entry_mentions_of(ctx, entry).get(name, ()))
    ]
    readings += [(m, ctx.text.quote(m)) for m in summary_mentions(ctx, name)]
    affirmed = next((source for m, source in readings if m.affirmed), None)
    if affirmed is not None:
        return Fact(True, affirmed)
    denied = next((source for m, source in readings if m.negated and not m.uncertain), None)
    return Fact(False, denied) if denied else None
