"""Medication facts computed from the record: what an item contains, and what the record
documents about a drug (its benefit, monitoring of opioid use).

Which drugs the guidelines do not recommend is data, not code: the vocabulary classes
``@topical_not_recommended``, ``@topical_patch_only``, ``@topical_addressed`` and
``@not_recommended_drugs`` (``rules/vocabulary/drugs.yaml``) say so, each with the guideline
text it rests on; the functions here only read them.

A function returns None when the item or the record does not say: an unknown, never a
false. A statement that something was *planned* ("the treatment plan included a urine drug
screen") is not a statement that it was done.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from engine.trace import Fact
from mtus_rules.computed import Context, register
from mtus_rules.drugweeks import weeks_on
from mtus_rules.record import Record
from mtus_rules.text import Mention, PhraseMatcher
from mtus_rules.vocabulary import Vocabulary

__all__ = ["ingredients", "requested_generics"]

# --- vocabulary, read once per rule book -------------------------------------------------

_CACHE: dict[tuple[int, str], tuple[Vocabulary, object]] = {}


def _cached(vocabulary: Vocabulary, key: str, build: Callable[[], object]) -> object:
    hit = _CACHE.get((id(vocabulary), key))
    if hit is not None and hit[0] is vocabulary:
        return hit[1]
    value = build()
    _CACHE[id(vocabulary), key] = (vocabulary, value)
    return value


def _drug_names(vocabulary: Vocabulary) -> PhraseMatcher:
    """Every spelling of every drug, labelled with its generic name."""
    return _cached(
        vocabulary,
        "drugs",
        lambda: PhraseMatcher((s, g) for g in vocabulary.drugs for s in vocabulary.spellings(g)),
    )  # type: ignore[return-value]


def _class_terms(vocabulary: Vocabulary, name: str) -> PhraseMatcher:
    """The terms of a vocabulary class (with brands), as a matcher labelled with the class."""
    return _cached(
        vocabulary, f"terms:{name}", lambda: PhraseMatcher((t, name) for t in vocabulary.expand([f"@{name}"]))
    )  # type: ignore[return-value]


def _class_generics(vocabulary: Vocabulary, name: str) -> frozenset[str]:
    """The drugs (generic names) and plain terms of a vocabulary class."""
    return _cached(
        vocabulary,
        f"generics:{name}",
        lambda: frozenset(vocabulary.generic(t) or t for t in vocabulary.expand([f"@{name}"])),
    )  # type: ignore[return-value]


# The record is the same for every item of a case, and items are judged one after another:
# facts that read only the record are computed once per record.
_RECORD_MEMO: dict[str, object] = {}
_MEMO_OWNER: list[object] = [None]


def _per_record(ctx: Context, key: str, compute: Callable[[], object]) -> object:
    if _MEMO_OWNER[0] is not ctx.record:
        _RECORD_MEMO.clear()
        _MEMO_OWNER[0] = ctx.record
    if key not in _RECORD_MEMO:
        _RECORD_MEMO[key] = compute()
    return _RECORD_MEMO[key]


# --- what an item contains -----------------------------------------------------------------

# "Flurbiprofen 20%", "Capsaicin 0.025%", "methyl salicylate 10 %": a name and its strength.
_STRENGTH = re.compile(r"([A-Za-z][A-Za-z-]+(?:\s+[A-Za-z][A-Za-z-]+)?)\s*\d+(?:\.\d+)?\s*%")
# Words of a vehicle, not of an ingredient ("in cream base 20%").
_VEHICLE = frozenset(
    {"in", "a", "cream", "base", "gel", "ointment", "lotion", "solution", "patch", "topical", "compound", "compounded"}
)


def requested_generics(item: str, vocabulary: Vocabulary) -> list[str]:
    """The drugs an item names, as generics, in the order written (each once)."""
    found = sorted(_drug_names(vocabulary).labels_in(item), key=lambda pair: pair[1])
    return list(dict.fromkeys(generic for generic, _ in found))


def ingredients(item: str, vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """The drugs an item names (generics) and the ingredients it gives a strength for but
    the vocabulary does not know ("Hyaluronic acid 0.2%")."""
    known = requested_generics(item, vocabulary)
    names = _drug_names(vocabulary)
    unknown = [
        m.group(1)
        for m in _STRENGTH.finditer(item)
        if not names.labels_in(m.group(1)) and not set(m.group(1).lower().split()) <= _VEHICLE
    ]
    return known, unknown


def _is_patch(item: str, vocabulary: Vocabulary) -> bool:
    return bool(_class_terms(vocabulary, "patch_forms").labels_in(item))


@register("topical_unrecommended_ingredient", "bool")
def topical_unrecommended_ingredient(ctx: Context) -> Fact | None:
    """The item contains a drug not recommended for topical use (true), only drugs the
    guideline recommends with conditions (false), or an ingredient it does not address (None)."""
    vocabulary, item = ctx.vocabulary, ctx.request.item
    drugs, unknown = ingredients(item, vocabulary)
    if not drugs and not unknown:
        return None
    banned = _class_generics(vocabulary, "topical_not_recommended")
    patch_only = _class_generics(vocabulary, "topical_patch_only")
    patch = _is_patch(item, vocabulary)
    bad = [d for d in drugs if d in banned or (d in patch_only and not patch)]
    if bad:
        why = [f"{d} (only as a dermal patch)" if d in patch_only else d for d in bad]
        return Fact(True, f"item: {', '.join(why)} not recommended for topical use")
    addressed = _class_generics(vocabulary, "topical_addressed")
    if unknown or any(d not in addressed for d in drugs):
        return None
    return Fact(False, f"item: every ingredient ({', '.join(drugs)}) is recommended as an option")


@register("topical_only_nsaids", "bool")
def topical_only_nsaids(ctx: Context) -> Fact | None:
    """Every active ingredient of the topical item is an NSAID."""
    drugs, unknown = ingredients(ctx.request.item, ctx.vocabulary)
    if not drugs and not unknown:
        return None
    nsaids = _class_generics(ctx.vocabulary, "nsaids")
    others = [d for d in drugs if d not in nsaids] + unknown
    if others:
        return Fact(False, f"item: {', '.join(others)} is not an NSAID")
    return Fact(True, f"item: {', '.join(drugs)} (NSAID)")


@register("topical_has_capsaicin", "bool")
def topical_has_capsaicin(ctx: Context) -> Fact | None:
    """The topical item contains capsaicin (None when it names no ingredient)."""
    drugs, unknown = ingredients(ctx.request.item, ctx.vocabulary)
    if not drugs and not unknown:
        return None
    return Fact("capsaicin" in drugs, f"item: {', '.join(drugs + unknown)}")


def _names_class(name: str) -> Callable[[Context], Fact | None]:
    def names(ctx: Context) -> Fact | None:
        found = _class_terms(ctx.vocabulary, name).labels_in(ctx.request.item)
        return Fact(bool(found), f"item: “{ctx.request.item}”" + ("" if found else f" (no @{name})"))

    names.__doc__ = f"The item names a member of @{name} (true) or none (false)."
    return names


# Each is always known: the item itself says which drug is asked for.
for _fact, _class in (
    ("requested_is_ssri", "ssris"),
    ("requested_is_cox2", "cox2_inhibitors"),
    ("requested_is_second_line_antidepressant", "second_line_antidepressants"),
    ("requested_not_recommended", "not_recommended_drugs"),
):
    register(_fact, "bool")(_names_class(_class))


# --- topical NSAIDs: a joint that lends itself to topical treatment ------------------------

_JOINT_CONDITION = PhraseMatcher(
    (term, "condition")
    for term in (
        "osteoarthritis", "arthritis", "degenerative joint disease", "djd", "arthrosis", "tendinitis",
        "tendonitis", "tendinopathy", "tenosynovitis", "sprain", "strain", "epicondylitis",
        "de quervain", "de quervain's",
    )
)
_AMENABLE = PhraseMatcher(
    (term, "amenable")
    for term in (
        "knee", "knees", "elbow", "elbows", "hand", "hands", "wrist", "wrists", "ankle", "ankles", "foot",
        "feet", "finger", "fingers", "thumb", "thumbs", "toe", "toes", "epicondylitis", "de quervain",
        "de quervain's", "patellofemoral", "carpometacarpal",
    )
)
_NOT_AMENABLE = PhraseMatcher(
    (term, "spine")
    for term in (
        "spine", "spinal", "back", "lumbar", "lumbosacral", "cervical", "thoracic", "neck", "hip", "hips",
        "shoulder", "shoulders", "sacroiliac",
    )
)


@register("topical_nsaid_indication", "bool")
def topical_nsaid_indication(ctx: Context) -> Fact | None:
    """Osteoarthritis, tendinitis or a sprain of a joint that lends itself to topical treatment
    (knee, elbow, hand, wrist, ankle, foot) is documented (true); such conditions are
    documented only of the spine, hip or shoulder (false)."""
    found = _per_record(ctx, "topical_nsaid_indication", lambda: _topical_nsaid_indication(ctx))
    return found  # type: ignore[return-value]


def _topical_nsaid_indication(ctx: Context) -> Fact | None:
    texts = [(f"diagnoses[{i}]", d) for i, d in enumerate(ctx.case.diagnoses)]
    texts += [(f"findings[{i}]", f) for i, f in enumerate(ctx.case.findings)]
    elsewhere: Fact | None = None
    for source, text in texts:
        result = _joint_in(text)
        if result is True:
            return Fact(True, f"{source}: {text}")
        if result is False and elsewhere is None:
            elsewhere = Fact(False, f"{source}: {text}")
    record = ctx.record
    for clause in record.clauses:
        conditions = [m for m in _JOINT_CONDITION.mentions([clause]) if m.affirmed]
        if not conditions:
            continue
        keys = [t.key for t in clause.tokens]
        quote = f"summary: “{record.quote(conditions[0].start, conditions[0].end, 40)}”"
        if _AMENABLE.any_in(keys):
            return Fact(True, quote)
        if elsewhere is None and _NOT_AMENABLE.any_in(keys):
            elsewhere = Fact(False, quote)
    return elsewhere


def _joint_in(text: str) -> bool | None:
    if not _JOINT_CONDITION.labels_in(text):
        return None
    if _AMENABLE.labels_in(text):
        return True
    return False if _NOT_AMENABLE.labels_in(text) else None


# --- whether the requested drug helped ------------------------------------------------------

_HELPED, _FAILED, _NEUTRAL = "helped", "failed", "neutral"
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
# "decreases pain from 8/10 to 4/10", "7/10 with medications and 9/10 without"
_SCORES_FROM_TO = re.compile(r"(\d{1,2}(?:\.\d)?)\s*/\s*10\s+(?:down\s+)?to\s+(\d{1,2}(?:\.\d)?)\s*/\s*10")
_SCORES_WITH_WITHOUT = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*/\s*10\s+with(?!out)\b.{0,60}?(\d{1,2}(?:\.\d)?)\s*/\s*10\s+without", re.IGNORECASE
)
_SCORES_WITHOUT_WITH = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*/\s*10\s+without\b.{0,60}?(\d{1,2}(?:\.\d)?)\s*/\s*10\s+with(?!out)\b", re.IGNORECASE
)


def _scores_effect(record: Record, sentence: int) -> str | None:
    text = record.sentence_text(sentence)
    # pain before and after the drug: "from 8/10 to 4/10"; "4/10 with ... 8/10 without"
    patterns = ((_SCORES_FROM_TO, False), (_SCORES_WITH_WITHOUT, True), (_SCORES_WITHOUT_WITH, False))
    for pattern, after_first in patterns:
        for match in pattern.finditer(text):
            first, second = float(match.group(1)), float(match.group(2))
            before, after = (second, first) if after_first else (first, second)
            if before != after:
                return _HELPED if after < before else _FAILED
    return None


def _sentence_effect(record: Record, sentence: int) -> str | None:
    scores = _scores_effect(record, sentence)
    if scores is not None:
        return scores
    results = set()
    for mention in _EFFECT.mentions([c for c in record.clauses if c.sentence == sentence]):
        if mention.uncertain or mention.label == _NEUTRAL:
            continue
        negated = mention.negated and mention.label == _HELPED
        results.add(_FAILED if negated else mention.label)
    return results.pop() if len(results) == 1 else None


def _spellings(ctx: Context) -> list[str]:
    return [s for g in requested_generics(ctx.request.item, ctx.vocabulary) for s in ctx.vocabulary.spellings(g)]


@register("requested_drug_helped", "bool")
def requested_drug_helped(ctx: Context) -> Fact | None:
    """The requested drug gave documented relief (true) or failed or was not tolerated (false):
    a medications entry's outcome, else a sentence about the drug."""
    spellings = _spellings(ctx)
    if not spellings:
        return None
    drug = PhraseMatcher((s, "drug") for s in spellings)
    entries = [(i, m) for i, m in enumerate(ctx.case.medications) if m.outcome and drug.labels_in(m.name)]
    if entries:
        i, med = next(((i, m) for i, m in entries if m.outcome == "helped"), entries[0])
        return Fact(med.outcome == "helped", f"medications[{i}]: {med.name} ({med.outcome})")
    record, failed = ctx.record, None
    for mention in drug.mentions(record.clauses):
        # "8/10 without and 4/10 with Norco": the scores say it, though "without" negates the clause
        if mention.uncertain or (mention.negated and _scores_effect(record, mention.sentence) is None):
            continue
        effect = _sentence_effect(record, mention.sentence)
        quote = f"summary: “{record.quote(mention.start, mention.end, 60)}”"
        if effect == _HELPED:
            return Fact(True, quote)
        if effect == _FAILED and failed is None:
            failed = Fact(False, quote)
    return failed


