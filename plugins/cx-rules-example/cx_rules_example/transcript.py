"""Reader for chat-tool transcript exports (``*.transcript.json``).

The export is one JSON document::

    {"conversations": [
      {"id": "conv-1", "customer": "u1", "channel": "chat", "priority": "high",
       "messages": [
         {"id": "m1", "from": "customer", "at": "2026-03-02T10:00:00+01:00", "text": "Hi"},
         {"id": "m2", "from": "agent", "agent": "ann", "at": "2026-03-02T10:03:00+01:00",
          "text": "Hello!"}]}]}

Each message becomes one interaction; ``from`` gives actor and direction. Fields are passed
on as text so that cx-rules' normalizer validates them row by row like any other input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from cx_rules.errors import InputError
from cx_rules.plugins import ReaderPlugin

_DIRECTION = {"customer": "inbound", "agent": "outbound", "bot": "outbound",
              "system": "outbound"}


def _rows(doc: Any, path: Path) -> list[dict[str, str | None]]:
    if not isinstance(doc, dict) or not isinstance(doc.get("conversations"), list):
        raise InputError("expected an object with a 'conversations' list", file=str(path))
    rows: list[dict[str, str | None]] = []
    for conv in doc["conversations"]:
        for msg in conv.get("messages") or []:
            actor = str(msg.get("from", "")).lower() or None
            rows.append({
                "interaction_id": msg.get("id"),
                "case_id": conv.get("id"),
                "customer_id": conv.get("customer"),
                "timestamp": msg.get("at"),
                "channel": conv.get("channel", "chat"),
                "direction": _DIRECTION.get(actor or "", None),
                "actor": actor,
                "agent_id": msg.get("agent"),
                "text": msg.get("text"),
                "priority": conv.get("priority"),
                "status": msg.get("status"),
            })
    return rows


def read(path: Path) -> pl.LazyFrame:
    """The transcript as a raw frame: text columns plus ``_row`` (message number)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a JSON transcript: {exc}", file=str(path)) from None
    rows = _rows(doc, path)
    columns = ["interaction_id", "case_id", "customer_id", "timestamp", "channel", "direction",
               "actor", "agent_id", "text", "priority", "status"]
    frame = pl.DataFrame({c: [None if r[c] is None else str(r[c]) for r in rows] for c in columns},
                         schema=dict.fromkeys(columns, pl.String))
    return frame.with_row_index("_row", offset=1).with_columns(
        pl.col("_row").cast(pl.Int64), pl.lit(str(path)).alias("_source")).lazy()


READER = ReaderPlugin(name="chat-transcript", suffixes=(".transcript.json",), read=read,
                      description="Chat-tool transcript export (JSON)")
