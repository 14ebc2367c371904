"""Strict loading of rule books: every kind of mistake is reported with its file and line.

Each test writes a small rule book that is valid except for one thing, and checks the
message word for word, because the message is what a rule author reads.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from engine.errors import RuleLoadError
from engine.load import load_rulebook

SOURCES = """\
sources:
  cpmtg:
    title: MTUS Chronic Pain Medical Treatment Guidelines
    tier: mtus
    editions:
      - edition: "2009"
        effective: {from: 2009-07-18, to: 2016-07-27}
      - edition: "2016"
        effective: {from: 2016-07-28}
"""

FACTS = """\
facts:
  anxiety:
    type: bool
    says: Anxiety is documented
  weeks:
    type: number
    says: Weeks on the drug
"""

RULE = """\
id: benzo
title: Benzodiazepines
effective: {from: 2009-07-18}
applies_to:
  terms: [clonazepam]
criteria:
  - id: short
    says: Within 4 weeks
    when: {fact: weeks, le: 4}
    cite:
      source: cpmtg
      pages: "24"
      excerpt: Most guidelines limit use to 4 weeks.
    gap: State when it was started.
tests:
  - name: short use
    facts: {weeks: 2}
    expect: {decision: certify, criteria: {short: met}}
"""


def book(tmp_path: Path, rule: str = RULE, *, sources: str = SOURCES, facts: str = FACTS, name: str = "benzo.yaml") -> Path:
    (tmp_path / "topics").mkdir(exist_ok=True)
    (tmp_path / "sources.yaml").write_text(sources)
    (tmp_path / "facts.yaml").write_text(facts)
    (tmp_path / "topics" / name).write_text(textwrap.dedent(rule))
    return tmp_path


def problems(directory: Path) -> list[str]:
    with pytest.raises(RuleLoadError) as caught:
        load_rulebook(directory)
    root = str(directory) + "/"
    return [str(p).replace(root, "") for p in caught.value.problems]


def test_a_valid_book_loads(tmp_path: Path) -> None:
    loaded = load_rulebook(book(tmp_path))
    assert [r.rule.id for r in loaded.rules] == ["benzo"]
    assert loaded.rules[0].line_of("criteria", 0, "when") == 9


def test_unknown_key(tmp_path: Path) -> None:
    rule = RULE.replace("    says: Within 4 weeks\n", "    says: Within 4 weeks\n    sayz: typo\n")
    assert problems(book(tmp_path, rule)) == ["topics/benzo.yaml:9: criteria.0.sayz: unknown key"]


def test_duplicate_key(tmp_path: Path) -> None:
    rule = RULE.replace("title: Benzodiazepines\n", "title: Benzodiazepines\ntitle: Again\n")
    assert problems(book(tmp_path, rule)) == ["topics/benzo.yaml:3: duplicate key 'title'"]


def test_duplicate_criterion_id(tmp_path: Path) -> None:
    criterion = RULE[RULE.index("  - id: short") : RULE.index("tests:")]
    rule = RULE.replace("tests:", criterion + "tests:")
    assert problems(book(tmp_path, rule)) == ["topics/benzo.yaml:15: duplicate criterion id 'short'"]


def test_criterion_on_unknown_fact(tmp_path: Path) -> None:
    rule = RULE.replace("{fact: weeks, le: 4}", "{fact: wekes, le: 4}")
    assert problems(book(tmp_path, rule)) == [
        "topics/benzo.yaml:9: unknown fact 'wekes' (declare it in facts.yaml or facts/)"
    ]


def test_operator_that_does_not_fit_the_fact_type(tmp_path: Path) -> None:
    rule = RULE.replace("{fact: weeks, le: 4}", "{fact: anxiety, le: 4}")
    assert problems(book(tmp_path, rule)) == ["topics/benzo.yaml:9: 'le' does not apply to 'anxiety', a bool fact"]


def test_missing_citation(tmp_path: Path) -> None:
    start, end = RULE.index("    cite:"), RULE.index("    gap:")
    rule = RULE[:start] + RULE[end:]
    assert problems(book(tmp_path, rule)) == ["topics/benzo.yaml:7: criteria.0.cite: required key is missing"]


def test_citation_without_excerpt(tmp_path: Path) -> None:
    rule = RULE.replace("      excerpt: Most guidelines limit use to 4 weeks.\n", "")
    assert problems(book(tmp_path, rule)) == ["topics/benzo.yaml:10: criteria.0.cite.excerpt: required key is missing"]


def test_citation_of_unknown_source(tmp_path: Path) -> None:
    rule = RULE.replace("source: cpmtg", "source: cpmgt")
    assert problems(book(tmp_path, rule)) == ["topics/benzo.yaml:11: unknown source 'cpmgt'"]


def test_test_on_unknown_fact_and_criterion(tmp_path: Path) -> None:
    rule = RULE.replace("facts: {weeks: 2}", "facts: {weeks: 2, wekes: 1}").replace("{short: met}", "{shrt: met}")
    assert problems(book(tmp_path, rule)) == [
        "topics/benzo.yaml:18: no criterion 'shrt' in this rule",
        "topics/benzo.yaml:17: unknown fact 'wekes' (declare it in facts.yaml or facts/)",
    ]


def test_test_value_of_the_wrong_type(tmp_path: Path) -> None:
    rule = RULE.replace("facts: {weeks: 2}", "facts: {weeks: many}")
    assert problems(book(tmp_path, rule)) == ["topics/benzo.yaml:17: 'many' is not a number, the type of 'weeks'"]


def test_overlapping_versions_of_a_rule(tmp_path: Path) -> None:
    book(tmp_path)
    later = RULE.replace("effective: {from: 2009-07-18}", "effective: {from: 2016-01-01}")
    (tmp_path / "topics" / "benzo_2016.yaml").write_text(later)
    assert problems(tmp_path) == [
        "topics/benzo_2016.yaml:3: rule 'benzo' is also in force on these dates in topics/benzo.yaml "
        "(versions of one rule need dates that do not overlap)"
    ]


def test_versions_with_separate_dates_load_and_are_chosen_by_date(tmp_path: Path) -> None:
    import datetime as dt

    first = RULE.replace("effective: {from: 2009-07-18}", "effective: {from: 2009-07-18, to: 2015-12-31}")
    book(tmp_path, first)
    later = RULE.replace("effective: {from: 2009-07-18}", "effective: {from: 2016-01-01}").replace("Benzodiazepines", "Benzos 2016")
    (tmp_path / "topics" / "benzo_2016.yaml").write_text(later)
    loaded = load_rulebook(tmp_path)
    assert loaded.rule("benzo", dt.date(2013, 7, 9)).rule.title == "Benzodiazepines"
    assert loaded.rule("benzo", dt.date(2017, 1, 1)).rule.title == "Benzos 2016"
    assert loaded.rule("benzo", dt.date(2000, 1, 1)) is None


def test_overlapping_source_editions(tmp_path: Path) -> None:
    sources = SOURCES.replace("to: 2016-07-27", "to: 2016-12-31")
    assert problems(book(tmp_path, sources=sources)) == [
        "sources.yaml:6: editions '2009' and '2016' of 'cpmtg' have overlapping dates"
    ]


def test_dates_in_the_wrong_order(tmp_path: Path) -> None:
    rule = RULE.replace("effective: {from: 2009-07-18}", "effective: {from: 2009-07-18, to: 2001-01-01}")
    assert problems(book(tmp_path, rule)) == ["topics/benzo.yaml:3: effective: 'to' (2001-01-01) is before 'from' (2009-07-18)"]


def test_condition_with_two_operators(tmp_path: Path) -> None:
    rule = RULE.replace("{fact: weeks, le: 4}", "{fact: weeks, le: 4, ge: 1}")
    assert problems(book(tmp_path, rule)) == [
        "topics/benzo.yaml:9: criteria.0.when: a test on a fact takes exactly one of: is, eq, ne, lt, le, gt, ge, in"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    rule = RULE.replace("source: cpmtg", "source: nope").replace("{fact: weeks, le: 4}", "{fact: nope, le: 4}")
    book(tmp_path, rule)
    (tmp_path / "topics" / "broken.yaml").write_text("id: [unclosed\n")
    found = problems(tmp_path)
    assert len(found) == 3
    assert found[0].startswith("topics/broken.yaml:2: invalid YAML")


def test_an_empty_rule_file(tmp_path: Path) -> None:
    assert problems(book(tmp_path, "")) == ["topics/benzo.yaml: empty file (expected a rule)"]


def test_a_book_without_rules(tmp_path: Path) -> None:
    book(tmp_path)
    (tmp_path / "topics" / "benzo.yaml").unlink()
    assert problems(tmp_path) == ["topics: no rule files (*.yaml) found"]


def test_the_bundled_rules_load() -> None:
    from tests.conftest import RULES

    assert load_rulebook(RULES).rules


def test_facts_may_be_split_by_topic_but_not_declared_twice(tmp_path: Path) -> None:
    book(tmp_path)
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "more.yaml").write_text("facts:\n  infection:\n    type: bool\n    says: x\n  anxiety:\n    type: bool\n    says: y\n")
    assert problems(tmp_path) == ["facts/more.yaml:5: fact 'anxiety' is also declared in facts.yaml"]


PHASE_FACTS = FACTS + """\
  phase:
    type: text
    says: The phase of care
    default: chronic
