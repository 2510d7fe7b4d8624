"""Session snapshots: the whole state as compressed JSON, so a CRM process can restart.

JSON rather than pickle: a snapshot read back never runs code, and it names the ruleset it
belongs to (a snapshot restored with another ruleset, or another version of it, is refused,
since its open deadlines and reported violations were computed under the old rules).

Format 2 (stable across patch releases): zlib-compressed JSON ``{"format": 2, "checksum":
SHA-256 of the canonical JSON of "state", "state": {...}}``; rows are lists in the order of
``state["fields"]``, so a record field added later reads as missing, not as a shifted column.
A snapshot is refused with :class:`~cx_rules.errors.InputError` when it is not zlib/JSON, is
larger than :data:`MAX_SNAPSHOT_BYTES` compressed or inflated (checked while inflating, so a
zlib bomb is never inflated whole), fails its checksum (a truncated or edited snapshot), or
does not have the shape of a snapshot. The checksum detects damage, not a forger: keep
snapshots where only the service can write them.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import zlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cx_rules.errors import InputError
from cx_rules.models.ruleset import Ruleset
from cx_rules.ruleset.load import load_ruleset
from cx_rules.streaming.events import FIELDS
from cx_rules.streaming.outputs import ActionPolicy
from cx_rules.streaming.state import CaseState, CustomerState

if TYPE_CHECKING:
    from cx_rules.streaming.session import Session

FORMAT = 2
MAX_SNAPSHOT_BYTES = 1 << 30
"""The largest snapshot read, compressed or inflated (1 GiB)."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def fingerprint(ruleset: Ruleset) -> str:
    """A digest of everything in a ruleset that changes behaviour (not its own tests)."""
    data = ruleset.model_dump(mode="json", exclude={"tests"})
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _enc(value: Any) -> Any:
    if isinstance(value, datetime):
        delta = value - _EPOCH
        return {"$dt": (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds}
    if isinstance(value, tuple):
        return {"$t": [_enc(v) for v in value]}
    if isinstance(value, list):
        return [_enc(v) for v in value]
    if isinstance(value, dict):
        return {k: _enc(v) for k, v in value.items()}
    return value


def _dec(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dt" in value and len(value) == 1:
            return _EPOCH + timedelta(microseconds=value["$dt"])
        if "$t" in value and len(value) == 1:
            return tuple(_dec(v) for v in value["$t"])
        return {k: _dec(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dec(v) for v in value]
    return value


def _row(row: dict[str, Any]) -> list[Any]:
    return [_enc(row[f]) for f in FIELDS]


def _unrow(values: list[Any], fields: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(FIELDS)
    for f, v in zip(fields, values, strict=True):
        row[f] = _dec(v)
    return row


def _counters(emitted: dict[int, Counter[Any]]) -> list[Any]:
    return [[i, [[_enc(k), n] for k, n in c.items() if n > 0]] for i, c in emitted.items()]


def _uncounters(data: list[Any]) -> dict[int, Counter[Any]]:
    return {i: Counter({_dec(k): n for k, n in items}) for i, items in data}


def _us(value: timedelta | None) -> int | None:
    return None if value is None else value // timedelta(microseconds=1)


def dump(session: Session) -> bytes:
    """Serialise a session (see :meth:`Session.snapshot`)."""
    s = session
    state = {
        "fields": list(FIELDS),
        "ruleset": s.ruleset.label,
        "fingerprint": fingerprint(s.ruleset),
        "options": {"max_lateness": _us(s.max_lateness), "retention": _us(s.retention),
                    "timers": s._timer_kind, "show_suppressed": s.show_suppressed,
                    "limits": {
                        "max_field_bytes": s._limits.max_field_bytes,
                        "max_events_per_case": s._limits.max_events_per_case,
                        "max_cases_per_customer": s._limits.max_cases_per_customer,
                        "future_tolerance": _us(s._limits.future_tolerance)}},
        "profiles": _enc(list(s._profiles.values())),
        "cases": [
            {"case": c.case_id, "customer": c.customer_id, "rows": [_row(r) for r in c.rows],
             "last": _enc(c.last_ts), "dormant": c.dormant, "held": c.held,
             "emitted": _counters(c.emitted), "alerted": [_enc(a) for a in c.alerted]}
            for c in s._cases.values()
        ],
        "customers": [
            {"customer": u.customer_id, "cases": list(u.cases),
             "emitted": _counters(u.emitted), "alerted": [_enc(a) for a in u.alerted]}
            for u in s._customers.values()
        ],
        "evicted": sorted(s._evicted),
        "buffer": [_row(item[3]) for item in sorted(s._buffer)],
        "clock": {"last": _enc(s._last), "horizon": _enc(s._horizon),
                  "max_ts": _enc(s._max_ts), "now": _enc(s._now)},
        "poll": sorted(s._poll),
        "timers": [[k, kind, due] for k, kind, due in s._timers.items()],
        "actions": s._actions.state(),
        "stats": dict(s.stats),
        "inconsistencies": s.inconsistencies,
    }
    body = canonical_state(state)
    envelope = {"format": FORMAT, "checksum": hashlib.sha256(body).hexdigest(), "state": state}
    return zlib.compress(json.dumps(envelope, separators=(",", ":")).encode(), 6)


def canonical_state(state: Any) -> bytes:
    """The bytes the checksum is taken of: the state as sorted, compact JSON."""
    return json.dumps(state, separators=(",", ":"), sort_keys=True).encode()


def _inflate(data: bytes) -> bytes:
    """Decompress, refusing more than :data:`MAX_SNAPSHOT_BYTES` before producing it."""
    if len(data) > MAX_SNAPSHOT_BYTES:
        raise InputError(f"the snapshot is larger than {MAX_SNAPSHOT_BYTES >> 20} MiB")
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_SNAPSHOT_BYTES)
    except zlib.error as exc:
        raise InputError(f"not a cx-rules session snapshot ({exc})") from None
    if inflater.unconsumed_tail:
        raise InputError(f"the snapshot inflates to more than {MAX_SNAPSHOT_BYTES >> 20} MiB")
    if not inflater.eof:
        raise InputError("the snapshot is truncated")
    return out


def _read(data: bytes) -> dict[str, Any]:
    try:
        envelope = json.loads(_inflate(data))
    except ValueError as exc:
        raise InputError(f"not a cx-rules session snapshot ({exc})") from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise InputError(f"not a cx-rules session snapshot of format {FORMAT}")
    state = envelope.get("state")
    if hashlib.sha256(canonical_state(state)).hexdigest() != envelope.get("checksum"):
        raise InputError("the snapshot fails its checksum (damaged or edited)")
    if not isinstance(state, dict):
        raise InputError("not a cx-rules session snapshot")
    return state


def load(cls: type[Session], data: bytes, ruleset: Ruleset | str | Path, *,
         timers: Literal["durable", "heap"] | None,
         clock: Any) -> Session:
    """Rebuild a session from :func:`dump` output (see :meth:`Session.restore`)."""
    rules = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
    state = _read(data)
    try:
        return _rebuild(cls, state, rules, timers=timers, clock=clock)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise InputError(f"a damaged session snapshot ({type(exc).__name__}: {exc})") from None


def _rebuild(cls: type[Session], state: dict[str, Any], rules: Ruleset, *,
             timers: Literal["durable", "heap"] | None, clock: Any) -> Session:
    from cx_rules.io.limits import Limits

    fields = list(state["fields"])
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise InputError(f"the snapshot has record fields this version does not know: "
                         f"{', '.join(unknown)}")
    if state["fingerprint"] != fingerprint(rules):
        raise InputError(f"the snapshot was taken with ruleset {state['ruleset']}; "
                         f"{rules.label} differs, so its open deadlines do not carry over")
    opts = state["options"]

    def delta(us: int | None) -> timedelta | None:
        return None if us is None else timedelta(microseconds=us)

    kept = opts["limits"]
    limits = Limits(max_field_bytes=kept["max_field_bytes"],
                    future_tolerance=delta(kept["future_tolerance"]),
                    # added in 0.1: snapshots written before carry the defaults
                    max_events_per_case=kept.get("max_events_per_case",
                                                 Limits.max_events_per_case),
                    max_cases_per_customer=kept.get("max_cases_per_customer",
                                                    Limits.max_cases_per_customer))
    session = cls(rules, None, max_lateness=delta(opts["max_lateness"]) or timedelta(0),
                  retention=delta(opts["retention"]), timers=timers or opts["timers"],
                  limits=limits, clock=clock,
                  show_suppressed=bool(opts.get("show_suppressed", False)))
    session._profiles = {p["customer_id"]: p for p in _dec(state["profiles"])}
    session._actions = ActionPolicy(rules, session._profiles)
    session._actions.load(state["actions"])
    for c in state["cases"]:
        case = CaseState(c["case"], c["customer"], [_unrow(r, fields) for r in c["rows"]],
                         _dec(c["last"]), c["dormant"], c["held"], _uncounters(c["emitted"]),
                         {_dec(a) for a in c["alerted"]})
        session._cases[case.case_id] = case
        for r in case.rows:
            session._ids[r["interaction_id"]] = case.case_id
    for u in state["customers"]:
        customer = CustomerState(u["customer"], {cid: session._cases[cid] for cid in u["cases"]},
                                 _uncounters(u["emitted"]), {_dec(a) for a in u["alerted"]})
        session._customers[customer.customer_id] = customer
    session._evicted = set(state["evicted"])
    for values in state["buffer"]:
        row = _unrow(values, fields)
        session._ids[row["interaction_id"]] = row["case_id"]
        heapq.heappush(session._buffer, (row["timestamp"], row["interaction_id"],
                                         next(session._seq), row))
        session._pending_events[row["case_id"]] += 1
        if row["case_id"] not in session._cases:
            session._pending_cases.setdefault(row["customer_id"], set()).add(row["case_id"])
    clk = state["clock"]
    session._last = _dec(clk["last"])
    session._horizon, session._max_ts, session._now = (
        _dec(clk["horizon"]), _dec(clk["max_ts"]), _dec(clk["now"]))
    session._poll = set(state["poll"])
    now_us = max((due for _, _, due in state["timers"]), default=0)
    if session._horizon is not None:
        delta_h = session._horizon - _EPOCH
        now_us = (delta_h.days * 86_400 + delta_h.seconds) * 1_000_000 + delta_h.microseconds
    for key, kind, due in state["timers"]:
        session._timers.arm(key, kind, due, now_us)
    session.stats = Counter(state["stats"])
    session.inconsistencies = list(state["inconsistencies"])
    return session
