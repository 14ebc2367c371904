"""Requested amounts, from item texts as real IMR letters write them."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from mtus_rules.reading.quantities import counts, days, sessions, supply_days


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Post-op physical therapy 2 times a week for 4 weeks", 8),
        ("Additional physical therapy three times a week for two weeks of the right knee", 6),
        ("Additional physical therapy lumbar spine two times a week for three weeks", 6),
        ("Continuation for left hand therapy 2 times a week for 6 weeks (12 sessions)", 12),
        ("Physical therapy additional 3 visits per week for 2 weeks", 6),
        ("Chiropractic physiotherapy 2 times a week for 4 weeks (8 sessions) to the left elbow", 8),
        ("Physical therapy evaluation and treatment 3 times a week for 4 weeks (12 sessions)", 12),
        ("Acupuncture therapy sessions lumbar spine #6", 6),
        ("Acupuncture 18 sessions", 18),
        ("Nine sessions of physical therapy of the right knee", 9),
        ("Eight physical therapy sessions", 8),
        ("Twelve infrared acupuncture visits, 2 times weekly for 6 weeks", 12),
        ("Twelve physical therapy visits for the right shoulder", 12),
        ("Physical therapy 2x4 lumbar spine", 8),
        ("PT 2x/week x 6 weeks", 12),
        ("Follow up office visit times 3", 3),
        ("NCV bilateral lower extremities QTY: 2", 2),
        ("Chiropractic treatment x6", 6),
        ("Physical therapy twice a week for 3 weeks", 6),
        ("Acupuncture 1 time a week for 6 weeks", 6),
        ("Massage once weekly for four weeks", 4),
    ],
)
def test_sessions(item: str, expected: int) -> None:
    found = sessions(item)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize("item", ["Physical therapy", "MRI of the lumbar spine", "Acupuncture treatments (unspecified quantity)"])
def test_no_amount_is_none(item: str) -> None:
    assert sessions(item) is None


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Associated surgical service: Cold compression therapy 30 day rental", 30),
        ("Standard wheelchair for a 3 month rental", 90),
        ("Acute inpatient rehabilitation physical therapy and occupational therapy 7-10 days", 10),
        ("Norco 5/325mg oral tablet, one tablet twice daily 14 days #40", 14),
        ("Hospital bed for an unspecified rental", None),
    ],
)
def test_days(item: str, expected: int | None) -> None:
    found = days(item)
    assert (found[0] if found else None) == expected


@given(st.text(max_size=300))
def test_any_text_gives_a_positive_amount_or_none(text: str) -> None:
    for found in (sessions(text), days(text)):
        assert found is None or (found[0] > 0 and found[1] in text)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Cyclobenzaprine 7.5mg #90, one three times daily", 30),
        ("Cyclobenzaprine 7.5mg #90, one three times daily for 3 months", 90),
        ("Norco 10/325mg 120 tablets, 1 tab every 6 hours", 30),
        ("Tramadol 50mg 1-2 tabs q6h #60", 7.5),
        ("Lorazepam 0.5mg #30 1 po qhs with 2 refills", 90),
        ("Naproxen 550 mg BID #60", 30),
        ("Flexeril 10mg, two times a day, #60, refills: 1", 60),
        ("Zolpidem 10mg 30 day supply", 30),
        ("Motrin 800mg #90 tid x 30 days", 30),
    ],
)
def test_the_supply_a_drug_item_asks_for(item: str, expected: float) -> None:
    found = supply_days(item)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize("item", ["Tizanidine 4mg #30", "Ativan 1mg #60", "Tramadol 50mg 1-2 tabs q6h", "Norco 10/325"])
def test_no_supply_is_guessed(item: str) -> None:
    """A quantity without a sig, or a sig without a quantity, states no duration."""
    assert supply_days(item) is None


@given(st.integers(1, 360), st.sampled_from([("daily", 1), ("twice daily", 2), ("three times daily", 3), ("every 6 hours", 4)]), st.integers(0, 5))
def test_supply_is_quantity_over_daily_dose_times_fills(quantity: int, sig: tuple[str, int], refills: int) -> None:
    words, per_day = sig
    item = f"Drug 10mg #{quantity}, one {words}" + (f", {refills} refills" if refills else "")
    found = supply_days(item)
    assert found is not None and found[0] == round(quantity / per_day * (1 + refills), 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She completed PT x12 with improved ROM", [12]),
        ("chiropractic x 6, then home exercise", [6]),
        ("PT 2x/week x 4 weeks", [8]),  # a rate, not also a count of 4
        ("PT 2x4", [8]),
        ("PT x 4 weeks", []),  # a duration
        ("Norco 10/325 x 30", []),  # after a number: not a count of sessions
        ("x-ray of the knee", []),
    ],
)
def test_session_counts_in_a_history(text: str, expected: list[int]) -> None:
    assert [n for n, _, _ in counts(text)] == expected
