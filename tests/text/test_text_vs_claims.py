# ruff: noqa: RUF001 - sentences in Cyrillic, Persian and Arabic on purpose
"""Facts told in text give the same consistency findings as the same facts as claims, and
plan == reference with ``from_text``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cx_rules.kinds.consistency.params import Params
from cx_rules.kinds.consistency.reference import check
from tests.conftest import fewer_examples
from tests.kinds._rows import event, run

SENTENCES = (
    "Your parcel arrives on {d} March.",
    "Доставка {d} марта.",
    "Sifarişiniz {d} mart tarixində çatdırılacaq.",
    "Buyurtmangiz {d} mart kuni yetkaziladi.",
    "Буюртмангиз {d} март куни етказилади.",
    "سفارش شما {d} مارس تحویل داده می‌شود.",
    "سيتم توصيل طلبك في {d} مارس.",
)
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

messages = st.lists(
    st.tuples(st.sampled_from(["c1", "c2"]), st.sampled_from(["chat", "email"]),
              st.integers(10, 12), st.integers(0, len(SENTENCES) - 1), st.booleans()),
    min_size=1, max_size=8)


def rows_of(msgs: list[tuple[str, str, int, int, bool]], as_text: bool) -> list[dict[str, Any]]:
    rows = []
    for i, (case, channel, day, lang, persian) in enumerate(msgs):
        number = str(day).translate(PERSIAN) if persian else str(day)
        extra: dict[str, Any] = (
            {"text": SENTENCES[lang].format(d=number)} if as_text
            else {"claims": [{"key": "delivery_date", "value": f"2026-03-{day:02d}"}],
                  "text": "Thanks for waiting."})
        rows.append(event(f"i{i:02d}", i * 7, "outbound", "agent", case=case,
                          channel=channel, **extra))
    return rows


def found(violations: list[dict[str, Any]]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((v["case_id"], tuple(v["interaction_ids"])) for v in violations)


@fewer_examples(0.3)
@given(messages)
def test_text_facts_give_the_findings_of_the_same_claims(
        msgs: list[tuple[str, str, int, int, bool]]) -> None:
    params = {"keys": ["delivery_date"], "from_text": True}
    as_text = found(run("consistency", params, rows_of(msgs, True), category="consistency"))
    as_claims = found(run("consistency", params, rows_of(msgs, False), category="consistency"))
    assert as_text == as_claims
    rows = rows_of(msgs, True)
    reference = check(Params(**params), rows, {}, None, datetime(2026, 4, 1, tzinfo=UTC))
    assert found(reference) == as_text


def test_a_structured_claim_wins_over_the_text() -> None:
    rows = [event("i1", 0, "outbound", "agent", text="Your parcel arrives on 5 March."),
            event("i2", 5, "outbound", "agent", channel="email",
                  text="Your parcel arrives on 9 March.",
                  claims=[{"key": "delivery_date", "value": "2026-03-05"}])]
    params = {"keys": ["delivery_date"], "from_text": True}
    assert run("consistency", params, rows, category="consistency") == []
    rows[1]["claims"] = None
    (v,) = run("consistency", params, rows, category="consistency")
    assert v["message"] == (
        "Told the customer delivery_date '2026-03-09' (\"Your parcel arrives on 9 March\") on "
        "email, but '2026-03-05' (\"Your parcel arrives on 5 March\") on chat earlier in this "
        "case.")


def test_without_from_text_the_text_is_not_read() -> None:
    rows = [event("i1", 0, "outbound", "agent", text="Your parcel arrives on 5 March."),
            event("i2", 5, "outbound", "agent", text="Your parcel arrives on 9 March.")]
    assert run("consistency", {"keys": ["delivery_date"]}, rows, category="consistency") == []
