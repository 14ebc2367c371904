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

Only dates written in the sentence count, the one nearest the mention: a later visit's date
carried forward, or written further on in the sentence, would make an old operation look
recent. A sentence about a plan ("surgery is scheduled on ...") tells of
no operation done. The words are vocabulary classes (``rules/vocabulary/phase.yaml``).
"""

from __future__ import annotations

import datetime as dt
import re

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.reading.dates import find_dates
from mtus_rules.reading.text import Mention

__all__ = ["HEALING"]

HEALING = dt.timedelta(days=90)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


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
    """The first mention whose nearest written date in its sentence is within the healing
    time, as evidence. A bare year ("in 2010") is a date too, and never a recent one: in
    "status post fusion in 2010, seen on 12/01/2016" the operation is the year's."""
    for mention in sorted(mentions, key=lambda m: m.start):
        day = _nearest_date(ctx, mention)
        if day is not None and _recent(day, ctx.day):
            quote = ctx.record.quote(mention.start, mention.end, 40)
            return f"summary: “{quote}” ({day.isoformat()}, {(ctx.day - day).days} days before the request)"
    return None


def _nearest_date(ctx: Context, mention: Mention) -> dt.date | None:
    """The date written nearest the mention in its sentence (None for a bare year or no date)."""
    start = next(c.start for c in ctx.record.clauses if c.sentence == mention.sentence)
    text = ctx.record.sentence_text(mention.sentence)
    written: list[tuple[int, dt.date | None]] = [(start + at, day) for day, at, _ in find_dates(text)]
    covered = [(at, end) for _, at, end in find_dates(text)]
    written += [(start + m.start(), None) for m in _YEAR.finditer(text) if not any(a <= m.start() < e for a, e in covered)]
    if not written:
        return None
    return min(written, key=lambda found: abs(found[0] - mention.start))[1]


def _recent(day: dt.date, request: dt.date) -> bool:
    return request - HEALING <= day <= request
