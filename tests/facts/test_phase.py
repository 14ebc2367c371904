"""The phase of care, and the facts about what goes with an item: another drug of its class,
the same item authorized before, the kind of operation and the region it asks for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.trace import Fact
from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog

DAY = dt.date(2017, 1, 10)


def found(catalog: Catalog, name: str, summary: str = "", items: tuple[str, ...] = ("Norco 10/325 #60",), **fields: Any) -> Fact | None:
    """The fact ``name`` for the first item, as the check finds it (the item's rule's terms)."""
    case = Case.model_validate({"summary": summary, "requests": list(items), **fields})
    match = catalog.matcher.match(case.requests[0].item, DAY)
    terms = catalog.terms(match.rule) if match else ()
    return catalog.finder.for_case(case, DAY).for_request(case.requests[0], terms, {}, {name}).get(name)


def phase(catalog: Catalog, summary: str = "", **fields: Any) -> str | None:
    fact = found(catalog, "phase_of_care", summary, **fields)
    return fact.value if fact else None


@pytest.mark.parametrize(
    ("summary", "injury", "expected"),
    [
        ("She underwent a right shoulder arthroscopy on 12/01/2016.", "2014-03-01", "postoperative"),
        ("He was seen post-operatively on 12/28/2016.", "2014-03-01", "postoperative"),
        ("She is status post ORIF of the left ankle on 11/20/2016.", None, "postoperative"),
        # an operation long ago, with a later visit's date in another sentence
        ("She underwent a right shoulder arthroscopy on 12/01/2014. On 12/20/2016 she has pain.", "2014-03-01", "chronic"),
        ("She is status post lumbar fusion in 2010 and was seen on 12/01/2016 for pain.", "2009-03-01", "chronic"),
        ("On 12/01/2016 she underwent a right shoulder arthroscopy.", "2014-03-01", "postoperative"),
        # a plan is no operation done
        ("Surgery is scheduled on 12/20/2016.", "2014-03-01", "chronic"),
        ("A urine drug screen was performed on 12/28/2016.", "2014-03-01", "chronic"),
        ("", "2016-12-01", "acute"),
        ("", "2014-12-01", "chronic"),
        ("X-rays on 12/15/2016 showed a distal radius fracture.", None, "acute"),
        # negated, or old: no acute injury
        ("X-rays on 12/15/2016 showed no fracture.", None, None),
        ("X-rays on 12/15/2016 showed a healed fracture.", None, None),
        ("", None, None),
    ],
)
def test_the_phase_of_care(catalog: Catalog, summary: str, injury: str | None, expected: str | None) -> None:
    assert phase(catalog, summary, injury_date=injury) == expected


def test_the_phase_names_its_evidence(catalog: Catalog) -> None:
    fact = found(catalog, "phase_of_care", "She underwent a right shoulder arthroscopy on 12/01/2016.")
    assert fact is not None and fact.source.endswith("(2016-12-01, 40 days before the request)")
    assert "arthroscopy" in fact.source


def test_an_unknown_phase_is_judged_as_chronic_by_its_declared_default(catalog: Catalog) -> None:
    from engine.evaluate import evaluate
    from engine.runtime import ReferenceEvaluator

    loaded = catalog.book.rule("opioids", DAY)
    assert loaded is not None
    verdict = evaluate(catalog.book, loaded, {}, DAY, ReferenceEvaluator())
    uses = {use.name: use for criterion in verdict.criteria for use in criterion.evidence}
    assert uses["phase_of_care"].value == "chronic"
    assert uses["phase_of_care"].source == "default: the record does not say otherwise"


@pytest.mark.parametrize(
    ("summary", "items", "expected"),
    [
        ("Current medications include ibuprofen 800 mg.", ("Naproxen 550mg #60",), True),
        ("She takes Motrin daily.", ("Naproxen 550mg #60",), True),
        ("", ("Naproxen 550mg #60", "Celecoxib 200mg #30"), True),
        ("Ibuprofen was discontinued for stomach upset.", ("Naproxen 550mg #60",), False),
        ("She takes naproxen 550 mg twice a day.", ("Naproxen 550mg #60",), False),
        ("She denies taking ibuprofen.", ("Naproxen 550mg #60",), False),
        ("", ("Naproxen 550mg #60",), False),
        ("She applies Voltaren gel to the knee.", ("Naproxen 550mg #60",), False),
        ("", ("Naproxen 550mg #60", "Ketoprofen 20% cream 240g"), False),
    ],
)
def test_another_nsaid(catalog: Catalog, summary: str, items: tuple[str, ...], expected: bool) -> None:
    fact = found(catalog, "other_nsaid_taken", summary, items)
    assert fact is not None and fact.value is expected


def test_another_nsaid_is_unknown_for_an_item_naming_no_nsaid(catalog: Catalog) -> None:
    assert found(catalog, "other_nsaid_taken", "She takes ibuprofen.", ("Norco 10/325 #60",)) is None


@pytest.mark.parametrize(
    ("sentence", "item", "expected"),
    [
        ("Utilization review certified the right shoulder arthroscopy on 12/01/2016.", "Right shoulder arthroscopy", True),
        ("The cold therapy unit was authorized on 12/01/2016.", "Cold therapy unit rental", True),
        # the denial under review, a partial decision, another side, another item
        ("Utilization review non-certified the right shoulder arthroscopy on 12/01/2016.", "Right shoulder arthroscopy", False),
        ("Utilization review modified the request and certified 6 sessions of the right shoulder arthroscopy.", "Right shoulder arthroscopy", False),
        ("The left shoulder arthroscopy was authorized in 2014.", "Right shoulder arthroscopy", False),
        ("The cold therapy unit was authorized on 12/01/2016.", "Right shoulder arthroscopy", False),
    ],
)
def test_the_same_item_authorized_before(catalog: Catalog, sentence: str, item: str, expected: bool) -> None:
    fact = found(catalog, "same_item_authorized", f"She has right shoulder pain. {sentence}", (item,))
    assert fact is not None and fact.value is expected


def test_the_rest_of_a_partly_certified_request_is_no_duplicate(catalog: Catalog) -> None:
    case = Case.model_validate({
        "summary": "The cold therapy unit was authorized for 7 days.",
        "requests": [{"item": "Cold therapy unit, 14 more days", "original": "Cold therapy unit, 21 days", "authorized": "7 days"}],
    })
    match = catalog.matcher.match(case.requests[0].item, DAY)
    assert match is not None
    fact = catalog.finder.for_case(case, DAY).for_request(case.requests[0], catalog.terms(match.rule), {}, {"same_item_authorized"})
    assert fact["same_item_authorized"].value is False


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Right shoulder arthroscopic labral repair", True),
        ("Right shoulder Bankart repair", True),
        ("Right shoulder rotator cuff repair and labral repair", False),
        ("Right shoulder arthroscopy with subacromial decompression", False),
    ],
)
def test_an_instability_repair(catalog: Catalog, item: str, expected: bool) -> None:
    fact = found(catalog, "instability_repair_requested", items=(item,))
    assert fact is not None and fact.value is expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Physical therapy 3x4 for the right knee", "knee"),
        ("Physical therapy for the lumbar spine and left shoulder", "several"),
        ("Physical therapy 12 sessions", None),
    ],
)
def test_the_region_an_item_asks_for(catalog: Catalog, item: str, expected: str | None) -> None:
    fact = found(catalog, "requested_region", items=(item,))
    assert (fact.value if fact else None) == expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("He has recurrent dislocations of the right shoulder.", True),
        ("He denies shoulder instability.", False),
        ("There is no recurrent subluxation.", False),
    ],
)
def test_shoulder_instability_and_its_negation(catalog: Catalog, summary: str, expected: bool) -> None:
    fact = found(catalog, "shoulder_instability", summary, ("Right shoulder Bankart repair",))
    assert fact is not None and fact.value is expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("She sustained a left distal radius fracture.", True),
        ("X-rays of the wrist showed no distal radius fracture.", False),
        ("She sustained a fracture of the left ankle.", None),
    ],
)
def test_wrist_fracture_and_its_negation(catalog: Catalog, summary: str, expected: bool | None) -> None:
    fact = found(catalog, "wrist_fracture", summary, ("Left carpal tunnel release",))
    assert (fact.value if fact else None) is expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("She sustained a nondisplaced fracture of the fifth metatarsal.", True),
        ("X-rays were negative for fracture.", False),
    ],
)
def test_a_fracture_and_its_negation(catalog: Catalog, summary: str, expected: bool) -> None:
    fact = found(catalog, "fracture", summary)
    assert fact is not None and fact.value is expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("He sprained the right knee stepping off a ladder.", True),
        ("There is no sprain; the MRI shows a meniscal tear.", False),
    ],
)
def test_a_sprain_or_strain_and_its_negation(catalog: Catalog, summary: str, expected: bool) -> None:
    fact = found(catalog, "sprain_or_strain", summary, ("Physical therapy for the right knee",))
    assert fact is not None and fact.value is expected
