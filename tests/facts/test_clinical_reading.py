"""Issue 15 (clinical reading) and issue 11 (findings the facts missed): case fragments in
general clinical wording, each a wrong reading before the change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, strategies as st

from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog
from mtus_rules.check.judge import ItemResult, check_case

DAY = dt.date(2016, 12, 1)


def judged(catalog: Catalog, request: str, **fields: Any) -> ItemResult:
    """The first item judged by its rule, with the facts that rule read."""
    case = Case.model_validate({"requests": [request], **fields})
    item = check_case(catalog, case, DAY).items[0]
    assert item.verdict is not None, f"no rule for {request!r}"
    return item


def facts(catalog: Catalog, request: str, **fields: Any) -> dict[str, Any]:
    return judged(catalog, request, **fields).facts


def criteria(catalog: Catalog, request: str, **fields: Any) -> dict[str, str]:
    return {c.id: c.status.value for c in judged(catalog, request, **fields).verdict.criteria}  # type: ignore[union-attr]


def value(found: dict[str, Any], name: str) -> Any:
    return found[name].value if name in found else None


# --- 1. negation before a qualifier ------------------------------------------------------------

def test_a_negated_positive_straight_leg_raise_is_no_nerve_compromise_sign(catalog: Catalog) -> None:
    for exam in ("No positive straight leg raise.", "Straight leg raise is not positive."):
        summary = f"He has low back pain radiating to the leg. {exam}"
        assert value(facts(catalog, "MRI of the lumbar spine", summary=summary), "nerve_compromise_signs") is not True


# --- 2. what is asked for counts ---------------------------------------------------------------

def test_a_requested_supply_counts_toward_the_duration_limit(catalog: Catalog) -> None:
    found = facts(
        catalog,
        "Cyclobenzaprine 7.5mg #90, one three times daily for 3 months",
        summary="He has low back pain with muscle spasm and takes ibuprofen.",
        medications=[{"name": "Cyclobenzaprine 7.5 mg", "started": "2016-12-01"}],
    )
    assert value(found, "muscle_relaxant_course_weeks") == 12.9
    assert "3 months" in found["muscle_relaxant_course_weeks"].source


def test_quantity_over_daily_dose_is_the_supply_when_no_duration_is_written(catalog: Catalog) -> None:
    found = facts(catalog, "Cyclobenzaprine 7.5mg #90, one three times daily", summary="He has muscle spasm.")
    assert "muscle_relaxant_course_weeks" not in found  # use so far unknown
    assert value(found, "muscle_relaxant_least_weeks") == 4.3


# --- 3. evidence stays with its treatment ------------------------------------------------------

def test_another_treatments_failure_is_not_the_requested_drugs(catalog: Catalog) -> None:
    summary = "He takes Norco for low back pain and had 24 sessions of PT without improvement."
    assert value(facts(catalog, "Norco 10/325 #60", summary=summary), "requested_drug_helped") is None


def test_a_drug_listed_with_another_shares_their_effect(catalog: Catalog) -> None:
    found = facts(catalog, "Norco 10/325 #60", summary="Norco and gabapentin help his pain.")
    assert value(found, "requested_drug_helped") is True


def test_the_drug_named_after_the_effect_owns_it(catalog: Catalog) -> None:
    summary = "He had 24 sessions of PT and takes Norco with good relief."
    assert value(facts(catalog, "Norco 10/325 #60", summary=summary), "requested_drug_helped") is True


# --- 4. functional improvement as a class, structured fields first -----------------------------

THERAPY = "Physical therapy 2 times a week for 3 weeks for the lumbar spine"


def test_return_to_work_in_any_wording_is_functional_improvement(catalog: Catalog) -> None:
    for wording in ("He returned to modified work.", "She is back to full duty.", "He resumed working in March."):
        assert value(facts(catalog, THERAPY, summary=f"Low back pain. {wording}"), "functional_improvement") is True


def test_a_measured_gain_is_functional_improvement(catalog: Catalog) -> None:
    for wording in ("She can sit 45 minutes, up from 15.", "Walking tolerance improved from 10 to 30 minutes."):
        assert value(facts(catalog, THERAPY, summary=f"Low back pain. {wording}"), "functional_improvement") is True


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("Norco allows him to walk his dog and do yard work.", True),
        ("Norco improves his function.", True),
        ("With Norco she is able to do household chores.", True),
        ("Norco reduced his pain, and he reduced his medication.", True),
        ("Norco does not allow him to do yard work.", False),
        ("Physical therapy allows him to walk farther.", None),  # another treatment's effect
    ],
)
def test_what_a_drug_lets_the_patient_do_is_functional_improvement(catalog: Catalog, wording: str, expected: bool | None) -> None:
    """8 CCR 9792.20: an improvement in activities of daily living, or less dependency on treatment."""
    assert value(facts(catalog, "Norco 10/325 #60", summary=f"Chronic low back pain. {wording}"), "functional_improvement") is expected


def test_a_structured_outcome_wins_over_the_summary(catalog: Catalog) -> None:
    found = facts(
        catalog,
        THERAPY,
        summary="Low back pain. There was no functional improvement.",
        treatments=[{"name": "physical therapy", "sessions": 6, "outcome": "helped"}],
    )
    assert value(found, "functional_improvement") is True
    assert found["functional_improvement"].source == "treatments[0]: physical therapy (helped)"


def test_negated_improvement_is_documented_absence(catalog: Catalog) -> None:
    for wording in ("There was no functional improvement.", "He has not returned to work.", "She failed to improve function."):
        assert value(facts(catalog, THERAPY, summary=f"Low back pain. {wording}"), "functional_improvement") is False


def test_a_goal_is_not_an_improvement(catalog: Catalog) -> None:
    assert value(facts(catalog, THERAPY, summary="Low back pain. The goal is to return to work."), "functional_improvement") is None


def test_improvement_stays_with_its_treatment(catalog: Catalog) -> None:
    summary = "Low back pain. There is no documentation of functional improvement with Norco."
    assert value(facts(catalog, THERAPY, summary=summary), "functional_improvement") is None
    assert value(facts(catalog, "Norco 10/325 #60", summary=summary), "functional_improvement") is False


# --- issue 11: new start vs continuation -------------------------------------------------------

def test_a_first_time_request_is_a_new_start(catalog: Catalog) -> None:
    for wording in ("This is a first-time request for Norco.", "Norco was newly prescribed.", "Norco was recently started."):
        found = facts(catalog, "Norco 10/325 #60", summary=f"Chronic low back pain. {wording}")
        assert value(found, "opioid_weeks") == 0, wording


def test_a_trial_in_the_item_is_a_new_start(catalog: Catalog) -> None:
    found = facts(catalog, "Trial of Tramadol 50mg #30", summary="Chronic low back pain; ibuprofen failed.")
    assert value(found, "opioid_weeks") == 0


def test_a_drug_in_earlier_dated_notes_is_a_continuation(catalog: Catalog) -> None:
    summary = "On June 2, 2016, Norco was prescribed. Norco was newly prescribed by the new physician."
    assert value(facts(catalog, "Norco 10/325 #60", summary=summary), "opioid_weeks") == 26


def test_the_dated_note_that_starts_a_drug_is_no_earlier_use(catalog: Catalog) -> None:
    """The visit that first prescribes the drug begins the course the request asks for."""
    summary = "On 11/20/2016 she reported a flare-up of back pain. Norco was newly prescribed."
    assert value(facts(catalog, "Norco 10/325 #60", summary=summary), "opioid_weeks") == 0


def test_a_duration_stated_with_a_new_start_is_use(catalog: Catalog) -> None:
    summary = "On 11/20/2016 she was seen. She was recently started on Norco and has taken it for 3 weeks."
    assert value(facts(catalog, "Norco 10/325 #60", summary=summary), "opioid_weeks") == 3


def test_an_earlier_failed_trial_is_no_new_start(catalog: Catalog) -> None:
    """"Trial of" in a summary is earlier use; only in the item does it ask for a trial."""
    assert value(facts(catalog, "Norco 10/325 #60", summary="He failed a trial of Norco."), "opioid_weeks") != 0


def test_a_negated_new_start_is_none(catalog: Catalog) -> None:
    summary = "Norco was not newly prescribed; he has taken it for years."
    assert value(facts(catalog, "Norco 10/325 #60", summary=summary), "opioid_weeks") != 0


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("Low back pain not responding to physical therapy.", True),
        ("Her low back pain has not responded to physical therapy.", True),
        ("Poor response to physical therapy.", True),
        ("Low back pain responding well to physical therapy.", None),
    ],
)
def test_no_response_to_care_is_a_failure(catalog: Catalog, wording: str, expected: bool | None) -> None:
    assert value(facts(catalog, "Pain management consultation", summary=wording), "conservative_care_failed") is expected


# --- issue 11: completeness --------------------------------------------------------------------

def test_a_treatment_history_without_the_therapy_makes_a_first_course(catalog: Catalog) -> None:
    summary = "Low back pain. Treatment to date has included medications and chiropractic care."
    found = facts(catalog, "Physical therapy 2x4 lumbar spine", summary=summary)
    assert value(found, "total_sessions") == 8
    assert "a first course" in found["total_sessions"].source


def test_a_treatment_history_with_the_therapy_is_a_continuation(catalog: Catalog) -> None:
    summary = "Low back pain. Treatment to date has included medications and physical therapy."
    assert criteria(catalog, "Physical therapy 2x4 lumbar spine", summary=summary)["improvement_to_continue"] == "unknown"


# --- property: evidence about one treatment never moves another item's facts -------------------

# items, each with treatments of other kinds (an opioid's sentence may rightly move opioid facts)
_ITEMS = {
    "Norco 10/325 #60": ["physical therapy", "acupuncture", "chiropractic care", "gabapentin", "naproxen"],
    "Cyclobenzaprine 7.5mg #30, one twice daily": ["physical therapy", "acupuncture", "tramadol", "gabapentin"],
    "Lorazepam 0.5mg #30": ["physical therapy", "acupuncture", "Norco", "naproxen"],
    "Physical therapy 2 times a week for 4 weeks for the lumbar spine": ["acupuncture", "chiropractic care", "Norco", "gabapentin"],
    "Acupuncture 6 sessions for the lumbar spine": ["physical therapy", "chiropractic care", "Norco", "naproxen"],
}
_BASE = [
    "The patient has chronic low back pain with muscle spasm and anxiety.",
    "On June 2, 2016, Norco and cyclobenzaprine were prescribed.",
    "Norco gives good relief.",
    "She has completed 6 sessions of physical therapy with improved function.",
    "He had 4 acupuncture visits.",
    "He returned to modified work.",
    "Lorazepam was started on November 1, 2016.",
]
_OTHER = [
    "He had 24 sessions of {t} without improvement.",
    "{t} gave no relief.",
    "{t} helped a great deal.",
    "There is no documentation of functional improvement with {t}.",
    "She has used {t} for 6 months.",
    "{t} was newly prescribed.",
    "He completed 12 visits of {t} and returned to work.",
]
_ITEM_FACTS = (
    "requested_drug_helped", "functional_improvement", "requested_drug_course_weeks", "requested_drug_least_weeks",
    "muscle_relaxant_course_weeks", "muscle_relaxant_least_weeks", "prior_sessions", "treatment_done",
    "total_sessions", "least_total_sessions", "requested_sessions",
)


def _item_facts(catalog: Catalog, item: str, summary: str) -> dict[str, Any]:
    found = facts(catalog, item, summary=summary)
    return {name: found[name].value for name in _ITEM_FACTS if name in found}


@given(data=st.data())
def test_an_unrelated_treatments_sentence_never_changes_an_items_facts(catalog: Catalog, data: st.DataObject) -> None:
    """Issue 15: appending an unrelated treatment's sentence to a summary never changes
    another item's facts."""
    item = data.draw(st.sampled_from(sorted(_ITEMS)))
    base = " ".join(data.draw(st.lists(st.sampled_from(_BASE), min_size=1, max_size=4, unique=True)))
    other = data.draw(st.sampled_from(_OTHER)).format(t=data.draw(st.sampled_from(_ITEMS[item])))
    other = other[0].upper() + other[1:]
    assert _item_facts(catalog, item, f"{base} {other}") == _item_facts(catalog, item, base), other


