"""Settings files found as ruff finds its own: cx-rules.toml or [tool.cx-rules] in
pyproject.toml, here or above; the command line wins; mistakes name the file and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cx_rules.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"
PYPROJECT = """\
[project]
name = "team"

[tool.cx-rules]
select = ["speed"]
ignore = ["first-reply-chat"]
format = "json"
fail-on = "none"
"""


def lint(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE), *args])
    return out.exit_code, out.stdout


def rules(stdout: str) -> set[str]:
    return {v["rule_id"] for v in json.loads(stdout)["violations"]}


def test_pyproject_above_the_working_folder_sets_the_defaults(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    code, out = lint()
    assert code == 0
    found = rules(out)
    assert found and all(r.startswith(("first-reply", "next-reply", "resolution")) for r in found)
    assert "first-reply-chat" not in found
    # the command line wins
    code, out = lint("--select", "first-reply-chat", "--ignore", "vip-waiting")
    assert rules(out) == {"first-reply-chat"}
    code, out = lint("--show-settings")
    assert code == 0
    assert f"settings file: {tmp_path / 'pyproject.toml'}" in out
    assert "select = ['speed']  (settings file)" in out
    assert "engine = 'local'  (default)" in out


def test_cx_rules_toml_wins_in_its_folder_and_paths_are_relative_to_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "customers.csv").write_bytes(
        (ROOT / "examples" / "customers.csv").read_bytes())
    (tmp_path / "cx-rules.toml").write_text(
        'customers = "cfg/customers.csv"\nformat = "json"\nfail-on = "none"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = lint()
    assert code == 0
    doc = json.loads(out)
    assert doc["summary"]["customer_rows_read"] > 0  # the profiles were read
    assert "contact-consent" not in doc["summary"]["not_applicable"]
    code, out = lint("--show-settings")
    assert f"customers = '{tmp_path / 'cfg' / 'customers.csv'}'  (settings file)" in out


def test_isolated_and_explicit_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["--isolated", "lint", str(SAMPLE), "--show-settings"])
    assert "settings file: none" in out.stdout
    other = tmp_path / "other.toml"
    other.write_text('select = ["privacy"]\n', encoding="utf-8")
    out = CliRunner().invoke(cli, ["--config", str(other), "lint", str(SAMPLE),
                                   "--show-settings"])
    assert "select = ['privacy']  (settings file)" in out.stdout


@pytest.mark.parametrize(("text", "message"), [
    ('[tool.cx-rules]\nselct = ["speed"]\n', "unknown key 'selct'"),
    ('[tool.cx-rules]\nfail-on = 3\n', "fail-on must be text"),
    ('[tool.cx-rules]\nselect = [1]\n', "select must be a list"),
    ("[tool.cx-rules\n", "invalid TOML"),
])
def test_mistakes_name_the_file_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        text: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE)])
    assert out.exit_code == 2
    assert f"error: {tmp_path / 'pyproject.toml'}: " in out.output and message in out.output


SETTINGS_WAIVER = """\
format = "json"

[[exceptions]]
rules = ["first-reply-email"]
customers = ["u0007"]
until = 2099-12-31
reason = "INC-42: mail gateway outage"
"""


def test_a_settings_file_waiver_is_applied_by_every_engine(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cx-rules.toml").write_text(SETTINGS_WAIVER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = lint("--fail-on", "none")
    doc = json.loads(out)
    assert code == 0
    assert [(w["rule_id"], w["customer_id"], w["waiver_reason"]) for w in doc["waived"]] == [
        ("first-reply-email", "u0007", "INC-42: mail gateway outage")]
    assert ("first-reply-email", "u0007") not in {
        (v["rule_id"], v["customer_id"]) for v in doc["violations"]}
    parted = CliRunner().invoke(cli, ["lint", str(SAMPLE), "--engine", "partitioned",
                                      "--out", str(tmp_path / "out"), "--format", "text",
                                      "--fail-on", "none"])
    assert "1 finding(s) waived" in parted.output, parted.output
    shown = CliRunner().invoke(cli, ["lint", str(SAMPLE), "--show-settings"]).output
    assert "INC-42: mail gateway outage" in shown
    # --isolated ignores the file, waivers included
    isolated = CliRunner().invoke(cli, ["--isolated", "lint", str(SAMPLE), "--format", "json",
                                        "--fail-on", "none"])
    plain = json.loads(isolated.stdout)
    assert not plain.get("waived")
    assert ("first-reply-email", "u0007") in {
        (v["rule_id"], v["customer_id"]) for v in plain["violations"]}


@pytest.mark.parametrize(("entry", "message"), [
    ('rules = ["first-reply-emial"]\nuntil = 2099-12-31\nreason = "typo"',
     "exceptions[0].rules: 'first-reply-emial' is no rule id, kind or category"),
    ('rules = ["speed"]\nreason = "no date"', "exceptions[0].until: Field required"),
    ('rules = ["speed"]\nuntil = 2099-12-31\nreason = "x"\nteam = "a"',
     "exceptions[0].team: Extra inputs are not permitted"),
])
def test_a_bad_settings_waiver_names_the_file_the_entry_and_the_field(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str, message: str) -> None:
    (tmp_path / "cx-rules.toml").write_text(f"[[exceptions]]\n{entry}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE)])
    assert out.exit_code == 2
    assert f"{tmp_path / 'cx-rules.toml'}: {message}" in out.output, out.output
    assert "Traceback" not in out.output
