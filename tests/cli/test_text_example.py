"""examples/text: facts and promises only in the message text, six languages, cx-baseline."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from cx_rules.cli import cli
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "text"
TEXT_RULES = {"same-facts-everywhere", "same-facts-per-customer", "promises-kept",
              "shipments-and-refunds-kept", "no-card-numbers-anywhere", "no-pii-on-social"}
EXPECTED = {
    # case -> the (rule, interaction ids) the text-reading and PII rules must report
    "c-en-dates": {("same-facts-everywhere", ("en-2", "en-4"))},
    "c-en-call": set(),  # "We will call you tomorrow." kept by the agent's call
    "c-ru-call": {("promises-kept", ("ru-2",))},  # "sorry, still delayed" is no callback
    "c-ru-same": set(),  # 9 марта and "в понедельник" are the same day
    "c-az-reply": {("promises-kept", ("az-2",))},  # the delay notice is no reply
    "c-az-refund": set(),  # kept by the refunded event
    "c-uz-dates": {("same-facts-everywhere", ("uz-2", "uz-4"))},  # Latin vs Cyrillic
    "c-fa-card": {("no-card-numbers-anywhere", ("fa-2",))},  # card in Persian digits
    "c-fa-price": set(),  # the same price in Persian and ASCII digits
    "c-ar-ship": {("shipments-and-refunds-kept", ("ar-2",))},
    "c-ar-kept": set(),  # kept by the shipped event
}


def lint(ruleset: str, *extra: str) -> dict[str, Any]:
    out = CliRunner().invoke(cli, [
        "lint", str(EXAMPLE / "log.csv"), "--customers", str(EXAMPLE / "customers.csv"),
        "--ruleset", ruleset, "--as-of", "2026-03-10T12:00:00Z", "--format", "json", *extra])
    assert out.exit_code in (0, 1), out.output
    data: dict[str, Any] = json.loads(out.output)
    return data


def test_text_example_findings_per_case() -> None:
    data = lint("cx-baseline")
    assert data["summary"]["rows_rejected"] == 0
    found: dict[str, set[tuple[str, tuple[str, ...]]]] = {case: set() for case in EXPECTED}
    for v in data["violations"]:
        if v["rule_id"] in TEXT_RULES:
            found.setdefault(v["case_id"], set()).add((v["rule_id"], tuple(v["interaction_ids"])))
    assert found == EXPECTED


def test_contacts_on_other_channels_are_only_real_ones() -> None:
    """Feed records (packed, shipped, refunded) contact nobody, and the call the agent
    announced ("We will call you tomorrow") keeps its promise: the one preferred-channel
    finding left is the price e-mailed to a customer who prefers chat and wrote in chat."""
    found = {(v["case_id"], tuple(v["interaction_ids"]))
             for v in lint("cx-baseline")["violations"] if v["rule_id"] == "preferred-channel"}
    assert found == {("c-fa-price", ("fa-5",))}


def test_text_example_messages_in_the_customers_languages() -> None:
    messages = {v["case_id"]: v["message"] for v in lint("cx-baseline")["violations"]
                if v["rule_id"] in ("same-facts-everywhere", "promises-kept")}
    assert messages["c-ru-call"].startswith(
        "Обещание обратного звонка до 2026-03-05 21:14 UTC (чат, «Мы перезвоним вам завтра»)")
    assert messages["c-az-reply"].startswith("Vəd (cavab)")
    assert messages["c-en-dates"].startswith("Told the customer delivery_date")


def test_text_example_messages_quote_the_sentences() -> None:
    messages = {v["case_id"]: v["message"] for v in lint("cx-baseline", "--lang", "en")[
        "violations"] if v["rule_id"] in ("same-facts-everywhere", "promises-kept")}
    assert messages["c-en-dates"] == (
        "Told the customer delivery_date '2026-03-09' (\"Your order will be delivered on "
        "Monday\") on chat, but '2026-03-05' (\"Your parcel arrives on 5 March\") on email "
        "earlier in this case.")
    assert messages["c-ru-call"].startswith(
        "Promised a callback by 2026-03-05 21:14 UTC on chat (\"Мы перезвоним вам завтра\")")


def test_2_1_0_finds_none_of_the_text_facts() -> None:
    found = {v["rule_id"] for v in lint("cx-baseline@2.1.0")["violations"]}
    assert not found & {"same-facts-everywhere", "promises-kept", "shipments-and-refunds-kept"}
