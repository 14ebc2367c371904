"""Which rule judges an item: at most one, chosen by an explicit, tested order."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from mtus_rules.check.catalog import Catalog, load_catalog
from tests.conftest import RULES

DAY = dt.date(2017, 1, 1)
RULE = """\
id: {id}
title: {id}
effective: {{from: 2009-01-01{to}}}
applies_to: {applies}
criteria:
  - {{id: c, says: c, when: {{fact: f, is: true}}, cite: {{source: odg, excerpt: e}}, gap: g}}
"""
RULES_HERE = {
    "therapy": "{terms: [therapy, physical therapy]}",
    "postop_therapy": "{terms: [post-op physical therapy]}",
    "acupuncture": "{terms: [acupuncture]}",
    "capsaicin": "{terms: [capsaicin]}",
    "lumbar_mri": "{terms: [mri], with: [lumbar, low back]}",
    "knee_mri": "{terms: [mri], with: [knee]}",
    "labs": "{terms: [cbc], unless: [pre-op, preoperative]}",
    "preop_labs": "{terms: [pre-op cbc, preoperative cbc]}",
    "zeta": "{terms: [brace]}",
    "alpha": "{terms: [brace]}",
}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    book = tmp_path_factory.mktemp("book")
    shutil.copy(RULES / "sources.yaml", book / "sources.yaml")
    (book / "facts.yaml").write_text("facts:\n  f:\n    type: bool\n    says: f\n    extract: {mentions: [f]}\n")
    (book / "vocabulary.yaml").write_text("drugs: {}\nclasses: {}\n")
    (book / "topics").mkdir()
    for rule_id, applies in RULES_HERE.items():
        (book / "topics" / f"{rule_id}.yaml").write_text(RULE.format(id=rule_id, applies=applies, to=""))
    (book / "topics" / "old_rule.yaml").write_text(RULE.format(id="old_rule", applies="{terms: [tens]}", to=", to: 2012-12-31"))
    return load_catalog(book)


def judged_by(catalog: Catalog, item: str, day: dt.date = DAY) -> str | None:
    match = catalog.matcher.match(item, day)
    return match.rule.rule.id if match else None


@pytest.mark.parametrize(
    ("item", "rule"),
    [
        ("Physical therapy 2x4", "therapy"),
        # 1. the longest term wins: a rule that names the item more precisely claims it
        ("Post-op physical therapy 2 times a week for 4 weeks", "postop_therapy"),
        # 2. then the term that comes first in the item
        ("Twelve acupuncture visits with capsaicin patch", "acupuncture"),
        ("Capsaicin patch with acupuncture", "capsaicin"),
        # 3. then the rule id, alphabetically (rules lint reports the shared term)
        ("Knee brace", "alpha"),
        # 'with': the item must also name one of these
        ("MRI of the lumbar spine", "lumbar_mri"),
        ("Left knee MRI without contrast", "knee_mri"),
        ("MRI of the elbow", None),
        # 'unless': an item naming these is not the rule's
        ("Retro CBC", "labs"),
        ("Pre-op CBC", "preop_labs"),
        ("Home hot tub", None),
    ],
)
def test_the_order_of_choice(catalog: Catalog, item: str, rule: str | None) -> None:
    assert judged_by(catalog, item) == rule


def test_a_rule_judges_only_within_its_dates(catalog: Catalog) -> None:
    assert judged_by(catalog, "TENS unit", dt.date(2011, 5, 1)) == "old_rule"
    assert judged_by(catalog, "TENS unit", DAY) is None


def test_candidates_are_ranked_as_documented(catalog: Catalog) -> None:
    ranked = [rule for *_, rule, _ in catalog.matcher.candidates("Post-op physical therapy")]
    assert ranked == ["postop_therapy", "therapy", "therapy"]


@pytest.mark.parametrize(
    ("item", "rule"),
    [
        ("Right shoulder arthroscopic labral repair", "surgery_shoulder"),
        ("Right shoulder SLAP repair", "surgery_shoulder"),
        ("Right hip arthroscopy with labral repair", None),
    ],
)
def test_a_labral_repair_is_judged_by_the_rule_of_its_joint(item: str, rule: str | None) -> None:
    """The hip has a labrum too: the shoulder rule's 'labral repair' must not claim a hip operation."""
    assert judged_by(load_catalog(RULES), item) == rule
