"""The front of a letter, before its issues: the header fields, the reviewer, the case summary.

Header labels and values may come in any order or on other lines (the PDF's text has other
line breaks): each is found by its wording, never by its place on the page.
"""

from __future__ import annotations

import re

from mtus_rules.letters.labels import CaseBlind, lower_ascii
from mtus_rules.reading.dates import find_dates

__all__ = ["header", "reviewer", "summary"]

_SUMMARY = re.compile(r"CLINICAL CASE SUMMARY")
_SUMMARY_INTRO = re.compile(r"The \w+(?: \w+)? reviewer developed the following clinical case summary[^:]{0,200}:\s*", re.I)
_HEADER_END = re.compile(
    r"HOW THE IMR FINAL DETERMINATION WAS MADE|The Expert Reviewer has the following credentials|CLINICAL CASE SUMMARY"
)


def summary(front: str) -> str:
    """The clinical case summary, without the sentence that introduces it."""
    heading = _SUMMARY.search(front)
    if heading is None:
        return ""
    body = front[heading.end() :].strip()
    intro = _SUMMARY_INTRO.match(body)
    return body[intro.end() :].strip() if intro else body


# Header ---------------------------------------------------------------------------------

_HEADER_LABELS = {
    "case number": "case_number", "date assigned": "date_assigned", "date of injury": "date_of_injury",
    "decision date": "decision_date", "ur denial date": "ur_denial_date", "received": "received_date",
    "received date": "received_date", "date received": "received_date", "priority": "priority",
}
# Each begins at the start of a word (the lookbehind after its first letters says so, as ``\b``
# before them would, but the engine can skip to those letters; see labels.py). Neither can begin
# inside the other, so scanned one after the other they find what one scan of both would.
_HEADER_LABEL = re.compile(
    r"(?P<label>[CcDdPpRrUu](?<!\w\w)(?i:(?<=c)ase number|(?<=d)ate assigned|(?<=d)ate of injury|(?<=d)ecision date|"
    r"(?<=u)r denial date|(?<=r)eceived date|(?<=d)ate received|(?<=r)eceived|(?<=p)riority))\s*:"
)
_CASE_NUMBER = re.compile(r"CM(?<!\wCM)\d{2}-\d{5,8}\b")


def header(front: str) -> dict[str, object]:
    """Header fields: labels and values may come in any order or on other lines.

    Labels queue up and values are taken in order — dates by date labels, the case
    number by its own, any other text by "Priority" — so "Date Assigned: Date of Injury:
    11/09/2016 10/13/2016" pairs as a reader would.
    """
    end = _HEADER_END.search(front)
    region = front[: end.start()] if end else front[:2000]
    tokens: list[tuple[int, int, str, object]] = [
        (m.start(), m.end(), "label", _HEADER_LABELS[m["label"].lower()]) for m in _HEADER_LABEL.finditer(region)
    ]
    cases = [m.span() for m in _CASE_NUMBER.finditer(region)]
    tokens += [(s, e, "case", region[s:e]) for s, e in cases]
    for day, start, stop in find_dates(region):
        if not any(s < stop and start < e for s, e in cases):
            tokens.append((start, stop, "date", day))
    tokens.sort(key=lambda t: t[0])
    return _pair(region, tokens)


def _pair(region: str, tokens: list[tuple[int, int, str, object]]) -> dict[str, object]:
    fields: dict[str, object] = {}
    waiting: list[str] = []
    position = 0
    for start, end, kind, value in tokens:
        if "priority" in waiting:  # never in ``waiting`` once in ``fields``
            gap = region[position:start].strip(" ,;")
            if gap:
                fields["priority"] = gap
                waiting.remove("priority")
        position = end
        if kind == "label":
            if value not in fields and value not in waiting:
                waiting.append(str(value))
            continue
        wanted = "case_number" if kind == "case" else next((w for w in waiting if w not in ("case_number", "priority")), None)
        if wanted is not None and wanted not in fields:
            fields[wanted] = value
            if wanted in waiting:
                waiting.remove(wanted)
    gap = region[position:].strip(" ,;") if "priority" in waiting else ""
    if gap:
        fields["priority"] = gap
    return fields


# Reviewer -------------------------------------------------------------------------------

_LICENSURE = CaseBlind(re.compile(r"[Ss\u017f](?i:(?<=s)tate\(?s?\)? of Licensure\s*:\s*)"), "state")  # [Ss]: see labels.py
_SPECIALTY = CaseBlind(re.compile(r"[Cc](?i:(?<=c)ertifications?\(?s?\)?\s*/\s*Specialt(?:y|ies)\s*:\s*)"), "certification")
# What follows a labelled credential: another label or the next heading.
_CREDENTIAL_NEXT = re.compile(
    r"[SsCcHh\u017f](?i:(?<=s)tate\(?s?\)? of Licensure|(?<=c)ertifications?\(?s?\)?\s*/\s*Specialt|"
    r"(?<=c)linical case summary|(?<=h)ow the imr)"
)
_BOARD = re.compile(r"Board Certified in (?P<value>[^.]{1,200}?)(?:,? and (?:is )?licensed|\.)", re.I)
_LICENSED = re.compile(r"licensed to practice in (?P<value>[^.]{1,200})\.", re.I)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_COMMA = re.compile(r"\s*,\s*")


def reviewer(front: str) -> dict[str, tuple[str, ...]]:
    """A ``Reviewer``'s fields: after their labels, else in the sentence that states them."""
    heading = _SUMMARY.search(front)
    front = front[: heading.start()] if heading else front
    lowered = lower_ascii(front)
    licensure = _labelled(front, lowered, _LICENSURE) or _phrase(front, _LICENSED)
    specialties = _labelled(front, lowered, _SPECIALTY) or _phrase(front, _BOARD)
    return {"licensure": _split_list(licensure, _LIST_SEPARATOR), "specialties": _split_list(specialties, _COMMA)}


def _labelled(front: str, lowered: str | None, label: CaseBlind) -> str:
    m = label.search(front, lowered)
    if m is None:
        return ""
    return front[m.end() : _credential_end(front, m.end())]


def _credential_end(front: str, start: int) -> int:
    """Where a credential that begins at ``start`` ends: at the white space before what follows
    it, else 300 characters on. The white space is stripped, not matched before every letter."""
    stop = _CREDENTIAL_NEXT.search(front, start)
    if stop is None:
        return min(len(front), start + 300)
    return start + len(front[start : stop.start()].rstrip())


def _phrase(front: str, pattern: re.Pattern[str]) -> str:
    m = pattern.search(front)
    return m.group("value") if m else ""


def _split_list(text: str, separator: re.Pattern[str]) -> tuple[str, ...]:
    return tuple(part.strip(" .") for part in separator.split(text) if part.strip(" ."))
