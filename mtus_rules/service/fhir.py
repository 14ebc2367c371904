"""FHIR R4 resources to the project's ``Case``: the one place that knows FHIR.

Every resource is validated with the fhir.resources models (its R4B package: R4 plus a few
resources this service does not read; the ones read here have R4's shape). Draft orders
become requested items; the prefetch becomes the record: conditions are diagnoses,
medication history is medications, procedures are treatments, observations are findings,
clinical notes (``DocumentReference`` text, inline or base64) and the patient's age are
the summary. What is not given stays unknown, as in a case file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from mtus_rules.case.model import Case, Medication, Request, Treatment

__all__ = ["FhirError", "Order", "ORDER_TYPES", "RECORD_TYPES", "orders_of", "case_of"]

ORDER_TYPES = ("MedicationRequest", "ServiceRequest")
RECORD_TYPES = ("Patient", "Condition", "MedicationStatement", "MedicationRequest", "Procedure", "Observation", "DocumentReference")
_NOT_SO = {"refuted", "entered-in-error"}
# SNOMED CT procedure outcomes (the value set FHIR suggests for Procedure.outcome).
_OUTCOMES = {"385669000": "helped", "385671000": "failed"}
_TAGS = re.compile(r"<[^>]+>")


class FhirError(ValueError):
    """A resource that is not valid FHIR R4, or not one this service reads; says where."""


@dataclass(frozen=True)
class Order:
    """A draft order: its reference (``MedicationRequest/123``), the item as text, and its date."""

    reference: str
    item: str
    authored: dt.date | None


def orders_of(draft_orders: Any, where: str = "context.draftOrders") -> list[Order]:
    """The orders of a draft-orders Bundle, in the Bundle's order."""
    bundle = _validate_bundle(draft_orders, where)
    orders = []
    for i, resource in enumerate(_resources(bundle)):
        kind = resource.get_resource_type()
        if kind not in ORDER_TYPES:
            raise FhirError(f"{where}.entry[{i}]: a {kind}; draft orders are {' or '.join(ORDER_TYPES)}")
        item = _medication_item(resource) if kind == "MedicationRequest" else _service_item(resource)
        if not item:
            raise FhirError(f"{where}.entry[{i}]: the {kind} names nothing (no code or medication text or display)")
        orders.append(Order(f"{kind}/{resource.id or i}", item[:2000], _day(getattr(resource, "authoredOn", None))))
    return orders


def case_of(orders: list[Order], prefetch: Mapping[str, Any] | None, day: dt.date, case_id: str | None = None) -> Case:
    """The case the orders make with the record in ``prefetch`` (each value a resource or a Bundle)."""
    record: dict[str, list[Resource]] = {kind: [] for kind in RECORD_TYPES}
    for key, value in (prefetch or {}).items():
        if value is None:  # the EHR could not prefetch it
            continue
        for resource in _prefetched(value, f"prefetch.{key}"):
            if resource.get_resource_type() in record:
                record[resource.get_resource_type()].append(resource)
    medications = [*record["MedicationStatement"], *record["MedicationRequest"]]
    return Case(
        case_id=case_id,
        request_date=day,
        summary="\n\n".join([*_age(record["Patient"], day), *filter(None, map(_note, record["DocumentReference"]))])[:200_000],
        diagnoses=[text[:2000] for c in record["Condition"] if (text := _diagnosis(c))],
        medications=[m for r in medications if (m := _medication(r))],
        treatments=[t for r in record["Procedure"] if (t := _treatment(r))],
        findings=[f for r in record["Observation"] if (f := _finding(r))],
        requests=[Request(item=order.item) for order in orders],
    )


# --- validation -----------------------------------------------------------------------------


def _validate(data: Any, where: str) -> Resource:
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        raise FhirError(f"{where}: not a FHIR resource (a JSON object with a resourceType)")
    try:
        model = get_fhir_model_class(data["resourceType"])
    except ValueError:
        model = None
    if model is None or not issubclass(model, Resource):
        raise FhirError(f"{where}: unknown FHIR resource type {data['resourceType'][:64]!r}")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise FhirError(f"{where}: invalid {data['resourceType']}: {_problems(error)}") from None
    except (ValueError, TypeError) as error:  # the models' own checks, outside pydantic's
        raise FhirError(f"{where}: invalid {data['resourceType']} ({type(error).__name__})") from None


def _validate_bundle(data: Any, where: str) -> Bundle:
    resource = _validate(data, where)
    if not isinstance(resource, Bundle):
        raise FhirError(f"{where}: a {resource.get_resource_type()}; expected a Bundle")
    return resource


