"""One event in, one canonical row out: the batch validation rules, applied to a single event.

:func:`canonical_event` returns the row exactly as the batch reader would produce it for the
same record (``load_interactions([event]).interactions``), or raises
:class:`~cx_rules.errors.InputError` naming the field, with the batch reject reason.

Running the vectorized normaliser for every event costs about 25 ms, so values that are
already canonical take a fast path in plain Python: aware datetimes or ISO 8601 text with an
offset, enum values in any letter case, finite numbers, booleans or the batch's true/false
words, claims as a mapping or JSON object text. Anything else (and every value the fast path
would reject) goes through the batch normaliser itself, so rejects carry the batch's reason
word for word. ``tests/test_streaming.py`` checks fast path == batch on random records.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from cx_rules.errors import InputError
from cx_rules.io.limits import DEFAULT_LIMITS, Limits
from cx_rules.io.parsing import ENUMS, FALSE_WORDS, TRUE_WORDS, decode_claims
from cx_rules.models.record import INTERACTION_FIELDS, REQUIRED_INTERACTION_FIELDS, ValueKind

Row = dict[str, Any]

FIELDS: tuple[str, ...] = tuple(f.name for f in INTERACTION_FIELDS)
_TIME_FIELDS = tuple(f.name for f in INTERACTION_FIELDS if f.kind == "timestamp")
_ASCII_SPACE = " \t\n\r\x0b\x0c"
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
)
_NUMBER = re.compile(r"^-?\d{1,15}(\.\d{1,15})?$")


class _Slow(Exception):
    """The fast path cannot decide this value: ask the batch normaliser."""


def _plain_text(value: Any, limits: Limits) -> str | None:
    """Stripped text or None for empty; :class:`_Slow` for anything unusual."""
    if value.__class__ is not str:
        if not isinstance(value, str):
            raise _Slow
        value = str(value)  # a StrEnum member
    text = value.strip(_ASCII_SPACE)
    if (text and (text[0].isspace() or text[-1].isspace())) or "\ufffd" in value:
        raise _Slow  # exotic white space, or bytes that were not UTF-8
    if len(value) * 4 > limits.max_field_bytes and len(value.encode()) > limits.max_field_bytes:
        raise _Slow
    return text or None


def _time(value: Any, limits: Limits) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is None or offset.seconds % 60 or offset.microseconds:
            raise _Slow  # naive, or an offset the batch's ISO text parsing cannot read
        return value.astimezone(UTC)
    text = _plain_text(value, limits)
    if text is None:
        return None
    if not _ISO.match(text):
        raise _Slow
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        raise _Slow from None


def _shared(value: Any, limits: Limits) -> str | None:
    """Text that repeats across events (case, customer, agent, topic): one string object per
    distinct value, so retained rows do not each hold a copy."""
    text = _plain_text(value, limits)
    return sys.intern(text) if text is not None else None


_CANONICAL: dict[str, dict[str, str]] = {f: {v: v for v in values} for f, values in ENUMS.items()}


def _enum(field: str, value: Any, limits: Limits) -> str | None:
    text = _plain_text(value, limits)
    if text is None:
        return None
    canonical = _CANONICAL[field].get(text.lower())
    if canonical is None:
        raise _Slow
    return canonical


def _float(value: Any, limits: Limits) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Slow
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = _plain_text(value, limits)
        if text is None:
            return None
        if not _NUMBER.match(text):
            raise _Slow
        number = float(text)
    if not math.isfinite(number):
        raise _Slow
    return number


def _bool(value: Any, limits: Limits) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = _plain_text(value, limits)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise _Slow


def _claim_value(value: Any) -> str | None:
    """What the batch's JSON round trip makes of one claim value (None: dropped)."""
    if value is None:
        return None
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return repr(value) if isinstance(value, float) else str(value)
    raise _Slow


