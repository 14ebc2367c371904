"""Facts about an imaging or electrodiagnostic request, read from the record about its region."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog
from mtus_rules.facts.computed import Context, registry
from mtus_rules.facts.computed import imaging
from mtus_rules.facts.computed.imaging import about, care, priors, study as study_module
from mtus_rules.reading.record import analyze
from mtus_rules.reading.vocabulary import Vocabulary, load_vocabulary
from tests.conftest import RULES

VOCABULARY_FILE = RULES / "vocabulary" / "imaging.yaml"
PACKAGE = Path(imaging.__file__).parent


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    """The imaging vocabulary alone, so these tests do not depend on other topics' words."""
    directory = tmp_path_factory.mktemp("rules")
    (directory / "vocabulary").mkdir()
    shutil.copy(VOCABULARY_FILE, directory / "vocabulary" / "imaging.yaml")
    return load_vocabulary(directory)


def context(vocabulary: Vocabulary, item: str, summary: str = "", **fields: Any) -> Context:
    case = Case.model_validate({"requests": [item], "summary": summary, **fields})
    return Context(case, case.requests[0], analyze(case.summary), dt.date(2017, 1, 10), vocabulary, ())


def declared(catalog: Catalog, name: str, item: str, summary: str = "", **fields: Any) -> Any:
    """A fact declared in rules/facts, found by the fact finder as the check finds it."""
    case = Case.model_validate({"requests": [item], "summary": summary, **fields})
    return catalog.finder.for_case(case, dt.date(2017, 1, 10)).for_request(case.requests[0], needed={name}).get(name)


def value(fact: Any) -> Any:
    return None if fact is None else fact.value


# --- the vocabulary ---------------------------------------------------------------------------


def test_every_class_the_facts_read_is_in_the_vocabulary(vocabulary: Vocabulary) -> None:
    """The lexicon finds nothing of a class it does not know: a misspelt class name would
    leave a fact silently unknown. Every snake_case string of the package is a class, a
    fact, a region or an exported name."""
    strings: set[str] = set()
    exported: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text())
        strings |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                exported |= set(ast.literal_eval(node.value))
    names = {s for s in strings if re.fullmatch(r"[a-z]+(?:_[a-z]+)+", s)}
    not_classes = set(registry()) | exported | set(study_module.REGION_CLASS) | set(about.PLACES)
    assert names - not_classes <= set(vocabulary.classes)
    assert len(names - not_classes) > 30  # the mechanics' own classes (places, sides, tenses); what counts is in rules/facts


# --- the item ---------------------------------------------------------------------------------


def test_the_item_gives_the_study_its_region_and_side(vocabulary: Vocabulary) -> None:
    study = study_module.study_of("MRI of the right knee without contrast", vocabulary)
    assert study is not None and study.kind == "imaging" and study.regions == {"knee"} and study.side == "right"
    study = study_module.study_of("MRI of the cervical spine", vocabulary)
    assert study is not None and study.spine and study.limbs == {"upper"}
    study = study_module.study_of("X-rays of the lumbar spine", vocabulary)
    assert study is not None and study.kind == "radiograph" and study.regions == {"lumbar"}


def test_electrodiagnostic_items_name_a_limb(vocabulary: Vocabulary) -> None:
    study = study_module.study_of("EMG/NCV of the bilateral upper extremities", vocabulary)
    assert study is not None and study.kind == "eds" and study.limbs == {"upper"} and study.ncs and study.side is None
    study = study_module.study_of("EMG of the right lower extremity", vocabulary)
    assert study is not None and study.limbs == {"lower"} and not study.ncs


def test_other_items_are_no_study(vocabulary: Vocabulary, catalog: Catalog) -> None:
    assert study_module.study_of("Physical therapy for the lumbar spine", vocabulary) is None
    ctx = context(vocabulary, "Physical therapy for the lumbar spine", "Straight leg raise is positive on the left.")
    assert declared(catalog, "nerve_compromise_signs", "Physical therapy for the lumbar spine", "Straight leg raise is positive on the left.") is None
    assert priors.prior_study_same_region(ctx) is None
    assert care.active_care_failed(ctx) is None