def _problems(error: ValidationError) -> str:
    shown = [f"{'.'.join(map(str, e['loc'])) or '(resource)'}: {e['msg'].split(chr(10))[0].strip()}" for e in error.errors()[:5]]
    more = error.error_count() - len(shown)
    return "; ".join(shown) + (f" (and {more} more)" if more > 0 else "")


def _prefetched(value: Any, where: str) -> Iterator[Resource]:
    resource = _validate(value, where)
    yield from _resources(resource) if isinstance(resource, Bundle) else [resource]


def _resources(bundle: Bundle) -> Iterator[Resource]:
    for entry in bundle.entry or []:
        if entry.resource is not None:
            yield entry.resource


# --- reading resources ---------------------------------------------------------------------------


def _text(concept: CodeableConcept | None) -> str | None:
    if concept is None:
        return None
    if concept.text:
        return concept.text.strip()
    return next((c.display.strip() for c in concept.coding or [] if c.display), None)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _medication_name(resource: Any) -> str | None:
    reference = resource.medicationReference
    return _text(resource.medicationCodeableConcept) or (reference.display if reference else None)


def _medication_item(request: Any) -> str | None:
    name = _medication_name(request)
    quantity = request.dispenseRequest.quantity if request.dispenseRequest else None
    return _with_count(name, quantity.value if quantity else None)


def _service_item(request: Any) -> str | None:
    name = _text(request.code)
    sites = [site for site in map(_text, request.bodySite or []) if site and name and site.lower() not in name.lower()]
    quantity = request.quantityQuantity.value if request.quantityQuantity else None
    return _with_count(" ".join([name, *sites]) if name else None, quantity)


def _with_count(name: str | None, count: Any) -> str | None:
    if name and count is not None and "#" not in name:
        return f"{name} #{int(count) if float(count).is_integer() else count}"
    return name


def _age(patients: Iterable[Any], day: dt.date) -> list[str]:
    for patient in patients:
        born = _day(patient.birthDate)
        if born:
            years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
            return [f"The patient is a {years}-year-old."]
    return []


def _note(document: Any) -> str | None:
    if document.status == "entered-in-error":
        return None
    texts = []
    for content in document.content or []:
        attachment = content.attachment
        if attachment.data and (attachment.contentType or "text/plain").startswith("text/"):
            texts.append(attachment.data.decode("utf-8", errors="replace"))
    if not texts and document.text is not None:
        texts.append(_TAGS.sub(" ", document.text.div))
    return "\n".join(t.strip() for t in texts if t.strip()) or None


def _diagnosis(condition: Any) -> str | None:
    status = _codes(condition.verificationStatus)
    return None if status & _NOT_SO else _text(condition.code)


def _codes(concept: CodeableConcept | None) -> set[str]:
    return {c.code for c in (concept.coding or []) if c.code} if concept else set()


def _medication(resource: Any) -> Medication | None:
    name = _medication_name(resource)
    if not name or resource.status == "entered-in-error":
        return None
    period = getattr(resource, "effectivePeriod", None)
    started = _day(period.start) if period else _day(getattr(resource, "effectiveDateTime", None) or getattr(resource, "authoredOn", None))
    stopped = _day(period.end) if period else None
    return Medication(name=name[:2000], started=started, stopped=stopped)


def _treatment(procedure: Any) -> Treatment | None:
    name = _text(procedure.code)
    if not name or procedure.status in ("entered-in-error", "not-done"):
        return None
    day = _day(procedure.performedDateTime) or (_day(procedure.performedPeriod.start) if procedure.performedPeriod else None)
    outcome = next((_OUTCOMES[c] for c in _codes(procedure.outcome) if c in _OUTCOMES), None)
    return Treatment(name=name[:2000], date=day, outcome=outcome)


def _finding(observation: Any) -> str | None:
    name = _text(observation.code)
    if not name or observation.status == "entered-in-error":
        return None
    value = _observed(observation)
    return (f"{name}: {value}" if value else name)[:2000]


def _observed(observation: Any) -> str | None:
    if observation.valueQuantity is not None and observation.valueQuantity.value is not None:
        unit = observation.valueQuantity.unit or ""
        return f"{observation.valueQuantity.value} {unit}".strip()
    if observation.valueCodeableConcept is not None:
        return _text(observation.valueCodeableConcept)
    for name in ("valueString", "valueBoolean", "valueInteger"):
        value = getattr(observation, name)
        if value is not None:
            return str(value) if not isinstance(value, bool) else ("positive" if value else "negative")
    return _text(observation.interpretation[0]) if observation.interpretation else None
