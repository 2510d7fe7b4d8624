"""Reference for ``consent``: check each outbound message against the customer's profile."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.consent.messages import NO_CONSENT, OPTED_OUT, QUIET_HOURS
from cx_rules.kinds.contact import minute_in_window
from cx_rules.messages import Text


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    actors = {a.value for a in params.actors}
    purposes = {p.value for p in params.quiet_hours_purposes}
    out: list[RefViolation] = []
    for case_rows in by_case(rows).values():
        wrote_on: set[str] = set()
        for row in case_rows:
            inbound = row["direction"] == "inbound" and row["actor"] == "customer"
            replied_here = row["channel"] in wrote_on
            if inbound:
                wrote_on.add(row["channel"])
            profile = customers.get(row["customer_id"])
            if profile is None or row["direction"] != "outbound" or row["actor"] not in actors:
                continue
            purpose = row["purpose"] or "service"
            found: list[tuple[str, str, Text]] = []
            if "opt_out" in params.checks and row["channel"] in (
                    profile.get("opted_out_channels") or []) and not (
                    replied_here and purpose == "service"):
                found.append((f"opted out of {row['channel']}", "no contact on opted-out channels",
                              OPTED_OUT.render(channel=row["channel"])))
            if "marketing_consent" in params.checks and purpose == "marketing" \
                    and profile.get("marketing_consent") is not True:
                found.append(("no marketing consent", "marketing only with consent",
                              NO_CONSENT.render(channel=row["channel"])))
            window = profile.get("quiet_hours")
            if "quiet_hours" in params.checks and purpose in purposes and window:
                zone = zoneinfo.ZoneInfo(profile.get("timezone") or "UTC")
                local = row["timestamp"].astimezone(zone)
                if minute_in_window(local.hour * 60 + local.minute, window):
                    hhmm = f"{local.hour:02d}:{local.minute:02d}"
                    found.append((f"{hhmm} local", window,
                                  QUIET_HOURS.render(purpose=purpose.capitalize(),
                                                     channel=row["channel"], time=hhmm,
                                                     window=window)))
            for observed, limit, message in found:
                out.append({"case_id": row["case_id"], "customer_id": row["customer_id"],
                            "interaction_ids": (row["interaction_id"],),
                            "timestamp": row["timestamp"], "observed": observed,
                            "limit": limit, "message": message})
    return out
