"""Imaging and electrodiagnostic facts computed from the record (regions, prior studies).

The item names the study and where it looks ("MRI of the right knee", "EMG/NCV of the
bilateral upper extremities"). These facts read the record *about that place*: a red flag
there, signs of nerve compromise in the limb the study concerns, conservative care given
and how it went, surgery or an injection under consideration for it, an earlier study of
the same region. A finding is tied to a place by the words nearest it in its clause, else
in its sentence: a fractured foot is no red flag for an elbow MRI, and decreased sensation
in the hand says nothing about a lumbar MRI.

Every word list is a term class of ``rules/vocabulary/imaging.yaml``, so the vocabulary
stays data; this module only says how the classes combine. Structured fields (findings,
diagnoses, treatments) are read before the summary, and win when they decide.

A fact is None when the record does not speak to it, with one declared exception:
``prior_study_same_region`` is false when a non-empty record mentions no earlier MRI or CT
of the region (an absence can only be read from a record that says what was done).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from engine.trace import Fact
from mtus_rules.computed import Context, register
from mtus_rules.dates import find_dates
from mtus_rules.record import Record, analyze
from mtus_rules.text import Clause, Mention, PhraseMatcher, key
from mtus_rules.vocabulary import Vocabulary

__all__ = ["Study", "study_of"]

# Regions of imaging items and the vocabulary class naming each; the limb whose nerves a
# spine study concerns (joints and the thoracic spine have none: nerve signs in a limb are
# not what their imaging is for).
REGION_CLASS = {
    "lumbar": "lumbar_region",
    "cervical": "cervical_region",
    "thoracic": "thoracic_region",
    "shoulder": "shoulder_region",
    "elbow": "elbow_region",
    "wrist_hand": "wrist_hand_region",
    "knee": "knee_region",
    "ankle_foot": "ankle_foot_region",
    "hip": "hip_region",
}
SPINE = frozenset({"lumbar", "cervical", "thoracic"})
LIMB_OF = {"lumbar": "lower", "cervical": "upper"}  # thoracic: its signs are myelopathy (a red flag) or truncal
LESION_CLASS = {
    "shoulder": "shoulder_lesion_findings",
    "elbow": "elbow_lesion_findings",
    "wrist_hand": "wrist_hand_lesion_findings",
    "knee": "knee_lesion_findings",
    "ankle_foot": "ankle_foot_lesion_findings",
    "hip": "hip_lesion_findings",
}
LIMB_ANCHORS = {"upper": ("upper_limb_anchors",), "lower": ("lower_limb_anchors",)}
SYMPTOM_ANCHORS = {"upper": ("upper_limb_anchors", "upper_limb_spine_words"), "lower": ("lower_limb_anchors", "lower_limb_spine_words")}

_CLASSES = (
    "advanced_imaging", "plain_radiographs", "electrodiagnostic_tests", "nerve_conduction_tests",
    "evoked_potentials", "trigger_point_impedance_imaging", *REGION_CLASS.values(), "upper_limb_sites",
    "lower_limb_sites", "upper_limb_anchors", "lower_limb_anchors", "upper_limb_spine_words",
    "lower_limb_spine_words", "spine_red_flags", "regional_red_flags", "spine_anchors", "fracture_words",
    "other_bone_anchors", "generic_lesion_findings", "img_exam_tests",
    "img_root_tension_signs", "img_upper_root_tension_signs", "img_entrapment_signs", "img_sensory_words", "img_reflex_words",
    "img_motor_words", "img_deficit_words", "img_normal_words", "img_neurologic_symptoms", "img_peripheral_neuropathy",
    "img_active_conservative_care", "img_surgery_words", "img_invasive_procedures", "img_plan_words", "img_weak_plan_words",
    "img_declined_words", "img_given_words", "img_review_words",
    "img_past_words", "img_study_done_words", "img_study_planned_words", *LESION_CLASS.values(), "hip_arthritis_findings",
)

_GRADE_WEAK = re.compile(r"\b[0-4](?:\s*[+-])?\s*(?:/|out of|over)\s*5\b", re.IGNORECASE)
_GRADE_FULL = re.compile(r"\b5\s*(?:/|out of|over)\s*5\b", re.IGNORECASE)
_REFLEX_LOW = re.compile(r"(?<![\w+])[01]\s*\+|\btrace\b", re.IGNORECASE)
_REFLEX_NORMAL = re.compile(r"(?<![\w+])2\s*\+", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b\d{1,2}/(?:19|20)\d\d\b")

# Words of the clinical text itself (not clinical vocabulary): how a clause qualifies a finding.
_POSITIVE = {key(w) for w in ("positive", "reproduces", "reproduced", "reproducing", "elicits", "elicited", "provokes", "provoked")}
_NEGATIVE = {key(w) for w in ("negative",)}
_SUBJECTIVE = {key(w) for w in ("complains", "complained", "complaint", "complaints", "reports", "reported", "states", "stated", "feels", "felt", "concerned", "endorses", "endorsed", "describes", "described", "notes")}
_HELPED = {key(w) for w in ("helped", "helps", "helpful", "improved", "improve", "improvement", "improving", "benefit", "benefits", "beneficial", "relief", "better", "effective", "resolved", "responded", "responding")}
_FAILED = {key(w) for w in ("failed", "failure", "fails", "despite", "persistent", "persisting", "persists", "ongoing", "unchanged", "plateaued", "plateau", "minimal", "temporary", "transient", "refractory", "ineffective", "unsuccessful", "worse", "worsening")}
_SIDES = {"left": "left", "right": "right", "bilateral": "both", "bilaterally": "both", "both": "both"}


@dataclass(frozen=True)
class Study:
    """What an item asks for: its kind, the regions and limbs it concerns, its side."""

    kind: str  # imaging | radiograph | eds | evoked | tpii
    regions: frozenset[str]
    limbs: frozenset[str]
    side: str | None  # left | right | None (both, or not said)
    ncs: bool = False

    @property
    def spine(self) -> bool:
        return bool(self.regions & SPINE)


class _Lexicon:
    """A matcher per term class, built once per vocabulary."""

    def __init__(self, vocabulary: Vocabulary):
        self.matchers = {name: PhraseMatcher((t, name) for t in vocabulary.expand([f"@{name}"])) for name in _CLASSES}
        self.keys = {name: frozenset(key(t) for t in vocabulary.expand([f"@{name}"]) if " " not in t and "-" not in t) for name in _CLASSES}

    def has(self, name: str, text: str) -> bool:
        return bool(self.matchers[name].labels_in(text))


@lru_cache(maxsize=8)
def _lexicon(vocabulary: Vocabulary) -> _Lexicon | None:
    """None when the vocabulary lacks these classes (a rule book without imaging rules)."""
    try:
        return _Lexicon(vocabulary)
    except KeyError:
        return None


def study_of(item: str, vocabulary: Vocabulary) -> Study | None:
    """The study an item asks for, or None when it is not an imaging or electrodiagnostic item."""
    lex = _lexicon(vocabulary)
    if lex is None:
        return None
    return _study(lex, item)


@lru_cache(maxsize=1024)
def _study(lex: _Lexicon, item: str) -> Study | None:
    if lex.has("trigger_point_impedance_imaging", item):
        kind = "tpii"
    elif lex.has("evoked_potentials", item):
        kind = "evoked"
    elif lex.has("electrodiagnostic_tests", item):
        kind = "eds"
    elif lex.has("advanced_imaging", item):
        kind = "imaging"
    elif lex.has("plain_radiographs", item):
        kind = "radiograph"
    else:
        return None
    regions = frozenset(region for region, name in REGION_CLASS.items() if lex.has(name, item))
    if kind in ("eds", "evoked"):
        limbs = {limb for limb in ("upper", "lower") if lex.has(f"{limb}_limb_sites", item)}
    else:
        limbs = {LIMB_OF[r] for r in regions if r in LIMB_OF}
    sides = {_SIDES[t] for t in re.findall(r"[a-z]+", item.lower()) if t in _SIDES}
    side = next(iter(sides)) if len(sides) == 1 and "both" not in sides else None
    return Study(kind, regions, frozenset(limbs), side, lex.has("nerve_conduction_tests", item))


# --- reading the record ----------------------------------------------------------------------


class _Text:
    """One text to read (the summary, or one structured entry) and how to cite it, with the
    mentions of each term class found once (every item of a case reads the same text)."""

    def __init__(self, record: Record, source: str):
        self.record = record
        self.source = source
        self.clauses = list(record.clauses)
        self._sentences: dict[int, list[Clause]] = {}
        for clause in self.clauses:
            self._sentences.setdefault(clause.sentence, []).append(clause)
        self._mentions: dict[str, list[Mention]] = {}

    def mentions(self, lex: _Lexicon, name: str) -> list[Mention]:
        """Every mention of a term class in the text, found once."""
        found = self._mentions.get(name)
        if found is None:
            found = self._mentions[name] = list(lex.matchers[name].mentions(self.clauses))
        return found

    def within(self, lex: _Lexicon, name: str, scope: list[Clause]) -> list[Mention]:
        """The mentions of a term class inside some clauses (a clause, a sentence)."""
        start, end = scope[0].start, scope[-1].end
        return [m for m in self.mentions(lex, name) if start <= m.start < end]

    def cite(self, start: int, end: int) -> str:
        if self.source == "summary":
            return f"summary: “{self.record.quote(start, end, 40)}”"
        return f"{self.source}: {self.record.text}"

    def sentence(self, clause: Clause) -> list[Clause]:
        return self._sentences.get(clause.sentence, [clause])

    def span(self, clauses: list[Clause]) -> str:
        return self.record.text[clauses[0].start : clauses[-1].end]

    def clause_of(self, mention: Mention) -> Clause:
        return next(c for c in self.clauses if c.start <= mention.start < c.end)


_READ: dict[int, tuple[object, list[_Text]]] = {}


def _texts(ctx: Context) -> list[_Text]:
    """Structured entries first (they win), then the summary; read once per case."""
    cached = _READ.get(id(ctx.case))
    if cached is not None and cached[0] is ctx.case and cached[1][-1].record is ctx.record:
        return cached[1]
    texts = [
        _Text(analyze(entry), f"{field}[{i}]")
        for field in ("findings", "diagnoses")
        for i, entry in enumerate(getattr(ctx.case, field))
    ]
    texts.append(_Text(ctx.record, "summary"))
    if len(_READ) > 32:
        _READ.clear()
    _READ[id(ctx.case)] = (ctx.case, texts)
    return texts


def _keys(clause: Clause) -> set[str]:
    return {t.key for t in clause.tokens}


def _place(
    lex: _Lexicon, anchors: Iterable[str], others: Iterable[str], text: _Text, clause: Clause, at: int, sentence: bool = True
) -> str:
    """Where a finding at character ``at`` is: 'here' (the nearest place word is one of
    ``anchors``), 'elsewhere' (it is one of ``others``), or 'none' (no place word in its
    clause, nor in its sentence unless ``sentence`` is false)."""
    for scope in ([clause], text.sentence(clause)) if sentence else ([clause],):
        found = [
            (abs(m.start - at), rank, kind)
            for rank, (kind, names) in enumerate((("here", anchors), ("elsewhere", others)))
            for name in names
            for m in text.within(lex, name, scope)
        ]
        if found:
            return min(found)[2]  # the nearest; on a tie, here
    return "none"


def _wrong_side(study: Study, text: _Text, clause: Clause) -> bool:
    """The finding's clause (else its sentence) speaks of the other side only (a left-knee
    finding for a right-knee study)."""
    if study.side is None:
        return False
    for scope in ([clause], text.sentence(clause)):
        sides = {_SIDES[t.key] for c in scope for t in c.tokens if t.key in _SIDES}
        if sides:
            return study.side not in sides and "both" not in sides
    return False


def _region_places(study: Study) -> tuple[list[str], list[str]]:
    """The place words of a study's regions, and those of every other region."""
    here = [REGION_CLASS[r] for r in study.regions]
    if study.spine:
        here.append("spine_anchors")
    others = [name for r, name in REGION_CLASS.items() if r not in study.regions]
    return here, others