def _claims(value: Any, limits: Limits) -> list[dict[str, str]] | None:
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(c, Mapping) and set(c) == {"key", "value"}
                                       for c in value):
        # the canonical form, as a batch frame's rows carry it
        value = {c["key"]: c["value"] for c in value}
        if not value:
            return None
    if isinstance(value, Mapping):
        out = []
        for key, raw in value.items():
            if not isinstance(key, str):
                raise _Slow
            text = _claim_value(raw)
            if text is not None:
                out.append({"key": key, "value": text})
        decoded = sorted(out, key=lambda kv: kv["key"])
        size = sum(len(c["key"]) + len(c["value"]) + 8 for c in decoded) * 4
        if size > limits.max_field_bytes:
            raise _Slow
    else:
        text = _plain_text(value, limits)
        if text is None:
            return None
        found, problem = decode_claims(text)
        if problem is not None or found is None:
            raise _Slow
        decoded = found
    if not decoded or any("\ufffd" in c["key"] or "\ufffd" in c["value"] for c in decoded):
        raise _Slow  # an empty object or odd bytes: let the batch path decide
    return decoded


def _extra_ok(value: Any, limits: Limits) -> bool:
    """A column the canonical record does not use: the batch ignores it, but still rejects
    the row for bytes that are not UTF-8 or an over-long value in it."""
    if value is None or isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return "\ufffd" not in value and len(value.encode()) <= limits.max_field_bytes
    return False


_KIND_PARSERS: dict[ValueKind, Callable[[Any, Limits], Any]] = {
    "text": _plain_text, "label": _shared, "timestamp": _time, "number": _float,
    "flag": _bool, "map": _claims,
}
_PARSERS: dict[str, Callable[[Any, Limits], Any]] = {
    f.name: functools.partial(_enum, f.name) if f.kind == "enum" else _KIND_PARSERS[f.kind]
    for f in INTERACTION_FIELDS
}
"""One parser per field, chosen by the field's value kind in the record model."""
_EMPTY: Row = dict.fromkeys(FIELDS)


def _fast(record: Mapping[str, Any], limits: Limits, now: datetime | None) -> Row:
    row = dict(_EMPTY)
    for key, value in record.items():
        parse = _PARSERS.get(key)
        if parse is None:
            if not isinstance(key, str) or key.startswith("_") or not _extra_ok(value, limits):
                raise _Slow
        elif value is not None:
            row[key] = parse(value, limits)
    if any(row[f] is None for f in REQUIRED_INTERACTION_FIELDS):
        raise _Slow
    tolerance = limits.future_tolerance
    if tolerance is not None and row["timestamp"] > (now or datetime.now(UTC)) + tolerance:
        raise _Slow
    return row


def _as_mapping(event: Any) -> Mapping[str, Any]:
    if isinstance(event, BaseModel):
        return event.model_dump()
    if isinstance(event, Mapping):
        return event
    raise InputError(f"an event must be a mapping or an Interaction, not {type(event).__name__}")


def _first_field(reason: str) -> tuple[str | None, str]:
    head, sep, rest = reason.partition(": ")
    if sep and head in FIELDS:
        return head, rest
    return None, reason


def batch_row(event: Any, *, limits: Limits = DEFAULT_LIMITS,
              now: datetime | None = None) -> Row:
    """The row the batch reader makes of one record (slow: one polars pass), or InputError."""
    from cx_rules.io import load_interactions

    log = load_interactions([_as_mapping(event)], limits=limits, now=now)
    if log.rejects.height:
        reason = str(log.rejects.row(0, named=True)["reason"])
        field, message = _first_field(reason)
        raise InputError(message, field=field)
    row = log.interactions.row(0, named=True)
    out = {f: row[f] for f in FIELDS}
    for field in _TIME_FIELDS:
        if out[field] is not None:
            out[field] = out[field].astimezone(UTC)
    return out


def canonical_event(event: Any, *, limits: Limits = DEFAULT_LIMITS,
                    now: datetime | None = None) -> Row:
    """Validate one event (a mapping or :class:`~cx_rules.models.Interaction`) like batch input.

    ``now`` is what "in the future" is measured against (default: the wall clock), as in
    :func:`cx_rules.io.load_interactions`.
    """
    record = _as_mapping(event)
    try:
        return _fast(record, limits, now)
    except _Slow:
        return batch_row(record, limits=limits, now=now)
