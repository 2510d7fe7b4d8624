"""Waivers from outside the ruleset (a settings file's ``exceptions``), added to a loaded one.

A team keeps its accepted findings next to its CI settings rather than in a shared ruleset:
each entry is checked like a ruleset's own ``exceptions:`` (the same :class:`Waiver` model, and
it must name a rule, kind or category of the ruleset), and an error names where it came from,
the entry and the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from cx_rules.errors import RulesetError
from cx_rules.models.ruleset import Ruleset, Waiver

__all__ = ["add_waivers"]


def add_waivers(ruleset: Ruleset, entries: Sequence[Any], source: str) -> Ruleset:
    """A copy of ``ruleset`` whose exceptions are its own, then ``entries`` (read from
    ``source``); the ruleset itself is unchanged."""
    if not entries:
        return ruleset
    names = {n for r in ruleset.rules for n in r.names}
    added: list[Waiver] = []
    for i, entry in enumerate(entries):
        where = f"{source}: exceptions[{i}]"
        try:
            waiver = Waiver.model_validate(entry)
        except ValidationError as exc:
            raise RulesetError([
                f"{where}.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"]
                else f"{where}: {e['msg']}" for e in exc.errors()]) from None
        unknown = [n for n in waiver.rules if n not in names]
        if unknown:
            raise RulesetError([f"{where}.rules: {unknown[0]!r} is no rule id, kind or category "
                                f"of {ruleset.label} (it would waive nothing)"])
        added.append(waiver)
    return ruleset.model_copy(update={"exceptions": [*ruleset.exceptions, *added]})
