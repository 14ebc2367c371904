"""The HTML report in a real headless Chromium: it loads offline without errors, draws its
charts, sorts and filters, and is not a blank page.

Uses the system's Chromium (Debian package ``chromium``; ``MTUS_CHROMIUM`` names another
binary), driven by playwright; skipped only when no Chromium can be found.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mtus_rules.audit.rows import COLUMNS
from mtus_rules.cli.main import app
from tests.conftest import DATA

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
Image = pytest.importorskip("PIL.Image", reason="pillow is not installed (pip install -e '.[test]')")

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
runner = CliRunner()


def chromium() -> str | None:
    candidates = [os.environ.get("MTUS_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    if executable is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set MTUS_CHROMIUM to its path)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()


class Page:
    """A page opened from a file with every request but ``file:`` blocked, and what went wrong in it."""

    def __init__(self, browser: Any, path: Path):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.as_uri(), wait_until="load")

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def visible(self) -> list[tuple[str, str]]:
        """(rule, letter's outcome) of each disagreement shown."""
        shown = self.page.eval_on_selector_all(
            ".disagreement", "items => items.filter(i => !i.hidden).map(i => [i.dataset.rule, i.dataset.actual])"
        )
        return [(rule, actual) for rule, actual in shown]

    def choose(self, select: str, value: str) -> list[tuple[str, str]]:
        self.page.select_option(select, value)
        return self.visible()


@pytest.fixture(scope="module")
def dev_like(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of an audit of the test letters, as ``mtus-check audit LETTERS --html`` writes it."""
    page = tmp_path_factory.mktemp("browser") / "report.html"
    result = runner.invoke(app, ["audit", str(DATA / "letters"), "--html", str(page), "-w", "1", "--no-disagreements"])
    assert result.exit_code == 0, result.output
    return page


@pytest.fixture
def opened(browser: Any, dev_like: Path) -> Iterator[Page]:
    page = Page(browser, dev_like)
    yield page
    page.context.close()


def test_the_report_loads_offline_without_console_errors(opened: Page) -> None:
    assert opened.errors == []
    assert opened.blocked == []
    assert opened.page.title().startswith("mtus-check audit")


def test_the_charts_are_drawn_as_svg(opened: Page) -> None:
    def texts(selector: str) -> list[str]:
        return opened.page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.textContent)")

    rules = texts("#rule-table tbody tr td:first-child")
    bars = opened.page.eval_on_selector_all("#chart-rules svg.main-svg .trace.bars .point path", "ps => ps.filter(p => p.getBBox().width > 0).length")
    assert rules and sorted(texts("#chart-rules svg.main-svg .ytick text")) == sorted(rules)
    assert bars >= len(rules)  # every rule judged an item: at least one bar each
    months = opened.page.eval_on_selector_all("#chart-months svg.main-svg .trace.bars .point path", "ps => ps.filter(p => p.getBBox().height > 0).length")
    line = opened.page.eval_on_selector_all("#chart-months svg.main-svg .trace.scatter path.js-line", "ps => ps.map(p => p.getAttribute('d'))")
    assert months == len(texts("#chart-months svg.main-svg .xtick text")) > 0
    assert line and line[0].startswith("M")


def test_the_rule_table_sorts_by_a_column(opened: Page) -> None:
    def items() -> list[int]:
        return [int(v) for v in opened.page.eval_on_selector_all("#rule-table tbody tr td:nth-child(2)", "c => c.map(x => x.textContent)")]

    opened.page.click("#rule-table th:nth-child(2)")
    assert items() == sorted(items()) and len(set(items())) > 1
    opened.page.click("#rule-table th:nth-child(2)")
    assert items() == sorted(items(), reverse=True)


def test_the_filter_hides_and_shows_the_disagreements_of_the_dev_like_report(opened: Page) -> None:
    everything = opened.visible()
    assert everything and {actual for _, actual in everything} == {"Overturned"}
    assert opened.choose("#filter-outcome", "Upheld") == []
    assert opened.page.text_content("#shown-count") == "0 shown"
    assert len(opened.choose("#filter-outcome", "")) == len(everything)


def synthetic_rows() -> list[dict[str, Any]]:
    """Disagreements of two rules and both kinds, and one agreement."""
    cases = [("a", "Overturned", "Upheld"), ("a", "Upheld", "Overturned"), ("b", "Overturned", "Upheld"), ("b", "Upheld", "Upheld")]
    return [
        {
            **dict.fromkeys(COLUMNS), "case": f"CM-{i}", "file": f"{i}.txt", "item_index": 0, "item": f"item {i}",
            "actual": actual, "predicted": predicted, "rule": rule, "agree": actual == predicted,
            "criteria": [{"id": "c", "status": "unknown", "says": "c is documented", "evidence": None}],
            "rationale": "why", "decision_date": "2017-01-05",
        }
        for i, (rule, actual, predicted) in enumerate(cases)
    ]


def test_the_filter_shows_exactly_the_chosen_rule_and_outcome(browser: Any, tmp_path: Path) -> None:
    rows, html = tmp_path / "rows.jsonl", tmp_path / "page.html"
    rows.write_text("".join(json.dumps(row) + "\n" for row in synthetic_rows()))
    assert runner.invoke(app, ["report", str(rows), "--html", str(html)]).exit_code == 0
    page = Page(browser, html)
    try:
        assert sorted(page.visible()) == [("a", "Overturned"), ("a", "Upheld"), ("b", "Overturned")]
        assert page.choose("#filter-rule", "a") == [("a", "Overturned"), ("a", "Upheld")]
        assert page.choose("#filter-outcome", "Overturned") == [("a", "Overturned")]
        assert page.choose("#filter-rule", "") == [("a", "Overturned"), ("b", "Overturned")]
        assert page.page.text_content("#shown-count") == "2 shown"
        assert len(page.choose("#filter-outcome", "")) == 3
        assert page.errors == []
    finally:
        page.context.close()


def drawn(png: bytes) -> tuple[int, float]:
    """How many colours a screenshot has, and the share of its pixels that differ from the commonest one."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height)
    background = max(count for count, _ in colours)
    return len(colours), 1 - background / (image.width * image.height)


def looks_drawn(png: bytes) -> bool:
    colours, ink = drawn(png)
    return colours >= 64 and ink >= 0.05


def test_a_screenshot_of_the_report_is_not_a_blank_page(opened: Page) -> None:
    assert looks_drawn(opened.page.screenshot())
    opened.page.set_content("<html><body style='background:#f7f9fb'><p></p></body></html>")
    assert not looks_drawn(opened.page.screenshot())  # the check itself tells a blank page
