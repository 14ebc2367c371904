"""CDS Hooks 2.0: the discovery document, the shape of a hook request, and cards from a check.

One service per hook: ``order-select`` judges the orders the clinician selected,
``order-sign`` every draft order. A card per order says the decision, the criteria not met
or not documented with their citations, and what to document as suggestions.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.approve import Approval
from engine.logic import Status
from mtus_rules.check.approval import said, why_not
from mtus_rules.check.judge import ItemResult
from mtus_rules.service.fhir import Order

__all__ = ["SERVICES", "HookRequest", "discovery", "card"]

SOURCE = "mtus-check (California MTUS rules)"
_PATIENT = "{{context.patientId}}"
PREFETCH = {
    "patient": f"Patient/{_PATIENT}",
    "conditions": f"Condition?patient={_PATIENT}",
    "medicationStatements": f"MedicationStatement?patient={_PATIENT}",
    "medicationRequests": f"MedicationRequest?patient={_PATIENT}",
    "procedures": f"Procedure?patient={_PATIENT}",
    "observations": f"Observation?patient={_PATIENT}",
    "notes": f"DocumentReference?patient={_PATIENT}&status=current",
}
SERVICES = {"mtus-check-order-select": "order-select", "mtus-check-order-sign": "order-sign"}
_WHEN = {"order-select": "the orders a clinician selects", "order-sign": "every draft order before it is signed"}


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")  # CDS Hooks lets clients send more than the service reads


class HookContext(_Open):
    userId: str | None = None
    patientId: str | None = None
    encounterId: str | None = None
    selections: list[str] = Field([], description="for order-select: the draft orders selected, as ResourceType/id")
    draftOrders: dict[str, Any] = Field(description="a FHIR R4 Bundle of MedicationRequest and ServiceRequest")


class HookRequest(_Open):
    """A CDS Hooks 2.0 request; ``prefetch`` values are FHIR resources or Bundles (or null)."""

    hook: Literal["order-select", "order-sign"]
    hookInstance: str
    fhirServer: str | None = None
    context: HookContext
    prefetch: dict[str, Any] | None = None


def discovery() -> dict[str, Any]:
    return {
        "services": [
            {
                "hook": hook,
                "id": service,
                "title": f"MTUS check ({hook})",
                "description": f"Judges {_WHEN[hook]} against the California MTUS treatment criteria, "
                "and says what documentation would get it approved.",
                "prefetch": PREFETCH,
            }
            for service, hook in SERVICES.items()
        ]
    }


def card(order: Order, item: ItemResult, ways: Approval | None) -> dict[str, Any]:
    verdict = item.verdict
    if verdict is None:
        return _card(f"No MTUS rule covers {order.item}", "No rule in the catalog covers this order; nothing is predicted.", "info")
    shown = {"certify": "Meets the MTUS criteria", "non-certify": "Does not meet the MTUS criteria"}[verdict.decision]
    found = _card(f"{shown} ({verdict.title}): {order.item}", _detail(item, ways), "info" if verdict.decision == "certify" else "warning")
    found["source"]["topic"] = {"system": "urn:mtus-check:rule", "code": verdict.rule, "display": verdict.title}
    if ways and ways.options:
        found["suggestions"] = [
            {"label": f"Document: {said(option)}", "uuid": str(uuid.uuid4()), "actions": []}
            for option in ways.options
        ]
        found["selectionBehavior"] = "at-most-one"
    return found


def _card(summary: str, detail: str, indicator: str) -> dict[str, Any]:
    summary = summary if len(summary) <= 140 else summary[:139] + "…"
    return {"uuid": str(uuid.uuid4()), "summary": summary, "detail": detail, "indicator": indicator, "source": {"label": SOURCE}}


def _detail(item: ItemResult, ways: Approval | None) -> str:
    verdict = item.verdict
    assert verdict is not None
    lines = [f"**Rule:** {verdict.title} (`{verdict.rule}`), matched on “{item.matched_term}”."]
    for status, heading in ((Status.UNMET, "Not met (the record says otherwise)"), (Status.UNKNOWN, "Not documented")):
        criteria = [c for c in verdict.criteria if c.status is status]
        if criteria:
            lines += ["", f"**{heading}:**"]
            lines += [f"- {c.says} — *{'; '.join(str(r) for r in c.citations)}*" + (f". {c.gap}" if status is Status.UNKNOWN else "") for c in criteria]
    if ways and ways.blocked:
        lines += ["", "**Documentation cannot get this approved:**"]
        lines += [f"- {why_not(blocked)}" for blocked in ways.blocked]
    elif ways and ways.options:
        lines += ["", "**To be approved, document one of:**"]
        lines += [f"{n}. {said(option)}" for n, option in enumerate(ways.options, 1)]
    if verdict.decision == "certify":
        lines += ["", "Every criterion is met."]
    return "\n".join(lines)
