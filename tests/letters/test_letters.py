"""Parsing IMR letters: header, reviewer, summary, items, partial certifications, errors.

Expected values were read from the letters. Letters in tests/data/letters run always;
the full corpus in ../shared/corpus is checked when it is there.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtus_rules.letters.read import letter_text
from mtus_rules.letters.parse import Item, Letter, LetterError, PredictionInput, clean_text, parse_letter, prediction_input
from tests.conftest import CORPUS, DATA as TEST_DATA

DATA = TEST_DATA / "letters"
SKIP_REASON = f"the letter corpus is not at {CORPUS} (it lives beside the repository, in ../shared)"
D = dt.date


def data_letter(name: str) -> Letter:
    return parse_letter((DATA / name).read_text(encoding="utf-8"), name)


# Header, reviewer, summary ---------------------------------------------------------------

HEADERS = {
    "CM16-0229336": (D(2016, 12, 5), D(2016, 10, 20), D(2016, 12, 30), D(2016, 10, 28), D(2016, 11, 28)),
    "CM16-0241231": (D(2016, 12, 21), D(2016, 10, 22), D(2017, 1, 19), D(2016, 12, 7), D(2016, 12, 16)),
    "CM16-0238035": (D(2016, 12, 14), D(2016, 10, 10), D(2017, 1, 20), D(2016, 12, 1), D(2016, 12, 12)),
    "CM16-0247802": (D(2016, 12, 30), D(2016, 11, 2), D(2017, 2, 1), D(2016, 12, 5), D(2016, 12, 27)),
}
REVIEWERS = {
    "CM16-0229336": (("California",), ("Preventive Medicine", "Occupational Medicine")),
    "CM16-0241231": (("Texas", "New York", "California"), ("Preventive Medicine", "Occupational Medicine")),
    "CM16-0238035": (("California", "Texas"), ("Orthopedic Surgery", "Sports Medicinea")),
    "CM16-0247802": (("Texas", "Illinois"), ("Physical Medicine & Rehabilitation", "Pediatric Rehabilitation Medicine")),
    "001_74ae951b69b8d1ae": (("Oklahoma", "Texas"), ("Physical Medicine and Rehabilitation",)),
}


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
@pytest.mark.parametrize("case", sorted(HEADERS))
def test_header(case: str, suffix: str) -> None:
    letter = parse_letter(letter_text(DATA / f"{case}{suffix}"))
    assert letter.case_number == case
    dates = (letter.date_assigned, letter.date_of_injury, letter.decision_date, letter.ur_denial_date, letter.received_date)
    assert dates == HEADERS[case]
    assert letter.priority == "Standard Application"


@pytest.mark.parametrize("case", sorted(REVIEWERS))
def test_reviewer(case: str) -> None:
    letter = data_letter(f"{case}.txt")
    assert (letter.reviewer.licensure, letter.reviewer.specialties) == REVIEWERS[case]


def test_seed_has_no_header() -> None:
    letter = data_letter("001_74ae951b69b8d1ae.txt")
    assert letter.case_number is None
    assert letter.date_assigned is letter.decision_date is letter.ur_denial_date is letter.priority is None


MINIMAL_BODY = """
CLINICAL CASE SUMMARY
The expert reviewer developed the following clinical case summary based on a review of the
case file, including all medical records:
The injured worker has knee pain.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
MRI of the knee: Upheld
Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004.
MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies.
Decision rationale: There are no red flags. The request is not medically necessary.
"""


@pytest.mark.parametrize(
    "header",
    [
        "Case Number: CM16-0213037\nDate Assigned: 11/09/2016 Date of Injury: 10/13/2016\nDecision Date: 12/09/2016 "
        "UR Denial Date: 11/03/2016\nPriority: Standard Application\nReceived:\n11/03/2016",
        "Case Number:\nCM16-0213037\nDate Assigned:\nDate of Injury:\n11/09/2016\n10/13/2016\nDecision Date:\n"
        "UR Denial Date:\n12/09/2016\n11/03/2016\nPriority:\nReceived:\nStandard Application\n11/03/2016",
        "Priority: Standard Application Received: 11/03/2016 Case Number: CM16-0213037 Decision Date: 12/09/2016 "
        "Date Assigned: 11/09/2016 UR Denial Date: 11/03/2016 Date of Injury: 10/13/2016",
    ],
    ids=["same-line", "columns", "reordered"],
)
def test_header_labels_in_any_order_or_line(header: str) -> None:
    letter = parse_letter(header + "\nHOW THE IMR FINAL DETERMINATION WAS MADE\n" + MINIMAL_BODY)
    assert letter.case_number == "CM16-0213037"
    assert (letter.date_assigned, letter.date_of_injury) == (D(2016, 11, 9), D(2016, 10, 13))
    assert (letter.decision_date, letter.ur_denial_date, letter.received_date) == (D(2016, 12, 9), D(2016, 11, 3), D(2016, 11, 3))
    assert letter.priority == "Standard Application"


def test_summary_is_between_its_heading_and_the_issues() -> None:
    letter = data_letter("CM16-0238035.txt")
    assert letter.summary.startswith("This case involves a now 43-year-old male with a history of an occupational claim")
    assert letter.summary.endswith("as well as a lack of clear documentation showing at least 3 months of conservative care.")
    assert "developed the following clinical case summary" not in letter.summary
    assert parse_letter(MINIMAL_BODY).summary == "The injured worker has knee pain."


# Items ----------------------------------------------------------------------------------

ITEMS = {
    "CM16-0238035": [
        ("Right shoulder arthroscopy RCR (rotator cuff repair) and decompression", "Upheld"),
        ("Medical Clearance", "Upheld"),
        ("Labs to include: EKG", "Upheld"),
        ("Labs to include: Chest X-ray", "Upheld"),
        ("Post-op physical therapy 2 times a week for 4 weeks", "Upheld"),
        ("Associated surgical service: Cold compression therapy 30 day rental", "Upheld"),
        ("Associated surgical service: Shoulder wrap for purchase", "Upheld"),
        ("Associated surgical service: Shoulder sling with abduction pillow", "Upheld"),
    ],
    "CM16-0247802": [
        ("Spine surgery evaluation for the lumbar", "Overturned"),
        ("Orphenadrine Citrate ER 100mg tabs #30", "Upheld"),
        ("Lidocaine 5% patch #1", "Upheld"),
        ("Norco 5/325mg oral tablet, one tablet twice daily 14 days #40", "Upheld"),
        ("Retrospective Cyclobenzaprine 5mg tab #30 DOS: 11/14/16", "Upheld"),
    ],
    "001_74ae951b69b8d1ae": [("Klonopin 0.5mg", "Upheld"), ("Retro CBC", "Upheld")],
}


@pytest.mark.parametrize("case", sorted(ITEMS))
def test_items_in_letter_order(case: str) -> None:
    letter = data_letter(f"{case}.txt")
    assert [(i.index, i.item, i.decision) for i in letter.items] == [(n, *pair) for n, pair in enumerate(ITEMS[case])]
    assert all(i.original is i.authorized is i.disputed is None and not i.partial for i in letter.items)


def test_item_paragraphs() -> None:
    first, clearance = data_letter("CM16-0238035.txt").items[:2]
    assert first.claims_guideline is not None and first.claims_guideline.outside_mtus
    assert first.reviewer_guideline is not None
    assert first.reviewer_guideline.text == "Decision based on MTUS Shoulder Complaints 2004, Section(s): Surgical Considerations."
    assert [c.sections for c in first.reviewer_guideline.citations] == [("Surgical Considerations",)]
    assert first.rationale is not None
    assert first.rationale.startswith("According to the ACOEM Guidelines, surgery is recommended after a failure")
    assert first.rationale.endswith("As such, the request is not medically necessary.")
    assert clearance.claims_guideline is not None and clearance.claims_guideline.no_evidence_cited
    assert clearance.claims_guideline.citations == ()


def test_partial_left_remaining_portion_for_imr() -> None:
    (item,) = data_letter("CM16-0241231.txt").items
    assert item.partial and item.decision == "Upheld"
    assert item.original == "Nine sessions of physical therapy of the right knee"
    assert item.authorized == "Six sessions of physical therapy of the right knee"
    assert item.disputed == item.item == "Three sessions of physical therapy of the right knee"


def test_partial_left_whole_original_for_imr() -> None:
    (item,) = data_letter("CM16-0229336.txt").items
    original = "Acute inpatient rehabilitation physical therapy and occupational therapy 7-10 days for left foot fracture"
    assert item.decision == "Overturned"
    assert item.original == item.disputed == item.item == original
    assert item.authorized == "Skilled nursing facility for 7 days with PT/OT once a day for left foot fracture"


def test_decision_word_with_trailing_spaces_and_other_case() -> None:
    letter = parse_letter(MINIMAL_BODY.replace("knee: Upheld\n", "knee:   upheld   \r\n"))
    assert [(i.item, i.decision) for i in letter.items] == [("MRI of the knee", "Upheld")]


def test_item_header_wrapped_over_lines() -> None:
    letter = parse_letter(MINIMAL_BODY.replace("MRI of the knee: Upheld", "MRI of the\nknee\r\n:\nOverturned"))
    assert [(i.item, i.decision) for i in letter.items] == [("MRI of the knee", "Overturned")]


# Layout independence --------------------------------------------------------------------


def test_txt_and_pdf_give_the_same_letter() -> None:
    for pdf in sorted(DATA.glob("*.pdf")):
        from_pdf = parse_letter(letter_text(pdf), "x")
        from_txt = parse_letter(letter_text(pdf.with_suffix(".txt")), "x")
        assert from_pdf == from_txt, pdf.name


@pytest.mark.parametrize("mark", ["-\n", "-\r\n\r\n", "\ufffe", "\x02", "\u00ad\r\n"])
def test_hyphen_at_line_end_in_any_form(mark: str) -> None:
    letter = parse_letter(MINIMAL_BODY.replace("has knee pain", f"has an S{mark}shaped scar"))
    assert letter.summary == "The injured worker has an S-shaped scar."


def test_invisible_and_control_characters() -> None:
    assert clean_text("Klo\u00adno\u200bpin\x00 0.5\x0bmg") == "Klonopin 0.5 mg"


@st.composite
def rewrapped(draw: st.DrawFn, text: str) -> str:
    """The same words with other line breaks, blank lines and line ends, as another extractor gives."""
    words = clean_text(text).split(" ")
    breaks = draw(st.lists(st.sampled_from([" ", "\n", "\r\n", " \r\n", "\n\n \n", "  "]), min_size=len(words), max_size=len(words)))
    return "".join(w + (" " if w.endswith("-") else b) for w, b in zip(words, breaks))


LAYOUT_SOURCE = (DATA / "CM16-0247802.txt").read_text(encoding="utf-8")


@settings(max_examples=40, deadline=None)
@given(rewrapped(LAYOUT_SOURCE))
def test_line_breaks_do_not_matter(text: str) -> None:
    """The parser must not depend on layout: any line breaking of the same words gives the same letter."""
    assert parse_letter(text, "x") == parse_letter(LAYOUT_SOURCE, "x")


# Prediction input ------------------------------------------------------------------------


def test_prediction_input_holds_no_outcome() -> None:
    letter = data_letter("CM16-0247802.txt")
    assert set(PredictionInput.model_fields) == {
        "file", "index", "summary", "item", "original", "authorized", "disputed",
        "date_of_injury", "date_assigned", "ur_denial_date", "decision_date",
    }
    for item in letter.items:
        seen = prediction_input(letter, item.index)
        assert (seen.item, seen.summary, seen.decision_date) == (item.item, letter.summary, letter.decision_date)
        dumped = json.dumps(seen.model_dump(mode="json"))
        assert item.rationale is not None and item.rationale[:60] not in dumped
        assert "Decision based on" not in dumped


def test_partial_prediction_input_keeps_the_portions() -> None:
    letter = data_letter("CM16-0241231.txt")
    seen = prediction_input(letter, 0)
    assert (seen.original, seen.authorized, seen.disputed) == (
        letter.items[0].original, letter.items[0].authorized, letter.items[0].disputed
    )


def test_json_output() -> None:
    dumped = data_letter("CM16-0229336.txt").model_dump(mode="json")
    assert json.loads(json.dumps(dumped)) == dumped
    assert dumped["decision_date"] == "2016-12-30"
    assert dumped["items"][0]["decision"] == "Overturned"
    assert dumped["items"][0]["reviewer_guideline"]["citations"][0]["tier"] == "other"


def test_models_are_frozen() -> None:
    item = data_letter("001_74ae951b69b8d1ae.txt").items[0]
    with pytest.raises(ValueError):
        item.decision = "Overturned"  # type: ignore[misc]
    assert isinstance(item, Item)


# Errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", 'letter.txt: not an IMR determination letter: no "IMR ISSUES, DECISIONS AND RATIONALES" section'),
        (
            "CLINICAL CASE SUMMARY Knee pain. Decision: Upheld",
            'letter.txt: not an IMR determination letter: no "IMR ISSUES, DECISIONS AND RATIONALES" section',
        ),
        (
            "IMR ISSUES, DECISIONS AND RATIONALES\nThe request was upheld.",
            'letter.txt: no disputed item with a decision (": Upheld" or ": Overturned") '
            'in the "IMR ISSUES, DECISIONS AND RATIONALES" section',
        ),
        (
            "IMR ISSUES, DECISIONS AND RATIONALES The Final Determination was based on decisions for the disputed "
            "items/services set forth below: : Upheld Decision rationale: none.",
            'letter.txt: item 1: no request before its decision "Upheld"',
        ),
    ],
    ids=["empty", "no-section", "no-decision", "no-request"],
)
def test_error_messages(text: str, message: str) -> None:
    with pytest.raises(LetterError) as caught:
        parse_letter(text, "letter.txt")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "a: " * 350_000,
        "IMR ISSUES, DECISIONS AND RATIONALES " + "a: " * 350_000,
        "IMR ISSUES, DECISIONS AND RATIONALES " + "x: Upheld Decision rationale: y. " * 30_000,
        "IMR ISSUES, DECISIONS AND RATIONALES " + "X was the original request. " * 30_000 + "The original request, X is: Upheld",
        "IMR ISSUES, DECISIONS AND RATIONALES " + "The original request, " * 40_000 + "is: Upheld",
        "Board Certified in " * 50_000 + "IMR ISSUES, DECISIONS AND RATIONALES x: Upheld",
        "Case Number: Date Assigned: " * 40_000 + "IMR ISSUES, DECISIONS AND RATIONALES x: Upheld",
        "CLINICAL CASE SUMMARY " + "- \n" * 300_000 + "IMR ISSUES, DECISIONS AND RATIONALES x: Upheld",
    ],
    ids=["colons", "issues-colons", "many-items", "many-originals", "open-disputed", "board", "labels", "hyphens"],
)
def test_pathological_text_is_fast(text: str) -> None:
    started = time.perf_counter()
    try:
        parse_letter(text)
    except LetterError as error:
        assert "internal error" not in str(error)
    assert time.perf_counter() - started < 5


def _parse_or_letter_error(text: str) -> None:
    try:
        letter = parse_letter(text, "x")
    except LetterError as error:
        assert "internal error" not in str(error), str(error)
    else:
        assert letter.items and all(i.item for i in letter.items)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_gives_a_letter_or_letter_error(text: str) -> None:
    """parse_letter's contract: a Letter or a LetterError, never any other exception."""
    _parse_or_letter_error(text)


