"""A CRM webhook that checks every interaction as it happens: a streaming Session behind FastAPI.

Run it (FastAPI and an ASGI server are *not* dependencies of cx-rules; install them)::

    pip install fastapi uvicorn
    CX_SNAPSHOT=/var/lib/cx/session.snap uvicorn examples.crm_webhook:app

Point the CRM's webhook at ``POST /events``; call ``POST /tick`` from a scheduler (every minute,
say) so that deadlines fire even when no event arrives::

    curl -s localhost:8000/events -H 'content-type: application/json' -d '{
      "interaction_id": "t1", "case_id": "c1", "customer_id": "u1",
      "timestamp": "2026-03-02T10:00:00+01:00", "channel": "chat",
      "direction": "inbound", "actor": "customer"}'
    curl -s -X POST localhost:8000/tick            # advance to the wall clock
    curl -s -X POST 'localhost:8000/tick?now=2026-03-02T10:05:00%2B01:00'
    curl -s localhost:8000/snapshot -o session.snap

Endpoints:

* ``POST /events`` — one event (the canonical interaction record as JSON) → ``{"outputs":
  [...]}``, the violations that became final with it and the next-best actions they trigger.
  ``422`` with ``field`` naming the bad field for an invalid event; ``409`` for an event the
  session can no longer apply (older than the lateness bound, or for a case already evicted);
  neither changes the state.
* ``POST /tick`` (``?now=<ISO time>``, default the wall clock) → ``{"outputs": [...]}``:
  provisional ``DeadlineAlert`` for waits and promises now past their limit, and violations
  that became final because time passed.
* ``GET /snapshot`` → the session's state as bytes; with ``CX_SNAPSHOT`` set it is also written
  there (atomically). On startup, a session is restored from ``CX_SNAPSHOT`` if that file
  exists; on shutdown it is written again.

Configuration (environment): ``CX_RULESET`` (name or path, default ``cx-baseline``),
``CX_CUSTOMERS`` (customer profiles file, optional), ``CX_SNAPSHOT`` (file path, optional),
``CX_MAX_LATENESS_S`` (seconds of out-of-order tolerance, default 0).

One process owns the session: run a single worker (the state lives in memory); a lock
serialises requests, since a Session is not thread-safe.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import Body, FastAPI, Query
from fastapi.responses import JSONResponse, Response

from cx_rules import Session, load_ruleset
from cx_rules.errors import InputError
from cx_rules.models.outputs import Action, Violation
from cx_rules.streaming import DeadlineAlert, EvictedCaseError, LateEventError


def _jsonable(item: Any) -> dict[str, Any]:
    kind = ("alert" if isinstance(item, DeadlineAlert) else
            "action" if isinstance(item, Action) else
            "violation" if isinstance(item, Violation) else type(item).__name__)
    return {"type": kind, **item.model_dump(mode="json")}


def create_app(ruleset: str | Path | None = None, *, customers: str | Path | None = None,
               snapshot: str | Path | None = None,
               max_lateness: timedelta | None = None) -> FastAPI:
    """The webhook app; arguments default to the environment variables above."""
    rules = load_ruleset(ruleset or os.environ.get("CX_RULESET", "cx-baseline"))
    profiles = customers or os.environ.get("CX_CUSTOMERS") or None
    snap_env = snapshot or os.environ.get("CX_SNAPSHOT")
    snap_path = Path(snap_env) if snap_env else None
    lateness = max_lateness if max_lateness is not None else timedelta(
        seconds=float(os.environ.get("CX_MAX_LATENESS_S", "0")))
    lock = threading.Lock()
    state: dict[str, Session] = {}

    def save() -> bytes:
        blob = state["session"].snapshot()
        if snap_path is not None:
            tmp = snap_path.with_name(snap_path.name + ".tmp")
            tmp.write_bytes(blob)
            tmp.replace(snap_path)
        return blob

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if snap_path is not None and snap_path.exists():
            state["session"] = Session.restore(snap_path.read_bytes(), rules)
        else:
            state["session"] = Session(rules, customers=profiles, max_lateness=lateness)
        yield
        with lock:
            if snap_path is not None:
                save()

    app = FastAPI(title="cx-rules CRM webhook", lifespan=lifespan)

    @app.post("/events")
    def post_event(event: dict[str, Any] = Body(...)) -> Any:  # noqa: B008
        try:
            with lock:
                outputs = state["session"].observe(event)
        except (LateEventError, EvictedCaseError) as exc:
            return JSONResponse(status_code=409, content={
                "error": type(exc).__name__, "field": exc.field, "detail": str(exc)})
        except InputError as exc:
            return JSONResponse(status_code=422, content={
                "error": "InvalidEvent", "field": exc.field, "detail": str(exc)})
        return {"outputs": [_jsonable(o) for o in outputs]}

    @app.post("/tick")
    def tick(now: datetime | None = Query(None)) -> Any:  # noqa: B008
        if now is not None and now.tzinfo is None:
            return JSONResponse(status_code=422, content={
                "error": "InvalidTime", "field": "now",
                "detail": "now must carry a UTC offset"})
        with lock:
            outputs = state["session"].advance(now or datetime.now(UTC))
        return {"outputs": [_jsonable(o) for o in outputs]}

    @app.get("/snapshot")
    def get_snapshot() -> Response:
        with lock:
            blob = save()
        return Response(content=blob, media_type="application/octet-stream")

    @app.get("/stats")
    def stats() -> Any:
        with lock:
            session = state["session"]
            return {"open_cases": session.open_cases, "retained_rows": session.retained_rows,
                    **session.stats}

    return app


app = create_app()
