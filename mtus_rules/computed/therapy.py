"""Sessions of a treatment: asked for, already authorized, already done, and in all.

Visit limits (physical therapy 9-10, a manipulation trial of 6, acupuncture 3-6) are on the
whole course, so a request is judged with what came before it: the sessions already done
of the same treatment (the rule's own terms say which treatment) plus what was authorized
plus what is asked. Sessions already done come from a ``treatments`` entry, else from the
summary ("she has completed 12 sessions of physical therapy"), never from a sentence
about a plan or a request ("physical therapy 2x4 was requested").
"""

from __future__ import annotations

from functools import lru_cache

from engine.trace import Fact
from mtus_rules import quantities
from mtus_rules.computed import Context, register
from mtus_rules.text import Mention, PhraseMatcher

_PLANNED = PhraseMatcher(
    (word, "plan")
    for word in (
        "request", "requested", "requesting", "recommend", "recommended", "recommendation", "plan",
        "planned", "authorization", "authorized", "will", "would", "to start", "to begin", "pending",
        "scheduled", "referral", "referred", "ordered", "rfa", "prescribed", "pursue", "consider",
        "proposed", "additional", "further", "more", "continue", "continued", "continuation",
    )
)
_CONTINUING = PhraseMatcher(
    (word, "more")
    for word in ("additional", "continued", "continuation", "continue", "further", "more", "extension", "remaining", "repeat")
)


@lru_cache(maxsize=256)
def _treatment(terms: tuple[str, ...]) -> PhraseMatcher:
    return PhraseMatcher((term, "treatment") for term in terms)


def _count(text: str | None, source: str) -> Fact | None:
    found = quantities.sessions(text) if text else None
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


@register("requested_days", "number")
def requested_days(ctx: Context) -> Fact | None:
    """Days of a rental, a stay or a course the item asks for ("30 day rental")."""
    found = quantities.days(ctx.request.item)
    return Fact(found[0], f"item: “{found[1]}”") if found else None


@register("continuation_requested", "bool")
def continuation_requested(ctx: Context) -> Fact | None:
    """The item asks for more of a treatment already given ("additional", "continued")."""
    found = _CONTINUING.labels_in(ctx.request.item)
    return Fact(True, f"item: “{ctx.request.item}”") if found else None


def _done_mentions(ctx: Context) -> list[Mention]:
    """Mentions of the rule's treatment in clauses that report care given, not planned."""
    if not ctx.terms:
        return []
    matcher = _treatment(ctx.terms)
    return [
        mention
        for clause in ctx.record.clauses
        if not _PLANNED.any_in([t.key for t in clause.tokens])
        for mention in matcher.mentions([clause])
        if not mention.uncertain
    ]


@register("prior_sessions", "number")
def prior_sessions(ctx: Context) -> Fact | None:
    """Sessions of this treatment already done: treatments entries, else the summary."""
    entries = [
        (i, t) for i, t in enumerate(ctx.case.treatments) if t.sessions is not None and _treatment(ctx.terms).labels_in(t.name)
    ]
    if entries:
        return Fact(sum(t.sessions for _, t in entries), "; ".join(f"treatments[{i}].sessions" for i, _ in entries))
    best: Fact | None = None
    for mention in _done_mentions(ctx):
        if mention.negated:
            best = best or Fact(0, f"summary: “{ctx.record.quote(mention.start, mention.end, 40)}”")
            continue
        count = _nearest_count(ctx, mention)
        if count is not None and (best is None or count[0] > best.value):
            best = Fact(count[0], f"summary: “{count[1]}”")
    return best


def _nearest_count(ctx: Context, mention: Mention) -> tuple[int, str] | None:
    """The session count closest to a mention within its clause."""
    clause = next(c for c in ctx.record.clauses if c.start <= mention.start < c.end)
    text = ctx.record.text[clause.start : clause.end]
    counts = quantities.counts(text)
    if not counts:
        return None
    at = mention.start - clause.start
    n, start, end = min(counts, key=lambda c: min(abs(c[1] - at), abs(c[2] - at)))
    return n, text[start:end]


@register("treatment_done", "bool")
def treatment_done(ctx: Context) -> Fact | None:
    """This treatment was given before: an entry, the summary, or an item asking for more of it."""
    for i, t in enumerate(ctx.case.treatments):
        if _treatment(ctx.terms).labels_in(t.name):
            return Fact(True, f"treatments[{i}]: {t.name}")
    mentions = _done_mentions(ctx)
    affirmed = [m for m in mentions if not m.negated]
    if affirmed:
        return Fact(True, f"summary: “{ctx.record.quote(affirmed[0].start, affirmed[0].end, 40)}”")
    if continuation_requested(ctx) is not None:
        return Fact(True, f"item: “{ctx.request.item}”")
    if mentions:
        return Fact(False, f"summary: “{ctx.record.quote(mentions[0].start, mentions[0].end, 40)}”")
    return None


@register("total_sessions", "number")
def total_sessions(ctx: Context) -> Fact | None:
    """Sessions done, authorized and asked for: the course the request would make."""
    prior = prior_sessions(ctx)
    if prior is None:
        done = treatment_done(ctx)
        prior = Fact(0, done.source) if done is not None and done.value is False else None
    parts = [prior, authorized_sessions(ctx), requested_sessions(ctx)]
    if any(part is None for part in parts):
        return None
    return Fact(sum(p.value for p in parts), " + ".join(f"{p.value} ({p.source})" for p in parts))