def test_nerve_conduction_and_tpii_items(catalog: Catalog) -> None:
    """Declared ``item_names`` facts: what the item's own words say."""
    assert value(declared(catalog, "nerve_conduction_requested", "EMG and NCS of the right lower extremity")) is True
    assert value(declared(catalog, "nerve_conduction_requested", "EMG bilateral lower extremities")) is False
    assert value(declared(catalog, "trigger_point_impedance_imaging_requested", "Trigger point impedance imaging")) is True
    assert declared(catalog, "trigger_point_impedance_imaging_requested", "MRI of the knee") is None


# --- red flags ---------------------------------------------------------------------------------


def test_spine_red_flags(vocabulary: Vocabulary, catalog: Catalog) -> None:
    lumbar = "MRI of the lumbar spine"
    assert value(declared(catalog, "imaging_red_flag", lumbar, "He reports new saddle anesthesia and urinary retention.")) is True
    assert value(declared(catalog, "imaging_red_flag", lumbar, "He denies bowel or bladder incontinence.")) is False
    assert declared(catalog, "imaging_red_flag", lumbar, "The plan is an MRI to rule out cauda equina.") is None


def test_a_fracture_is_a_red_flag_for_the_region_its_clause_names(vocabulary: Vocabulary, catalog: Catalog) -> None:
    summary = "CT showed a compression fracture of T12."
    assert value(declared(catalog, "imaging_red_flag", "MRI of the thoracic spine", summary)) is True
    assert declared(catalog, "imaging_red_flag", "MRI of the cervical spine", summary) is None
    ribs = "He has neck pain, chest pain and rib fractures."
    assert declared(catalog, "imaging_red_flag", "MRI of the cervical spine", ribs) is None


def test_joint_red_flags_stay_with_their_joint(vocabulary: Vocabulary, catalog: Catalog) -> None:
    summary = "There is warmth and erythema of the right knee with concern for septic arthritis; the knee is infected."
    assert value(declared(catalog, "imaging_red_flag", "MRI of the right knee", summary)) is True
    assert declared(catalog, "imaging_red_flag", "MRI of the right elbow", summary) is None
    # a known fracture under care is not a red flag that bypasses the criteria for an MRI
    fracture = "She is followed for a fracture of the fifth metatarsal of the right foot."
    assert declared(catalog, "imaging_red_flag", "MRI of the right foot", fracture) is None


# --- the neurologic examination --------------------------------------------------------------------


def test_signs_of_nerve_compromise_in_the_studied_limb(vocabulary: Vocabulary, catalog: Catalog) -> None:
    lumbar = "MRI of the lumbar spine"
    for summary in (
        "Straight leg raise is positive on the left at 45 degrees.",
        "There is decreased sensation in the left L5 dermatome.",
        "Motor strength is 4/5 in the left EHL.",
        "The left Achilles reflex is diminished.",
    ):
        assert value(declared(catalog, "nerve_compromise_signs", lumbar, summary)) is True, summary
    normal = "Straight leg raise is negative bilaterally and sensation is intact in the lower extremities."
    assert value(declared(catalog, "nerve_compromise_signs", lumbar, normal)) is False


def test_findings_in_another_limb_or_of_motion_are_not_nerve_signs(vocabulary: Vocabulary, catalog: Catalog) -> None:
    arm = "There is decreased sensation in the right C6 dermatome and a positive Spurling's test."
    assert declared(catalog, "nerve_compromise_signs", "MRI of the lumbar spine", arm) is None
    assert value(declared(catalog, "nerve_compromise_signs", "MRI of the cervical spine", arm)) is True
    motion = "Sensation is intact in the legs, and range of motion is decreased."
    assert value(declared(catalog, "nerve_compromise_signs", "MRI of the lumbar spine", motion)) is False


def test_what_the_patient_reports_is_no_examination_finding(catalog: Catalog) -> None:
    assert declared(catalog, "nerve_compromise_signs", "MRI of the lumbar spine", "He reports weakness in the legs.") is None


def test_structured_findings_are_read(catalog: Catalog) -> None:
    fact = declared(catalog, "nerve_compromise_signs", "MRI of the lumbar spine", findings=["positive straight leg raise on the right"])
    assert value(fact) is True and fact is not None and fact.source.startswith("findings[0]")


