"""A self-contained HTML report (works offline: plotly.js is embedded, no CDN).

Charts: scores by channel and by agent, violations by category over time, and the worst
cases with their timelines (every event of the case, violations marked on it).
"""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from cx_rules.app.result import Result

WORST_CASES = 8
_SEVERITY_COLOUR = {"critical": "#7f0000", "error": "#d62728", "warning": "#ff7f0e",
                    "info": "#1f77b4"}


def _score_bars(result: Result, by: str) -> go.Figure:
    table = result.scores(by)  # type: ignore[arg-type]
    key = table.columns[0]
    fig = go.Figure(go.Bar(
        x=table[key].to_list(), y=table["score"].to_list(),
        marker_color=["#d62728" if s < 80 else "#2ca02c" for s in table["score"].to_list()],
        customdata=table.select("cases", "violations", "points_lost").rows(),
        hovertemplate="%{x}<br>score %{y:.1f}<br>%{customdata[0]} cases, "
                      "%{customdata[1]} violations, %{customdata[2]} points lost<extra></extra>",
    ))
    fig.update_layout(title=f"Expectation score by {by}", yaxis_range=[0, 100],
                      yaxis_title="score (0-100)", height=360, margin={"t": 50, "b": 40})
    return fig


def _over_time(result: Result) -> go.Figure:
    fig = go.Figure()
    if result.violations.height:
        daily = (result.violations.with_columns(pl.col("timestamp").dt.date().alias("day"))
                 .group_by("day", "category").len().sort("day"))
        for category in sorted(set(daily["category"].to_list())):
            part = daily.filter(pl.col("category") == category)
            fig.add_bar(x=part["day"].to_list(), y=part["len"].to_list(), name=category)
    fig.update_layout(barmode="stack", title="Violations by category over time", height=360,
                      yaxis_title="violations", margin={"t": 50, "b": 40})
    return fig


def _timelines(result: Result) -> go.Figure | None:
    worst = result.scores("case").head(WORST_CASES).filter(pl.col("violations") > 0)
    if worst.is_empty():
        return None
    cases = worst["case_id"].to_list()
    fig = make_subplots(rows=len(cases), cols=1, shared_xaxes=False, vertical_spacing=0.04,
                        subplot_titles=[f"case {c}: score {s:.0f}" for c, s in
                                        zip(cases, worst["score"].to_list(), strict=True)])
    for i, case in enumerate(cases, start=1):
        events = result.interactions.filter(pl.col("case_id") == case).sort("timestamp")
        label = (events["direction"] + " · " + events["actor"] + " · " + events["channel"])
        fig.add_scatter(
            row=i, col=1, x=events["timestamp"].to_list(),
            y=events["direction"].to_list(), mode="markers+lines", name=case,
            text=label.to_list(), hovertemplate="%{x}<br>%{text}<extra></extra>",
            marker={"size": 9, "color": "#555"}, line={"color": "#bbb"}, showlegend=False)
        hits = result.violations.filter(pl.col("case_id") == case)
        fig.add_scatter(
            row=i, col=1, x=hits["timestamp"].to_list(), y=["violation"] * hits.height,
            mode="markers", marker={"size": 13, "symbol": "x", "color": [
                _SEVERITY_COLOUR.get(s, "#000") for s in hits["severity"].to_list()]},
            text=(hits["rule_id"] + ": " + hits["message"]).to_list(),
            hovertemplate="%{x}<br>%{text}<extra></extra>", showlegend=False)
    fig.update_layout(height=190 * len(cases), title="Worst cases: timelines",
                      margin={"t": 70, "b": 30})
    return fig


def _summary_html(result: Result) -> str:
    s = result.summary
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>"
                   for k, v in s.by_severity.items())
    return (
        f"<h1>cx-rules report: {html.escape(s.ruleset)}@{html.escape(s.ruleset_version)}</h1>"
        f"<p>Rows read {s.rows_read} = evaluated {s.rows_evaluated} + rejected "
        f"{s.rows_rejected}; {s.cases} cases, {s.customers} customers; "
        f"{s.violations} violations.</p><p>{html.escape(s.end_of_log())}.</p>"
        + (f"<p>{html.escape(s.sla_comparison_text() or '')}.</p>"
           if s.sla_comparison else "")
        + f"<table><tr><th>severity</th><th>violations</th></tr>{rows}</table>"
        + _not_applicable_html(s.not_applicable)
    )


def _not_applicable_html(reasons: dict[str, str]) -> str:
    if not reasons:
        return ""
    items = "".join(f"<li><code>{html.escape(k)}</code>: {html.escape(v)}</li>"
                    for k, v in reasons.items())
    return f"<p>Not applicable to this log (they report nothing either way):</p><ul>{items}</ul>"


def write_html(result: Result, path: Path) -> None:
    """Write the report to ``path`` as one HTML file with plotly.js embedded."""
    figures = [_score_bars(result, "channel"), _score_bars(result, "agent"), _over_time(result)]
    timeline = _timelines(result)
    if timeline is not None:
        figures.append(timeline)
    parts = [fig.to_html(full_html=False, include_plotlyjs=(i == 0))
             for i, fig in enumerate(figures)]
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>cx-rules report</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}</style>"
        f"</head><body>{_summary_html(result)}{''.join(parts)}</body></html>"
    )
    path.write_text(page, encoding="utf-8")