# --- issue 11: session and date arithmetic -----------------------------------------------------

def test_sessions_done_in_words_and_numerals_are_counted(catalog: Catalog) -> None:
    for done, count in (
        ("She completed physical therapy three times a week for two weeks.", 6),
        ("Physical therapy 2x4 was completed.", 8),
        ("He has attended six physical therapy visits.", 6),
    ):
        found = facts(catalog, "Physical therapy 2 times a week for 3 weeks for the lumbar spine", summary=f"Low back pain. {done}")
        assert value(found, "total_sessions") == count + 6, done


def test_dated_visits_are_a_lower_bound_on_sessions_done(catalog: Catalog) -> None:
    summary = "Low back pain. He had physical therapy on 10/11/2016, 10/25/2016 and on 11/18/2016."
    found = facts(catalog, "Physical therapy 2x4 lumbar spine", summary=summary)
    assert value(found, "least_total_sessions") == 11
    assert "total_sessions" not in found  # the exact count is still unknown
    assert criteria(catalog, "Physical therapy 2x4 lumbar spine", summary=summary)["within_visit_limit"] == "unmet"


# --- 5. planned procedures ----------------------------------------------------------------------

def test_a_procedure_considered_if_imaging_shows_a_lesion_is_planned_and_the_lesion_hypothetical(catalog: Catalog) -> None:
    summary = (
        "Low back pain radiating to the left leg. He failed physical therapy. "
        "He is considering epidural injection or surgery if imaging shows a herniation."
    )
    found = facts(catalog, "MRI of the lumbar spine", summary=summary)
    assert value(found, "surgery_considered") is True
    assert value(found, "invasive_procedure_planned") is True


def test_a_first_time_request_makes_a_new_nsaid_start(catalog: Catalog) -> None:
    """Issue 11: the NSAID rule's "newly started" branch reads a first-time request."""
    summary = "Chronic low back pain. This is a first-time request for naproxen."
    assert value(facts(catalog, "Naproxen 550mg #60", summary=summary), "requested_drug_weeks") == 0


def test_a_treatment_being_considered_is_not_care_given(catalog: Catalog) -> None:
    summary = "Low back pain. He is considering physical therapy; he plans to start acupuncture."
    for item in ("Physical therapy 2x4 lumbar spine", "Acupuncture 6 sessions for the lumbar spine"):
        assert value(facts(catalog, item, summary=summary), "treatment_done") is not True, item
