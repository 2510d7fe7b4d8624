# ruff: noqa: RUF001 - Russian and Azerbaijani examples in the parameter docs
"""The parameters of ``promise_kept``: the model is the source of its documented parameters."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cx_rules.durations import Duration
from cx_rules.kinds.base import MORE_IS_LOOSER
from cx_rules.models.enums import Actor, Channel

TIME_FORMAT = "%Y-%m-%d %H:%M UTC"


TextKind = Literal["reply", "callback", "shipment", "refund"]
TEXT_KINDS: tuple[TextKind, ...] = ("reply", "callback", "shipment", "refund")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    grace: Duration = Field(default=timedelta(0))
    """extra time after `promise_due` before a promise counts as broken (default `0s`)."""
    fulfil_by: list[Actor] = Field(
        default_factory=lambda: [Actor.AGENT, Actor.BOT, Actor.SYSTEM], min_length=1,
        json_schema_extra=MORE_IS_LOOSER,
    )
    """whose outbound messages count as keeping the promise (default `[agent, bot, system]`)."""
    channels: list[Channel] | None = None
    """only promises made on these channels (default: all)."""
    from_text: bool = False
    """also read promises from the outbound message text, in English, Russian, Azerbaijani,
    Uzbek, Persian and Arabic ("we will get back to you by Friday", "Мы перезвоним вам
    завтра", "Pulunuz üç iş günü ərzində qaytarılacaq"), with a due time (a named day: its end,
    23:59:59 local; "within N days": the end of the N-th local day; "N working days": business
    days of the calendar, else Mon-Fri; a clock time "by 17:00") read in the customer's time
    zone (else the calendar's, else UTC) and a kind, each kept only by its own outcome: a
    callback by an agent's outbound phone or callback contact or an `event` `callback_made`;
    a shipment by `event` `shipped` or `delivered`; a refund by `event` `refunded`; a reply by
    a later outbound message of `fulfil_by` that is not itself a delay notice ("sorry, still
    delayed"). A message with a structured `promise_due` keeps that promise only (default
    false)."""
    text_kinds: list[TextKind] = Field(
        default_factory=lambda: list(TEXT_KINDS), min_length=1, json_schema_extra=MORE_IS_LOOSER)
    """with `from_text`: the kinds of text promise to check (default all). Shipment and refund
    promises are kept only by `event` rows, so a rule that checks them needs the export to
    carry events (without any, it is not applicable), and such a promise is judged only in a
    case that has an event row: a case the feed says nothing about cannot show it kept, and
    unknown is not broken."""
    structured: bool = True
    """also check the structured `promise_due` of a message (default true; a second rule that
    only reads text promises sets it false, so no promise is counted twice)."""

    @field_validator("grace")
    @classmethod
    def _not_negative(cls, value: timedelta) -> timedelta:
        if value < timedelta(0):
            raise ValueError("grace must not be negative")
        return value


def needs(params: Params) -> frozenset[str]:
    """What was promised by when (structured, or also in the text with `from_text`)."""
    if not params.from_text:
        return frozenset({"promise_due"})
    read = "promise_due|text" if params.structured else "text"
    if {"shipment", "refund"} & set(params.text_kinds):  # kept only by business events
        return frozenset({read, "event"})
    return frozenset({read})


CALLBACK_CHANNELS = ("phone", "callback")
SHIPMENT_EVENTS = ("shipped", "delivered")
REFUND_EVENTS = ("refunded",)
CALLBACK_EVENTS = ("callback_made",)
FEED_KINDS = ("shipment", "refund")
"""Promises only a business feed's `event` rows can show kept: judged in a case that carries
at least one event row (a case without any cannot show them kept: unknown, not broken)."""