def test_entrapment_signs_and_limb_symptoms(vocabulary: Vocabulary, catalog: Catalog) -> None:
    item = "EMG/NCV of the bilateral upper extremities"
    summary = "She reports numbness and tingling in both hands. Tinel's and Phalen's signs are positive at the wrists."
    assert value(declared(catalog, "entrapment_signs", item, summary)) is True
    assert value(declared(catalog, "limb_neurologic_symptoms", item, summary)) is True
    denied = "She denies numbness or tingling in the arms. Tinel's sign is negative."
    assert value(declared(catalog, "limb_neurologic_symptoms", item, denied)) is False
    assert value(declared(catalog, "entrapment_signs", item, denied)) is False


def test_thenar_atrophy_is_an_entrapment_sign(vocabulary: Vocabulary, catalog: Catalog) -> None:
    item = "EMG/NCV of the bilateral upper extremities"
    fact = declared(catalog, "entrapment_signs", item, "There is mild thenar wasting on the right.")
    assert value(fact) is True and fact is not None and "thenar wasting" in fact.source
    assert declared(catalog, "entrapment_signs", item, "The thenar eminence is tender.") is None


def test_a_provocative_test_needs_its_result(vocabulary: Vocabulary, catalog: Catalog) -> None:
    lumbar = "MRI of the lumbar spine"
    assert declared(catalog, "nerve_compromise_signs", lumbar, "A straight leg raise was performed.") is None
    assert value(declared(catalog, "nerve_compromise_signs", lumbar, "Straight leg raise reproduces leg pain.")) is True


def test_leg_symptoms_are_not_arm_symptoms(vocabulary: Vocabulary, catalog: Catalog) -> None:
    summary = "He has low back pain radiating down the right leg."
    assert value(declared(catalog, "limb_neurologic_symptoms", "EMG of the right lower extremity", summary)) is True
    assert declared(catalog, "limb_neurologic_symptoms", "EMG of the right upper extremity", summary) is None


# --- conservative care ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("He completed 8 sessions of physical therapy without improvement.", True),
        ("Six sessions of physical therapy had not proven particularly beneficial.", True),
        ("Treatment to date has included chiropractic care and medications.", True),
        ("The provider recommended continued physical therapy for persisting pain.", True),
        ("Chiropractic therapy was noted to improve her symptoms.", False),
        ("She has not started physical therapy yet.", False),
        ("The treatment plan included a physical therapy request of 8 sessions.", None),
        ("Physical therapy was denied by utilization review.", None),
        ("Treatment has included medication and rest.", None),
        ("Acupuncture gave no relief.", True),
        ("Acupuncture gave some relief.", False),
    ],
)
def test_active_conservative_care(vocabulary: Vocabulary, summary: str, expected: bool | None) -> None:
    assert value(care.active_care_failed(context(vocabulary, "MRI of the lumbar spine", summary))) is expected


def test_therapy_for_another_body_part_does_not_count(vocabulary: Vocabulary) -> None:
    summary = "He completed 12 sessions of physical therapy for the low back without improvement."
    assert care.active_care_failed(context(vocabulary, "MRI of the right knee", summary)) is None
    assert value(care.active_care_failed(context(vocabulary, "MRI of the lumbar spine", summary))) is True


def test_a_treatments_entry_wins(vocabulary: Vocabulary) -> None:
    ctx = context(
        vocabulary,
        "MRI of the lumbar spine",
        "Physical therapy helped.",
        treatments=[{"name": "physical therapy", "sessions": 12, "outcome": "failed"}],
    )
    assert value(care.active_care_failed(ctx)) is True


# --- surgery and procedures under consideration ----------------------------------------------


def test_surgery_considered_for_the_studied_region(vocabulary: Vocabulary) -> None:
    item = "MRI of the lumbar spine"
    assert value(care.surgery_considered(context(vocabulary, item, "He was referred to a spine surgeon for a surgical consultation."))) is True
    assert value(care.surgery_considered(context(vocabulary, item, "Surgery is not being considered at this time."))) is False
    assert care.surgery_considered(context(vocabulary, item, "He is status post lumbar fusion in 2014.")) is None
    assert care.surgery_considered(context(vocabulary, item, "Post-operative physical therapy was completed.")) is None


