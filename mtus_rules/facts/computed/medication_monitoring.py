"""Monitoring of opioid use as the record reports it: urine drug tests, the CURES report,
side effects and aberrant drug-taking behavior.

What counts is what was done, not what was planned ("the treatment plan included a urine
drug screen" is no test), and whether it was done, not what it found ("the urine drug
screen was negative" is a test done; "CURES was not checked" says it was not). The word
lists are classes of ``rules/vocabulary/drugs.yaml``; every fact here reads the record
only, so each list is looked up once per case (``medication_reading.given``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.medication_reading import given
from mtus_rules.facts.computed.named import names_class
from mtus_rules.reading.text import Mention

__all__ = ["CLASSES"]

_UDT, _CURES = "urine_drug_tests", "cures_reports"
_DOCUMENTED = {"adverse_effects_documented": "drug_side_effects", "aberrant_behavior_documented": "aberrant_drug_behavior"}
CLASSES = frozenset({_UDT, _CURES, *_DOCUMENTED.values()})
"""The vocabulary classes these facts read (a test checks that each is defined)."""

_UDT_LIMIT_WEEKS = 26  # at least twice a year (MTUS Opioid Treatment 2016, 3.3.6)
# Words near a test that say it was not done: "no urine drug screen", "CURES was not checked".
_NOT_DONE_BEFORE = frozenset({"no", "not", "never", "without", "lack", "absence", "denies", "denied"})
_NOT_DONE_AFTER = frozenset({"not", "never"})
_WINDOW = 4


def _done(ctx: Context, name: str) -> list[Mention]:
    """Mentions of a class in sentences that report care given, marked negated when the
    words around them say it was not done (whatever its result)."""
    return ctx.once((__name__, name), lambda: [m._replace(negated=_not_done(ctx, m)) for m in given(ctx, name)])


def _not_done(ctx: Context, mention: Mention) -> bool:
    words = ctx.text.clause_of(mention).tokens
    before = [t.key for t in words if t.end <= mention.start][-_WINDOW:]
    after = [t.key for t in words if t.start >= mention.end][:_WINDOW]
    return any(k in _NOT_DONE_BEFORE for k in before) or any(k in _NOT_DONE_AFTER for k in after)


def _quote(ctx: Context, mention: Mention) -> str:
    return ctx.text.quote(mention, 50)


# --- urine drug tests -----------------------------------------------------------------------


def _udt_tests(ctx: Context) -> list[tuple[dt.date | None, str]]:
    """Urine drug tests done by the request date: (date or None, evidence), from treatments
    entries and the summary."""
    lexicon = ctx.lexicon
    found = [
        (t.date, f"treatments[{i}]: {t.name}" + (f" {t.date}" if t.date else ""))
        for i, t in enumerate(ctx.case.treatments)
        if names_class(lexicon, _UDT, t.name)
    ]
    found += [(ctx.record.sentence_dates.get(m.sentence), _quote(ctx, m)) for m in _done(ctx, _UDT) if not m.negated]
    return [(day, source) for day, source in found if day is None or day <= ctx.day]


def _none_done(ctx: Context) -> Fact | None:
    """False when the record says no urine drug test was done ("no urine drug screen")."""
    denied = [m for m in _done(ctx, _UDT) if m.negated]
    return Fact(False, _quote(ctx, denied[0])) if denied else None


@register("urine_drug_test_documented", "bool")
def urine_drug_test_documented(ctx: Context) -> Fact | None:
    """A urine drug test was done within the last six months (true); the record says none was
    done, or the last one is older (false)."""
    tests = _udt_tests(ctx)
    recent = [(d, s) for d, s in tests if d is None or (ctx.day - d).days / 7 <= _UDT_LIMIT_WEEKS]
    if recent:
        return Fact(True, recent[0][1])
    if tests:
        return Fact(False, f"{tests[0][1]} (more than {_UDT_LIMIT_WEEKS} weeks before the request)")
    return _none_done(ctx)


@register("prior_urine_drug_test", "bool")
def prior_urine_drug_test(ctx: Context) -> Fact | None:
    """A urine drug test was done before (true), or the record says none was (false)."""
    tests = _udt_tests(ctx)
    return Fact(True, tests[0][1]) if tests else _none_done(ctx)


@register("weeks_since_urine_drug_test", "number")
def weeks_since_urine_drug_test(ctx: Context) -> Fact | None:
    """Weeks from the latest dated urine drug test to the request date."""
    dated = [(d, s) for d, s in _udt_tests(ctx) if d is not None]
    if not dated:
        return None
    day, source = max(dated, key=lambda pair: pair[0])
    return Fact(round((ctx.day - day).days / 7, 1), f"{source} ({day.isoformat()})")


# --- the CURES report, side effects, aberrant behavior ------------------------------------------


@register("cures_documented", "bool")
def cures_documented(ctx: Context) -> Fact | None:
    """The CURES (prescription drug monitoring) report was checked (true) or was not (false)."""
    text = ctx.record.text
    found = [
        m for m in _done(ctx, _CURES)
        # "CURES" is the program only in capitals; "cures" is a verb
        if not text[m.start : m.end].lower() == "cures" or text[m.start : m.end] == "CURES"
    ]
    affirmed = [m for m in found if not m.negated]
    if affirmed:
        return Fact(True, _quote(ctx, affirmed[0]))
    return Fact(False, _quote(ctx, found[0])) if found else None


def _documented(name: str) -> Callable[[Context], Fact | None]:
    def documented(ctx: Context) -> Fact | None:
        found = given(ctx, name)
        return Fact(True, _quote(ctx, found[0])) if found else None

    documented.__doc__ = f"The record reports an assessment of @{name}, present or denied (true)."
    return documented


# Present or denied, either is documentation: "denies side effects" documents the assessment.
for _fact, _class in _DOCUMENTED.items():
    register(_fact, "bool")(_documented(_class))
