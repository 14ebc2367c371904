"""Medication facts computed from an item and the record: ingredients of a compound, whether
the requested drug helped, and the monitoring of opioid use (done, not merely planned).

Facts are called by their registered names, the names ``rules/facts`` uses."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import pytest

from mtus_rules.case.model import Case
from mtus_rules.facts.computed import (
    registry,
    Context,
    attribution,
    medication_indication,
    medication_items,
    medication_monitoring,
    medication_weeks,
)
from mtus_rules.facts.computed.medication_items import ingredients, requested_generics
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.record import analyze
from mtus_rules.reading.text import Mention, longest_first
from mtus_rules.reading.vocabulary import Vocabulary, load_vocabulary
from tests.conftest import RULES

DAY = dt.date(2017, 1, 10)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return load_vocabulary(RULES)


def context(item: str = "Norco 10/325mg #90", **fields: Any) -> Context:
    """An item's context as the check makes it: the record indexed once, a per-case cache."""
    case = Case.model_validate({"requests": [{"item": item}], **fields})
    record = analyze(case.summary)
    return Context(case, case.requests[0], record, DAY, vocabulary(), index=lexicon_of(vocabulary()).index(record))


def value(found: Any) -> Any:
    return None if found is None else found.value


def fact(name: str) -> Any:
    return registry()[name].function


def test_every_class_the_facts_read_is_in_the_vocabulary() -> None:
    """A class missing from the vocabulary would leave its fact unknown without a word."""
    modules = (medication_items, medication_indication, medication_monitoring, medication_weeks, attribution)
    assert sorted(set().union(*(m.CLASSES for m in modules)) - vocabulary().classes.keys()) == []


def test_a_class_is_read_longest_first() -> None:
    """"urine drug" and "drug screen" are inside "urine drug screen": one mention, as read."""
    ctx = context(summary="A urine drug screen was done.")
    assert len(ctx.text.mentions("urine_drug_tests")) > 1  # the index finds the phrases inside too
    (mention,) = longest_first(ctx.text.mentions("urine_drug_tests"))
    assert ctx.record.text[mention.start : mention.end] == "urine drug screen"


def test_a_phrase_of_two_classes_is_kept_under_each() -> None:
    spans = [Mention("a", 0, 5, 0, False, False), Mention("b", 0, 5, 0, False, False), Mention("a", 2, 5, 0, False, False)]
    assert [m.label for m in longest_first(spans)] == ["a", "b"]


# --- what a compound contains ---------------------------------------------------------------


def test_the_ingredients_of_a_five_drug_cream() -> None:
    item = "Flurbiprofen 20%, Baclofen 5%, Dexamethasone 2%, Menthol 2%, Capsaicin 0.025% in cream base"
    expected = ["flurbiprofen", "baclofen", "dexamethasone", "menthol", "capsaicin"]
    assert ingredients(item, vocabulary()) == (expected, [])


def test_an_ingredient_the_vocabulary_does_not_know_is_kept_apart() -> None:
    found = ingredients("Diclofenac 3%, Hyaluronic acid 0.2% gel", vocabulary())
    assert found == (["diclofenac"], ["Hyaluronic acid"])


def test_the_vehicle_is_not_an_ingredient() -> None:
    assert ingredients("Flurbiprofen in cream base 20%", vocabulary()) == (["flurbiprofen"], [])


def test_a_brand_is_read_as_its_generic() -> None:
    assert requested_generics("Voltaren 1% gel", vocabulary()) == ["diclofenac"]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # "Any compounded product that contains at least one drug (or drug class) that is not
        # recommended is not recommended." (CPMTG Topical analgesics)
        ("Flurbiprofen 20%, Baclofen 5%, Dexamethasone 2%, Menthol 2%, Capsaicin 0.025% in cream base", True),
        ("Gabapentin 10%, Cyclobenzaprine 6%, Bupivacaine 5% in cream base", True),
        ("Cyclobenzaprine 5% in cream base 240g", True),
        ("Ketoprofen 20% in cream base 240g", True),  # not FDA approved for topical use
        ("Lidocaine 5% ointment", True),  # lidocaine only as a dermal patch
        ("Lidocaine 5% patch #30", False),
        ("Voltaren 1% gel", False),
        ("Capsaicin 0.025% cream", False),
        ("Menthol 10% cream", None),  # the guideline does not address menthol
        ("Terocin patch", None),  # no ingredient named
    ],
)
def test_a_topical_ingredient_not_recommended(item: str, expected: bool | None) -> None:
    assert value(fact("topical_unrecommended_ingredient")(context(item))) is expected


