"""Sessions asked for, authorized, already done and in all, for the treatment a rule judges."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mtus_rules.case import Case
from mtus_rules.computed import Context
from mtus_rules.computed import therapy
from mtus_rules.record import analyze
from mtus_rules.vocabulary import Vocabulary

PT = ("physical therapy", "pt", "physiotherapy")


def context(item: str = "Physical therapy 2x4", terms: tuple[str, ...] = PT, **fields: Any) -> Context:
    request = fields.pop("request", {"item": item})
    case = Case.model_validate({"requests": [request], **fields})
    return Context(case, case.requests[0], analyze(case.summary), dt.date(2017, 1, 1), Vocabulary({}, {}), terms)


def value(fact: Any) -> Any:
    return None if fact is None else fact.value


def test_sessions_done_from_the_summary() -> None:
    ctx = context(summary="She has completed 12 sessions of physical therapy with little benefit.")
    assert value(therapy.prior_sessions(ctx)) == 12
    assert value(therapy.total_sessions(ctx)) == 20  # 12 done + 0 authorized + 8 asked


def test_the_count_nearest_the_treatment_is_its_count() -> None:
    ctx = context(summary="He had 6 sessions of chiropractic care and 10 sessions of physical therapy.")
    assert value(therapy.prior_sessions(ctx)) == 10


def test_a_planned_course_is_not_a_course_done() -> None:
    ctx = context(summary="The treatment plan included physical therapy 2 times a week for 6 weeks.")
    assert therapy.prior_sessions(ctx) is None
    assert therapy.treatment_done(ctx) is None


def test_therapy_denied_means_none_done() -> None:
    ctx = context(summary="He has not had physical therapy.")
    assert value(therapy.treatment_done(ctx)) is False
    assert value(therapy.total_sessions(ctx)) == 8


def test_treatment_given_but_count_unknown_leaves_the_total_unknown() -> None:
    ctx = context(summary="Treatment to date has included medications and physical therapy.")
    assert value(therapy.treatment_done(ctx)) is True
    assert therapy.prior_sessions(ctx) is None
    assert therapy.total_sessions(ctx) is None


def test_an_item_asking_for_more_says_the_treatment_was_given() -> None:
    ctx = context("Additional physical therapy 3 visits per week for 2 weeks")
    assert value(therapy.continuation_requested(ctx)) is True
    assert value(therapy.treatment_done(ctx)) is True
    assert value(therapy.requested_sessions(ctx)) == 6


def test_structured_sessions_win() -> None:
    ctx = context(summary="She had 20 sessions of PT.", treatments=[{"name": "Physical therapy", "sessions": 6}])
    assert value(therapy.prior_sessions(ctx)) == 6


def test_the_authorized_part_of_a_partial_request_counts() -> None:
    ctx = context(
        request={"item": "Acupuncture 12 sessions", "authorized": "Acupuncture 6 sessions", "original": "Acupuncture 18 sessions"},
        terms=("acupuncture",),
        summary="The patient has not had acupuncture.",
    )
    assert value(therapy.authorized_sessions(ctx)) == 6
    assert value(therapy.total_sessions(ctx)) == 18


def test_other_treatments_do_not_count() -> None:
    ctx = context(summary="She completed 12 sessions of acupuncture.")
    assert therapy.prior_sessions(ctx) is None
