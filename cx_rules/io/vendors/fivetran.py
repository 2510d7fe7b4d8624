"""Zendesk as Fivetran's connector loads it into a warehouse: the ``ticket``,
``ticket_comment``, ``user`` and ``ticket_field_history`` tables read together (and, when
present, the dbt_zendesk package's ``zendesk__sla_policies`` verdicts)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import polars as pl

from cx_rules.io.transform_base import TRUE_WORDS, need_columns
from cx_rules.schema import context_reason

OUT_COLUMNS = ("interaction_id", "case_id", "customer_id", "timestamp", "via", "direction",
               "actor", "agent_id", "text", "status", "priority", "topic", "sla_met",
               "sla_metrics", "_reject")
SLA_METRICS = {"first_reply_time": "first_reply", "next_reply_time": "next_reply",
               "periodic_update_time": "periodic_update",
               "requester_wait_time": "requester_wait", "agent_work_time": "agent_work"}
"""Zendesk's SLA metrics -> ours (pausable_update_time has no counterpart)."""
AGENT_ROLES = frozenset({"agent", "admin"})
SYSTEM_USER = "-1"
_READ_COLUMNS = ("id", "ticket_id", "user_id", "requester_id", "via_channel", "created_at",
                 "created", "updated", "subject", "type", "priority", "status", "body",
                 "public", "role", "field_name", "value", "metric", "is_sla_breach",
                 "_reject", "_file_role")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _time(value: Any) -> str | None:
    """A Fivetran timestamp as ISO text with its offset: the connector writes UTC, in
    warehouses' naive ``timestamp`` columns too, so a naive time is UTC."""
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.isoformat()
    text = _text(value)
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text  # the normalizer rejects it, naming the value
    return _time(parsed)


def _order(value: Any) -> datetime:
    text = _time(value)
    try:
        return datetime.fromisoformat(text) if text else datetime.max.replace(tzinfo=UTC)
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)


def _true(value: Any) -> bool | None:
    text = _text(value)
    return None if text is None else text.lower() in TRUE_WORDS


@dataclass
class _Ticket:
    row: dict[str, Any]
    comments: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    breaches: dict[str, bool] = field(default_factory=dict)
    """Our metric -> breached, by the help desk's SLA events."""


def fivetran_zendesk(raw: pl.LazyFrame) -> pl.LazyFrame:
    """Rows of the four tables (``_file_role`` ticket, comment, user, field_history; and sla)
    -> events.

    * Each public ``ticket_comment`` is a message at ``created``: inbound from the customer
      when its ``user_id`` is the ticket's ``requester_id`` (even a requester who is also an
      agent) or an ``end-user`` (someone CC'd), else an agent's reply (``agent_id`` =
      ``user_id``, role ``agent`` or ``admin`` in ``user``). A private comment
      (``public`` false) is rejected as an internal note; a comment by a user missing from
      ``user``, or of a ticket missing from ``ticket``, is rejected saying so.
    * Each ``ticket_field_history`` row of ``field_name`` status is an event at ``updated``
      whose status is ``value``, made by the requester (inbound), the system (user -1) or an
      agent; the ticket's first status row (``new``) is the status its request was created
      with and goes on the first comment. Rows of ``priority`` set the ticket's priority for
      its later events; both they and rows of other fields (assignee, group, tags...) are
      rejected as not interactions.
    * A ticket without any comment (a sampled extract) is its own request: inbound at
      ``created_at`` with its ``subject``; a ticket with comments is rejected as read
      through them. ``user`` rows are rejected as read for the authors' roles.
    * The channel is the ticket's ``via_channel``, the topic its ``type``; the customer is
      the requester.
    * Rows of ``zendesk__sla_policies`` (dbt_zendesk's SLA events, optional) give each event
      of their ticket ``sla_met`` = no breach among them and ``sla_metrics`` = the metrics
      they judge (first_reply_time -> first_reply...); they are rejected as read for that.
    """
    names = raw.collect_schema().names()
    need_columns(names, ("_file_role",), "fivetran_zendesk")
    keep: list[str] = [c for c in ("_source", "_row", "_too_long") if c in names]
    cols = [c for c in _READ_COLUMNS if c in names]
    df = raw.select(*keep, *cols).collect()
    records = df.to_dicts()
    by_role: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_role.setdefault(str(r.get("_file_role")), []).append(r)
    roles = {_text(u.get("id")): (_text(u.get("role")) or "").lower()
             for u in by_role.get("user", [])}
    tickets: dict[str, _Ticket] = {}
    out: list[dict[str, Any]] = []

    def reject(r: dict[str, Any], reason: str, iid: str | None = None) -> None:
        out.append({**{c: r.get(c) for c in keep}, "interaction_id": iid,
                    "_reject": r.get("_reject") or reason})

    for r in by_role.get("ticket", []):
        tid = _text(r.get("id"))
        if tid is None:
            reject(r, "id: missing (a ticket row without its id)")
        elif tid in tickets:
            reject(r, f"ticket {tid} is in the ticket table twice (this row is not read)")
        else:
            tickets[tid] = _Ticket(r)
    for role, rows in by_role.items():
        if role in ("ticket", "user"):
            continue
        for r in rows:
            tid = _text(r.get("ticket_id"))
            ticket = tickets.get(tid) if tid is not None else None
            if ticket is None:
                reject(r, f"ticket_id {tid!r} is not in the ticket table" if tid
                       else "ticket_id: missing", _text(r.get("id")))
            elif role == "comment":
                ticket.comments.append(r)
            elif role == "field_history":
                ticket.changes.append(r)
            elif role == "sla":
                metric = SLA_METRICS.get((_text(r.get("metric")) or "").lower())
                if metric is None:
                    reject(r, context_reason(f"an SLA event of metric "
                                             f"{_text(r.get('metric'))!r}, which cx-rules "
                                             "does not judge: not compared"))
                    continue
                breached = bool(_true(r.get("is_sla_breach")))
                ticket.breaches[metric] = ticket.breaches.get(metric, False) or breached
                reject(r, context_reason("an SLA event of the help desk's own (dbt_zendesk): "
                                         "compared with our verdicts in the summary"))
            else:
                reject(r, f"a row of role {role!r}: not read")
    for r in by_role.get("user", []):
        reject(r, context_reason("a user (read for the comment authors' roles): not an "
                                 "interaction"))
    for tid, ticket in tickets.items():
        out.extend(_ticket_events(tid, ticket, roles, keep))
    out.sort(key=lambda e: (str(e.get("_source")), e.get("_row") or 0,
                            str(e.get("interaction_id"))))
    schema: dict[str, pl.DataType] = {c: df.schema[c] for c in keep}
    schema.update({c: pl.String() for c in OUT_COLUMNS})
    schema["sla_met"] = pl.Boolean()
    return pl.DataFrame(out, schema=schema).lazy()


