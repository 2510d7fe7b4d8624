"""Semantic diff of two versions of a ruleset, its impact on a log, and the version policy.

Version policy (semver, checked by ``cx-rules ruleset diff``):

* **major** — a rule removed or disabled, or behaviour made stricter: a lower limit, a larger
  window, more channels/entities/checks watched, a severity raised, or new violations of an
  existing rule on the sample log. Changes whose direction cannot be told (a new calendar,
  other scoring weights, a changed expression) also count as major: be safe.
* **minor** — a rule added or enabled, or behaviour made looser: a higher limit, fewer
  channels, a severity lowered, violations disappearing on the sample log.
* **patch** — no behaviour change: descriptions, comments, the ruleset's own tests, another
  ``extends:`` target that resolves to the same rules.

A ruleset that ``extends`` another is compared as resolved, so a change of its parent (another
``extends:`` version, or the parent file edited) counts as the change it makes to the child's
rules. The diff fails when the version did not grow by at least the required part; two
rulesets of different names (a child against its parent) are compared without that check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import polars as pl

from cx_rules.durations import parse_duration
from cx_rules.kinds.registry import get_kind
from cx_rules.models.enums import Severity
from cx_rules.models.ruleset import Ruleset, RuleSpec

LEVELS = ("patch", "minor", "major")
LOWER_IS_STRICTER = {"limit", "within", "grace", "min_wait"}
HIGHER_IS_STRICTER = {"window", "min_cases"}
LIST_FILTERS = {"channels", "entities", "checks", "keys", "tiers", "actors",
                "quiet_hours_purposes"}
"""List parameters where more items watch more (a fallback for kinds that do not declare the
direction of their parameters with ``MORE_IS_LOOSER``/``MORE_IS_STRICTER``)."""
BEHAVIOUR_FREE = {"description"}


@dataclass(frozen=True)
class Change:
    """One difference, with the version part it requires."""

    level: str
    what: str


@dataclass
class Impact:
    appeared: pl.DataFrame
    disappeared: pl.DataFrame
    severity_changed: pl.DataFrame
    per_rule: pl.DataFrame


@dataclass
class Diff:
    old: Ruleset
    new: Ruleset
    changes: list[Change] = field(default_factory=list)
    impact: Impact | None = None

    @property
    def required(self) -> str | None:
        """The smallest version bump the changes need (None: nothing changed)."""
        if not self.changes:
            return None
        return max((c.level for c in self.changes), key=LEVELS.index)

    @property
    def actual(self) -> str | None:
        """Which part of the version grew (None: it did not grow)."""
        old, new = _semver(self.old.version), _semver(self.new.version)
        if new <= old:
            return None
        for part, a, b in zip(LEVELS[::-1], old, new, strict=True):
            if b != a:
                return part
        return None

    def verdict(self) -> str | None:
        """An error message when the version bump is too small, else None."""
        required = self.required
        if required is None or self.old.ruleset != self.new.ruleset:
            return None
        actual = self.actual
        if actual is not None and LEVELS.index(actual) >= LEVELS.index(required):
            return None
        reason = next(c.what for c in self.changes if c.level == required)
        wanted = _bumped(self.old.version, required)
        went = f"{self.old.version} → {self.new.version}"
        return (f"{self.new.source or self.new.ruleset}: behaviour changed ({reason}) but version "
                f"went {went}; a {required} bump ({wanted}) is required")


def _semver(version: str) -> tuple[int, int, int]:
    major, minor, patch = version.split("-")[0].split(".")
    return int(major), int(minor), int(patch)


def _bumped(version: str, part: str) -> str:
    major, minor, patch = _semver(version)
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def _as_duration(value: Any) -> timedelta | None:
    try:
        return parse_duration(value)
    except ValueError:
        return None


def declared_direction(kind: str, key: str) -> str | None:
    """What the kind's parameter model says about a parameter's direction (its
    ``json_schema_extra`` ``diff`` entry), or None."""
    found = get_kind(kind)
    info = found.params.model_fields.get(key) if found is not None else None
    extra = info.json_schema_extra if info is not None else None
    value = extra.get("diff") if isinstance(extra, dict) else None
    return value if isinstance(value, str) else None


def _param_change(rule: str, key: str, old: Any, new: Any, kind: str = "") -> Change:
    text = f"rule {rule}: {key} {_show(old)} → {_show(new)}"
    declared = declared_direction(kind, key) if kind else None
    if declared == "adds_warnings":
        return Change("minor", text + " changes warnings only, no violation")
    if declared is not None:
        before, after = set(old or []), set(new or [])
        looser = declared == "more_is_looser"
        if after > before:
            return Change("minor", text + " counts more") if looser else Change(
                "major", text + " watches more")
        if after < before:
            return Change("major", text + " counts less") if looser else Change(
                "minor", text + " watches less")
    if key in LOWER_IS_STRICTER | HIGHER_IS_STRICTER:
        a, b = _as_duration(old), _as_duration(new)
        if a is None or b is None:
            a, b = old, new
        try:
            stricter = (b < a) if key in LOWER_IS_STRICTER else (b > a)
        except TypeError:
            return Change("major", text + " (direction unknown)")
        return Change("major", text + " is stricter") if stricter else Change(
            "minor", text + " is looser")
    if key == "by_priority" and isinstance(old, dict) and isinstance(new, dict):
        levels = [_param_change(rule, f"by_priority.{p}", old.get(p), new.get(p)).level
                  if p in old and p in new else ("major" if p in new else "minor")
                  for p in set(old) | set(new) if old.get(p) != new.get(p)]
        level = max(levels, key=LEVELS.index) if levels else "patch"
        return Change(level, text)
    if key in LIST_FILTERS and isinstance(old, list) and isinstance(new, list):
        if set(new) > set(old):
            return Change("major", text + " watches more")
        if set(new) < set(old):
            return Change("minor", text + " watches less")
    return Change("major", text + " (direction unknown)")


def _show(value: Any) -> str:
    return "(unset)" if value is None else str(value)


def _rule_changes(old: RuleSpec, new: RuleSpec, old_rs: Ruleset, new_rs: Ruleset) -> list[Change]:
    changes: list[Change] = []
    rid = new.id
    if old.kind != new.kind:
        changes.append(Change("major", f"rule {rid}: kind {old.kind} → {new.kind}"))
    if old.enabled != new.enabled:
        changes.append(Change("minor" if new.enabled else "major",
                              f"rule {rid} {'enabled' if new.enabled else 'disabled'}"))
    s_old, s_new = old_rs.severity_of(old), new_rs.severity_of(new)
    if s_old != s_new:
        up = Severity(s_new).rank > Severity(s_old).rank
        changes.append(Change("major" if up else "minor",
                              f"rule {rid}: severity {s_old.value} → {s_new.value}"))
    if old.category != new.category:
        changes.append(Change("major", f"rule {rid}: category {old.category.value} → "
                                       f"{new.category.value}"))
    if old.action != new.action:
        changes.append(Change("minor", f"rule {rid}: action {_show(old.action)} → "
                                       f"{_show(new.action)}"))
    for key in sorted(set(old.params) | set(new.params)):
        if old.params.get(key) != new.params.get(key):
            changes.append(_param_change(rid, key, old.params.get(key), new.params.get(key),
                                         new.kind if new.kind == old.kind else ""))
    if old.description != new.description:
        changes.append(Change("patch", f"rule {rid}: description changed"))
    return changes


def diff_rulesets(old: Ruleset, new: Ruleset) -> Diff:
    """The semantic differences between two versions, each with its required bump."""
    result = Diff(old, new)
    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    for rid in sorted(set(old_rules) - set(new_rules)):
        result.changes.append(Change("major", f"rule {rid} removed"))
    for rid in sorted(set(new_rules) - set(old_rules)):
        result.changes.append(Change("minor", f"rule {rid} added"))
    for rid in sorted(set(old_rules) & set(new_rules)):
        result.changes.extend(_rule_changes(old_rules[rid], new_rules[rid], old, new))
    for name in ("calendar", "scoring", "contact_policy", "defaults"):
        if getattr(old, name) != getattr(new, name):
            result.changes.append(Change("major", f"{name} changed (direction unknown)"))
    old_parents = [a.label for a in old.ancestors]
    new_parents = [a.label for a in new.ancestors]
    if old_parents != new_parents:
        result.changes.append(Change("patch", f"extends {' → '.join(old_parents) or '(nothing)'}"
                                              f" → {' → '.join(new_parents) or '(nothing)'}"))
    if old.description != new.description:
        result.changes.append(Change("patch", "description changed"))
    if [t.model_dump() for t in old.tests] != [t.model_dump() for t in new.tests]:
        result.changes.append(Change("patch", "inline tests changed"))
    return result


def _keyed(violations: pl.DataFrame) -> pl.DataFrame:
    return violations.select(
        "rule_id", "case_id", pl.col("interaction_ids").list.join(",").alias("ids"),
        "severity", "message")


def add_impact(diff: Diff, old_violations: pl.DataFrame, new_violations: pl.DataFrame) -> None:
    """Compare the violations both versions find on the same log; new violations of a rule
    that existed before make the change major, vanished ones make it at least minor."""
    a, b = _keyed(old_violations), _keyed(new_violations)
    key = ["rule_id", "case_id", "ids"]
    appeared = b.join(a, on=key, how="anti")
    disappeared = a.join(b, on=key, how="anti")
    both = b.join(a, on=key, how="inner", suffix="_old")
    severity_changed = both.filter(pl.col("severity") != pl.col("severity_old"))
    per_rule = pl.concat([
        appeared.group_by("rule_id").len().with_columns(pl.lit("appeared").alias("change")),
        disappeared.group_by("rule_id").len().with_columns(pl.lit("disappeared").alias("change")),
    ]).sort("rule_id", "change")
    diff.impact = Impact(appeared, disappeared, severity_changed, per_rule)
    old_ids = {r.id for r in diff.old.rules}
    for rid, n in appeared.group_by("rule_id").len().iter_rows():
        if rid in old_ids:
            diff.changes.append(Change("major", f"rule {rid} flags {n} new case(s) on the log"))
    for rid, n in disappeared.group_by("rule_id").len().iter_rows():
        diff.changes.append(Change("minor", f"rule {rid} no longer flags {n} case(s) on the log"))
