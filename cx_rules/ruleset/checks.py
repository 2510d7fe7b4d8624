"""Semantic checks of a loaded ruleset, beyond what the schema catches.

Each finding names the file and the YAML line of the rule. ``error`` findings make
``cx-rules ruleset validate`` fail; ``warning`` findings are shown but pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cx_rules.models.enums import Actor, Channel, Direction, Priority, Purpose, Status
from cx_rules.models.ruleset import Ruleset


@dataclass(frozen=True)
class Finding:
    level: str  # "error" | "warning"
    line: int | None
    message: str
    source: str | None = None
    """The file of ``line`` when it is not the ruleset's own (a rule inherited from the
    ruleset it ``extends``)."""

    def render(self, source: str) -> str:
        source = self.source or source
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: {self.level}: {self.message}"


DOMAINS: dict[str, frozenset[str]] = {
    name: frozenset(member.value for member in enum)
    for name, enum in (("channel", Channel), ("direction", Direction), ("actor", Actor),
                       ("priority", Priority), ("status", Status), ("purpose", Purpose))
}
"""The fields of the canonical record with a closed set of values."""


def _never_holds(source: str) -> str | None:
    from cx_rules.expr import ExprError, parse
    from cx_rules.expr.satisfiable import never_holds
    from cx_rules.kinds.condition.params import FIELDS

    try:
        return never_holds(parse(source, FIELDS), DOMAINS)
    except ExprError:
        return None  # reported by the schema check


def check_ruleset(ruleset: Ruleset) -> list[Finding]:
    """Problems the schema cannot see: filters that never match, business hours without a
    calendar, conflicting action priorities, a file name that disagrees with the content."""
    findings: list[Finding] = []
    priorities: dict[str, tuple[int, str]] = {}
    for rule in ruleset.rules:
        line = ruleset.rule_line(rule.id)
        file = ruleset.rule_source(rule.id)
        file = file if file != ruleset.source else None

        def found(level: str, message: str, line: int | None = line,
                  file: str | None = file) -> None:
            findings.append(Finding(level, line, message, file))

        params = rule.params
        if params.get("hours") == "business" and ruleset.calendar is None:
            found("error", f"rule {rule.id}: hours: business needs a ruleset calendar "
                  "(timezone, business_hours)")
        for key in ("channels", "tiers", "actors", "reply_by", "checks", "entities", "keys"):
            if key in params and params[key] == []:
                found("error", f"rule {rule.id}: {key}: [] can never match; remove the filter "
                      "or list values")
        if rule.kind == "condition" and isinstance(params.get("when"), str):
            reason = _never_holds(params["when"])
            if reason:
                found("error", f"rule {rule.id}: when: can never be true ({reason}); the rule "
                      "would never fire")
        if rule.action is not None:
            seen = priorities.get(rule.action.id)
            if seen is not None and seen[0] != rule.action.priority:
                found("warning", f"rule {rule.id}: action {rule.action.id} has priority "
                      f"{rule.action.priority} here but {seen[0]} in rule {seen[1]}")
            priorities.setdefault(rule.action.id, (rule.action.priority, rule.id))
        if not rule.enabled:
            found("warning", f"rule {rule.id} is disabled")
    if ruleset.extends is not None:
        ref, at = ruleset.extends
        if "@" not in ref and not ref.lower().endswith((".yaml", ".yml")) and "/" not in ref:
            parent = ruleset.parent
            pinned = f"{ref}@{parent.version}" if parent is not None else f"{ref}@VERSION"
            findings.append(Finding(
                "warning", at, f"extends: {ref} names no version: a new release of {ref} "
                f"would change this ruleset while its version stays; pin one ({pinned})"))
    if ruleset.source:
        path = Path(ruleset.source)
        if path.suffix in (".yaml", ".yml") and (
                path.stem != ruleset.version or path.parent.name != ruleset.ruleset):
            findings.append(Finding(
                "warning", 1, f"file is {path.parent.name}/{path.name} but declares "
                f"{ruleset.ruleset} {ruleset.version} (expected "
                f"rulesets/{ruleset.ruleset}/{ruleset.version}.yaml)"))
    return findings
