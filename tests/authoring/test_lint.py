"""``rules lint``: each code fires on the one doubtful thing a small rule book holds, and
nowhere else, so a code never fires by accident and never goes quiet."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mtus_rules.authoring.lint import lint
from mtus_rules.check.catalog import load_catalog

SOURCES = """\
sources:
  cpmtg:
    title: MTUS Chronic Pain Medical Treatment Guidelines
    tier: mtus
    editions:
      - edition: "2016"
        effective: {from: 2016-07-28}
"""

VOCABULARY = """\
drugs:
  clonazepam: [klonopin]
classes:
  anxiety_words: [anxiety, panic attack]
"""

FACTS = """\
facts:
  anxiety:
    type: bool
    says: Anxiety is documented
    extract:
      mentions: ["@anxiety_words"]
  requested_drug_weeks:
    type: number
    says: Weeks on the requested drug
    extract:
      weeks_on: requested
"""

CITE = """\
    cite:
      source: cpmtg
      section: Benzodiazepines
      excerpt: Most guidelines limit use to 4 weeks.
      verified_in: a test"""

BENZO = f"""\
id: benzo
title: Benzodiazepines
effective: {{from: 2016-07-28}}
applies_to:
  terms: [clonazepam]
criteria:
  - id: short
    says: Within 4 weeks
    when: {{fact: requested_drug_weeks, le: 4}}
{CITE}
    gap: State when it was started.
  - id: indication
    says: Anxiety is documented
    when: {{fact: anxiety, is: true}}
{CITE}
    gap: Document the diagnosis.
tests:
  - name: short use with anxiety
    facts: {{requested_drug_weeks: 2, anxiety: true}}
    expect: {{decision: certify, criteria: {{short: met, indication: met}}}}
  - name: long use
    facts: {{requested_drug_weeks: 8, anxiety: false}}
    expect: {{decision: non-certify, criteria: {{short: unmet, indication: unmet}}}}
  - name: through the text
    case: {{summary: "She has anxiety.", requests: [Klonopin 0.5mg]}}
    expect: {{decision: non-certify, criteria: {{short: unknown, indication: met}}}}
  - name: nothing said
    facts: {{}}
    expect: {{decision: non-certify, criteria: {{short: unknown, indication: unknown}}}}
"""


def _book(tmp_path: Path, **replace: str) -> Path:
    files = {"sources.yaml": SOURCES, "vocabulary/v.yaml": VOCABULARY, "facts/f.yaml": FACTS, "topics/benzo.yaml": BENZO}
    for name, text in {**files, **replace}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path


def _codes(tmp_path: Path, **replace: str) -> list[tuple[str, str, int | None]]:
    root = _book(tmp_path, **replace)
    return [(d.code, str(Path(d.file).relative_to(root)), d.line) for d in lint(load_catalog(root))]


def test_a_clean_book_has_no_findings(tmp_path: Path) -> None:
    assert _codes(tmp_path) == []


def test_mtus001_a_citation_with_neither_section_nor_pages(tmp_path: Path) -> None:
    rule = BENZO.replace("      section: Benzodiazepines\n", "", 1)
    assert _codes(tmp_path, **{"topics/benzo.yaml": rule}) == [("MTUS001", "topics/benzo.yaml", 10)]


def test_mtus002_two_rules_claim_the_same_term(tmp_path: Path) -> None:
    other = BENZO.replace("id: benzo", "id: sedatives")
    assert _codes(tmp_path, **{"topics/sedatives.yaml": other}) == [("MTUS002", "topics/sedatives.yaml", 5)]


def test_mtus003_weeks_on_the_requested_drug_for_a_rule_naming_no_drug(tmp_path: Path) -> None:
    rule = BENZO.replace("terms: [clonazepam]", "terms: [physical therapy]")
    assert _codes(tmp_path, **{"topics/benzo.yaml": rule}) == [("MTUS003", "topics/benzo.yaml", 9)]


def test_mtus004_a_state_no_test_shows(tmp_path: Path) -> None:
    rule = BENZO.split("  - name: nothing said")[0]
    assert _codes(tmp_path, **{"topics/benzo.yaml": rule}) == [("MTUS004", "topics/benzo.yaml", 16)]


def test_mtus005_an_excerpt_no_document_was_found_to_quote(tmp_path: Path) -> None:
    rule = BENZO.replace("      verified_in: a test\n", "", 1)
    assert _codes(tmp_path, **{"topics/benzo.yaml": rule}) == [("MTUS005", "topics/benzo.yaml", 10)]


def test_mtus006_a_declared_fact_no_criterion_reads(tmp_path: Path) -> None:
    facts = FACTS + "  insomnia:\n    type: bool\n    says: Insomnia\n    extract:\n      mentions: [insomnia]\n"
    assert _codes(tmp_path, **{"facts/f.yaml": facts}) == [("MTUS006", "facts/f.yaml", 12)]


def test_mtus007_a_rule_never_tested_through_a_case(tmp_path: Path) -> None:
    rule = BENZO.replace(
        '    case: {summary: "She has anxiety.", requests: [Klonopin 0.5mg]}', "    facts: {anxiety: true}"
    )
    assert _codes(tmp_path, **{"topics/benzo.yaml": rule}) == [("MTUS007", "topics/benzo.yaml", 25)]
