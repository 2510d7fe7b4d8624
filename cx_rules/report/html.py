"""A self-contained HTML report: one file, no script, no network, readable when printed.

What it holds, top to bottom: the counts (rows read = evaluated + rejected, cases, where the
log ends); violations by severity and by category x severity, in severity order; a pass/fail
table of every enabled rule (cases checked, violations, pass rate, not applicable and why);
scores by channel, by category and by agent (the worst agents as a dot plot, every agent as a
tile) on axes zoomed to the data and labelled so; violations over time, one small chart per
category on a shared scale; the worst cases on a time line; suggested and suppressed actions;
and the violations behind every chart, in sections the charts link to (``#v-...`` anchors).

Charts are inline SVG (:mod:`cx_rules.report.svg`, why: see there). Every text from the log
goes through :func:`cx_rules.report.safe.html_text`; anchors are made from a slug and a hash
of the value (:func:`anchor`), so any id or name gives a valid, unique fragment.

Long lists are cut, and each cut says how many rows it left out and how to get them all.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from cx_rules.app.result import Result
from cx_rules.models.enums import Severity
from cx_rules.outputs.scores import Dimension, attributed
from cx_rules.report import svg
from cx_rules.report.rule_checks import rule_checks
from cx_rules.report.safe import html_text as t

SEVERITIES: tuple[str, ...] = tuple(
    s.value for s in sorted(Severity, key=lambda s: s.rank, reverse=True))
"""critical, error, warning, info: the order of every severity table and list."""
_RANK = {s.value: s.rank for s in Severity}

WORST_AGENTS = 15
"""Agents in the dot plot (and with their own violations section); all others are tiles."""
MAX_TILES = 600
MAX_DOTS = 25
WORST_CASES = 8
ACTION_ROWS = 50
SECTION_ROWS: dict[str, int] = {"rule": 10, "category": 25, "channel": 15, "agent": 10,
                                "case": 20}
"""The most violations listed per section (most severe first)."""

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:0 auto;
max-width:1180px;padding:1.5em 2em}
h1{font-size:1.6em;margin:.2em 0}h2{margin-top:1.8em;border-bottom:2px solid #ddd;
padding-bottom:.2em}h3{margin:1.2em 0 .4em}
table{border-collapse:collapse;margin:.4em 0 1em}td,th{border:1px solid #ddd;padding:3px 8px;
text-align:left;vertical-align:top}th{background:#f4f4f4}td.n,th.n{text-align:right;
font-variant-numeric:tabular-nums;white-space:nowrap}tr.zero td{color:#999}
table.vt{width:100%;table-layout:fixed}.vt td{overflow-wrap:anywhere}
.vt col.w1{width:6em}.vt col.w2{width:12em}.vt col.w3{width:7em}.vt col.w4{width:9.5em}
.vt col.w5{width:10em}
.cards{display:flex;flex-wrap:wrap;gap:.6em;padding:0;list-style:none}
.cards li{border:1px solid #ddd;border-radius:6px;padding:.4em .9em;min-width:8em}
.cards b{display:block;font-size:1.4em}
.sev{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-size:.85em}
.sev-critical{background:#7f0000}.sev-error{background:#d62728}
.sev-warning{background:#e08214}.sev-info{background:#4575b4}
.st-fail{color:#b00;font-weight:600}.st-pass{color:#1a7f37;font-weight:600}
.st-na{color:#777;font-style:italic}
figure{margin:0 0 1em}.grid{display:flex;flex-wrap:wrap;gap:1em 2em}
figcaption{font-weight:600;margin-bottom:.2em}
.chart text{font-size:11px;fill:#333}.chart .tick{fill:#666;font-size:10px}
.chart .axis{fill:#444}.chart a:hover circle{fill:#d62728}
.note{color:#555;font-size:.92em}nav ol{columns:2}
code{background:#f4f4f4;padding:0 3px;border-radius:3px}
"""


def anchor(prefix: str, value: object) -> str:
    """A fragment id for ``value``: a readable slug plus a short hash (unique, always valid)."""
    text = str(value)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
    return f"{prefix}-{slug}-{digest}" if slug else f"{prefix}-{digest}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f} %"


