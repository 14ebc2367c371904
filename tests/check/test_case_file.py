"""Reading a case file: every problem at once, each with its line, impossible dates included."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InputError
from mtus_rules.case.model import read_case


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "case.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_case(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def test_every_bad_date_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = """\
request_date: 2017-02-30
injury_date: 2016-13-01
medications:
  - {name: Lorazepam 0.5 mg, started: 2017-01-40}
treatments: [{name: physical therapy, sessions: many}]
requests: [CBC]
"""
    assert problems(tmp_path, text) == [
        "1: request_date: '2017-02-30' is not a date (YYYY-MM-DD): day value is outside expected range",
        "2: injury_date: '2016-13-01' is not a date (YYYY-MM-DD): month value is outside expected range of 1-12",
        "4: medications.0.started: '2017-01-40' is not a date (YYYY-MM-DD): day value is outside expected range",
        "5: treatments.0.sessions: Input should be a valid integer, unable to parse string as an integer",
    ]


def test_impossible_dates_are_errors_naming_their_lines(tmp_path: Path) -> None:
    text = """\
request_date: 2017-02-01
injury_date: 2017-03-01
medications:
  - name: Lorazepam 0.5 mg
    started: 2017-01-20
    stopped: 2017-01-10
  - {name: Norco 10/325, started: 2017-05-01}
requests: ["Lorazepam 0.5mg #14"]
"""
    assert problems(tmp_path, text) == [
        "2: injury_date: 2017-03-01 is after the request_date 2017-02-01",
        "6: medications.0.stopped: 2017-01-10 is before started 2017-01-20",
        "7: medications.1.started: 2017-05-01 is after the request_date 2017-02-01",
    ]


def test_impossible_dates_are_listed_beside_other_problems(tmp_path: Path) -> None:
    text = """\
request_date: 2017-02-01
injury_date: 2017-03-01
diagnosis: [Insomnia]
requests: [CBC]
"""
    assert problems(tmp_path, text) == [
        "2: injury_date: 2017-03-01 is after the request_date 2017-02-01",
        "3: diagnosis: unknown key",
    ]


def test_dates_that_fit_together_are_read(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("""\
request_date: 2017-02-01
injury_date: 2017-02-01
medications: [{name: Lorazepam, started: 2017-01-20, stopped: 2017-01-20}, {name: Norco, stopped: 2016-01-01}]
requests: [CBC]
""")
    assert read_case(path).medications[0].stopped.isoformat() == "2017-01-20"
