"""Sessions asked for, authorized, already done and in all, for the treatment a rule judges."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import pytest

from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog
from mtus_rules.facts.computed import Context, therapy
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.record import analyze
from mtus_rules.reading.vocabulary import Vocabulary, load_vocabulary
from tests.conftest import RULES

PT = ("physical therapy", "pt", "physiotherapy")


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return load_vocabulary(RULES)


def context(item: str = "Physical therapy 2x4", terms: tuple[str, ...] = PT, **fields: Any) -> Context:
    request = fields.pop("request", {"item": item})
    case = Case.model_validate({"requests": [request], **fields})
    record = analyze(case.summary)
    return Context(case, case.requests[0], record, dt.date(2017, 1, 1), vocabulary(), terms, lexicon_of(vocabulary()).index(record))


def test_every_class_the_facts_read_is_in_the_vocabulary() -> None:
    """A class missing from the vocabulary would leave its fact unknown without a word."""
    assert sorted(therapy.CLASSES - vocabulary().classes.keys()) == []


def value(fact: Any) -> Any:
    return None if fact is None else fact.value


def test_sessions_done_from_the_summary() -> None:
    ctx = context(summary="She has completed 12 sessions of physical therapy with little benefit.")
    assert value(therapy.prior_sessions(ctx)) == 12
    assert value(therapy.total_sessions(ctx)) == 20  # 12 done + 0 authorized + 8 asked


@pytest.mark.parametrize(
    "summary",
    [
        "She completed physical therapy x12 with return to modified duty.",
        "She has had 12 physical therapy visits and is able to do more at home.",
        "She completed 12 sessions of physical therapy and continues a home exercise program.",
    ],
)
def test_work_and_activity_wording_is_no_plan(summary: str) -> None:
    """'modified duty', 'do more', 'continues a home exercise program' report the patient,
    not care modified by review, more care asked for or care to continue."""
    assert value(therapy.prior_sessions(context(summary=summary))) == 12


def test_more_therapy_asked_for_is_still_no_session_done() -> None:
    ctx = context(summary="The provider requested 12 more sessions of physical therapy.")
    assert therapy.prior_sessions(ctx) is None


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


# --- added with the physical medicine rules ----------------------------------------------------


def test_the_least_course_counts_one_session_when_the_treatment_was_given_uncounted() -> None:
    ctx = context("Chiropractic 2x3", terms=("chiropractic",), summary="Treatment has included chiropractic care.")
    assert therapy.total_sessions(ctx) is None
    assert value(therapy.least_total_sessions(ctx)) == 7  # at least 1 done + 6 asked


def test_the_least_course_of_a_partial_request_is_the_original_request() -> None:
    ctx = context(request={"item": "Acupuncture for 2 sessions", "authorized": "Acupuncture for 6 sessions", "original": "Acupuncture for 8 sessions"}, terms=("acupuncture",))
    assert therapy.total_sessions(ctx) is None
    assert value(therapy.least_total_sessions(ctx)) == 8


def test_the_least_course_assumes_nothing_done_when_the_record_is_silent() -> None:
    ctx = context("Physical therapy 2x4", summary="He has low back pain.")
    assert value(therapy.least_total_sessions(ctx)) == 8


def test_a_therapy_denied_by_utilization_review_is_not_a_therapy_not_done() -> None:
    ctx = context(summary="Physical therapy was denied due to lack of documentation of functional improvement.")
    assert therapy.prior_sessions(ctx) is None
    assert therapy.treatment_done(ctx) is None


def test_therapy_being_arranged_is_not_therapy_done() -> None:
    ctx = context(summary="He is getting physical therapy arranged. There is no previous physical therapy noted.")
    assert value(therapy.treatment_done(ctx)) is False


def test_what_should_be_done_is_not_what_was_done() -> None:
    """Guideline text: "should" recommends (record.PLANNED; the module's own list lacked it)."""
    ctx = context(summary="Physical therapy should be supervised by a licensed therapist.")
    assert therapy.treatment_done(ctx) is None


def test_the_items_of_a_case_share_the_mentions_of_their_treatment() -> None:
    ctx = context(summary="She has completed 12 sessions of physical therapy.")
    assert value(therapy.prior_sessions(ctx)) == 12
    other = Context(ctx.case, ctx.request, ctx.record, ctx.day, ctx.vocabulary, ("acupuncture",), ctx.text, ctx.cache)
    assert therapy.prior_sessions(other) is None  # another rule's treatment: read apart


def test_a_count_right_before_the_treatment_name() -> None:
    ctx = context(summary="Treatment to date has included naproxen; 6 PT (physical therapy) sessions.")
    assert value(therapy.prior_sessions(ctx)) == 6


def test_a_date_before_the_treatment_name_is_not_a_count() -> None:
    ctx = context(summary="On 12-07-16 PT notes showed improvement.")
    assert therapy.prior_sessions(ctx) is None


def test_rates_in_words() -> None:
    assert value(therapy.requested_sessions(context("Chiropractic treatment twice a week for 3 weeks"))) == 6
    assert value(therapy.requested_sessions(context("Acupuncture 1 time a week for 6 weeks"))) == 6
    assert value(therapy.requested_sessions(context("Massage once weekly x 4 weeks"))) == 4


def test_purchase_or_rental() -> None:
    assert value(therapy.purchase_requested(context("TENS unit, purchase, lumbar spine"))) is True
    assert value(therapy.purchase_requested(context("TENS unit 30 day rental"))) is False
    assert value(therapy.purchase_requested(context("TENS unit trial"))) is False
    assert therapy.purchase_requested(context("Retrospective E-stim (DOS 12/29/16)")) is None


def test_the_requested_treatment_is_the_one_the_rule_names() -> None:
    ctx = context("Localized intense neurostimulation therapy", terms=("localized intense neurostimulation",))
    assert value(therapy.requested_treatment(ctx)) is True
    assert therapy.requested_treatment(context("LINT", terms=())) is None


# --- which rule judges an item ---------------------------------------------------------------------

DAY = dt.date(2017, 1, 1)


@pytest.mark.parametrize(
    ("item", "rule"),
    [
        ("Additional physical therapy lumbar spine two times a week for three weeks", "physical_therapy"),
        ("continuation for left hand therapy for 6 sessions", "physical_therapy"),
        ("two occupational therapy sessions for the left wrist", "physical_therapy"),
        ("Referral to chiropractor for evaluation of low back pain, twice a week for 3 weeks", "chiropractic"),
        ("5 sessions of chiropractic physiotherapy for the left elbow", "chiropractic"),
        ("Chiropractic manipulation for the right knee 2x3", "chiropractic_not_recommended_region"),
        ("Acupuncture 12 sessions", "acupuncture"),
        ("Twelve elect acupuncture visits (15 mins), 2 times weekly for 6 weeks", "acupuncture"),
        ("Twelve acupuncture visits with Capsaicin patch, 2 times weekly for 6 weeks", "acupuncture"),
        ("Acupuncture with electrical stimulation 6 sessions", "acupuncture"),
        ("Twelve infrared acupuncture visits, 2 times weekly for 6 weeks", "physical_methods_infrared"),
        ("Retrospective TENS unit, purchase, lumbar spine (DOS 12/29/16)", "tens"),
        ("Retrospective E-stim (DOS 12/29/16)", "tens"),
        ("Interferential unit 30 day rental", "physical_methods_interferential"),
        ("Extracorporeal shockwave therapy (ESWT)", "physical_methods_eswt"),
        ("Unknown shockwave treatments", "physical_methods_eswt"),
        ("Localized intense neurostimulation therapy [following TPII]", "physical_methods_hyperstimulation"),
        ("Aquatic therapy 2 times a week for 4 weeks", "physical_methods_aquatic"),
        ("Work hardening program 10 sessions", "physical_methods_work_hardening"),
    ],
)
def test_physical_medicine_items_match_their_rule(catalog: Catalog, item: str, rule: str) -> None:
    match = catalog.matcher.match(item, DAY)
    assert match is not None and match.rule.rule.id == rule


@pytest.mark.parametrize(
    "item",
    [
        "Post-op physical therapy 2 times a week for 4 weeks",
        "Pre-operative PT/PTT",
        "Acute inpatient rehabilitation physical therapy and occupational therapy 7-10 days",
        "Ten sessions of psychotherapy",
    ],
)
def test_items_that_are_not_physical_medicine_of_these_rules(catalog: Catalog, item: str) -> None:
    match = catalog.matcher.match(item, DAY)
    mine = ("physical_therapy", "chiropractic", "acupuncture", "tens", "physical_methods")
    assert match is None or not match.rule.rule.id.startswith(mine)
