"""pii_exposure: public replies with personal data, the company's own contacts, and the reference.

Every unit test runs the vectorized plan; ``agree`` also runs the reference on the same rows.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.kinds._rows import event, run
from tests.strategies import BASE, assert_engines_agree, interactions, ruleset_with


def agree(params: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert_engines_agree(ruleset_with("pii_exposure", params, category="privacy"), rows)
    return run("pii_exposure", params, rows)


def reply(i: str, text: str, customer: str = "u1", minutes: float = 5) -> dict[str, Any]:
    return event(i, minutes, "outbound", "agent", channel="social", case=f"c-{customer}",
                 customer=customer, text=text)


def test_agent_posting_a_card_on_social_is_flagged_masked() -> None:
    rows = [event("a", 0, "inbound", "customer", channel="social", text="my payment failed"),
            event("b", 5, "outbound", "agent", channel="social",
                  text="We see card 4111 1111 1111 1111 was declined")]
    [v] = agree({}, rows)
    assert v["interaction_ids"] == ["b"]
    assert v["message"] == "Outbound message on social exposes payment_card ****1111."
    assert "4111 1111" not in v["message"] + v["observed"]


def test_inbound_allow_list_and_channel_filter() -> None:
    rows = [event("a", 0, "inbound", "customer", channel="social",
                  text="call me on +44 20 7946 0958 or jane@example.com"),
            event("b", 1, "outbound", "agent", channel="social", text="Call us: 020 7946 0000"),
            event("c", 2, "outbound", "agent", channel="email", text="jane@example.com")]
    [v] = agree({"direction": "inbound"}, rows)
    assert v["message"] == ("Customer posted phone ***0958, email j***@example.com on social; "
                            "move the conversation to a private channel.")
    assert agree({"allow": ["020 7946 0000"]}, rows) == []
    assert len(agree({}, rows)) == 1  # a geographic number counts without the allow list


@pytest.mark.parametrize("text", [
    "Please call us at 1-800-555-0199 or DM us, we'll look into order 48213377 ^JM",
    "Call 03331 031 031 option 1 for a refund",
    "If it persists, call 0800 028 0208 (free) ^AV",
    "Здравствуйте! Пожалуйста, позвоните нам: 8 800 555-35-35 или +1 800 555 0199",
    "Salam! Zəhmət olmasa sifariş nömrəsi 552211 üçün 0800 028 0208 nömrəsinə zəng edin",
    "Iltimos, buyurtma raqami 778899 haqida 0800 028 0208 raqamiga qo'ng'iroq qiling",
    "مرحبا! طلب 123456 قيد التوصيل، اتصل بنا على 1-800-555-0199",
    "سلام! سفارش ۴۵۶۷۸۹۱۲ ارسال شد. با ۰۸۰۰ ۰۲۸ ۰۲۰۸ تماس بگیرید",
    "the 09:15 is cancelled due to a signal fault at 108.53.222.1; next trains 12:00 and 14:00",
    "@116705 737 Max flights are rerouted, ticket 88812, tracking 1Z999AA10123456784",
    "Refunds for order #A-99213 take 3-5 working days; the fee is $1200000 or 19.99 EUR",
])
def test_company_numbers_and_look_alikes_are_not_leaks(text: str) -> None:
    assert agree({}, [reply("b", text)]) == []


def test_company_contacts_params() -> None:
    text = "Call us on 020 7946 0000 or mail help@support.acme.com or care@acme.co.uk"
    rows = [reply("b", text)]
    assert len(agree({}, rows)) == 1
    contacts = {"phones": ["+44 20 7946 0000"], "email_domains": ["acme.com"],
                "urls": ["https://www.acme.co.uk/help"]}
    assert agree({"company_contacts": contacts}, rows) == []
    [v] = agree({"company_contacts": {"phones": ["02079460000"]}}, rows)
    assert v["observed"] == "email h***@support.acme.com, email c***@acme.co.uk"
    # toll-free numbers are the company's unless the rule says otherwise
    free = [reply("b", "call 0800 028 0208")]
    assert agree({}, free) == []
    [v] = agree({"company_number_types": []}, free)
    assert v["observed"] == "phone ***0208"


def test_a_number_posted_to_several_customers_is_the_company() -> None:
    text = "Our store line is 020 7946 0000"
    one = [reply("b", text, "u1")]
    two = [*one, reply("c", text, "u2", minutes=9)]
    assert len(agree({}, one)) == 1
    # off by default (it reads the whole log, which streaming and partitions do not see)
    assert len(agree({}, two)) == 2
    # two customers: the company's number, in both rows
    assert agree({"shared_number_customers": 2}, two) == []
    assert len(agree({"shared_number_customers": 3}, two)) == 2
    assert len(agree({"shared_number_customers": None}, two)) == 2
    # the same number in another format, and posted on another channel, still counts
    email = event("d", 11, "outbound", "agent", channel="email", case="c-u3", customer="u3",
                  text="call +44 (0)20 7946 0000")
    assert agree({"shared_number_customers": 2}, [*one, email]) == []
    # customers posting a number (inbound) do not make it the company's
    inbound = event("e", 12, "inbound", "customer", channel="social", case="c-u4",
                    customer="u4", text=text)
    assert len(agree({}, [*one, inbound])) == 1


@pytest.mark.parametrize(("text", "masked"), [
    ("@jane we will call you on your mobile 07911 123456 today", "phone ***3456"),
    ("Мы перезвоним вам на +7 912 345-67-89 сегодня", "phone ***6789"),
    ("Sizə +994 50 123 45 67 nömrəsinə zəng edəcəyik", "phone ***4567"),
    ("Sizga +998 90 123 45 67 raqamiga qo'ng'iroq qilamiz", "phone ***4567"),
    ("سنتصل بك على +٩٦٦ ٥٠ ١٢٣ ٤٥٦٧ اليوم", "phone ***4567"),  # noqa: RUF001
    ("با شما به شماره +۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹ تماس می‌گیریم", "phone ***6789"),
    ("your card 4242 4242 4242 4242 was charged for order 48213377", "payment_card ****4242"),
    ("refund to DE89 3704 0044 0532 0130 00 today", "iban DE89 ****3000"),
])
def test_personal_data_in_a_public_reply_is_still_found(text: str, masked: str) -> None:
    [v] = agree({}, [reply("b", text)])
    assert v["observed"] == masked
    assert v["message"] == f"Outbound message on social exposes {masked}."


def test_references_are_reported_inbound_and_only_on_request_outbound() -> None:
    rows = [event("a", 0, "inbound", "customer", channel="social", text="order 48213377 late"),
            reply("b", "We checked order 48213377")]
    [v] = agree({"direction": "any"}, rows)
    assert v["message"] == ("Customer posted order_number ****3377 on social; "
                            "move the conversation to a private channel.")
    assert len(agree({"direction": "any", "outbound_exempt": []}, rows)) == 2
    params = {"reference_keywords": {"order_number": ["commande"]}, "outbound_exempt": []}
    [v] = agree(params, [reply("b", "votre commande 48213377")])
    assert v["observed"] == "order_number ****3377"


def test_uncertain_phones_need_evidence() -> None:
    rows = [reply("b", "we will call you on 48213377")]  # only "possible" in GB/IN
    assert agree({}, rows) == []
    assert [v["observed"] for v in agree({"evidence": "uncertain"}, rows)] == ["phone ***3377"]
    assert len(agree({"evidence": "possible"}, rows)) == 1
    valid = [reply("b", "we will call you on 07911 123456")]
    assert agree({"evidence": "uncertain"}, valid) == []
    regions = [reply("b", "تماس با ۰۹۱۲۳۴۵۶۷۸۹")]  # an Iranian mobile without +98
    assert agree({}, regions) == []
    assert len(agree({"regions": ["IR"]}, regions)) == 1


def test_bad_params_are_refused() -> None:
    from cx_rules.kinds.pii_exposure.params import Params

    for bad in ({"regions": ["XX"]}, {"company_contacts": {"phones": ["12"]}},
                {"company_number_types": ["mobile"]}, {"shared_number_customers": 1},
                {"reference_keywords": {"phone": ["tel"]}}, {"outbound_exempt": ["x"]}):
        with pytest.raises(ValueError):
            Params.model_validate(bad)


# Streaming sessions check each event alone and cannot count customers across the log, so the
# parameters shared with the streaming property test leave that inference off; the kind's own
# property test below draws it too.
PARAMS = st.fixed_dictionaries({"shared_number_customers": st.none()}, optional={
    "channels": st.lists(st.sampled_from(["social", "email", "chat"]), min_size=1, unique=True),
    "entities": st.lists(st.sampled_from(["email", "phone", "payment_card", "iban",
                                          "order_number"]), min_size=1, unique=True),
    "direction": st.sampled_from(["outbound", "inbound", "any"]),
    "actors": st.lists(st.sampled_from(["agent", "bot", "customer"]), min_size=1, unique=True),
    "allow": st.just(["jane.doe@example.com"]),
    "evidence": st.sampled_from(["valid", "possible", "uncertain"]),
    "company_number_types": st.sampled_from([[], ["uan"]]),
})
KIND_PARAMS = st.tuples(PARAMS, st.sampled_from([None, 2, 3])).map(
    lambda p: {**p[0], "shared_number_customers": p[1]})
HOTLINE = [
    {"interaction_id": f"h{i}", "case_id": f"h{i}", "customer_id": f"u{i}",
     "timestamp": BASE, "channel": "social", "direction": "outbound", "actor": "agent",
     "agent_id": "a1", "text": "Call +44 20 7946 0958 tomorrow", "topic": None,
     "priority": None, "status": None, "purpose": None, "claims": None, "promise_due": None,
     "csat": None, "sentiment": None, "identity_verified": None}
    for i in range(3)
]


@given(params=KIND_PARAMS, rows=interactions())
@example(params={"shared_number_customers": 2}, rows=HOTLINE)
@example(params={"shared_number_customers": 3, "direction": "any"}, rows=HOTLINE[:2])
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    assert_engines_agree(ruleset_with("pii_exposure", params, category="privacy"), rows)
