"""``mtus-check audit`` and ``mtus-check report``: where rows go, progress, the summary.

Rows are written as each letter is done; the summary keeps only counts, disagreements and
error rows, so an audit's memory does not grow with the number of letters agreeing.
Rows on stdout (``--format jsonl/csv`` without ``--output``) keep stdout parseable: the
summary then goes to stderr.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from engine.errors import EngineError, InputError
from mtus_rules.audit import audit, default_workers, find_letters
from mtus_rules.audit_report import SHOWN, render_disagreements, render_errors, render_summary
from mtus_rules.console import EXIT_NOT_CERTIFIED, EXIT_OK, err, fail, out
from mtus_rules.known import load_known
from mtus_rules.metrics import Tally
from mtus_rules.sinks import FORMATS, Sink, open_sink, read_rows

__all__ = ["run_audit", "show_report"]


def run_audit(
    arguments: list[str],
    format: str,
    output: Path | None,
    workers: int | None,
    show_disagreements: bool,
    known_path: Path | None,
    rules: Path | None,
) -> int:
    paths = find_letters(arguments)
    try:
        known = {key: k.why for key, k in load_known(known_path).items()} if known_path else {}
        sink, close = _destination(format, output)
    except EngineError as error:
        fail(error)
    summary_to = err if output is None and format != "text" else out
    tally, kept = Tally(), []
    try:
        with _progress(len(paths)) as advance:
            for rows in audit(paths, rules=rules, workers=workers or default_workers()):
                if sink is not None:
                    sink.write(rows)
                tally.add(rows)
                kept += _worth_showing(rows, kept)
                advance()
    except EngineError as error:
        fail(error)
    finally:
        close()
    metrics = tally.metrics()
    render_summary(summary_to, metrics)
    if show_disagreements:
        render_disagreements(summary_to, kept, known, metrics.disagreements)
    render_errors(summary_to, kept, metrics.errors)
    return EXIT_NOT_CERTIFIED if metrics.errors else EXIT_OK


def _worth_showing(rows: list[dict[str, Any]], kept: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Disagreements and error rows to list after the summary, up to SHOWN of each."""
    shown_errors = sum(1 for row in kept if row["error"])
    return [
        row
        for row in rows
        if (row["error"] and shown_errors < SHOWN) or (row["agree"] is False and len(kept) - shown_errors < SHOWN)
    ]


def _destination(format: str, output: Path | None) -> tuple[Sink | None, Callable[[], None]]:
    if output is not None:
        sink, stream = open_sink(output, None if format == "text" else format)
        return sink, stream.close
    if format == "text":
        return None, lambda: None
    sink = FORMATS[f".{format}"](sys.stdout)
    return sink, sink.close


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr when it is a terminal; nothing when it is a file or pipe."""
    if not err.is_terminal or total < 2:
        yield lambda: None
        return
    columns = (TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TextColumn("letters"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("audit", total=total)
        yield lambda: progress.advance(task)


def show_report(path: Path, format: str) -> None:
    try:
        rows = read_rows(path)
    except InputError as error:
        fail(error)
    metrics = Tally().add(rows).metrics()
    if format == "json":
        out.print(json.dumps(metrics.to_dict(), indent=2), markup=False, soft_wrap=True)
    else:
        render_summary(out, metrics)