LETTER_WORDS = [
    ":", " ", ".", ",", "\n", "\ufffe", "-", "Upheld", "Overturned", "IMR ISSUES, DECISIONS AND RATIONALES ",
    "Decision rationale:", "MAXIMUS guideline:", "was the original request.", "The original request, ", " is",
    "Decision based on MTUS ", "2004", "Section(s):", "Case Number:", "12/01/2016", "CLINICAL CASE SUMMARY", "x",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(LETTER_WORDS), max_size=60))
def test_letter_words_in_any_order(words: list[str]) -> None:
    """Letter vocabulary in random order still gives a Letter or a LetterError."""
    _parse_or_letter_error("".join(words))


MANGLE_SOURCES = [(DATA / name).read_text(encoding="utf-8") for name in ("CM16-0238035.txt", "CM16-0241231.txt", "001_74ae951b69b8d1ae.txt")]


@st.composite
def mangled(draw: st.DrawFn) -> str:
    """A real letter with slices deleted, lines shuffled and characters inserted."""
    text = draw(st.sampled_from(MANGLE_SOURCES))
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        text = text[:start] + text[start + draw(st.integers(0, 2000)) :]
    if draw(st.booleans()):
        lines = text.splitlines()
        random.Random(draw(st.integers(0, 2**32))).shuffle(lines)
        text = "\n".join(lines)
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(min_size=1, max_size=5)) + text[at:]
    return text


