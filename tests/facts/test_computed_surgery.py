"""Facts computed for surgery and its ancillaries, devices, referrals and injections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog
from mtus_rules.facts.computed import Context, registry, surgery
from mtus_rules.reading.lexicon import entry_mentions, lexicon_of
from mtus_rules.reading.record import analyze
from mtus_rules.reading.text import longest_first, tokens

SHOULDER = "Right shoulder arthroscopy with subacromial decompression and rotator cuff repair"


@pytest.fixture(scope="module")
def vocabulary(catalog: Catalog) -> Any:
    return catalog.vocabulary


def context(vocabulary: Any, item: str, *others: str, terms: tuple[str, ...] = (), **fields: Any) -> Context:
    request = fields.pop("request", {"item": item})
    case = Case.model_validate({"requests": [request, *others], **fields})
    record = analyze(case.summary)
    return Context(case, case.requests[0], record, dt.date(2017, 1, 1), vocabulary, terms, lexicon_of(vocabulary).index(record))


def value(fact: Any) -> Any:
    return None if fact is None else fact.value


def computed(name: str) -> Any:
    """A registered computed fact, by the name rules/facts gives it."""
    return registry()[name].function


def declared(catalog: Catalog, name: str, item: str, **fields: Any) -> Any:
    """A fact as rules/facts declares it (a mentions fact, say), found for the first item."""
    case = Case.model_validate({"requests": [{"item": item}], **fields})
    return catalog.finder.for_case(case, dt.date(2017, 1, 1)).for_request(case.requests[0]).get(name)


def test_every_class_the_facts_read_is_in_the_vocabulary(vocabulary: Any) -> None:
    """A class missing from the vocabulary would leave its fact unknown without a word."""
    assert sorted(surgery.CLASSES - vocabulary.classes.keys()) == []
    for prefix in surgery.CLASS_PREFIXES:
        assert any(name.startswith(prefix) for name in vocabulary.classes), prefix


# --- the surgery an item follows ----------------------------------------------------------------


def test_specific_procedures_come_first(vocabulary: Any) -> None:
    """surgical_procedure is the first procedure class the description names, so a term
    inside a longer one ("discectomy" in "anterior cervical discectomy") must come later."""
    classes = [name for name in vocabulary.classes if name.startswith("procedure_")]
    words = {name: [tuple(t.key for t in tokens(term)) for term in vocabulary.expand([f"@{name}"])] for name in classes}

    def inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
        return len(short) < len(long) and any(long[i : i + len(short)] == short for i in range(len(long)))

    hidden = [
        (short, long)
        for i, outer in enumerate(classes)
        for inner in classes[:i]
        for long in words[outer]
        for short in words[inner]
        if inside(short, long)
    ]
    assert hidden == []


def test_the_procedure_comes_from_the_surgery_requested_with_the_item(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Post-op physical therapy 2 times a week for 4 weeks", SHOULDER)
    assert value(computed("surgical_procedure")(ctx)) == "rotator_cuff_repair"
    assert value(computed("surgical_approach")(ctx)) == "arthroscopic"
    assert value(computed("surgery_region")(ctx)) == "shoulder"
    assert value(computed("surgery_risk")(ctx)) == "low"
    assert value(computed("complex_surgery")(ctx)) is True
    assert value(computed("major_blood_loss_surgery")(ctx)) is False


def test_the_item_names_its_own_procedure_first(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Post-operative physical therapy after left total knee arthroplasty x12", SHOULDER)
    assert value(computed("surgical_procedure")(ctx)) == "knee_arthroplasty"
    assert value(computed("surgery_risk")(ctx)) == "intermediate"
    assert value(computed("major_blood_loss_surgery")(ctx)) is True


def test_the_procedure_can_come_from_the_summary(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Post-op PT x8", summary="She is status post L4-5 microdiscectomy on 11/02/2016.")
    assert value(computed("surgical_procedure")(ctx)) == "lumbar_decompression"
    assert value(computed("surgery_performed")(ctx)) is True


def test_no_surgery_anywhere_leaves_the_procedure_unknown(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Cold therapy unit", summary="The patient has low back pain.")
    assert computed("surgical_procedure")(ctx) is None
    assert computed("surgery_risk")(ctx) is None
    assert computed("surgery_authorized")(ctx) is None
    assert computed("surgery_performed")(ctx) is None


def test_a_surgery_requested_with_the_item_is_neither_authorized_nor_done(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Assistant PA", SHOULDER)
    assert value(computed("surgery_authorized")(ctx)) is False
    assert value(computed("surgery_performed")(ctx)) is False


def test_an_authorization_in_the_claim_history(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Cold therapy unit 7 day rental", summary="Utilization review authorized the left knee arthroscopy on 12/20/2016.")
    assert value(computed("surgery_authorized")(ctx)) is True
    assert value(computed("surgical_procedure")(ctx)) == "knee_arthroscopy"


def test_a_denial_in_the_claim_history(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Cold therapy unit", summary="Utilization review non-certified the right shoulder arthroscopy on 12/01/2016.")
    assert value(computed("surgery_authorized")(ctx)) is False


@pytest.mark.parametrize("decision", ["was not approved", "was not certified", "was noncertified", "was denied"])
def test_an_approval_word_inside_a_denial_is_the_denial(vocabulary: Any, decision: str) -> None:
    ctx = context(vocabulary, "Cold therapy unit", summary=f"The right shoulder arthroscopy {decision} by utilization review.")
    assert value(computed("surgery_authorized")(ctx)) is False


def test_the_decision_nearest_the_surgery_counts(vocabulary: Any) -> None:
    ctx = context(
        vocabulary,
        "Sling",
        summary="Utilization review certified the right shoulder arthroscopy but non-certified the cold therapy unit.",
    )
    assert value(computed("surgery_authorized")(ctx)) is True


def test_a_planned_surgery_is_not_a_surgery_done(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Post-op PT x8", summary="The treatment plan included a right shoulder arthroscopy.")
    assert computed("surgery_performed")(ctx) is None


# --- findings on a study and on examination -------------------------------------------------


def test_a_lesion_in_an_mri_report_and_the_sentences_continuing_it(catalog: Catalog) -> None:
    summary = (
        "An MRI of the right knee was done on 11/18/2016. There was a bucket handle tear of the medial "
        "meniscus. On examination there is joint line tenderness."
    )
    assert value(declared(catalog, "knee_lesion_on_imaging", "Right knee arthroscopy", summary=summary)) is True


def test_a_diagnosis_without_a_study_is_not_an_imaging_finding(catalog: Catalog) -> None:
    assert declared(catalog, "knee_lesion_on_imaging", "Right knee arthroscopy", summary="The diagnosis is a medial meniscus tear.") is None


def test_a_lesion_the_study_denies(catalog: Catalog) -> None:
    found = declared(catalog, "knee_lesion_on_imaging", "Right knee arthroscopy", summary="An MRI of the right knee showed no meniscus tear.")
    assert value(found) is False


def test_a_findings_entry_naming_the_study_and_the_lesion(catalog: Catalog) -> None:
    found = declared(catalog, "knee_lesion_on_imaging", "Right knee arthroscopy", findings=["MRI: medial meniscus tear"])
    assert value(found) is True and found.source == "findings: MRI: medial meniscus tear"


def test_a_suspected_lesion_on_a_requested_study_is_no_finding(catalog: Catalog) -> None:
    summary = "The physician requested an MRI of the shoulder to evaluate for possible rotator cuff tear."
    assert declared(catalog, "shoulder_lesion_on_imaging", "Shoulder surgery", summary=summary) is None


def test_one_positive_sign_among_negative_ones_is_a_finding(catalog: Catalog) -> None:
    found = declared(catalog, "shoulder_exam_findings", "Shoulder surgery", summary="Neer sign was negative. Hawkins test was positive.")
    assert value(found) is True
    assert "Hawkins test" in found.source


def test_signs_only_denied_are_absent(catalog: Catalog) -> None:
    found = declared(catalog, "neural_compromise_signs", "Epidural steroid injection L4-5", summary="Straight leg raise is negative bilaterally.")
    assert value(found) is False


def test_a_findings_entry_wins(catalog: Catalog) -> None:
    found = declared(catalog, "median_nerve_exam_findings", "Carpal tunnel release", findings=["Positive Tinel sign at the right wrist"])
    assert value(found) is True
    assert found.source == "findings[0]: Positive Tinel sign at the right wrist"


def test_a_sign_denied_whole_is_not_affirmed_by_its_last_words(catalog: Catalog) -> None:
    """A declared set of signs reads the longest term: "Tinel sign" inside a denied "positive Tinel sign" is no sign affirmed."""
    found = declared(catalog, "median_nerve_exam_findings", "Carpal tunnel release", summary="There was no positive Tinel sign.")
    assert value(found) is False


def test_the_summary_is_read_by_the_longest_term_at_each_place(vocabulary: Any) -> None:
    """In "no positive drop arm" the sign is "positive drop arm", denied; the "drop arm"
    inside it, after the word "positive", is denied too, and one reading is kept."""
    found = entry_mentions(lexicon_of(vocabulary), "There was no positive drop arm.")["shoulder_weakness_signs"]
    assert len(found) > 1 and not any(m.affirmed for m in found)
    kept = longest_first(found)
    assert [(m.end - m.start, m.negated) for m in kept] == [(len("positive drop arm"), True)]


def test_other_sets_of_findings_are_declared_any_affirmed(catalog: Catalog) -> None:
    """rules/facts/surgery.yaml: one finding affirmed decides; a findings entry wins over the summary."""
    specs = catalog.finder.specs
    for name in (
        "cardiac_risk_factors", "activity_limitation", "surgical_lesions", "radicular_symptoms", "shoulder_exam_findings",
        "shoulder_weakness_signs", "knee_exam_findings", "median_nerve_exam_findings", "neural_compromise_signs",
        "objective_findings", "knee_brace_indications",
    ):
        assert name in specs.any_affirmed
        assert name not in registry()
    assert value(declared(catalog, "cardiac_risk_factors", "Pre-operative EKG", summary="She denies chest pain; she is diabetic.")) is True
    entry = declared(catalog, "crps", "Stellate ganglion block", diagnoses=["No CRPS"], summary="He has CRPS of the right hand.")
    assert (value(entry), entry.source) == (False, "diagnoses[0]: No CRPS")


# --- what the item asks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "levels"),
    [
        ("Facet joint injections L4-5, L5-S1", 2),
        ("Lumbar epidural steroid injection L5-S1", 1),
        ("Medial branch blocks L3-S1 bilateral", 3),
        ("Transforaminal ESI left L5 and S1", 2),
        ("C5-6, C6-7 cervical epidural", 2),
        ("Two level facet injections", 2),
        ("Lumbar epidural steroid injection", None),
    ],
)
def test_requested_levels(vocabulary: Any, item: str, levels: int | None) -> None:
    assert value(computed("requested_levels")(context(vocabulary, item))) == levels


def test_a_repeat_injection_is_read_from_the_item_or_a_past_injection(vocabulary: Any) -> None:
    terms = ("epidural steroid injection", "epidural", "esi")
    assert value(computed("repeat_injection")(context(vocabulary, "Repeat lumbar ESI", terms=terms))) is True
    done = context(vocabulary, "Lumbar ESI", terms=terms, summary="She had an epidural steroid injection in May with 60% relief.")
    assert value(computed("repeat_injection")(done)) is True
    planned = context(vocabulary, "Lumbar ESI", terms=terms, summary="The provider recommended an epidural steroid injection.")
    assert value(computed("repeat_injection")(planned)) is False


def test_facet_degeneration_on_mri_is_not_a_facet_injection(vocabulary: Any) -> None:
    terms = ("facet joint injection", "facet", "facet joint", "medial branch block")
    ctx = context(vocabulary, "Facet joint injection L4-5", terms=terms, summary="MRI showed facet degeneration at L4-5.")
    assert value(computed("repeat_injection")(ctx)) is False


@pytest.mark.parametrize(
    ("item", "visits"),
    [("Follow up office visit times 2", 2), ("Follow-up visit", 1), ("Follow-up visits", None), ("Office visits x3", 3)],
)
def test_requested_visits(vocabulary: Any, item: str, visits: int | None) -> None:
    assert value(computed("requested_visits")(context(vocabulary, item))) == visits


@pytest.mark.parametrize(
    ("item", "purchase"),
    [("Cold therapy unit", None), ("Cold therapy unit 7 day rental", False), ("Shoulder wrap for purchase", True)],
)
def test_device_purchase(vocabulary: Any, item: str, purchase: bool | None) -> None:
    assert value(computed("device_purchase")(context(vocabulary, item))) == purchase


@pytest.mark.parametrize(
    ("item", "dme"),
    [("Standard wheelchair for a 2 month rental", True), ("Purchase of a bath/shower chair", False), ("Ergonomic pillow", None)],
)
def test_item_medicare_dme(catalog: Catalog, item: str, dme: bool | None) -> None:
    """Declared: a convenience item is no DME even when it names one ("bath chair")."""
    assert value(declared(catalog, "item_medicare_dme", item)) == dme


def test_disciplines_and_homemaker_services(vocabulary: Any, catalog: Catalog) -> None:
    both = context(vocabulary, "Acute inpatient rehabilitation physical therapy and occupational therapy 7-10 days")
    assert value(computed("multiple_therapy_disciplines")(both)) is True
    assert value(computed("multiple_therapy_disciplines")(context(vocabulary, "Inpatient rehabilitation with physical therapy"))) is False
    assert value(declared(catalog, "item_homemaker_only", "Homemaker services for cleaning")) is True
    assert value(declared(catalog, "item_homemaker_only", "Home health nursing for wound care")) is False
    assert value(declared(catalog, "item_homemaker_only", "Homemaker and home health nursing services")) is False


def test_the_postsurgical_course_share(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Post-op physical therapy 2 times a week for 4 weeks", SHOULDER)
    share = computed("postsurgical_course_share")(ctx)
    assert value(share) == pytest.approx(8 / 24, abs=0.001)
    assert "24-visit general course after rotator_cuff_repair" in share.source
    unknown = context(vocabulary, "Post-op physical therapy", SHOULDER)
    assert computed("postsurgical_course_share")(unknown) is None


# --- injections and stimulators -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "summary", "percent"),
    [
        ("RFA L4-5", "Bilateral L4-5 medial branch blocks gave 50-80% relief for six hours.", 80),
        ("RFA L4-5", "The medial branch blocks gave no relief.", 0),
        ("RFA L4-5", "The medial branch blocks were ineffective.", 0),
        ("RFA L4-5", "Medial branch blocks at L4-5 did not help.", 0),
        ("MBB L4-5", "Medial branch blocks are requested, hoping for 70% relief.", None),
    ],
)
def test_relief_from_an_earlier_block_in_percent(catalog: Catalog, item: str, summary: str, percent: int | None) -> None:
    assert value(declared(catalog, "medial_branch_block_relief_percent", item, summary=summary)) == percent


def test_sacroiliac_tests_are_counted_by_test(catalog: Catalog) -> None:
    """A declared count_of: FABER and Patrick's are one test, counted once."""
    summary = "FABER and Patrick's test are positive. Gaenslen's test is positive. Thigh thrust is negative."
    found = declared(catalog, "si_positive_tests", "SI joint injection", summary=summary)
    assert value(found) == 2 and found.source == "true: si_test_faber, si_test_gaenslen"
    assert value(declared(catalog, "si_positive_tests", "SI joint injection", summary="FABER test is negative.")) == 0
    assert declared(catalog, "si_positive_tests", "SI joint injection", summary="Low back pain.") is None


