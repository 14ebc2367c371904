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

__all__ = ["sessions", "counts", "days", "supply_days"]

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
    for match in _TIMES_DONE.finditer(text):
        inside = any(start <= match.start() < end for _, start, end in found)
        if not inside and not re.search(r"\d\s*$", text[: match.start()]):
            found.append((int(match.group("n")), match.start(), match.end()))
    return found


# "PT x12", "chiropractic x 6" in a history: a count, unless part of a rate or grid ("2x4",
# "2x/week x 4 weeks") or a duration ("x 4 weeks")
_TIMES_DONE = re.compile(r"\bx\s?(?P<n>\d{1,2})\b(?!\s*(?:mg|ml|%|/|weeks?|wks?|days?|months?))", re.IGNORECASE)


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


# --- a drug's supply: what a prescription asks for, in days -----------------------------------
# "#90", "qty 90", "quantity: 90"; else "90 tablets" (not a dose: "1-2 tablets" is one)
_QUANTITY = re.compile(r"(?:#\s*|\bqty:?\s*|\bquantity:?\s*)(?P<n>\d{1,4})\b", re.IGNORECASE)
_UNITS = re.compile(r"(?<![-\d]\s)(?<![-\d])\b(?P<n>\d{2,4})\s+(?:tablets?|tabs?|capsules?|caps?|pills?|patch(?:es)?)\b", re.IGNORECASE)
# units a dose: "one", "1 tab", "1-2 tablets", "two capsules" (the larger of a range: the fewest days)
_DOSE = rf"(?:(?P<dose>{_N}|\d(?:\.\d)?)(?:\s*(?:-|to)\s*(?P<dose_high>\d|{_WORDS}))?\s*(?:tablets?|tabs?|capsules?|caps?|pills?|po)?\s*)?"
_PER_DAY_WORDS = {
    "qd": 1, "daily": 1, "once daily": 1, "once a day": 1, "every day": 1, "qhs": 1, "hs": 1, "at bedtime": 1,
    "nightly": 1, "every night": 1, "at night": 1, "bid": 2, "twice daily": 2, "twice a day": 2, "tid": 3,
    "qid": 4,
}
_FREQUENCY = re.compile(
    rf"\b{_DOSE}(?:"
    rf"(?P<word>{'|'.join(sorted((re.escape(w) for w in _PER_DAY_WORDS), key=len, reverse=True))})"
    rf"|(?P<times>{_N})\s+times?\s+(?:a|per|each)?\s*day|(?P<times2>{_N})\s+times?\s+daily"
    rf"|(?:every|q)\s*(?P<hours>\d{{1,2}})\s*(?:-\s*\d{{1,2}}\s*)?(?:hours?|hrs?|h)"
    rf")\b",
    re.IGNORECASE,
)
_REFILLS = re.compile(
    rf"\b(?:(?P<n>{_N})\s+refills?|refills?:?\s*(?:x\s*)?(?P<m>\d{{1,2}}|{_WORDS})|rf\s*x?\s*(?P<k>\d{{1,2}}))\b", re.IGNORECASE
)
_SUPPLY_DURATION = re.compile(
    rf"\b(?:(?:for|x|times)\s+(?P<n>{_N})\s*(?P<unit>days?|weeks?|months?)|(?P<m>{_N})[\s-]*(?P<unit2>days?|weeks?|months?)\s+supply)\b",
    re.IGNORECASE,
)


def supply_days(text: str) -> tuple[float, str] | None:
    """Days of a drug an item asks for, and the words that say so: a stated duration ("for
    3 months", "30 day supply") or the quantity over the daily dose ("#90, one three times
    daily" is 30 days), refills multiplying the quantity; the longer when both are given.
    None when the item states neither (a bare "#60" says no duration)."""
    stated = _stated_days(text)
    dispensed = _dispensed_days(text)
    found = [f for f in (stated, dispensed) if f is not None]
    return max(found, key=lambda f: f[0]) if found else None


def _stated_days(text: str) -> tuple[float, str] | None:
    best = None
    for match in _SUPPLY_DURATION.finditer(text):
        n = _value(match.group("n") or match.group("m"))
        unit = (match.group("unit") or match.group("unit2")).lower().rstrip("s")
        if n and (best is None or n * _UNIT_DAYS[unit] > best[0]):
            best = (float(n * _UNIT_DAYS[unit]), match.group())
    return best


def _dispensed_days(text: str) -> tuple[float, str] | None:
    quantity, frequency = _QUANTITY.search(text) or _UNITS.search(text), _FREQUENCY.search(text)
    if quantity is None or frequency is None:
        return None
    units = _value(quantity.group("n"))
    per_day = _per_day(frequency)
    if not units or not per_day:
        return None
    refills = _refills(text)
    days = units / per_day * (1 + (refills[0] if refills else 0))
    words = f"{quantity.group().strip()}, {frequency.group().strip()}" + (f", {refills[1]}" if refills else "")
    return round(days, 1), words


def _per_day(match: re.Match[str]) -> float | None:
    """Units taken a day: doses a day times units a dose."""
    dose = _value(match.group("dose_high") or match.group("dose") or "1")
    if match.group("word"):
        times: float | None = _PER_DAY_WORDS[match.group("word").lower()]
    elif match.group("hours"):
        hours = int(match.group("hours"))
        times = 24 / hours if 0 < hours <= 24 else None
    else:
        times = _value(match.group("times") or match.group("times2"))
    return dose * times if dose and times else None


def _refills(text: str) -> tuple[int, str] | None:
    match = _REFILLS.search(text)
    if match is None:
        return None
    n = _value(match.group("n") or match.group("m") or match.group("k"))
    return (n, match.group()) if n is not None else None
