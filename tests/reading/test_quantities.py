"""Requested amounts, from item texts as real IMR letters write them."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from mtus_rules.reading.quantities import days, sessions


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
