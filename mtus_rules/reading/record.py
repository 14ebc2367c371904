"""A clinical summary read once: its clinical clauses and the date each sentence speaks of.

Two kinds of sentence are left out of fact finding, because they describe no finding:

* the administrative history ("utilization review determined ... not medically
  necessary", "the claims administrator authorized six sessions"), which restates the
  earlier denial and says nothing about the patient;
* quoted guideline text ("The MTUS guidelines indicate that benzodiazepines ...") and
  the sentences that carry it on without returning to the patient.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mtus_rules.reading.dates import find_dates
from mtus_rules.reading.text import Clause, PhraseMatcher, clauses, normalize

__all__ = ["Record", "analyze", "PLANNED"]

_ADMINISTRATIVE = PhraseMatcher(
    (phrase, "admin")
    for phrase in (
        "utilization review", "UR", "claims administrator", "IMR", "independent medical review",
        "request for authorization", "RFA", "original request", "authorized", "authorization",
        "non-certified", "noncertified", "non-certification", "certified", "medically necessary",
        "modified the request", "appealed", "appeal", "denied the request", "failed to approve",
        "approved", "determination", "adjuster", "was denied", "were denied", "been denied",
        "previously denied", "denied due to", "was modified", "were modified", "prior review",
        "previous review", "peer review", "non certified", "not certified", "denial",
    )
)
# A restated denial often goes on in a sentence with no word of the claim in it: "There was
# no documentation of muscle spasms." After an administrative sentence, such talk about the
# documentation is the reviewer's reasoning, not a finding about the patient.
_RESTATING = PhraseMatcher(
    (phrase, "restating")
    for phrase in (
        "documentation", "documented", "indication for", "no indication", "no evidence", "lack of",
        "medical necessity", "not supported", "support the", "supported", "rationale", "insufficient",
    )
)
# Clauses about care not (yet) given: a plan, a request, a recommendation.
PLANNED = PhraseMatcher(
    (phrase, "plan")
    for phrase in (
        "request", "requested", "requesting", "recommend", "recommended", "recommendation", "plan",
        "planned", "authorization", "will", "would", "to start", "to begin", "pending", "scheduled",
        "referral", "referred", "ordered", "rfa", "pursue", "consider", "considering", "contemplating",
        "proposed", "to obtain", "should", "plan to", "plans to", "planning",
    )
)
_GUIDELINE = PhraseMatcher(
    (phrase, "guideline")
    for phrase in (
        "guideline", "guidelines", "MTUS", "ACOEM", "ODG", "official disability", "utilization schedule",
    )
)
_PATIENT = PhraseMatcher(
    (phrase, "patient")
    for phrase in (
        "patient", "injured worker", "worker", "applicant", "claimant", "employee", "individual",
        "he", "she", "his", "her", "him", "provider", "physician", "this medication", "the request",
    )
)


@dataclass(frozen=True)
class Record:
    """``clauses`` are the clinical ones; ``administrative`` those about the claim's history."""

    text: str
    clauses: tuple[Clause, ...]
    sentence_dates: dict[int, dt.date]
    administrative: tuple[Clause, ...] = ()

    def planned(self, clause: Clause) -> bool:
        """Whether a clause speaks of care planned or requested rather than given."""
        return PLANNED.any_in(clause.keys)

    def sentence_text(self, sentence: int) -> str:
        spans = [c for c in self.clauses if c.sentence == sentence]
        return self.text[spans[0].start : spans[-1].end] if spans else ""

    def quote(self, start: int, end: int, width: int = 60) -> str:
        """The whole words around a span, for evidence a person can check."""
        left, right = max(0, start - width), min(len(self.text), end + width)
        if _inside_word(self.text, left):
            left = self.text.find(" ", left, start) + 1 or start
        if _inside_word(self.text, right):
            right = max(self.text.rfind(" ", end, right), end)
        prefix = "…" if left else ""
        suffix = "…" if right < len(self.text) else ""
        return f"{prefix}{self.text[left:right].strip()}{suffix}"


def _inside_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def analyze(summary: str) -> Record:
    text = normalize(summary)
    kept: list[Clause] = []
    claim: list[Clause] = []
    dates: dict[int, dt.date] = {}
    current: dt.date | None = None
    quoting = restating = False
    written = _Dates(text)
    for sentence, group in _by_sentence(clauses(text)):
        kinds = _KINDS.labels_of(group[0].keys if len(group) == 1 else [k for c in group for k in c.keys])
        administrative = "admin" in kinds or (restating and "restating" in kinds)
        restating = administrative
        guideline = "guideline" in kinds
        quoting = guideline or (quoting and "patient" not in kinds)
        first = written.first_in(group[0].start, group[-1].end)
        if administrative and not guideline:
            claim.extend(group)
        if administrative or quoting:
            current = None
            continue
        if first is not None:
            current = first
        if current is not None:
            dates[sentence] = current
        kept.extend(group)
    return Record(text, tuple(kept), dates, tuple(claim))


class _Dates:
    """Every date in the text, found once and dealt to the sentences in text order."""

    def __init__(self, text: str):
        self._found = find_dates(text)
        self._next = 0

    def first_in(self, start: int, end: int) -> dt.date | None:
        """The first date written in ``start``..``end``; spans must come in text order."""
        found, at = self._found, self._next
        while at < len(found) and found[at][1] < start:
            at += 1
        self._next = at
        return found[at][0] if at < len(found) and found[at][1] < end else None


# The kinds of sentence, found in one pass: the four lists are independent.
_KINDS = PhraseMatcher((
    (phrase, kind)
    for matcher, kind in ((_ADMINISTRATIVE, "admin"), (_RESTATING, "restating"), (_GUIDELINE, "guideline"), (_PATIENT, "patient"))
    for phrase in matcher.phrases
), independent=True)


def _by_sentence(all_clauses: list[Clause]) -> list[tuple[int, list[Clause]]]:
    groups: dict[int, list[Clause]] = {}
    for clause in all_clauses:
        groups.setdefault(clause.sentence, []).append(clause)
    return list(groups.items())

