"""What :func:`cx_rules.evaluate` returns: frames plus a summary whose counts add up."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from cx_rules.app.summary import Summary
from cx_rules.engine.run import RuleTiming
from cx_rules.models.enums import Severity
from cx_rules.models.outputs import Violation
from cx_rules.models.ruleset import Ruleset
from cx_rules.outputs.actions import Actions, arbitrate
from cx_rules.outputs.language import reasons_in
from cx_rules.outputs.scores import Dimension, explain, score_table


@dataclass(frozen=True)
class Result:  # frozen, but caches derived frames
    """The outcome of evaluating a log against a ruleset."""

    ruleset: Ruleset
    interactions: pl.DataFrame
    violations: pl.DataFrame
    rejects: pl.DataFrame
    summary: Summary
    customers: pl.DataFrame | None = None
    timings: list[RuleTiming] = field(default_factory=list)
    at_risk: pl.DataFrame | None = None
    """What is at risk at ``as_of`` (``evaluate(..., at_risk=True)``): open waits past their
    rule's warning point, rows of the violation schema that are never violations; None when
    not asked for."""
    waived: pl.DataFrame | None = None
    """Findings the ruleset's ``exceptions:`` waive (``waiver``, ``waiver_reason``,
    ``waiver_until`` added); they are not in :attr:`violations` and never fail a run."""
    outcomes: pl.DataFrame | None = None
    """What customers did with earlier actions (``evaluate(..., outcomes=...)``): the
    actions' propensities and ``suppress_after`` come from them; None when not given."""

    language: str = "en"
    """The language of the messages and suppression reasons (``evaluate(language=...)``)."""

    @cached_property
    def _actions(self) -> Actions:
        found = arbitrate(self.violations, self.interactions, self.customers, self.ruleset,
                          self.outcomes, as_of=self.summary.as_of)
        if self.language == "en":
            return found
        return Actions(found.suggested,
                       reasons_in(found.suppressed, self.language, self.customers))

    @property
    def actions(self) -> pl.DataFrame:
        """Next-best actions after arbitration (see :mod:`cx_rules.outputs.actions`)."""
        return self._actions.suggested

    @property
    def suppressed_actions(self) -> pl.DataFrame:
        """Candidate actions the contact policy suppressed, with ``suppressed_reason``."""
        return self._actions.suppressed

    def scores(self, by: Dimension = "case") -> pl.DataFrame:
        """Expectation scores 0-100 by case, customer, agent, channel or category."""
        return score_table(self.violations, self.interactions, self.ruleset, by)

    def explain_score(self, by: Dimension, entity: str) -> pl.DataFrame:
        """The violations behind the points one entity lost."""
        return explain(self.violations, self.interactions, self.ruleset, by, entity)

    def violation_models(self) -> list[Violation]:
        """The violations as pydantic models (convenient for small results)."""
        return [
            Violation(
                rule_id=row["rule_id"],
                ruleset=row["ruleset"],
                ruleset_version=row["ruleset_version"],
                category=row["category"],
                severity=row["severity"],
                case_id=row["case_id"],
                customer_id=row["customer_id"],
                interaction_ids=tuple(row["interaction_ids"]),
                timestamp=row["timestamp"],
                observed=row["observed"],
                limit=row["limit"],
                message=row["message"],
                message_id=row.get("message_id"),
                message_args=(tuple(row["message_args"]) if row.get("message_args") is not None
                              else None),
            )
            for row in self.violations.iter_rows(named=True)
        ]

    def worst_severity(self) -> Severity | None:
        """The most severe violation found, if any."""
        present = [Severity(s) for s in self.summary.by_severity if self.summary.by_severity[s]]
        return max(present, key=lambda s: s.rank) if present else None
