"""``cx-rules ruleset validate|test|diff|list``: checks to run on every ruleset change;
``ruleset from-zendesk-sla``: a ruleset from the help desk's own SLA policies."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cx_rules.cli.app import user_errors
from cx_rules.cli.files import atomic_text
from cx_rules.errors import CxError, RulesetError


@click.group(name="ruleset")
def command() -> None:
    """Validate, test, diff and list rulesets."""


def _load(path: str) -> Any:
    from cx_rules.ruleset.load import load_ruleset

    return load_ruleset(path)


CHECK_FORMATS = ["text", "json", "jsonl", "sarif", "junit", "github"]


def _check_report(checks: list[Any], fmt: str, command: str) -> str | None:
    """The checks in a CI format (jsonl, sarif, junit, github); None for the other formats."""
    from cx_rules.report import checks as reports

    render: Callable[[list[Any]], str] | None = {
        "jsonl": reports.checks_jsonl,
        "github": reports.checks_github,
        "sarif": lambda c: reports.checks_sarif(c, command),
        "junit": lambda c: reports.checks_junit(c, command),
    }.get(fmt)
    return render(checks) if render else None


@command.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text")
def validate(paths: tuple[str, ...], fmt: str) -> None:
    """Check ruleset files: schema, rule parameters and semantics (exit 2 when invalid)."""
    from cx_rules.report.checks import Check
    from cx_rules.ruleset.checks import check_ruleset

    report: list[dict[str, Any]] = []
    checks: list[Check] = []
    failed = False
    for path in paths:
        try:
            ruleset = _load(path)
        except RulesetError as exc:
            failed = True
            report.append({"path": path, "ok": False, "problems": exc.problems})
            checks.extend(Check.from_problem(p, "schema", "error", path) for p in exc.problems)
            continue
        findings = check_ruleset(ruleset)
        errors = [f for f in findings if f.level == "error"]
        failed |= bool(errors)
        source = ruleset.source or path
        report.append({"path": path, "ok": not errors, "rules": len(ruleset.rules),
                       "problems": [f.render(source) for f in findings]})
        checks.extend(Check("semantics", "error" if f.level == "error" else "warning",
                            f.source or source, f.line, f.message) for f in findings)
    ci_report = _check_report(checks, fmt, "ruleset validate")
    if fmt == "json":
        click.echo(json.dumps(report, indent=2))
    elif ci_report is not None:
        click.echo(ci_report, nl=False)
    else:
        for item in report:
            for problem in item["problems"]:
                click.echo(problem)
            if item["ok"]:
                click.echo(f"ok: {item['path']} ({item['rules']} rules)")
    if failed:
        sys.exit(2)


@command.command(name="test")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option("--min-coverage", type=click.FloatRange(0, 100), metavar="PERCENT",
              help="Fail (exit 1) when fewer than PERCENT of a ruleset's enabled rules are "
                   "expected to fire by one of its tests.")
@click.option("--parent-tests", is_flag=True,
              help="For a ruleset that extends another, run the tests of the rulesets it "
                   "extends too, against it (they count for the coverage).")
def test_cmd(paths: tuple[str, ...], fmt: str, output: Path | None,
             min_coverage: float | None, parent_tests: bool) -> None:
    """Run the inline tests of rulesets; ends with 'N passed, N failed' and the coverage
    (which rules no test makes fire). A ruleset with no tests fails: it proves nothing.
    A ruleset that extends another runs its own tests against the resolved rules."""
    from cx_rules.app.evaluate import evaluate
    from cx_rules.report import checks as reports
    from cx_rules.ruleset.tests import coverage, run_tests

    outcomes = []
    covers = []
    empty = False
    for path in paths:
        try:
            ruleset = _load(path)
            outcomes.extend(run_tests(ruleset, evaluate, parent_tests))
        except CxError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        covers.append(coverage(ruleset, parent_tests))
        if not ruleset.tests:
            empty = True
            click.echo(f"error: {ruleset.label} ({path}) has no tests: an empty suite proves "
                       "nothing (add a tests: section)", err=True)
    if fmt != "text":  # machine formats keep stdout to themselves
        for cover in covers:
            click.echo(cover.text(), err=True)
    low = [c for c in covers if min_coverage is not None and c.percent < min_coverage]
    for cover in low:
        click.echo(f"error: coverage of {cover.ruleset} is {cover.percent:.0f}%, below "
                   f"--min-coverage {min_coverage:g}%", err=True)

    passed = sum(o.passed for o in outcomes)
    failed = len(outcomes) - passed
    checks = [reports.Check(f"test:{o.name}", "pass" if o.passed else "error",
                            o.source or o.ruleset, o.line,
                            f"{o.ruleset} :: {o.name}: " + ("passed" if o.passed else
                                                            "; ".join(o.problems)))
              for o in outcomes]
    if fmt == "json":
        text = json.dumps([o.__dict__ for o in outcomes], indent=2, default=list) + "\n"
    elif fmt == "junit":
        from cx_rules.report.junit import tests_junit

        text = tests_junit(outcomes)
    elif fmt == "github":
        text = reports.checks_github(checks) + f"{passed} passed, {failed} failed\n"
    elif fmt in ("jsonl", "sarif"):
        text = _check_report(checks, fmt, "ruleset test") or ""
    else:
        lines = []
        for o in outcomes:
            lines.append(f"{'PASS' if o.passed else 'FAIL'} {o.ruleset} :: {o.name}")
            lines.extend(f"    {p}" for p in o.problems)
        lines.extend(cover.text() for cover in covers)
        lines.append(f"{passed} passed, {failed} failed")
        text = "\n".join(lines) + "\n"
    if output is not None:
        with atomic_text(output) as handle:
            handle.write(text)
        click.echo(f"{passed} passed, {failed} failed")
    else:
        click.echo(text, nl=False)
    if failed or low or empty:
        sys.exit(1)


def _git_top(path: Path) -> Path:
    """The top folder of the git work tree ``path`` is in."""
    try:
        top = subprocess.run(["git", "-C", str(path.resolve().parent), "rev-parse",
                              "--show-toplevel"], capture_output=True, text=True, check=True)
    except FileNotFoundError:
        raise CxError("git is not installed") from None
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or "").strip().splitlines()
        raise CxError(f"cannot read {path} from git: {detail[-1] if detail else exc}") from None
    return Path(top.stdout.strip()).resolve()


def _at_ref(path: Path, ref: str, top: Path | None = None) -> tuple[str, str]:
    """The text of ``path`` as it is at git ``ref`` (and a label for it)."""
    top = _git_top(path) if top is None else top
    try:
        rel = path.resolve().relative_to(top).as_posix()
    except ValueError:
        raise CxError(f"cannot read {path} at {ref}: it is not in the repository {top}") from None
    try:
        shown = subprocess.run(["git", "-C", str(top), "show", f"{ref}:{rel}"],
                               capture_output=True, text=True, check=True)
    except FileNotFoundError:
        raise CxError("git is not installed") from None
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or "").strip().splitlines()
        raise CxError(f"cannot read {path} at {ref}: {detail[-1] if detail else exc}") from None
    return shown.stdout, f"{ref}:{rel}"


def _reader_at(ref: str, top: Path) -> Callable[[Path], tuple[str, str]]:
    """Reads the parent rulesets of a ruleset as they are at ``ref``: a file of the same
    repository at that ref, any other (a shipped ruleset) as it is on disk."""
    from cx_rules.ruleset.load import read_ruleset_file

    def read(path: Path) -> tuple[str, str]:
        if path.resolve().is_relative_to(top):
            return _at_ref(path, ref, top)
        return read_ruleset_file(path)

    return read


@command.command()
@click.argument("old", required=True)
@click.argument("new", required=False)
@click.option("--against", "ref", help="Compare OLD (the file) with itself at this git ref.")
@click.option("--log", "logs", multiple=True, type=click.Path(path_type=Path),
              help="A sample log to measure the impact on (repeatable).")
@click.option("--customers", "-c", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@user_errors
def diff(old: str, new: str | None, ref: str | None, logs: tuple[Path, ...],
         customers: Path | None, fmt: str) -> None:
    """Semantic diff of two ruleset versions, with impact on a log; fails when the version
    bump is smaller than the change requires (see the policy in cx_rules.ruleset.diff).
    Rulesets that extend others are compared resolved: a parent's change shows; with
    --against, parent files of the same repository are read at REF too."""
    from cx_rules.app.evaluate import evaluate
    from cx_rules.ruleset.diff import add_impact, diff_rulesets
    from cx_rules.ruleset.load import parse_ruleset_text

    if ref is not None:
        if new is not None:
            raise CxError("with --against give one ruleset file")
        top = _git_top(Path(old))
        text, label = _at_ref(Path(old), ref, top)
        before = parse_ruleset_text(text, label, base=Path(old).parent,
                                    read=_reader_at(ref, top))
        after = _load(old)
    else:
        if new is None:
            raise CxError("give OLD and NEW ruleset files, or one file with --against REF")
        before, after = _load(old), _load(new)
    result = diff_rulesets(before, after)
    if logs:
        a = evaluate(list(logs), before, customers)
        b = evaluate(list(logs), after, customers)
        add_impact(result, a.violations, b.violations)
    verdict = result.verdict()
    if fmt == "json":
        doc = {
            "old": before.label, "new": after.label, "required": result.required,
            "actual": result.actual, "ok": verdict is None, "error": verdict,
            "changes": [c.__dict__ for c in result.changes],
            "impact": None if result.impact is None else {
                "appeared": result.impact.appeared.to_dicts(),
                "disappeared": result.impact.disappeared.to_dicts(),
                "severity_changed": result.impact.severity_changed.to_dicts(),
            },
        }
        click.echo(json.dumps(doc, indent=2, default=str))
    else:
        _print_diff(result, before.label, after.label)
        if verdict:
            click.echo(f"error: {verdict}", err=True)
    if verdict:
        sys.exit(1)


def _print_diff(result: Any, old: str, new: str) -> None:
    click.echo(f"{old} → {new}")
    if not result.changes:
        click.echo("  no changes")
    for change in result.changes:
        click.echo(f"  [{change.level}] {change.what}")
    impact = result.impact
    if impact is not None:
        click.echo(f"impact on the log: {impact.appeared.height} new, "
                   f"{impact.disappeared.height} gone, "
                   f"{impact.severity_changed.height} with another severity")
        for title, frame in (("newly flagged", impact.appeared),
                             ("no longer flagged", impact.disappeared)):
            for row in frame.head(5).iter_rows(named=True):
                click.echo(f"  {title}: {row['rule_id']} case {row['case_id']}: {row['message']}")
    required = result.required or "none"
    click.echo(f"required bump: {required}; actual: {result.actual or 'none'}"
               + ("" if result.old.ruleset == result.new.ruleset else
                  " (different rulesets: the version policy does not apply)"))


@command.command(name="list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_cmd(fmt: str) -> None:
    """Shipped and discovered rulesets with their versions."""
    from rich.console import Console
    from rich.table import Table

    from cx_rules.ruleset.load import discover

    rows: list[dict[str, str]] = []
    for ref in discover():
        try:
            count: int | str = len(_load(str(ref.path)).rules)
        except CxError as exc:
            count = f"invalid: {str(exc).splitlines()[0]}"
        rows.append({"name": ref.name, "version": ref.version, "rules": str(count),
                     "path": str(ref.path)})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="rulesets", title_justify="left")
    for col in ("name", "version", "rules", "path"):
        table.add_column(col)
    for row in rows:
        table.add_row(row["name"], row["version"], row["rules"], row["path"])
    Console(highlight=False, soft_wrap=True).print(table)


@command.command(name="from-zendesk-sla")
@click.option("--db", metavar="URL", envvar="CX_RULES_DB", required=True,
              help="The warehouse holding Fivetran's Zendesk tables: duckdb:///FILE.duckdb or "
                   "postgresql://[user@]host[:port]/db (env CX_RULES_DB; a password may come "
                   "from PGPASSWORD).")
@click.option("--db-schema", metavar="NAME", help="The schema of the tables (default: the "
              "connection's current schema).")
@click.option("--policy", metavar="TITLE", help="The SLA policy (default: the first by "
              "position).")
@click.option("--schedule", metavar="NAME", help="The schedule whose business hours and "
              "holidays count (default: the first).")
@click.option("--name", default="zendesk-sla", show_default=True, help="The ruleset's name.")
@click.option("--version", "version", default="1.0.0", show_default=True,
              help="The ruleset's version.")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write the ruleset YAML here (default: standard output).")
@user_errors
def from_zendesk_sla(db: str, db_schema: str | None, policy: str | None, schedule: str | None,
                     name: str, version: str, output: Path | None) -> None:
    """Generate a ruleset from Zendesk's SLA policies (sla_policy_history,
    sla_policy_metric_history) and business hours (schedule, schedule_holiday), as Fivetran
    loads them: one SLA policy per version of the policy, each taking the cases created
    while it was in force. The ruleset is validated by loading it before it is written."""
    from cx_rules.io.database import DatabaseSource
    from cx_rules.ruleset.zendesk_sla import generate

    made = generate(DatabaseSource(db, schema=db_schema), name=name, version=version,
                    policy=policy, schedule=schedule)
    for note in made.notes:
        click.echo(f"note: {note}", err=True)
    if output is None:
        click.echo(made.text, nl=False)
        return
    with atomic_text(output) as handle:
        handle.write(made.text)
    click.echo(f"wrote {output}: {len(made.ruleset.rules)} rule(s) from "
               f"{len(made.ruleset.sla_policies)} policy version(s)", err=True)
