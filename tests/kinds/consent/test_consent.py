"""consent: opt-outs, marketing consent and quiet hours, and the reference."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.kinds._rows import event, profile, run
from tests.strategies import assert_engines_agree, customers, interactions, ruleset_with


def test_marketing_in_quiet_hours_without_consent() -> None:
    rows = [event("m", 14 * 60 + 30, "outbound", "system", channel="sms", purpose="marketing")]
    # BASE is 08:00 UTC; +14h30 = 22:30 UTC = 23:30 in Berlin
    prof = [profile(timezone="Europe/Berlin", quiet_hours="21:00-08:00", marketing_consent=False)]
    found = run("consent", {}, rows, prof)
    assert sorted(v["observed"] for v in found) == ["23:30 local", "no marketing consent"]
    quiet = next(v for v in found if v["observed"] == "23:30 local")
    assert quiet["message"] == ("Marketing message on sms at 23:30 local time, inside the "
                                "customer's quiet hours 21:00-08:00.")


def test_opt_out_except_replies_where_the_customer_wrote() -> None:
    rows = [event("a", 0, "inbound", "customer", channel="sms"),
            event("b", 1, "outbound", "agent", channel="sms"),
            event("c", 2, "outbound", "agent", channel="sms", case="c2")]
    found = run("consent", {"checks": ["opt_out"]}, rows, [profile(opted_out_channels=["sms"])])
    assert [v["interaction_ids"] for v in found] == [["c"]]
    assert found[0]["message"] == "Contacted on sms although the customer opted out of sms."


def test_no_profile_no_judgement() -> None:
    rows = [event("m", 0, "outbound", "system", purpose="marketing")]
    assert run("consent", {}, rows, [profile("someone-else")]) == []
    assert run("consent", {}, rows, None) == []


PARAMS = st.fixed_dictionaries({}, optional={
    "checks": st.lists(st.sampled_from(["opt_out", "marketing_consent", "quiet_hours"]),
                       min_size=1, unique=True),
    "quiet_hours_purposes": st.lists(st.sampled_from(["marketing", "service", "transactional"]),
                                     unique=True),
    "actors": st.lists(st.sampled_from(["agent", "bot", "system"]), min_size=1, unique=True),
})


@given(params=PARAMS, rows=interactions(), profiles=customers())
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]],
                                     profiles: list[dict[str, Any]]) -> None:
    assert_engines_agree(ruleset_with("consent", params, category="privacy"), rows, profiles)
