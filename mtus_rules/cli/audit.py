"""``mtus-check audit`` and ``mtus-check report``: where rows go, resuming, progress, summary.

With ``--output``, letters already complete in the file are skipped (an interrupted audit
continues where it stopped) and the summary is recomputed from the whole file at the end,
so a resumed audit reports exactly what an uninterrupted one would. The summary keeps only
counts and the first disagreements and errors: memory does not grow with the archive.
Rows on stdout (``--format jsonl/csv`` without ``--output``) keep stdout parseable: the
summary then goes to stderr.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import EngineError, InputError
from mtus_rules.audit.discover import check_arguments, default_workers, find_letters
from mtus_rules.cli.audit_report import SHOWN, render_disagreements, render_errors, render_summary
from mtus_rules.cli.console import EXIT_NOT_CERTIFIED, EXIT_OK, err, fail, out
from mtus_rules.audit.breakdown import Breakdown
from mtus_rules.audit.known import load_known
from mtus_rules.audit.metrics import Tally
from mtus_rules.audit.sinks import Output, open_output, read_rows, stream_output

__all__ = ["AuditOptions", "run_audit", "show_report"]

Row = dict[str, Any]


@dataclass(frozen=True)
class AuditOptions:
    format: str = "text"
    output: Path | None = None
    workers: int | None = None
    timeout: float = 60.0
    overwrite: bool = False
    show_disagreements: bool = True
    known: Path | None = None
    rules: Path | None = None
    engine: str = "local"
    scheduler: str | None = None
    html: Path | None = None


@dataclass
class Summary:
    """Counts of every row, and the first disagreements and errors to list."""

    tally: Tally = field(default_factory=Tally)
    shown: list[Row] = field(default_factory=list)
    breakdown: Breakdown | None = None  # only for an HTML report
    _errors_shown: int = 0

    def add(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.tally.add([row])
            if self.breakdown is not None:
                self.breakdown.add([row])
            if row["error"] and self._errors_shown < SHOWN:
                self._errors_shown += 1
                self.shown.append(row)
            elif not row["error"] and row.get("agree") is False and len(self.shown) - self._errors_shown < SHOWN:
                self.shown.append(row)


def run_audit(arguments: list[str], options: AuditOptions) -> int:
    try:
        if options.html is not None:
            _html_report().check_writable(options.html)
        known = {key: k.why for key, k in load_known(options.known).items()} if options.known else {}
        check_arguments(arguments)
        output = _destination(options)
    except EngineError as error:
        fail(error)
    total, done = _count(arguments, output.done)
    if done and options.output is not None:
        err.print(f"resuming {options.output}: {done} of {total} letters already done", markup=False)
    todo = (path for path in find_letters(arguments) if path not in output.done)
    summary = _summary(options.html)
    try:
        with _progress(total - done) as advance:
            for rows in _letters(todo, options):
                output.write(rows)
                summary.add(rows)
                advance()
    except EngineError as error:
        fail(error)
    finally:
        output.close()
    if output.done:  # a resumed output: the summary covers the whole file, earlier runs included
        summary = _summary(options.html)
        summary.add(read_rows(options.output))
    summary_to = err if options.output is None and options.format != "text" else out
    _render(summary_to, summary, options.show_disagreements, known)
    if options.html is not None:
        _write_html(options.html, summary, " ".join(arguments), known)
    return EXIT_NOT_CERTIFIED if summary.tally.errors else EXIT_OK


def _count(arguments: list[str], done: set[str]) -> tuple[int, int]:
    """How many letters the arguments name, and how many of them are already in the output:
    a walk of its own, so that the audit can stream the names rather than keep them."""
    total = already = 0
    for path in find_letters(arguments):
        total += 1
        already += path in done
    return total, already


def _letters(paths: Iterable[str], options: AuditOptions) -> Iterator[list[Row]]:
    """The rows of each letter; today, named here and only here, judges a letter without dates."""
    workers = options.workers or default_workers()
    today = dt.date.today()
    if options.engine == "dask":
        from mtus_rules.audit.distributed import audit_dask

        return audit_dask(
            paths, today=today, rules=options.rules, workers=workers, timeout=options.timeout, scheduler=options.scheduler
        )
    from mtus_rules.audit.local import audit

    return audit(paths, today=today, rules=options.rules, workers=workers, timeout=options.timeout)


def _render(console: Any, summary: Summary, show_disagreements: bool, known: dict[tuple[str, int], str]) -> None:
    metrics = summary.tally.metrics()
    render_summary(console, metrics)
    if show_disagreements:
        render_disagreements(console, summary.shown, known, metrics.disagreements)
    render_errors(console, summary.shown, metrics.errors)


class _Discard:
    done: set[str] = set()

    def write(self, rows: list[Row]) -> None:
        pass

    def close(self) -> None:
        pass


def _destination(options: AuditOptions) -> Output:
    if options.output is not None:
        kind = None if options.format == "text" else options.format
        return open_output(options.output, kind, resume=not options.overwrite)
    if options.format == "text":
        return _Discard()
    return stream_output(sys.stdout, options.format)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr when it is a terminal; nothing when it is a file or pipe."""
    if not err.is_terminal or total < 2:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TextColumn("letters"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("audit", total=total)
        yield lambda: progress.advance(task)


def show_report(path: Path, format: str, show_disagreements: bool, html: Path | None = None) -> None:
    summary = _summary(html)
    try:
        if html is not None:
            _html_report().check_writable(html)
        summary.add(read_rows(path))
    except InputError as error:
        fail(error)
    if format == "json":
        out.print(json.dumps(summary.tally.metrics().to_dict(), indent=2), markup=False, soft_wrap=True)
    else:
        _render(out, summary, show_disagreements, {})
    if html is not None:
        _write_html(html, summary, str(path), {})


def _summary(html: Path | None) -> Summary:
    return Summary(breakdown=Breakdown() if html is not None else None)


def _write_html(path: Path, summary: Summary, source: str, known: dict[tuple[str, int], str]) -> None:
    assert summary.breakdown is not None
    try:
        errors = [row for row in summary.shown if row["error"]]
        _html_report().write_report(path, summary.tally.metrics(), summary.breakdown, errors, source=source, known=known)
    except InputError as error:
        fail(error)


def _html_report() -> Any:
    """The HTML renderer; plotly and jinja2 load only for --html, and their absence is said before an audit starts."""
    try:
        from mtus_rules.cli import html_report
    except ImportError:
        fail(InputError.one("--html", None, "the HTML report needs jinja2 and plotly: pip install 'mtus-check[html]'"))
    return html_report