def test_only_nsaids_and_capsaicin() -> None:
    assert value(fact("topical_only_nsaids")(context("Ketoprofen 20% in cream base"))) is True
    assert value(fact("topical_only_nsaids")(context("Flurbiprofen 20%, Capsaicin 0.025% cream"))) is False
    assert value(fact("topical_has_capsaicin")(context("Flurbiprofen 20%, Capsaicin 0.025% cream"))) is True
    assert value(fact("topical_has_capsaicin")(context("Voltaren gel"))) is False
    # a product is read as its ingredients (rules/vocabulary/products.yaml): none is an NSAID
    assert value(fact("topical_only_nsaids")(context("Terocin patch"))) is False


# --- a joint that lends itself to topical NSAIDs ----------------------------------------------


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("She has osteoarthritis of the right knee.", True),
        ("Diagnoses: lateral epicondylitis.", True),
        ("The diagnosis is a lumbar sprain and strain.", False),
        ("He has osteoarthritis of the hip.", False),
        ("He has low back pain.", None),
        ("There is no arthritis of the knee.", None),
    ],
)
def test_topical_nsaid_indication(summary: str, expected: bool | None) -> None:
    assert value(fact("topical_nsaid_indication")(context("Voltaren gel", summary=summary))) is expected


def test_a_diagnosis_field_names_the_joint() -> None:
    ctx = context("Voltaren gel", diagnoses=["Primary osteoarthritis, left ankle"])
    assert value(fact("topical_nsaid_indication")(ctx)) is True


# --- the item's drug class ------------------------------------------------------------------


def test_class_of_the_requested_drug() -> None:
    assert value(fact("requested_is_ssri")(context("Zoloft 50mg #30"))) is True
    assert value(fact("requested_is_ssri")(context("Cymbalta 60mg #30"))) is False
    assert value(fact("requested_is_cox2")(context("Celebrex 200mg"))) is True
    assert value(fact("requested_not_recommended")(context("Soma 350mg #60"))) is True
    assert value(fact("requested_not_recommended")(context("Theramine #90"))) is True
    assert value(fact("requested_not_recommended")(context("Cyclobenzaprine 5mg"))) is False


# --- whether the requested drug helped ----------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Norco reduces her pain from 8/10 to 4/10.", True),
        ("Pain is 4/10 with Norco and 8/10 without.", True),
        ("Pain is 8/10 without and 4/10 with Norco.", True),
        ("Hydrocodone helps her to walk longer.", True),
        ("Norco provides no relief.", False),
        ("Hydrocodone was not helpful.", False),
        ("She takes Norco.", None),
        ("She denies taking Norco. Medications help.", None),
        ("Tramadol helps.", None),  # another drug
        # "medications" speaks of the drugs the record names as taken
        ("She takes Norco. Pain is 7/10 without medications and 3/10 with medications.", True),
        ("She takes Norco. Pain is 3/10 without medications and 7/10 with medications.", False),
        ("Pain is 7/10 without medications and 3/10 with medications.", None),
        ("She takes Norco. Pain is 7/10 without medications and 3/10 with ibuprofen.", None),
    ],
)
def test_requested_drug_helped(summary: str, expected: bool | None) -> None:
    assert value(fact("requested_drug_helped")(context("Norco 10/325mg #90", summary=summary))) is expected


def test_a_medications_entry_outcome_wins() -> None:
    entry = {"name": "Norco 10/325", "outcome": "failed"}
    ctx = context(summary="Norco reduces her pain from 8/10 to 4/10.", medications=[entry])
    assert value(fact("requested_drug_helped")(ctx)) is False


# --- monitoring of opioid use ----------------------------------------------------------------


