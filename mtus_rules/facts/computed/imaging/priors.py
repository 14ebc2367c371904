"""Earlier studies of the region an item asks to image.

A repeat MRI needs a change since the last one, and plain radiographs usually come first;
so these facts look for a study of the same modality, region and side documented as done:
dated, or written with its result ("showed", "was normal", "X-rays were negative": a negative
result negates the findings, not the study). The study being asked for
("MRI to rule out a herniated disc", "the requested MRI") is not an earlier one, nor is a
study dated the day an item asks for after the fact ("Retro MRI ... DOS 1/5/2017").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.imaging.reading import Source, finding, first_found, place, places, wrong_side
from mtus_rules.facts.computed.imaging.study import Study, study
from mtus_rules.facts.computed.named import names_class
from mtus_rules.reading.dates import find_dates

__all__ = ["prior_study_same_region", "prior_radiographs_same_region"]

_MONTH_YEAR = re.compile(r"\b\d{1,2}/(?:19|20)\d\d\b")


@register("prior_study_same_region", "bool")
def prior_study_same_region(ctx: Context) -> Fact | None:
    """An earlier MRI, CT or bone scan of the requested region (same side) is documented as
    done; false when it is denied, or when a non-empty record mentions none."""
    found = study(ctx, ("imaging",))
    if found is None or not found.regions:
        return None
    verdict = _earlier(ctx, found, "advanced_imaging")
    item = ctx.request.item
    after_the_fact = names_class(ctx.lexicon, "img_retrospective_words", item) and not find_dates(item)
    if after_the_fact and verdict is not None and verdict.value:
        return None  # a study done may be the one asked for after the fact: cannot tell
    if verdict is None and ctx.record.clauses:
        return Fact(False, "summary: no earlier MRI, CT or bone scan of this region is mentioned")
    return verdict


@register("prior_radiographs_same_region", "bool")
def prior_radiographs_same_region(ctx: Context) -> Fact | None:
    """Plain radiographs (x-rays) of the requested region are documented as done."""
    found = study(ctx, ("imaging", "radiograph"))
    if found is None or not found.regions:
        return None
    return _earlier(ctx, found, "plain_radiographs")


def _earlier(ctx: Context, found: Study, modality: str) -> Fact | None:
    """A study of ``modality`` of the item's region and side: true when documented as done,
    false when denied."""
    here, others = places(found, spine=False)
    service_dates = _dates(ctx.request.item)

    def read(source: Source) -> Iterator[Fact]:
        for m in source.mentions(modality):
            clause = source.clause_of(m)
            if wrong_side(found, source, clause) or place(source, here, others, clause, m.start) != "here":
                continue
            sentence = source.span(source.sentence(clause))
            if service_dates & _dates(sentence):
                continue  # the study the item asks for after the fact
            if m.negated and not m.uncertain:
                yield finding(source, m, source.has("img_study_result_words", [clause]))
            elif not m.uncertain and not source.has("img_study_planned_words", [clause]):
                dated = bool(find_dates(sentence) or _MONTH_YEAR.search(sentence))
                if dated or source.has("img_study_done_words", [clause]):
                    yield finding(source, m, True)

    return first_found(ctx, read)


def _dates(text: str) -> set[dt.date]:
    return {day for day, _, _ in find_dates(text)}
