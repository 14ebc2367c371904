"""Citations a provider reads: clean in the report; what was not checked is said in the JSON."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from rich.console import Console

from mtus_rules.case.model import read_case
from mtus_rules.check.catalog import Catalog
from mtus_rules.check.judge import check_case
from mtus_rules.cli.report import render_text, to_json

CASE = """\
request_date: 2017-01-10
summary: The patient has a lumbar strain and attends physical therapy. She has not had massage therapy.
requests: ["Massage therapy 1 time a week for 4 weeks", "Lorazepam 0.5mg #14"]
"""


def test_no_citation_in_the_catalog_reads_as_remembered(catalog: Catalog) -> None:
    sections = [c.section or "" for loaded in catalog.book.rules for k in loaded.rule.criteria for c in (k.cite, *k.also)]
    assert sections and not [s for s in sections if "remembered" in s]


def test_the_report_shows_an_unverified_page_cleanly_and_the_json_says_it_is_not_verified(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(CASE)
    result = check_case(catalog, read_case(path), dt.date(2017, 1, 10), file=str(path))
    console = Console(file=io.StringIO(), width=240)
    render_text(console, [result], catalog)
    text = console.file.getvalue()
    assert "Massage therapy, p. 60" in text and "remembered" not in text
    massage, lorazepam = ([r for c in item["criteria"] for r in c["references"]] for item in json.loads(to_json([result], catalog))["cases"][0]["requests"])
    assert {(r["pages"], r["pages_verified"], r.get("note")) for r in massage} == {("60", False, "page not verified")}
    assert {(r["pages_verified"], r.get("note")) for r in lorazepam} == {(True, None)}
