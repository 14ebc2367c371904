"""Items that depend on another item of the same request: they follow its outcome."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from engine.errors import InputError
from engine.logic import Status
from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog, load_catalog
from mtus_rules.check.judge import check_case
from tests.conftest import RULES

FACTS = """\
facts:
  tear_on_mri:
    type: bool
    says: A tear is seen on MRI
    extract: {mentions: [rotator cuff tear]}
  surgery_certified:
    type: bool
    says: The surgery is certified
    extract: {outcome_of: [surgery]}
"""
RULE = """\
id: {id}
title: {id}
effective: {{from: 2009-01-01}}
applies_to: {{terms: [{term}]}}
criteria:
  - id: c
    says: c
    when: {{fact: {fact}, is: true}}
    cite: {{source: odg, excerpt: e}}
    gap: g
"""


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    (tmp_path / "topics").mkdir()
    shutil.copy(RULES / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "facts.yaml").write_text(FACTS)
    (tmp_path / "vocabulary.yaml").write_text("drugs: {}\nclasses: {}\n")
    (tmp_path / "topics" / "surgery.yaml").write_text(RULE.format(id="surgery", term="arthroscopy", fact="tear_on_mri"))
    (tmp_path / "topics" / "assistant.yaml").write_text(RULE.format(id="assistant", term="assistant surgeon", fact="surgery_certified"))
    return tmp_path


def judge(book: Path, summary: str, *items: str) -> dict[str, tuple[str, Status | None]]:
    catalog = load_catalog(book)
    result = check_case(catalog, Case.model_validate({"summary": summary, "requests": list(items)}), dt.date(2017, 1, 1))
    return {i.item: (i.decision, i.verdict.criteria[0].status if i.verdict else None) for i in result.items}


def test_the_assistant_follows_a_certified_surgery_whatever_the_order(book: Path) -> None:
    found = judge(book, "MRI showed a rotator cuff tear.", "Assistant surgeon", "Shoulder arthroscopy")
    assert found == {"Assistant surgeon": ("certify", Status.MET), "Shoulder arthroscopy": ("certify", Status.MET)}


def test_the_assistant_falls_with_the_surgery(book: Path) -> None:
    found = judge(book, "MRI showed no rotator cuff tear.", "Shoulder arthroscopy", "Assistant surgeon")
    assert found["Assistant surgeon"] == ("non-certify", Status.UNMET)


def test_without_the_surgery_in_the_request_the_dependency_is_unknown(book: Path) -> None:
    assert judge(book, "", "Assistant surgeon") == {"Assistant surgeon": ("non-certify", Status.UNKNOWN)}


def test_a_dependent_without_its_primary_says_it_is_judged_on_its_own(book: Path) -> None:
    result = check_case(load_catalog(book), Case.model_validate({"requests": ["Assistant surgeon"]}), dt.date(2017, 1, 1))
    assert result.items[0].note == "judged on its own criteria: no item of this request is judged by a rule it follows (surgery)"
    assert result.items[0].to_dict()["note"] == result.items[0].note


def test_a_dependent_with_its_primary_has_no_note(book: Path) -> None:
    result = check_case(load_catalog(book), Case.model_validate({"requests": ["Assistant surgeon", "Shoulder arthroscopy"]}), dt.date(2017, 1, 1))
    assert [item.note for item in result.items] == [None, None]


CHAIN = FACTS + "  assistant_certified:\n    type: bool\n    says: x\n    extract: {outcome_of: [assistant]}\n"


@pytest.mark.parametrize("items", [
    ("Sling", "Assistant surgeon", "Shoulder arthroscopy"),
    ("Assistant surgeon", "Sling", "Shoulder arthroscopy"),
    ("Shoulder arthroscopy", "Sling", "Assistant surgeon"),
])
def test_a_chain_of_dependents_is_judged_in_graph_order_whatever_the_request_order(book: Path, items: tuple[str, ...]) -> None:
    """A sling that follows the assistant, which follows the surgery: the one-pass order of
    old judged the sling before the assistant, whose outcome it then did not see."""
    (book / "facts.yaml").write_text(CHAIN)
    (book / "topics" / "sling.yaml").write_text(RULE.format(id="sling", term="sling", fact="assistant_certified"))
    found = judge(book, "MRI showed a rotator cuff tear.", *items)
    assert found["Sling"] == ("certify", Status.MET)
    assert judge(book, "MRI showed no rotator cuff tear.", *items)["Sling"] == ("non-certify", Status.UNMET)


def test_a_circle_of_dependencies_is_a_load_error_naming_its_files(book: Path) -> None:
    (book / "facts.yaml").write_text(CHAIN)
    (book / "topics" / "surgery.yaml").write_text(RULE.format(id="surgery", term="arthroscopy", fact="assistant_certified"))
    with pytest.raises(InputError) as caught:
        load_catalog(book)
    lines = str(caught.value).splitlines()
    assert sorted(line.split(":")[0] for line in lines) == [f"{book}/topics/assistant.yaml", f"{book}/topics/surgery.yaml"]
    for line in lines:
        assert "rules follow each other's outcome in a circle" in line
        assert f"{book}/topics/assistant.yaml" in line and f"{book}/topics/surgery.yaml" in line


def test_outcome_of_an_unknown_rule_is_an_error(book: Path) -> None:
    (book / "facts.yaml").write_text(FACTS.replace("outcome_of: [surgery]", "outcome_of: [surgry]"))
    with pytest.raises(InputError) as caught:
        load_catalog(book)
    assert str(caught.value) == f"{book}/facts.yaml:9: no rule 'surgry' for outcome_of"


def test_each_version_of_a_rule_reads_its_own_facts(catalog: Catalog) -> None:
    """The opioid rule of 2009 and of 2016 read different facts; asking for one first must not
    give its facts to the other (they were once cached by rule id)."""
    old = catalog.book.rule("opioids", dt.date(2013, 1, 1))
    new = catalog.book.rule("opioids", dt.date(2017, 1, 1))
    assert old is not None and new is not None and old is not new
    assert catalog.facts_read(old) == old.rule.facts()
    assert catalog.facts_read(new) == new.rule.facts()
    assert "cures_documented" in catalog.facts_read(new) and "cures_documented" not in catalog.facts_read(old)
