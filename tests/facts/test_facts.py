"""Facts from a case: structured fields and summary text, each with its source."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog

DAY = dt.date(2016, 12, 1)


def facts(catalog: Catalog, request: str = "Clonazepam 1mg #30", **fields: Any) -> dict[str, Any]:
    case = Case.model_validate({"requests": [request], **fields})
    return catalog.finder.for_case(case, DAY).for_request(case.requests[0])


def values(found: dict[str, Any]) -> dict[str, Any]:
    return {name: fact.value for name, fact in found.items()}


def test_an_affirmed_mention_is_true_and_quoted(catalog: Catalog) -> None:
    found = facts(catalog, summary="The patient reports anxiety at night.")
    assert found["anxiety"].value is True
    assert found["anxiety"].source == "summary: “The patient reports anxiety at night.”"


def test_a_denied_mention_is_false(catalog: Catalog) -> None:
    found = facts(catalog, summary="He denies anxiety. There are no signs of infection.")
    assert found["anxiety"].value is False
    assert found["infection_signs"].value is False


def test_a_record_that_says_both_leaves_it_unknown(catalog: Catalog) -> None:
    found = facts(catalog, summary="He reports anxiety. Later he denies anxiety.")
    assert "anxiety" not in found


def test_nothing_said_is_unknown_not_false(catalog: Catalog) -> None:
    assert "anxiety" not in facts(catalog, summary="The patient has knee pain.")


def test_the_structured_field_wins_over_the_summary(catalog: Catalog) -> None:
    found = facts(catalog, summary="He denies anxiety.", diagnoses=["Generalized anxiety disorder"])
    assert found["anxiety"].value is True
    assert found["anxiety"].source == "diagnoses[0]: Generalized anxiety disorder"


def test_an_affirming_entry_beats_a_denying_one_in_any_order(catalog: Catalog) -> None:
    one = facts(catalog, findings=["no anxiety on exam", "anxious affect"])
    other = facts(catalog, findings=["anxious affect", "no anxiety on exam"])
    assert one["anxiety"].value is other["anxiety"].value is True


def test_the_earlier_utilization_review_is_not_a_finding(catalog: Catalog) -> None:
    summary = (
        "On 11-3-16, utilization review determined that clonazepam for anxiety was not medically necessary. "
        "The patient has low back pain."
    )
    found = facts(catalog, summary=summary)
    assert "anxiety" not in found
    assert found["back_pain"].value is True


def test_quoted_guideline_text_is_not_a_finding(catalog: Catalog) -> None:
    summary = "The MTUS guidelines state that a more appropriate treatment for anxiety disorder is an antidepressant."
    assert "anxiety" not in facts(catalog, summary=summary)


def test_weeks_from_the_medication_dates(catalog: Catalog) -> None:
    found = facts(catalog, medications=[{"name": "Klonopin 1 mg", "started": "2016-11-03"}])
    assert found["requested_drug_weeks"].value == 4.0  # 28 days to 2016-12-01
    assert found["requested_drug_weeks"].source == "medications[0].started 2016-11-03"


def test_weeks_from_the_medication_weeks_field(catalog: Catalog) -> None:
    found = facts(catalog, medications=[{"name": "clonazepam", "weeks": 12}])
    assert found["requested_drug_weeks"].value == 12


def test_weeks_from_a_dated_sentence(catalog: Catalog) -> None:
    found = facts(catalog, summary="On June 2, 2016, clonazepam was prescribed for panic attacks.")
    assert found["requested_drug_weeks"].value == 26.0  # 182 days


def test_weeks_from_a_stated_duration(catalog: Catalog) -> None:
    found = facts(catalog, summary="He has taken Klonopin for the past 6 months.")
    assert found["requested_drug_weeks"].value == 26.0


def test_a_drug_not_in_the_record_has_unknown_weeks(catalog: Catalog) -> None:
    assert "requested_drug_weeks" not in facts(catalog, summary="He takes ibuprofen.")


@pytest.mark.parametrize(
    ("summary", "failed"),
    [
        ("Sertraline was tried for three months and failed.", True),
        ("Zoloft has helped his mood.", False),
        # "did not help" shares its words with "helped": the longer phrase is the reading
        ("Sertraline was tried for three months and did not help.", True),
        ("He took sertraline for 3 months and his symptoms resolved.", False),
        ("Duloxetine has not controlled the pain.", True),
    ],
)
def test_a_first_line_agents_result_from_the_summary(catalog: Catalog, summary: str, failed: bool) -> None:
    assert facts(catalog, summary=summary)["antidepressant_failed"].value is failed


def test_a_structured_outcome(catalog: Catalog) -> None:
    found = facts(catalog, medications=[{"name": "Cymbalta 30 mg", "outcome": "intolerant"}])
    assert found["antidepressant_failed"].value is True
    assert found["antidepressant_failed"].source == "medications[0]: Cymbalta 30 mg (intolerant)"


def test_age_and_weeks_since_injury(catalog: Catalog) -> None:
    found = facts(catalog, summary="The injured worker is a 48 year old male.", injury_date="2016-10-13")
    assert values(found)["age"] == 48
    assert values(found)["weeks_since_injury"] == 7.0  # 49 days


def test_reasoning_that_goes_on_after_a_restated_denial_is_not_a_finding(catalog: Catalog) -> None:
    summary = (
        "The request for cyclobenzaprine was non-certified by utilization review. "
        "There was no documentation of complaints of muscle spasms. "
        "Examination showed paraspinal muscle spasm."
    )
    assert facts(catalog, summary=summary)["muscle_spasm"].value is True


def test_a_planned_drug_is_not_a_drug_taken(catalog: Catalog) -> None:
    found = facts(catalog, summary="On June 2, 2016, the treatment plan included clonazepam.")
    assert "requested_drug_weeks" not in found


def test_a_set_of_alternative_findings_is_met_by_one(tmp_path: Any) -> None:
    """resolve: any_affirmed: "denies chest pain; has diabetes" has a cardiac risk factor."""
    import shutil

    from mtus_rules.check.catalog import load_catalog
    from tests.conftest import RULES

    shutil.copy(RULES / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "vocabulary.yaml").write_text("drugs: {}\nclasses: {}\n")
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "ekg.yaml").write_text(
        "id: ekg\ntitle: EKG\neffective: {from: 2009-01-01}\napplies_to: {terms: [ekg]}\ncriteria:\n"
        "  - {id: c, says: c, when: {fact: risk, is: true}, cite: {source: odg, excerpt: e}, gap: g}\n"
    )
    found = {}
    for resolve in ("agree", "any_affirmed"):
        (tmp_path / "facts.yaml").write_text(
            f"facts:\n  risk:\n    type: bool\n    says: r\n    extract: {{mentions: [chest pain, diabetes], resolve: {resolve}}}\n"
        )
        found[resolve] = facts(load_catalog(tmp_path), "EKG", summary="She denies chest pain. She has diabetes.").get("risk")
    assert found["agree"] is None
    assert found["any_affirmed"].value is True


def test_a_recommendation_by_the_provider_is_not_a_guideline_quote() -> None:
    from mtus_rules.reading.record import analyze

    record = analyze("A referral to a spine surgeon is recommended. The ODG states that traction is not recommended.")
    kept = " ".join(record.text[c.start : c.end] for c in record.clauses)
    assert "spine surgeon" in kept and "traction" not in kept
