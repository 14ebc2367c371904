"""Facts computed in Python, for what a term list cannot say: ages, counts, durations.

Each is registered under the name that ``rules/facts.yaml`` uses in ``computed:``, with
the type it returns. A function returns None when the record does not say.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from engine.trace import Fact
from mtus_rules.case import Case, Request
from mtus_rules.record import Record
from mtus_rules.vocabulary import Vocabulary

__all__ = ["Context", "Computation", "REGISTRY", "register"]


@dataclass(frozen=True)
class Context:
    """What a computed fact may read: the case, the item, the read summary, the date judged."""

    case: Case
    request: Request
    record: Record
    day: dt.date
    vocabulary: Vocabulary


@dataclass(frozen=True)
class Computation:
    type: str
    function: Callable[[Context], Fact | None]


REGISTRY: dict[str, Computation] = {}


def register(name: str, type: str) -> Callable[[Callable[[Context], Fact | None]], Callable[[Context], Fact | None]]:
    def add(function: Callable[[Context], Fact | None]) -> Callable[[Context], Fact | None]:
        REGISTRY[name] = Computation(type, function)
        return function

    return add


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
