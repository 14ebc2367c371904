"""What the item asks for: spinal levels, visits, therapy disciplines, the kind of equipment or service.

Read from the item's own words only; the summary says what the patient has, not what
this item asks.
"""

from __future__ import annotations

import re

from engine.trace import Fact
from mtus_rules.reading import quantities
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.surgery.reading import has, reads

__all__: list[str] = []

reads("physical_therapy_words", "occupational_therapy_words", "surgery_purchase_words", "surgery_rental_words")
_LEVEL = re.compile(r"\b(?P<a>[CTLS])\s?(?P<n>\d{1,2})(?:\s*(?:-|/|–|to|through)\s*(?P<b>[CTLS])?\s?(?P<m>\d{1,2}))?\b", re.IGNORECASE)
_ORDER = {"C": 0, "T": 7, "L": 19, "S": 24}
_LEVEL_WORDS = re.compile(r"\b(?P<n>one|single|two|three|four|1|2|3|4)[- ]levels?\b", re.IGNORECASE)
_LEVEL_NUMBERS = {"one": 1, "single": 1, "two": 2, "three": 3, "four": 4}
_SEVERAL_VISITS = re.compile(r"\b(?:visits|appointments|consultations|evaluations|follow-ups|follow ups)\b", re.IGNORECASE)


def _item(ctx: Context) -> str:
    return f"item: “{ctx.request.item}”"


@register("requested_levels", "number")
def requested_levels(ctx: Context) -> Fact | None:
    """Spinal levels the item names: "L4-5, L5-S1" is two, "L3-S1" three, "L5 and S1" two roots."""
    item = ctx.request.item
    segments: set[int] = set()
    for match in _LEVEL.finditer(item):
        first = _ORDER[match.group("a").upper()] + int(match.group("n"))
        if match.group("m") is None:
            segments.add(first)
            continue
        second = _ORDER[(match.group("b") or match.group("a")).upper()] + int(match.group("m"))
        segments.update(range(first, second) if second > first else [first])
    if segments:
        return Fact(len(segments), _item(ctx))
    words = _LEVEL_WORDS.search(item)
    if words:
        n = words.group("n").lower()
        return Fact(_LEVEL_NUMBERS.get(n) or int(n), f"item: “{words.group()}”")
    return None


@register("requested_visits", "number")
def requested_visits(ctx: Context) -> Fact | None:
    """Visits the item asks for: a stated number, else one for an item naming a single visit."""
    item = ctx.request.item
    found = quantities.sessions(item)
    if found:
        return Fact(found[0], f"item: “{found[1]}”")
    if _SEVERAL_VISITS.search(item):
        return None
    return Fact(1, f"item: “{item}” (one visit)")


@register("multiple_therapy_disciplines", "bool")
def multiple_therapy_disciplines(ctx: Context) -> Fact | None:
    """The item asks for physical and occupational (or speech) therapy together, or for one."""
    item = ctx.request.original or ctx.request.item
    pt = has(ctx, item, "physical_therapy_words")
    ot = has(ctx, item, "occupational_therapy_words")
    return Fact(pt and ot, f"item: “{item}”") if pt or ot else None


@register("device_purchase", "bool")
def device_purchase(ctx: Context) -> Fact | None:
    """The item buys the device (true), or rents it or states a period of use (false)."""
    item = ctx.request.item
    if has(ctx, item, "surgery_purchase_words"):
        return Fact(True, _item(ctx))
    if has(ctx, item, "surgery_rental_words") or quantities.days(item):
        return Fact(False, _item(ctx))
    return None
