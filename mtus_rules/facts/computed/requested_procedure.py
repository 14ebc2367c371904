"""Which kind of operation, or which body region, an item asks for, where one rule's
criteria differ by kind or region.

A shoulder stabilization (labral, SLAP or Bankart repair, capsulorrhaphy) is judged by the
guideline's criteria for instability, not by those for a rotator cuff tear; an item that asks
for a rotator cuff repair as well stays a rotator cuff operation. The procedure words are the
``procedure_*`` classes of the vocabulary; the regions are its ``region_*`` classes.
"""

from __future__ import annotations

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.named import classes_in

__all__: list[str] = []


@register("instability_repair_requested", "bool")
def instability_repair_requested(ctx: Context) -> Fact:
    named = classes_in(ctx.lexicon, ctx.request.item)
    stabilization = "procedure_shoulder_stabilization" in named and "procedure_rotator_cuff_repair" not in named
    return Fact(stabilization, f"the item: “{ctx.request.item}”")


_REGIONS = ("region_shoulder", "region_knee", "region_hip", "region_wrist_hand", "region_elbow", "region_ankle_foot", "region_lumbar", "region_cervical")


@register("requested_region", "text")
def requested_region(ctx: Context) -> Fact | None:
    """The one body region the item names (``knee``, ``lumbar`` ...), ``several`` for more
    than one, unknown for none."""
    named = sorted(name for name in classes_in(ctx.lexicon, ctx.request.item) if name in _REGIONS)
    if not named:
        return None
    region = named[0].removeprefix("region_") if len(named) == 1 else "several"
    return Fact(region, f"the item: “{ctx.request.item}”")
