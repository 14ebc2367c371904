"""What would get each non-certified item approved, beside the check's own result.

The engine finds the changes (``engine.approve``); this module hands it the rule in force
and the facts found for the item, and adds them to the result as JSON (``to_approve``, and
``not_by_documenting`` for criteria only a different request could meet).
"""

from __future__ import annotations

from typing import Any

from engine.approve import Approval, Blocked, Change, approve
from mtus_rules.check.catalog import Catalog
from mtus_rules.check.judge import CaseResult, ItemResult

__all__ = ["approval", "result_dict", "said", "why_not"]

_ORIGINS = {"item": "the requested item itself", "request": "the outcome of another item of the request"}


def approval(catalog: Catalog, item: ItemResult, result: CaseResult) -> Approval | None:
    """The ways to approval of a judged, non-certified item (None for certified or unjudged items)."""
    if item.verdict is None or item.decision == "certify":
        return None
    loaded = catalog.book.rule(item.verdict.rule, result.day)
    assert loaded is not None, "the rule that judged the item is in force on the day judged"
    return approve(loaded.rule, {name: fact.value for name, fact in item.facts.items()}, catalog.fact_specs)


def result_dict(catalog: Catalog, result: CaseResult) -> dict[str, Any]:
    """``CaseResult.to_dict`` with ``to_approve`` and ``not_by_documenting`` on every request."""
    data = result.to_dict()
    for item, shown in zip(result.items, data["requests"]):
        found = approval(catalog, item, result)
        shown["to_approve"] = [[change.to_dict() for change in option] for option in found.options] if found else []
        shown["not_by_documenting"] = [blocked.to_dict() for blocked in found.blocked] if found else []
    return data


def said(option: tuple[Change, ...]) -> str:
    """One suggested set as a sentence."""
    return "; and ".join(change.says for change in option)


def why_not(blocked: Blocked) -> str:
    """Why documenting cannot meet a criterion, as a sentence."""
    whence = " and ".join(_ORIGINS[origin] for origin in blocked.origins) or "criteria that contradict each other"
    return f"{blocked.says} (this depends on {whence})"
