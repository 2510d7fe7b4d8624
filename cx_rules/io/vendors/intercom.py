"""Intercom conversations (REST API ``GET /conversations/{id}`` objects, or a list of them):
one conversation per record, its messages and actions in ``conversation_parts``."""

from __future__ import annotations

import html
import json
import re
import warnings
from typing import Any

import polars as pl

from cx_rules.io.transform_base import InputWarning, need_columns

CUSTOMER_TYPES = frozenset({"user", "lead", "contact"})
AGENT_TYPES = frozenset({"admin", "team"})
STATUS_PARTS = {"close": "closed", "open": "open", "snoozed": "pending", "unsnoozed": "open"}
"""Part types that change the conversation's state, and the status after them."""
ASSIGNMENTS = frozenset({"assignment", "default_assignment", "away_mode_assignment",
                         "assign_and_reopen", "assign_and_unsnooze"})
NOTES = frozenset({"note", "note_and_reopen"})
OUT_COLUMNS = ("interaction_id", "case_id", "customer_id", "timestamp", "via", "direction",
               "actor", "agent_id", "text", "status", "priority", "_reject")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_MAX_EXAMPLES = 5


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text or None


def _plain(body: Any) -> str | None:
    """Intercom bodies are HTML: the text, tags removed and entities decoded."""
    text = _text(body)
    if text is None:
        return None
    text = re.sub(r"(?i)<br\s*/?>|</p>", "\n", text)
    text = html.unescape(_TAG.sub("", text))
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.splitlines()).strip() or None


def _object(text: Any) -> dict[str, Any] | None:
    if isinstance(text, dict):
        return text
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _who(author: dict[str, Any] | None) -> tuple[str, str, str | None]:
    """(direction, actor, agent_id) of an author object."""
    kind = str((author or {}).get("type") or "").lower()
    if kind in CUSTOMER_TYPES:
        return "inbound", "customer", None
    if kind == "bot":
        return "outbound", "bot", _text((author or {}).get("id"))
    return "outbound", "agent", _text((author or {}).get("id"))


def intercom_conversations(raw: pl.LazyFrame) -> pl.LazyFrame:
    """Conversations -> one event for the opening message and one per conversation part.

    * ``source``: the opening message (``body``, ``author``; ``delivered_as``
      ``admin_initiated`` is the company writing first).
    * ``comment`` parts: messages; the author's ``type`` says who (user/lead/contact:
      the customer, inbound; admin/team: an agent, ``agent_id`` = author id; bot: a bot).
    * ``note`` parts are internal notes: rejected with that reason.
    * ``close``/``open``/``snoozed``/``unsnoozed`` parts set the status after them (closed,
      open, pending, open), as a message when they carry a body, else a system event;
      assignments with a body are messages, without one system events naming the assignee as
      ``agent_id``. Other part types (ratings, attribute changes) are rejected as not
      customer-facing.

    The customer is the opening message's user author, else the first of ``contacts``, else
    the first user who wrote a part; a conversation without one has its events rejected. The
    channel is ``source.type`` (``conversation`` is the Messenger); ``priority`` is Intercom's
    flag (``priority`` -> high, ``not_priority`` -> normal). ``created_at`` is Unix seconds. A
    conversation whose parts list is shorter than its ``total_count`` (the API returns at most
    500) is read as far as it goes, with one warning.
    """
    names = raw.collect_schema().names()
    need_columns(names, ("id", "source", "conversation_parts"), "intercom_conversations")
    keep: list[str] = [c for c in ("_source", "_row", "_too_long") if c in names]
    wanted = [c for c in ("id", "created_at", "source", "conversation_parts", "contacts",
                          "priority", "_reject") if c in names]
    df = raw.select(*keep, *wanted).collect()
    out: list[dict[str, Any]] = []
    cut: list[str] = []
    for rec in df.to_dicts():
        base = {c: rec.get(c) for c in keep}
        conv = _text(rec.get("id"))
        reason = rec.get("_reject") or (None if conv is not None else "id: missing")
        source = _object(rec.get("source"))
        parts_obj = _object(rec.get("conversation_parts"))
        parts = (parts_obj or {}).get("conversation_parts")
        if reason is None and (source is None or not isinstance(parts, list)):
            reason = ("source and conversation_parts must be JSON objects (an Intercom "
                      "conversation)")
        if reason is not None:
            out.append({**base, "interaction_id": conv, "_reject": reason})
            continue
        assert conv is not None and source is not None and isinstance(parts, list)
        total = (parts_obj or {}).get("total_count")
        if isinstance(total, int) and total > len(parts):
            cut.append(conv)
        out.extend({**base, **e} for e in _events(rec, conv, source, parts))
    if cut:
        warnings.warn(InputWarning(
            f"{len(cut)} conversation(s) list fewer parts than their total_count (e.g. "
            f"{', '.join(cut[:_MAX_EXAMPLES])}): later parts are not in the export"),
            stacklevel=3)
    schema: dict[str, pl.DataType] = {c: df.schema[c] for c in keep}
    schema.update({c: pl.String() for c in OUT_COLUMNS})
    return pl.DataFrame(out, schema=schema).lazy()