@settings(max_examples=150, deadline=None)
@given(mangled())
def test_mangled_letters_give_a_letter_or_letter_error(text: str) -> None:
    """Damaged letters (cut, shuffled, with noise) never raise anything but LetterError."""
    _parse_or_letter_error(text)


# The corpus -----------------------------------------------------------------------------

# The letters' own words for partially certified items: (original, authorized, disputed).
# labels.jsonl holds the whole header for these (or a fragment of it), not the request.
PARTIAL = {
    ("CM16-0229336", 0): (
        "Acute inpatient rehabilitation physical therapy and occupational therapy 7-10 days for left foot fracture",
        "Skilled nursing facility for 7 days with PT/OT once a day for left foot fracture",
        "Acute inpatient rehabilitation physical therapy and occupational therapy 7-10 days for left foot fracture",
    ),
    ("CM16-0241231", 0): (
        "Nine sessions of physical therapy of the right knee",
        "Six sessions of physical therapy of the right knee",
        "Three sessions of physical therapy of the right knee",
    ),
    ("CM16-0248233", 0): (
        "Continuation for left hand therapy 2 times a week for 6 weeks (12 sessions)",
        "Continuation for left hand therapy for 6 sessions",
        "continuation for left hand therapy for 6 sessions",
    ),
    ("CM16-0248698", 2): ("Acupuncture 18 sessions", "Acupuncture 6 sessions", "Acupuncture 12 sessions"),
    ("CM16-0249536", 5): (
        "Acupuncture treatments (unspecified quantity)",
        "Acupuncture treatments, 6 sessions",
        "Acupuncture treatments (unspecified quantity)",
    ),
    ("CM16-0249724", 0): (
        "Standard wheelchair for a 3 month rental",
        "Standard wheelchair for a 1 month rental",
        "standard wheelchair for a 2 month rental",
    ),
    ("CM16-0249724", 1): (
        "Purchase of a bedside 3 in 1 commode",
        "a bedside 3 in 1 commode for 1 month",
        "purchase of a bedside 3 in 1 commode",
    ),
    ("CM16-0249724", 2): ("Purchase of a bath/shower chair", "a bath/shower chair for 1 month", "purchase of a bath/shower chair"),
    ("CM17-0002198", 0): (
        "Eight physical therapy sessions for the lumbar spine, left shoulder, left wrist and left knee",
        "Six physical therapy sessions for the lumbar spine, left shoulder and left knee",
        "two physical therapy sessions for the lumbar spine, left shoulder and left knee and eight physical therapy "
        "sessions for the left wrist",
    ),
    ("CM17-0002198", 1): (
        "Eight occupational therapy sessions for the lumbar spine, left shoulder, left wrist and left knee",
        "Six occupational therapy sessions for the left wrist",
        "two occupational therapy sessions for the left wrist and eight occupational therapy sessions for the lumbar "
        "spine, left shoulder and left knee",
    ),
    ("CM17-0002324", 0): (
        "Physical therapy 2 times a week for 6 weeks (12 sessions) to the right elbow",
        "2 sessions of occupational therapy",
        "physical therapy 2 times a week for 6 weeks (12 sessions) to the right elbow",
    ),
    ("CM17-0003192", 0): (
        "Chiropractic physiotherapy 2 times a week for 4 weeks (8 sessions) to the left elbow",
        "Chiropractic physiotherapy for 3 sessions",
        "5 sessions of chiropractic physiotherapy for the left elbow",
    ),
    ("CM17-0007857", 0): ("Acupuncture for 8 sessions", "Acupuncture for 6 sessions", "Acupuncture for 2 sessions"),
    ("CM17-0011517", 1): ("Voltaren 75mg #60 with 3 refills", "Voltaren 75mg #60", "Three refills of Voltaren 75mg #60"),
    ("CM17-0013587", 0): ("Follow up office visit times 3", "Follow up office visit times 1", "Follow up office visit times 2"),
    ("CM17-0013754", 0): (
        "Physical therapy evaluation and treatment 3 times a week for 4 weeks (12 sessions)",
        "Physical therapy for 10 sessions",
        "2 sessions of physical therapy",
    ),
    ("CM17-0014320", 0): (
        "Twelve physical therapy visits for the right shoulder",
        "Nine physical therapy visits for the right shoulder",
        "three physical therapy visits for the right shoulder",
    ),
}
# labels.jsonl has no MAXIMUS guideline for these items, but the letters do.
LABEL_GUIDELINE_MISSING = {("CM16-0229336", 0), ("CM17-0002198", 0), ("CM17-0002198", 1), ("CM17-0015333", 3)}


