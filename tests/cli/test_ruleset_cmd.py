"""`cx-rules ruleset validate|test|diff|list` and the version policy."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cx_rules.cli import cli

BASE = """\
ruleset: demo
version: {version}
rules:
  - id: first-reply-chat
    kind: response_time
    category: speed
    severity: error
    description: Chat is answered fast.
    params: {{metric: first_reply, channels: [chat], limit: {limit}}}
{extra}tests:
  - name: late chat
    interactions:
      - {{interaction_id: t1, case_id: c1, customer_id: u1, timestamp: "2026-03-02T10:00:00Z", channel: chat, direction: inbound, actor: customer}}
      - {{interaction_id: t2, case_id: c1, customer_id: u1, timestamp: "2026-03-02T10:09:00Z", channel: chat, direction: outbound, actor: agent}}
    expect:
      violations: [{{rule: first-reply-chat, case_id: c1}}]
"""
LOG = """\
interaction_id,case_id,customer_id,timestamp,channel,direction,actor
i1,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer
i2,c1,u1,2026-03-02T10:01:30Z,chat,outbound,agent
i3,c2,u2,2026-03-02T10:00:00Z,chat,inbound,customer
i4,c2,u2,2026-03-02T10:09:00Z,chat,outbound,agent
"""
EMAIL_RULE = """\
  - id: first-reply-email
    kind: response_time
    category: speed
    params: {metric: first_reply, channels: [email], limit: 8h}
"""


def write(folder: Path, version: str = "1.0.0", limit: str = "2m", extra: str = "") -> Path:
    path = folder / "rulesets" / "demo" / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BASE.format(version=version, limit=limit, extra=extra))
    return path


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def test_validate_good_and_bad(tmp_path: Path) -> None:
    good = write(tmp_path)
    code, out = invoke("ruleset", "validate", good)
    assert code == 0 and f"ok: {good} (1 rules)" in out
    bad = write(tmp_path, "1.0.1", limit="fast")
    code, out = invoke("ruleset", "validate", bad)
    assert code == 2
    assert f"{bad}:9: rules[0].params.limit: 'fast' is not a duration" in out
    business = write(tmp_path, "1.0.2", extra="").read_text().replace(
        "limit: 2m}", "limit: 2m, hours: business}")
    path = tmp_path / "rulesets/demo/1.0.2.yaml"
    path.write_text(business)
    code, out = invoke("ruleset", "validate", path)
    assert code == 2 and "hours: business needs a ruleset calendar" in out


def test_ruleset_test_runner_output(tmp_path: Path) -> None:
    code, out = invoke("ruleset", "test", write(tmp_path))
    assert code == 0
    assert out.splitlines()[-1] == "1 passed, 0 failed"
    assert "PASS demo@1.0.0 :: late chat" in out
    broken = write(tmp_path, "1.0.1", limit="1h")  # the late chat is no longer late
    code, out = invoke("ruleset", "test", broken)
    assert code == 1
    assert "expected a violation of first-reply-chat in case c1, got none" in out
    assert out.splitlines()[-1] == "0 passed, 1 failed"


def test_coverage_names_the_rules_no_test_makes_fire(tmp_path: Path) -> None:
    path = write(tmp_path, extra=EMAIL_RULE)
    code, out = invoke("ruleset", "test", path)
    assert code == 0
    assert ("coverage demo@1.0.0: 1 of 2 rules (50%) expected to fire by a test; no test: "
            "first-reply-email") in out
    code, out = invoke("ruleset", "test", path, "--min-coverage", "50")
    assert code == 0
    code, out = invoke("ruleset", "test", path, "--min-coverage", "75")
    assert code == 1
    assert "error: coverage of demo@1.0.0 is 50%, below --min-coverage 75%" in out
    code, out = invoke("ruleset", "test", path, "--format", "json", "--min-coverage", "75")
    assert code == 1  # the gate holds in every format


def test_an_empty_suite_is_not_a_success(tmp_path: Path) -> None:
    path = write(tmp_path)
    path.write_text(path.read_text().split("tests:")[0])
    code, out = invoke("ruleset", "test", path)
    assert code == 1
    assert "has no tests: an empty suite proves nothing" in out
    assert "0 passed, 0 failed" in out


def test_shipped_rulesets_listed_and_tested() -> None:
    code, out = invoke("ruleset", "list")
    assert code == 0 and "cx-baseline" in out and "1.0.0" in out
    code, out = invoke("ruleset", "test", "cx-baseline@1.0.0")
    assert code == 0, out
    assert out.splitlines()[-1].endswith("passed, 0 failed")


@pytest.mark.parametrize(("limit", "extra", "version", "ok", "needs"), [
    ("1m", "", "1.0.1", False, "major"),   # stricter limit with a patch bump
    ("1m", "", "2.0.0", True, "major"),
    ("5m", "", "1.0.1", False, "minor"),   # looser limit needs minor
    ("5m", "", "1.1.0", True, "minor"),
    ("2m", EMAIL_RULE, "1.1.0", True, "minor"),  # an added rule
    ("2m", "", "1.0.0", True, None),        # nothing changed
])
def test_diff_version_policy(tmp_path: Path, limit: str, extra: str, version: str, ok: bool,
                             needs: str | None) -> None:
    old = write(tmp_path)
    new_dir = tmp_path / "new"
    new = write(new_dir, version, limit=limit, extra=extra)
    code, out = invoke("ruleset", "diff", old, new)
    assert (code == 0) is ok, out
    assert f"required bump: {needs or 'none'}" in out


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
                        "HOME": str(cwd), "PATH": "/usr/bin:/bin:/usr/local/bin"})


def test_diff_against_git_history_with_impact(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    path = repo / "rules.yaml"
    path.write_text(BASE.format(version="1.0.0", limit="5m", extra=""))
    log = repo / "sample.csv"
    log.write_text(LOG)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    # a stricter limit with only a patch bump: must fail, and show the newly flagged case
    path.write_text(BASE.format(version="1.0.1", limit="1m", extra=""))
    code, out = invoke("ruleset", "diff", path, "--against", "HEAD", "--log", log)
    assert code == 1
    assert "rule first-reply-chat: limit 5m → 1m is stricter" in out
    assert "newly flagged: first-reply-chat case c1" in out
    assert "a major bump (2.0.0) is required" in out
    path.write_text(BASE.format(version="2.0.0", limit="1m", extra=""))
    code, out = invoke("ruleset", "diff", path, "--against", "HEAD", "--log", log)
    assert code == 0, out
    code, out = invoke("ruleset", "diff", path, "--against", "no-such-ref")
    assert code == 2 and "cannot read" in out
