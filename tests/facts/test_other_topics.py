"""Facts of the topics added for items no rule covered: affirmed, negated, and products
read as their ingredients."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog

DAY = dt.date(2017, 1, 10)


def value(catalog: Catalog, name: str, summary: str, request: str = "Office visit") -> Any:
    case = Case.model_validate({"summary": summary, "requests": [request]})
    found = catalog.finder.for_case(case, DAY).for_request(case.requests[0])
    return found[name].value if name in found else None


@pytest.mark.parametrize(
    ("name", "affirmed", "negated"),
    [
        ("head_injury_signs", "He had loss of consciousness after the fall.", "There was no loss of consciousness."),
        ("traumatic_brain_injury", "She sustained a concussion.", "He denies any head injury."),
        ("neurologic_deterioration", "He has had staring spells since the injury.", "There have been no seizures."),
        ("lumbar_support_condition", "Radiographs show spondylolisthesis at L4-5.", "There is no spondylolisthesis."),
        ("wrist_splint_condition", "The diagnosis is carpal tunnel syndrome.", "Carpal tunnel syndrome was not found."),
        ("neck_pain", "She reports neck pain.", "He denies neck pain."),
        ("lateral_epicondylitis", "Exam is consistent with lateral epicondylitis.", "There is no lateral epicondylitis."),
        ("hearing_loss", "The audiogram shows hearing loss.", "He denies hearing loss."),
        ("musculoskeletal_pain", "He reports low back pain.", "She denies pain."),
        ("cervical_dystonia", "The diagnosis is cervical dystonia.", "There is no cervical dystonia."),
        ("sleep_disorder_signs", "He has excessive daytime sleepiness.", "She denies snoring."),
        ("orthotic_condition", "The diagnosis is plantar fasciitis.", "There is no plantar fasciitis."),
        ("pain_program_evaluation_done", "A multidisciplinary evaluation was completed.", "No multidisciplinary evaluation has been done."),
        ("significant_functional_loss", "He is unable to work.", "There is no loss of function."),
        ("program_motivation", "She is motivated to return to work.", "He is not motivated."),
        ("condition_industrially_related", "He reports erectile dysfunction secondary to opioid use.", "He has no opioid-induced erectile dysfunction."),
    ],
)
def test_a_finding_is_true_when_written_and_false_when_denied(catalog: Catalog, name: str, affirmed: str, negated: str) -> None:
    assert value(catalog, name, affirmed) is True
    assert value(catalog, name, negated) is False
    assert value(catalog, name, "The worker is here for a follow-up.") is None


def test_a_cause_alone_or_outside_the_claim_does_not_tie_the_condition_to_it(catalog: Catalog) -> None:
    summary = "He has opioid-induced constipation and low back pain related to the industrial injury. He reports erectile dysfunction due to diabetes."
    assert value(catalog, "condition_industrially_related", summary) is None


def test_home_exercise_done_is_read_from_the_treatment_history(catalog: Catalog) -> None:
    assert value(catalog, "home_exercise_done", "She performs a home exercise program daily.") is True


def test_a_products_ingredients_decide_the_compound_facts(catalog: Catalog) -> None:
    """Terocin lotion carries lidocaine in a form other than a dermal patch (not recommended);
    Medrox carries menthol, which the guideline does not address (unknown, not false)."""
    assert value(catalog, "topical_unrecommended_ingredient", "Low back pain.", "Terocin lotion 120 ml") is True
    assert value(catalog, "topical_unrecommended_ingredient", "Low back pain.", "Medrox ointment") is None
    assert value(catalog, "topical_has_capsaicin", "Low back pain.", "Medrox ointment") is True


def test_a_positioning_pillow_is_no_durable_medical_equipment(catalog: Catalog) -> None:
    """Useful to anyone, so not DME by Medicare's definition, as a bath chair is not."""
    assert value(catalog, "item_medicare_dme", "Low back pain.", "Wedge pillow") is False
    assert value(catalog, "item_medicare_dme", "Low back pain.", "Standard wheelchair") is True