def _names_other_region(lex: _Lexicon, others: Iterable[str], text: _Text) -> bool:
    """Whether the text speaks of a body region other than the study's anywhere."""
    return any(text.mentions(lex, name) for name in others)


def _verdict(found: list[Fact], denied: list[Fact]) -> Fact | None:
    if found:
        return found[0]
    if denied:
        return denied[0]
    return None


def _setup(ctx: Context, kinds: tuple[str, ...]) -> tuple[_Lexicon, Study] | None:
    lex = _lexicon(ctx.vocabulary)
    if lex is None:
        return None
    study = _study(lex, ctx.request.item)
    if study is None or study.kind not in kinds:
        return None
    return lex, study


# --- red flags --------------------------------------------------------------------------------


@register("imaging_red_flag", "bool")
def imaging_red_flag(ctx: Context) -> Fact | None:
    """A red flag for serious pathology at the studied region: for the spine, cauda equina
    signs, a progressive deficit, myelopathy, cancer, infection, or a fracture its clause
    places in the spine; for a joint, an infection, tumor, avascular necrosis, hemarthrosis or
    neurovascular compromise written about that joint. Suspicions written as such ("rule out
    a fracture") are not red flags found."""
    setup = _setup(ctx, ("imaging", "radiograph"))
    if setup is None or not setup[1].regions:
        return None
    lex, study = setup
    here, others = _region_places(study)
    found: list[Fact] = []
    denied: list[Fact] = []
    for text in _texts(ctx):
        if study.spine:
            for m in text.mentions(lex, "spine_red_flags"):
                if not m.uncertain:
                    (denied if m.negated else found).append(Fact(not m.negated, text.cite(m.start, m.end)))
        regional = [("regional_red_flags", here, others)]
        if study.spine:
            regional.append(("fracture_words", here, [*others, "other_bone_anchors"]))
        for name, anchors, elsewhere in regional:
            for m in text.mentions(lex, name):
                clause = text.clause_of(m)
                if m.uncertain or _wrong_side(study, text, clause):
                    continue
                if not m.negated and lex.has("img_past_words", text.span([clause])):
                    continue  # "status post fracture", "history of infection": not a current red flag
                if _place(lex, anchors, elsewhere, text, clause, m.start, sentence=False) != "here":
                    continue  # a red flag for the region its own clause names, not a rib or a tooth
                (denied if m.negated else found).append(Fact(not m.negated, text.cite(m.start, m.end)))
        if found:
            break
    return _verdict(found, denied)


