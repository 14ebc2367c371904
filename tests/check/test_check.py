"""The pre-submission check: the bundled examples, and properties of the whole pipeline.

The seeds' expected outcomes come from the real IMR letters (both Upheld, i.e. the request
is not certified) and the reasons their rationales give.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import assume, given, strategies as st

from engine.logic import Status
from mtus_rules.case.model import Case, read_case
from mtus_rules.check.catalog import Catalog
from mtus_rules.check.judge import CaseResult, check_case
from mtus_rules.check.match import ItemMatcher
from tests.conftest import EXAMPLES

DAY = dt.date(2016, 12, 1)


def statuses(result: CaseResult) -> dict[str, dict[str, Status]]:
    return {i.item: {c.id: c.status for c in i.verdict.criteria} if i.verdict else {} for i in result.items}


def run_example(catalog: Catalog, name: str, day: dt.date | None = None) -> CaseResult:
    case = read_case(EXAMPLES / name)
    return check_case(catalog, case, day or case.request_date)


def test_seed_000_clonazepam_is_not_certified_for_no_first_line_failure(catalog: Catalog) -> None:
    """Letter: "There is no evidence however of failure of first line agent ..." (Upheld)."""
    result = run_example(catalog, "seed-000-clonazepam.yaml", DAY)
    (item,) = result.items
    assert item.decision == "non-certify"
    assert statuses(result)["Clonazepam 2 MG #120"]["first_line_failed"] is Status.UNKNOWN


def test_seed_001_klonopin_for_no_diagnosis_and_cbc_for_no_indication(catalog: Catalog) -> None:
    """Letter: no diagnosis of anxiety or muscle spasm; no concern for infection or anemia (both Upheld)."""
    result = run_example(catalog, "seed-001-klonopin-cbc.yaml")
    assert [i.decision for i in result.items] == ["non-certify", "non-certify"]
    found = statuses(result)
    assert found["Klonopin 0.5mg"]["documented_indication"] is not Status.MET
    assert found["Retro CBC"] == {"clinical_indication": Status.UNKNOWN}
    assert result.items[1].verdict.rule == "laboratory_tests"


def test_the_certify_example_meets_every_criterion(catalog: Catalog) -> None:
    result = run_example(catalog, "certify-short-lorazepam.yaml")
    assert [i.decision for i in result.items] == ["certify", "certify"]
    assert all(s is Status.MET for item in statuses(result).values() for s in item.values())


def test_an_item_no_rule_covers_is_not_guessed(catalog: Catalog) -> None:
    case = Case.model_validate({"requests": ["Hot tub for home use"]})
    (item,) = check_case(catalog, case, DAY).items
    assert item.decision == "no-rule" and item.verdict is None


# --- properties ---------------------------------------------------------------------------

SENTENCES = [
    "The patient reports anxiety and difficulty sleeping.",
    "He denies anxiety.",
    "Sertraline was tried for three months and failed.",
    "On March 1, 2016, clonazepam 1 mg was prescribed.",
    "There are no signs of infection.",
    "The incision is red with purulent drainage.",
    "He has chronic low back pain.",
    "She has taken naproxen for six months with pain relief and improved function.",
    "On 11-3-16, utilization review determined the request was not medically necessary.",
    "Examination showed paraspinal muscle spasm.",
]
DIAGNOSES = ["Generalized anxiety disorder", "Lumbar muscle spasm", "Knee osteoarthritis", "Insomnia", "no anxiety", "Anemia"]
MEDICATIONS: list[dict[str, Any]] = [
    {"name": "Valium 5 mg", "started": "2016-11-20"},
    {"name": "Zoloft 50 mg", "outcome": "failed"},
    {"name": "Naproxen 550 mg", "weeks": 30, "outcome": "helped"},
    {"name": "Clonazepam 1 mg", "weeks": 2},
    {"name": "Trazodone 50 mg", "outcome": "helped"},
]
REQUESTS = ["Clonazepam 1mg #30", "Valium 5mg #20", "CBC", "Naproxen 550mg #60", "MRI of the knee", "Retro CBC and CMP"]

cases = st.builds(
    lambda summary, diagnoses, findings, medications, requests: Case.model_validate(
        {
            "summary": " ".join(summary),
            "diagnoses": diagnoses,
            "findings": findings,
            "medications": medications,
            "requests": requests,
        }
    ),
    st.lists(st.sampled_from(SENTENCES), max_size=5),
    st.lists(st.sampled_from(DIAGNOSES), max_size=3),
    st.lists(st.sampled_from(["no signs of infection", "anxious affect", "paraspinal spasm"]), max_size=2),
    st.lists(st.sampled_from(MEDICATIONS), max_size=3),
    st.lists(st.sampled_from(REQUESTS), min_size=1, max_size=3, unique=True),
)


def fact_values(catalog: Catalog, case: Case) -> dict[str, dict[str, Any]]:
    found = catalog.finder.for_case(case, DAY)
    return {r.item: {n: f.value for n, f in found.for_request(r).items()} for r in case.requests}


@given(cases)
def test_the_check_is_deterministic(catalog: Catalog, case: Case) -> None:
    assert check_case(catalog, case, DAY).to_dict() == check_case(catalog, case, DAY).to_dict()


@given(cases, st.randoms(use_true_random=False))
def test_the_order_of_entries_and_requests_does_not_matter(catalog: Catalog, case: Case, rnd: random.Random) -> None:
    def shuffled(items: list[Any]) -> list[Any]:
        return rnd.sample(items, len(items))

    other = case.model_copy(
        update={
            name: shuffled(getattr(case, name))
            for name in ("diagnoses", "findings", "medications", "treatments", "requests")
        }
    )
    assert statuses(check_case(catalog, other, DAY)) == statuses(check_case(catalog, case, DAY))
    assert fact_values(catalog, other) == fact_values(catalog, case)


@given(cases)
def test_the_order_of_rules_does_not_matter(catalog: Catalog, case: Case) -> None:
    book = replace(catalog.book, rules=tuple(reversed(catalog.book.rules)))
    reordered = replace(catalog, book=book, matcher=ItemMatcher(book, catalog.vocabulary))
    assert statuses(check_case(reordered, case, DAY)) == statuses(check_case(catalog, case, DAY))


@given(cases, st.sampled_from(DIAGNOSES), st.sampled_from(MEDICATIONS))
def test_adding_documentation_never_undoes_a_certification(
    catalog: Catalog, case: Case, diagnosis: str, medication: dict[str, Any]
) -> None:
    """Kleene logic is monotone: stating what was unknown never changes a decided criterion.

    So when added entries only add facts (none already known changes its value), every item
    that was certified stays certified, and every criterion met stays met.
    """
    more = Case.model_validate(
        {**case.model_dump(), "diagnoses": [*case.diagnoses, diagnosis], "medications": [*case.medications, medication]}
    )
    before, after = fact_values(catalog, case), fact_values(catalog, more)
    for item, known in before.items():
        assert known.keys() <= after[item].keys(), "documentation added, facts lost"
    # An entry that contradicts the record is not "adding documentation".
    assume(all(after[item][name] == value for item, known in before.items() for name, value in known.items()))
    old, new = check_case(catalog, case, DAY), check_case(catalog, more, DAY)
    for a, b in zip(old.items, new.items):
        if a.decision == "certify":
            assert b.decision == "certify"
    for item, criteria in statuses(old).items():
        for criterion, status in criteria.items():
            if status is not Status.UNKNOWN:
                assert statuses(new)[item][criterion] is status


def test_the_reference_evaluator_gives_the_same_results(catalog: Catalog) -> None:
    from engine.runtime import ReferenceEvaluator

    for name in ("seed-000-clonazepam.yaml", "seed-001-klonopin-cbc.yaml", "certify-short-lorazepam.yaml"):
        case = read_case(EXAMPLES / name)
        day = case.request_date or DAY
        assert check_case(catalog, case, day, ReferenceEvaluator()).to_dict() == check_case(catalog, case, day).to_dict()


@pytest.mark.parametrize("n", [1500])
def test_many_cases_in_one_process(catalog: Catalog, n: int) -> None:
    """More cases than durable-rules' ~1,024 live sessions, in one evaluator."""
    case = read_case(EXAMPLES / "seed-001-klonopin-cbc.yaml")
    decisions = {tuple(i.decision for i in check_case(catalog, case, DAY).items) for _ in range(n)}
    assert decisions == {("non-certify", "non-certify")}