def test_surgery_for_another_region_does_not_count(vocabulary: Vocabulary) -> None:
    summary = (
        "He has left shoulder and left hip pain. The physician requested an MRI of the left shoulder and a "
        "consultation with a hip replacement specialist for a total hip arthroplasty."
    )
    assert care.surgery_considered(context(vocabulary, "MRI of the left shoulder", summary)) is None
    assert value(care.surgery_considered(context(vocabulary, "MRI of the left hip", summary))) is True


def test_an_injection_planned_or_given(vocabulary: Vocabulary) -> None:
    item = "MRI of the right shoulder"
    assert value(care.invasive_procedure_planned(context(vocabulary, item, "The provider will consider a subacromial injection."))) is True
    assert care.invasive_procedure_planned(context(vocabulary, item, "She received a Toradol injection at the last visit.")) is None


# --- earlier studies -----------------------------------------------------------------------------


def test_an_earlier_study_of_the_same_region_and_side(vocabulary: Vocabulary) -> None:
    summary = "An MRI of the left knee dated 12/08/2016 showed chondromalacia of the patella."
    assert value(priors.prior_study_same_region(context(vocabulary, "MRI left knee", summary))) is True
    assert value(priors.prior_study_same_region(context(vocabulary, "MRI right knee", summary))) is False
    assert value(priors.prior_study_same_region(context(vocabulary, "MRI of the lumbar spine", summary))) is False


def test_a_retrospective_request_is_not_its_own_earlier_study(vocabulary: Vocabulary) -> None:
    summary = "An MRI of the lumbar spine on 01/05/2017 showed a disc protrusion at L4-5."
    assert value(priors.prior_study_same_region(context(vocabulary, "Retro MRI lumbar spine DOS 01/05/2017", summary))) is False
    assert priors.prior_study_same_region(context(vocabulary, "Retrospective MRI lumbar spine", summary)) is None


def test_the_study_asked_for_is_not_an_earlier_study(vocabulary: Vocabulary) -> None:
    summary = "The treatment plan included an MRI of the cervical spine to rule out a herniated disc."
    fact = priors.prior_study_same_region(context(vocabulary, "MRI of the cervical spine", summary))
    assert value(fact) is False and fact is not None and "no earlier" in fact.source


def test_no_earlier_study_said_and_no_record_at_all(vocabulary: Vocabulary) -> None:
    denied = priors.prior_study_same_region(context(vocabulary, "MRI of the thoracic spine", "No prior MRI of the thoracic spine is found."))
    assert value(denied) is False and denied is not None and "No prior MRI" in denied.source
    assert priors.prior_study_same_region(context(vocabulary, "MRI of the thoracic spine", "")) is None


def test_earlier_radiographs(vocabulary: Vocabulary) -> None:
    summary = "X-rays of the right elbow on 9/20/2016 were normal."
    assert value(priors.prior_radiographs_same_region(context(vocabulary, "MRI of the right elbow", summary))) is True
    assert priors.prior_radiographs_same_region(context(vocabulary, "MRI of the right elbow", "X-rays of the right foot were normal.")) is None


def test_a_negative_study_was_done_a_study_not_taken_was_not(vocabulary: Vocabulary) -> None:
    # "negative" and "unremarkable" negate the study's findings, not the study
    item = "MRI of the right elbow"
    for summary in ("Right elbow X-rays were unremarkable.", "X-rays of the right elbow were negative."):
        assert value(priors.prior_radiographs_same_region(context(vocabulary, item, summary))) is True
    assert value(priors.prior_radiographs_same_region(context(vocabulary, item, "No X-rays of the right elbow have been taken."))) is False
    repeat = "A prior MRI of the lumbar spine was unremarkable."
    assert value(priors.prior_study_same_region(context(vocabulary, "MRI of the lumbar spine", repeat))) is True


# --- joint lesions -------------------------------------------------------------------------------


def test_a_structural_lesion_suspected(vocabulary: Vocabulary, catalog: Catalog) -> None:
    item = "MRI of the right knee"
    summary = "There is medial joint line tenderness of the right knee and a positive McMurray's test."
    assert value(declared(catalog, "structural_lesion_suspected", item, summary)) is True
    negative = "McMurray's and Lachman's tests are negative and there is no effusion of the knee."
    assert value(declared(catalog, "structural_lesion_suspected", item, negative)) is False
    ordered = "The plan is an MRI of the right knee to rule out a meniscal tear."
    assert declared(catalog, "structural_lesion_suspected", item, ordered) is None


