"""How much is asked for: sessions in a therapy request, days in a rental or a course.

Requests write amounts many ways: "2x4", "2 times a week for 4 weeks", "3 visits per week
for 2 weeks", "(12 sessions)", "Twelve physical therapy visits", "#6", "times 6",
"QTY: 2". A stated total wins over a frequency times a duration, which wins over a bare
count ("#6"), because the total is what the provider meant and the others are how they
got there. Text that states no amount gives None: never a guess.
"""

from __future__ import annotations

import re

from mtus_rules.reading.dates import NUMBER_WORDS, number

__all__ = ["sessions", "counts", "days"]

_WORDS = "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True))
_N = rf"(?:\d{{1,3}}|{_WORDS})"
_UNIT = r"(?:sessions?|visits?|treatments?|appointments?)"

# "(12 sessions)", "12 visits", "Eight physical therapy sessions", "twelve infrared acupuncture visits"
_TOTAL = re.compile(rf"\b(?P<n>{_N})\s+(?:[a-z/-]+\s+){{0,3}}?{_UNIT}\b", re.IGNORECASE)
# "2x4", "2 x 4 weeks", "2x/week x 4 weeks", "2 times a week for 4 weeks", "3 visits per week for 2 weeks"
_RATE = re.compile(
    rf"\b(?:(?P<per>{_N})\s*(?:x|times?|{_UNIT})|(?P<word>once|twice|thrice))\s*(?:/|a|an|per|each)?\s*(?:week|wk)?(?:ly)?\s*"
    rf"(?:x|for|over|times)\s*(?P<weeks>{_N})\b(?:\s*(?:weeks?|wks?))?",
    re.IGNORECASE,
)
# "2x4", "3 x 6": visits per week by weeks
_GRID = re.compile(r"\b(?P<per>\d)\s*x\s*(?P<weeks>\d{1,2})\b(?!\s*(?:mg|ml|%))", re.IGNORECASE)
# "#6", "x6", "x 6", "times 6", "QTY: 2", "quantity 12"
_COUNT = re.compile(rf"(?:#\s*|\bx\s*|\btimes\s+|\bqty:?\s*|\bquantity:?\s*)(?P<n>{_N})\b", re.IGNORECASE)

_DAYS = re.compile(
    rf"\b(?:(?P<low>{_N})\s*(?:-|to)\s*)?(?P<n>{_N})[\s-]*(?P<unit>days?|weeks?|months?)\b", re.IGNORECASE
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


def _value(text: str) -> int | None:
    found = number(text)
    return int(found) if found is not None and found == int(found) else None


def sessions(text: str) -> tuple[int, str] | None:
    """The number of sessions an item asks for, and the words that say so."""
    for match in _TOTAL.finditer(text):
        n = _value(match.group("n"))
        if n and not _is_rate(text, match):
            return n, match.group()
    for match in (*_RATE.finditer(text), *_GRID.finditer(text)):
        per, weeks = _per_week(match), _value(match.group("weeks"))
        if per and weeks:
            return per * weeks, match.group()
    for match in _COUNT.finditer(text):
        n = _value(match.group("n"))
        if n:
            return n, match.group()
    return None


def counts(text: str) -> list[tuple[int, int, int]]:
    """Every session count in a text, as (count, start, end): to pair counts with treatments."""
    found = []
    for match in _TOTAL.finditer(text):
        n = _value(match.group("n"))
        if n and not _is_rate(text, match):
            found.append((n, match.start(), match.end()))
    for match in (*_RATE.finditer(text), *_GRID.finditer(text)):
        per, weeks = _per_week(match), _value(match.group("weeks"))
        if per and weeks:
            found.append((per * weeks, match.start(), match.end()))
    return found


_TIMES = {"once": 1, "twice": 2, "thrice": 3}


def _per_week(match: re.Match[str]) -> int | None:
    word = match.groupdict().get("word")
    return _TIMES[word.lower()] if word else _value(match.group("per"))


def _is_rate(text: str, match: re.Match[str]) -> bool:
    """'3 visits per week for 2 weeks' states a rate, not a total of 3."""
    return re.match(r"\s*(?:per|a|each)\s+week|\s*/\s*w", text[match.end() : match.end() + 12], re.IGNORECASE) is not None


def days(text: str) -> tuple[int, str] | None:
    """The longest duration an item states ("30 day rental", "3 month rental", "7-10 days"), in days."""
    best: tuple[int, str] | None = None
    for match in _DAYS.finditer(text):
        n = _value(match.group("n"))
        if not n:
            continue
        unit = match.group("unit").lower().rstrip("s")
        total = n * _UNIT_DAYS[unit]
        if best is None or total > best[0]:
            best = (total, match.group())
    return best
