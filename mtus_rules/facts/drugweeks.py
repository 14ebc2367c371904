"""How long a drug has been taken by the request date.

From the medications entries when the provider gave them (dates or weeks); else from the
summary: the longest of a duration stated beside the drug ("for the past 6 months",
"since 2014") and the time since the earliest dated note that mentions it ("On June 2,
2016, clonazepam was prescribed"). Plans and requests ("the plan included tramadol") are
not use. A dated note gives a lower bound: use may have begun before the first record.

Two more questions about the same course: ``new_start`` (0 weeks for a drug written as
started now, when no earlier use is on record) and ``with_supply`` (the course a request
would make, with the supply it asks for: duration limits are on the whole course).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

from engine.trace import Fact
from mtus_rules.case.model import Case
from mtus_rules.reading.dates import duration_weeks
from mtus_rules.reading.quantities import supply_days
from mtus_rules.reading.record import Record
from mtus_rules.reading.text import Mention, PhraseMatcher

__all__ = ["weeks_on", "with_supply", "new_start", "without_start_dates"]


def weeks_on(case: Case, record: Record, day: dt.date, drug: PhraseMatcher) -> Fact | None:
    """Weeks the drug ``drug`` matches had been taken on ``day``; None when the record does not say."""
    structured = list(_from_fields(case, day, drug))
    if structured:
        return max(structured, key=lambda f: f.value)
    return _from_text(record, day, drug)


def _from_fields(case: Case, day: dt.date, drug: PhraseMatcher) -> Iterator[Fact]:
    for i, med in enumerate(case.medications):
        if not drug.labels_in(med.name):
            continue
        if med.weeks is not None:
            yield Fact(med.weeks, f"medications[{i}].weeks")
        elif med.started is not None:
            end = min(med.stopped or day, day)
            yield Fact(round(max(0, (end - med.started).days) / 7, 1), f"medications[{i}].started {med.started}")


def _from_text(record: Record, day: dt.date, drug: PhraseMatcher) -> Fact | None:
    best: tuple[float, str] | None = None
    for mention in _taken(record, drug):
        if mention.negated:
            continue
        dated = record.sentence_dates.get(mention.sentence)
        if dated is not None and dated <= day:
            weeks = (day - dated).days / 7
            if best is None or weeks > best[0]:
                best = (weeks, f"noted on {dated.isoformat()}: “{record.quote(mention.start, mention.end)}”")
        stated = duration_weeks(record.sentence_text(mention.sentence), day)
        if stated is not None and (best is None or stated[0] > best[0]):
            best = (stated[0], f"summary: “{record.quote(mention.start, mention.end)}” ({stated[1]})")
    return Fact(round(best[0], 1), best[1]) if best else None


def _taken(record: Record, drug: PhraseMatcher) -> Iterator[Mention]:
    """The drug's mentions outside clauses about plans. Most clauses name no drug, so the
    drug is looked for first and a clause read for a plan only where it is named."""
    for clause in record.clauses:
        found = list(drug.mentions([clause]))
        if found and not record.planned(clause):
            yield from found


def with_supply(so_far: Fact | None, item: str) -> tuple[Fact | None, Fact | None]:
    """The course a request would make, in weeks: use so far plus the supply the item asks
    for ("#90, one three times daily" is 30 days; "for 3 months"; refills multiply).

    Two facts, like the sessions of a therapy course: ``course`` is known when the use so
    far is (an item that states no supply adds nothing it does not say); ``least`` is known
    when either part is, counting an unknown part as none, so a limit the request alone
    already exceeds is exceeded whatever the record leaves out.
    """
    supply = supply_days(item)
    asked = Fact(round(supply[0] / 7, 1), f"item: “{supply[1]}”") if supply else None
    parts = [p for p in (so_far, asked) if p is not None]
    if not parts:
        return None, None
    least = parts[0] if len(parts) == 1 else _sum(parts)
    if so_far is None:
        return None, least
    return (least if asked else Fact(so_far.value, f"{so_far.source} (the item states no supply)")), least


def _sum(parts: list[Fact]) -> Fact:
    return Fact(round(sum(float(p.value) for p in parts), 1), " + ".join(f"{p.value} weeks ({p.source})" for p in parts))


def new_start(record: Record, drug: PhraseMatcher, words: PhraseMatcher, item: str, item_words: PhraseMatcher) -> Fact | None:
    """0 weeks when the drug is written as started now ("first-time request for Norco",
    "cyclobenzaprine was newly prescribed") or the item asks for a trial ("Trial of
    Lyrica"); None otherwise. Only for when ``weeks_on`` finds no earlier use: a drug named
    in earlier dated notes is a continuation. Reads every clinical sentence, requests too:
    "first-time request" is said of a request."""
    if drug.labels_in(item) and item_words.labels_in(item):
        return Fact(0, f"item: “{item}” (a new start)")
    for mention in _starts(record, drug, words):
        return Fact(0, f"summary: “{record.quote(mention.start, mention.end)}” (a new start)")
    return None


def without_start_dates(record: Record, drug: PhraseMatcher, words: PhraseMatcher) -> Record:
    """The record with no date on the sentences that write the drug as started now: the
    note that first prescribes it ("On 01/06/2017 cyclobenzaprine was newly prescribed")
    begins the course the request asks for, so its date is not earlier use. A duration
    stated there ("started 3 weeks ago") still is."""
    started = {m.sentence for m in _starts(record, drug, words)}
    if not started:
        return record
    return replace(record, sentence_dates={s: d for s, d in record.sentence_dates.items() if s not in started})


def _starts(record: Record, drug: PhraseMatcher, words: PhraseMatcher) -> list[Mention]:
    """Affirmed new-start wording in the sentences that name the drug."""
    sentences = {m.sentence for m in drug.mentions(record.clauses) if not m.negated}
    return [m for m in words.mentions(c for c in record.clauses if c.sentence in sentences) if m.affirmed]
