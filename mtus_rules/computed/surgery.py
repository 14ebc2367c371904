"""Surgery and its ancillaries, devices, referrals and injections: facts computed from the record.

The words these functions look for are data, in ``rules/vocabulary/surgery.yaml`` (term
classes); the functions only say how the words are read:

* **the surgery**: the operation an item is about or follows. It is described by the item
  itself when the item names a procedure ("Post-op PT after rotator cuff repair"), else by
  the surgery requested with it (another item of the same request), else by a sentence of
  the summary that names one. Its kind (``surgical_procedure``), approach, region, ODG
  cardiac risk, complexity and expected blood loss are read from that description.
* **the surgery's standing**: authorized earlier (a claim-history sentence), or already
  performed ("status post", "underwent"). When the surgery is itself requested in the same
  request, it is not yet authorized: its own item decides.
* **findings on a study**: a lesion named in a sentence about an imaging (or
  electrodiagnostic) study, or in the sentences that continue its report.
* **findings on examination**: any one affirmed sign of a set (a record that notes a
  negative Neer test and a positive Hawkins test has a positive impingement sign).
* **what the item asks**: spinal levels, visits, disciplines, the kind of equipment.

Each function returns None when the record does not say: unknown, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from engine.trace import Fact
from mtus_rules import quantities
from mtus_rules.computed import Context, register, therapy
from mtus_rules.text import Clause, Mention, PhraseMatcher, clauses, normalize, tokens
from mtus_rules.vocabulary import Vocabulary

__all__ = ["CLASSES", "CLASS_PREFIXES", "REGISTRY_FUNCTIONS"]

_PROCEDURE = "procedure_"
_COURSE = "postsurgical_course_"
CLASS_PREFIXES = (_PROCEDURE, _COURSE, "si_test_")
"""Prefixes of vocabulary classes read as families (``procedure_<key>``, ``postsurgical_course_<visits>``)."""
CLASSES: set[str] = {
    "surgical_ancillaries", "approach_open", "approach_arthroscopic", "high_risk_surgery",
    "low_risk_surgery", "complex_surgery", "simple_surgery", "major_blood_loss_surgery",
    "minor_blood_loss_surgery", "continuation_words", "physical_therapy_words",
    "occupational_therapy_words", "medicare_dme", "convenience_items", "homemaker_services",
    "skilled_home_services", "specialties", "psych_evaluation_words",
}
"""Every vocabulary class these facts read (the study and sign facts add theirs); a test
checks that each is defined, since a missing class would silently leave a fact unknown."""
_REGIONS = ("shoulder", "knee", "hip", "wrist_hand", "elbow", "ankle_foot", "lumbar", "cervical")
CLASSES.update(f"region_{region}" for region in _REGIONS)


# --- vocabulary ------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _terms(vocabulary: Vocabulary, name: str) -> tuple[str, ...]:
    """The terms of a vocabulary class; none when the rule book does not define it."""
    if name not in vocabulary.classes:
        return ()
    return tuple(vocabulary.expand((f"@{name}",)))


@lru_cache(maxsize=256)
def _matcher(vocabulary: Vocabulary, *names: str) -> PhraseMatcher:
    """A matcher labelling each term with the class it comes from."""
    return PhraseMatcher((term, name) for name in names for term in _terms(vocabulary, name))


@lru_cache(maxsize=16)
def _procedure_classes(vocabulary: Vocabulary) -> tuple[str, ...]:
    return tuple(name for name in vocabulary.classes if name.startswith(_PROCEDURE))


@lru_cache(maxsize=8192)
def _found(vocabulary: Vocabulary, text: str, *names: str) -> tuple[tuple[str, int], ...]:
    """The classes' terms in a short text (an item, a sentence), with their word position."""
    return tuple(_matcher(vocabulary, *names).labels_in(text))


def _has(vocabulary: Vocabulary, text: str, *names: str) -> bool:
    return bool(_found(vocabulary, text, *names))


def _quote(ctx: Context, start: int, end: int) -> str:
    return f"summary: “{ctx.record.quote(start, end, 40)}”"


# Every item of a case asks for these facts, and most read the whole record: the answers
# are kept per case (the same Case, Record and Vocabulary objects), for the last few cases.
_CACHE: dict[tuple[int, int, int], tuple[object, object, object, dict[object, Any]]] = {}
_CACHE_CASES = 8


