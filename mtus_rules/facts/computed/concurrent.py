"""Another drug of the requested drug's class, taken already or asked for in the same request.

A second NSAID on top of one already taken is not recommended (NSAIDs, GI risk: "multiple
NSAIDs"). True when the record names a different drug of the class as taken (in a sentence
about care given, not doubted, not only as failed or stopped) or another item of the request
is one; false when it names none: the summary's list of current medications is read as
complete, so a record silent on NSAIDs takes none.
"""

from __future__ import annotations

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.medication_items import requested_generics
from mtus_rules.facts.computed.medication_reading import given

__all__: list[str] = []

_STOPPED = "medication_stopped"


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
        if other is not ctx.request and drugs - requested:
            return Fact(True, f"requests[{i}]: “{other.item}” is another drug of the class")
    stopped = {m.sentence for m in ctx.text.mentions(_STOPPED) if m.affirmed}
    for mention in given(ctx, name):
        drug = ctx.vocabulary.generic(ctx.record.text[mention.start : mention.end])
        if mention.affirmed and drug in members - requested and mention.sentence not in stopped:
            return Fact(True, f"summary: “{ctx.record.quote(mention.start, mention.end, 40)}”")
    return Fact(False, f"the record names no {name.replace('_', ' ')} other than the one requested")