# --- the neurologic examination ------------------------------------------------------------------

_NO_WINDOW = {key(w) for w in ("range", "motion", "rom")}


def _limbs_at(lex: _Lexicon, text: _Text, clause: Clause, anchors: dict[str, tuple[str, ...]]) -> set[str]:
    """The limbs a finding is written about: those its clause names, else its sentence
    ("numbness down both legs and in the fingers" is about both)."""
    for scope in ([clause], text.sentence(clause)):
        found = {limb for limb, names in anchors.items() for name in names if text.within(lex, name, scope)}
        if found:
            return found
    return set()


def _window(clause: Clause, mention: Mention, before: int = 4, after: int = 5) -> tuple[set[str], int, int]:
    """The words around a mention within its clause, cut at a range-of-motion phrase (so
    "sensation intact, decreased range of motion" is no sensory deficit): keys, start, end."""
    tokens = clause.tokens
    inside = [i for i, t in enumerate(tokens) if mention.start <= t.start and t.end <= mention.end] or [0]
    first, last = inside[0], inside[-1]
    lo, hi = max(0, first - before), min(len(tokens), last + after + 1)
    for i in range(first - 1, lo - 1, -1):
        if tokens[i].key in _NO_WINDOW:
            lo = i + 1
            break
    for i in range(last + 1, hi):
        if tokens[i].key in _NO_WINDOW:
            hi = i
            break
    return {t.key for t in tokens[lo:hi]}, tokens[lo].start, tokens[hi - 1].end


