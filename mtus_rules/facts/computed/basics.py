"""Age and time since injury."""

from __future__ import annotations

import re

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register

_AGE = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b", re.IGNORECASE)


@register("age", "number")
def age(ctx: Context) -> Fact | None:
    match = _AGE.search(ctx.record.text)
    if match is None or not 10 <= int(match.group(1)) <= 110:
        return None
    return Fact(int(match.group(1)), f"summary: “{ctx.record.quote(match.start(), match.end(), 20)}”")


@register("weeks_since_injury", "number")
def weeks_since_injury(ctx: Context) -> Fact | None:
    injured = ctx.case.injury_date
    if injured is None or injured > ctx.day:
        return None
    return Fact(round((ctx.day - injured).days / 7, 1), f"injury_date {injured.isoformat()}")
