"""Small helpers to write unit-test events and profiles tersely."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cx_rules.engine.run import run_rules
from tests.strategies import BASE, customer_frame, frame, ruleset_with

OPTIONAL = ("agent_id", "text", "topic", "priority", "status", "purpose", "claims",
            "promise_due", "csat", "sentiment", "identity_verified")
PROFILE = ("name", "tier", "segment", "preferred_channel", "language", "timezone",
           "quiet_hours", "marketing_consent", "lifetime_value")


def event(i: str, minutes: float, direction: str, actor: str, *, case: str = "c1",
          customer: str = "u1", channel: str = "chat", **extra: Any) -> dict[str, Any]:
    return {**dict.fromkeys(OPTIONAL), "interaction_id": i, "case_id": case,
            "customer_id": customer, "timestamp": BASE + timedelta(minutes=minutes),
            "channel": channel, "direction": direction, "actor": actor, **extra}


def profile(customer: str = "u1", **fields: Any) -> dict[str, Any]:
    return {**dict.fromkeys(PROFILE), "opted_out_channels": [], "customer_id": customer,
            **fields}


def run(kind: str, params: dict[str, Any], rows: list[dict[str, Any]],
        profiles: list[dict[str, Any]] | None = None, category: str = "privacy",
        ) -> list[dict[str, Any]]:
    rs = ruleset_with(kind, params, category=category)
    prof = customer_frame(profiles) if profiles is not None else None
    found, _ = run_rules(rs, frame(rows), prof, max(r["timestamp"] for r in rows))
    return found.to_dicts()
