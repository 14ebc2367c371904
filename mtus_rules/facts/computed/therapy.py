"""Sessions of a treatment: asked for, already authorized, already done, and in all.

Visit limits (physical therapy 9-10, a manipulation trial of 6, acupuncture 3-6) are on the
whole course, so a request is judged with what came before it: the sessions already done
of the same treatment (the rule's own terms say which treatment) plus what was authorized
plus what is asked. Sessions already done come from a ``treatments`` entry, else from the
summary ("she has completed 12 sessions of physical therapy"), never from a sentence
about a plan, a request or the claim's history ("physical therapy 2x4 was requested",
"physical therapy was denied").

``total_sessions`` is unknown when the sessions done are; ``least_total_sessions`` is the
lower bound that is always known when the request's amount is (at least one session done
when the treatment was given uncounted), so a limit the request already exceeds is unmet
whatever the record leaves out. Devices: ``purchase_requested`` (buy, or rent/trial).
Treatments the guidelines do not recommend: ``requested_treatment``.

The treatment is the judging rule's (``ctx.terms``), not a class of the shared lexicon: its
mentions are found once per case and rule, and shared by the facts of its items. The words
of an item (continuing, buying, renting) are classes of ``rules/vocabulary/physical_medicine.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from engine.trace import Fact
from mtus_rules.reading import quantities
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.named import classes_in, names_class
from mtus_rules.reading.dates import NUMBER_WORDS, find_dates, number
from mtus_rules.reading.lexicon import entry_mentions
from mtus_rules.reading.record import Record
from mtus_rules.reading.text import Mention, PhraseMatcher

__all__ = ["CLASSES", "requested_sessions"]

# Words that say a clause about a treatment is not about sessions given, beyond the plans and
# requests of Record.planned: care prescribed, arranged or awaited (plan words the shared list
# could take); more of it asked for; the claim's history of it (denied, approved).
# Phrases that hold such a word but report the patient's work or activity ("returned to
# modified duty", "able to do more", "continues a home exercise program") are not, the
# longest phrase winning.
_NOT_GIVEN = PhraseMatcher(
    [
        *((word, "not given") for word in (
            "authorized", "prescribed", "arranged", "arrange", "arranging", "awaiting", "candidate for",
            "additional", "further", "more", "continue", "continued", "continuation",
            "denied", "denial", "non-certified", "noncertified", "certified", "approved", "modified", "utilization review",
        )),
        *((phrase, "activity") for phrase in (
            "modified duty", "modified duties", "modified work", "modified activity", "do more", "more active",
            "continue home exercise", "continue a home exercise", "continue her home exercise", "continue his home exercise",
        )),
    ]
)
CLASSES = frozenset({"therapy_continuation", "device_purchase_words", "device_rental_words", "crps", "treatment_history", "named_treatments"})
"""The vocabulary classes these facts read (a test checks that each is defined)."""


@lru_cache(maxsize=256)
def _treatment(terms: tuple[str, ...]) -> PhraseMatcher:
    """The rule's treatment: its terms depend on the rule, so they are not a lexicon class."""
    return PhraseMatcher((term, "treatment") for term in terms)


_NUMBER_WORDS = "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True))