def _exam_findings(lex: _Lexicon, study: Study, text: _Text) -> tuple[list[Fact], list[Fact]]:
    """(deficits, normal findings) of the neurologic examination in the study's limbs."""
    deficits: list[Fact] = []
    normal: list[Fact] = []
    upper_signs = lex.matchers["img_upper_root_tension_signs"]
    for m in text.mentions(lex, "img_root_tension_signs"):
        words = _keys(text.clause_of(m))
        limb = "upper" if upper_signs.labels_in(text.record.text[m.start : m.end]) else "lower"
        if limb not in study.limbs:
            continue
        if m.negated or (words & _NEGATIVE and not words & _POSITIVE):
            normal.append(Fact(False, text.cite(m.start, m.end)))
        elif not m.uncertain and words & _POSITIVE:
            deficits.append(Fact(True, text.cite(m.start, m.end)))

    deficit_keys = lex.keys["img_deficit_words"]
    normal_keys = lex.keys["img_normal_words"]
    for clause in text.clauses:
        if _keys(clause) & _SUBJECTIVE:
            continue  # what the patient reports is a symptom, not an examination finding
        found: list[tuple[Mention, bool]] = []  # (mention, deficit?)
        for name in ("img_sensory_words", "img_reflex_words", "img_motor_words"):
            for m in text.within(lex, name, [clause]):
                words, lo, hi = _window(clause, m)
                window = text.record.text[lo:hi]
                low = bool(words & deficit_keys) or (name != "img_sensory_words" and bool(_GRADE_WEAK.search(window)))
                low = low or (name == "img_reflex_words" and bool(_REFLEX_LOW.search(window)))
                ok = bool(words & normal_keys) or bool(_GRADE_FULL.search(window)) or bool(_REFLEX_NORMAL.search(window))
                if m.negated and (low or m.label == "img_motor_words"):
                    found.append((m, False))  # "no sensory deficit", "no weakness"
                elif low and not m.negated:
                    found.append((m, True))
                elif ok:
                    found.append((m, False))
        span = text.span([clause])
        if not any(m.label == "img_motor_words" for m, _ in found):
            for grade, low in ((_GRADE_WEAK.search(span), True), (_GRADE_FULL.search(span), False)):
                if grade is not None and "out of" not in grade.group().lower():
                    at = clause.start + grade.start()
                    found.append((Mention("img_motor_words", at, clause.start + grade.end(), clause.sentence, False, False), low))
                    break
        for m, low in found:
            if not _limbs_at(lex, text, clause, LIMB_ANCHORS) & study.limbs:
                continue
            (deficits if low else normal).append(Fact(low, text.cite(m.start, m.end)))
    return deficits, normal


