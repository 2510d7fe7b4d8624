# ruff: noqa: RUF001  (phrases in six languages: the letters are meant)
"""The parameters of ``explain_once``: the model is the source of its documented parameters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.kinds.base import MORE_IS_STRICTER
from cx_rules.kinds.phrases import EMAIL, phrase_pattern
from cx_rules.models.enums import Actor

Check = Literal["ask_again", "restate"]
Identifier = Literal["number", "email", "phone"]
CHECKS: tuple[Check, ...] = ("ask_again", "restate")
IDENTIFIERS: tuple[Identifier, ...] = ("number", "email", "phone")
WHAT: dict[Identifier, str] = {"number": "order or account number", "email": "e-mail address",
                               "phone": "phone number"}

ASKS: dict[Identifier, list[str]] = {
    "number": [
        "what is your order number", "what's your order number", "your order number, please",
        "provide your order number", "provide the order number", "send us your order number",
        "send me your order number", "share your order number", "give me your order number",
        "may i have your order number", "can i have your order number",
        "could you tell me your order number", "what is your account number",
        "provide your account number", "what is your ticket number",
        "укажите номер заказа", "укажите, пожалуйста, номер заказа", "назовите номер заказа",
        "сообщите номер заказа", "пришлите номер заказа", "напишите номер заказа",
        "уточните номер заказа", "какой у вас номер заказа", "укажите номер вашего заказа",
        "укажите номер счета", "укажите номер счёта",
        "sifariş nömrəniz nədir", "sifariş nömrənizi göndərin", "sifariş nömrənizi yazın",
        "sifariş nömrənizi qeyd edin", "sifariş nömrənizi deyin", "hesab nömrənizi",
        "buyurtma raqamingiz*", "buyurtma raqamini yuboring", "buyurtma raqamini yozing",
        "буюртма рақамингиз*", "буюртма рақамини юборинг",
        "شماره سفارش خود را", "شماره سفارشتان", "شماره سفارش را بفرستید",
        "شماره سفارش را ارسال کنید", "شماره سفارش چیست", "لطفا شماره سفارش",
        "ما هو رقم الطلب", "ما رقم الطلب", "رقم طلبك", "يرجى تزويدنا برقم الطلب",
        "أرسل لنا رقم الطلب", "ارسل لنا رقم الطلب",
    ],
    "email": [
        "what is your email", "what is your e-mail", "what's your email",
        "your email address, please", "provide your email", "provide your e-mail",
        "send me your email", "укажите ваш email", "укажите вашу почту",
        "укажите адрес электронной почты", "e-poçt ünvanınızı", "elektron pochtangizni",
        "электрон почтангизни", "ایمیل خود را", "ایمیلتان را", "بريدك الإلكتروني",
    ],
    "phone": [
        "what is your phone number", "what's your phone number", "provide your phone number",
        "your phone number, please", "укажите номер телефона", "укажите ваш номер телефона",
        "telefon nömrənizi", "telefon raqamingizni", "телефон рақамингизни",
        "شماره تلفن خود را", "شماره موبایل خود را", "رقم هاتفك", "رقم جوالك",
    ],
}
NUMBER_WORDS: list[str] = [
    "order*", "account*", "ticket*", "заказ*", "счет*", "счёт*", "заявк*", "sifariş*", "hesab*",
    "buyurtma*", "hisob*", "буюртма*", "ҳисоб*", "سفارش*", "طلب*", "حساب*",
]


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    checks: list[Check] = Field(default_factory=lambda: list(CHECKS), min_length=1)
    """`ask_again` (an agent asks for a detail the customer already gave) and/or `restate`
    (the customer repeats their problem to a new agent); default both."""
    asks: dict[Identifier, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in ASKS.items()})
    """ask_again: per detail (`number`: an order, account or ticket number; `email`; `phone`)
    the phrases that ask for it ("what is your order number", "укажите номер заказа",
    "sifariş nömrəniz nədir", "buyurtma raqamingiz*", "شماره سفارش خود را", "رقم الطلب"...;
    default: lists in English, Russian, Azerbaijani, Uzbek Latin and Cyrillic, Persian and
    Arabic; a trailing `*` makes a phrase a stem)."""
    number_words: list[str] = Field(default_factory=lambda: list(NUMBER_WORDS),
                                    json_schema_extra=MORE_IS_STRICTER)
    """ask_again: words that introduce a number the customer gives (`order*`, `заказ*`,
    `sifariş*`, `buyurtma*`, `سفارش*`, `طلب*`...): "order 48213377", "заказ № 7712",
    "sifariş nömrəm ۷۷۱۲". A number after `#` or `№`, or a code like `NW-38471`, counts
    without them."""
    actors: list[Actor] = Field(default_factory=lambda: [Actor.AGENT, Actor.BOT], min_length=1)
    """ask_again: whose outbound messages are checked (default `[agent, bot]`)."""
    min_overlap: float = Field(default=0.6, gt=0, le=1)
    """restate: the Jaccard overlap of the two messages' word sets (lower-cased words, every
    script's digits read as ASCII) at which a message repeats an earlier one (default 0.6)."""
    min_words: int = Field(default=4, ge=1)
    """restate: messages with fewer distinct words are never a restatement ("yes, thanks")
    (default 4)."""


def needs(params: Params) -> frozenset[str]:
    """Both checks read the text; restating is noticed when the agent changes."""
    if params.checks == ["restate"]:
        return frozenset({"text", "agent_id"})
    return frozenset({"text"})


GIVEN_PHONE = (r"\+\d(?:[\s().-]{0,2}\d){6,}|(?i:tel|phone|телефон|telefon|تلفن|موبایل|هاتف|جوال)"
               r"\w*[^\d]{0,20}(?:\d[\s().-]{0,2}){6,}\d")
"""A phone number the customer gives: with ``+``, or after a word for phone (a bare run of
digits may just as well be an order number)."""


def identifier_patterns(params: Params) -> dict[Identifier, str]:
    """What shows that a message gives the detail (normalised text)."""
    words = phrase_pattern(params.number_words).removeprefix("(?i)")
    number = (r"[#№]\s?\d{3,}|\b[A-Za-z]{2,4}-\d{3,}\b|"
              f"(?i:{words})[^\\d]{{0,20}}\\d{{3,}}")
    return {"number": number, "email": EMAIL, "phone": GIVEN_PHONE}


def ask_patterns(params: Params) -> dict[Identifier, str]:
    return {k: phrase_pattern(params.asks.get(k, [])) for k in IDENTIFIERS}


WORDS = r"\w+"
ASK_OBSERVED = "asked again for the {what}"
ASK_LIMIT = "details asked once"
RESTATE_OBSERVED = "{pct}% of the words of an earlier message"
"""The observed and limit texts of a finding (its messages are in :mod:`.messages`)."""


def restate_limit(params: Params) -> str:
    return f"under {params.min_overlap:.0%} overlap after a transfer"