# "twice a week for 3 weeks", "once weekly x 6 weeks": rates in words, which quantities does not read
_WORD_RATES = {"once": 1, "twice": 2, "thrice": 3}
_WORD_RATE = re.compile(
    rf"\b(?P<per>once|twice|thrice|\d\s*time)\s*(?:a|an|per|each)?\s*(?:week|wk)(?:ly)?\s*(?:x|for|over|times)\s*"
    rf"(?P<weeks>\d{{1,2}}|{_NUMBER_WORDS})\s*(?:weeks?|wks?)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _count(text: str | None, source: str) -> Fact | None:
    """The sessions a text asks for or authorizes: read once per text (many facts of an item ask)."""
    found = quantities.sessions(text) if text else None
    if found is None and text:
        match = _WORD_RATE.search(text)
        weeks = number(match.group("weeks")) if match else None
        if match and weeks:
            per = match.group("per").lower()
            times = _WORD_RATES.get(per) or int(per[0])
            found = (times * int(weeks), match.group())
    return Fact(found[0], f"{source}: “{found[1]}”") if found else None


@register("requested_sessions", "number")
def requested_sessions(ctx: Context) -> Fact | None:
    """Sessions the item asks for (the disputed part, when part was authorized)."""
    return _count(ctx.request.item, "item")


@register("authorized_sessions", "number")
def authorized_sessions(ctx: Context) -> Fact | None:
    """Sessions of the original request already authorized; 0 when nothing was."""
    if ctx.request.authorized is None:
        return Fact(0, "no part of the request was authorized") if ctx.request.original is None else None
    return _count(ctx.request.authorized, "authorized")


@register("purchase_requested", "bool")
def purchase_requested(ctx: Context) -> Fact | None:
    """The item buys a device (true) or rents or trials it (false); unknown if it does not say."""
    item = ctx.request.item
    named = classes_in(ctx.lexicon, item)
    if "device_purchase_words" in named:
        return Fact(True, f"item: “{item}”")
    if "device_rental_words" in named:
        return Fact(False, f"item: “{item}”")
    return None


@register("requested_treatment", "bool")
def requested_treatment(ctx: Context) -> Fact | None:
    """The item names the treatment of the rule judging it (always so for an item the rule matched).

    Rules for a treatment the guidelines do not recommend test this: the criterion is unmet
    for every request of it, and its evidence quotes the item.
    """
    if not ctx.terms:
        return None
    found = _treatment(ctx.terms).labels_in(ctx.request.item)
    return Fact(bool(found), f"item: “{ctx.request.item}”")


@register("requested_days", "number")
def requested_days(ctx: Context) -> Fact | None:
    """Days of a rental, a stay or a course the item asks for ("30 day rental")."""
    found = quantities.days(ctx.request.item)
    return Fact(found[0], f"item: “{found[1]}”") if found else None


@register("continuation_requested", "bool")
def continuation_requested(ctx: Context) -> Fact | None:
    """The item asks for more of a treatment already given ("additional", "continued")."""
    found = names_class(ctx.lexicon, "therapy_continuation", ctx.request.item)
    return Fact(True, f"item: “{ctx.request.item}”") if found else None


def _done_mentions(ctx: Context) -> list[Mention]:
    """Mentions of the rule's treatment in clauses that report care given, not planned
    (every computed fact of an item asks; the items of a case with one rule share them)."""
    if not ctx.terms:
        return []
    return ctx.once((__name__, "given", ctx.terms), lambda: _given(ctx.record, _treatment(ctx.terms)))


def _given(record: Record, treatment: PhraseMatcher) -> list[Mention]:
    found = []
    for clause in record.clauses:
        keys = clause.keys
        if treatment.any_in(keys) and not record.planned(clause) and "not given" not in _NOT_GIVEN.labels_of(keys):
            found += [mention for mention in treatment.mentions([clause]) if not mention.uncertain]
    return found


@register("prior_sessions", "number")
def prior_sessions(ctx: Context) -> Fact | None:
    """Sessions of this treatment already done: treatments entries, else the summary (the
    same for every item of the case that a rule of this treatment judges)."""
    return ctx.once((__name__, "prior", ctx.terms), lambda: _prior_sessions(ctx))


def _prior_sessions(ctx: Context) -> Fact | None:
    entries = [
        (i, t.sessions)
        for i, t in enumerate(ctx.case.treatments)
        if t.sessions is not None and _treatment(ctx.terms).labels_in(t.name)
    ]
    if entries:
        return Fact(sum(n for _, n in entries), "; ".join(f"treatments[{i}].sessions" for i, _ in entries))
    best: tuple[int, str] | None = None  # the most sessions the summary counts, and where
    for mention in _done_mentions(ctx):
        if mention.negated:
            best = best or (0, ctx.text.quote(mention))
            continue
        count = _nearest_count(ctx, mention)
        if count is not None and (best is None or count[0] > best[0]):
            best = (count[0], f"summary: “{count[1]}”")
    return Fact(*best) if best else None


# a bare number just before the treatment's name: "6 PT (physical therapy) sessions", "4 PT visits"
_COUNT_BEFORE = re.compile(rf"(?<![-/\d.])\b(?P<n>\d{{1,2}}|{_NUMBER_WORDS})\s+$", re.IGNORECASE)


def _nearest_count(ctx: Context, mention: Mention) -> tuple[int, str] | None:
    """The session count closest to a mention within its clause, else a number right before it."""
    clause = ctx.text.clause_of(mention)
    text = ctx.record.text[clause.start : clause.end]
    counts = quantities.counts(text)
    if not counts:
        before = _COUNT_BEFORE.search(ctx.record.text[clause.start : mention.start])
        n = number(before.group("n")) if before else None
        if before is None or n is None or n != int(n) or not 0 < n <= 100:
            return None
        return int(n), ctx.record.text[clause.start + before.start() : mention.end]
    at = mention.start - clause.start
    n, start, end = min(counts, key=lambda c: min(abs(c[1] - at), abs(c[2] - at)))
    return n, text[start:end]


@register("treatment_done", "bool")
def treatment_done(ctx: Context) -> Fact | None:
    """This treatment was given before: an entry, the summary, or an item asking for more of it
    (read once per item: the session facts ask too)."""
    return ctx.once((__name__, "done", ctx.terms, ctx.request.item), lambda: _treatment_done(ctx))


def _treatment_done(ctx: Context) -> Fact | None:
    for i, t in enumerate(ctx.case.treatments):
        if _treatment(ctx.terms).labels_in(t.name):
            return Fact(True, f"treatments[{i}]: {t.name}")
    mentions = _done_mentions(ctx)
    affirmed = [m for m in mentions if not m.negated]
    if affirmed:
        return Fact(True, ctx.text.quote(affirmed[0]))
    if continuation_requested(ctx) is not None:
        return Fact(True, f"item: “{ctx.request.item}”")
    if mentions:
        return Fact(False, ctx.text.quote(mentions[0]))
    return _not_in_history(ctx)


def _not_in_history(ctx: Context) -> Fact | None:
    """False when the summary lists the treatment given to date and this one is not in the
    list (nor named anywhere in the record): the request starts a first course."""
    if not ctx.terms or _treatment(ctx.terms).any_in([k for c in ctx.record.clauses for k in c.keys]):
        return None
    for m in ctx.text.mentions("treatment_history"):
        sentence = ctx.text.sentences()[m.sentence]
        if m.affirmed and ctx.text.within("named_treatments", sentence):
            text = ctx.record.text[sentence[0].start : sentence[-1].end]
            return Fact(False, f"summary: “{text}” (the treatment to date does not include it: a first course)")
    return None


@register("total_sessions", "number")
def total_sessions(ctx: Context) -> Fact | None:
    """Sessions done, authorized and asked for: the course the request would make."""
    prior = prior_sessions(ctx)
    if prior is None:
        done = treatment_done(ctx)
        prior = Fact(0, done.source) if done is not None and done.value is False else None
    authorized, requested = authorized_sessions(ctx), requested_sessions(ctx)
    if prior is None or authorized is None or requested is None:
        return None
    return _added([prior, authorized, requested])


@register("least_total_sessions", "number")
def least_total_sessions(ctx: Context) -> Fact | None:
    """The least the course can be: what is asked and authorized, plus what is known done.

    When the treatment was given but the record does not count the sessions, at least one
    was done; when the record does not say, none is assumed. A limit this lower bound
    already exceeds is exceeded whatever the record leaves out.
    """
    authorized, requested = authorized_sessions(ctx), requested_sessions(ctx)
    if authorized is None or requested is None:
        return None
    prior = prior_sessions(ctx)
    if prior is None:
        done = treatment_done(ctx)
        prior = _dated_visits(ctx) or (
            Fact(1, f"at least one ({done.source})") if done is not None and done.value else Fact(0, "none known")
        )
    parts = [p for p in (prior, authorized, requested) if p.value]
    return parts[0] if len(parts) == 1 else _added(parts)


def _dated_visits(ctx: Context) -> Fact | None:
    """At least as many sessions as the distinct dates a clause gives the treatment ("physical
    therapy on 10/11/2016 and on 11/18/2016" is two at least): a lower bound, not a count."""
    best: Fact | None = None
    for mention in _done_mentions(ctx):
        clause = ctx.text.clause_of(mention)
        days = {day for day, _, _ in find_dates(ctx.record.text[clause.start : clause.end])}
        if len(days) > 1 and (best is None or len(days) > best.value):
            best = Fact(len(days), f"at least {len(days)}: a visit on each date ({ctx.text.quote(mention)})")
    return best


def _added(parts: list[Fact]) -> Fact:
    """Session counts added up, each with its source ("12 (treatments[0].sessions) + 8 (item: …)")."""
    return Fact(sum(int(p.value) for p in parts), " + ".join(f"{p.value} ({p.source})" for p in parts) or "none")


@register("visit_limit_exception_documented", "bool")
def visit_limit_exception_documented(ctx: Context) -> Fact | None:
    """An exception to the physical medicine visit limit the guideline names (CRPS: 24
    visits) is documented (true) or not (false). Exceptional factors "should be noted"
    (ODG), so a record that notes none has none: this fact is never unknown."""
    for field in ("diagnoses", "findings"):
        for i, entry in enumerate(getattr(ctx.case, field)):
            if any(m.affirmed for m in entry_mentions(ctx.lexicon, entry).get("crps", [])):
                return Fact(True, f"{field}[{i}]: {entry}")
    affirmed = [m for m in ctx.text.longest("crps") if m.affirmed]
    if affirmed:
        return Fact(True, ctx.text.quote(affirmed[0]))
    return Fact(False, "no CRPS (the exception to the visit limit) documented")