def _labels(path: Path) -> dict[str, list[dict]]:
    by_case: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        by_case.setdefault(row["case"], []).append(row)
    return by_case


@pytest.fixture(scope="module")
def dev() -> dict[str, tuple[Letter, Letter, list[dict]]]:
    if not (CORPUS / "dev" / "labels.jsonl").exists():
        pytest.skip(SKIP_REASON)
    labels = _labels(CORPUS / "dev" / "labels.jsonl")
    letters = {}
    for txt in sorted((CORPUS / "dev" / "txt").glob("*.txt")):
        pdf = CORPUS / "dev" / "pdf" / f"{txt.stem}.pdf"
        letters[txt.stem] = (parse_letter(letter_text(txt), "x"), parse_letter(letter_text(pdf), "x"), labels[txt.stem])
    return letters


def test_corpus_is_complete(dev: dict) -> None:
    assert len(dev) == 58
    assert sum(len(labels) for _, _, labels in dev.values()) == 130


def test_corpus_decisions_match_labels(dev: dict) -> None:
    for case, (from_txt, from_pdf, labels) in dev.items():
        expected = [row["decision"] for row in labels]
        assert [i.decision for i in from_txt.items] == expected, case
        assert [i.decision for i in from_pdf.items] == expected, case


def test_corpus_items_match_labels_or_the_letter(dev: dict) -> None:
    for case, (letter, _, labels) in dev.items():
        for item, row in zip(letter.items, labels):
            if (case, item.index) in PARTIAL:
                assert (item.original, item.authorized, item.disputed) == PARTIAL[case, item.index]
                assert item.item == item.disputed
            else:
                assert item.item == re.sub(r"\s+", " ", row["item"]).strip(), case
                assert item.original is item.authorized is item.disputed is None, case
    partial = {(case, i.index) for case, (letter, _, _) in dev.items() for i in letter.items if i.partial}
    assert partial == set(PARTIAL)


