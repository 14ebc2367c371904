"""Whether the requested drug helped: the outcome of its medications entry, else what a
sentence about the drug says of it.

A sentence says a drug helped or failed in words ("Norco provides no relief") or in pain
scores ("from 8/10 to 4/10", "4/10 with Norco and 8/10 without"); scores win over words. A
sentence about "medications" speaks of a drug the record names as taken.
"""

from __future__ import annotations

import re

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.attribution import Item, about_item, item_of, only_item
from mtus_rules.facts.computed.medication_items import drug_matcher, requested_generics
from mtus_rules.reading.text import Clause, Mention, PhraseMatcher

__all__: list[str] = []

_HELPED, _FAILED, _NEUTRAL = "helped", "failed", "neutral"
# The readings exclude each other ("no relief" is failed, not also "relief" helped), so the
# longest phrase wins: a matcher of its own, not classes of the shared (independent) lexicon.
_EFFECT = PhraseMatcher(
    [
        *((p, _HELPED) for p in (
            "helps", "helped", "helpful", "beneficial", "benefit", "benefits", "relief", "pain relief",
            "improves", "improved", "improvement", "effective", "works well", "working well",
            "decreases pain", "decreased pain", "reduces pain", "reduced pain", "reduction in pain",
            "reduction of pain", "decrease in pain", "decreases his pain", "decreases her pain",
            "reduces his pain", "reduces her pain", "allows", "allowed", "able to",
        )),
        *((p, _FAILED) for p in (
            "no relief", "no pain relief", "without relief", "without pain relief", "minimal relief",
            "limited relief", "temporary relief", "little relief", "no benefit", "without benefit",
            "not beneficial", "no improvement", "without improvement", "did not help", "does not help",
            "not helpful", "not effective", "ineffective", "no longer effective", "not working",
            "stopped working", "failed", "failure", "did not improve", "no significant relief",
            "no significant improvement", "no lasting", "unable to tolerate", "could not tolerate",
            "did not tolerate", "intolerant", "intolerance",
        )),
        *((p, _NEUTRAL) for p in ("partial relief", "some relief", "mild relief")),
    ]
)
# Pain before and after the drug: "decreases pain from 8/10 to 4/10" (before first),
# "7/10 with medications and 9/10 without" (after first), "9/10 without and 7/10 with".
_SCORE = r"(\d{1,2}(?:\.\d)?)\s*/\s*10"
_SCORES = (
    (re.compile(rf"{_SCORE}\s+(?:down\s+)?to\s+{_SCORE}"), False),
    (re.compile(rf"{_SCORE}\s+with(?!out)\b.{{0,60}}?{_SCORE}\s+without", re.IGNORECASE), True),
    (re.compile(rf"{_SCORE}\s+without\b.{{0,60}}?{_SCORE}\s+with(?!out)\b", re.IGNORECASE), False),
)


@register("requested_drug_helped", "bool")
def requested_drug_helped(ctx: Context) -> Fact | None:
    """The requested drug gave documented relief (true) or failed or was not tolerated (false):
    a medications entry's outcome, else a sentence about the drug."""
    generics = tuple(requested_generics(ctx.request.item, ctx.vocabulary))
    if not generics:
        return None
    return ctx.once((__name__, generics), lambda: _helped(ctx, generics))


def _helped(ctx: Context, generics: tuple[str, ...]) -> Fact | None:
    # Drugs are not classes of the lexicon: the record is read for this drug once per case.
    drug = drug_matcher(ctx.vocabulary, generics)
    entries = [(i, m) for i, m in enumerate(ctx.case.medications) if m.outcome and drug.labels_in(m.name)]
    if entries:
        i, med = next(((i, m) for i, m in entries if m.outcome == "helped"), entries[0])
        return Fact(med.outcome == "helped", f"medications[{i}]: {med.name} ({med.outcome})")
    item = item_of(ctx)
    failed = None
    for mention in _about_drug(ctx, drug):
        effect = _effect(ctx, mention, item) if item else None
        quote = ctx.text.quote(mention, 60)
        if effect == _HELPED:
            return Fact(True, quote)
        if effect == _FAILED and failed is None:
            failed = Fact(False, quote)
    return failed


def _about_drug(ctx: Context, drug: PhraseMatcher) -> list[Mention]:
    """The drug's mentions, then, when the record names it as taken, those of the drugs taken
    ("7/10 without medications and 3/10 with medications" speaks of it too)."""
    named = list(drug.mentions(ctx.record.clauses))
    if not any(m.affirmed for m in named):
        return named
    return named + list(ctx.text.mentions("general_medication_terms"))


def _effect(ctx: Context, mention: Mention, item: Item) -> str | None:
    """What the sentence of a mention of the drug says of it: helped, failed or nothing.
    Words of effect count when they are about the drug (``attribution``); pain scores when
    the sentence names no other treatment."""
    sentence = ctx.text.sentences()[mention.sentence]
    scores = _scores_effect(ctx.record.text[sentence[0].start : sentence[-1].end]) if only_item(ctx, item, sentence) else None
    # "8/10 without and 4/10 with Norco": the scores say it, though "without" negates the clause
    if mention.uncertain or (mention.negated and scores is None):
        return None
    return scores or _words_effect(ctx, item, sentence)


def _scores_effect(text: str) -> str | None:
    for pattern, after_first in _SCORES:
        for match in pattern.finditer(text):
            first, second = float(match.group(1)), float(match.group(2))
            before, after = (second, first) if after_first else (first, second)
            if before != after:
                return _HELPED if after < before else _FAILED
    return None


def _words_effect(ctx: Context, item: Item, sentence: list[Clause]) -> str | None:
    """Helped or failed when the sentence's words about the drug say one of them only
    ("not helpful" is failed; "PT without improvement" says nothing of the drug)."""
    results = set()
    for mention in _EFFECT.mentions(sentence):
        if mention.uncertain or mention.label == _NEUTRAL:
            continue
        if not about_item(ctx, item, ctx.text.clause_of(mention), mention.start, sentence):
            continue
        results.add(_FAILED if mention.negated and mention.label == _HELPED else mention.label)
    return results.pop() if len(results) == 1 else None
