"""A finding written about the place a requested study concerns: the mechanics of ``finding`` facts.

Which findings count is declared in ``rules/facts/imaging.yaml`` (a ``finding`` fact names
its vocabulary classes, by studied region or limb); this module only reads *where* a
finding is written and how it is qualified, the same way for every such fact:

* ``studied_region``: the place words nearest the finding in its clause, else its sentence,
  must be the study's region (a fractured foot is no red flag for an elbow MRI), on the
  study's side; a finding with no place word counts when its term names its joint itself
  (``needs_place`` lists those that do not), or when the record names no other region.
  ``in_its_clause``: the clause itself must name the region.
* ``studied_spine``: the study is of the spine, and the words name the spine themselves.
* ``studied_limb``: the limb words of its clause, else its sentence (the spine words
  place radicular symptoms too), must be one of the limbs the study concerns; with
  ``unplaced``, a finding that names no limb counts.

Whatever the place, a provocative test (``img_provocative_tests``) counts with its result
("Tinel's is positive"; "negative Spurling" and "Phalen's is not positive" are false);
``suspected`` lets a suspicion count ("possible meniscal tear"), but not the purpose of the
order itself ("MRI to rule out a tear"); ``current`` leaves out what is past ("history of
infection"); ``on_examination`` what the patient reports ("he reports numbness"); ``with``
wants its sentence to name each of those classes too ("numbness" with a named digit; a
compression with a nerve root and the MRI that shows it). ``if_unsaid: false`` makes a fact
false, not unknown, when a record that says something says nothing of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from engine.trace import Fact
from mtus_rules.facts.computed import Context
from mtus_rules.facts.computed.imaging.reading import Source, finding, first_found, limbs_at, place, places, wrong_side
from mtus_rules.facts.computed.imaging.study import Study, study
from mtus_rules.reading.text import Clause, Mention

__all__ = ["About", "read_about", "PLACES", "EVERY_PLACE", "LIMB_ANCHORS"]

PLACES = ("studied_region", "studied_spine", "studied_limb")
EVERY_PLACE = "any"  # the key of classes that count whatever the region or limb
# A limb is named by its own words or by the spine that supplies it ("cervical radiculopathy").
LIMB_ANCHORS = {
    "upper": ("upper_limb_anchors", "upper_limb_spine_words"),
    "lower": ("lower_limb_anchors", "lower_limb_spine_words"),
}
_TESTS = "img_provocative_tests"


@dataclass(frozen=True)
class About:
    """How one ``finding`` fact is read (see the module docstring)."""

    classes: Mapping[str, tuple[str, ...]]  # by region or limb, or under EVERY_PLACE
    about: str  # studied_region | studied_spine | studied_limb
    studies: tuple[str, ...]
    suspected: bool = False
    current: bool = False
    in_its_clause: bool = False
    needs_place: tuple[str, ...] = ()
    unplaced: bool = False
    besides: tuple[str, ...] = ()
    on_examination: bool = False
    with_: tuple[str, ...] = ()
    if_unsaid: bool | None = None


def read_about(ctx: Context, query: About) -> Fact | None:
    """The fact: true at the first finding about the studied place, else false at the first denied."""
    found = study(ctx, query.studies)
    if found is None:
        return None
    keys = found.limbs if query.about == "studied_limb" else found.regions
    if query.about == "studied_spine" and not found.spine:
        return None
    names = [name for key in (EVERY_PLACE, *sorted(keys)) for name in query.classes.get(key, ())]
    if not names or (query.about == "studied_region" and not found.regions):
        return None

    def read(source: Source) -> Iterator[Fact]:
        for name in names:
            for m in source.mentions(name):
                value = _qualified(query, source, m) if _placed(query, found, source, m) and _written(query, source, m) else None
                if value is not None:
                    yield finding(source, m, value)

    fact = first_found(ctx, read)
    if fact is None and query.if_unsaid is not None and ctx.record.clauses and keys:  # a place to be silent about
        return Fact(query.if_unsaid, "summary: none of " + ", ".join(f"@{name}" for name in names) + " is documented")
    return fact


def _written(query: About, source: Source, m: Mention) -> bool:
    """Written as an examination finding, in a sentence naming each class ``with`` asks for."""
    clause = source.clause_of(m)
    if query.on_examination and source.has("img_reported_words", [clause]):
        return False  # what the patient reports is a symptom, not an examination finding
    return all(source.has(name, source.sentence(clause)) for name in query.with_)


def _placed(query: About, found: Study, source: Source, m: Mention) -> bool:
    clause = source.clause_of(m)
    if query.about == "studied_spine":
        return True
    if query.about == "studied_limb":
        limbs = limbs_at(source, clause, LIMB_ANCHORS)
        return bool(limbs & found.limbs) or (query.unplaced and not limbs)
    here, others = places(found, spine=True)
    others = [*others, *query.besides]
    if wrong_side(found, source, clause):
        return False
    where = place(source, here, others, clause, m.start, sentence=not query.in_its_clause)
    if where != "none" or query.in_its_clause:
        return where == "here"
    named = not any(source.inside(name, m) for name in query.needs_place)
    return named or not any(source.text.hits(name) for name in others)  # or one region in the record


def _qualified(query: About, source: Source, m: Mention) -> bool | None:
    """The finding's value as its clause qualifies it: true, false (denied), or None (no finding)."""
    clause = source.clause_of(m)
    if query.suspected and _ordered(source, clause):
        return None  # "MRI to rule out a meniscal tear": the order's purpose, not a finding
    if source.inside(_TESTS, m):  # a provocative test counts with its result
        results = source.words("img_positive_result_words", clause)
        positive = any(not r.negated for r in results)
        negative = source.has("img_negative_result_words", [clause]) or any(r.negated for r in results)
        if m.negated or (negative and not positive):
            return False
        return True if positive and (query.suspected or not m.uncertain) else None
    if m.uncertain and not query.suspected:
        return None
    if query.current and not m.negated and source.has("img_past_words", [clause]):
        return None  # "status post fracture", "history of infection"
    return not m.negated


def _ordered(source: Source, clause: Clause) -> bool:
    scope = [clause]
    imaging = source.has("advanced_imaging", scope) or source.has("plain_radiographs", scope)
    return imaging and source.has("img_study_planned_words", scope)
