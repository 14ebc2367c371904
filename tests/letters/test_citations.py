"""Guideline paragraphs of real letters → structured citations.

Each expected row was written by reading the paragraph, not by copying parser output:
the guideline as the MTUS names it, the edition as written, sections, pages and tier.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtus_rules.letters.citations import Citation, GuidelineParagraph, parse_citations, parse_guideline_paragraph

MTUS, ODG, ACOEM, OTHER = "mtus", "odg", "acoem", "other"

# (paragraph, [(guideline, edition, sections, pages, tier), ...])
CASES = [
    (
        "Decision based on MTUS Shoulder Complaints 2004, Section(s): Special Studies.",
        [("Shoulder Complaints", "2004", ["Special Studies"], [], MTUS)],
    ),
    (
        "Decision based on MTUS Shoulder Complaints 2004.",
        [("Shoulder Complaints", "2004", [], [], MTUS)],
    ),
    (
        "Decision based on MTUS Low Back Complaints 2004, Section(s): Summary, and Chronic Pain Medical Treatment "
        "2016, Section(s): Facet blocks. Decision based on Non-MTUS Citation ACOEM Occupational Medicine Practice "
        "Guidelines, 3rd ed., Low Back Disorders, pg. 607.",
        [
            ("Low Back Complaints", "2004", ["Summary"], [], MTUS),
            ("Chronic Pain Medical Treatment", "2016", ["Facet blocks"], [], MTUS),
            ("ACOEM Occupational Medicine Practice Guidelines", "3rd ed.", ["Low Back Disorders"], ["607"], ACOEM),
        ],
    ),
    (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Benzodiazepines Page(s): 24.",
        [("Chronic Pain Medical Treatment", None, ["Benzodiazepines"], ["24"], MTUS)],
    ),
    (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Benzodiazepines Page(s): s 24, 66.",
        [("Chronic Pain Medical Treatment", None, ["Benzodiazepines"], ["24", "66"], MTUS)],
    ),
    (
        "Decision based on MTUS ACOEM Chapter 5 Cornerstones of Disability Prevention and Management Page(s): s 88-92.",
        [("General Approaches", None, ["Cornerstones of Disability Prevention and Management"], ["88-92"], MTUS)],
    ),
    (
        "Decision based on MTUS Chronic Pain Treatment Guidelines.",
        [("Chronic Pain Medical Treatment", None, [], [], MTUS)],
    ),
    (
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision "
        "based on Non-MTUS Citation Official Disability Guidelines (ODG) Shoulder Chapter, Continuous-flow cryotherapy.",
        [("Official Disability Guidelines", None, ["Shoulder Chapter", "Continuous-flow cryotherapy"], [], ODG)],
    ),
    (
        "Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain and Chronic Opioid "
        "Treatment: Maintenance of Chronic Opioid Treatment.",
        [
            (
                "Opioid Treatment", "2016",
                ["3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment"],
                [], MTUS,
            )
        ],
    ),
    (
        "Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.1.1 Opioids for Chronic Pain and Chronic Opioid "
        "Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for "
        "Drug Misuse/Abuse, 3.3.6 Opioids for Chronic Pain and Chronic Opioid Treatment: Use of Urine Drug Testing (UDT).",
        [
            (
                "Opioid Treatment", "2016",
                [
                    "3.3.1.1 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or "
                    "Adverse Events, Prior to Chronic Opioid Treatment: Screening for Drug Misuse/Abuse",
                    "3.3.6 Opioids for Chronic Pain and Chronic Opioid Treatment: Use of Urine Drug Testing (UDT)",
                ],
                [], MTUS,
            )
        ],
    ),
    (
        "Decision based on MTUS Acupuncture Treatment 2007, and Chronic Pain Medical Treatment 2016, Section(s): "
        "Capsaicin, topical (chili pepper/cayenne pepper).",
        [
            ("Acupuncture Treatment", "2007", [], [], MTUS),
            ("Chronic Pain Medical Treatment", "2016", ["Capsaicin, topical (chili pepper/cayenne pepper)"], [], MTUS),
        ],
    ),
    (
        "Decision based on MTUS Shoulder Complaints 2004, Section(s): Initial Care, Follow-up Visits, and Forearm, "
        "Wrist, and Hand Complaints 2004, Section(s): Initial Care, Physical Methods, and Knee Complaints 2004. "
        "Decision based on Non-MTUS Citation Official Disability Guidelines: Physical Therapy Guidelines.",
        [
            ("Shoulder Complaints", "2004", ["Initial Care", "Follow-up Visits"], [], MTUS),
            ("Forearm, Wrist, and Hand Complaints", "2004", ["Initial Care", "Physical Methods"], [], MTUS),
            ("Knee Complaints", "2004", [], [], MTUS),
            ("Official Disability Guidelines", None, ["Physical Therapy Guidelines"], [], ODG),
        ],
    ),
    (
        "Decision based on MTUS Chronic Pain Medical Treatment 2016 Guidelines, Section(s): NSAIDs, GI symptoms & "
        "cardiovascular risk.",
        [("Chronic Pain Medical Treatment", "2016", ["NSAIDs, GI symptoms & cardiovascular risk"], [], MTUS)],
    ),
    (
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Cyclobenzaprine (Flexeril), Muscle "
        "relaxants (for pain).",
        [("Chronic Pain Medical Treatment", "2016", ["Cyclobenzaprine (Flexeril)", "Muscle relaxants (for pain)"], [], MTUS)],
    ),
    (
        "The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines. Decision "
        "based on Non-MTUS Citation Official Disability Guidelines, 2016, Web Version, Criteria for skilled nursing facility.",
        [("Official Disability Guidelines", "2016", ["Web Version", "Criteria for skilled nursing facility"], [], ODG)],
    ),
    (
        "The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines. Decision "
        "based on Non-MTUS Citation ACOEM Guidelines, Chapter 7, Independent Medical Examinations and Consultations, page 137.",
        [
            (
                "ACOEM Occupational Medicine Practice Guidelines", None,
                ["Chapter 7", "Independent Medical Examinations and Consultations"], ["137"], ACOEM,
            )
        ],
    ),
    (
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on "
        "Non-MTUS Citation Official Disability Guidelines (ODG) Hips and Pelvis (Acute and Chronic), MRI (magnetic "
        "resonance imaging) and Other Medical Treatment Guidelines ACOEM Hip and Groin Disorders, Diagnostic Testing, MRI.",
        [
            ("Official Disability Guidelines", None, ["Hips and Pelvis (Acute and Chronic)", "MRI (magnetic resonance imaging)"], [], ODG),
            ("ACOEM Occupational Medicine Practice Guidelines", None, ["Hip and Groin Disorders", "Diagnostic Testing", "MRI"], [], ACOEM),
        ],
    ),
    (
        "The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines. Decision "
        "based on Non-MTUS Citation Official Disability Guidelines, Shoulder (updated 12/12/16); ODG, Low Back (updated 12/20/16).",
        [
            ("Official Disability Guidelines", None, ["Shoulder (updated 12/12/16)"], [], ODG),
            ("Official Disability Guidelines", None, ["Low Back (updated 12/20/16)"], [], ODG),
        ],
    ),
    (
        "The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines. Decision "
        "based on Non-MTUS Official Disability Guidelines (ODG), Pain.",
        [("Official Disability Guidelines", None, ["Pain"], [], ODG)],
    ),
    (
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on "
        "Non-MTUS Citation ODG guidelines, Neck and Upper back, MRI.",
        [("Official Disability Guidelines", None, ["Neck and Upper back", "MRI"], [], ODG)],
    ),
    (
        "The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines. Decision "
        "based on Non-MTUS Citation Centers for Medicare and Medicaid services, Physician Fee Schedule Search.",
        [("Centers for Medicare and Medicaid services, Physician Fee Schedule Search", None, [], [], OTHER)],
    ),
    (
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Electrodiagnostic testing (EMG/NCS). "
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back/Intra-operative monitoring and "
        "Other Medical Treatment Guidelines http://www.aetna.com/cpb/medical/data/100_199/0181.html.",
        [
            ("Chronic Pain Medical Treatment", "2016", ["Electrodiagnostic testing (EMG/NCS)"], [], MTUS),
            ("Official Disability Guidelines", None, ["Low Back/Intra-operative monitoring"], [], ODG),
            ("http://www.aetna.com/cpb/medical/data/100_199/0181.html", None, [], [], OTHER),
        ],
    ),
    (
        "Decision based on MTUS Elbow Complaints 2007, Section(s): 326, and Chronic Pain Medical Treatment 2016, "
        "Section(s): Physical medicine treatment.",
        [
            ("Elbow Complaints", "2007", ["326"], [], MTUS),
            ("Chronic Pain Medical Treatment", "2016", ["Physical medicine treatment"], [], MTUS),
        ],
    ),
]


def _fields(citation: Citation) -> tuple:
    return (citation.guideline, citation.edition, list(citation.sections), list(citation.pages), citation.tier)


@pytest.mark.parametrize(("paragraph", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_real_citation_paragraphs(paragraph: str, expected: list[tuple]) -> None:
    citations = parse_citations(paragraph)
    assert [_fields(c) for c in citations] == [(g, e, s, p, t) for g, e, s, p, t in expected]
    assert all(c.mtus == (c.tier == MTUS) for c in citations)
    assert all(c.text and c.text in paragraph for c in citations)


def test_citation_text_is_the_raw_span() -> None:
    first, second = parse_citations(CASES[2][0])[:2]
    assert first.text == "Low Back Complaints 2004, Section(s): Summary"
    assert second.text == "Chronic Pain Medical Treatment 2016, Section(s): Facet blocks"


@pytest.mark.parametrize("who", ["Expert Reviewer", "Claims Administrator"])
def test_no_evidence_cited(who: str) -> None:
    paragraph = parse_guideline_paragraph(f"The {who} did not cite any medical evidence for its decision.")
    assert paragraph == GuidelineParagraph(
        text=f"The {who} did not cite any medical evidence for its decision.", citations=(), no_evidence_cited=True
    )


def test_outside_mtus_flag() -> None:
    paragraph = parse_guideline_paragraph(CASES[7][0])
    assert paragraph.outside_mtus and not paragraph.no_evidence_cited
    assert not parse_guideline_paragraph(CASES[0][0]).outside_mtus


def test_json_shape() -> None:
    dumped = parse_guideline_paragraph(CASES[3][0]).model_dump(mode="json")
    assert dumped["citations"] == [
        {
            "guideline": "Chronic Pain Medical Treatment",
            "edition": None,
            "sections": ["Benzodiazepines"],
            "pages": ["24"],
            "mtus": True,
            "tier": "mtus",
            "text": "Chronic Pain Treatment Guidelines Benzodiazepines Page(s): 24",
        }
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Decision based on",
        "Decision based on MTUS",
        "Decision based on Non-MTUS Citation",
        "Decision based on MTUS 2004, Section(s):",
        "Decision based on MTUS , and 2004, and 2016",
    ],
)
def test_fragments_do_not_fail(text: str) -> None:
    parse_guideline_paragraph(text)


@pytest.mark.parametrize(
    "chunk",
    [
        "Decision based on MTUS A 2004, and ", ", (", "Section(s): a, ", "Decision based on Non-MTUS ODG, x; ODG ",
        "a, and ", "Guidelines ", "Page(s): 1, ",
    ],
)
def test_pathological_paragraphs_are_linear(chunk: str) -> None:
    text = "Decision based on MTUS X 2004, Section(s): " + chunk * (200_000 // len(chunk)) + "Knee Complaints 2004"
    started = time.perf_counter()
    parse_guideline_paragraph(text)
    assert time.perf_counter() - started < 5


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_parses(text: str) -> None:
    """Citation parsing never fails: whatever a paragraph says, it gives a (maybe empty) list."""
    paragraph = parse_guideline_paragraph(text)
    assert all(isinstance(c, Citation) for c in paragraph.citations)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([p for p, _ in CASES] + ["Decision based on", " MTUS ", ", and ", "2004", "(", ")", "; "]), max_size=8))
def test_spliced_paragraphs_parse(parts: list[str]) -> None:
    """Real paragraphs cut and spliced still give citations, never an exception, and each
    citation is words of the paragraph, in their order: nothing is made up."""
    paragraph = " ".join(parts)
    words = " ".join(paragraph.split())
    for citation in parse_guideline_paragraph(paragraph).citations:
        assert " ".join(citation.text.split()) in words
