# ruff: noqa: RUF001  (phrases in six languages: the letters are meant)
"""The parameters of ``transparency``: the model is the source of its documented parameters."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.kinds.base import MORE_IS_LOOSER, MORE_IS_STRICTER
from cx_rules.kinds.phrases import DIGIT, URL, any_of, phrase_pattern
from cx_rules.models.enums import Actor, Channel

QUESTIONS: list[str] = [
    # English
    "how much", "what is the price", "what's the price", "what does it cost",
    "what will it cost", "what do you charge", "is there a fee", "are there any fees",
    "what are the fees", "what is the fee", "refund policy", "return policy", "returns policy",
    "cancellation policy",
    # Russian
    "сколько стоит", "сколько стоят", "сколько будет стоить", "какая цена", "какова цена",
    "какая стоимость", "какова стоимость", "какая комиссия", "есть ли комиссия",
    "условия возврата", "политика возврата", "правила возврата",
    # Azerbaijani
    "nə qədərdir", "neçəyədir", "qiyməti nədir", "qiyməti nə qədər", "komissiya varmı",
    "qaytarma qaydaları", "qaytarma şərtləri", "geri qaytarma siyasəti",
    # Uzbek (Latin and Cyrillic)
    "qancha turadi", "narxi qancha", "necha pul", "komissiya bormi", "qaytarish shartlari",
    "qaytarish qoidalari", "қанча туради", "нархи қанча", "неча пул", "комиссия борми",
    "қайтариш шартлари", "қайтариш қоидалари",
    # Persian
    "چقدر", "قیمتش چنده", "قیمت چند", "کارمزد دارد", "شرایط بازگشت", "سیاست بازگشت",
    "شرایط مرجوعی",
    # Arabic
    "كم سعر", "كم السعر", "كم ثمن", "كم تكلفة", "كم تكلف", "كم يكلف", "كم الرسوم",
    "ما هو السعر", "ما سعر", "هل هناك رسوم", "سياسة الاسترجاع", "سياسة الإرجاع",
    "سياسة الاسترداد", "شروط الإرجاع", "شروط الاسترجاع",
]
HOLDING: list[str] = [
    "let me check", "i'll check", "i will check", "one moment", "just a moment", "bear with me",
    "i'll get back to you", "i will get back to you", "let me find out",
    "одну минуту", "минутку", "сейчас уточню", "сейчас проверю", "уточню у",
    "bir dəqiqə", "yoxlayıram", "yoxlayım", "dəqiqləşdirirəm",
    "bir daqiqa", "tekshirib ko'raman", "aniqlab beraman", "бир дақиқа", "текшириб кўраман",
    "یک لحظه", "بررسی می‌کنم", "بررسی میکنم", "لحظة من فضلك", "دعني أتحقق", "سأتحقق",
    # automatic acknowledgements
    "we have received your", "we received your message", "will be with you shortly",
    "an agent will reply", "спасибо за обращение", "ваше обращение принято",
    "оператор ответит", "müraciətiniz qəbul edildi", "murojaatingiz qabul qilindi",
    "мурожаатингиз қабул қилинди", "درخواست شما ثبت شد", "تم استلام",
]
FREE: list[str] = [
    "free", "free of charge", "no charge", "no fee", "no fees", "no cost",
    "бесплатно", "бесплатная", "бесплатный", "без комиссии", "без оплаты",
    "pulsuz", "ödənişsiz", "komissiyasız", "bepul", "komissiyasiz", "бепул",
    "رایگان", "بدون هزینه", "بدون کارمزد", "مجاني", "مجانا", "مجانًا", "بدون رسوم",
]


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    questions: list[str] = Field(default_factory=lambda: list(QUESTIONS), min_length=1,
                                 json_schema_extra=MORE_IS_STRICTER)
    """what makes a customer message a price, fee or policy question ("how much",
    "сколько стоит", "nə qədərdir", "qancha turadi", "چقدر", "كم سعر", "refund policy",
    "условия возврата"...; default: a list in English, Russian, Azerbaijani, Uzbek Latin and
    Cyrillic, Persian and Arabic; a trailing `*` makes a phrase a stem)."""
    holding_phrases: list[str] = Field(default_factory=lambda: list(HOLDING),
                                       json_schema_extra=MORE_IS_LOOSER)
    """replies that only ask for a moment ("let me check", "одну минуту", "bir dəqiqə",
    "یک لحظه", "لحظة من فضلك"...) or acknowledge receipt automatically ("we have received
    your", "ваше обращение принято", "تم استلام"...): not the answer; the next reply is."""
    free_phrases: list[str] = Field(default_factory=lambda: list(FREE),
                                    json_schema_extra=MORE_IS_LOOSER)
    """words that state a price without a number ("free", "бесплатно", "pulsuz", "bepul",
    "رایگان", "مجاني"...)."""
    answer_by: list[Actor] = Field(default_factory=lambda: [Actor.AGENT, Actor.BOT],
                                   min_length=1)
    """whose outbound messages answer (default `[agent, bot]`)."""
    channels: list[Channel] | None = None
    """only questions asked on these channels (default: all)."""


def needs(params: Params) -> frozenset[str]:
    """Questions and answers are read from the message text."""
    return frozenset({"text"})


def question_pattern(params: Params) -> str:
    return phrase_pattern(params.questions)


def holding_pattern(params: Params) -> str:
    return phrase_pattern(params.holding_phrases)


def plain_pattern(params: Params) -> str:
    """A figure (any digit, any script), a link, or a price said in words ("free")."""
    return any_of(DIGIT, URL, phrase_pattern(params.free_phrases))


LIMIT = "a figure or a policy link"
OBSERVED = "answer to '{phrase}' without a figure or link"
"""The observed and limit texts of a finding: the reference formats them, the plan fills them
with columns (the message is in ``messages.py``)."""
