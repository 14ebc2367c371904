"""The phase of care on the request date: postoperative, acute or chronic.

The MTUS defines chronic pain as "any pain that persists beyond the anticipated time of
healing" (8 CCR 9792.20); the usual time of healing is taken as three months
(``HEALING``). Acute injuries and the period after an operation are judged by ACOEM and
ODG instead of the Chronic Pain guidelines. The phase is:

* ``postoperative`` when a clinical sentence tells of an operation done (or of the
  post-operative period) and carries a date within ``HEALING`` before the request;
* ``acute`` when the injury date is within ``HEALING`` before the request, or a sentence
  tells of an acute injury (a fracture) with such a date and does not call it old;
* ``chronic`` when the injury date is longer ago and neither of the above holds;
* unknown otherwise (the fact's declared default then applies).

Only dates written in the sentence count: a later visit's date carried forward would make an
old operation look recent. A sentence about a plan ("surgery is scheduled on ...") tells of
no operation done. The words are vocabulary classes (``rules/vocabulary/phase.yaml``).
"""

from __future__ import annotations

import datetime as dt

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.reading.dates import find_dates
from mtus_rules.reading.text import Mention

__all__ = ["HEALING"]

HEALING = dt.timedelta(days=90)


@register("phase_of_care", "text")
def phase_of_care(ctx: Context) -> Fact | None:
    return ctx.once("phase of care", lambda: _phase(ctx))


def _phase(ctx: Context) -> Fact | None:
    operated = _dated(ctx, _operation_sentences(ctx))
    if operated:
        return Fact("postoperative", operated)
    injured = ctx.case.injury_date
    if injured is not None and _recent(injured, ctx.day):
        return Fact("acute", f"injury_date {injured.isoformat()}, {(ctx.day - injured).days} days before the request")
    acute = _dated(ctx, _acute_injury_sentences(ctx))
    if acute:
        return Fact("acute", acute)
    if injured is not None and injured < ctx.day:
        return Fact("chronic", f"injury_date {injured.isoformat()}, {(ctx.day - injured).days} days before the request")
    return None


def _operation_sentences(ctx: Context) -> list[Mention]:
    """Mentions of the post-operative period, and of an operation in a sentence saying one was done."""
    text = ctx.text
    done = {m.sentence for m in text.mentions("phase_surgery_done") if m.affirmed}
    told = [m for m in text.mentions("phase_postoperative") if m.affirmed]
    told += [m for m in text.mentions("phase_operation") if m.affirmed and m.sentence in done]
    return _not_planned(ctx, told)


def _acute_injury_sentences(ctx: Context) -> list[Mention]:
    old = {m.sentence for m in ctx.text.mentions("phase_old_injury") if m.affirmed}
    return _not_planned(ctx, [m for m in ctx.text.mentions("phase_acute_injury") if m.affirmed and m.sentence not in old])


def _not_planned(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if not ctx.record.planned(ctx.text.clause_of(m))]


def _dated(ctx: Context, mentions: list[Mention]) -> str | None:
    """The first mention whose sentence has a written date within the healing time, as evidence."""
    for mention in sorted(mentions, key=lambda m: m.start):
        days = [day for day, _, _ in find_dates(ctx.record.sentence_text(mention.sentence)) if _recent(day, ctx.day)]
        if days:
            quote = ctx.record.quote(mention.start, mention.end, 40)
            return f"summary: “{quote}” ({days[0].isoformat()}, {(ctx.day - days[0]).days} days before the request)"
    return None


def _recent(day: dt.date, request: dt.date) -> bool:
    return request - HEALING <= day <= request
