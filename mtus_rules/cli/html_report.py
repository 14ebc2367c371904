"""An audit as one self-contained HTML page: what ``audit_report`` prints, plus charts.

The numbers come from ``metrics`` (the same ``Metrics`` the terminal summary prints) and
``breakdown``; this module only lays them out. Everything the page needs is inlined
(plotly.js, styles, the small filter and sort script), so the file opens offline and can be
mailed or archived as it is.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from engine.errors import InputError
from mtus_rules.audit.breakdown import Breakdown
from mtus_rules.audit.metrics import Confusion, Metrics
from mtus_rules.audit.rows import reasons
from mtus_rules.cli.audit_report import ratio, percent  # numbers written as the terminal summary writes them

__all__ = ["check_writable", "render_report", "write_report"]

Row = dict[str, Any]
_CONFIG = {"displayModeBar": False, "responsive": True}
_LAYOUT = {
    "template": "plotly_white",
    "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12},
}
_AGREE, _DISAGREE, _ITEMS = "#2f6fb0", "#e07b39", "#c9d6e3"


def check_writable(path: Path) -> None:
    """Refuse a page that could not be written before an audit spends its time, with the
    words ``write_report`` would use after it."""
    folder = path.parent
    if path.is_dir():
        problem = errno.EISDIR
    elif not folder.is_dir():
        problem = errno.ENOENT
    elif not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        problem = errno.EACCES
    else:
        return
    raise InputError.one(path, None, f"cannot write: {os.strerror(problem)}")


def write_report(
    path: Path, metrics: Metrics, breakdown: Breakdown, errors: list[Row], *, source: str, known: Mapping[tuple[str, int], str]
) -> None:
    page = render_report(metrics, breakdown, errors, source=source, known=known)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as error:
        raise InputError.one(path, None, f"cannot write: {error.strerror or error}") from None


def render_report(
    metrics: Metrics, breakdown: Breakdown, errors: list[Row], *, source: str, known: Mapping[tuple[str, int], str]
) -> str:
    """The page: ``metrics`` and ``breakdown`` of one audit, the first ``errors`` (unreadable letters), reviewed causes in ``known``."""
    by_rule = sorted(metrics.by_rule.items(), key=lambda kv: (-kv[1].total, kv[0]))
    months = breakdown.by_month()
    return _template().render(
        source=source,
        m=metrics,
        c=metrics.overall,
        base=metrics.overall.baseline(),
        by_rule=by_rule,
        months=months,
        gaps=breakdown.gaps(),
        disagreements=[_disagreement(row, known) for row in breakdown.disagreements],
        errors=errors,
        rule_chart=_rule_chart(by_rule) if by_rule else "",
        month_chart=_month_chart(months) if months else "",
        plotly_js=get_plotlyjs(),
    )


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mtus_rules.cli", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=percent, num=ratio)
    return env.get_template("report.html.j2")


def _disagreement(row: Row, known: Mapping[tuple[str, int], str]) -> dict[str, Any]:
    return {**row, "reasons": reasons(row), "known": known.get((row["case"], row["item_index"]))}


def _figure(fig: go.Figure, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, config=_CONFIG, div_id=div_id)


def _rule_chart(by_rule: list[tuple[str, Confusion]]) -> str:
    """Items per rule, split into agreements and disagreements, the most judged rule on top."""
    rules = [rule for rule, _ in reversed(by_rule)]
    confusions = [c for _, c in reversed(by_rule)]
    fig = go.Figure()
    fig.add_bar(x=[c.tp + c.tn for c in confusions], y=rules, orientation="h", name="agree", marker_color=_AGREE,
                hovertemplate="%{y}: %{x} agree<extra></extra>")
    fig.add_bar(x=[c.fp + c.fn for c in confusions], y=rules, orientation="h", name="disagree", marker_color=_DISAGREE,
                hovertemplate="%{y}: %{x} disagree<extra></extra>")
    fig.update_layout(
        **_LAYOUT, barmode="stack", height=70 + 19 * len(rules), bargap=0.25,
        legend={"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom", "traceorder": "normal"}, xaxis={"title": "items judged"},
    )
    fig.update_layout(margin={**_LAYOUT["margin"], "t": 30})
    fig.update_yaxes(automargin=True, tickfont={"size": 11})
    return _figure(fig, "chart-rules")


def _month_chart(months: dict[str, Confusion]) -> str:
    """Items judged per month of decision (bars) and the share that agreed (line)."""
    labels = list(months)
    fig = go.Figure()
    fig.add_bar(x=labels, y=[c.total for c in months.values()], name="items judged", marker_color=_ITEMS,
                hovertemplate="%{x}: %{y} items<extra></extra>")
    fig.add_scatter(x=labels, y=[c.accuracy for c in months.values()], name="agreement", mode="lines+markers", yaxis="y2",
                    line={"color": _AGREE, "width": 2}, hovertemplate="%{x}: %{y:.1%} agree<extra></extra>")
    fig.update_layout(
        **_LAYOUT, height=300, legend={"orientation": "h", "y": 1.12, "x": 0},
        xaxis={"type": "category", "title": "month of decision"},
        yaxis={"title": "items judged", "rangemode": "tozero"},
        yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%", "range": [0, 1.05], "tickvals": [0, 0.25, 0.5, 0.75, 1],
                "title": "agreement", "showgrid": False},
    )
    fig.update_layout(margin={**_LAYOUT["margin"], "t": 30})
    return _figure(fig, "chart-months")
