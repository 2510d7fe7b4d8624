"""Zendesk incremental ticket event export: one ticket event (an audit) per record, its
changes and comments in ``child_events``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from cx_rules.io.transform_base import need_columns
from cx_rules.io.vendors.common import order_time
from cx_rules.schema import context_reason

SYSTEM_VIAS = frozenset({
    "rule", "automation", "trigger", "closed ticket", "merge", "linked problem", "batch",
    "web service", "system", "sla", "ticket sharing", "recovered from suspended tickets",
    "side conversation", "follow-up", "sample ticket"})
"""``via`` labels of changes the help desk makes by itself: such an event takes its ticket's
channel (where the customer is), since the change did not happen on a channel of its own."""

OUT_COLUMNS = ("interaction_id", "case_id", "customer_id", "timestamp", "via", "direction",
               "actor", "agent_id", "text", "status", "priority", "_reject")
_SYSTEM_USER = "-1"


@dataclass
class _Ticket:
    requester: str | None = None
    via: str | None = None
    priority: str | None = None
    seen: list[int] = field(default_factory=list)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text or None


def _via(value: Any) -> str | None:
    """A via label: the text itself, or the ``channel`` of a via object (Tickets API form)."""
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return _text(value)
    if isinstance(value, dict):
        return _text(value.get("channel"))
    return _text(value)


def _kind(child: dict[str, Any]) -> str:
    return str(child.get("event_type") or child.get("type") or "").strip().lower()


def _set(child: dict[str, Any], name: str) -> str | None:
    """The value a Create or Change child sets for ticket field ``name`` (either the
    ``field_name``/``value`` form or a key of its own, as in Create events)."""
    if _text(child.get("field_name")) == name:
        return _text(child.get("value"))
    return _text(child.get(name)) if _kind(child) == "create" else None


def _decoded(item: Any) -> Any:
    if isinstance(item, str) and item.lstrip().startswith("{"):
        try:
            return json.loads(item)
        except (json.JSONDecodeError, RecursionError):
            return item
    return item


def _children(text: str | None) -> tuple[list[dict[str, Any]], str | None]:
    if text is None or not text.strip():
        return [], None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return [], "child_events: not valid JSON"
    if isinstance(data, dict):
        data = [data]
    if isinstance(data, list):  # polars reads a list mixing objects and text as JSON texts
        data = [_decoded(c) for c in data]
    if not isinstance(data, list) or not all(isinstance(c, dict) for c in data):
        return [], "child_events: not a list of objects"
    return data, None


def zendesk_ticket_events(raw: pl.LazyFrame) -> pl.LazyFrame:
    """Ticket events -> one event per customer-facing child event.

    * ``Comment``: a message (``body``; ``author_id``, else the event's ``updater_id``). The
      requester's comments are inbound from the customer, anyone else's outbound from an agent
      (``agent_id`` = author). A private comment (``public`` false) is rejected as an internal
      note, with its reason.
    * ``Change`` of ``status``: the status after the event (``value``), made by the requester
      (inbound), the system (``updater_id`` -1) or an agent.
    * ``Create`` without a comment in the same ticket event: the customer's request (text =
      subject). A Create sets the ticket's requester, status and priority (``requester_id``,
      ``status``, ``priority`` keys, or ``field_name``/``value``); the creation status goes on
      the creation's event.

    The customer is the ticket's requester: the ticket event's ``requester_id`` or a Create
    child's. Priority is the ticket's latest known one at each event (Create or Change of
    ``priority``). ``via`` is the child's or the ticket event's (a label such as ``Web form``,
    or a via object's ``channel``); help-desk-made changes (``Rule``, ``Closed ticket``...)
    take the ticket's channel. A ticket event with no such child (only tag changes,
    notifications) is rejected saying what it held; an event of a ticket whose requester is
    not in the export is rejected naming the ticket (who the customer is is unknown).
    Events get ``interaction_id`` = the child's ``id`` (``EVENT:N`` without one).
    """
    names = raw.collect_schema().names()
    need_columns(names, ("ticket_id", "child_events"), "zendesk_ticket_events")
    has = set(names)
    keep: list[str] = [c for c in ("_source", "_row", "_too_long") if c in has]
    wanted = [c for c in ("id", "ticket_id", "created_at", "timestamp", "updater_id", "via",
                          "requester_id", "child_events", "_reject") if c in has]
    df = raw.select(*keep, *wanted).collect()
    order = df.select(pl.arg_sort_by(order_time(pl.coalesce(
        [pl.col(c) for c in ("created_at", "timestamp") if c in has] or [pl.lit(None)])),
        pl.col("_row"), nulls_last=True)).to_series().to_list()
    records = df.to_dicts()
    tickets: dict[str, _Ticket] = {}
    parsed: dict[int, tuple[list[dict[str, Any]], str | None]] = {}
    for i in order:  # first pass, in time order: each ticket's requester and channel
        rec = records[i]
        tid = _text(rec.get("ticket_id"))
        children, error = _children(rec.get("child_events"))
        parsed[i] = children, error
        if tid is None:
            continue
        ticket = tickets.setdefault(tid, _Ticket())
        ticket.requester = ticket.requester or _text(rec.get("requester_id")) or next(
            (v for c in children if (v := _set(c, "requester_id"))), None)
        via = _via(rec.get("via"))
        if ticket.via is None and via is not None and via.lower() not in SYSTEM_VIAS:
            ticket.via = via
    out: list[dict[str, Any]] = []
    for i in order:
        rec = records[i]
        base = {c: rec.get(c) for c in keep}
        children, error = parsed[i]
        reason = rec.get("_reject") or error
        tid = _text(rec.get("ticket_id"))
        if reason is None and tid is None:
            reason = "ticket_id: missing"
        if reason is not None:
            out.append({**base, "interaction_id": _text(rec.get("id")), "_reject": reason})
            continue
        assert tid is not None
        when = _text(rec.get("created_at")) or _text(rec.get("timestamp"))
        out.extend({**base, **e} for e in _events(rec, children, tickets[tid], tid, when))
    out.sort(key=lambda r: r["_row"])
    schema: dict[str, pl.DataType] = {c: df.schema[c] for c in keep}
    schema.update({c: pl.String() for c in OUT_COLUMNS})
    return pl.DataFrame(out, schema=schema).lazy()


def _events(rec: dict[str, Any], children: list[dict[str, Any]], ticket: _Ticket,
            tid: str, when: Any) -> list[dict[str, Any]]:
    event_id = _text(rec.get("id")) or f"{tid}@{rec.get('_row')}"
    updater = _text(rec.get("updater_id"))
    event_via = _via(rec.get("via"))
    created = [c for c in children if _kind(c) == "create"]
    for c in children:  # the ticket's priority after this event
        ticket.priority = _set(c, "priority") or ticket.priority
    created_status = next((v for c in created if (v := _set(c, "status"))), None)
    subject = next((v for c in created if (v := _set(c, "subject"))), None)
    requester = ticket.requester
    found: list[dict[str, Any]] = []

    def add(child: dict[str, Any], n: int, author: str | None, **values: Any) -> None:
        via = _via(child.get("via")) or event_via
        if via is None or via.lower() in SYSTEM_VIAS:
            via = ticket.via or via
        if author == _SYSTEM_USER:
            who = {"direction": "outbound", "actor": "system", "agent_id": None}
        elif author is not None and author == requester:
            who = {"direction": "inbound", "actor": "customer", "agent_id": None}
        else:
            who = {"direction": "outbound", "actor": "agent", "agent_id": author}
        found.append({
            "interaction_id": _text(child.get("id")) or f"{event_id}:{n}", "case_id": tid,
            "customer_id": requester, "timestamp": _text(when), "via": via,
            "priority": ticket.priority, "text": None, "status": None, "_reject": None,
            **who, **values})

    kinds: list[str] = []
    for n, child in enumerate(children, start=1):
        kind = _kind(child)
        field_name = _text(child.get("field_name"))
        kinds.append(f"{kind or '?'} {field_name}" if field_name else kind or "?")
        if kind == "comment":
            author = _text(child.get("author_id")) or updater
            body = _text(child.get("body")) or _text(child.get("plain_body")) \
                or _text(child.get("html_body"))
            public = child.get("public", child.get("comment_public", True))
            private = str(public).strip().lower() in ("false", "0", "no")
            add(child, n, author, text=body, status=created_status if created else None,
                _reject="private comment (internal note), not customer-facing"
                if private else None)
        elif kind == "change" and field_name == "status":
            add(child, n, updater, status=_text(child.get("value")))
    if created and not any(_kind(c) == "comment" for c in children):
        add({**created[0], "id": f"{event_id}:create"}, 0, requester, text=subject,
            status=created_status, direction="inbound", actor="customer", agent_id=None)
    if not found:
        held = ", ".join(sorted(set(kinds))) or "no child events"
        return [{"interaction_id": event_id, "case_id": tid,
                 "_reject": context_reason(f"ticket event {event_id} has no comment, status "
                                           f"change or creation ({held}): not an interaction")}]
    if requester is None:
        for e in found:
            e["_reject"] = e["_reject"] or (
                f"customer_id: the requester of ticket {tid} is not in the export (no Create "
                "event, no requester_id): who the customer is is unknown")
    return found