def test_corpus_reviewer_guideline_matches_labels(dev: dict) -> None:
    """Labels cut the guideline at a line end ("Electro- diagnostic"); compare without spaces after hyphens."""

    def squash(text: str) -> str:
        return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()

    for case, (letter, _, labels) in dev.items():
        for item, row in zip(letter.items, labels):
            assert item.reviewer_guideline is not None, (case, item.index)
            if (case, item.index) in LABEL_GUIDELINE_MISSING:
                assert row["maximus_guideline"] is None
                assert item.reviewer_guideline.citations
            else:
                assert squash(item.reviewer_guideline.text) == squash(row["maximus_guideline"]), (case, item.index)


def test_corpus_txt_and_pdf_agree(dev: dict) -> None:
    for case, (from_txt, from_pdf, _) in dev.items():
        assert from_txt == from_pdf, case


def test_corpus_pdf_text_has_no_extra_page_furniture() -> None:
    """Once cleaned, a PDF's text is word for word its .txt: no page headers, footers or numbers to strip."""
    if not (CORPUS / "dev" / "pdf").exists():
        pytest.skip(SKIP_REASON)
    for pdf in sorted((CORPUS / "dev" / "pdf").glob("*.pdf")):
        txt = CORPUS / "dev" / "txt" / f"{pdf.stem}.txt"
        assert clean_text(letter_text(pdf)) == clean_text(letter_text(txt)), pdf.stem


def test_corpus_every_letter_has_header_summary_and_reviewer(dev: dict) -> None:
    for case, (letter, _, _) in dev.items():
        assert letter.case_number == case
        assert None not in (letter.date_assigned, letter.date_of_injury, letter.decision_date, letter.ur_denial_date)
        assert letter.summary and letter.reviewer.licensure and letter.reviewer.specialties, case
        assert all(i.rationale and i.claims_guideline for i in letter.items), case


def test_corpus_seeds() -> None:
    if not (CORPUS / "seeds" / "labels.jsonl").exists():
        pytest.skip(SKIP_REASON)
    labels = _labels(CORPUS / "seeds" / "labels.jsonl")
    for path in sorted((CORPUS / "seeds").glob("*.txt")):
        letter = parse_letter(letter_text(path), path.name)
        assert [(i.item, i.decision) for i in letter.items] == [(r["item"], r["decision"]) for r in labels[path.stem]]
        assert letter.summary.startswith("The ")
