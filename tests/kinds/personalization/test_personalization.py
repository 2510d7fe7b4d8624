"""personalization triggers, and the reference."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.kinds._rows import event, profile, run
from tests.strategies import assert_engines_agree, customers, interactions, ruleset_with


def test_vip_waiting() -> None:
    rows = [event("a", 0, "inbound", "customer", channel="email"),
            event("b", 45, "outbound", "agent", channel="email")]
    [v] = run("personalization", {"trigger": "vip_waiting"}, rows, [profile(tier="vip")],
              category="personalization")
    assert v["message"] == "VIP customer waited 45m for a reply on email (limit 15m)."
    assert run("personalization", {"trigger": "vip_waiting"}, rows, [profile(tier="gold")],
               category="personalization") == []


def test_negative_feedback_and_preferred_channel() -> None:
    rows = [event("a", 0, "inbound", "customer", csat=1.0),
            event("b", 1, "outbound", "agent", channel="chat"),
            event("c", 2, "outbound", "agent", channel="sms")]
    [fb] = run("personalization", {"trigger": "negative_feedback"}, rows,
               category="personalization")
    assert fb["message"] == "Customer gave negative feedback on chat (csat 1)."
    found = run("personalization", {"trigger": "preferred_channel_ignored"}, rows,
                [profile(preferred_channel="email")], category="personalization")
    assert [v["interaction_ids"] for v in found] == [["c"]]  # b replies where they wrote
    assert found[0]["message"] == "Contacted on sms although the customer prefers email."


PREFERRED = {"trigger": "preferred_channel_ignored"}


def test_a_feed_record_contacts_nobody() -> None:
    """An order feed's 'shipped' row on self_service is not the company writing to the
    customer; a system notification with text on that channel is."""
    rows = [event("a", 0, "inbound", "customer", channel="chat"),
            event("b", 1, "outbound", "agent", channel="chat", text="It ships today."),
            event("c", 60, "outbound", "system", channel="self_service", event="shipped"),
            event("d", 61, "outbound", "system", channel="sms", event="shipped",
                  text="Your order has shipped.")]
    prof = [profile(preferred_channel="chat")]
    found = run("personalization", PREFERRED, rows, prof, category="personalization")
    assert [v["interaction_ids"] for v in found] == [["d"]]
    assert_engines_agree(ruleset_with("personalization", PREFERRED, category="personalization"),
                         rows, prof)


def test_a_call_the_company_announced_keeps_its_promise() -> None:
    """'We will call you tomorrow' in chat, then the call: the customer accepted the phone;
    a call nobody announced is still a contact on a channel they do not prefer."""
    for text, lang in (("Of course. We will call you tomorrow.", "en"),
                       ("Мы перезвоним вам завтра.", "ru"),
                       ("Sizə sabah zəng edəcəyik.", "az")):
        rows = [event("a", 0, "inbound", "customer", channel="chat", text="Call me please"),
                event("b", 1, "outbound", "agent", channel="chat", text=text),
                event("c", 60 * 24, "outbound", "agent", channel="phone"),
                event("x", 0, "inbound", "customer", case="c2", channel="chat"),
                event("y", 5, "outbound", "agent", case="c2", channel="phone")]
        prof = [profile(preferred_channel="chat")]
        found = run("personalization", PREFERRED, rows, prof, category="personalization")
        assert [v["interaction_ids"] for v in found] == [["y"]], lang
        assert_engines_agree(ruleset_with("personalization", PREFERRED,
                                          category="personalization"), rows, prof)


def test_frequent_contact_counts_cases_in_the_window() -> None:
    rows = [event(f"s{i}", i * 60 * 24 * 10, "inbound", "customer", case=f"c{i}")
            for i in range(4)]  # a case every 10 days
    found = run("personalization", {"trigger": "frequent_contact", "min_cases": 3,
                                    "window": "25d"}, rows, category="personalization")
    assert [v["case_id"] for v in found] == ["c2", "c3"]
    assert found[0]["message"] == "Customer opened 3 cases within 25d."


PARAMS = st.fixed_dictionaries(
    {"trigger": st.sampled_from(["vip_waiting", "negative_feedback",
                                 "preferred_channel_ignored", "frequent_contact"])},
    optional={
        "tiers": st.just(["vip", "standard"]),
        "limit": st.sampled_from(["1m", "10m", "1h"]),
        "hours": st.sampled_from(["calendar", "business"]),
        "csat_at_most": st.sampled_from([1, 2, 4.5]),
        "sentiment_at_most": st.sampled_from([-0.5, 0.0]),
        "min_cases": st.integers(2, 3),
        "window": st.sampled_from(["1h", "1d", "30d"]),
        "actors": st.lists(st.sampled_from(["agent", "bot", "system"]), min_size=1, unique=True),
    })
CALENDAR = '{timezone: Europe/Berlin, business_hours: {mon-fri: "09:00-18:00"}}'


@given(params=PARAMS, rows=interactions(), profiles=customers(), cal=st.booleans())
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]],
                                     profiles: list[dict[str, Any]], cal: bool) -> None:
    rs = ruleset_with("personalization", params, category="personalization",
                      calendar=CALENDAR if cal else None)
    assert_engines_agree(rs, rows, profiles)
