"""Find rule kinds by name: the built-ins and those installed by plugins.

Plugins register a :class:`~cx_rules.rules.base.RuleKind` under the entry-point group
``cx_rules.rule_kinds``. A plugin that fails to import, or was built for another rule-kind API,
is reported (see :func:`broken_kinds`) and skipped; the other kinds keep working.
"""

from __future__ import annotations

import importlib
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


@cache
def _load() -> tuple[dict[str, RuleKind], dict[str, str]]:
    kinds: dict[str, RuleKind] = {}
    broken: dict[str, str] = {}
    for module_name in BUILTIN_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue  # a built-in not written yet in this build
        kind: RuleKind = module.KIND
        kinds[kind.name] = kind
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.value.startswith("cx_rules.rules."):
            continue
        origin = f"{ep.dist.name if ep.dist else '?'} ({ep.value})"
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin must not break the others
            broken[ep.name] = f"plugin {origin} failed to import: {type(exc).__name__}: {exc}"
            continue
        if not isinstance(loaded, RuleKind):
            broken[ep.name] = f"plugin {origin} does not provide a RuleKind"
            continue
        if loaded.api_version != RULE_KIND_API:
            broken[ep.name] = (
                f"plugin {origin} targets rule-kind API {loaded.api_version}, "
                f"this cx-rules provides API {RULE_KIND_API}"
            )
            continue
        kinds[ep.name] = RuleKind(**{**loaded.__dict__, "name": ep.name, "origin": origin})
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