def test_a_generic_lesion_word_needs_its_joint(vocabulary: Vocabulary, catalog: Catalog) -> None:
    summary = "She has right shoulder pain and right hip pain. Symptoms included crepitus and instability."
    assert declared(catalog, "structural_lesion_suspected", "MRI of the right knee", summary) is None


def test_hip_arthritis_and_neuropathy(vocabulary: Vocabulary, catalog: Catalog) -> None:
    assert value(declared(catalog, "hip_arthritis_suspected", "X-rays of the right hip", "Osteoarthritis of the right hip is suspected.")) is True
    item = "NCV bilateral lower extremities"
    assert value(declared(catalog, "neuropathy_suspected", item, "He has diabetic neuropathy of the feet.")) is True
    assert declared(catalog, "neuropathy_suspected", item, "He has low back pain with sciatica.") is None


# --- the declared classes, affirmed and negated (rules/facts/imaging.yaml) -------------------------

CERVICAL, LUMBAR, ARMS = "MRI of the cervical spine", "MRI of the lumbar spine", "EMG/NCV of the bilateral upper extremities"


@pytest.mark.parametrize(
    ("name", "item", "affirmed", "negated"),
    [
        ("nerve_compromise_signs", CERVICAL, "Spurling's test is positive on the right.", "Spurling's test is negative."),
        ("nerve_compromise_signs", CERVICAL, "Spurling's maneuver reproduces arm pain.", "Spurling's test is not positive."),
        ("nerve_compromise_signs", LUMBAR, "Straight leg raise is positive on the left.", "Straight leg raise was not positive."),
        ("nerve_compromise_signs", CERVICAL, "Examination shows decreased C6 dermatome sensation on the right.", "Sensation is intact in the C6 dermatome."),
        ("nerve_compromise_signs", CERVICAL, "There is hypoesthesia in the median distribution of the right hand.", "There is no hypoesthesia in the hands."),
        ("nerve_compromise_signs", CERVICAL, "There is numbness of the right thumb and index finger on examination.", "There is no numbness of the thumb or index finger."),
        ("nerve_compromise_signs", CERVICAL, "There is reflex asymmetry at the biceps.", "There is no reflex asymmetry in the arms."),
        ("nerve_compromise_signs", LUMBAR, "The left Achilles reflex is absent.", "There is no loss of the Achilles reflex."),
        ("nerve_compromise_signs", LUMBAR, "Hyporeflexia of the left patellar tendon.", "No hyporeflexia in the legs."),
        ("nerve_compromise_signs", LUMBAR, "Absent left ankle jerk.", "Ankle jerks are 2+ and symmetric."),
        ("nerve_compromise_signs", LUMBAR, "+ SLR on the left at 40 degrees.", "SLR is negative bilaterally."),
        ("structural_lesion_suspected", "MRI of the right shoulder", "Right shoulder: + drop arm test.", "Right shoulder: drop arm test is negative."),
        ("nerve_compromise_signs", LUMBAR, "There is myotomal weakness of the left leg.", "There is no myotomal weakness of the legs."),
        ("entrapment_signs", ARMS, "Tinel's sign is positive at the right wrist.", "No Tinel sign at the wrists."),
        ("entrapment_signs", ARMS, "Phalen's test is positive bilaterally.", "Phalen's is not positive."),
        ("entrapment_signs", ARMS, "Durkan's test is positive on the left.", "Durkan's test is negative."),
        ("entrapment_signs", ARMS, "There is thenar atrophy on the right.", "There is no thenar atrophy."),
        ("neuropathy_suspected", ARMS, "The diagnosis is right carpal tunnel syndrome.", "There is no carpal tunnel syndrome."),
        ("neuropathy_suspected", ARMS, "She has left cubital tunnel syndrome.", "Cubital tunnel syndrome was ruled out by the hand surgeon."),
        ("structural_lesion_suspected", "MRI of the right shoulder", "Speed's and Yergason's tests are positive.", "Speed's and Yergason's tests are negative."),
        ("structural_lesion_suspected", "MRI of the right shoulder", "O'Brien's test is positive.", "O'Brien's test is not positive."),
        ("structural_lesion_suspected", "MRI of the right shoulder", "Hawkins and Neer tests are positive.", "Hawkins and Neer tests are negative."),
        ("structural_lesion_suspected", "MRI of the right shoulder", "The apprehension and relocation tests are positive.", "No positive apprehension test."),
        ("structural_lesion_suspected", "MRI of the right shoulder", "A drop-arm test is positive.", "The drop-arm test is negative."),
        ("structural_lesion_suspected", "MRI of the right knee", "The drawer test is positive.", "The drawer test is negative."),
        ("structural_lesion_suspected", "MRI of the right knee", "The right knee gives way on stairs.", "The right knee does not give way."),
        ("imaging_red_flag", "MRI of the right knee", "She is unable to bear weight on the right knee.", "She denies inability to bear weight on the right knee."),
        ("imaging_red_flag", "MRI of the right knee", "He fell from a ladder; the right knee has a large effusion.", "He fell from a ladder; there is no effusion of the right knee."),
        ("imaging_red_flag", LUMBAR, "There is perineal numbness.", "He denies perineal numbness."),
        ("imaging_red_flag", LUMBAR, "There is a progressive motor deficit in the legs.", "There are no red flags."),
    ],
)
def test_a_declared_finding_and_its_negated_form(catalog: Catalog, name: str, item: str, affirmed: str, negated: str) -> None:
    assert value(declared(catalog, name, item, affirmed)) is True, affirmed
    assert value(declared(catalog, name, item, negated)) is False, negated