# --- monitoring of opioid use: done, not planned ----------------------------------------------

_PLAN = PhraseMatcher(
    (word, "plan")
    for word in (
        "request", "requested", "requesting", "recommend", "recommended", "recommendation", "plan",
        "planned", "will", "would", "to be", "pending", "schedule", "scheduled", "order", "ordered",
        "consider", "proposed", "authorization", "rfa", "to obtain", "to perform", "to check", "should",
        "future", "next visit",
    )
)


def _planned(record: Record, sentence: int) -> bool:
    return any(_PLAN.any_in([t.key for t in c.tokens]) for c in record.clauses if c.sentence == sentence)


# Whether a test or check was done, not what it found: "no urine drug screen", "CURES was not
# checked" say it was not done; "the urine drug screen was negative" says it was.
_NOT_DONE_BEFORE = frozenset({"no", "not", "never", "without", "lack", "absence", "denies", "denied"})
_NOT_DONE_AFTER = frozenset({"not", "never"})
_WINDOW = 4


def _not_done(record: Record, mention: Mention) -> bool:
    clause = next(c for c in record.clauses if c.start <= mention.start < c.end)
    before = [t.key for t in clause.tokens if t.end <= mention.start][-_WINDOW:]
    after = [t.key for t in clause.tokens if t.start >= mention.end][:_WINDOW]
    return any(k in _NOT_DONE_BEFORE for k in before) or any(k in _NOT_DONE_AFTER for k in after)


