"""Rule selection as ruff does it: ``select``, ``extend_select`` and ``ignore``.

A selector is a rule id, a kind (``response_time``), a category (``speed``) or ``ALL``.
``select`` replaces the starting set (default: the rules the ruleset enables),
``extend_select`` adds to it, ``ignore`` removes from it, and a rule named by its own id in
``select``/``extend_select`` is run even when the ruleset disables it (naming it is explicit).
A selector that matches no rule is an error that suggests the close ones (a typo would
otherwise select nothing, and a CI run would pass without checking anything).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from cx_rules.errors import RulesetError
from cx_rules.models.ruleset import Ruleset, RuleSpec

__all__ = ["ALL", "select_rules", "selectors_of"]

ALL = "ALL"


def _matches(selector: str, rule: RuleSpec) -> bool:
    return selector == ALL or selector in rule.names


def _check(selectors: Sequence[str], ruleset: Ruleset, option: str) -> None:
    known = sorted({ALL, *(n for r in ruleset.rules for n in r.names)})
    for selector in selectors:
        if not any(_matches(selector, r) for r in ruleset.rules):
            close = difflib.get_close_matches(selector, known, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise RulesetError([f"{option} {selector!r}: no rule of {ruleset.label} has that "
                                f"id, kind or category{hint}"])


def select_rules(ruleset: Ruleset, select: Sequence[str] = (), ignore: Sequence[str] = (),
                 extend_select: Sequence[str] = ()) -> Ruleset:
    """A copy of ``ruleset`` whose enabled rules are the selection (the ruleset is unchanged).
    """
    if not (select or ignore or extend_select):
        return ruleset
    for option, selectors in (("select", select), ("ignore", ignore),
                              ("extend-select", extend_select)):
        _check(selectors, ruleset, option)
    named = {*select, *extend_select}
    rules = []
    for rule in ruleset.rules:
        if select:
            chosen = any(_matches(s, rule) for s in select)
        else:
            chosen = rule.enabled
        chosen = chosen or any(_matches(s, rule) for s in extend_select)
        chosen = chosen and (rule.enabled or rule.id in named)
        chosen = chosen and not any(_matches(s, rule) for s in ignore)
        same = chosen == rule.enabled
        rules.append(rule if same else rule.model_copy(update={"enabled": chosen}))
    return ruleset.model_copy(update={"rules": rules})


def selectors_of(values: Sequence[str]) -> list[str]:
    """``--select a,b --select c`` -> ``[a, b, c]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
