"""Case files written as FHIR R4, the way an EHR would send them in a CDS Hooks request.

The summary becomes a clinical note (a DocumentReference with base64 text), diagnoses
Conditions, medications MedicationStatements, requested items draft orders: a drug as a
MedicationRequest (its quantity in the dispense request), anything else as a ServiceRequest.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

from mtus_rules.case.model import Case

PATIENT = "example-patient"
_DRUG_WITH_COUNT = re.compile(r"^(?P<name>.+?)\s*#\s*(?P<n>\d+)$")


def _order(kind: str, rid: str, day: dt.date, **fields: Any) -> dict[str, Any]:
    return {
        "resourceType": kind,
        "id": rid,
        "status": "draft",
        "intent": "order",
        "subject": {"reference": f"Patient/{PATIENT}"},
        "authoredOn": day.isoformat(),
        **fields,
    }


def medication_request(text: str, day: dt.date, rid: str, quantity: int | None = None) -> dict[str, Any]:
    dispense = {"dispenseRequest": {"quantity": {"value": quantity}}} if quantity is not None else {}
    return _order("MedicationRequest", rid, day, medicationCodeableConcept={"text": text}, **dispense)


def service_request(text: str, day: dt.date, rid: str) -> dict[str, Any]:
    return _order("ServiceRequest", rid, day, code={"text": text})


def bundle(resources: list[dict[str, Any]], kind: str = "collection") -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": kind, "entry": [{"resource": r} for r in resources]}


def note(text: str) -> dict[str, Any]:
    data = base64.b64encode(text.encode()).decode()
    return {
        "resourceType": "DocumentReference",
        "status": "current",
        "subject": {"reference": f"Patient/{PATIENT}"},
        "content": [{"attachment": {"contentType": "text/plain; charset=utf-8", "data": data}}],
    }


def hook_request(case: Case, day: dt.date, drugs: set[str], hook: str = "order-sign") -> dict[str, Any]:
    """A CDS Hooks request for ``case``; items in ``drugs`` are MedicationRequests."""
    orders = []
    for i, request in enumerate(case.requests):
        if request.item in drugs:
            match = _DRUG_WITH_COUNT.match(request.item)
            name, count = (match["name"], int(match["n"])) if match else (request.item, None)
            orders.append(medication_request(name, day, f"order-{i}", count))
        else:
            orders.append(service_request(request.item, day, f"order-{i}"))
    statements = [
        {
            "resourceType": "MedicationStatement",
            "status": "active",
            "subject": {"reference": f"Patient/{PATIENT}"},
            "medicationCodeableConcept": {"text": m.name},
            **({"effectivePeriod": {"start": m.started.isoformat()}} if m.started else {}),
        }
        for m in case.medications
    ]
    conditions = [
        {"resourceType": "Condition", "subject": {"reference": f"Patient/{PATIENT}"}, "code": {"text": d}} for d in case.diagnoses
    ]
    return {
        "hook": hook,
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/example", "patientId": PATIENT, "draftOrders": bundle(orders)},
        "prefetch": {
            "patient": {"resourceType": "Patient", "id": PATIENT},
            "conditions": bundle(conditions, "searchset"),
            "medicationStatements": bundle(statements, "searchset"),
            "notes": bundle([note(case.summary)] if case.summary else [], "searchset"),
            "procedures": None,
        },
    }