def _done(ctx: Context, matcher: PhraseMatcher) -> list[Mention]:
    """Mentions in sentences that report what was done (not plans, not uncertain), marked
    negated when they say it was not done (whatever its result)."""
    return _per_record(ctx, f"done:{id(matcher)}", lambda: _find_done(ctx, matcher))  # type: ignore[return-value]


def _find_done(ctx: Context, matcher: PhraseMatcher) -> list[Mention]:
    found = []
    for m in matcher.mentions(ctx.record.clauses):
        if m.uncertain or _planned(ctx.record, m.sentence):
            continue
        found.append(replace(m, negated=_not_done(ctx.record, m)))
    return found


def _quote(record: Record, mention: Mention) -> str:
    return f"summary: “{record.quote(mention.start, mention.end, 50)}”"


# --- weeks on a drug class, from what was taken (not from plans) -----------------------------


def _taken(record: Record) -> Record:
    """The record without sentences about plans: "the plan included tramadol" is not use."""
    planned = {c.sentence for c in record.clauses if _PLAN.any_in([t.key for t in c.tokens])}
    return replace(record, clauses=tuple(c for c in record.clauses if c.sentence not in planned))


def _class_weeks(name: str) -> Callable[[Context], Fact | None]:
    def weeks(ctx: Context) -> Fact | None:
        taken: Record = _per_record(ctx, "taken", lambda: _taken(ctx.record))  # type: ignore[assignment]
        return weeks_on(ctx.case, taken, ctx.day, _class_terms(ctx.vocabulary, name))

    weeks.__doc__ = f"Weeks a drug of @{name} had been taken by the request date (plans left out)."
    return weeks


