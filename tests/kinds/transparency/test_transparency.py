# ruff: noqa: RUF001  (messages in six languages: the letters are meant)
"""transparency: price, fee and policy questions in six languages, and what answers them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.kinds._rows import event, run
from tests.strategies import assert_engines_agree, interactions, ruleset_with

PARAMS = st.fixed_dictionaries({}, optional={
    "answer_by": st.sampled_from([["agent"], ["agent", "bot"], ["bot", "system"]]),
    "channels": st.sampled_from([["chat"], ["email", "social"]]),
    "questions": st.sampled_from([["how much"], ["сколько стоит", "refund polic*"]]),
    "holding_phrases": st.sampled_from([[], ["let me check"]]),
    "free_phrases": st.sampled_from([[], ["free"]]),
})


def asked(text: str, i: str = "q", minutes: float = 0, **extra: Any) -> dict[str, Any]:
    return event(i, minutes, "inbound", "customer", text=text, **extra)


def answered(text: str | None, i: str = "a", minutes: float = 1, actor: str = "agent",
             **extra: Any) -> dict[str, Any]:
    return event(i, minutes, "outbound", actor, text=text,
                 agent_id="a1" if actor == "agent" else None, **extra)


def findings(rows: list[dict[str, Any]], **params: Any) -> list[dict[str, Any]]:
    return run("transparency", params, rows, category="transparency")


@pytest.mark.parametrize(("question", "answer", "phrase"), [
    ("How much is the express delivery?", "It depends on the size of the parcel.", "how much"),
    ("What is your refund policy for opened items?", "We handle refunds case by case.",
     "refund policy"),
    ("Сколько стоит доставка в Баку?", "Стоимость зависит от тарифа.", "сколько стоит"),
    ("Подскажите условия возврата", "Возврат возможен, если товар не использовался.",
     "условия возврата"),
    ("Çatdırılma NƏ QƏDƏRDİR?", "Qiymət rayondan asılıdır.", "nə qədərdir"),
    ("Bu telefon qancha turadi?", "Narx do'konga bog'liq.", "qancha turadi"),
    ("Бу телефон қанча туради?", "Нарх дўконга боғлиқ.", "қанча туради"),
    ("ارسال چقدر هزینه دارد؟", "بستگی به شهر دارد.", "چقدر"),
    ("كم سعر التوصيل إلى الرياض؟", "يعتمد ذلك على الوزن.", "كم سعر"),
])
def test_a_question_answered_without_a_figure_or_link(question: str, answer: str,
                                                      phrase: str) -> None:
    [found] = findings([asked(question), answered(answer)])
    assert found["interaction_ids"] == ["q", "a"]
    assert found["observed"] == f"answer to '{phrase}' without a figure or link"
    assert found["message"] == (f"Customer asked '{phrase}' and was answered without a figure "
                                "or a policy link.")


@pytest.mark.parametrize(("question", "answer"), [
    ("How much is the express delivery?", "It costs 25 ₼."),
    ("How much is it?", "Express delivery is free for orders over 50 EUR."),
    ("Is there a fee for returns?", "No fee, returns are free of charge."),
    ("What is your refund policy?", "Here it is: https://nordwave.example/refunds"),
    ("Сколько стоит доставка?", "Доставка бесплатно."),
    ("Qiyməti nədir?", "Qiyməti 25 manatdır."),
    ("Narxi qancha?", "Bepul."),
    ("قیمتش چنده؟", "۲۵ هزار تومان"),
    ("كم سعر التوصيل؟", "السعر ٣٠ ريال"),
    ("كم تكلفة الشحن؟", "الشحن مجاني."),
    ("My delivery is late, where is it?", "It is on its way."),  # not a price question
])
def test_a_figure_a_link_a_free_or_no_question_is_fine(question: str, answer: str) -> None:
    assert findings([asked(question), answered(answer)]) == []


def test_holding_replies_and_replies_without_text_wait_for_the_real_answer() -> None:
    rows = [asked("How much is the extended warranty?"),
            answered("Let me check that for you.", "h", 1), answered(None, "n", 2),
            answered("", "e", 3), answered("It is 39 EUR for two years.", "a", 5)]
    assert findings(rows) == []
    vague = [*rows[:4], answered("It depends on the model.", "a", 5)]
    [found] = findings(vague)
    assert found["interaction_ids"] == ["q", "a"]


@pytest.mark.parametrize("ack", [
    "Thanks! We have received your message and an agent will reply within a day.",
    "Спасибо за обращение! Оператор ответит в ближайшее время.",
    "Müraciətiniz qəbul edildi.",
    "درخواست شما ثبت شد",
    "تم استلام رسالتك",
])
def test_an_automatic_acknowledgement_is_not_the_answer(ack: str) -> None:
    rows = [asked("How much is the extended warranty?"), answered(ack, "b", 1, actor="bot"),
            answered("It is 39 EUR for two years.", "a", 5)]
    assert findings(rows) == []


def test_one_finding_per_answer_on_the_first_open_question() -> None:
    rows = [asked("How much is delivery?", "q1", 0), asked("And how much is assembly?", "q2", 1),
            answered("Both depend on your address.", "a1", 2),
            asked("Сколько стоит подъём на этаж?", "q3", 3),
            answered("Это уточнит курьер.", "a2", 4)]
    assert [f["interaction_ids"] for f in findings(rows)] == [["q1", "a1"], ["q3", "a2"]]


def test_who_answers_and_where_the_question_was_asked() -> None:
    rows = [asked("How much is it?"), answered("Prices vary.", "b", 1, actor="bot"),
            answered("Prices vary a lot.", "a", 2)]
    assert [f["interaction_ids"] for f in findings(rows)] == [["q", "b"]]
    assert [f["interaction_ids"] for f in findings(rows, answer_by=["agent"])] == [["q", "a"]]
    assert findings(rows, channels=["email"]) == []
    # a question answered by nobody is for the response-time rules, not this one
    assert findings([asked("How much is it?")]) == []


@given(rows=interactions(rich=True), params=PARAMS)
def test_vectorized_equals_reference(rows: list[dict[str, Any]], params: dict[str, Any]) -> None:
    assert_engines_agree(ruleset_with("transparency", params, category="transparency"), rows)
