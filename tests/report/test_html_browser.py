"""The HTML report in a real browser: headless Chromium renders the shipped sample's report
with no console error, no page error and no request beyond the file itself.

It drives the system Chromium (Debian's ``chromium`` package, ``/usr/bin/chromium``) through
playwright's bundled driver; no browser is downloaded. It skips only when no Chromium is
installed (``.ci/run`` installs one).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cx_rules import evaluate, load_ruleset
from cx_rules.report.html import SEVERITIES, write_html

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [  # as root, on a network that answers nothing: without these it hangs or refuses
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh, empty user data dir
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport=VIEWPORT, timeout=60_000)
        try:
            yield context
        finally:
            context.close()


def test_report_renders_in_chromium_without_errors(browser: Any, tmp_path: Path) -> None:
    result = evaluate(str(ROOT / "examples" / "sample_log.csv"), load_ruleset("cx-baseline"),
                      customers=str(ROOT / "examples" / "customers.csv"))
    report = tmp_path / "report.html"
    write_html(result, report)

    page = browser.new_page()
    console: list[tuple[str, str]] = []
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri(), wait_until="load")

    assert not errors
    assert not [m for m in console if m[0] in ("error", "warning")], console
    assert requests == [report.as_uri()]  # self-contained: nothing else is fetched

    shot = tmp_path / "report.png"  # the first screen, readable at full size
    page.screenshot(path=str(shot))
    page.screenshot(path=str(tmp_path / "report-full.png"), full_page=True)
    blank = browser.new_page()
    blank.set_content("<!DOCTYPE html><html><body></body></html>")
    empty = tmp_path / "blank.png"
    blank.screenshot(path=str(empty))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10 * empty.stat().st_size

    dom = page.evaluate("""() => {
        const rows = sel => document.querySelectorAll(sel).length;
        const text = sel => [...document.querySelectorAll(sel)].map(e => e.textContent.trim());
        const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
        const box = sel => document.querySelector(sel).getBoundingClientRect();
        return {
            ruleRows: rows('#rules ~ table tbody tr[id^="rule-"]'),
            severities: text('#severity + table tbody tr td:first-child'),
            sections: [...document.querySelectorAll('h2[id]')].map(h => h.id),
            charts: rows('svg.chart'),
            channelChart: box('#chart-channel svg').width,
            dots: rows('#chart-channel circle'),
            brokenLinks: links.filter(h => !h.startsWith('#')
                                        || !document.getElementById(h.slice(1))),
            height: document.body.scrollHeight,
        };
    }""")
    assert dom["ruleRows"] == len(result.ruleset.enabled_rules)
    assert dom["severities"] == list(SEVERITIES)
    assert {"severity", "rules", "scores", "trend", "worst-cases", "actions",
            "violations"} <= set(dom["sections"])
    assert dom["charts"] >= 8 and dom["channelChart"] > 300
    assert dom["dots"] == result.scores("channel").height
    assert dom["brokenLinks"] == []
    assert dom["height"] > 3 * VIEWPORT["height"]

    page.click("#chart-channel a circle")  # a dot is a link to the violations behind it
    assert page.evaluate("location.hash").startswith("#v-channel-")
    assert page.evaluate("window.scrollY") > 0
