"""Findings on a study.

Which lesions on which studies make a fact is declared (``reported: [@lesions]`` with
``by: [@studies]`` in ``rules/facts/surgery.yaml``); this module reads the reports. A lesion counts as shown by a study when it is named in the study's report: the sentence
that names the study (an MRI, a nerve conduction study) and the sentences that continue
it, up to three, until one turns to the examination, the complaints or the plan. A
diagnosis alone ("the diagnosis is a meniscus tear") is no study finding; a lesion only
suspected ("to evaluate for possible tear") is none either. A findings or diagnoses entry
that names a study and a lesion affirms it.

Signs on examination ("a positive impingement sign") are ``mentions`` facts of
``rules/facts/surgery.yaml`` read "any one affirmed", and the positive sacroiliac tests a
``count_of`` over them.
"""

from __future__ import annotations

from engine.trace import Fact
from mtus_rules.facts.computed import Context
from mtus_rules.facts.computed.surgery.reading import entry_mentions_of, has, reads, sentences_with, summary_mentions
from mtus_rules.reading.text import longest_first

__all__ = ["on_study"]

_REPORT_ENDS = reads("surgery_report_end_words")[0]
_REPORT_SENTENCES = 3


def on_study(ctx: Context, lesions: tuple[str, ...], studies: tuple[str, ...]) -> Fact | None:
    """A lesion of the classes ``lesions`` named in the report of a study of ``studies``:
    affirmed in an entry or a report → true; only denied in a report → false."""
    return ctx.once(("surgery", "study", lesions, studies), lambda: _on_study(ctx, lesions, studies))


def _on_study(ctx: Context, lesions: tuple[str, ...], studies: tuple[str, ...]) -> Fact | None:
    for entry in (*ctx.case.findings, *ctx.case.diagnoses):
        named = entry_mentions_of(ctx, entry)
        if has(ctx, entry, *studies) and any(m.affirmed for m in longest_first(m for name in lesions for m in named.get(name, ()))):
            return Fact(True, f"findings: {entry}")
    report = _report_sentences(ctx, studies)
    reported = [m for m in summary_mentions(ctx, *lesions) if m.sentence in report]
    affirmed = next((m for m in reported if m.affirmed), None)
    if affirmed is not None:
        return Fact(True, ctx.text.quote_span(affirmed.start, affirmed.end))
    denied = next((m for m in reported if m.negated and not m.uncertain), None)
    return Fact(False, ctx.text.quote_span(denied.start, denied.end)) if denied else None


def _report_sentences(ctx: Context, studies: tuple[str, ...]) -> frozenset[int]:
    """The sentences of the studies' reports: each sentence naming a study and up to three
    after it, until a sentence turns to something else."""

    def find() -> frozenset[int]:
        naming = frozenset().union(*(sentences_with(ctx, name) for name in studies))
        ending = sentences_with(ctx, _REPORT_ENDS)
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
