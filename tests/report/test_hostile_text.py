"""Text from the input cannot reach terminals, CI logs or spreadsheets as anything but text."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cx_rules import evaluate
from cx_rules.cli.tables import write_frame
from cx_rules.report import REPORTERS
from cx_rules.report.html import render_html
from cx_rules.report.safe import formula_safe, html_text, visible
from cx_rules.ruleset.load import parse_ruleset_text

RULES = parse_ruleset_text(
    "ruleset: hostile\nversion: 1.0.0\nrules:\n"
    "  - id: same-facts\n    kind: consistency\n    category: consistency\n"
    "    params: {scope: case}\n"
    "  - id: slow\n    kind: response_time\n    category: speed\n"
    "    params: {metric: first_reply, limit: 1m}\n", "<hostile>")
BASE = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NASTY = ["::add-mask::secret", "\x1b]0;owned\x07", "\x1b[2J", "=HYPERLINK(\"x\")", "+1-2",
         "@SUM(A1)", "line\nbreak::set-output name=x::y", "[bold red]styled[/]", "\u202eevil"]


def log(value: str) -> list[dict[str, Any]]:
    case = f"c-{value}"
    def row(i: int, minutes: float, direction: str, actor: str, claim: str) -> dict[str, Any]:
        return {"interaction_id": f"i{i}", "case_id": case, "customer_id": f"u-{value}",
                "timestamp": BASE + timedelta(minutes=minutes), "channel": "chat",
                "direction": direction, "actor": actor, "agent_id": value, "text": value,
                "claims": {"price": claim}}
    return [row(1, 0, "inbound", "customer", "10"), row(2, 5, "outbound", "agent", value),
            row(3, 6, "outbound", "agent", value + "x")]


def outputs(value: str) -> dict[str, str]:
    result = evaluate(log(value), RULES)
    assert result.violations.height >= 1
    out = {}
    for name, reporter in REPORTERS.items():
        buffer = io.StringIO()
        reporter(result, buffer)
        out[name] = buffer.getvalue()
    return out


def no_control_and_no_command(text: str, *, github: bool = False) -> None:
    assert not CONTROL.search(text), repr(CONTROL.search(text))
    for line in text.splitlines():
        if github and re.match(r"::(error|warning|notice) ", line):
            body = line.split("::", 2)[2]
            assert "::" not in body
            continue
        assert "::" not in line, line


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(NASTY) | st.text(min_size=1, max_size=12))
@example("::error file=x::boom")
def test_every_reporter_keeps_hostile_text_inert(value: str) -> None:
    found = outputs(value)
    no_control_and_no_command(found["text"])
    no_control_and_no_command(found["github"], github=True)
    json.loads(found["json"])
    for line in found["jsonl"].splitlines():
        json.loads(line)
    json.loads(found["sarif"])
    ET.fromstring(found["junit"])
    no_control_and_no_command(found["tap"])  # TAP is read in CI logs too
    assert json.loads(found["gitlab"])
    cells = [c for r in csv.reader(io.StringIO(found["csv"])) for c in r]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_hostile_value_is_shown_not_obeyed() -> None:
    text = outputs("\x1b[2J::add-mask::x[red]y[/]")["text"]
    assert "c-\\x1b[2J:\\x3aadd-mask:\\x3ax[red]y[/]" in text


@given(st.text(max_size=8))
def test_visible_only_adds_escapes(value: str) -> None:
    shown = visible(value)
    assert not CONTROL.search(shown) and "\n" not in shown and "::" not in shown
    if not CONTROL.search(value) and "\n" not in value and "::" not in value:
        assert shown == value


def test_csv_cells_cannot_be_formulas(tmp_path: Any) -> None:
    frame = pl.DataFrame({"entity": [*NASTY, "plain", "-"], "score": list(range(11))})
    target = tmp_path / "scores.csv"
    write_frame(frame, "csv", target, io.StringIO())
    cells = pl.read_csv(target)["entity"].to_list()
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert "'=HYPERLINK(\"x\")" in cells and "plain" in cells
    assert formula_safe(pl.DataFrame({"n": [1]})).equals(pl.DataFrame({"n": [1]}))


HTML_NASTY = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
              "</style><script>x</script>", "' onmouseover='alert(1)", "<svg onload=alert(1)>",
              "</title></text><a href=\"https://evil.example\">x</a>", "&lt;b&gt;", "\u202eevil"]
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p",
             "ul", "ol", "li", "b", "nav", "a", "table", "thead", "tbody", "tr", "th", "td",
             "col", "span", "code", "div", "figure", "figcaption", "details", "summary",
             "section", "svg", "line", "text", "circle", "rect", "path", "g"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        self.hrefs.update(v or "" for name, v in attrs if name == "href")


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(HTML_NASTY + NASTY) | st.text(min_size=1, max_size=12))
@example("<script>alert(1)</script>")
def test_html_report_shows_hostile_text_as_text(value: str) -> None:
    page = render_html(evaluate(log(value), RULES))
    assert "<script" not in page.lower()
    parsed = _Tags()
    parsed.feed(page)
    assert parsed.tags <= HTML_TAGS, parsed.tags - HTML_TAGS
    assert not [a for a in parsed.attributes if a.startswith("on")]
    assert all(h.startswith("#") for h in parsed.hrefs)
    assert not CONTROL.search(page.replace("\n", ""))
    assert f"<td>{html_text(f'c-{value}')}</td>" in page  # the case id, shown as text
