"""Small inline SVG charts for the HTML report, written as text: no JavaScript at all.

Why SVG written here rather than a plotting library: the report's charts are a few dot plots,
column strips and tile grids. A JavaScript library (plotly.js is ~4.8 MB) made every report
about 5 MB, and interactive zoom adds little to charts this small. Plain SVG is a few KB per
chart, renders offline in any browser, prints, and cannot run anything: text from the log
goes in escaped, and there is no script for it to reach. Hover text is an SVG ``<title>``;
links are SVG ``<a href="#...">`` to anchors of the page.

Every function takes text already made safe with :func:`cx_rules.report.safe.html_text`
(``label``, ``tip``) and anchors made by the caller (``href``, ``#`` plus a safe id).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

SEVERITY_COLOUR = {"critical": "#7f0000", "error": "#d62728", "warning": "#e08214",
                   "info": "#4575b4"}
INK, GRID, MUTED = "#222", "#e3e3e3", "#666"


@dataclass(frozen=True)
class Point:
    """One labelled value of a chart, with its hover text and the anchor it links to."""

    label: str
    value: float
    href: str
    tip: str


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def nice_step(span: float, ticks: int = 5) -> float:
    """A 1, 2, 2.5 or 5 times a power of ten step giving about ``ticks`` ticks over ``span``."""
    raw = max(span, 1e-9) / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def score_axis(values: Sequence[float]) -> tuple[float, float, float]:
    """``(low, high, step)`` of a score axis that shows the differences in ``values``.

    Scores are 0-100, but a team's scores often all lie within a few points; drawn from 0
    they look identical. The axis spans the data plus a margin, rounded to ticks, within
    0-100. The chart says so in its axis label (a dot plot has no bar length to mislead).
    """
    values = [v for v in values if math.isfinite(v)]
    lo, hi = (min(values), max(values)) if values else (0.0, 100.0)
    pad = max((hi - lo) * 0.1, 0.5)
    step = nice_step(hi - lo + 2 * pad)
    low = max(0.0, math.floor((lo - pad) / step) * step)
    high = min(100.0, math.ceil((hi + pad) / step) * step)
    if high - low < step:  # all at 100 (or 0): one step below (above) it
        low, high = (max(0.0, high - step), high) if high >= 100 else (low, low + step)
    return low, high, step


def axis_label(low: float, high: float) -> str:
    """What the axis shows, honestly: zoomed unless it is the full 0-100."""
    if low <= 0 and high >= 100:
        return "score (0-100)"
    return f"score, axis {_num(low)}-{_num(high)} (zoomed to the data, not from 0)"


def dot_plot(points: Sequence[Point], *, width: int = 560) -> str:
    """Scores as dots on a zoomed axis, one row per point, worst first (as given)."""
    low, high, step = score_axis([p.value for p in points])
    left, right, row, top = 170, 50, 20, 8
    plot = width - left - right
    height = top + row * len(points) + 34

    def x(v: float) -> float:
        return left + (v - low) / (high - low) * plot

    parts = [f'<svg class="chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    tick = low
    base = top + row * len(points)
    while tick <= high + 1e-9:
        parts.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{base}" '
                     f'stroke="{GRID}"/><text x="{x(tick):.1f}" y="{base + 13}" '
                     f'text-anchor="middle" class="tick">{_num(tick)}</text>')
        tick += step
    parts.append(f'<text x="{left + plot / 2:.0f}" y="{base + 29}" text-anchor="middle" '
                 f'class="axis">{axis_label(low, high)}</text>')
    for i, p in enumerate(points):
        y = top + row * i + row / 2
        parts.append(
            f'<a href="{p.href}"><title>{p.tip}</title>'
            f'<line x1="{left}" x2="{left + plot}" y1="{y:.0f}" y2="{y:.0f}" stroke="#f3f3f3"/>'
            f'<text x="{left - 6}" y="{y + 4:.0f}" text-anchor="end" class="label">'
            f'{p.label}</text><circle cx="{x(p.value):.1f}" cy="{y:.0f}" r="5" '
            f'fill="{INK}"/><text x="{x(p.value) + 9:.1f}" y="{y + 4:.0f}" class="value">'
            f'{p.value:.1f}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(u + (v - u) * t):02x}" for u, v in zip(ca, cb, strict=True))


def score_colour(value: float, low: float, high: float) -> str:
    """Red at ``low``, yellow half way, green at ``high`` (the data's range)."""
    t = 0.5 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
    return _mix("#d73027", "#fee08b", t * 2) if t < 0.5 else _mix("#fee08b", "#1a9850",
                                                                  t * 2 - 1)


def tile_grid(points: Sequence[Point], *, columns: int = 30, size: int = 16) -> str:
    """One small square per point, coloured by score over the data's range (legend below)."""
    values = [p.value for p in points]
    low, high = (min(values), max(values)) if values else (0.0, 100.0)
    rows = max(1, math.ceil(len(points) / columns))
    width, height = columns * size, rows * size + 26
    parts = [f'<svg class="chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i, p in enumerate(points):
        col, r = i % columns, i // columns
        parts.append(f'<a href="{p.href}"><title>{p.tip}</title><rect x="{col * size}" '
                     f'y="{r * size}" width="{size - 2}" height="{size - 2}" '
                     f'fill="{score_colour(p.value, low, high)}"/></a>')
    legend_y = rows * size + 6
    for k in range(10):
        parts.append(f'<rect x="{60 + k * 12}" y="{legend_y}" width="12" height="10" '
                     f'fill="{score_colour(low + (high - low) * k / 9, low, high)}"/>')
    parts.append(f'<text x="55" y="{legend_y + 9}" text-anchor="end" class="tick">'
                 f'{low:.1f}</text><text x="185" y="{legend_y + 9}" class="tick">{high:.1f} '
                 "(colour spans this data's lowest to highest score)</text></svg>")
    return "".join(parts)


def columns(counts: Sequence[int], scale: int, first: str, last: str, *, width: int = 260,
            height: int = 90) -> str:
    """A strip of columns (violations per day or week), on a ``scale`` shared by its
    neighbours so that small multiples compare; labelled with the first and last period."""
    n = max(1, len(counts))
    plot_h = height - 16
    bar = width / n
    parts = [f'<svg class="chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
             f'<line x1="0" x2="{width}" y1="{plot_h}" y2="{plot_h}" stroke="{MUTED}"/>']
    for i, c in enumerate(counts):
        h = 0.0 if scale <= 0 else c / scale * (plot_h - 4)
        if c:
            parts.append(f'<rect x="{i * bar + 0.5:.1f}" y="{plot_h - h:.1f}" '
                         f'width="{max(bar - 1, 0.5):.1f}" height="{h:.1f}" fill="#4a6fa5">'
                         f"<title>{c}</title></rect>")
    parts.append(f'<text x="0" y="{height - 2}" class="tick">{first}</text>'
                 f'<text x="{width}" y="{height - 2}" text-anchor="end" class="tick">{last}'
                 "</text></svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Mark:
    """One event or violation on a case's timeline: seconds from the case's start."""

    seconds: float
    lane: int
    """0 inbound, 1 outbound, 2 violation."""
    colour: str
    tip: str


def timeline(marks: Sequence[Mark], span_label: str, *, width: int = 560) -> str:
    """A case's events on a time line: inbound, outbound and violations on their own lanes."""
    left, right, lane_h = 80, 14, 16
    plot = width - left - right
    end = max((m.seconds for m in marks), default=0.0) or 1.0
    height = 3 * lane_h + 18
    names = ("inbound", "outbound", "violation")
    parts = [f'<svg class="chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    for lane, name in enumerate(names):
        y = lane * lane_h + lane_h / 2 + 2
        parts.append(f'<text x="{left - 6}" y="{y + 4:.0f}" text-anchor="end" class="tick">'
                     f'{name}</text><line x1="{left}" x2="{left + plot}" y1="{y:.0f}" '
                     f'y2="{y:.0f}" stroke="{GRID}"/>')
    for m in marks:
        cx = left + m.seconds / end * plot
        cy = m.lane * lane_h + lane_h / 2 + 2
        shape = (f'<path d="M{cx:.1f} {cy - 6:.1f}L{cx + 5:.1f} {cy + 4:.1f}'
                 f'L{cx - 5:.1f} {cy + 4:.1f}Z" fill="{m.colour}"/>' if m.lane == 2 else
                 f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{m.colour}"/>')
        parts.append(f"<g><title>{m.tip}</title>{shape}</g>")
    parts.append(f'<text x="{left}" y="{height - 3}" class="tick">start</text>'
                 f'<text x="{left + plot}" y="{height - 3}" text-anchor="end" class="tick">'
                 f"{span_label}</text></svg>")
    return "".join(parts)
