"""Dates and durations as clinical summaries write them.

"On October 28, 2016, the applicant reported ..." dates the sentence; "for the past
6 months" and "since 2014" state a duration. Neither is ever guessed: text that does not
parse gives nothing.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["find_dates", "parse_date", "duration_weeks", "NUMBER_WORDS", "number"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = re.compile(
    # the lookahead rejects at once the many places no date can start (a digit or a month's initial)
    r"\b(?=[0-9adfjmnos])(?:"
    + _MONTH
    + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
    + r"|(?P<m2>\d{1,2})[/-](?P<d2>\d{1,2})[/-](?P<y2>(?:19|20)?\d\d)"
    + r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
    + r"|"
    + _MONTH.replace("month", "m4")
    + r",?\s+(?P<y4>(?:19|20)\d\d)"
    # "UDS 10/2016": a month, like "March 2016" (a four-digit year, so not a dose "10/325")
    + r"|(?<!/)(?P<m5>\d{1,2})/(?P<y5>(?:19|20)\d\d)(?![/\d])"
    + r")\b",
    re.IGNORECASE,
)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty": 20, "twenty-four": 24, "thirty": 30, "several": 3, "few": 2,
}
_UNIT_WEEKS = {"day": 1 / 7, "week": 1, "month": 52 / 12, "year": 52}
_NUM = r"(?P<n>\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_FOR = re.compile(
    r"\b(?:for|over|x|times|in the)\s+(?:the\s+)?(?:(?:past|last|previous|prior|at\s+least|approximately|about|nearly|almost|over|more\s+than)\s+)*"
    + _NUM
    + r"\s*(?:\+\s*)?(?P<unit>day|week|month|year)s?\b",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"\bsince\s+(?:(?P<text>[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}|[A-Za-z]+\.?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}-\d{1,2}-\d{2,4})"
    r"|(?P<mm>\d{1,2})/(?P<yy>(?:19|20)?\d\d)(?![/\d])|(?P<year>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)


def number(word: str) -> float | None:
    word = word.lower()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 50 else 1900) if year < 100 else year


def _build(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> dt.date | None:
    if m.group("month"):
        return _build(int(m.group("year")), _month(m.group("month")), int(m.group("day")))
    if m.group("m2"):
        return _build(_year(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    if m.group("y3"):
        return _build(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    if m.group("m5"):
        return _build(int(m.group("y5")), int(m.group("m5")), 1)
    return _build(int(m.group("y4")), _month(m.group("m4")), 1)


# Matching without case, the pattern takes these non-ASCII letters for i, i and s ("ſept"):
# read as those, not as a month name no one knows (a crash on odd text).
_ASCII_LETTERS = str.maketrans("İıſ", "iis")


def _month(name: str) -> int:
    return _MONTHS[name.translate(_ASCII_LETTERS).lower()]


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every date written in the text, with its span: what ``_DATE.finditer`` finds, tried
    only where a date can start. Every date has a digit, and its first digit starts a run of
    digits; the date starts there or at the month name before it ("October 28", "Oct., 2016").
    So the pattern is tried at those few places, left to right, past the end of the last date,
    instead of at every word (a quarter of a letter's reading time, else)."""
    found = []
    end = 0
    for digits in (_ASCII_DIGITS if text.isascii() else _DIGITS).finditer(text):
        at, stop = digits.span()
        # a date written in numbers goes on with a "/" or a "-" after its first number
        numeric = at if text[stop : stop + 1] in ("/", "-") else -1
        month = _month_start(text, at) if text[at - 1 : at].isspace() else -1  # a month name ends before a space
        for start in (month, numeric):
            m = _DATE.match(text, start) if start >= end else None
            if m is not None:
                day = _from_match(m)
                if day is not None:
                    found.append((day, m.start(), m.end()))
                end = m.end()
                break
    return found


_DIGITS = re.compile(r"\d+")
_ASCII_DIGITS = re.compile(r"[0-9]+")  # the same in ASCII text, and found faster


def _month_start(text: str, at: int) -> int:
    """Where a month name before the number at ``at`` would start: the letters before the
    white space (there is some: see ``find_dates``) and a "," and a "." that precede it; -1 if
    there are none."""
    i = at - 1
    while i and text[i - 1].isspace():
        i -= 1
    if i and text[i - 1] == ",":
        i -= 1
    if i and text[i - 1] == ".":
        i -= 1
    letters = i
    while letters and text[letters - 1].isalpha():
        letters -= 1
    return letters if letters < i else -1


def parse_date(text: str) -> dt.date | None:
    """A date written alone (as in a letter header), or None."""
    m = _DATE.search(text)
    return _from_match(m) if m else None


def _since(m: re.Match[str]) -> dt.date | None:
    """The start a "since" gives: a date, a month ("since 10/15": October 2015) or a year."""
    if m.group("text"):
        return parse_date(m.group("text"))
    if m.group("mm"):
        month = int(m.group("mm"))
        return _build(_year(m.group("yy")), month, 1) if 1 <= month <= 12 else None
    return _build(int(m.group("year")), 1, 1)


def duration_weeks(text: str, day: dt.date) -> tuple[float, str] | None:
    """The longest duration the text states ("for 6 months", "since 2014"), in weeks, with its words."""
    found: list[tuple[float, str]] = []
    for m in _FOR.finditer(text):
        n = number(m.group("n"))
        if n is not None:
            found.append((n * _UNIT_WEEKS[m.group("unit").lower()], m.group()))
    for m in _SINCE.finditer(text):
        start = _since(m)
        if start is not None and start <= day:
            found.append(((day - start).days / 7, m.group()))
    return max(found, default=None, key=lambda f: f[0])
