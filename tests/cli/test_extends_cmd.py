"""The CLI with composed rulesets (``extends:``): lint, validate, test, diff, explain, rule list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cx_rules.cli import cli
from tests.cli.test_ruleset_cmd import BASE, LOG, git

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"
CUSTOMERS = ROOT / "examples" / "customers.csv"
ACME = ROOT / "rulesets" / "acme-support" / "1.0.0.yaml"


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def violations(*args: str | Path) -> list[dict[str, str]]:
    code, out = invoke("lint", SAMPLE, "-c", CUSTOMERS, "--format", "json", "--fail-on",
                       "none", *args)
    assert code == 0, out
    found: list[dict[str, str]] = json.loads(out)["violations"]
    return found


def test_lint_with_the_composed_ruleset() -> None:
    base = violations("-r", "cx-baseline@2.1.0")
    acme = violations("-r", ACME)
    assert {v["ruleset"] for v in acme} == {"acme-support"}
    assert "channel-switch" in {v["rule_id"] for v in base}
    assert "channel-switch" not in {v["rule_id"] for v in acme}  # disabled by the child
    assert {v["severity"] for v in acme if v["rule_id"] == "first-reply-chat"} == {"critical"}
    inherited = {(v["rule_id"], v["case_id"]) for v in base
                 if v["rule_id"] not in ("channel-switch", "first-reply-chat")}
    assert inherited <= {(v["rule_id"], v["case_id"]) for v in acme}
    # select and ignore see the resolved rules, the added one included
    code, out = invoke("lint", SAMPLE, "-c", CUSTOMERS, "-r", ACME, "--select",
                       "never-ask-for-password,speed", "--ignore", "first-reply-email",
                       "--format", "json", "--fail-on", "none")
    assert code == 0, out
    assert {v["rule_id"] for v in json.loads(out)["violations"]} == {"first-reply-chat"}
    code, out = invoke("lint", SAMPLE, "-c", CUSTOMERS, "-r", "acme-support", "--format",
                       "sarif", "--fail-on", "none")
    assert code == 0 and "never-ask-for-password" in out


def test_validate_and_test_the_shipped_composed_ruleset() -> None:
    code, out = invoke("ruleset", "validate", ACME)
    assert code == 0 and f"ok: {ACME} (22 rules)" in out
    assert f"{ACME}:24: warning: rule channel-switch is disabled" in out
    # a warning about an inherited rule is at the parent's file
    assert "cx-baseline/2.1.0.yaml:32: warning: rule first-reply-social" in out
    code, out = invoke("ruleset", "test", ACME)
    assert code == 0 and out.splitlines()[-1] == "4 passed, 0 failed"
    code, out = invoke("ruleset", "test", "--parent-tests", ACME)
    assert code == 0 and out.splitlines()[-1] == "11 passed, 0 failed"
    assert "PASS acme-support@1.0.0 :: late chat reply is flagged (from cx-baseline@2.1.0)" in out


def test_rule_list_and_explain_show_where_rules_come_from() -> None:
    code, out = invoke("rule", "list", "-r", ACME)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "acme-support@1.0.0 extends cx-baseline@2.1.0"
    row = {line.split()[0]: line for line in lines[1:]}
    assert " critical overridden " in row["first-reply-chat"]
    assert " inherited " in row["promises-kept"]
    assert " added " in row["never-ask-for-password"]
    assert row["channel-switch"].endswith("(disabled)")
    code, out = invoke("rule", "list", "-r", ACME, "--format", "json")
    rules = {r["id"]: r for r in json.loads(out)["rules"]}
    assert rules["first-reply-chat"]["source"] == str(ACME)
    assert rules["promises-kept"]["source"].endswith("cx-baseline/2.1.0.yaml")
    code, out = invoke("explain", "first-reply-chat", "-r", ACME)
    assert code == 0
    assert f"acme-support@1.0.0, {ACME}:16" in out
    assert ("Overridden (severity, description, params.limit) from cx-baseline@2.1.0."
            in out)
    assert '"limit": "1m30s"' in out


def write_pair(folder: Path, loop: bool) -> tuple[Path, Path]:
    a = folder / "a.yaml"
    b = folder / "b.yaml"
    a.write_text("ruleset: a\nversion: 1.0.0\nextends: b.yaml\n")
    b.write_text("ruleset: b\nversion: 1.0.0\n# a comment\nextends: a.yaml\n" if loop
                 else BASE.format(version="1.0.0", limit="2m", extra="").replace(
                     "ruleset: demo", "ruleset: b"))
    return a, b


@pytest.mark.parametrize("command", [
    ("lint", "{log}", "-r", "{a}"), ("ruleset", "validate", "{a}"), ("ruleset", "test", "{a}"),
    ("ruleset", "diff", "{a}", "{a}"), ("rule", "list", "-r", "{a}"),
    ("explain", "first-reply-chat", "-r", "{a}"), ("score", "{log}", "-r", "{a}"),
])
def test_a_circular_extends_exits_2_with_file_and_line(tmp_path: Path,
                                                       command: tuple[str, ...]) -> None:
    a, b = write_pair(tmp_path, loop=True)
    log = tmp_path / "log.csv"
    log.write_text(LOG)
    code, out = invoke(*(part.format(a=a, log=log) for part in command))
    assert code == 2
    assert f"{b}:4: extends: circular extends: {a} → {b} → {a}" in out


def test_a_missing_parent_exits_2_at_the_extends_line(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("ruleset: c\nversion: 1.0.0\n\nextends: cx-baselin@2.1.0\n")
    code, out = invoke("ruleset", "validate", path)
    assert code == 2 and f"{path}:4: extends: cx-baselin@2.1.0: no ruleset of that name" in out


def test_an_unpinned_extends_warns(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("ruleset: c\nversion: 1.0.0\nextends: cx-baseline\n")
    code, out = invoke("ruleset", "validate", path)
    assert code == 0
    from cx_rules import load_ruleset

    newest = load_ruleset("cx-baseline").version
    assert (f"{path}:3: warning: extends: cx-baseline names no version: a new release of "
            "cx-baseline would change this ruleset while its version stays; pin one "
            f"(cx-baseline@{newest})") in out


def test_diff_of_a_child_whose_parent_was_bumped(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for version, limit in (("1.0.0", "2m"), ("2.0.0", "1m")):
        path = tmp_path / "lib" / "demo" / f"{version}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BASE.format(version=version, limit=limit, extra=""))
    monkeypatch.setenv("CX_RULES_PATH", str(tmp_path / "lib"))
    old = tmp_path / "old.yaml"
    old.write_text("ruleset: team\nversion: 1.0.0\nextends: demo@1.0.0\n")
    new = tmp_path / "new.yaml"
    new.write_text("ruleset: team\nversion: 1.1.0\nextends: demo@2.0.0\n")
    log = tmp_path / "log.csv"
    log.write_text(LOG)
    code, out = invoke("ruleset", "diff", old, new, "--log", log)
    assert code == 1
    assert "[patch] extends demo@1.0.0 → demo@2.0.0" in out
    assert "[major] rule first-reply-chat: limit 2m → 1m is stricter" in out
    assert "newly flagged: first-reply-chat case c1" in out
    assert "a major bump (2.0.0) is required" in out
    code, out = invoke("ruleset", "diff", "demo@1.0.0", new)
    assert code == 0 and "(different rulesets: the version policy does not apply)" in out


def test_diff_against_git_sees_a_parent_edited_in_place(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "base").mkdir(parents=True)
    parent = repo / "base" / "rules.yaml"
    parent.write_text(BASE.format(version="1.0.0", limit="5m", extra=""))
    path = repo / "team.yaml"
    path.write_text("ruleset: team\nversion: 1.0.0\nextends: base/rules.yaml\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    code, out = invoke("ruleset", "diff", path, "--against", "HEAD")
    assert code == 0 and "no changes" in out
    parent.write_text(BASE.format(version="1.1.0", limit="10m", extra=""))  # only the parent
    code, out = invoke("ruleset", "diff", path, "--against", "HEAD")
    assert code == 1
    assert "[minor] rule first-reply-chat: limit 5m → 10m is looser" in out
    assert "a minor bump (1.1.0) is required" in out
    path.write_text("ruleset: team\nversion: 1.1.0\nextends: base/rules.yaml\n")
    code, out = invoke("ruleset", "diff", path, "--against", "HEAD")
    assert code == 0, out