register("opioid_weeks", "number")(_class_weeks("opioids"))
register("muscle_relaxant_weeks", "number")(_class_weeks("muscle_relaxants"))


_UDT = PhraseMatcher(
    (term, "udt")
    for term in (
        "urine drug screen", "urine drug screening", "urine drug test", "urine drug testing", "urine drug",
        "uds", "udt", "urine toxicology", "urine tox", "toxicology screen", "toxicology screening",
        "drug screen", "drug screening", "drug test", "drug testing", "urine screen",
    )
)
_UDT_LIMIT_WEEKS = 26  # at least twice a year (MTUS Opioid Treatment 2016, 3.3.6)


def _udt_tests(ctx: Context) -> list[tuple[dt.date | None, str]]:
    """Urine drug tests done: (date or None, evidence), from treatments entries and the summary."""
    found = [
        (t.date, f"treatments[{i}]: {t.name}" + (f" {t.date}" if t.date else ""))
        for i, t in enumerate(ctx.case.treatments)
        if _UDT.labels_in(t.name)
    ]
    for mention in _done(ctx, _UDT):
        if not mention.negated:
            found.append((ctx.record.sentence_dates.get(mention.sentence), _quote(ctx.record, mention)))
    return [(day, source) for day, source in found if day is None or day <= ctx.day]


