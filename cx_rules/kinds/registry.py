"""Find rule kinds by name: the built-ins and those installed by plugins.

Plugins register a :class:`~cx_rules.rules.base.RuleKind` under the entry-point group
``cx_rules.rule_kinds``. A plugin that fails to import, or was built for another rule-kind API,
is reported (see :func:`broken_kinds`) and skipped; the other kinds keep working.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from functools import cache
from importlib.metadata import entry_points

from cx_rules.rules.base import RULE_KIND_API, RuleKind

ENTRY_POINT_GROUP = "cx_rules.rule_kinds"

BUILTIN_MODULES: tuple[str, ...] = (
    "cx_rules.rules.response_time",
    "cx_rules.rules.consistency",
    "cx_rules.rules.repeat_contact",
    "cx_rules.rules.follow_up",
    "cx_rules.rules.promise_kept",
    "cx_rules.rules.pii_exposure",
    "cx_rules.rules.consent",
    "cx_rules.rules.personalization",
    "cx_rules.rules.condition",
)


def _check(obj: object, origin: str) -> str | None:
    if not isinstance(obj, RuleKind):
        return f"plugin {origin} does not provide a RuleKind"
    if obj.api_version != RULE_KIND_API:
        return (f"plugin {origin} targets rule-kind API {obj.api_version}, "
                f"this cx-rules provides API {RULE_KIND_API}")
    return None


@cache
def _load() -> tuple[dict[str, RuleKind], dict[str, str]]:
    """Every kind registered under the entry-point group; built-ins are registered there too.

    When cx-rules runs from a source tree without installed metadata, the built-in modules
    are imported directly so that it still works.
    """
    kinds: dict[str, RuleKind] = {}
    broken: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        builtin = ep.value.startswith("cx_rules.rules.")
        origin = "built-in" if builtin else f"{ep.dist.name if ep.dist else '?'} ({ep.value})"
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin must not break the others
            broken[ep.name] = f"plugin {origin} failed to import: {type(exc).__name__}: {exc}"
            continue
        problem = _check(loaded, origin)
        if problem:
            broken[ep.name] = problem
            continue
        kinds[ep.name] = replace(loaded, name=ep.name, origin=origin)
    for module_name in BUILTIN_MODULES:
        name = module_name.rsplit(".", 1)[1]
        if name not in kinds and name not in broken:
            kinds[name] = importlib.import_module(module_name).KIND
    return kinds, broken


def available_kinds() -> dict[str, RuleKind]:
    """Every usable rule kind by name."""
    return dict(_load()[0])


def broken_kinds() -> dict[str, str]:
    """Plugin kinds that could not be loaded, with the reason."""
    return dict(_load()[1])


def get_kind(name: str) -> RuleKind | None:
    """The rule kind of that name, or None."""
    return _load()[0].get(name)


def unknown_kind_message(name: str) -> str:
    """A helpful error for a kind that does not exist."""
    import difflib

    broken = broken_kinds()
    if name in broken:
        return broken[name]
    known = sorted(available_kinds())
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown rule kind {name!r}{hint}; known kinds: {', '.join(known)}"