def _cached(ctx: Context, key: object, compute: Callable[[], Any]) -> Any:
    ident = (id(ctx.case), id(ctx.record), id(ctx.vocabulary))
    entry = _CACHE.get(ident)
    if entry is None or entry[0] is not ctx.case or entry[1] is not ctx.record or entry[2] is not ctx.vocabulary:
        if len(_CACHE) >= _CACHE_CASES:
            _CACHE.clear()
        entry = _CACHE[ident] = (ctx.case, ctx.record, ctx.vocabulary, {})
    store = entry[3]
    if key not in store:
        store[key] = compute()
    return store[key]


# --- the surgery an item is about ----------------------------------------------------------------

_DONE = PhraseMatcher(
    (word, "done")
    for word in (
        "underwent", "undergone", "status post", "s/p", "s p", "post-operative", "postoperative",
        "postoperatively", "post-op", "postop", "post op", "post-surgical", "postsurgical", "had surgery",
        "performed", "was operated", "surgery on", "surgery was done", "healing", "recovering from",
    )
)
_PLAN_WORDS = (
    "request", "requested", "requesting", "requests", "recommend", "recommended", "recommendation",
    "recommends", "plan", "planned", "plans", "planning", "scheduled", "will", "would", "candidate",
    "consider", "considered", "considering", "pending", "proposed", "propose", "awaiting", "future",
    "authorization", "suggested", "suggest", "pursue", "pursuing", "pursuit", "intent",
    "wishes", "wants", "desires", "discussed", "hoping",
)
_PLANNED_BASE = PhraseMatcher((word, "plan") for word in _PLAN_WORDS)
_PLANNED = PhraseMatcher(
    (word, "plan") for word in (*_PLAN_WORDS, "referred", "referral", "consult", "consultation", "evaluation", "evaluate")
)
_SURGERY_WORDS = PhraseMatcher(
    (word, "surgery")
    for word in ("surgery", "surgeries", "surgical intervention", "surgical procedure", "operation", "operative repair")
)


@lru_cache(maxsize=1024)
def _is_surgery_item(vocabulary: Vocabulary, item: str) -> bool:
    """An item that asks for an operation itself, not for a service around one."""
    return _has(vocabulary, item, *_procedure_classes(vocabulary)) and not _has(vocabulary, item, "surgical_ancillaries")


def _sentences(found: tuple[Clause, ...]) -> dict[int, list[Clause]]:
    groups: dict[int, list[Clause]] = {}
    for clause in found:
        groups.setdefault(clause.sentence, []).append(clause)
    return groups


def _clinical_sentences(ctx: Context) -> list[list[Clause]]:
    """The clinical clauses grouped by sentence, once per case."""
    return _cached(ctx, "sentences", lambda: list(_sentences(ctx.record.clauses).values()))


def _sentence_text(ctx: Context, group: list[Clause]) -> tuple[str, int, int]:
    start, end = group[0].start, group[-1].end
    return ctx.record.text[start:end], start, end


def _description(ctx: Context) -> tuple[str, str] | None:
    """The text that describes the surgery an item is about, and where it was read."""
    return _cached(ctx, ("description", id(ctx.request)), lambda: _describe(ctx))


def _describe(ctx: Context) -> tuple[str, str] | None:
    vocabulary = ctx.vocabulary
    procedures = _procedure_classes(vocabulary)
    if not procedures:
        return None
    item = ctx.request.item
    if _has(vocabulary, item, *procedures):
        return item, f"item: “{item}”"
    for i, request in enumerate(ctx.case.requests):
        if request is not ctx.request and _is_surgery_item(vocabulary, request.item):
            return request.item, f"requests[{i}]: “{request.item}”"
    matcher = _matcher(vocabulary, *procedures)
    every = tuple(sorted((*ctx.record.clauses, *ctx.record.administrative), key=lambda c: c.start))
    for group in _sentences(every).values():
        for mention in matcher.mentions(group):
            if not mention.negated:
                text, start, end = _sentence_text(ctx, group)
                return text, _quote(ctx, start, end)
    return None