@register("urine_drug_test_documented", "bool")
def urine_drug_test_documented(ctx: Context) -> Fact | None:
    """A urine drug test was done within the last six months (true); the record says none was
    done, or the last one is older (false)."""
    tests = _udt_tests(ctx)
    recent = [(d, s) for d, s in tests if d is None or (ctx.day - d).days / 7 <= _UDT_LIMIT_WEEKS]
    if recent:
        return Fact(True, recent[0][1])
    if tests:
        return Fact(False, f"{tests[0][1]} (more than {_UDT_LIMIT_WEEKS} weeks before the request)")
    denied = [m for m in _done(ctx, _UDT) if m.negated]
    return Fact(False, _quote(ctx.record, denied[0])) if denied else None


@register("prior_urine_drug_test", "bool")
def prior_urine_drug_test(ctx: Context) -> Fact | None:
    """A urine drug test was done before (true), or the record says none was (false)."""
    tests = _udt_tests(ctx)
    if tests:
        return Fact(True, tests[0][1])
    denied = [m for m in _done(ctx, _UDT) if m.negated]
    return Fact(False, _quote(ctx.record, denied[0])) if denied else None


@register("weeks_since_urine_drug_test", "number")
def weeks_since_urine_drug_test(ctx: Context) -> Fact | None:
    """Weeks from the latest dated urine drug test to the request date."""
    dated = [(d, s) for d, s in _udt_tests(ctx) if d is not None]
    if not dated:
        return None
    day, source = max(dated, key=lambda pair: pair[0])
    return Fact(round((ctx.day - day).days / 7, 1), f"{source} ({day.isoformat()})")


_CURES = PhraseMatcher(
    (term, "cures")
    for term in (
        "cures", "cures report", "cures database", "prescription drug monitoring", "prescription monitoring",
        "pdmp", "pmp", "controlled substance utilization review",
    )
)


@register("cures_documented", "bool")
def cures_documented(ctx: Context) -> Fact | None:
    """The CURES (prescription drug monitoring) report was checked (true) or was not (false)."""
    text = ctx.record.text
    found = [
        m for m in _done(ctx, _CURES)
        # "CURES" is the program only in capitals; "cures" is a verb
        if not text[m.start : m.end].lower() == "cures" or text[m.start : m.end] == "CURES"
    ]
    affirmed = [m for m in found if not m.negated]
    if affirmed:
        return Fact(True, _quote(ctx.record, affirmed[0]))
    return Fact(False, _quote(ctx.record, found[0])) if found else None


def _documented(terms: Iterable[str]) -> Callable[[Context], Fact | None]:
    matcher = PhraseMatcher((term, "topic") for term in terms)

    def documented(ctx: Context) -> Fact | None:
        found = _done(ctx, matcher)
        return Fact(True, _quote(ctx.record, found[0])) if found else None

    return documented


# Present or denied, either is documentation: "denies side effects" documents the assessment.
register("adverse_effects_documented", "bool")(
    _documented(
        ("side effect", "side effects", "adverse effect", "adverse effects", "adverse reaction", "adverse reactions",
         "adverse event", "adverse events")
    )
)
register("aberrant_behavior_documented", "bool")(
    _documented(
        ("aberrant", "aberrancy", "aberrant behavior", "aberrant drug", "drug seeking", "drug-seeking",
         "early refill", "early refills", "misuse", "diversion", "medication compliance", "medication adherence",
         "compliant with medication", "compliant with medications", "compliant with his medication",
         "compliant with her medication", "consistent with prescribed", "inconsistent with prescribed",
         "signs of abuse", "opioid abuse", "substance abuse", "addiction")
    )
)
