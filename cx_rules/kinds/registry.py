"""Find rule kinds by name: the built-ins and those installed by plugins.

A built-in kind is a subpackage of :mod:`cx_rules.kinds` whose ``KIND`` is a
:class:`~cx_rules.kinds.base.RuleKind`: adding the package adds the kind, and nothing else
lists kinds by name. Plugins register theirs under the entry-point group
``cx_rules.rule_kinds``. A plugin that fails to import, or was built for another rule-kind
API, is reported (see :func:`broken_kinds`) and skipped; the other kinds keep working. A
plugin kind never replaces a built-in of the same name (it is reported as broken).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace
from functools import cache
from importlib.metadata import entry_points

from cx_rules.kinds.base import RULE_KIND_API, RuleKind

ENTRY_POINT_GROUP = "cx_rules.rule_kinds"

def _check(obj: object, origin: str) -> str | None:
    if not isinstance(obj, RuleKind):
        return f"plugin {origin} does not provide a RuleKind"
    if obj.api_version != RULE_KIND_API:
        return (f"plugin {origin} targets rule-kind API {obj.api_version}, "
                f"this cx-rules provides API {RULE_KIND_API}")
    return None


def builtin_kinds() -> dict[str, RuleKind]:
    """Every subpackage of :mod:`cx_rules.kinds` that defines ``KIND``, by name."""
    import cx_rules.kinds as package

    found: dict[str, RuleKind] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, RuleKind):
            found[kind.name] = kind
    return found


@cache
def _load() -> tuple[dict[str, RuleKind], dict[str, str]]:
    kinds = builtin_kinds()
    broken: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        origin = f"{ep.dist.name if ep.dist else '?'} ({ep.value})"
        if ep.name in kinds and kinds[ep.name].origin == "built-in":
            if ep.value.startswith("cx_rules."):  # metadata of an older cx-rules install
                continue
            broken[ep.name] = f"plugin {origin} would replace the built-in kind {ep.name!r}"
            continue
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
