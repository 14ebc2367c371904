"""Dates as summaries write them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings, strategies as st

from mtus_rules.reading import dates
from mtus_rules.reading.dates import duration_weeks, find_dates, parse_date

_WITHOUT_LOOKAHEAD = re.compile(dates._DATE.pattern.replace("(?=[0-9adfjmnos])", ""), re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On October 28, 2016, the applicant reported", dt.date(2016, 10, 28)),
        ("seen on 10-19-16 for", dt.date(2016, 10, 19)),
        ("dated 11/25/2016", dt.date(2016, 11, 25)),
        ("MRI 2016-03-04", dt.date(2016, 3, 4)),
        ("Sept. 3rd, 2015 visit", dt.date(2015, 9, 3)),
        ("in March 2016", dt.date(2016, 3, 1)),
        ("UDS 10/2016 appropriate", dt.date(2016, 10, 1)),
    ],
)
def test_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_impossible_dates_are_not_dates() -> None:
    assert find_dates("on 02/30/2016 and 13/01/2016") == []


def test_a_month_and_year_is_no_dose_or_score() -> None:
    """MM/YYYY needs a four-digit year and stands alone: not "Norco 10/325", "7/10", "13/2016"."""
    assert find_dates("Norco 10/325, pain 7/10, 13/2016, 1/20160") == []
    assert [d for d, _, _ in find_dates("seen 10/15/2016 and 11/2016")] == [dt.date(2016, 10, 15), dt.date(2016, 11, 1)]


def test_durations() -> None:
    day = dt.date(2017, 1, 1)
    assert duration_weeks("for the past 6 months", day) == (26.0, "for the past 6 months")
    assert duration_weeks("since 2016", day)[0] == pytest.approx(52.3, abs=0.1)
    assert duration_weeks("for a while", day) is None


pieces = st.sampled_from(["Jan", "january", "Oct.", "Sept", "may", "12", "3rd", "2016", "99", "/", "-", ",", " ", "x", "Mar 5"])


@given(st.lists(pieces, max_size=20).map("".join))
def test_the_fast_path_finds_what_the_full_pattern_finds(text: str) -> None:
    """The lookahead only skips places where no date can start."""
    assert [m.span() for m in dates._DATE.finditer(text)] == [m.span() for m in _WITHOUT_LOOKAHEAD.finditer(text)]


# a word, maybe a month, then marks, white space and a number: where a date may start
_date_like = st.tuples(
    st.sampled_from(["Oct", "Sept", "may", "ſept", "APRİL", "x", "_"]),
    st.sampled_from(["", ".", ",", ".,"]),
    st.sampled_from(["", " ", "  ", "\n", "\u00a0"]),
    st.sampled_from(["3", "31st", "2016", "3, 2016", "2016-3-4-17", "1/2/2016", "10/2016", "\u0663"]),
).map("".join)
_noise = st.sampled_from([" ", "-", "/", ",", "9", "x"])


@settings(max_examples=300)
@given(st.lists(st.one_of(_date_like, _noise), max_size=6).map("".join))
def test_dates_are_what_the_pattern_finds_scanning_every_place(text: str) -> None:
    """``find_dates`` tries the pattern only at a number and at the word before it; scanning
    the whole text (the plain reading) finds the same dates, and odd letters never crash."""
    plain = [(m.group(), m.span()) for m in dates._DATE.finditer(text)]
    assert [(text[start:end], (start, end)) for _, start, end in find_dates(text)] == [
        (words, span) for words, span in plain if parse_date(words) is not None
    ]


def test_letters_that_fold_to_a_month_name_read_as_it() -> None:
    assert [d for d, _, _ in find_dates("on ſept 3, 2015 and APRİL 2016")] == [dt.date(2015, 9, 3), dt.date(2016, 4, 1)]


@pytest.mark.parametrize(("text", "weeks"), [("taking Norco since 10/15", 61.0), ("on tramadol since 03/2016", 39.3)])
def test_since_a_month_and_year(text: str, weeks: float) -> None:
    """Issue 11: durations "since MM/YY" count from the first of that month."""
    found = duration_weeks(text, dt.date(2016, 12, 1))
    assert found is not None and round(found[0], 1) == weeks


def test_since_an_impossible_month_is_no_duration() -> None:
    assert duration_weeks("since 13/15", dt.date(2016, 12, 1)) is None
