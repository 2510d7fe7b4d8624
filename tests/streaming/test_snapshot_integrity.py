"""A snapshot restores exactly, or is refused with InputError: never a damaged session."""

from __future__ import annotations

import json
import zlib
from datetime import timedelta

import pytest

from cx_rules.errors import InputError
from cx_rules.streaming import Session
from cx_rules.streaming import snapshot as snap
from tests.kinds.response_time.test_response_time import row
from tests.strategies import BASE


def session() -> Session:
    s = Session("cx-baseline")
    s.observe(row("a", "c1", 0, "inbound", "customer"))
    s.observe(row("b", "c1", 1, "outbound", "agent", agent_id="a1"))
    s.observe(row("c", "c2", 2, "inbound", "customer"))
    return s


def edit(data: bytes, change: object) -> bytes:
    envelope = json.loads(zlib.decompress(data))
    change(envelope)  # type: ignore[operator]
    return zlib.compress(json.dumps(envelope).encode())


def test_a_restored_session_continues_like_the_original() -> None:
    original = session()
    restored = Session.restore(original.snapshot(), "cx-baseline")
    later = BASE + timedelta(hours=2)
    assert [o.model_dump() for o in restored.advance(later)] == [
        o.model_dump() for o in original.advance(later)]


def test_an_edited_field_fails_the_checksum() -> None:
    def swap(envelope: dict) -> None:  # type: ignore[type-arg]
        envelope["state"]["cases"][0]["customer"] = "someone-else"

    with pytest.raises(InputError, match="checksum"):
        Session.restore(edit(session().snapshot(), swap), "cx-baseline")


def test_truncated_and_foreign_bytes_are_refused() -> None:
    data = session().snapshot()
    with pytest.raises(InputError, match=r"truncated|not a cx-rules"):
        Session.restore(data[: len(data) // 2], "cx-baseline")
    with pytest.raises(InputError, match="not a cx-rules session snapshot"):
        Session.restore(b"not zlib at all", "cx-baseline")
    with pytest.raises(InputError, match="format 2"):
        Session.restore(zlib.compress(b'{"format": 1}'), "cx-baseline")


def test_a_zlib_bomb_is_refused_without_inflating_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snap, "MAX_SNAPSHOT_BYTES", 1 << 20)
    bomb = zlib.compress(b"\x00" * (8 << 20), 9)  # 8 MiB of zeros in a few KB
    assert len(bomb) < 64 << 10
    with pytest.raises(InputError, match="inflates to more than 1 MiB"):
        Session.restore(bomb, "cx-baseline")


def test_a_well_formed_snapshot_of_the_wrong_shape_is_refused() -> None:
    def drop(envelope: dict) -> None:  # type: ignore[type-arg]
        del envelope["state"]["clock"]
        envelope["checksum"] = snap.hashlib.sha256(snap.canonical_state(envelope["state"])).hexdigest()

    with pytest.raises(InputError, match="damaged session snapshot"):
        Session.restore(edit(session().snapshot(), drop), "cx-baseline")


def test_rows_are_read_by_field_name() -> None:
    """A snapshot from a version with fewer record fields reads them as missing."""
    def older(envelope: dict) -> None:  # type: ignore[type-arg]
        state = envelope["state"]
        i = state["fields"].index("sla_met")
        state["fields"].pop(i)
        for case in state["cases"]:
            for r in case["rows"]:
                r.pop(i)
        envelope["checksum"] = snap.hashlib.sha256(snap.canonical_state(state)).hexdigest()

    original = session()
    restored = Session.restore(edit(original.snapshot(), older), "cx-baseline")
    later = BASE + timedelta(hours=3)
    assert [o.model_dump() for o in restored.advance(later)] == [
        o.model_dump() for o in original.advance(later)]
    assert [o.model_dump() for o in restored.close()] == [o.model_dump() for o in original.close()]
