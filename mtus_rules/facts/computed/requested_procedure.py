"""Which kind of operation an item asks for, where one rule judges several kinds.

A shoulder stabilization (labral, SLAP or Bankart repair, capsulorrhaphy) is judged by the
guideline's criteria for instability, not by those for a rotator cuff tear; an item that asks
for a rotator cuff repair as well stays a rotator cuff operation. The procedure words are the
``procedure_*`` classes of the vocabulary.
"""

from __future__ import annotations

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register

__all__: list[str] = []


@register("instability_repair_requested", "bool")
def instability_repair_requested(ctx: Context) -> Fact:
    named = ctx.lexicon.classes_in(ctx.request.item)
    stabilization = "procedure_shoulder_stabilization" in named and "procedure_rotator_cuff_repair" not in named
    return Fact(stabilization, f"the item: “{ctx.request.item}”")