def _when(ts: datetime | None) -> str:
    return "" if ts is None else f"{ts:%Y-%m-%d}\u00a0{ts:%H:%M}"  # never wrapped


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = (),
           row_attrs: Iterable[str] | None = None) -> str:
    """A table of cells already made safe; ``numeric`` columns are right-aligned."""
    nums = set(numeric)
    cls = [' class="n"' if i in nums else "" for i in range(len(head))]
    out = ["<table><thead><tr>", *(f"<th{cls[i]}>{h}</th>" for i, h in enumerate(head)),
           "</tr></thead><tbody>"]
    attrs = iter(row_attrs) if row_attrs is not None else None
    for row in rows:
        extra = next(attrs) if attrs is not None else ""
        out.append(f"<tr{extra}>" + "".join(f"<td{cls[i]}>{c}</td>" for i, c in enumerate(row))
                   + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


_VT_COLS = ("w1", "w2", "w3", "w3", "w4", "w5", "w5", "")


def _violation_table(rows: Iterable[Sequence[str]]) -> str:
    """The violations of one section, with the same column widths in every section."""
    cols = "".join(f'<col class="{c}">' if c else "<col>" for c in _VT_COLS)
    return _table(["severity", "rule", "case", "customer", "when (UTC)", "observed", "limit",
                   "message"], rows).replace("<table>", f'<table class="vt">{cols}', 1)


def _violation_cells(r: dict[str, Any]) -> list[str]:
    return [_sev(r["severity"]), t(r["rule_id"]), t(r["case_id"]), t(r["customer_id"]),
            _when(r["timestamp"]), t(r["observed"] or ""), t(r["limit"] or ""),
            t(r["message"])]


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _sev(severity: str) -> str:
    return f'<span class="sev sev-{t(severity)}">{t(severity)}</span>'


def _cut(shown: int, total: int, how: str, order: str = "most severe first") -> str:
    """The note under a list cut to ``shown`` rows: how many, in what order, how to get all."""
    if total <= shown:
        return ""
    return (f'<p class="note">{shown:,} of {total:,} shown ({order}); '
            f"all of them: {how}.</p>")


class _Page:
    """The report of one result; ``sections`` holds the ids of the violation sections made,
    so a chart links only to a section that exists."""

    def __init__(self, result: Result) -> None:
        self.r = result
        v = result.violations
        self.violations = v.with_columns(
            pl.col("severity").replace_strict(_RANK, default=-1, return_dtype=pl.Int64)
            .alias("_rank"))
        self.checks = rule_checks(result)
        self.scores: dict[Dimension, pl.DataFrame] = {  # no score without cases (0/0)
            d: result.scores(d).filter(pl.col("score").is_not_nan())
            for d in ("channel", "agent", "category", "case")}
        self.sections: dict[tuple[str, str], str] = {}
        self._plan_sections()

    # ---- which violation sections exist ---------------------------------------------------

    def _by(self, dimension: str) -> pl.DataFrame:
        """The violations with the entity each one counts against in ``dimension``."""
        if dimension in ("channel", "agent"):
            return (attributed(self.r.violations, self.r.interactions, self.r.ruleset,
                               dimension)  # type: ignore[arg-type]
                    .collect().with_columns(
                        pl.col("severity").replace_strict(_RANK, default=-1,
                                                          return_dtype=pl.Int64).alias("_rank")))
        key = {"rule": "rule_id", "category": "category", "case": "case_id"}[dimension]
        return self.violations.with_columns(pl.col(key).alias("entity"))

    def _plan_sections(self) -> None:
        worst_cases = self._worst_cases()["case_id"].to_list()
        agents = self.scores["agent"].filter(pl.col("violations") > 0).head(WORST_AGENTS)
        wanted: dict[str, list[str] | None] = {
            "rule": None, "category": None, "channel": None,
            "agent": agents["agent_id"].to_list(), "case": worst_cases}
        self.frames: dict[str, pl.DataFrame] = {}
        for dimension, only in wanted.items():
            frame = self._by(dimension)
            if only is not None:
                frame = frame.filter(pl.col("entity").is_in(only))
            self.frames[dimension] = frame
            for entity in frame["entity"].unique().sort().to_list():
                self.sections[(dimension, entity)] = anchor(f"v-{dimension}", entity)

    def link(self, dimension: str, entity: str, fallback: str) -> str:
        """``#id`` of the entity's violation section, else ``fallback``."""
        found = self.sections.get((dimension, entity))
        return f"#{found}" if found else fallback

    def _worst_cases(self) -> pl.DataFrame:
        return self.scores["case"].filter(pl.col("violations") > 0).head(WORST_CASES)

    # ---- sections -------------------------------------------------------------------------

    def header(self) -> str:
        s = self.r.summary
        checks = self.checks
        failed = sum(c.status == "fail" for c in checks)
        passed = sum(c.status == "pass" for c in checks)
        na = sum(c.status == "not applicable" for c in checks)
        cards = [
            ("rows read", f"{s.rows_read:,}"), ("evaluated", f"{s.rows_evaluated:,}"),
            *([("context rows", f"{s.rows_context:,}")] if s.rows_context else []),
            ("rejected", f"{s.rows_rejected:,}"), ("cases", f"{s.cases:,}"),
            ("customers", f"{s.customers:,}"), ("violations", f"{s.violations:,}"),
            ("rules failed", str(failed)), ("rules passed", str(passed)),
            ("not applicable", str(na)),
            ("actions suggested", f"{self.r.actions.height:,}"),
            ("actions suppressed", f"{self.r.suppressed_actions.height:,}"),
        ]
        if s.waived:
            cards.append(("waived", f"{s.waived:,}"))
        extra = ""
        if s.sla_comparison:
            extra += f"<p>{t(s.sla_comparison_text() or '')}.</p>"
        if s.warnings:
            extra += ("<p>Warnings (no row was lost):</p><ul>"
                      + "".join(f"<li>{t(w)}</li>" for w in s.warnings) + "</ul>")
        return (
            f"<h1>cx-rules report: {t(s.ruleset)}@{t(s.ruleset_version)}</h1>"
            f"<p>{t(s.rows_sentence().capitalize())}; {s.cases:,} cases, "
            f"{s.customers:,} customers; "
            f"{s.violations:,} violations.</p><p>{t(s.end_of_log())}.</p>"
            '<ul class="cards">' + "".join(f"<li><b>{v}</b>{t(k)}</li>" for k, v in cards)
            + "</ul>" + extra
        )

    def severity(self) -> str:
        s = self.r.summary
        weights = {k.value: w for k, w in self.r.ruleset.scoring.weights.items()}
        v = self.violations
        cases = dict(v.group_by("severity").agg(pl.col("case_id").n_unique()).iter_rows())
        total = max(s.violations, 1)
        rows, attrs = [], []
        for sev in SEVERITIES:
            n = s.by_severity.get(sev, 0)
            rows.append([_sev(sev), svg._num(float(weights.get(sev, 0.0))), f"{n:,}",
                         f"{cases.get(sev, 0):,}", _pct(n / total if s.violations else None)])
            attrs.append("" if n else ' class="zero"')
        by_sev = _table(["severity", "points per violation", "violations", "cases affected",
                         "share"], rows, numeric=(1, 2, 3, 4), row_attrs=attrs)
        matrix = {(c, sv): n for c, sv, n in
                  v.group_by("category", "severity").len().iter_rows()}
        categories = sorted({c.category for c in self.checks} | {c for c, _ in matrix},
                            key=lambda c: (-s.by_category.get(c, 0), c))
        cat_rows = []
        for cat in categories:
            n = s.by_category.get(cat, 0)
            name = (f'<a href="{self.link("category", cat, "")}">{t(cat)}</a>' if n
                    else t(cat))
            cat_rows.append([name, *(f"{matrix.get((cat, sv), 0):,}" for sv in SEVERITIES),
                             f"{n:,}"])
        by_cat = _table(["category", *SEVERITIES, "total"], cat_rows,
                        numeric=range(1, len(SEVERITIES) + 2))
        return ('<h2 id="severity">Violations by severity</h2>' + by_sev
                + '<p class="note">Points: what one violation costs a score '
                  "(the ruleset's scoring weights).</p>"
                  "<h3>By category and severity</h3>" + by_cat)

    def rules(self) -> str:
        waived = any(c.waived for c in self.checks)
        order = {"fail": 0, "pass": 1, "not applicable": 2}
        checks = sorted(self.checks, key=lambda c: (order[c.status], -_RANK[c.severity],
                                                    -c.violations, c.rule_id))
        rows = []
        for c in checks:
            rid = (f'<a href="{self.link("rule", c.rule_id, "")}">{t(c.rule_id)}</a>'
                   if c.violations else t(c.rule_id))
            status = {"fail": '<span class="st-fail">fail</span>',
                      "pass": '<span class="st-pass">pass</span>',
                      "not applicable": '<span class="st-na">not applicable</span>'}[c.status]
            note = t(c.reason) if c.reason else t(c.description)
            row = [rid, t(c.kind), t(c.category), _sev(c.severity),
                   "—" if c.cases_checked is None else f"{c.cases_checked:,}",
                   f"{c.cases_failed:,}", f"{c.violations:,}", _pct(c.pass_rate), status]
            if waived:
                row.append(f"{c.waived:,}")
            rows.append([*row, note])
        head = ["rule", "kind", "category", "severity", "cases checked", "cases failed",
                "violations", "pass rate", "status", *(["waived"] if waived else []), "note"]
        counts = {k: sum(c.status == k for c in self.checks) for k in order}
        return (
            '<h2 id="rules">Rules: pass, fail, not applicable</h2>'
            f"<p>{len(self.checks)} enabled rules: {counts['fail']} failed, {counts['pass']} "
            f"passed, {counts['not applicable']} not applicable.</p>"
            + _table(head, rows, numeric=(4, 5, 6, 7, *((9,) if waived else ())),
                     row_attrs=(f' id="{anchor("rule", c.rule_id)}"' for c in checks))
            + '<p class="note">Cases checked: the cases the rule could find something in '
              "(its <code>where</code>, and the channels its kind needs). Pass rate: checked "
              "cases with no violation of the rule. Fail: at least one violation. Not "
              "applicable: the log cannot feed the rule, or has no case it could check, so "
              "it says nothing either way (the note says why).</p>"
        )

    def _dots(self, dimension: Dimension, key: str, table: pl.DataFrame) -> str:
        points = [svg.Point(
            label=t(row[key] if len(str(row[key])) <= 24 else str(row[key])[:23] + "…"),
            value=float(row["score"]),
            href=self.link(dimension, row[key], f"#{anchor('agent', row[key])}"
                           if dimension == "agent" else "#violations"),
            tip=t(f"{row[key]}: score {row['score']:.1f}, {row['cases']} cases, "
                  f"{row['violations']} violations, {row['points_lost']:.0f} points lost"))
            for row in table.iter_rows(named=True)]
        return svg.dot_plot(points) if points else '<p class="note">No data.</p>'

    def score_charts(self) -> str:
        channel = self.scores["channel"]
        category = self.scores["category"]
        agents = self.scores["agent"]
        worst = agents.head(WORST_AGENTS)
        more = _cut(MAX_DOTS, channel.height, "<code>cx-rules score LOG --by channel</code>")
        tiles = [svg.Point(
            label="", value=float(row["score"]),
            href=self.link("agent", row["agent_id"], f"#{anchor('agent', row['agent_id'])}"),
            tip=t(f"{row['agent_id']}: score {row['score']:.1f}, {row['cases']} cases, "
                  f"{row['violations']} violations"))
            for row in agents.head(MAX_TILES).iter_rows(named=True)]
        return (
            '<h2 id="scores">Expectation scores</h2>'
            '<p class="note">100 minus the points lost per case handled. Each chart\'s axis '
            "spans its own data (it says so); a dot links to the violations behind it.</p>"
            '<div class="grid"><figure id="chart-channel"><figcaption>By channel'
            "</figcaption>" + self._dots("channel", "channel", channel.head(MAX_DOTS)) + more
            + '</figure><figure id="chart-category"><figcaption>By category</figcaption>'
            + self._dots("category", "category", category) + "</figure></div>"
            + f'<figure id="chart-agent"><figcaption>The {worst.height} lowest-scoring of '
              f"{agents.height} agents</figcaption>"
            + self._dots("agent", "agent_id", worst) + "</figure>"
            + '<figure id="chart-agent-grid"><figcaption>Every agent, lowest score first '
              f"({len(tiles)} of {agents.height}; hover for the score)</figcaption>"
            + svg.tile_grid(tiles) + "</figure>" + self._agent_table(agents)
        )

    def _agent_table(self, agents: pl.DataFrame) -> str:
        shown = agents.head(MAX_TILES)
        rows = []
        for row in shown.iter_rows(named=True):
            n = row["violations"]
            link = self.sections.get(("agent", row["agent_id"]))
            rows.append([t(row["agent_id"]), f"{row['cases']:,}",
                         f'<a href="#{link}">{n:,}</a>' if link else f"{n:,}",
                         f"{row['points_lost']:.0f}", f"{row['score']:.1f}"])
        return (
            '<details id="agents"><summary>All agents as a table</summary>'
            + _table(["agent", "cases", "violations", "points lost", "score"], rows,
                     numeric=(1, 2, 3, 4),
                     row_attrs=(f' id="{anchor("agent", a)}"' for a in shown["agent_id"]))
            + _cut(shown.height, agents.height, "<code>cx-rules score LOG --by agent</code>")
            + '<p class="note">Violations are listed for the lowest-scoring agents; for any '
              "agent: <code>cx-rules score LOG --by agent --explain AGENT</code>.</p>"
            "</details>"
        )

    def trend(self) -> str:
        v = self.r.violations
        if v.is_empty():
            return '<h2 id="trend">Violations over time</h2><p>No violations.</p>'
        first = v["timestamp"].min()
        last = v["timestamp"].max()
        assert isinstance(first, datetime) and isinstance(last, datetime)
        days = (last.date() - first.date()).days + 1
        weekly = days > 62
        unit = "week" if weekly else "day"
        start = first.date() - timedelta(days=first.weekday() if weekly else 0)
        width = 7 if weekly else 1
        bins = (days + (first.date() - start).days + width - 1) // width
        binned = v.with_columns(
            ((pl.col("timestamp").dt.date() - pl.lit(start)).dt.total_days() // width)
            .alias("bin")).group_by("category", "bin").len()
        counts: dict[str, list[int]] = {}
        for cat, b, n in binned.iter_rows():
            counts.setdefault(cat, [0] * bins)[b] = n
        scale = max((max(c) for c in counts.values()), default=0)
        last_bin = start + timedelta(days=(bins - 1) * width)
        figures = []
        for cat in sorted(counts, key=lambda c: (-sum(counts[c]), c)):
            figures.append(
                f'<figure><figcaption><a href="{self.link("category", cat, "#violations")}">'
                f"{t(cat)}</a>: {sum(counts[cat]):,}</figcaption>"
                + svg.columns(counts[cat], scale, f"{start:%b %d}", f"{last_bin:%b %d}")
                + "</figure>")
        return ('<h2 id="trend">Violations over time</h2>'
                f'<p class="note">One chart per category, violations per {unit}, all on the '
                f"same scale (the tallest column is {scale:,}).</p>"
                '<div class="grid">' + "".join(figures) + "</div>")

    def worst_cases(self) -> str:
        worst = self._worst_cases()
        if worst.is_empty():
            return ""
        cases = worst["case_id"].to_list()
        events_all = self.r.interactions.filter(pl.col("case_id").is_in(cases))
        hits_all = self.r.violations.filter(pl.col("case_id").is_in(cases))
        parts = []
        for case, score in zip(cases, worst["score"].to_list(), strict=True):
            events = events_all.filter(pl.col("case_id") == case).sort("timestamp")
            hits = hits_all.filter(pl.col("case_id") == case)
            start = events["timestamp"].min() if events.height else hits["timestamp"].min()
            assert isinstance(start, datetime)
            marks = [svg.Mark((e["timestamp"] - start).total_seconds(),
                              0 if e["direction"] == "inbound" else 1, "#555",
                              t(f"{_when(e['timestamp'])} {e['direction']} · {e['actor']} · "
                                f"{e['channel']}"))
                     for e in events.iter_rows(named=True)]
            marks += [svg.Mark(max(0.0, (h["timestamp"] - start).total_seconds()), 2,
                               svg.SEVERITY_COLOUR.get(h["severity"], "#000"),
                               t(f"{_when(h['timestamp'])} {h['rule_id']} "
                                 f"[{h['severity']}]: {h['message']}"))
                      for h in hits.iter_rows(named=True)]
            span = max((m.seconds for m in marks), default=0.0)
            parts.append(
                f'<figure><figcaption><a href="{self.link("case", case, "#violations")}">'
                f"case {t(case)}</a>: score {score:.0f}, {_count(hits.height, 'violation')}, "
                f"{_count(events.height, 'event')}</figcaption>"
                + svg.timeline(marks, f"+{_duration(span)} ({_when(start)} UTC start)")
                + "</figure>")
        return ('<h2 id="worst-cases">Worst cases</h2><p class="note">The lowest-scoring '
                "cases; hover a mark for the event or the violation.</p>"
                '<div class="grid">' + "".join(parts) + "</div>")

    def actions(self) -> str:
        suggested, suppressed = self.r.actions, self.r.suppressed_actions
        out = ['<h2 id="actions">Next-best actions</h2>'
               f"<p>{suggested.height:,} suggested, {suppressed.height:,} suppressed by the "
               "contact policy.</p>"]
        head = ["action", "customer", "case", "channel", "purpose", "priority", "because of",
                "created", "expires"]

        def cells(row: dict[str, Any]) -> list[str]:
            return [t(row["action_id"]), t(row["customer_id"]), t(row["case_id"] or ""),
                    t(row["channel"] or ""), t(row["purpose"] or ""), str(row["priority"]),
                    t(", ".join(row["reason_rule_ids"] or [])), _when(row["created_at"]),
                    _when(row["expires_at"])]

        out.append('<h3 id="actions-suggested">Suggested</h3>')
        if suggested.height:
            counts = suggested.group_by("action_id").len().sort(["len", "action_id"],
                                                                descending=[True, False])
            out.append(_table(["action", "suggested"],
                              ([t(a), f"{n:,}"] for a, n in counts.iter_rows()), numeric=(1,)))
            top = suggested.sort(["priority", "created_at"], descending=[True, False],
                                 nulls_last=True).head(ACTION_ROWS)
            out.append(_table(head, (cells(r) for r in top.iter_rows(named=True)),
                              numeric=(5,)))
            out.append(_cut(top.height, suggested.height,
                            "<code>cx-rules suggest LOG --format csv</code>",
                            "highest priority first"))
        else:
            out.append("<p>None.</p>")
        out.append('<h3 id="actions-suppressed">Suppressed, with the reason</h3>')
        if suppressed.height:
            reasons = suppressed.group_by("suppressed_reason").len().sort(
                ["len", "suppressed_reason"], descending=[True, False])
            out.append(_table(["reason", "suppressed"],
                              ([t(a), f"{n:,}"] for a, n in reasons.iter_rows()),
                              numeric=(1,)))
            top = suppressed.sort(["priority", "created_at"], descending=[True, False],
                                  nulls_last=True).head(ACTION_ROWS)
            out.append(_table([*head, "reason"],
                              ([*cells(r), t(r["suppressed_reason"] or "")]
                               for r in top.iter_rows(named=True)), numeric=(5,)))
            out.append(_cut(top.height, suppressed.height,
                            "<code>cx-rules suggest LOG --show-suppressed --format csv</code>",
                            "highest priority first"))
        else:
            out.append("<p>None.</p>")
        return "".join(out)

    def violation_sections(self) -> str:
        titles = {"rule": "By rule", "category": "By category", "channel": "By channel",
                  "agent": f"By agent (the {WORST_AGENTS} lowest-scoring)",
                  "case": "Worst cases"}
        how = {"rule": "<code>cx-rules lint LOG --select {e} --format csv</code>",
               "category": "<code>cx-rules lint LOG --select {e} --format csv</code>",
               "channel": "<code>cx-rules score LOG --by channel --explain {e}</code>",
               "agent": "<code>cx-rules score LOG --by agent --explain {e}</code>",
               "case": "<code>cx-rules score LOG --by case --explain {e}</code>"}
        out = ['<h2 id="violations">Violations behind the charts</h2>'
               '<p class="note">Most severe first, then by time. A violation with events of '
               "several agents is listed under each of them.</p>"]
        for dimension, title in titles.items():
            frame = self.frames[dimension]
            if frame.is_empty():
                continue
            out.append(f"<h3>{title}</h3>")
            totals = frame.group_by("entity").len()
            order = sorted(totals.iter_rows(), key=lambda en: (-en[1], str(en[0])))
            if dimension in ("agent", "case"):  # the order of their charts: worst first
                scored = (self.scores["agent"]["agent_id"] if dimension == "agent"
                          else self.scores["case"]["case_id"])
                rank = {e: i for i, e in enumerate(scored.to_list())}
                order = sorted(order, key=lambda en: rank.get(en[0], len(rank)))
            limit = SECTION_ROWS[dimension]
            top = (frame.sort(["_rank", "timestamp"], descending=[True, False])
                   .group_by("entity", maintain_order=True).head(limit))
            for entity, total in order:
                rows = top.filter(pl.col("entity") == entity)
                out.append(
                    f'<section id="{self.sections[(dimension, entity)]}"><h4>'
                    f"{t(dimension)} {t(entity)}: {_count(total, 'violation')}</h4>"
                    + _violation_table(_violation_cells(r) for r in rows.iter_rows(named=True))
                    + _cut(rows.height, total, how[dimension].format(e=t(entity)))
                    + "</section>")
        if len(out) == 2:
            out.append("<p>No violations.</p>")
        return "".join(out)

    def rejects(self) -> str:
        rejects = self.r.rejects
        if rejects.is_empty():
            return ""
        reasons = rejects.group_by("reason").len().sort(["len", "reason"],
                                                         descending=[True, False])
        return ('<h2 id="rejects">Rejected rows</h2>'
                + _table(["reason", "rows"], ([t(r), f"{n:,}"] for r, n in
                                               reasons.head(30).iter_rows()), numeric=(1,))
                + '<p class="note">Every rejected row with its file and line: '
                  "<code>cx-rules lint LOG --rejects FILE</code>.</p>")

    def render(self) -> str:
        body = [self.header(), self.severity(), self.rules(), self.score_charts(),
                self.trend(), self.worst_cases(), self.actions(), self.violation_sections(),
                self.rejects()]
        toc = [("severity", "Violations by severity"), ("rules", "Rules: pass/fail"),
               ("scores", "Expectation scores"), ("trend", "Violations over time")]
        if body[5]:
            toc.append(("worst-cases", "Worst cases"))
        toc += [("actions", "Next-best actions"), ("violations", "Violations behind the charts")]
        if body[8]:
            toc.append(("rejects", "Rejected rows"))
        nav = ("<nav><ol>" + "".join(f'<li><a href="#{i}">{n}</a></li>' for i, n in toc)
               + "</ol></nav>")
        title = t(self.r.ruleset.label)
        return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                '<meta name="viewport" content="width=device-width,initial-scale=1">'
                f"<title>cx-rules report: {title}</title><style>{_CSS}</style></head><body>"
                + body[0] + nav + "".join(body[1:]) + "</body></html>\n")


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 120:
        return f"{minutes}m"
    hours = minutes // 60
    return f"{hours}h" if hours < 72 else f"{hours // 24}d {hours % 24}h"


def render_html(result: Result) -> str:
    """The report as one HTML document (no script, no external resource)."""
    return _Page(result).render()


def write_html(result: Result, path: Path) -> None:
    """Write the report to ``path`` as one self-contained HTML file."""
    path.write_text(render_html(result), encoding="utf-8")


__all__ = ["SEVERITIES", "anchor", "render_html", "write_html"]
