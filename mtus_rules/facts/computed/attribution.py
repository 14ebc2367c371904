"""Which treatment a statement of effect is about.

"He takes Norco and had 24 sessions of PT without improvement": the failure is the
therapy's, not the drug's. A statement of effect ("without improvement", "returned to
modified work") belongs to the treatment named nearest before it in its clause, and with
it to every treatment listed alongside ("Norco and gabapentin help"); a statement that
comes first belongs to the treatment named after it ("good relief with Norco"). A clause
that names no treatment speaks of the patient, not of one treatment.

Treatments are every drug of the vocabulary (by its generic name) and the class
``@named_treatments`` (therapies, injections, surgery). The requested item is named by its
own drugs, the terms of its drug classes ("opioids" for Norco) and ``@general_medication_terms``
("with medications"), or the judging rule's terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mtus_rules.facts.computed import Context, per_vocabulary
from mtus_rules.facts.computed.medication_items import requested_generics
from mtus_rules.reading.text import Clause, Mention, PhraseMatcher
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["CLASSES", "Item", "item_of", "owners", "about_item", "only_item"]

CLASSES = frozenset({"named_treatments", "general_medication_terms"})
"""The vocabulary classes read here (a test checks that each is defined)."""

_TREATMENT = "treatment"
# between two treatments of one list: "Norco and gabapentin", "PT, chiropractic or acupuncture"
_LIST = re.compile(r"^[\s,/&]*(?:(?:and|or|plus|as well as|and/or)\s*)?[\s,]*$", re.IGNORECASE)


@per_vocabulary
def _treatments(vocabulary: Vocabulary) -> PhraseMatcher:
    """Every treatment name: drugs labelled by generic, other treatments by ``treatment``;
    the longest name wins ("physical therapy" is not also "therapy"). 1 ms to make."""
    drugs = ((spelling, f"drug:{g}") for g in vocabulary.drugs for spelling in vocabulary.spellings(g))
    others = ((term, _TREATMENT) for term in vocabulary.expand(["@named_treatments"]) if vocabulary.generic(term) is None)
    return PhraseMatcher([*drugs, *others])


@dataclass(frozen=True)
class Item:
    """How the record names the requested item: its drugs, and its other words."""

    generics: frozenset[str]
    words: PhraseMatcher

    def named_by(self, mention: Mention, text: str) -> bool:
        if mention.label.startswith("drug:"):
            return mention.label[5:] in self.generics
        return bool(self.words.labels_in(text[mention.start : mention.end]))


def item_of(ctx: Context) -> Item | None:
    """The requested item as the record names it; None when it is neither a drug nor a
    treatment of the judging rule. Built once per case for an item's words and rule terms."""
    return ctx.once((__name__, "item", ctx.request.item, ctx.terms), lambda: _item_of(ctx))


def _item_of(ctx: Context) -> Item | None:
    generics = frozenset(requested_generics(ctx.request.item, ctx.vocabulary))
    words = list(ctx.terms) + [t for g in generics for t in _class_words(ctx.vocabulary, g)]
    if generics:  # "4/10 with medications" speaks of the drugs taken
        words += ctx.vocabulary.expand(["@general_medication_terms"])
    if not generics and not words:
        return None
    return Item(generics, _words_matcher(tuple(words)))


@lru_cache(maxsize=512)
def _words_matcher(words: tuple[str, ...]) -> PhraseMatcher:
    """One matcher per list of words: rules' terms are few, the letters many."""
    return PhraseMatcher((w, "item") for w in words)


def _class_words(vocabulary: Vocabulary, generic: str) -> tuple[str, ...]:
    """The plain words of the drug classes a drug belongs to ("opioid", "narcotic"): every
    drug's are made with the catalog (``_drugs_class_words``), another name's when asked."""
    found = _drugs_class_words(vocabulary).get(generic)
    return found if found is not None else _words_of_classes(vocabulary, generic)


@per_vocabulary
def _drugs_class_words(vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    """``_class_words`` of every drug of the vocabulary (0.05 ms a drug to find)."""
    return {generic: _words_of_classes(vocabulary, generic) for generic in vocabulary.drugs}


def _words_of_classes(vocabulary: Vocabulary, generic: str) -> tuple[str, ...]:
    """The plain words of every class whose expanded members hold ``generic``, in class order."""
    holding = _class_members(vocabulary)
    return tuple(
        term
        for name, members in vocabulary.classes.items()
        if generic in holding[name]
        for term in members
        if not term.startswith("@") and vocabulary.generic(term) is None
    )


@lru_cache(maxsize=4)
def _class_members(vocabulary: Vocabulary) -> dict[str, frozenset[str]]:
    """Each class's members, expanded, as a set: every drug asked about is looked up in every
    class. Not carried by the catalog (100 kB): only a name that is no drug needs it there."""
    return {name: frozenset(vocabulary.expand([f"@{name}"])) for name in vocabulary.classes}


def _named(ctx: Context, clause: Clause) -> list[Mention]:
    """The treatments a clause names, found once per case and clause: a case asks of few clauses."""
    found: dict[int, list[Mention]] = ctx.once((__name__, "treatments"), dict)
    named = found.get(clause.start)
    if named is None:
        named = found[clause.start] = list(_treatments(ctx.vocabulary).mentions([clause]))
    return named


def owners(ctx: Context, clause: Clause, at: int) -> list[Mention]:
    """The treatments a statement at ``at`` in ``clause`` is about ([] if it names none)."""
    named = _named(ctx, clause)
    before = [m for m in named if m.end <= at]
    if before:
        return _list_ending(ctx, before)
    after = [m for m in named if m.start >= at]
    return _list_starting(ctx, after) if after else []


def _list_ending(ctx: Context, before: list[Mention]) -> list[Mention]:
    group = [before[-1]]
    for m in reversed(before[:-1]):
        if not _LIST.match(ctx.record.text[m.end : group[0].start]):
            break
        group.insert(0, m)
    return group


def _list_starting(ctx: Context, after: list[Mention]) -> list[Mention]:
    group = [after[0]]
    for m in after[1:]:
        if not _LIST.match(ctx.record.text[group[-1].end : m.start]):
            break
        group.append(m)
    return group


def about_item(ctx: Context, item: Item, clause: Clause, at: int, sentence: list[Clause]) -> bool:
    """Whether a statement is about the requested item: the treatments it is about include
    the item, or its clause names none and its sentence names the item and nothing else."""
    found = owners(ctx, clause, at)
    if found:
        return any(item.named_by(m, ctx.record.text) for m in found)
    return only_item(ctx, item, sentence)


def only_item(ctx: Context, item: Item, sentence: list[Clause]) -> bool:
    """The sentence names the item and no other treatment (for pain scores, which no
    word ties to one treatment)."""
    found = [m for c in sentence for m in _named(ctx, c)]
    return bool(found) and all(item.named_by(m, ctx.record.text) for m in found)