@register("nerve_compromise_signs", "bool")
def nerve_compromise_signs(ctx: Context) -> Fact | None:
    """Objective signs of nerve compromise in the limb the study concerns: a positive
    root-tension sign (straight leg raise, Spurling), or a sensory, reflex or motor deficit
    written about that limb or its dermatomes; false when its examination is documented normal."""
    setup = _setup(ctx, ("imaging", "eds", "evoked"))
    if setup is None or not setup[1].limbs:
        return None
    lex, study = setup
    deficits: list[Fact] = []
    normal: list[Fact] = []
    for text in _texts(ctx):
        d, n = _exam_findings(lex, study, text)
        deficits += d
        normal += n
        if deficits:
            break
    return _verdict(deficits, normal)


@register("entrapment_signs", "bool")
def entrapment_signs(ctx: Context) -> Fact | None:
    """Positive signs of a focal nerve entrapment in the arm (Tinel, Phalen, Durkan, median
    nerve compression, thenar atrophy); false when they are documented negative."""
    setup = _setup(ctx, ("eds",))
    if setup is None or "upper" not in setup[1].limbs:
        return None
    lex, _ = setup
    found: list[Fact] = []
    denied: list[Fact] = []
    for text in _texts(ctx):
        for m in text.mentions(lex, "img_entrapment_signs"):
            words = _keys(text.clause_of(m))
            if m.negated:
                denied.append(Fact(False, text.cite(m.start, m.end)))
            elif not m.uncertain and words & _POSITIVE:
                found.append(Fact(True, text.cite(m.start, m.end)))
        for clause in text.clauses:
            words = _keys(clause)
            if "thenar" in words and words & {"atrophy", "wasting", "flattening"}:
                found.append(Fact(True, text.cite(clause.start, clause.end)))
        if found:
            break
    return _verdict(found, denied)


