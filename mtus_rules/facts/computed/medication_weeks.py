"""Weeks on a drug class (opioids, muscle relaxants) by the request date, from what was
taken and never from plans; and the course a request would make, with the supply it asks for.

Like a ``weeks_on`` fact (``mtus_rules/facts/drugweeks.py``), except that a sentence about a plan
is left out whole: in "Plan: continue Norco" the drug stands in a clause of its own, which
``weeks_on`` alone would read as use.

A duration limit ("not recommended for longer than 2-3 weeks", "limit use to 4 weeks") is on
the course, so the ``*_course_weeks`` and ``*_least_weeks`` facts add what the item asks for
(``drugweeks.with_supply``): cyclobenzaprine started today, "#90, one three times daily",
is a course of 4.3 weeks. A drug written as started now ("first-time request", "newly
prescribed") with no earlier use on record has 0 weeks so far (``drugweeks.new_start``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.medication_reading import planned_sentences
from mtus_rules.facts.computed.medication_items import drug_matcher, requested_generics
from mtus_rules.facts.drugweeks import new_start, weeks_on, with_supply, without_start_dates
from mtus_rules.reading.record import Record
from mtus_rules.reading.text import PhraseMatcher
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["CLASSES"]

_WEEKS = {"opioid_weeks": "opioids", "muscle_relaxant_weeks": "muscle_relaxants"}
CLASSES = frozenset({*_WEEKS.values(), "new_start", "new_start_item"})
"""The vocabulary classes these facts read (a test checks that each is defined)."""


@lru_cache(maxsize=16)
def _names(vocabulary: Vocabulary, name: str) -> PhraseMatcher:
    """A class's terms as the matcher ``weeks_on`` reads, built once per vocabulary."""
    return PhraseMatcher((term, name) for term in vocabulary.expand([f"@{name}"]))


def _taken(ctx: Context) -> Record:
    """The record without sentences about plans: "the plan included tramadol" is not use."""

    def without_plans() -> Record:
        planned = planned_sentences(ctx)
        return replace(ctx.record, clauses=tuple(c for c in ctx.record.clauses if c.sentence not in planned))

    return ctx.once((__name__, "taken"), without_plans)


def _weeks(ctx: Context, drug: PhraseMatcher) -> Fact | None:
    """Weeks of use so far; 0 for a drug written as started now, when no earlier use is (the
    date of the note that starts it is no earlier use)."""
    starts = _names(ctx.vocabulary, "new_start")
    taken = without_start_dates(_taken(ctx), drug, starts)
    return weeks_on(ctx.case, taken, ctx.day, drug) or new_start(
        ctx.record, drug, starts, ctx.request.item, _names(ctx.vocabulary, "new_start_item")
    )


def _class_weeks(name: str) -> Callable[[Context], Fact | None]:
    def weeks(ctx: Context) -> Fact | None:
        return ctx.once((__name__, name, ctx.request.item), lambda: _weeks(ctx, _names(ctx.vocabulary, name)))

    weeks.__doc__ = f"Weeks a drug of @{name} had been taken by the request date (plans left out)."
    return weeks


for _fact, _class in _WEEKS.items():
    register(_fact, "number")(_class_weeks(_class))


def _requested_weeks(ctx: Context) -> Fact | None:
    """Weeks the requested drug had been taken (plans left out), or None if it names none."""
    generics = tuple(requested_generics(ctx.request.item, ctx.vocabulary))
    if not generics:
        return None
    return ctx.once((__name__, "requested", ctx.request.item), lambda: _weeks(ctx, drug_matcher(ctx.vocabulary, generics)))


def _course(name: str, so_far: Callable[[Context], Fact | None]) -> None:
    """Register ``<name>_course_weeks`` and ``<name>_least_weeks`` for one kind of use so far."""

    def course(ctx: Context) -> Fact | None:
        return with_supply(so_far(ctx), ctx.request.item)[0]

    def least(ctx: Context) -> Fact | None:
        return with_supply(so_far(ctx), ctx.request.item)[1]

    course.__doc__ = f"Weeks of the course the request would make ({name}: use so far plus the supply asked for)."
    least.__doc__ = f"The least that course can be ({name}): an unknown part counted as none."
    register(f"{name}_course_weeks", "number")(course)
    register(f"{name}_least_weeks", "number")(least)


register("requested_drug_weeks", "number")(_requested_weeks)
_course("muscle_relaxant", _class_weeks("muscle_relaxants"))
_course("requested_drug", _requested_weeks)
