"""Reading a case file: every problem at once, each with its line, impossible dates included."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InputError
from mtus_rules.case.model import read_case

BAD_DATES = """\
request_date: 2017-02-30
injury_date: 2016-13-01
medications:
  - {name: Lorazepam 0.5 mg, started: 2017-01-40}
treatments: [{name: physical therapy, sessions: many}]
requests: [CBC]
"""
IMPOSSIBLE_DATES = """\
request_date: 2017-02-01
injury_date: 2017-03-01
medications:
  - name: Lorazepam 0.5 mg
    started: 2017-01-20
    stopped: 2017-01-10
  - {name: Norco 10/325, started: 2017-05-01}
requests: ["Lorazepam 0.5mg #14"]
"""
DUPLICATE_KEY_BESIDE_A_BAD_DATE = """\
request_date: 2017-02-30
requests: [CBC]
requests: [MRI]
"""
IMPOSSIBLE_BESIDE_UNKNOWN_KEY = """\
request_date: "2017-02-01"
injury_date: 2017-03-01
diagnosis: [Insomnia]
requests: [CBC]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BAD_DATES, [
            "1: request_date: '2017-02-30' is not a date (YYYY-MM-DD): day value is outside expected range",
            "2: injury_date: '2016-13-01' is not a date (YYYY-MM-DD): month value is outside expected range of 1-12",
            "4: medications.0.started: '2017-01-40' is not a date (YYYY-MM-DD): day value is outside expected range",
            "5: treatments.0.sessions: Input should be a valid integer, unable to parse string as an integer",
        ]),
        (IMPOSSIBLE_DATES, [
            "2: injury_date: 2017-03-01 is after the request_date 2017-02-01",
            "6: medications.0.stopped: 2017-01-10 is before started 2017-01-20",
            "7: medications.1.started: 2017-05-01 is after the request_date 2017-02-01",
        ]),
        (DUPLICATE_KEY_BESIDE_A_BAD_DATE, [
            "1: request_date: '2017-02-30' is not a date (YYYY-MM-DD): day value is outside expected range",
            "3: duplicate key 'requests'",
        ]),
        (IMPOSSIBLE_BESIDE_UNKNOWN_KEY, [
            "2: injury_date: 2017-03-01 is after the request_date 2017-02-01",
            "3: diagnosis: unknown key",
        ]),
    ],
    ids=["every bad date, not only the first", "impossible dates on their lines", "a duplicate key beside a bad date",
         "impossible dates beside other problems"],
)
def test_every_problem_of_a_case_file_is_reported_with_its_line(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_case(path)
    assert [str(p).removeprefix(f"{path}:") for p in caught.value.problems] == expected


def test_dates_that_fit_together_are_read(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("""\
request_date: 2017-02-01
injury_date: 2017-02-01
medications: [{name: Lorazepam, started: 2017-01-20, stopped: 2017-01-20}, {name: Norco, stopped: 2016-01-01}]
requests: [CBC]
""")
    assert read_case(path).medications[0].stopped.isoformat() == "2017-01-20"
