"""FHIR R4 resources to a Case: each resource kind, and what is refused with its location."""

from __future__ import annotations

import datetime as dt

import pytest

from mtus_rules.service.fhir import FhirError, case_of, orders_of
from tests.service.fhir_cases import PATIENT, bundle, medication_request, note, service_request

DAY = dt.date(2016, 12, 1)
SUBJECT = {"reference": f"Patient/{PATIENT}"}


def test_orders_become_items_with_their_quantity_and_body_site() -> None:
    mri = {**service_request("MRI", DAY, "s1"), "bodySite": [{"text": "lumbar spine"}]}
    pt = {**service_request("Physical therapy", DAY, "s2"), "quantityQuantity": {"value": 12}}
    coded = {**medication_request("x", DAY, "m2"), "medicationCodeableConcept": {"coding": [{"display": "Zolpidem 10 MG"}]}}
    orders = orders_of(bundle([medication_request("Clonazepam 2 MG", DAY, "m1", 120), mri, pt, coded]))
    assert [(o.reference, o.item, o.authored) for o in orders] == [
        ("MedicationRequest/m1", "Clonazepam 2 MG #120", DAY),
        ("ServiceRequest/s1", "MRI lumbar spine", DAY),
        ("ServiceRequest/s2", "Physical therapy #12", DAY),
        ("MedicationRequest/m2", "Zolpidem 10 MG", DAY),
    ]


def test_an_order_that_names_nothing_is_refused() -> None:
    order = service_request("x", DAY, "s1")
    del order["code"]
    with pytest.raises(FhirError, match=r"^context.draftOrders.entry\[0\]: the ServiceRequest names nothing"):
        orders_of(bundle([order]))


def test_the_prefetch_becomes_the_record() -> None:
    prefetch = {
        "patient": {"resourceType": "Patient", "id": PATIENT, "birthDate": "1955-06-01"},
        "conditions": bundle(
            [
                {"resourceType": "Condition", "subject": SUBJECT, "code": {"text": "Generalized anxiety disorder"}},
                {
                    "resourceType": "Condition",
                    "subject": SUBJECT,
                    "code": {"text": "Seizure disorder"},
                    "verificationStatus": {"coding": [{"code": "refuted"}]},
                },
            ],
            "searchset",
        ),
        "medications": bundle(
            [
                {
                    "resourceType": "MedicationStatement",
                    "status": "completed",
                    "subject": SUBJECT,
                    "medicationCodeableConcept": {"text": "Sertraline 50 mg"},
                    "effectivePeriod": {"start": "2016-01-05", "end": "2016-04-01"},
                },
                {**medication_request("Clonazepam 1 mg", dt.date(2016, 5, 2), "old"), "status": "active"},
            ],
            "searchset",
        ),
        "procedures": {
            "resourceType": "Procedure",
            "status": "completed",
            "subject": SUBJECT,
            "code": {"text": "Physical therapy"},
            "performedDateTime": "2016-03-01",
            "outcome": {"coding": [{"system": "http://snomed.info/sct", "code": "385671000"}]},
        },
        "observations": bundle(
            [
                {"resourceType": "Observation", "status": "final", "code": {"text": "Straight leg raise"}, "valueString": "positive on the left"},
                {"resourceType": "Observation", "status": "final", "code": {"text": "Hemoglobin"}, "valueQuantity": {"value": 9.1, "unit": "g/dL"}},
            ],
            "searchset",
        ),
        "notes": bundle(
            [
                note("Sertraline failed after three months."),
                {"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"contentType": "application/pdf", "data": "JVBERi0="}}],
                 "text": {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml"><p>Anxiety <b>persists</b>.</p></div>'}},
            ],
            "searchset",
        ),
        "unavailable": None,
    }
    orders = orders_of(bundle([medication_request("Clonazepam 2 MG", DAY, "m1", 120)]))
    case = case_of(orders, prefetch, DAY, "c1")
    assert (case.case_id, case.request_date, [r.item for r in case.requests]) == ("c1", DAY, ["Clonazepam 2 MG #120"])
    assert case.diagnoses == ["Generalized anxiety disorder"]
    assert [(m.name, m.started, m.stopped) for m in case.medications] == [
        ("Sertraline 50 mg", dt.date(2016, 1, 5), dt.date(2016, 4, 1)),
        ("Clonazepam 1 mg", dt.date(2016, 5, 2), None),
    ]
    assert [(t.name, t.date, t.outcome) for t in case.treatments] == [("Physical therapy", dt.date(2016, 3, 1), "failed")]
    assert case.findings == ["Straight leg raise: positive on the left", "Hemoglobin: 9.1 g/dL"]
    paragraphs = case.summary.split("\n\n")
    assert paragraphs[0] == "The patient is a 61-year-old."
    assert paragraphs[1] == "Sertraline failed after three months."
    assert " ".join(paragraphs[2].split()) == "Anxiety persists ."


def test_no_prefetch_leaves_the_record_empty() -> None:
    case = case_of(orders_of(bundle([service_request("CBC", DAY, "s1")])), None, DAY)
    assert (case.summary, case.diagnoses, case.medications) == ("", [], [])


@pytest.mark.parametrize(
    ("prefetch", "message"),
    [
        ({"notes": "text"}, "prefetch.notes: not a FHIR resource (a JSON object with a resourceType)"),
        ({"notes": {"resourceType": "Element"}}, "prefetch.notes: unknown FHIR resource type 'Element'"),
        (
            {"patient": {"resourceType": "Patient", "birthDate": "June 1955"}},
            "prefetch.patient: invalid Patient: birthDate: Value error, Date value string does not match spec regex.",
        ),
    ],
)
def test_bad_prefetch_is_refused_with_its_key(prefetch: dict, message: str) -> None:
    with pytest.raises(FhirError) as caught:
        case_of([], prefetch, DAY)
    assert str(caught.value) == message