def _by_time(rows: Iterable[dict[str, Any]], column: str) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (_order(r.get(column)), r.get("_row") or 0))


def _ticket_events(tid: str, ticket: _Ticket, roles: dict[str | None, str],
                   keep: list[str]) -> list[dict[str, Any]]:
    t = ticket.row
    requester = _text(t.get("requester_id"))
    changes = _by_time(ticket.changes, "updated")
    statuses = [c for c in changes if (_text(c.get("field_name")) or "").lower() == "status"]
    priorities = [(_order(c.get("updated")), _text(c.get("value"))) for c in changes
                  if (_text(c.get("field_name")) or "").lower() == "priority"]
    created_status = statuses[0] if statuses and \
        (_text(statuses[0].get("value")) or "").lower() == "new" else None
    verdict = None if not ticket.breaches else not any(ticket.breaches.values())
    common = {"case_id": tid, "customer_id": requester, "via": _text(t.get("via_channel")),
              "topic": _text(t.get("type")), "sla_met": verdict,
              "sla_metrics": ",".join(sorted(ticket.breaches)) or None,
              "_reject": t.get("_reject") or (None if requester else
                                              "requester_id: the ticket has no requester")}

    def priority_at(when: datetime) -> str | None:
        current = priorities[0][1] if priorities else _text(t.get("priority"))
        for at, value in priorities:
            if at <= when:
                current = value or current
        return current

    events: list[dict[str, Any]] = []

    def event(r: dict[str, Any], iid: str | None, when: Any, who: dict[str, Any],
              **fields: Any) -> dict[str, Any]:
        e = {**{c: r.get(c) for c in keep}, **common, "interaction_id": iid,
             "timestamp": _time(when), "priority": priority_at(_order(when)), "text": None,
             "status": None, **who, **fields}
        e["_reject"] = r.get("_reject") or e["_reject"]
        events.append(e)
        return e

    def who(user: str | None) -> dict[str, Any]:
        if user is not None and user == requester:
            return {"direction": "inbound", "actor": "customer", "agent_id": None}
        if user == SYSTEM_USER:
            return {"direction": "outbound", "actor": "system", "agent_id": None}
        if roles.get(user) == "end-user":
            return {"direction": "inbound", "actor": "customer", "agent_id": None}
        return {"direction": "outbound", "actor": "agent", "agent_id": user}

    comments = _by_time(ticket.comments, "created")
    first_public = True
    for c in comments:
        cid, author = _text(c.get("id")), _text(c.get("user_id"))
        if _true(c.get("public")) is False:
            event(c, cid, c.get("created"), who(author),
                  _reject=c.get("_reject") or "an internal note (private comment): not "
                  "customer-facing")
            continue
        if author is None or (author != requester and author not in roles):
            event(c, cid, c.get("created"), who(author),
                  _reject=c.get("_reject") or (
                      f"user_id {author} (the comment's author) is not in the user table"
                      if author else "user_id: missing (who wrote the comment?)"))
            continue
        status = _text(created_status.get("value")) if created_status and first_public \
            else None
        first_public = False
        event(c, cid, c.get("created"), who(author), text=_text(c.get("body")), status=status)
    if not comments:
        event(t, f"{tid}:created", t.get("created_at"), who(requester),
              text=_text(t.get("subject")),
              status=_text(created_status.get("value")) if created_status else None)
    else:
        events.append({**{c: t.get(c) for c in keep}, "interaction_id": None,
                       "_reject": t.get("_reject") or context_reason(
                           "a ticket row: read through its comments and field history")})
    for h in changes:
        name = (_text(h.get("field_name")) or "").lower()
        iid = f"{tid}:{name or 'field'}:{_time(h.get('updated'))}"
        if h is created_status:
            events.append({**{c: h.get(c) for c in keep}, "interaction_id": iid,
                           "_reject": h.get("_reject") or context_reason(
                               "the status the ticket was created with (on its request)")})
        elif name == "status":
            event(h, iid, h.get("updated"), who(_text(h.get("user_id"))),
                  status=_text(h.get("value")))
        else:
            what = "a priority change: not an interaction (applied to the ticket's later " \
                "events)" if name == "priority" else \
                f"a change of {name or '(no field_name)'}: not an interaction"
            events.append({**{c: h.get(c) for c in keep}, "interaction_id": iid,
                           "_reject": h.get("_reject") or context_reason(what)})
    return events
