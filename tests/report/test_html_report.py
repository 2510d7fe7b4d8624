"""The HTML report is one self-contained file with the charts and the worst cases."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cx_rules.cli import cli
from tests.cli.test_cli import files


def test_report_is_self_contained(tmp_path: Path) -> None:
    rs, log = files(tmp_path)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(log), "-r", str(rs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)  # nothing fetched from a CDN
    assert "Plotly.newPlot" in page
    assert "Expectation score by channel" in page and "Expectation score by agent" in page
    assert "Violations by category over time" in page
    assert "case c1: score 85" in page  # the worst case's timeline
    assert "rows read 5".lower() in page.lower()