@register("limb_neurologic_symptoms", "bool")
def limb_neurologic_symptoms(ctx: Context) -> Fact | None:
    """Symptoms of nerve involvement in the limb the study concerns: numbness, tingling,
    paresthesias, radiating or radicular pain; false when they are denied."""
    setup = _setup(ctx, ("eds", "evoked"))
    if setup is None or not setup[1].limbs:
        return None
    lex, study = setup
    found: list[Fact] = []
    denied: list[Fact] = []
    for text in _texts(ctx):
        for m in text.mentions(lex, "img_neurologic_symptoms"):
            if m.uncertain:
                continue
            if not _limbs_at(lex, text, text.clause_of(m), SYMPTOM_ANCHORS) & study.limbs:
                continue
            (denied if m.negated else found).append(Fact(not m.negated, text.cite(m.start, m.end)))
        if found:
            break
    return _verdict(found, denied)


@register("neuropathy_suspected", "bool")
def neuropathy_suspected(ctx: Context) -> Fact | None:
    """A peripheral neuropathy or entrapment (not a radiculopathy) of the studied limb is
    diagnosed or suspected, the case for nerve conduction studies; false when ruled out."""
    setup = _setup(ctx, ("eds",))
    if setup is None:
        return None
    lex, study = setup
    found: list[Fact] = []
    denied: list[Fact] = []
    for text in _texts(ctx):
        for m in text.mentions(lex, "img_peripheral_neuropathy"):
            limbs = _limbs_at(lex, text, text.clause_of(m), LIMB_ANCHORS)
            if limbs and not limbs & study.limbs:
                continue
            (denied if m.negated else found).append(Fact(not m.negated, text.cite(m.start, m.end)))
        if found:
            break
    return _verdict(found, denied)


# --- the item itself ----------------------------------------------------------------------------


@register("nerve_conduction_requested", "bool")
def nerve_conduction_requested(ctx: Context) -> Fact | None:
    """The electrodiagnostic item includes nerve conduction studies (NCV/NCS), not only EMG."""
    setup = _setup(ctx, ("eds",))
    if setup is None:
        return None
    return Fact(setup[1].ncs, f"item: “{ctx.request.item}”")


@register("trigger_point_impedance_imaging_requested", "bool")
def trigger_point_impedance_imaging_requested(ctx: Context) -> Fact | None:
    """The item asks for trigger point impedance imaging."""
    setup = _setup(ctx, ("tpii",))
    return None if setup is None else Fact(True, f"item: “{ctx.request.item}”")


# --- conservative care -----------------------------------------------------------------------------

_FAILED_PHRASES = (
    "without improvement", "no improvement", "without relief", "no relief", "without benefit", "no benefit",
    "not improved", "did not improve", "has not improved", "have not improved", "failed to improve",
    "not helpful", "did not help", "no significant improvement", "no significant relief", "lack of improvement",
    "no lasting relief", "little benefit", "little relief", "little improvement", "minimal improvement",
    "minimal relief", "limited improvement", "limited relief", "temporary relief", "transient relief",
)
_OUTCOMES = PhraseMatcher(
    [*((w, "helped") for w in _HELPED), *((w, "failed") for w in _FAILED), *((p, "failed") for p in _FAILED_PHRASES)]
)


@register("active_care_failed", "bool")
def active_care_failed(ctx: Context) -> Fact | None:
    """Active conservative care (physical therapy, chiropractic, acupuncture, a home exercise
    program, an injection) was given and the symptoms persist; false when it helped or was
    not given. Medication and rest alone are not a course of conservative care."""
    lex = _lexicon(ctx.vocabulary)
    study = None if lex is None else _study(lex, ctx.request.item)
    if lex is None or study is None:
        return None
    here, others = _region_places(study)
    for i, t in enumerate(ctx.case.treatments):
        if lex.has("img_active_conservative_care", t.name):
            if t.outcome == "helped":
                return Fact(False, f"treatments[{i}]: {t.name} (helped)")
            return Fact(True, f"treatments[{i}]: {t.name}{f' ({t.outcome})' if t.outcome else ''}")
    text = _texts(ctx)[-1]
    groups: dict[str, list[Fact]] = {"failed": [], "helped": [], "done": [], "not done": []}
    for m in text.mentions(lex, "img_active_conservative_care"):
        clause = text.clause_of(m)
        cite = text.cite(m.start, m.end)
        if lex.has("img_review_words", text.span([clause])):
            continue  # "physical therapy was denied": the review's history, not the care
        if study.regions and _place(lex, here, others, text, clause, m.start) == "elsewhere":
            continue  # therapy for another body part
        if m.negated and not m.uncertain:
            groups["not done"].append(Fact(False, cite))
            continue
        near, _, _ = _window(clause, m, before=3, after=3)
        given = bool(near & lex.keys["img_given_words"])
        span = text.span([clause])
        past = lex.has("img_past_words", text.span(text.sentence(clause)))
        planned = lex.has("img_plan_words", span) or (lex.has("img_weak_plan_words", span) and not past)
        if not given and (m.uncertain or planned):
            continue  # a plan or a request, not care given
        outcome = _outcome(clause)
        if outcome == "failed":
            groups["failed"].append(Fact(True, cite))
        elif outcome == "helped":
            groups["helped"].append(Fact(False, cite))
        else:
            groups["done"].append(Fact(True, cite))
    for group in groups.values():
        if group:
            return group[0]
    return None