def test_a_recent_urine_drug_screen() -> None:
    ctx = context(summary="A urine drug screen on 11/02/2016 was consistent with prescribed medications.")
    assert value(fact("urine_drug_test_documented")(ctx)) is True
    assert value(fact("prior_urine_drug_test")(ctx)) is True
    assert value(fact("weeks_since_urine_drug_test")(ctx)) == pytest.approx(9.9)


def test_a_planned_urine_drug_screen_is_not_one_done() -> None:
    ctx = context(summary="The treatment plan included a urine drug screen and an MRI.")
    assert fact("urine_drug_test_documented")(ctx) is None
    assert fact("prior_urine_drug_test")(ctx) is None


def test_no_urine_drug_screen_done() -> None:
    ctx = context(summary="No urine drug screen has been performed.")
    assert value(fact("urine_drug_test_documented")(ctx)) is False
    assert value(fact("prior_urine_drug_test")(ctx)) is False
    assert fact("weeks_since_urine_drug_test")(ctx) is None


def test_an_old_urine_drug_screen_is_not_recent() -> None:
    ctx = context(summary="On March 1, 2016, a urine drug screen was consistent.")
    assert value(fact("urine_drug_test_documented")(ctx)) is False
    assert value(fact("prior_urine_drug_test")(ctx)) is True


def test_a_treatments_entry_dates_the_test() -> None:
    ctx = context(treatments=[{"name": "Urine drug screen", "date": "2016-12-01"}])
    assert value(fact("urine_drug_test_documented")(ctx)) is True
    assert value(fact("weeks_since_urine_drug_test")(ctx)) == pytest.approx(5.7)


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("The CURES report was reviewed and was appropriate.", True),
        ("CURES was not checked.", False),
        ("Nothing cures his pain.", None),  # a verb, not the program
        ("A CURES report will be requested.", None),  # planned
    ],
)
def test_cures(summary: str, expected: bool | None) -> None:
    assert value(fact("cures_documented")(context(summary=summary))) is expected


def test_side_effects_and_aberrant_behavior_documented_either_way() -> None:
    ctx = context(summary="She denies side effects. There is no aberrant behavior.")
    assert value(fact("adverse_effects_documented")(ctx)) is True
    assert value(fact("aberrant_behavior_documented")(ctx)) is True
    silent = context(summary="She takes Norco for back pain.")
    assert fact("adverse_effects_documented")(silent) is None
    assert fact("aberrant_behavior_documented")(silent) is None


def test_a_screen_found_to_be_consistent_was_done() -> None:
    """"to be" is no plan word here (it was one in the module's own list of plan words)."""
    ctx = context(summary="On 12/01/2016 the urine drug screen was found to be consistent.")
    assert value(fact("urine_drug_test_documented")(ctx)) is True


def test_a_negative_screen_was_done() -> None:
    ctx = context(summary="On 12/01/2016 the urine drug screen was negative for illicit substances.")
    assert value(fact("urine_drug_test_documented")(ctx)) is True


# --- weeks on a drug class ----------------------------------------------------------------------


def test_weeks_on_opioids_from_the_earliest_dated_note() -> None:
    ctx = context(summary="On 10/28/2016, the medication list included Norco. On 11/08/2016, she was on Norco.")
    assert value(fact("opioid_weeks")(ctx)) == pytest.approx(10.6)


def test_a_sentence_about_a_plan_is_not_use() -> None:
    """"Plan: continue Norco": the drug's clause has no plan word, its sentence has."""
    ctx = context(summary="On 10/28/2016, plan: Norco 10/325. On 12/20/2016 she takes Norco.")
    assert value(fact("opioid_weeks")(ctx)) == pytest.approx(3.0)


def test_the_facts_of_a_case_are_read_once_for_its_items() -> None:
    ctx = context(summary="A urine drug screen on 11/02/2016 was consistent.")
    fact("urine_drug_test_documented")(ctx)
    assert ctx.cache  # the next item of the case reads what this one found
    again = Context(ctx.case, ctx.request, ctx.record, DAY, ctx.vocabulary, index=ctx.text, cache=ctx.cache)
    assert fact("urine_drug_test_documented")(again) == fact("urine_drug_test_documented")(ctx)