def test_a_psychological_evaluation_done_not_only_recommended(catalog: Catalog) -> None:
    """Declared: the sentences naming a plan are not read for the evaluation."""
    done = declared(catalog, "psych_evaluation_done", "SCS trial", summary="A psychological evaluation on 11/2/2016 cleared him for the trial.")
    assert value(done) is True
    recommended = "A psychological evaluation was recommended before the trial."
    assert declared(catalog, "psych_evaluation_done", "SCS trial", summary=recommended) is None
    denied = "He has not had a psychological evaluation."
    assert value(declared(catalog, "psych_evaluation_done", "SCS trial", summary=denied)) is False


@pytest.mark.parametrize(
    ("item", "trial"),
    [("Spinal cord stimulator trial", True), ("Permanent spinal cord stimulator implantation", False), ("Spinal cord stimulator", None)],
)
def test_trial_requested(catalog: Catalog, item: str, trial: bool | None) -> None:
    assert value(declared(catalog, "trial_requested", item)) == trial


def test_a_denied_surgical_evaluation_is_not_a_denied_surgery(vocabulary: Any) -> None:
    ctx = context(vocabulary, "Cold therapy unit", summary="The prior review indicated that the request for spine surgery evaluation was non-certified.")
    assert computed("surgery_authorized")(ctx) is None