def test_numbness_the_patient_reports_is_a_symptom_not_a_finding(catalog: Catalog) -> None:
    assert declared(catalog, "digital_numbness", CERVICAL, "She reports numbness of the right thumb and index finger.") is None
    assert value(declared(catalog, "limb_neurologic_symptoms", ARMS, "She reports numbness of the right thumb and index finger.")) is True


def test_an_entrapment_of_the_arm_is_no_neuropathy_of_the_leg(catalog: Catalog) -> None:
    assert declared(catalog, "neuropathy_suspected", "NCV of the bilateral lower extremities", "The diagnosis is right carpal tunnel syndrome.") is None


@pytest.mark.parametrize(
    ("summary", "shown"),
    [
        ("An MRI of the lumbar spine showed an L5-S1 extrusion with impingement of the left S1 nerve root.", True),
        ("The lumbar MRI showed a disc bulge at L4-5 without nerve root compression.", False),
        ("An MRI of the cervical spine showed C5-6 foraminal stenosis compressing the right C6 nerve root.", False),  # the arm's
        ("He has low back pain radiating to the left leg.", False),  # a record silent on it
    ],
)
def test_radiculopathy_shown_on_imaging_of_the_tested_limb(catalog: Catalog, summary: str, shown: bool | None) -> None:
    assert value(declared(catalog, "radiculopathy_shown_on_imaging", "EMG of the left lower extremity", summary)) is shown


def test_silence_is_no_answer_for_a_study_of_no_named_limb(catalog: Catalog) -> None:
    assert declared(catalog, "radiculopathy_shown_on_imaging", "EMG/NCV", "He has low back pain.") is None


SPANS_SUMMARY = (
    "MRI of the left knee on 03/02/2016 showed no meniscal tear; the right shoulder was normal. "
    "Positive Tinel sign at the left wrist, negative Phalen test. She reports numbness in the fingers "
    "but sensation is intact to light touch in both legs. Physical therapy and a home exercise program "
    "did not help the lumbar spine pain; surgery will be considered."
)


def test_where_a_class_is_written_is_where_its_mentions_are(vocabulary: Vocabulary) -> None:
    """``has``, ``starts``, ``word_spans`` and ``inside`` read no context: they must find every
    class where ``mentions``, ``within`` and ``words`` find it, longest first or every phrase."""
    source = imaging.reading.summary(context(vocabulary, "MRI of the left knee", SPANS_SUMMARY))
    assert sum(bool(source.mentions(name)) for name in vocabulary.classes) > 10  # the test reads something
    for name in vocabulary.classes:
        for clause in source.clauses:
            assert source.starts([name]).get(clause.start, []) == [m.start for m in source.within(name, [clause])]
            assert source.word_spans(name, clause) == [(m.start, m.end) for m in source.words(name, clause)]
            assert source.has(name, [clause]) == bool(source.words(name, clause))
        assert source.clauses_with([name]) == {source.clause_of(m).start for m in source.mentions(name)}