def _customer(source: dict[str, Any], parts: list[Any], contacts: Any) -> str | None:
    author = source.get("author") or {}
    if str(author.get("type") or "").lower() in CUSTOMER_TYPES and _text(author.get("id")):
        return _text(author.get("id"))
    listed = (_object(contacts) or {}).get("contacts")
    if isinstance(listed, list) and listed and isinstance(listed[0], dict):
        found = _text(listed[0].get("id"))
        if found:
            return found
    for item in parts:
        part = _object(item) if isinstance(item, str) else item
        who = part.get("author") if isinstance(part, dict) else None
        if isinstance(who, dict) and str(who.get("type") or "").lower() in CUSTOMER_TYPES:
            return _text(who.get("id"))
    return None


def _events(rec: dict[str, Any], conv: str, source: dict[str, Any],
            parts: list[Any]) -> list[dict[str, Any]]:
    customer = _customer(source, parts, rec.get("contacts"))
    channel = _text(source.get("type")) or "conversation"
    flag = _text(rec.get("priority"))
    priority = {"priority": "high", "not_priority": "normal"}.get(flag or "", flag)
    common = {"case_id": conv, "customer_id": customer, "via": channel, "priority": priority,
              "status": None, "_reject": None}
    direction, actor, agent = _who(source.get("author"))  # admin_initiated: an admin
    events = [{**common, "interaction_id": _text(source.get("id")) or f"{conv}:source",
               "timestamp": _text(rec.get("created_at")), "direction": direction,
               "actor": actor, "agent_id": agent, "text": _plain(source.get("body")),
               "status": "open"}]
    for n, item in enumerate(parts, start=1):
        # polars reads a list mixing objects and other values as JSON texts of each
        part = _object(item) if isinstance(item, str) else item
        if not isinstance(part, dict):
            events.append({**common, "interaction_id": f"{conv}:part{n}",
                           "_reject": "conversation part is not a JSON object"})
            continue
        kind = str(part.get("part_type") or "").strip().lower()
        body = _plain(part.get("body"))
        direction, actor, agent = _who(part.get("author"))
        event = {**common, "interaction_id": _text(part.get("id")) or f"{conv}:part{n}",
                 "timestamp": _text(part.get("created_at")), "direction": direction,
                 "actor": actor, "agent_id": agent, "text": body}
        if kind in NOTES:
            event["_reject"] = "internal note (Intercom note part), not customer-facing"
        elif kind in STATUS_PARTS or kind in ASSIGNMENTS:
            event["status"] = STATUS_PARTS.get(kind)
            if body is None:  # an action, not a message
                assignee = part.get("assigned_to")
                event.update(direction="outbound", actor="system", agent_id=_text(
                    assignee.get("id")) if isinstance(assignee, dict) else None)
        elif kind != "comment":
            event["_reject"] = f"part_type {kind or '(none)'!r} is not customer-facing"
        events.append(event)
    if customer is None:
        for e in events:
            e["_reject"] = e["_reject"] or (
                f"customer_id: conversation {conv} names no user (no user author, no contacts)")
    return events