def _outcome(clause: Clause) -> str | None:
    """How the care in a clause went: 'failed', 'helped' or None (not said). A denied
    benefit ("had not proven beneficial", "no improvement") is a failure."""
    results = set()
    for m in _OUTCOMES.mentions([clause]):
        if m.label == "helped":
            results.add("failed" if m.negated else "helped")
        elif not m.negated:
            results.add("failed")
    if "failed" in results:
        return "failed"
    return "helped" if results else None


# --- surgery and invasive procedures under consideration ----------------------------------------


def _considered(ctx: Context, words_class: str) -> Fact | None:
    setup = _setup(ctx, ("imaging", "radiograph"))
    if setup is None or not setup[1].regions:
        return None
    lex, study = setup
    here, others = _region_places(study)
    found: list[Fact] = []
    denied: list[Fact] = []
    for text in _texts(ctx):
        unplaced_ok = not _names_other_region(lex, others, text)
        for m in text.mentions(lex, words_class):
            clause = text.clause_of(m)
            span = text.span([clause])
            if "post" in text.record.text[max(0, m.start - 6) : m.start].lower():
                continue  # post-operative: about a surgery done
            place = _place(lex, here, others, text, clause, m.start)
            if _wrong_side(study, text, clause) or place == "elsewhere" or (place == "none" and not unplaced_ok):
                continue  # about another body part, or (in a record of several) not said which
            declined = lex.has("img_declined_words", span)
            firm = lex.has("img_plan_words", span)
            loose = lex.has("img_weak_plan_words", span)
            past = lex.has("img_past_words", text.span(text.sentence(clause)))
            cite = text.cite(m.start, m.end)
            if declined or (m.negated and not past):
                denied.append(Fact(False, cite))
            elif not m.negated and (firm or (loose and not past)):
                found.append(Fact(True, cite))
        if found:
            break
    return _verdict(found, denied)


@register("surgery_considered", "bool")
def surgery_considered(ctx: Context) -> Fact | None:
    """Surgery for the studied region is being considered (a surgical consultation, candidacy,
    a planned procedure); false when it is declined or ruled out."""
    return _considered(ctx, "img_surgery_words")


@register("invasive_procedure_planned", "bool")
def invasive_procedure_planned(ctx: Context) -> Fact | None:
    """An injection or another invasive procedure at the studied region is planned or
    considered (imaging to clarify the anatomy before it); false when declined."""
    return _considered(ctx, "img_invasive_procedures")


# --- earlier studies of the same region --------------------------------------------------------------


def _earlier_study(ctx: Context, modality: str, kinds: tuple[str, ...]) -> tuple[list[Fact], list[Fact]] | None:
    setup = _setup(ctx, kinds)
    if setup is None or not setup[1].regions:
        return None
    lex, study = setup
    here = [REGION_CLASS[r] for r in study.regions]
    others = [name for r, name in REGION_CLASS.items() if r not in study.regions]
    found: list[Fact] = []
    denied: list[Fact] = []
    service_dates = {d for d, _, _ in find_dates(ctx.request.item)}  # "Retro MRI ... DOS 1/5/2017": that study itself
    for text in _texts(ctx):
        for m in text.mentions(lex, modality):
            clause = text.clause_of(m)
            span = text.span([clause])
            if _wrong_side(study, text, clause) or _place(lex, here, others, text, clause, m.start) != "here":
                continue
            if service_dates & {d for d, _, _ in find_dates(text.span(text.sentence(clause)))}:
                continue
            cite = text.cite(m.start, m.end)
            if m.negated and not m.uncertain:
                denied.append(Fact(False, cite))
                continue
            if m.uncertain or lex.has("img_study_planned_words", span):
                continue  # the study asked for, not one done
            sentence = text.span(text.sentence(clause))
            dated = bool(find_dates(sentence) or _MONTH_YEAR.search(sentence))
            if dated or lex.has("img_study_done_words", span):
                found.append(Fact(True, cite))
        if found:
            break
    return found, denied


