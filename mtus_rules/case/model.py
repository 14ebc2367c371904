"""The case file a provider writes: the record and the requested items.

Only ``requests`` is required. Free text (``summary``) and structured fields may both
speak to a fact; the structured field wins, because a provider filled it in on purpose.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from engine.errors import InputError
from engine.load import validate
from engine.yamlfile import read_yaml

__all__ = ["Case", "Medication", "Treatment", "Request", "Outcome", "read_case", "impossible_dates", "json_schema"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Outcome = Literal["helped", "failed", "intolerant"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Medication(_Model):
    """A drug taken or tried. ``started``/``stopped`` or ``weeks`` say how long."""

    name: Text = Field(description="drug name as written, e.g. 'Clonazepam 1 mg'")
    started: dt.date | None = None
    stopped: dt.date | None = None
    weeks: float | None = Field(None, ge=0, description="weeks taken, when dates are not known")
    outcome: Outcome | None = None


class Treatment(_Model):
    """A treatment tried: therapy, injections, a device, a procedure."""

    name: Text = Field(description="e.g. 'physical therapy', 'chiropractic', 'acupuncture'")
    sessions: int | None = Field(None, ge=0, description="sessions or visits already done")
    date: dt.date | None = None
    outcome: Outcome | None = None


class Request(_Model):
    """A requested item as written, e.g. 'Clonazepam 2 MG #120'."""

    item: Text
    authorized: Text | None = Field(None, description="the part already authorized, when partly certified")
    original: Text | None = Field(None, description="the whole original request, when part of it was authorized")


class Case(_Model):
    case_id: Text | None = None
    request_date: dt.date | None = Field(None, description="date of the request; picks the guideline edition (default: today)")
    injury_date: dt.date | None = None
    summary: Annotated[str, StringConstraints(max_length=200_000)] = Field("", description="free clinical text")
    diagnoses: list[Text] = []
    medications: list[Medication] = []
    treatments: list[Treatment] = []
    findings: list[Text] = Field([], description="examination and test findings, one per line")
    requests: list[Request] = Field(min_length=1, max_length=200)

    @field_validator("requests", mode="before")
    @classmethod
    def _plain_items(cls, value: Any) -> Any:
        """Let a request be written as just its item text."""
        if isinstance(value, list):
            return [{"item": item} if isinstance(item, str) else item for item in value]
        return value


def read_case(path: Path) -> Case:
    """Load and validate a case file; every problem is reported at once, with its line."""
    document = read_yaml(path)
    impossible = [document.problem(loc, message) for loc, message in impossible_dates(document.data)]
    try:
        case = validate(document, Case, "a case with at least 'requests'")
    except InputError as error:
        raise InputError(sorted([*error.problems, *impossible], key=lambda p: p.line or 0)) from None
    if impossible:
        raise InputError(impossible)
    return case


def impossible_dates(data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Dates of a case file's data that cannot all be true, each with where it is.

    Read from the data as written, so that they are reported beside any other problem:
    the injury after the request, a drug stopped before it started or started after the
    request. Any of these would silently change a judgment (weeks on a drug go negative).
    """
    if not isinstance(data, dict):
        return
    request = _date(data.get("request_date"))
    injury = _date(data.get("injury_date"))
    if request and injury and injury > request:
        yield ("injury_date",), f"injury_date: {injury} is after the request_date {request}"
    medications = data.get("medications")
    for i, entry in enumerate(medications if isinstance(medications, list) else []):
        entry = entry if isinstance(entry, dict) else {}
        started, stopped = _date(entry.get("started")), _date(entry.get("stopped"))
        if started and stopped and stopped < started:
            yield ("medications", i, "stopped"), f"medications.{i}.stopped: {stopped} is before started {started}"
        if started and request and started > request:
            yield ("medications", i, "started"), f"medications.{i}.started: {started} is after the request_date {request}"


def _date(value: Any) -> dt.date | None:
    """A date as written, unquoted (YAML's) or quoted; anything else is the schema's to report."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def json_schema() -> str:
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mtus-check case file"
    return json.dumps(schema, indent=2)
