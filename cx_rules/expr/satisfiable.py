"""Conditions that can never hold, found without data (for ``cx-rules ruleset validate``).

A sound but incomplete check: it only reports what it can prove. Inside an ``and`` it
collects, per field, the constraints against literals (``==``, ``!=``, ``in``, ``not in``,
``< <= > >=``, ``is null``) and reports a conflict (two different required values, a value
both required and excluded, an empty range, a comparison with a field required to be null);
a comparison with a value outside a field's closed set (``channel == "fax"``) can never hold;
an ``or`` can never hold when none of its branches can. Anything else is assumed satisfiable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cx_rules.expr.ast import BoolOp, Compare, Expr, FieldRef, InList, IsNull, Lit, LitValue

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@dataclass
class _Field:
    """What an ``and`` requires of one field."""

    name: str
    domain: frozenset[str] | None = None
    """The field's closed set of values, if it has one."""
    equal: set[Any] | None = None
    """The values the field may still take (None: any)."""
    excluded: set[Any] = field(default_factory=set)
    low: tuple[Any, bool] | None = None
    """Lower bound and whether it is inclusive."""
    high: tuple[Any, bool] | None = None
    null: bool = False
    """``is null`` was required."""
    compared: bool = False
    """A comparison that is null (so false) when the field is null was required."""

    def conflict(self) -> str | None:
        if self.null and self.compared:
            return f"{self.name} is required to be null and compared with a value"
        candidates = self.equal if self.equal is not None else self.domain
        if candidates is None and self.low is not None and self.high is not None and (
                self.low == (self.high[0], True) and self.high[1]):
            candidates = {self.low[0]}  # x >= v and x <= v
        if candidates is not None:
            left = {v for v in candidates if v not in self.excluded and self._in_range(v)}
            if not left:
                return f"no value of {self.name} meets all of its conditions"
        if self.low is not None and self.high is not None:
            (lo, lo_inc), (hi, hi_inc) = self.low, self.high
            if _lt(hi, lo) or (lo == hi and not (lo_inc and hi_inc)):
                return f"the range of {self.name} is empty"
        return None

    def _in_range(self, value: Any) -> bool:
        try:
            if self.low is not None:
                lo, inclusive = self.low
                if _lt(value, lo) or (value == lo and not inclusive):
                    return False
            if self.high is not None:
                hi, inclusive = self.high
                if _lt(hi, value) or (value == hi and not inclusive):
                    return False
        except TypeError:
            return True
        return True


def _lt(a: Any, b: Any) -> bool:
    try:
        return bool(a < b)
    except TypeError:
        return False


def _atom(expr: Expr) -> tuple[str, str, Any] | None:
    """``(field, op, literal)`` for a comparison of a plain field with a non-null literal."""
    if isinstance(expr, Compare):
        if isinstance(expr.left, FieldRef) and isinstance(expr.right, Lit):
            ref, op, lit = expr.left, str(expr.op), expr.right
        elif isinstance(expr.right, FieldRef) and isinstance(expr.left, Lit):
            ref, op, lit = expr.right, _FLIP[expr.op], expr.left
        else:
            return None
        if lit.value is None or (isinstance(lit.value, bool) and op not in ("==", "!=")):
            return None
        return ref.name, op, lit.value
    return None


def never_holds(expr: Expr, domains: Mapping[str, frozenset[str]]) -> str | None:
    """Why ``expr`` can never be true, or None when that cannot be proved.

    ``domains`` maps a field name to its closed set of values (the enums of the record)."""
    if isinstance(expr, Lit):
        return "it is the constant false" if expr.value is False else None
    if isinstance(expr, BoolOp) and expr.op == "or":
        reasons = [never_holds(e, domains) for e in expr.operands]
        return "; ".join(r for r in reasons if r) if all(reasons) else None
    operands = expr.operands if isinstance(expr, BoolOp) else (expr,)
    fields: dict[str, _Field] = {}
    for operand in operands:
        if isinstance(operand, BoolOp):
            reason = never_holds(operand, domains)
            if reason:
                return reason
            continue
        reason = _constrain(operand, fields, domains)
        if reason:
            return reason
    for spec in fields.values():
        reason = spec.conflict()
        if reason:
            return reason
    return None


def _spec(fields: dict[str, _Field], name: str,
          domains: Mapping[str, frozenset[str]]) -> _Field:
    if name not in fields:
        fields[name] = _Field(name, domains.get(name))
    return fields[name]


def _constrain(expr: Expr, fields: dict[str, _Field],
               domains: Mapping[str, frozenset[str]]) -> str | None:
    """Add one conjunct's constraint; a reason when it alone can never hold."""
    if isinstance(expr, IsNull) and isinstance(expr.operand, FieldRef):
        spec = _spec(fields, expr.operand.name, domains)
        if not expr.negate:
            spec.null = True
        return None
    if isinstance(expr, InList) and isinstance(expr.operand, FieldRef):
        name = expr.operand.name
        values: set[LitValue] = {v for v in expr.values if v is not None}
        spec = _spec(fields, name, domains)
        spec.compared = True
        if expr.negate:
            spec.excluded |= values
            return None
        domain = domains.get(name)
        if domain is not None:
            values &= set(domain)
            if not values:
                return (f"{name} is never one of {sorted(map(str, expr.values))} "
                        f"(it is one of {', '.join(sorted(domain))})")
        spec.equal = values if spec.equal is None else spec.equal & values
        return None
    atom = _atom(expr)
    if atom is None:
        return None
    name, op, value = atom
    spec = _spec(fields, name, domains)
    spec.compared = True
    domain = domains.get(name)
    if op == "==":
        if domain is not None and value not in domain:
            return f"{name} is never {value!r} (it is one of {', '.join(sorted(domain))})"
        spec.equal = {value} if spec.equal is None else spec.equal & {value}
    elif op == "!=":
        spec.excluded.add(value)
    elif op in ("<", "<="):
        if spec.high is None or _lt(value, spec.high[0]) or (
                value == spec.high[0] and op == "<"):
            spec.high = (value, op == "<=")
    else:
        if spec.low is None or _lt(spec.low[0], value) or (value == spec.low[0] and op == ">"):
            spec.low = (value, op == ">=")
    return None
