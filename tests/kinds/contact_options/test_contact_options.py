# ruff: noqa: RUF001  (phrases in six languages: the letters are meant)
"""contact_options: real redirections in six languages, offered options, engine agreement."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.kinds._rows import event, run
from tests.strategies import assert_engines_agree, interactions, ruleset_with

PARAMS = st.fixed_dictionaries({}, optional={
    "actors": st.sampled_from([["agent"], ["agent", "bot"], ["bot", "system"]]),
    "channels": st.sampled_from([["chat"], ["email", "social"]]),
    "earlier_in_case": st.booleans(),
    "phrases": st.sampled_from([["please call us"], ["позвоните нам", "zəng edin"], ["call*"]]),
    "callback_phrases": st.sampled_from([[], ["sizə zəng edəcəyik"]]),
})


def said(text: str, i: str = "a", case: str = "c1", actor: str = "agent",
         minutes: float = 1) -> dict[str, Any]:
    return event(i, minutes, "outbound", actor, case=case, text=text,
                 agent_id="a1" if actor == "agent" else None)


def findings(rows: list[dict[str, Any]], **params: Any) -> list[dict[str, Any]]:
    return run("contact_options", params, rows, category="effort")


@pytest.mark.parametrize(("text", "phrase"), [
    ("For this please call us, the chat cannot change addresses.", "please call us"),
    ("You can't change it here: please write to us by e-mail.", "please write to us"),
    ("Пожалуйста, ПОЗВОНИТЕ НАМ, в чате это не сделать.", "позвоните нам"),
    ("Напишите нам на почту, приложите фото чека.", "напишите нам на почту"),
    ("Bu məsələ üçün BİZƏ ZƏNG EDİN.", "bizə zəng edin"),
    ("Iltimos, bizga qoʻngʻiroq qiling.", "bizga qo'ng'iroq qiling"),
    ("Илтимос, бизга қўнғироқ қилинг.", "бизга қўнғироқ қилинг"),
    ("برای این کار لطفا با ما تماس بگیرید.", "با ما تماس بگیرید"),
    ("لهذا الطلب يرجى الاتصال بنا.", "يرجى الاتصال بنا"),
])
def test_a_redirection_without_a_way_to_follow_it(text: str, phrase: str) -> None:
    [found] = findings([event("q", 0, "inbound", "customer", text="Can I change it?"),
                        said(text)])
    assert found["interaction_ids"] == ["a"]
    assert found["observed"] == f"'{phrase}' with no way to do it"
    assert found["message"] == (f"Told the customer '{phrase}' without a phone number, e-mail "
                                "address, link or callback to do it with.")


@pytest.mark.parametrize("text", [
    "Please call us at +994 12 555 55 55.",
    "Please call us on 0800 123 4567, we are open 9-18.",
    "Позвоните нам: 8 (800) 555-35-35.",
    "Позвоните нам, мы вам перезвоним через час.",
    "Bizə zəng edin: *1234",
    "Bizə yazın: destek@nordwave.az",
    "Bizga qo'ng'iroq qiling yoki sizga qo'ng'iroq qilamiz, qaysi vaqt qulay?",
    "با ما تماس بگیرید: ۰۲۱-۸۸۸۸-۷۷۷۷",
    "اتصل بنا على ٠١٢٣٤٥٦٧٨٩",
    "Please write to us by e-mail via https://nordwave.example/contact",
    "Message us on Instagram @nordwave_help",
    "Thanks for calling us today!",  # not a redirection
])
def test_an_offered_option_or_no_redirection_is_fine(text: str) -> None:
    assert findings([said(text)]) == []


def test_an_option_given_earlier_in_the_case_counts_unless_judged_alone() -> None:
    rows = [said("Our hotline is +49 30 1234 5678.", "a1", minutes=1),
            said("As said, please call us.", "a2", minutes=5)]
    assert findings(rows) == []
    assert [f["interaction_ids"] for f in findings(rows, earlier_in_case=False)] == [["a2"]]
    # an option in another case does not help
    other = [said("Our hotline is +49 30 1234 5678.", "a1", case="c0"), rows[1]]
    assert [f["interaction_ids"] for f in findings(other)] == [["a2"]]


def test_customers_messages_without_text_and_other_actors_are_not_judged() -> None:
    rows = [event("q", 0, "inbound", "customer", text="Please call us back, I said"),
            said("please call us", "s", actor="system"), event("n", 2, "outbound", "agent")]
    assert findings(rows) == []
    assert len(findings(rows, actors=["system"])) == 1


def test_channels_and_extended_phrases() -> None:
    rows = [said("Zəhmət olmasa, mağazamıza gəlin.", "a", case="c1"),
            event("b", 1, "outbound", "agent", case="c2", channel="email",
                  text="Zəhmət olmasa, mağazamıza gəlin.")]
    assert findings(rows) == []
    found = findings(rows, phrases=["mağazamıza gəl*"], channels=["email"])
    assert [f["case_id"] for f in found] == ["c2"]
    assert found[0]["observed"] == "'mağazamıza gəl' with no way to do it"


@given(rows=interactions(rich=True), params=PARAMS)
def test_vectorized_equals_reference(rows: list[dict[str, Any]], params: dict[str, Any]) -> None:
    assert_engines_agree(ruleset_with("contact_options", params, category="effort"), rows)