def _first_class(vocabulary: Vocabulary, text: str, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` (in their order) with a term in the text."""
    found = {label for label, _ in _found(vocabulary, text, *names)}
    return next((name for name in names if name in found), None)


def _earliest_class(vocabulary: Vocabulary, text: str, names: tuple[str, ...]) -> str | None:
    """The class whose term comes first in the text."""
    found = _found(vocabulary, text, *names)
    return min(found, key=lambda pair: pair[1])[0] if found else None


@register("surgical_procedure", "text")
def surgical_procedure(ctx: Context) -> Fact | None:
    """The kind of operation (``rotator_cuff_repair``, ``knee_arthroscopy`` ...), from the
    first procedure class of the vocabulary whose terms the surgery's description has."""
    described = _description(ctx)
    if described is None:
        return None
    text, source = described
    found = _first_class(ctx.vocabulary, text, _procedure_classes(ctx.vocabulary))
    if found is None:
        return None
    return Fact(found[len(_PROCEDURE) :], source)


@register("surgical_approach", "text")
def surgical_approach(ctx: Context) -> Fact | None:
    """``open`` or ``arthroscopic`` (arthroscopic or endoscopic), as the description says."""
    described = _description(ctx)
    if described is None:
        return None
    text, source = described
    if _has(ctx.vocabulary, text, "approach_open"):
        return Fact("open", source)
    if _has(ctx.vocabulary, text, "approach_arthroscopic"):
        return Fact("arthroscopic", source)
    return None


@register("surgery_region", "text")
def surgery_region(ctx: Context) -> Fact | None:
    """The body region of the item (``shoulder``, ``knee``, ``lumbar`` ...), else of the surgery."""
    names = tuple(f"region_{region}" for region in _REGIONS)
    item = ctx.request.item
    found = _earliest_class(ctx.vocabulary, item, names)
    if found is not None:
        return Fact(found[len("region_") :], f"item: “{item}”")
    described = _description(ctx)
    if described is None:
        return None
    found = _earliest_class(ctx.vocabulary, described[0], names)
    return Fact(found[len("region_") :], described[1]) if found else None


@register("surgery_risk", "text")
def surgery_risk(ctx: Context) -> Fact | None:
    """The surgery's cardiac risk in ODG's terms: ``high`` (vascular), ``low`` (endoscopic or
    arthroscopic, superficial, ambulatory), ``intermediate`` (other orthopedic surgery)."""
    described = _description(ctx)
    if described is None:
        return None
    text, source = described
    if _has(ctx.vocabulary, text, "high_risk_surgery"):
        return Fact("high", source)
    if _has(ctx.vocabulary, text, "low_risk_surgery"):
        return Fact("low", source)
    if _has(ctx.vocabulary, text, *_procedure_classes(ctx.vocabulary)):
        return Fact("intermediate", source)
    return None


def _either(ctx: Context, yes: str, no: str) -> Fact | None:
    described = _description(ctx)
    if described is None:
        return None
    text, source = described
    if _has(ctx.vocabulary, text, yes):
        return Fact(True, source)
    if _has(ctx.vocabulary, text, no):
        return Fact(False, source)
    return None


@register("complex_surgery", "bool")
def complex_surgery(ctx: Context) -> Fact | None:
    """The surgery is a complex one (repair, reconstruction, arthroplasty, fusion, fixation),
    or a simple one (release, arthroscopic debridement or decompression alone)."""
    return _either(ctx, "complex_surgery", "simple_surgery")


@register("major_blood_loss_surgery", "bool")
def major_blood_loss_surgery(ctx: Context) -> Fact | None:
    """Significant blood loss is expected (arthroplasty, fusion, major fracture), or little
    (arthroscopic, endoscopic, hand surgery)."""
    return _either(ctx, "major_blood_loss_surgery", "minor_blood_loss_surgery")


# --- the surgery's standing ------------------------------------------------------------------------

_REFERRAL_WORDS = {"evaluation", "consult", "consultation", "referral", "opinion", "specialist"}
_DENIED = re.compile(
    r"\b(?:non[- ]?certif\w*|not\s+(?:been\s+)?(?:certified|authori[sz]ed|approved|medically\s+necessary|supported)"
    r"|denied|denial|deny|denies|failed\s+to\s+approve|modified|rejected)\b",
    re.IGNORECASE,
)
_APPROVED = re.compile(r"\b(?:authori[sz]ed|certified|approved|approval|certification|accepted)\b", re.IGNORECASE)


def _decision_near(text: str, surgery_at: int) -> bool | None:
    """The authorization word nearest the surgery's mention (a character offset) in its
    sentence: True approved, False denied. "non-certified" is a denial, not an approval."""
    marks = [(m.start(), False) for m in _DENIED.finditer(text)]
    masked = _DENIED.sub(lambda m: " " * len(m.group()), text)
    marks += [(m.start(), True) for m in _APPROVED.finditer(masked)]
    if not marks:
        return None
    return min(marks, key=lambda mark: abs(mark[0] - surgery_at))[1]


@register("surgery_authorized", "bool")
def surgery_authorized(ctx: Context) -> Fact | None:
    """The claim history says a surgery was authorized (true) or denied (false). With no
    such sentence, a surgery requested in this same request is not yet authorized (false)."""
    found = _cached(ctx, "authorized", lambda: _read_authorization(ctx))
    return found if found is not None else _requested_with(ctx)


def _read_authorization(ctx: Context) -> Fact | None:
    vocabulary = ctx.vocabulary
    procedures = _procedure_classes(vocabulary)
    found: Fact | None = None
    for group in _sentences(ctx.record.administrative).values():
        text, start, end = _sentence_text(ctx, group)
        words = tokens(text)
        spots = [at for _, at in _found(vocabulary, text, *procedures)] if procedures else []
        spots += [at for _, at in _SURGERY_WORDS.labels_in(text)]
        # "the spine surgery evaluation was non-certified" is about a consultation, not a surgery
        spots = [at for at in spots if not _REFERRAL_WORDS & {w.key for w in words[at + 1 : at + 3]}]
        if not spots:
            continue
        decision = _decision_near(text, words[min(spots)].start)
        if decision is None:
            continue
        if decision:
            return Fact(True, _quote(ctx, start, end))
        found = found or Fact(False, _quote(ctx, start, end))
    return found


@register("surgery_performed", "bool")
def surgery_performed(ctx: Context) -> Fact | None:
    """The summary says an operation was done ("status post ...", "underwent ..."); a surgery
    requested with this item is not done yet (false)."""
    found = _cached(ctx, "performed", lambda: _read_performed(ctx))
    return found if found is not None else _requested_with(ctx)


def _read_performed(ctx: Context) -> Fact | None:
    vocabulary = ctx.vocabulary
    procedures = _procedure_classes(vocabulary)
    matcher = _matcher(vocabulary, *procedures) if procedures else None
    for group in _clinical_sentences(ctx):
        keys = [t.key for clause in group for t in clause.tokens]
        if not _DONE.any_in(keys) or _PLANNED.any_in(keys):
            continue
        mentions = list(matcher.mentions(group)) if matcher else []
        mentions += list(_SURGERY_WORDS.mentions(group))
        affirmed = [m for m in mentions if m.affirmed]
        if affirmed:
            return Fact(True, _quote(ctx, affirmed[0].start, affirmed[0].end))
    return None


def _requested_with(ctx: Context) -> Fact | None:
    """False when the surgery is itself requested with this item: not yet authorized, not yet done."""
    return _cached(ctx, ("requested with", id(ctx.request)), lambda: _find_requested_with(ctx))


def _find_requested_with(ctx: Context) -> Fact | None:
    for i, request in enumerate(ctx.case.requests):
        if request is not ctx.request and _is_surgery_item(ctx.vocabulary, request.item):
            return Fact(False, f"the surgery is requested with this item, requests[{i}]: “{request.item}”")
    return None


# --- findings on a study and on examination -----------------------------------------------------

_REPORT_ENDS = PhraseMatcher(
    (word, "end")
    for word in (
        "examination", "exam", "physical", "palpation", "complain", "complains", "complained", "reported",
        "reports", "presented", "visit", "note", "progress", "treatment", "plan", "medication",
        "medications", "request", "diagnosis", "diagnoses",
    )
)
_REPORT_SENTENCES = 3


def _study_findings(ctx: Context, lesions: str, studies: str) -> Fact | None:
    """A lesion named in a study's report: the sentence naming the study and up to three
    sentences continuing it. Affirmed anywhere → true; only denied ("no tear") → false."""
    return _cached(ctx, ("study", lesions, studies), lambda: _read_study(ctx, lesions, studies))


def _read_study(ctx: Context, lesions: str, studies: str) -> Fact | None:
    vocabulary = ctx.vocabulary
    if not (_first_words(vocabulary, lesions) & _record_words(ctx)) and not (ctx.case.findings or ctx.case.diagnoses):
        return None
    lesion_matcher = _matcher(vocabulary, lesions)
    study_matcher = _matcher(vocabulary, studies)
    for i, entry in enumerate((*ctx.case.findings, *ctx.case.diagnoses)):
        if study_matcher.labels_in(entry):
            for mention in lesion_matcher.mentions(clauses(normalize(entry))):
                if mention.affirmed:
                    return Fact(True, f"findings: {entry}")
    denied: Mention | None = None
    remaining = 0
    for group in _clinical_sentences(ctx):
        keys = [t.key for clause in group for t in clause.tokens]
        if study_matcher.any_in(keys):
            remaining = _REPORT_SENTENCES + 1
        elif _REPORT_ENDS.any_in(keys):
            remaining = 0
        if remaining <= 0:
            continue
        remaining -= 1
        for mention in lesion_matcher.mentions(group):
            if mention.affirmed:
                return Fact(True, _quote(ctx, mention.start, mention.end))
            if mention.negated and not mention.uncertain:
                denied = denied or mention
    return Fact(False, _quote(ctx, denied.start, denied.end)) if denied else None


def _affirmed(ctx: Context, signs: str) -> Fact | None:
    """Any one sign of a set affirmed (fields first, then the summary) → true; only denied → false."""
    return _cached(ctx, ("signs", signs), lambda: _read_signs(ctx, signs))


@lru_cache(maxsize=256)
def _first_words(vocabulary: Vocabulary, *names: str) -> frozenset[str]:
    """The first word of every term of these classes: a record without any of them has none."""
    return frozenset(found[0].key for name in names for term in _terms(vocabulary, name) if (found := tokens(term)))


def _record_words(ctx: Context) -> frozenset[str]:
    return _cached(ctx, "words", lambda: frozenset(t.key for clause in ctx.record.clauses for t in clause.tokens))


def _read_signs(ctx: Context, signs: str) -> Fact | None:
    matcher = _matcher(ctx.vocabulary, signs)
    denied: str | None = None
    for field in ("findings", "diagnoses"):
        for i, entry in enumerate(getattr(ctx.case, field)):
            for mention in matcher.mentions(clauses(normalize(entry))):
                if mention.affirmed:
                    return Fact(True, f"{field}[{i}]: {entry}")
                if mention.negated and not mention.uncertain:
                    denied = denied or f"{field}[{i}]: {entry}"
    summary = ctx.record.clauses if _first_words(ctx.vocabulary, signs) & _record_words(ctx) else ()
    for mention in matcher.mentions(list(summary)):
        if mention.affirmed:
            return Fact(True, _quote(ctx, mention.start, mention.end))
        if mention.negated and not mention.uncertain:
            denied = denied or _quote(ctx, mention.start, mention.end)
    return Fact(False, denied) if denied else None


REGISTRY_FUNCTIONS: dict[str, object] = {}
"""The study and sign facts made from a class, by name (for tests)."""


def _study(name: str, lesions: str, studies: str, doc: str) -> None:
    CLASSES.update((lesions, studies))

    def compute(ctx: Context) -> Fact | None:
        return _study_findings(ctx, lesions, studies)

    compute.__doc__ = doc
    REGISTRY_FUNCTIONS[name] = register(name, "bool")(compute)


def _signs(name: str, doc: str) -> None:
    CLASSES.add(name)

    def compute(ctx: Context) -> Fact | None:
        return _affirmed(ctx, name)

    compute.__doc__ = doc
    REGISTRY_FUNCTIONS[name] = register(name, "bool")(compute)


_study("shoulder_lesion_on_imaging", "shoulder_lesions", "imaging_studies", "A shoulder lesion (tear, impingement, AC arthrosis) on imaging.")
_study("knee_lesion_on_imaging", "knee_lesions", "imaging_studies", "A meniscal, ligament or chondral lesion on imaging.")
_study("arthritis_on_imaging", "arthritis_findings", "arthritis_studies", "Osteoarthritis of a joint on x-ray or MRI (or seen at arthroscopy).")
_study("spine_lesion_on_imaging", "spine_lesions", "imaging_studies", "A disc herniation, nerve root compression or stenosis on imaging.")
_study("median_neuropathy_on_electrodiagnostics", "median_nerve_lesions", "electrodiagnostic_studies", "Carpal tunnel syndrome on nerve conduction studies.")
_study("radiculopathy_corroborated", "radiculopathy_findings", "spine_studies", "Radiculopathy corroborated by imaging or electrodiagnostic testing.")

for _name, _doc in (
    ("shoulder_exam_findings", "A positive shoulder sign: impingement, drop arm, Jobe, lift-off, weakness."),
    ("shoulder_weakness_signs", "Weakness of the shoulder (reduced strength, positive drop arm)."),
    ("knee_exam_findings", "A positive knee sign: McMurray, joint line tenderness, Lachman, locking, effusion."),
    ("knee_mechanical_symptoms", "Mechanical knee symptoms: locking, catching, giving way, effusion."),
    ("median_nerve_exam_findings", "A positive median nerve sign: Tinel, Phalen, Durkan, thenar atrophy."),
    ("neural_compromise_signs", "An objective sign of nerve root compromise: straight leg raise, sensory, motor or reflex deficit."),
    ("objective_findings", "Any objective examination finding a surgeon would assess."),
    ("surgical_lesions", "A structural lesion diagnosed (tear, herniation, stenosis, severe arthritis, fracture)."),
    ("activity_limitation", "The symptoms limit activities (work, daily activities, overhead or lifting tasks)."),
    ("radicular_symptoms", "Radicular symptoms (radiating limb pain, sciatica, radiculopathy)."),
    ("cardiac_risk_factors", "A cardiac risk factor or cardiac symptoms."),
    ("cardiopulmonary_disease", "Cardiopulmonary disease or an abnormal chest examination."),
    ("anemia_risk_condition", "A disease that increases the risk of anemia."),
    ("chronic_disease", "A chronic disease bearing on electrolytes or renal function."),
    ("bleeding_risk_condition", "A condition predisposing to bleeding."),
    ("vte_risk_factors", "A risk factor for venous thromboembolism."),
    ("mobility_limitation", "A physical limitation that makes equipment necessary (cannot walk, bear weight or transfer)."),
    ("bed_positioning_need", "Positioning or attachments an ordinary bed cannot give."),
    ("positional_aggravation", "Symptoms aggravated by prolonged sitting or standing."),
    ("psychosocial_factors", "Psychosocial factors (depression, anxiety, fear avoidance)."),
    ("active_complaints", "Current complaints, signs or symptoms under treatment."),
    ("rtw_complex_issues", "Complex return-to-work issues (failed attempts, conflicting reports)."),
    ("major_trauma_or_surgery", "Major or multiple trauma, or major surgery."),
    ("new_functional_limitation", "Significant new functional limitations (transfers, ambulation, self-care)."),
    ("home_care_precluded", "Care at a lower level precluded (not safe for home, no caregiver)."),
    ("home_medical_need", "A medical treatment to give at home (wound care, infusions, skilled nursing)."),
    ("skilled_daily_need", "A daily need for skilled nursing or rehabilitation."),
    ("rehab_participation", "Able to take part in, and benefit from, intensive rehabilitation."),
    ("scs_indications", "A condition spinal cord stimulation is indicated for (failed back surgery syndrome, CRPS ...)."),
    ("knee_brace_indications", "A condition a knee brace is indicated for (instability, ligament tear or reconstruction ...)."),
    ("knee_load_demands", "Activities that stress the knee under load (climbing ladders, carrying boxes)."),
    ("self_transport_barrier", "A disability that prevents self-transport (cannot drive, cannot use public transport)."),
    ("gym_equipment_need", "A need for equipment not available at home."),
    ("gym_supervision", "The exercise will be monitored and administered by medical professionals."),
    ("crps_terms", "CRPS or sympathetically mediated pain is documented."),
):
    _signs(_name, _doc)


# --- what the item asks ------------------------------------------------------------------------------

_LEVEL = re.compile(r"\b(?P<a>[CTLS])\s?(?P<n>\d{1,2})(?:\s*(?:-|/|–|to|through)\s*(?P<b>[CTLS])?\s?(?P<m>\d{1,2}))?\b", re.IGNORECASE)
_ORDER = {"C": 0, "T": 7, "L": 19, "S": 24}
_LEVEL_WORDS = re.compile(r"\b(?P<n>one|single|two|three|four|1|2|3|4)[- ]levels?\b", re.IGNORECASE)
_LEVEL_NUMBERS = {"one": 1, "single": 1, "two": 2, "three": 3, "four": 4}


@register("requested_levels", "number")
def requested_levels(ctx: Context) -> Fact | None:
    """Spinal levels the item names: "L4-5, L5-S1" is two, "L3-S1" three, "L5 and S1" two roots."""
    item = ctx.request.item
    segments: set[int] = set()
    for match in _LEVEL.finditer(item):
        first = _ORDER[match.group("a").upper()] + int(match.group("n"))
        if match.group("m") is None:
            segments.add(first)
            continue
        second = _ORDER[(match.group("b") or match.group("a")).upper()] + int(match.group("m"))
        segments.update(range(first, second) if second > first else [first])
    if segments:
        return Fact(len(segments), f"item: “{item}”")
    words = _LEVEL_WORDS.search(item)
    if words:
        n = words.group("n").lower()
        return Fact(_LEVEL_NUMBERS.get(n) or int(n), f"item: “{words.group()}”")
    return None


_INJECTION_WORDS = {"injection", "block", "esi", "mbb", "tpi", "epidural"}


@lru_cache(maxsize=32)
def _injection_matcher(terms: tuple[str, ...]) -> PhraseMatcher:
    return PhraseMatcher((term, "injection") for term in terms)


@register("repeat_injection", "bool")
def repeat_injection(ctx: Context) -> Fact | None:
    """The item repeats an injection already given: it says so ("repeat"), or the summary
    reports one given (by the rule's terms that name an injection or block, so "facet
    degeneration" or "trigger points" on examination are not injections). With neither, the
    request is for a first injection (false)."""
    item = ctx.request.item
    if _has(ctx.vocabulary, item, "continuation_words"):
        return Fact(True, f"item: “{item}”")
    given = [term for term in ctx.terms if _INJECTION_WORDS & {t.key for t in tokens(term)}]
    if given:
        matcher = _injection_matcher(tuple(given))
        for group in _clinical_sentences(ctx):
            keys = [t.key for clause in group for t in clause.tokens]
            if _PLANNED.any_in(keys):
                continue
            for mention in matcher.mentions(group):
                if mention.affirmed:
                    return Fact(True, _quote(ctx, mention.start, mention.end))
    return Fact(False, "no earlier injection of this kind in the record: a first injection")


@register("requested_visits", "number")
def requested_visits(ctx: Context) -> Fact | None:
    """Visits the item asks for: a stated number, else one for an item naming a single visit."""
    item = ctx.request.item
    found = quantities.sessions(item)
    if found:
        return Fact(found[0], f"item: “{found[1]}”")
    if re.search(r"\b(?:visits|appointments|consultations|evaluations|follow-ups|follow ups)\b", item, re.IGNORECASE):
        return None
    return Fact(1, f"item: “{item}” (one visit)")


@register("multiple_therapy_disciplines", "bool")
def multiple_therapy_disciplines(ctx: Context) -> Fact | None:
    """The item asks for physical and occupational (or speech) therapy together, or for one."""
    item = ctx.request.original or ctx.request.item
    pt = _has(ctx.vocabulary, item, "physical_therapy_words")
    ot = _has(ctx.vocabulary, item, "occupational_therapy_words")
    if pt or ot:
        return Fact(pt and ot, f"item: “{item}”")
    return None


@register("item_medicare_dme", "bool")
def item_medicare_dme(ctx: Context) -> Fact | None:
    """The item is equipment within Medicare's definition of DME (wheelchair, walker,
    commode, hospital bed), or a convenience or home-modification item (bath chair, grab bar)."""
    item = ctx.request.item
    if _has(ctx.vocabulary, item, "convenience_items"):
        return Fact(False, f"item: “{item}”")
    if _has(ctx.vocabulary, item, "medicare_dme"):
        return Fact(True, f"item: “{item}”")
    return None


@register("item_homemaker_only", "bool")
def item_homemaker_only(ctx: Context) -> Fact | None:
    """The item asks only for homemaker or personal care (true: it names such services and
    no skilled care), or not (false)."""
    item = ctx.request.item
    only = _has(ctx.vocabulary, item, "homemaker_services") and not _has(ctx.vocabulary, item, "skilled_home_services")
    return Fact(only, f"item: “{item}”")


@register("referral_specialty_named", "bool")
def referral_specialty_named(ctx: Context) -> Fact | None:
    """The item names the specialty or specialist the patient is referred to."""
    item = ctx.request.item
    return Fact(_has(ctx.vocabulary, item, "specialties"), f"item: “{item}”")


@register("additional_course_requested", "bool")
def additional_course_requested(ctx: Context) -> Fact | None:
    """The item asks for more of a course already given ("additional", "continued"), or not."""
    item = ctx.request.item
    return Fact(_has(ctx.vocabulary, item, "continuation_words"), f"item: “{item}”")


_PURCHASE = PhraseMatcher((word, "buy") for word in ("purchase", "purchased", "buy", "dispense", "dispensed", "owned"))
_RENTAL = PhraseMatcher((word, "rent") for word in ("rental", "rent", "rented", "loan", "loaner"))


@register("device_purchase", "bool")
def device_purchase(ctx: Context) -> Fact | None:
    """The item buys the device (true), or rents it or states a period of use (false)."""
    item = ctx.request.item
    if _PURCHASE.labels_in(item):
        return Fact(True, f"item: “{item}”")
    if _RENTAL.labels_in(item) or quantities.days(item):
        return Fact(False, f"item: “{item}”")
    return None



@register("postsurgical_course_share", "number")
def postsurgical_course_share(ctx: Context) -> Fact | None:
    """Visits asked for as a share of the general post-surgical course for the operation
    (``postsurgical_course_<visits>`` classes of the vocabulary): 0.5 is the initial course."""
    procedure = surgical_procedure(ctx)
    asked = therapy.requested_sessions(ctx)
    if procedure is None or asked is None:
        return None
    for name, members in ctx.vocabulary.classes.items():
        if name.startswith(_COURSE) and procedure.value in members:
            course = int(name[len(_COURSE) :])
            return Fact(
                round(asked.value / course, 3),
                f"{asked.value} visits ({asked.source}) of the {course}-visit general course after {procedure.value} ({procedure.source})",
            )
    return None


_SI_TESTS = "si_test_"


@register("si_positive_tests", "number")
def si_positive_tests(ctx: Context) -> Fact | None:
    """How many different sacroiliac provocative tests are positive (the ``si_test_`` classes):
    a test named and affirmed counts; a record that names only negative tests gives 0."""

    def count() -> Fact | None:
        names = tuple(name for name in ctx.vocabulary.classes if name.startswith(_SI_TESTS))
        positive, named = [], False
        for name in names:
            found = _read_signs(ctx, name)
            named = named or found is not None
            if found is not None and found.value:
                positive.append(name[len(_SI_TESTS) :])
        if positive:
            return Fact(len(positive), "positive: " + ", ".join(positive))
        return Fact(0, "the sacroiliac tests named are negative") if named else None

    return _cached(ctx, "si tests", count)


@register("psych_evaluation_done", "bool")
def psych_evaluation_done(ctx: Context) -> Fact | None:
    """A psychological evaluation (clearance) was done - not only recommended or requested."""

    def read() -> Fact | None:
        matcher = _matcher(ctx.vocabulary, "psych_evaluation_words")
        denied: Fact | None = None
        for group in _clinical_sentences(ctx):
            keys = [t.key for clause in group for t in clause.tokens]
            if _PLANNED_BASE.any_in(keys):
                continue
            for mention in matcher.mentions(group):
                if mention.affirmed:
                    return Fact(True, _quote(ctx, mention.start, mention.end))
                if mention.negated and not mention.uncertain:
                    denied = denied or Fact(False, _quote(ctx, mention.start, mention.end))
        return denied

    return _cached(ctx, "psych evaluation", read)


_TRIAL = PhraseMatcher((word, "trial") for word in ("trial", "temporary", "percutaneous trial"))
_PERMANENT = PhraseMatcher((word, "permanent") for word in ("permanent", "implant", "implantation", "implanted", "placement"))


@register("trial_requested", "bool")
def trial_requested(ctx: Context) -> Fact | None:
    """The item asks for a trial (true) or for a permanent implant (false)."""
    item = ctx.request.item
    if _TRIAL.labels_in(item):
        return Fact(True, f"item: “{item}”")
    if _PERMANENT.labels_in(item):
        return Fact(False, f"item: “{item}”")
    return None


_PERCENT = re.compile(r"\b(\d{1,3})\s*(?:%|percent)", re.IGNORECASE)
_NO_RELIEF = re.compile(
    r"\b(?:no|without|minimal|little|not\s+any)\s+(?:significant\s+|lasting\s+)?(?:relief|improvement|benefit)\b"
    r"|\bdid\s+not\s+(?:help|improve)|\bnot\s+helpful|\bineffective|\bfailed\b",
    re.IGNORECASE,
)


def _relief_percent(ctx: Context, injection: str) -> Fact | None:
    """The relief an earlier injection gave, in percent: the largest percentage stated in a
    sentence that reports the injection done and its relief ("the medial branch blocks gave
    80% relief"); 0 when it gave none ("no relief", "did not help"). Unknown when no sentence
    says, or when it says only "some relief" without a number."""

    def read() -> Fact | None:
        matcher = _matcher(ctx.vocabulary, injection)
        relief = _matcher(ctx.vocabulary, "relief_words")
        found: Fact | None = None
        for group in _clinical_sentences(ctx):
            keys = [t.key for clause in group for t in clause.tokens]
            if not matcher.any_in(keys) or _PLANNED.any_in(keys):
                continue
            if not any(m.affirmed for m in matcher.mentions(group)):
                continue
            text, start, end = _sentence_text(ctx, group)
            reliefs = list(relief.mentions(group))
            percents = [int(m.group(1)) for m in _PERCENT.finditer(text) if int(m.group(1)) <= 100]
            if percents and any(m.affirmed for m in reliefs):
                fact = Fact(max(percents), _quote(ctx, start, end))
            elif _NO_RELIEF.search(text):
                fact = Fact(0, _quote(ctx, start, end))
            else:
                continue
            if found is None or fact.value > found.value:
                found = fact
        return found

    return _cached(ctx, ("relief", injection), read)


for _name, _class in (
    ("epidural_relief_percent", "epidural_injection_words"),
    ("medial_branch_block_relief_percent", "medial_branch_block_words"),
    ("radiofrequency_relief_percent", "radiofrequency_words"),
    ("trigger_point_relief_percent", "trigger_point_injection_words"),
    ("sympathetic_block_relief_percent", "sympathetic_block_words"),
):
    CLASSES.add(_class)

    def _relief(ctx: Context, _class: str = _class) -> Fact | None:
        return _relief_percent(ctx, _class)

    _relief.__doc__ = f"Percent relief from an earlier injection ({_class})."
    REGISTRY_FUNCTIONS[_name] = register(_name, "number")(_relief)
CLASSES.add("relief_words")
