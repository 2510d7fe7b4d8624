# ruff: noqa: RUF001  (phrases in six languages: the letters are meant)
"""The parameters of ``contact_options``: the model is the source of its documented parameters."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.kinds.base import MORE_IS_LOOSER, MORE_IS_STRICTER
from cx_rules.kinds.phrases import EMAIL, HANDLE, PHONE, URL, any_of, phrase_pattern
from cx_rules.models.enums import Actor, Channel

REDIRECTS: list[str] = [
    # English
    "please call us", "you can call us", "you need to call us", "call our hotline",
    "call our support", "call customer service", "please phone us", "give us a call",
    "contact us by phone", "please write to us", "write to us by e-mail", "write to us by email",
    "please email us", "please e-mail us", "send us an email", "send us an e-mail",
    "contact us by email", "contact us by e-mail", "please contact our support",
    "please contact customer service", "please contact our call centre",
    "please contact our call center", "please contact us via", "message us on",
    # Russian
    "позвоните нам", "позвоните по телефону", "позвоните в службу поддержки",
    "позвоните на горячую линию", "свяжитесь с нами по телефону", "напишите нам на почту",
    "напишите нам на email", "напишите нам на e-mail", "обратитесь в службу поддержки",
    "обратитесь в колл-центр", "обратитесь в call-центр", "свяжитесь с поддержкой",
    # Azerbaijani
    "bizə zəng edin", "zəng mərkəzinə zəng edin", "çağrı mərkəzinə zəng edin", "bizə yazın",
    "bizə e-poçtla yazın", "e-poçt ünvanımıza yazın", "dəstək xidmətinə müraciət edin",
    "bizimlə telefonla əlaqə saxlayın",
    # Uzbek (Latin and Cyrillic)
    "bizga qo'ng'iroq qiling", "qo'ng'iroq markaziga qo'ng'iroq qiling", "bizga yozing",
    "elektron pochta orqali yozing", "call-markazga murojaat qiling",
    "qo'llab-quvvatlash xizmatiga murojaat qiling", "бизга қўнғироқ қилинг", "бизга ёзинг",
    "колл-марказга мурожаат қилинг", "қўллаб-қувватлаш хизматига мурожаат қилинг",
    # Persian
    "با ما تماس بگیرید", "با پشتیبانی تماس بگیرید", "به ما ایمیل بزنید", "به ما پیام دهید",
    "با مرکز تماس تماس بگیرید",
    # Arabic
    "اتصل بنا", "اتصلوا بنا", "تواصل معنا", "تواصلوا معنا", "راسلنا", "راسلونا",
    "اتصل بخدمة العملاء", "يرجى الاتصال بنا", "اكتب لنا",
]
CALLBACKS: list[str] = [
    "we will call you", "we'll call you", "call you back", "callback", "call-back",
    "we can call you",
    "мы вам перезвоним", "перезвоним вам", "мы вам позвоним", "позвоним вам", "обратный звонок",
    "sizə zəng edəcəyik", "sizə zəng edək", "geri zəng",
    "sizga qo'ng'iroq qilamiz", "qayta qo'ng'iroq", "сизга қўнғироқ қиламиз", "қайта қўнғироқ",
    "با شما تماس خواهیم گرفت", "با شما تماس می‌گیریم", "تماس خواهیم گرفت",
    "سنتصل بك", "سوف نتصل بك", "سنعاود الاتصال", "معاودة الاتصال",
]


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    phrases: list[str] = Field(default_factory=lambda: list(REDIRECTS), min_length=1,
                               json_schema_extra=MORE_IS_STRICTER)
    """what sends the customer to another channel ("please call us", "позвоните нам",
    "bizə zəng edin", "bizga qo'ng'iroq qiling", "با ما تماس بگیرید", "اتصل بنا"...; default: a
    list in English, Russian, Azerbaijani, Uzbek Latin and Cyrillic, Persian and Arabic; a
    trailing `*` makes a phrase a stem)."""
    callback_phrases: list[str] = Field(default_factory=lambda: list(CALLBACKS),
                                        json_schema_extra=MORE_IS_LOOSER)
    """what offers a callback instead ("we will call you back", "мы вам перезвоним",
    "sizə zəng edəcəyik", "با شما تماس خواهیم گرفت", "سنتصل بك"...; default: a list in the six
    languages)."""
    actors: list[Actor] = Field(default_factory=lambda: [Actor.AGENT, Actor.BOT], min_length=1)
    """whose outbound messages are checked (default `[agent, bot]`)."""
    channels: list[Channel] | None = None
    """only messages on these channels (default: all)."""
    earlier_in_case: bool = True
    """an option given in an earlier outbound message of the case (a signature, a previous
    reply) counts as offered (default true); false judges each message on its own."""


def needs(params: Params) -> frozenset[str]:
    """The message text says where the customer is sent."""
    return frozenset({"text"})


def redirect_pattern(params: Params) -> str:
    return phrase_pattern(params.phrases)


def offer_pattern(params: Params) -> str:
    """A phone number, e-mail address, link or handle, or a callback offered."""
    return any_of(PHONE, EMAIL, URL, HANDLE, phrase_pattern(params.callback_phrases))


LIMIT = "a phone number, e-mail address, link or callback"
OBSERVED = "'{phrase}' with no way to do it"
"""The observed text of a finding (its message is in :mod:`.messages`)."""
