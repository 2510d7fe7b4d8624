"""The fields of the canonical record, read off the pydantic models (the one definition).

:class:`~cx_rules.models.Interaction` and :class:`~cx_rules.models.CustomerProfile` are the
single source of the record's shape. Everything that needs the shape as data derives it from
:data:`INTERACTION_FIELDS` and :data:`CUSTOMER_FIELDS`: the polars schemas
(:mod:`cx_rules.schema`), the required/optional split (applicability), the enum vocabularies
(:mod:`cx_rules.io.parsing`), the streaming event parser (one parser per value kind) and the
benchmark generator's columns.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel

from cx_rules.models.interaction import CustomerProfile, Interaction

ValueKind = Literal["text", "label", "timestamp", "enum", "number", "flag", "map", "list"]
"""How a field's values are written: free ``text``; a ``label`` (text repeated across many
events: ids, topics); an aware ``timestamp``; an ``enum`` value; a ``number``; a true/false
``flag``; a ``map`` of text to text (claims); a ``list`` of enum values."""


@dataclass(frozen=True)
class RecordField:
    """One field of the record, as every engine needs to know it."""

    name: str
    kind: ValueKind
    required: bool
    description: str
    choices: tuple[str, ...] = ()
    """An enum field's values, in declaration order (for a ``list``: its items' values)."""


def _unwrap_optional(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(inner) == 1:
            return inner[0]
        raise TypeError(f"a record field must have one type, not {annotation}")
    return annotation


def _enum_values(annotation: Any) -> tuple[str, ...]:
    return tuple(str(member.value) for member in annotation)


def _kind(name: str, annotation: Any, repeats: bool) -> tuple[ValueKind, tuple[str, ...]]:
    t = _unwrap_optional(annotation)
    origin = typing.get_origin(t)
    if origin is dict and typing.get_args(t) == (str, str):
        return "map", ()
    if origin is list:
        (item,) = typing.get_args(t)
        if isinstance(item, type) and issubclass(item, Enum):
            return "list", _enum_values(item)
    elif isinstance(t, type):
        if issubclass(t, Enum):
            return "enum", _enum_values(t)
        if issubclass(t, bool):
            return "flag", ()
        if issubclass(t, datetime) or t is AwareDatetime:
            return "timestamp", ()
        if issubclass(t, float):
            return "number", ()
        if issubclass(t, str):
            return ("label" if repeats else "text"), ()
    raise TypeError(f"record field {name!r}: no value kind for {annotation}")


def record_fields(model: type[BaseModel]) -> tuple[RecordField, ...]:
    """The fields of a record model, in declaration order."""
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind, choices = _kind(name, info.annotation, bool(extra.get("repeats")))
        out.append(RecordField(name, kind, info.is_required(), info.description or "", choices))
    return tuple(out)


INTERACTION_FIELDS: tuple[RecordField, ...] = record_fields(Interaction)
"""The canonical interaction record (DESIGN.md section 2)."""

CUSTOMER_FIELDS: tuple[RecordField, ...] = record_fields(CustomerProfile)
"""The customer profile."""

REQUIRED_INTERACTION_FIELDS: tuple[str, ...] = tuple(
    f.name for f in INTERACTION_FIELDS if f.required)
"""What every input row must give."""

OPTIONAL_INTERACTION_FIELDS: tuple[str, ...] = tuple(
    f.name for f in INTERACTION_FIELDS if not f.required)
"""The fields a log may lack: a rule that needs one cannot apply to a log without it."""

ENUMS: dict[str, tuple[str, ...]] = {
    f.name: f.choices for f in INTERACTION_FIELDS if f.kind == "enum"}
"""The allowed values of each enum field of the interaction record."""


def fields_of_kind(*kinds: ValueKind) -> tuple[str, ...]:
    """Names of the interaction fields whose values are of one of these kinds."""
    return tuple(f.name for f in INTERACTION_FIELDS if f.kind in kinds)
