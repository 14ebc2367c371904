"""What goes with the requested item: another drug of its class taken already or asked for
in the same request, or the same item authorized before.

A second NSAID on top of one already taken is not recommended (NSAIDs, GI risk: "multiple
NSAIDs"). True when the record names a different drug of the class as taken (in a sentence
about care given, not doubted, not only as failed or stopped) or another item of the request
is one; a topical form (a cream, a gel) is no second systemic NSAID. False when it names none: the summary's list of current medications is read as
complete, so a record silent on NSAIDs takes none.

An item the claim history says was authorized already ("utilization review certified the
right shoulder arthroscopy on 11/20/2016") is a duplicate, not a new request. Only a
sentence that approves and denies nothing counts, since summaries restate the denial under
review ("utilization review non-certified ..."); it must name the rule's term the item
was matched on, and the item's side and body region where the item names them. A history
that names no such authorization makes the item no duplicate (false), and the rest of a
partly certified request is no duplicate of the part certified.
"""

from __future__ import annotations

import re
from functools import lru_cache

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.medication_items import requested_generics
from mtus_rules.facts.computed.medication_reading import given
from mtus_rules.facts.computed.named import classes_in, names_class
from mtus_rules.reading.text import PhraseMatcher

__all__: list[str] = []

_STOPPED = "medication_stopped_words"
_TOPICAL = "topical_forms"
_APPROVED = re.compile(r"\b(?:authori[sz]ed|certified|approved)\b", re.IGNORECASE)
_DENIED = re.compile(
    r"\b(?:non[- ]?certif\w*|not\s+(?:been\s+)?(?:certified|authori[sz]ed|approved|medically|supported|recommended)"
    r"|denied|denial|den(?:y|ies)|modified|partial\w*|remaining|pending|requested|request|appeal\w*|independent medical review|imr)\b",
    re.IGNORECASE,
)
_SIDES = ("left", "right", "bilateral")


@register("other_nsaid_taken", "bool")
def other_nsaid_taken(ctx: Context) -> Fact | None:
    return _other_of_class(ctx, "nsaids")


def _other_of_class(ctx: Context, name: str) -> Fact | None:
    members = {ctx.vocabulary.generic(term) for term in ctx.vocabulary.expand([f"@{name}"])} - {None}
    requested = set(requested_generics(ctx.request.item, ctx.vocabulary)) & members
    if not requested:
        return None
    for i, other in enumerate(ctx.case.requests):
        drugs = set(requested_generics(other.item, ctx.vocabulary)) & members
        if other is not ctx.request and drugs - requested and not names_class(ctx.lexicon, _TOPICAL, other.item):
            return Fact(True, f"requests[{i}]: “{other.item}” is another drug of the class")
    stopped = {m.sentence for m in ctx.text.mentions(_STOPPED) if m.affirmed}
    topical = {m.sentence for m in ctx.text.mentions(_TOPICAL)}
    for mention in given(ctx, name):
        drug = ctx.vocabulary.generic(ctx.record.text[mention.start : mention.end])
        if mention.affirmed and drug in members - requested and mention.sentence not in stopped | topical:
            return Fact(True, f"summary: “{ctx.record.quote(mention.start, mention.end, 40)}”")
    return Fact(False, f"the record names no {name.replace('_', ' ')} other than the one requested")


@register("same_item_authorized", "bool")
def same_item_authorized(ctx: Context) -> Fact | None:
    if ctx.request.authorized or ctx.request.original:
        return Fact(False, "the rest of a partly certified request, not a duplicate of the part certified")
    item = ctx.request.item
    terms = {label for label, _ in _matcher(ctx).labels_in(item)}
    if not terms:
        return None
    regions = {name for name in classes_in(ctx.lexicon, item) if name.startswith("region_")}
    side = _side(item)
    for text, start, end in _claim_sentences(ctx):
        if not _APPROVED.search(text) or _DENIED.search(text):
            continue
        if not terms & {label for label, _ in _matcher(ctx).labels_in(text)}:
            continue
        if regions - classes_in(ctx.lexicon, text) or (side and _side(text) != side):
            continue
        return Fact(True, f"summary: “{ctx.record.quote(start, end, 0)}”")
    return Fact(False, "the claim history names no earlier authorization of this item")


def _matcher(ctx: Context) -> PhraseMatcher:
    return _terms_matcher(ctx.terms)


@lru_cache(maxsize=256)
def _terms_matcher(terms: tuple[str, ...]) -> PhraseMatcher:
    """A rule's terms, each its own label: built once per rule, not per case."""
    return PhraseMatcher((term, term) for term in terms)


def _claim_sentences(ctx: Context) -> list[tuple[str, int, int]]:
    """The claim-history sentences, as (text, start, end)."""

    def build() -> list[tuple[str, int, int]]:
        spans: dict[int, tuple[int, int]] = {}
        for clause in ctx.record.administrative:
            start, end = spans.get(clause.sentence, (clause.start, clause.end))
            spans[clause.sentence] = (min(start, clause.start), max(end, clause.end))
        return [(ctx.record.text[start:end], start, end) for start, end in spans.values()]

    return ctx.once((__name__, "claim sentences"), build)


def _side(text: str) -> str | None:
    words = set(re.findall(r"[a-z]+", text.lower()))
    named = [side for side in _SIDES if side in words]
    return named[0] if len(named) == 1 else None
