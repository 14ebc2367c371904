"""What a requested medication item is: the drugs it names, the ingredients of a compound,
and the classes they belong to.

These facts read only the item ("Flurbiprofen 20%, Baclofen 5% in cream base"), so each is
known whenever the item names a drug. Which drugs the guidelines do not recommend is data,
not code: the classes ``@topical_not_recommended``, ``@topical_patch_only``,
``@topical_addressed`` and ``@not_recommended_drugs`` (``rules/vocabulary/drugs.yaml``)
say so, each with the guideline text it rests on; the functions here only read them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.named import drug_names, names_class
from mtus_rules.reading.text import PhraseMatcher
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["CLASSES", "drug_matcher", "ingredients", "requested_generics"]

# "Flurbiprofen 20%", "Capsaicin 0.025%", "methyl salicylate 10 %": a name and its strength.
_STRENGTH = re.compile(r"([A-Za-z][A-Za-z-]+(?:\s+[A-Za-z][A-Za-z-]+)?)\s*\d+(?:\.\d+)?\s*%")
# Words of a vehicle, not of an ingredient ("in cream base 20%").
_VEHICLE = frozenset(
    {"in", "a", "cream", "base", "gel", "ointment", "lotion", "solution", "patch", "topical", "compound", "compounded"}
)
# The item's class facts; each is always known, since the item itself says what is asked for.
_ITEM_CLASSES = {
    "requested_is_ssri": "ssris",
    "requested_is_cox2": "cox2_inhibitors",
    "requested_is_second_line_antidepressant": "second_line_antidepressants",
    "requested_not_recommended": "not_recommended_drugs",
}
CLASSES = frozenset(
    {"topical_not_recommended", "topical_patch_only", "topical_addressed", "nsaids", "patch_forms", *_ITEM_CLASSES.values()}
)
"""The vocabulary classes these facts read (a test checks that each is defined)."""


@lru_cache(maxsize=1024)
def drug_matcher(vocabulary: Vocabulary, generics: tuple[str, ...]) -> PhraseMatcher:
    """Every spelling of some drugs, labelled ``drug``: built once per list of drugs, not per case."""
    return PhraseMatcher((spelling, "drug") for g in generics for spelling in vocabulary.spellings(g))


def requested_generics(item: str, vocabulary: Vocabulary) -> list[str]:
    """The drugs an item names, as generics, in the order written (each once)."""
    found = sorted(drug_names(vocabulary).labels_in(item), key=lambda pair: (pair[1], pair[0]))
    return list(dict.fromkeys(generic for generic, _ in found))


def ingredients(item: str, vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """The drugs an item names (generics) and the ingredients it gives a strength for but
    the vocabulary does not know ("Hyaluronic acid 0.2%")."""
    names = drug_names(vocabulary)
    unknown = [
        m.group(1)
        for m in _STRENGTH.finditer(item)
        if not names.labels_in(m.group(1)) and not set(m.group(1).lower().split()) <= _VEHICLE
    ]
    return requested_generics(item, vocabulary), unknown


def _members(vocabulary: Vocabulary, name: str) -> frozenset[str]:
    """The drugs (generic names) and plain terms of a class: brands count as their drug."""
    return frozenset(vocabulary.generic(term) or term for term in vocabulary.expand([f"@{name}"]))


@register("topical_unrecommended_ingredient", "bool")
def topical_unrecommended_ingredient(ctx: Context) -> Fact | None:
    """The item contains a drug not recommended for topical use (true), only drugs the
    guideline recommends with conditions (false), or an ingredient it does not address (None)."""
    vocabulary, item = ctx.vocabulary, ctx.request.item
    drugs, unknown = ingredients(item, vocabulary)
    if not drugs and not unknown:
        return None
    banned = _members(vocabulary, "topical_not_recommended")
    patch_only = _members(vocabulary, "topical_patch_only")
    patch = names_class(lexicon_of(vocabulary), "patch_forms", item)
    bad = [d for d in drugs if d in banned or (d in patch_only and not patch)]
    if bad:
        why = [f"{d} (only as a dermal patch)" if d in patch_only else d for d in bad]
        return Fact(True, f"item: {', '.join(why)} not recommended for topical use")
    addressed = _members(vocabulary, "topical_addressed")
    if unknown or any(d not in addressed for d in drugs):
        return None
    return Fact(False, f"item: every ingredient ({', '.join(drugs)}) is recommended as an option")


@register("topical_only_nsaids", "bool")
def topical_only_nsaids(ctx: Context) -> Fact | None:
    """Every active ingredient of the topical item is an NSAID."""
    drugs, unknown = ingredients(ctx.request.item, ctx.vocabulary)
    if not drugs and not unknown:
        return None
    nsaids = _members(ctx.vocabulary, "nsaids")
    others = [d for d in drugs if d not in nsaids] + unknown
    if others:
        return Fact(False, f"item: {', '.join(others)} is not an NSAID")
    return Fact(True, f"item: {', '.join(drugs)} (NSAID)")


@register("topical_has_capsaicin", "bool")
def topical_has_capsaicin(ctx: Context) -> Fact | None:
    """The topical item contains capsaicin (None when it names no ingredient)."""
    drugs, unknown = ingredients(ctx.request.item, ctx.vocabulary)
    if not drugs and not unknown:
        return None
    return Fact("capsaicin" in drugs, f"item: {', '.join(drugs + unknown)}")


def _names_class(name: str) -> Callable[[Context], Fact | None]:
    def names(ctx: Context) -> Fact | None:
        found = names_class(ctx.lexicon, name, ctx.request.item)
        return Fact(found, f"item: “{ctx.request.item}”" + ("" if found else f" (no @{name})"))

    names.__doc__ = f"The item names a member of @{name} (true) or none (false)."
    return names


for _fact, _class in _ITEM_CLASSES.items():
    register(_fact, "bool")(_names_class(_class))
