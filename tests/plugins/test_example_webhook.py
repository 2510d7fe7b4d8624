"""examples/crm_webhook.py: the streaming Session behind FastAPI (skipped without FastAPI)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from examples.crm_webhook import create_app

BASE = {"case_id": "c1", "customer_id": "u1", "channel": "chat"}
ASK = {**BASE, "interaction_id": "t1", "timestamp": "2026-03-02T10:00:00+01:00",
       "direction": "inbound", "actor": "customer", "text": "Where is my refund?"}
LEAK = {**BASE, "interaction_id": "t2", "timestamp": "2026-03-02T10:01:00+01:00",
        "direction": "outbound", "actor": "agent", "agent_id": "a1",
        "text": "We refunded the card 4111 1111 1111 1111 today."}


def test_events_violations_errors_tick_and_snapshot(tmp_path: Path) -> None:
    snap = tmp_path / "session.snap"
    with TestClient(create_app("cx-baseline", snapshot=snap)) as client:
        first = client.post("/events", json=ASK)
        assert first.status_code == 200 and first.json() == {"outputs": []}

        leak = client.post("/events", json=LEAK).json()["outputs"]
        rules = {o["rule_id"] for o in leak if o["type"] == "violation"}
        assert "no-card-numbers-anywhere" in rules
        (pii,) = [o for o in leak if o.get("rule_id") == "no-card-numbers-anywhere"]
        assert pii["case_id"] == "c1" and pii["interaction_ids"] == ["t2"]

        bad = client.post("/events", json={**LEAK, "interaction_id": "t3", "channel": "pigeon"})
        assert bad.status_code == 422 and bad.json()["field"] == "channel"
        late = client.post("/events", json={**ASK, "interaction_id": "t0",
                                             "timestamp": "2026-03-02T09:00:00+01:00"})
        assert late.status_code == 409 and late.json()["field"] == "timestamp"

        # a second case never answered: the tick past its 2-minute limit alerts once
        wait = {**ASK, "interaction_id": "t4", "case_id": "c2",
                "timestamp": "2026-03-02T10:02:00+01:00"}
        assert client.post("/events", json=wait).status_code == 200
        alerts = client.post("/tick", params={"now": "2026-03-02T10:10:00+01:00"}).json()
        flagged = {(o["violation"]["rule_id"], o["violation"]["case_id"])
                   for o in alerts["outputs"] if o["type"] == "alert"}
        assert ("first-reply-chat", "c2") in flagged
        assert client.post("/tick", params={"now": "2026-03-02T10:10:00"}).status_code == 422

        blob = client.get("/snapshot")
        assert blob.status_code == 200 and snap.read_bytes() == blob.content

    # a restart restores the session from the snapshot: t1 is known, the case continues
    with TestClient(create_app("cx-baseline", snapshot=snap)) as client:
        again = client.post("/events", json=ASK)
        assert again.status_code == 422 and again.json()["field"] == "interaction_id"
        assert client.get("/stats").json()["open_cases"] == 2
