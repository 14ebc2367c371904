"""The seeds' ways to approval as the CLI shows them: text for people, ``to_approve`` in JSON."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mtus_rules.cli.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def test_the_text_report_lists_what_to_document_for_each_non_certified_item() -> None:
    result = runner.invoke(app, [str(EXAMPLES / "seed-000-clonazepam.yaml"), "--date", "2016-12-01"], catch_exceptions=False)
    text = " ".join(result.stdout.replace("│", " ").split())
    assert result.exit_code == 1
    assert "To be approved, document one of: 1. The least the course of the requested drug can be" in text
    assert "the supply asked for): at most 4; and A first-line agent for anxiety or insomnia (an antidepressant) was tried and failed: yes" in text


def test_json_gives_to_approve_as_sets_of_fact_value_says() -> None:
    result = runner.invoke(app, [str(EXAMPLES / "seed-001-klonopin-cbc.yaml"), "-f", "json"], catch_exceptions=False)
    klonopin, cbc = json.loads(result.stdout)["cases"][0]["requests"]
    for item in (klonopin, cbc):
        assert item["to_approve"] and item["not_by_documenting"] == []
        for option in item["to_approve"]:
            assert option and all(set(change) == {"fact", "value", "says"} for change in option)
    assert [{"fact": "infection_signs", "value": True}] in [[{k: c[k] for k in ("fact", "value")} for c in o] for o in cbc["to_approve"]]


def test_a_certified_item_needs_nothing() -> None:
    result = runner.invoke(app, [str(EXAMPLES / "certify-short-lorazepam.yaml"), "-f", "json"], catch_exceptions=False)
    items = json.loads(result.stdout)["cases"][0]["requests"]
    assert [(i["decision"], i["to_approve"], i["not_by_documenting"]) for i in items] == [("certify", [], [])] * len(items)
