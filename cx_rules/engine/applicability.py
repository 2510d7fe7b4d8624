"""Which rules can apply to a log: a rule whose kind needs a field the log does not carry
(the column is absent, or null on every row) is *not applicable*, never "nothing happened".

``needs`` entries are canonical optional field names; ``a|b`` is satisfied by either. A kind
that needs customer profiles is not applicable when none were given.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from cx_rules.errors import RulesetError
from cx_rules.kinds.registry import get_kind, unknown_kind_message
from cx_rules.models.ruleset import Ruleset
from cx_rules.schema import OPTIONAL_INTERACTION_FIELDS


def present_fields(interactions: pl.DataFrame | pl.LazyFrame) -> frozenset[str]:
    """The optional canonical fields with a value on at least one row."""
    lf = interactions.lazy()
    names = [f for f in OPTIONAL_INTERACTION_FIELDS if f in lf.collect_schema().names()]
    if not names:
        return frozenset()
    row = lf.select(pl.col(n).is_not_null().any().alias(n) for n in names).collect().row(0)
    return frozenset(n for n, present in zip(names, row, strict=True) if present)


def _missing(need: str, present: frozenset[str]) -> str | None:
    options = need.split("|")
    if any(o in present for o in options):
        return None
    return " or ".join(options)


def not_applicable(ruleset: Ruleset, present: Iterable[str], has_customers: bool
                   ) -> dict[str, str]:
    """rule id -> why it cannot apply, for the enabled rules that cannot."""
    fields = frozenset(present)
    out: dict[str, str] = {}
    for rule in ruleset.enabled_rules:
        kind = get_kind(rule.kind)
        if kind is None:
            raise RulesetError([f"rule {rule.id}: {unknown_kind_message(rule.kind)}"])
        missing = sorted(m for need in kind.needs(rule.parsed_params)
                         if (m := _missing(need, fields)) is not None)
        if missing:
            out[rule.id] = f"the log has no {', no '.join(missing)}"
        elif kind.needs_customers and not has_customers:
            out[rule.id] = "no customer profiles were given"
    return out
