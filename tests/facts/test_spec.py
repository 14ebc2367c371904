"""The declared fact forms are checked when the rule book loads: every problem, named at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.errors import InputError
from mtus_rules.authoring.lint import lint
from mtus_rules.check.catalog import Catalog, load_catalog
from tests.conftest import RULES

BAD = """
  bad_finding_place:
    type: bool
    says: a finding keyed by a place its 'about' has not
    extract:
      finding: {knee: ["@knee_lesion_findings"]}
      about: studied_limb
      studies: [imaging]
  bad_finding_phrase:
    type: bool
    says: a finding that names a phrase, not a class
    extract:
      finding: [positive mcmurray]
      about: studied_region
      studies: [imaging]
  bad_relief:
    type: number
    says: relief after a phrase, not a class
    extract:
      relief_after: [epidural injection]
  bad_item:
    type: bool
    says: an item word, not a class
    extract:
      item_names: {trial: true}
  bad_any_of:
    type: bool
    says: alternatives that are no true-or-false facts of their own
    extract:
      any_of: [no_such_fact, imaging_red_flag, weeks_since_injury, bad_any_of]
  bad_circle:
    type: bool
    says: made of a combination made of it
    extract:
      all_of: [bad_circle_too]
  bad_circle_too:
    type: bool
    says: made of a combination made of it
    extract:
      any_of: [bad_circle]
  bad_count:
    type: number
    says: a count over a number
    extract:
      count_of: [weeks_since_injury, si_test_faber]
  bad_cite:
    type: bool
    says: a citation of no known guideline
    extract:
      any_of: [spine_red_flag]
    cite:
      - {source: no_such_guideline, excerpt: "..."}
"""


def test_bad_finding_and_any_of_facts_are_named(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    facts = rules / "facts" / "imaging.yaml"
    facts.write_text(facts.read_text() + BAD)
    with pytest.raises(InputError) as raised:
        load_catalog(rules)
    message = str(raised.value)
    assert "'knee' is no place of studied_limb (one of lower, upper)" in message
    assert "'positive mcmurray': finding names vocabulary classes (@name)" in message
    assert "'epidural injection': relief_after names vocabulary classes (@name)" in message
    assert "'trial': item_names names vocabulary classes (@name)" in message
    assert "any_of: no fact 'no_such_fact'" in message
    assert "any_of: 'weeks_since_injury' is not a true-or-false fact" in message
    assert "any_of: 'bad_any_of' is made of itself" in message
    assert "all_of: 'bad_circle' is made of itself" in message and "any_of: 'bad_circle_too' is made of itself" in message
    assert "count_of: 'weeks_since_injury' is not a true-or-false fact" in message
    assert "unknown source 'no_such_guideline'" in message
    assert message.count("imaging.yaml:") >= 7


def test_the_parts_of_a_combination_a_criterion_reads_are_used(catalog: Catalog) -> None:
    """MTUS006 unused-fact: spine_red_flag is read through imaging_red_flag, an any_of."""
    unused = {d.message.split(":")[0] for d in lint(catalog) if d.code == "MTUS006"}
    assert catalog.finder.specs.with_parts({"imaging_red_flag"}) >= {"spine_red_flag", "knee_effusion", "significant_trauma"}
    assert not unused & {"spine_red_flag", "knee_effusion", "root_tension_sign", "si_test_faber"}