@register("prior_study_same_region", "bool")
def prior_study_same_region(ctx: Context) -> Fact | None:
    """An earlier MRI, CT or bone scan of the requested region (same side) is documented as
    done; false when it is denied, or when a non-empty record mentions none."""
    result = _earlier_study(ctx, "advanced_imaging", ("imaging",))
    if result is None:
        return None
    verdict = _verdict(*result)
    retrospective = re.search(r"\bretro(?:spective)?\b", ctx.request.item, re.IGNORECASE)
    if retrospective and not find_dates(ctx.request.item) and verdict is not None and verdict.value:
        return None  # a study done may be the one asked for after the fact: cannot tell
    if verdict is None and ctx.record.clauses:
        return Fact(False, "summary: no earlier MRI, CT or bone scan of this region is mentioned")
    return verdict


@register("prior_radiographs_same_region", "bool")
def prior_radiographs_same_region(ctx: Context) -> Fact | None:
    """Plain radiographs (x-rays) of the requested region are documented as done."""
    result = _earlier_study(ctx, "plain_radiographs", ("imaging", "radiograph"))
    return None if result is None else _verdict(*result)


# --- findings that make a structural lesion suspected ----------------------------------------------


def _suspected(ctx: Context, classes: dict[str, str]) -> Fact | None:
    setup = _setup(ctx, ("imaging", "radiograph"))
    if setup is None:
        return None
    lex, study = setup
    names = [classes[r] for r in sorted(study.regions) if r in classes]
    if not names:
        return None
    here = [REGION_CLASS[r] for r in study.regions]
    others = [name for r, name in REGION_CLASS.items() if r not in study.regions]
    found: list[Fact] = []
    denied: list[Fact] = []
    generic = lex.matchers["generic_lesion_findings"]
    for text in _texts(ctx):
        unplaced_ok = not _names_other_region(lex, others, text)
        for name in names:
            for m in text.mentions(lex, name):
                clause = text.clause_of(m)
                span = text.span([clause])
                place = _place(lex, here, others, text, clause, m.start)
                named = not generic.labels_in(text.record.text[m.start : m.end])  # "McMurray" names the knee; "instability" does not
                if _wrong_side(study, text, clause) or place == "elsewhere" or (place == "none" and not (named or unplaced_ok)):
                    continue
                imaging = lex.has("advanced_imaging", span) or lex.has("plain_radiographs", span)
                if imaging and lex.has("img_study_planned_words", span):
                    continue  # "MRI to rule out a meniscal tear": the order's purpose, not a finding
                negated = m.negated
                if lex.matchers["img_exam_tests"].labels_in(text.record.text[m.start : m.end]):
                    words = _keys(clause)
                    negated = negated or bool(words & _NEGATIVE and not words & _POSITIVE)
                    if not negated and not words & _POSITIVE:
                        continue  # a test named without its result
                (denied if negated else found).append(Fact(not negated, text.cite(m.start, m.end)))
        if found:
            break
    return _verdict(found, denied)


@register("structural_lesion_suspected", "bool")
def structural_lesion_suspected(ctx: Context) -> Fact | None:
    """Examination findings or a diagnosis make a structural lesion of the studied joint
    suspected (e.g. a meniscal or ligament tear, instability, an osteochondral injury, a
    labral tear, avascular necrosis); false when those signs are documented negative."""
    return _suspected(ctx, LESION_CLASS)


@register("hip_arthritis_suspected", "bool")
def hip_arthritis_suspected(ctx: Context) -> Fact | None:
    """Osteoarthritis or degenerative disease of the hip is diagnosed or suspected."""
    return _suspected(ctx, {"hip": "hip_arthritis_findings"})
