"""Three-valued (Kleene) logic for criteria: met, unmet, unknown.

``unknown`` means the record does not say. It is not ``unmet``: an unknown can be closed
by documenting, an unmet cannot. The outcome treats both as reasons not to certify, but
nothing here ever turns an unknown into an unmet.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

__all__ = ["Status", "all_of", "any_of", "negate"]


class Status(str, Enum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


def negate(status: Status) -> Status:
    if status is Status.MET:
        return Status.UNMET
    if status is Status.UNMET:
        return Status.MET
    return Status.UNKNOWN


def all_of(statuses: Iterable[Status]) -> Status:
    """Met only if every part is met; one unmet part decides; otherwise unknown."""
    seen = set(statuses)
    if Status.UNMET in seen:
        return Status.UNMET
    if Status.UNKNOWN in seen:
        return Status.UNKNOWN
    return Status.MET


def any_of(statuses: Iterable[Status]) -> Status:
    """Met if any part is met; unmet only if every part is unmet; otherwise unknown."""
    seen = set(statuses)
    if Status.MET in seen:
        return Status.MET
    if Status.UNKNOWN in seen:
        return Status.UNKNOWN
    return Status.UNMET
