"""pii_exposure: public replies with personal data, and the reference."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.kinds._rows import event, run
from tests.strategies import assert_engines_agree, interactions, ruleset_with


def test_agent_posting_a_card_on_social_is_flagged_masked() -> None:
    rows = [event("a", 0, "inbound", "customer", channel="social", text="my payment failed"),
            event("b", 5, "outbound", "agent", channel="social",
                  text="We see card 4111 1111 1111 1111 was declined")]
    [v] = run("pii_exposure", {}, rows)
    assert v["interaction_ids"] == ["b"]
    assert v["message"] == "Outbound message on social exposes payment_card ****1111."
    assert "4111 1111" not in v["message"] + v["observed"]


def test_inbound_allow_list_and_channel_filter() -> None:
    rows = [event("a", 0, "inbound", "customer", channel="social",
                  text="call me on +44 20 7946 0958 or jane@example.com"),
            event("b", 1, "outbound", "agent", channel="social", text="Call us: 03331 031 031"),
            event("c", 2, "outbound", "agent", channel="email", text="jane@example.com")]
    [v] = run("pii_exposure", {"direction": "inbound"}, rows)
    assert v["message"] == ("Customer posted phone ***0958, email j***@example.com on social; "
                            "move the conversation to a private channel.")
    assert run("pii_exposure", {"allow": ["03331 031 031"]}, rows) == []
    assert len(run("pii_exposure", {}, rows)) == 1  # the hotline counts without the allow list


PARAMS = st.fixed_dictionaries({}, optional={
    "channels": st.lists(st.sampled_from(["social", "email", "chat"]), min_size=1, unique=True),
    "entities": st.lists(st.sampled_from(["email", "phone", "payment_card", "iban"]),
                         min_size=1, unique=True),
    "direction": st.sampled_from(["outbound", "inbound", "any"]),
    "actors": st.lists(st.sampled_from(["agent", "bot", "customer"]), min_size=1, unique=True),
    "allow": st.just(["jane.doe@example.com"]),
})


@given(params=PARAMS, rows=interactions())
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    assert_engines_agree(ruleset_with("pii_exposure", params, category="privacy"), rows)
