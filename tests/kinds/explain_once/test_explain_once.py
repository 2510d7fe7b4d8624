# ruff: noqa: RUF001  (messages in six languages: the letters are meant)
"""explain_once: details asked again and problems restated after a transfer, six languages."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import fewer_examples
from tests.kinds._rows import event, run
from tests.strategies import assert_engines_agree, interactions, ruleset_with

PARAMS = st.fixed_dictionaries({}, optional={
    "checks": st.sampled_from([["ask_again"], ["restate"], ["restate", "ask_again"]]),
    "actors": st.sampled_from([["agent"], ["agent", "bot"], ["bot", "system"]]),
    "min_overlap": st.sampled_from([0.3, 0.6, 1.0]),
    "min_words": st.sampled_from([1, 3, 4]),
    "asks": st.sampled_from([{"number": ["what is your order number", "укажите номер*"]},
                             {"email": ["e-mail*"]}]),
})


def wrote(text: str | None, i: str, minutes: float) -> dict[str, Any]:
    return event(i, minutes, "inbound", "customer", text=text)


def agent(text: str | None, i: str, minutes: float, who: str | None = "a1",
          actor: str = "agent") -> dict[str, Any]:
    return event(i, minutes, "outbound", actor, text=text, agent_id=who)


def findings(rows: list[dict[str, Any]], **params: Any) -> list[dict[str, Any]]:
    return run("explain_once", params, rows, category="effort")


@pytest.mark.parametrize(("given", "ask", "what"), [
    ("My order #48213377 has not arrived", "Sorry! What is your order number?",
     "order or account number"),
    ("Order NW-38471 is late", "Could you tell me your order number, please?",
     "order or account number"),
    ("Мой заказ № 7712 не пришёл", "Укажите, пожалуйста, номер заказа.",
     "order or account number"),
    ("Sifariş nömrəm ۷۷۱۲, hələ gəlməyib", "Sifariş nömrəniz nədir?", "order or account number"),
    ("Buyurtmam 551234 hali kelmadi", "Buyurtma raqamingizni yozing, iltimos.",
     "order or account number"),
    ("Буюртмам 551234 ҳали келмади", "Буюртма рақамингиз қандай?", "order or account number"),
    ("سفارش من ۴۸۲۱۳۳۷۷ هنوز نرسیده", "لطفا شماره سفارش خود را بفرستید", "order or account number"),
    ("طلبي رقم ٤٨٢١٣٣٧٧ لم يصل", "ما هو رقم الطلب؟", "order or account number"),
    ("Please reply to jane.doe@example.com", "What is your email address?", "e-mail address"),
    ("Мой телефон: 8 (050) 123-45-67", "Укажите номер телефона для курьера.", "phone number"),
])
def test_a_detail_asked_again(given: str, ask: str, what: str) -> None:
    [found] = findings([wrote(given, "q", 0), agent(ask, "a", 1)], checks=["ask_again"])
    assert found["interaction_ids"] == ["q", "a"]
    assert found["observed"] == f"asked again for the {what}"
    assert found["message"] == (f"Asked the customer for their {what} although they gave it "
                                "earlier in this case.")


@pytest.mark.parametrize(("given", "ask"), [
    ("My parcel has not arrived", "What is your order number?"),  # never given
    ("My order #48213377 has not arrived", "Is your order number 48213377?"),  # confirmation
    ("My order #48213377 has not arrived", "What is your phone number?"),  # another detail
    ("Call me, 48213377", "What is your phone number?"),  # a bare number is no phone number
    ("Мой заказ № 7712 не пришёл", "Спасибо, заказ № 7712 нашли."),  # not an ask
])
def test_asking_for_what_was_not_given_is_fine(given: str, ask: str) -> None:
    assert findings([wrote(given, "q", 0), agent(ask, "a", 1)], checks=["ask_again"]) == []


def test_a_detail_given_in_another_case_or_by_the_agent_does_not_count() -> None:
    rows = [event("q", 0, "inbound", "customer", case="c0", text="My order #48213377"),
            agent("Your order #48213377 is on its way.", "x", 1),
            agent("What is your order number?", "a", 2)]
    assert findings(rows) == []


def test_the_customer_restates_after_a_transfer() -> None:
    rows = [wrote("My parcel with the coffee machine has not arrived yet", "q1", 0),
            agent("Let me pass you to the delivery team.", "a1", 1),
            agent("Hi, I'm from the delivery team. How can I help?", "b1", 3, who="a02"),
            wrote("Hello, my parcel with the coffee machine still has not arrived", "q2", 4)]
    [found] = findings(rows)
    assert found["interaction_ids"] == ["q1", "q2"]
    assert found["observed"] == "75% of the words of an earlier message"
    assert found["limit"] == "under 60% overlap after a transfer"
    assert found["message"] == ("Customer had to repeat their problem to a new agent (a02): "
                                "75% of the words of their earlier message.")
    assert findings(rows, min_overlap=0.8) == []


@pytest.mark.parametrize(("first", "again"), [
    ("Посылка с кофемашиной до сих пор не пришла", "Здравствуйте, посылка с кофемашиной до сих пор не пришла"),
    ("Kofe maşını olan bağlama hələ gəlməyib", "Salam, kofe maşını olan bağlama hələ gəlməyib"),
    ("Kofe mashinasi bor posilka hali kelmadi", "Salom, kofe mashinasi bor posilka hali kelmadi"),
    ("بسته قهوه‌ساز من هنوز نرسیده است", "سلام، بسته قهوه‌ساز من هنوز نرسیده است"),
    ("الطرد الذي فيه آلة القهوة لم يصل بعد", "مرحبا، الطرد الذي فيه آلة القهوة لم يصل بعد"),
])
def test_restating_in_every_language(first: str, again: str) -> None:
    rows = [wrote(first, "q1", 0), agent("...", "a1", 1), agent("Hi!", "b1", 2, who="a2"),
            wrote(again, "q2", 3)]
    assert [f["interaction_ids"] for f in findings(rows, checks=["restate"])] == [["q1", "q2"]]


def test_no_transfer_short_replies_or_a_new_topic_are_not_restating() -> None:
    first = wrote("My parcel with the coffee machine has not arrived yet", "q1", 0)
    same = wrote("My parcel with the coffee machine has not arrived yet", "q2", 4)
    # the same agent, or agents unknown: no transfer
    assert findings([first, agent("Checking.", "a1", 1), agent("Still checking.", "a2", 2),
                     same]) == []
    assert findings([first, agent("Checking.", "a1", 1, who=None),
                     agent("Hi!", "b1", 2, who=None), same]) == []
    # after the transfer the customer says "yes thanks" first, then restates: still found
    rows = [first, agent("Passing you on.", "a1", 1), agent("Hi!", "b1", 2, who="a2"),
            wrote("yes thanks", "y", 3), same]
    assert [f["interaction_ids"] for f in findings(rows)] == [["q1", "q2"]]
    # a new question is not a restatement
    new = wrote("Also, can I add a second filter to the order?", "q3", 4)
    assert findings([first, agent("Passing you on.", "a1", 1), agent("Hi!", "b1", 2, who="a2"),
                     new]) == []


DENSE = [None, "My order #48213377 has not arrived", "Sifariş nömrəm ۷۷۱۲, hələ gəlməyib",
         "What is your order number?", "What is your order number? Is it #48213377?",
         "Укажите номер заказа", "Mail me at jane.doe@example.com", "What is your email?",
         "my parcel with the coffee machine has not arrived",
         "hello my parcel with the coffee machine still has not arrived", "yes thanks"]
"""Texts that give, ask, confirm and restate, dense enough that every branch is exercised."""


@given(rows=interactions(rich=True), params=PARAMS)
def test_vectorized_equals_reference(rows: list[dict[str, Any]], params: dict[str, Any]) -> None:
    assert_engines_agree(ruleset_with("explain_once", params, category="effort"), rows)


@fewer_examples(0.5)
@given(rows=interactions(rich=True), texts=st.lists(st.sampled_from(DENSE), min_size=40,
                                                    max_size=40), params=PARAMS)
def test_vectorized_equals_reference_on_dense_texts(rows: list[dict[str, Any]],
                                                    texts: list[str | None],
                                                    params: dict[str, Any]) -> None:
    for row, text in zip(rows, texts, strict=False):
        row["text"] = text
    assert_engines_agree(ruleset_with("explain_once", params, category="effort"), rows)
