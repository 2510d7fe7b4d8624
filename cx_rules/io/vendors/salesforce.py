"""Salesforce Service Cloud: the Case export and the CaseHistory export, read together."""

from __future__ import annotations

from typing import Any

import polars as pl

from cx_rules.io.transform_base import need_columns
from cx_rules.io.vendors.common import order_time
from cx_rules.schema import context_reason

OUT_COLUMNS = ("interaction_id", "case_id", "customer_id", "timestamp", "via", "direction",
               "actor", "agent_id", "text", "status", "priority", "topic", "_reject")
CREATED_FIELDS = frozenset({"created", "createdbyid"})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def salesforce_cases(raw: pl.LazyFrame) -> pl.LazyFrame:
    """Case rows (``_file_role`` case) and CaseHistory rows (role history) -> events.

    Each Case row is the customer's request: inbound, at ``CreatedDate``, customer =
    ``ContactId``, channel = ``Origin``, text = ``Subject``, topic = ``Type``, status = the
    first Status change's ``OldValue`` (the case's status before anyone changed it; the
    Case's own ``Status`` is the one at export time, so it is not read per event). Each
    CaseHistory row of ``Field`` Status is a change made by ``CreatedById`` (outbound,
    agent) whose ``NewValue`` is the status after it, at its ``CreatedDate``; a case with no
    Status history but a ``ClosedDate`` gets one ``ID:closed`` event there. Priority is the
    case's at each event (``Priority`` changes in the history are applied in time order;
    without any, the Case's ``Priority``). History rows of other fields (Owner, the
    ``created`` row...) are rejected as not interactions, and rows of a case that is not in
    the Case export are rejected saying so.
    """
    names = raw.collect_schema().names()
    need_columns(names, ("_file_role",), "salesforce_cases")
    keep: list[str] = [c for c in ("_source", "_row", "_too_long") if c in names]
    cols = [c for c in ("Id", "CaseId", "ContactId", "Origin", "Priority", "Status", "Subject",
                        "Type", "CreatedDate", "ClosedDate", "OwnerId", "Field", "OldValue",
                        "NewValue", "CreatedById", "_reject", "_file_role") if c in names]
    df = raw.select(*keep, *cols).collect()
    order = df.select(pl.arg_sort_by(order_time(pl.col("CreatedDate")) if "CreatedDate" in cols
                                     else pl.lit(0), pl.col("_row"), nulls_last=True))
    records = df.to_dicts()
    cases = {_text(r.get("Id")): r for r in records
             if r.get("_file_role") == "case" and _text(r.get("Id"))}
    history: dict[str, list[dict[str, Any]]] = {}
    for i in order.to_series().to_list():
        r = records[i]
        if r.get("_file_role") == "history" and _text(r.get("CaseId")):
            history.setdefault(str(_text(r.get("CaseId"))), []).append(r)
    out: list[dict[str, Any]] = []
    for case_id, case in cases.items():
        assert case_id is not None
        out.extend(_case_events(case_id, case, history.get(case_id, []), keep))
    for r in records:
        if r.get("_file_role") == "case" and not _text(r.get("Id")):
            out.append({**{c: r.get(c) for c in keep}, "_reject": r.get("_reject")
                        or "Id: missing (a Case row without its id)"})
        elif r.get("_file_role") == "history":
            cid = _text(r.get("CaseId"))
            if cid is None or cid not in cases:
                out.append({**{c: r.get(c) for c in keep}, "interaction_id": _text(r.get("Id")),
                            "_reject": r.get("_reject") or (
                                f"CaseId {cid!r} is not in the Case export (give Case.csv too)"
                                if cid else "CaseId: missing")})
    out.sort(key=lambda e: (str(e.get("_source")), e["_row"]))
    schema: dict[str, pl.DataType] = {c: df.schema[c] for c in keep}
    schema.update({c: pl.String() for c in OUT_COLUMNS})
    return pl.DataFrame(out, schema=schema).lazy()


def _case_events(case_id: str, case: dict[str, Any], changes: list[dict[str, Any]],
                 keep: list[str]) -> list[dict[str, Any]]:
    statuses = [h for h in changes if (_text(h.get("Field")) or "").lower() == "status"]
    priorities = [h for h in changes if (_text(h.get("Field")) or "").lower() == "priority"]
    priority = _text(priorities[0].get("OldValue")) if priorities else _text(case.get("Priority"))
    common = {"case_id": case_id, "customer_id": _text(case.get("ContactId")),
              "via": _text(case.get("Origin")), "topic": _text(case.get("Type")),
              "text": None, "_reject": case.get("_reject")}
    # the Case's Status is its status at export time, not at creation: not read per event
    first_status = _text(statuses[0].get("OldValue")) if statuses else None
    events = [{**{c: case.get(c) for c in keep}, **common, "interaction_id": f"{case_id}:created",
               "timestamp": _text(case.get("CreatedDate")), "direction": "inbound",
               "actor": "customer", "agent_id": None, "text": _text(case.get("Subject")),
               "status": first_status, "priority": priority}]
    for h in changes:
        field = (_text(h.get("Field")) or "").lower()
        base = {**{c: h.get(c) for c in keep}, **common, "interaction_id": _text(h.get("Id")),
                "_reject": h.get("_reject") or case.get("_reject")}
        if field == "priority":
            priority = _text(h.get("NewValue")) or priority
            base["_reject"] = base["_reject"] or context_reason(
                "a Priority change: not an interaction (applied to the case's later events)")
        elif field == "status":
            base.update(timestamp=_text(h.get("CreatedDate")), direction="outbound",
                        actor="agent", agent_id=_text(h.get("CreatedById")),
                        status=_text(h.get("NewValue")), priority=priority)
        else:
            shown = _text(h.get("Field")) or "(none)"
            what = "the case's creation (read from the Case export)" \
                if field in CREATED_FIELDS else f"a change of {shown}"
            base["_reject"] = base["_reject"] or context_reason(f"{what}: not an interaction")
        events.append(base)
    if not statuses and _text(case.get("ClosedDate")):
        events.append({**{c: case.get(c) for c in keep}, **common,
                       "interaction_id": f"{case_id}:closed",
                       "timestamp": _text(case.get("ClosedDate")), "direction": "outbound",
                       "actor": "system", "agent_id": None, "status": "closed",
                       "priority": priority})
    return events
