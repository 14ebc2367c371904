"""Care already given before the request: an injection, and the relief it gave.

Each is read from a sentence that reports the care given, never from one about a plan, a
request or a referral ("an epidural injection was recommended", "medial branch blocks are
requested, hoping for 70% relief"): such a sentence tells what is wanted, not what was done.
"""

from __future__ import annotations

import re
from functools import lru_cache

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.surgery.reading import (
    by_sentence, has, keys_of, reads, sentences_with, span, summary_mentions,
)
from mtus_rules.reading.text import PhraseMatcher, tokens

__all__ = ["relief_percent"]

_PLAN_OR_REFERRAL, _CONTINUATION, _INJECTION, _RELIEF, _NO_RELIEF = reads(
    "surgery_plan_or_referral_words", "continuation_words", "surgery_injection_words", "relief_words", "no_relief_words",
)
_PERCENT = re.compile(r"\b(\d{1,3})\s*(?:%|percent)", re.IGNORECASE)


@register("repeat_injection", "bool")
def repeat_injection(ctx: Context) -> Fact | None:
    """The item repeats an injection already given: it says so ("repeat"), or the summary
    reports one given (by the rule's terms that name an injection or block, so "facet
    degeneration" or "trigger points" on examination are not injections). With neither, the
    request is for a first injection (false)."""
    item = ctx.request.item
    if has(ctx, item, _CONTINUATION):
        return Fact(True, f"item: “{item}”")
    found = ctx.once(("surgery", "injection given", ctx.terms), lambda: _given(ctx))
    return found or Fact(False, "no earlier injection of this kind in the record: a first injection")


def _given(ctx: Context) -> Fact | None:
    """The first of the rule's terms that name an injection affirmed in a sentence about no
    plan or referral. The terms are the rule's own, not a vocabulary class, so the sentences
    are read for them here."""
    injection = keys_of(ctx, _INJECTION)
    terms = [term for term in ctx.terms if not injection.isdisjoint(t.key for t in tokens(term))]
    if not terms:
        return None
    matcher = _injections(tuple(terms))
    planned = sentences_with(ctx, _PLAN_OR_REFERRAL)
    for sentence, clauses in ctx.text.sentences().items():
        if sentence in planned:
            continue
        affirmed = next((m for m in matcher.mentions(clauses) if m.affirmed), None)
        if affirmed is not None:
            return Fact(True, ctx.text.quote_span(affirmed.start, affirmed.end))
    return None


@lru_cache(maxsize=256)
def _injections(terms: tuple[str, ...]) -> PhraseMatcher:
    """The rule's terms that name an injection, as one matcher: built once per rule, not per case."""
    return PhraseMatcher((term, "injection") for term in terms)


def relief_percent(ctx: Context, injections: tuple[str, ...]) -> Fact | None:
    """The relief an earlier injection of the classes ``injections`` gave (see ``_relief_percent``)."""
    return ctx.once(("surgery", "relief", injections), lambda: _relief_percent(ctx, injections))


def _relief_percent(ctx: Context, injections: tuple[str, ...]) -> Fact | None:
    """The relief an earlier injection gave, in percent: the largest percentage stated in a
    sentence that reports the injection done and its relief ("the medial branch blocks gave
    80% relief"); 0 when it gave none ("no relief", "did not help"). Unknown when no sentence
    says, or when it says only "some relief" without a number."""
    planned = sentences_with(ctx, _PLAN_OR_REFERRAL)
    reliefs = by_sentence(summary_mentions(ctx, _RELIEF))
    found: Fact | None = None
    for sentence, mentions in by_sentence(summary_mentions(ctx, *injections)).items():
        if sentence in planned or not any(m.affirmed for m in mentions):
            continue
        fact = _relief_told(ctx, sentence, any(m.affirmed for m in reliefs.get(sentence, ())))
        if fact is not None and (found is None or fact.value > found.value):
            found = fact
    return found


def _relief_told(ctx: Context, sentence: int, relief_affirmed: bool) -> Fact | None:
    start, end = span(ctx.text.sentences()[sentence])
    told = ctx.record.text[start:end]
    percents = [int(m.group(1)) for m in _PERCENT.finditer(told) if int(m.group(1)) <= 100]
    if percents and relief_affirmed:
        return Fact(max(percents), ctx.text.quote_span(start, end))
    if sentence in sentences_with(ctx, _NO_RELIEF):
        return Fact(0, ctx.text.quote_span(start, end))
    return None