"""
GUARDED = RULE.replace("    when: {fact: weeks, le: 4}\n", "    applies: {fact: phase, eq: chronic}\n    when: {fact: weeks, le: 4}\n")


def test_a_criterion_may_apply_only_in_some_cases(tmp_path: Path) -> None:
    loaded = load_rulebook(book(tmp_path, GUARDED, facts=PHASE_FACTS))
    criterion = loaded.rules[0].rule.criteria[0]
    assert criterion.condition.facts() == ("phase", "weeks")
    assert loaded.defaults["phase"].default == "chronic"


def test_applies_needs_facts_with_a_default(tmp_path: Path) -> None:
    facts = PHASE_FACTS.replace("    default: chronic\n", "")
    assert problems(book(tmp_path, GUARDED, facts=facts)) == [
        "topics/benzo.yaml:9: 'applies' reads 'phase', which has no 'default' (so it could be unknown)"
    ]


def test_applies_is_checked_like_when(tmp_path: Path) -> None:
    rule = GUARDED.replace("applies: {fact: phase, eq: chronic}", "applies: {fact: phase, le: 3}")
    assert problems(book(tmp_path, rule, facts=PHASE_FACTS)) == ["topics/benzo.yaml:9: 'le' does not apply to 'phase', a text fact"]


def test_a_default_has_the_fact_type(tmp_path: Path) -> None:
    facts = PHASE_FACTS.replace("default: chronic", "default: 3")
    assert problems(book(tmp_path, GUARDED, facts=facts)) == ["facts.yaml:11: 3 is not a text, the type of 'phase'"]
