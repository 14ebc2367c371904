"""The surgery's standing: authorized earlier, or already performed.

An authorization is read from the claim-history sentences ("utilization review certified
the right shoulder arthroscopy"): the decision word nearest the surgery's mention (the
``authorization_denied_words`` and ``authorization_approved_words`` of the vocabulary). An
operation done is read from a clinical sentence that says so ("status post", "underwent")
and speaks of no plan. A surgery requested in this same request is neither authorized nor
done yet: its own item decides, so both facts are false for the items around it.
"""

from __future__ import annotations

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.surgery.described import is_surgery_item
from mtus_rules.facts.computed.surgery.reading import (
    PROCEDURE, by_sentence, family, keys_of, labels_at, reads, sentences_with, span, summary_mentions,
)
from mtus_rules.reading.text import tokens

__all__: list[str] = []

_SURGERY, _DONE, _PLANNED, _REFERRAL, _DENIED, _APPROVED = reads(
    "surgery_words", "surgery_done_words", "surgery_plan_or_referral_words", "surgery_referral_words",
    "authorization_denied_words", "authorization_approved_words",
)


@register("surgery_authorized", "bool")
def surgery_authorized(ctx: Context) -> Fact | None:
    """The claim history says a surgery was authorized (true) or denied (false). With no
    such sentence, a surgery requested in this same request is not yet authorized (false)."""
    found = ctx.once(("surgery", "authorized"), lambda: _read_authorization(ctx))
    return found if found is not None else _requested_with(ctx)


@register("surgery_performed", "bool")
def surgery_performed(ctx: Context) -> Fact | None:
    """The summary says an operation was done ("status post ...", "underwent ..."); a surgery
    requested with this item is not done yet (false)."""
    found = ctx.once(("surgery", "performed"), lambda: _read_performed(ctx))
    return found if found is not None else _requested_with(ctx)


def _requested_with(ctx: Context) -> Fact | None:
    """False when the surgery is itself requested with this item: not yet authorized, not yet done."""
    for i, request in enumerate(ctx.case.requests):
        if request is not ctx.request and is_surgery_item(ctx, request.item):
            return Fact(False, f"the surgery is requested with this item, requests[{i}]: “{request.item}”")
    return None


def _read_authorization(ctx: Context) -> Fact | None:
    """The first claim-history sentence that approves a surgery, else the first that denies one."""
    denied: Fact | None = None
    for clauses in by_sentence(ctx.record.administrative).values():
        start, end = span(clauses)
        decision = _decision_on_surgery(ctx, clauses[0].sentence, start, end)
        if decision:
            return Fact(True, ctx.text.quote_span(start, end))
        if decision is False:
            denied = denied or Fact(False, ctx.text.quote_span(start, end))
    return denied


def _decision_on_surgery(ctx: Context, sentence: int, start: int, end: int) -> bool | None:
    """The decision a sentence gives on the first surgery it names, if it names one.
    "The spine surgery evaluation was non-certified" is about a consultation, not a surgery."""
    text = ctx.record.text[start:end]
    words = tokens(text)
    named = {*family(ctx, PROCEDURE), _SURGERY}
    referral = keys_of(ctx, _REFERRAL)
    spots = [at for label, at in labels_at(ctx, text) if label in named]
    spots = [at for at in spots if referral.isdisjoint(w.key for w in words[at + 1 : at + 3])]
    return _decision_near(ctx, sentence, start + words[min(spots)].start) if spots else None


def _decision_near(ctx: Context, sentence: int, surgery_at: int) -> bool | None:
    """The decision word nearest the surgery's mention (a character offset) in its sentence:
    True approved, False denied. An approval word inside a denial ("non-certified") is the denial."""
    denials = [m for m in ctx.text.administrative(_DENIED) if m.sentence == sentence]
    approvals = [
        m for m in ctx.text.administrative(_APPROVED)
        if m.sentence == sentence and not any(d.start <= m.start and m.end <= d.end for d in denials)
    ]
    marks = [(m.start, False) for m in denials] + [(m.start, True) for m in approvals]
    if not marks:
        return None
    return min(marks, key=lambda mark: abs(mark[0] - surgery_at))[1]


def _read_performed(ctx: Context) -> Fact | None:
    """The first sentence telling of an operation done and of no plan: its first affirmed
    procedure, else its first affirmed word for a surgery."""
    done = sentences_with(ctx, _DONE) - sentences_with(ctx, _PLANNED)
    procedures = by_sentence(summary_mentions(ctx, *family(ctx, PROCEDURE)))
    surgeries = by_sentence(summary_mentions(ctx, _SURGERY))
    for sentence in sorted(done):
        told = [m for m in (*procedures.get(sentence, ()), *surgeries.get(sentence, ())) if m.affirmed]
        if told:
            return Fact(True, ctx.text.quote_span(told[0].start, told[0].end))
    return None
