"""Messages in the customers' languages: every catalogue message is translated in every
language, translations keep the template's fields, and the vectorised and row-wise renderings
of a message agree."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_rules.kinds.registry import available_kinds
from cx_rules.messages import (
    LANGUAGES,
    Message,
    Text,
    catalogues,
    duration_in,
    language_code,
    localise,
    localise_text,
    message_columns,
    render,
    template_fields,
)


def _everything() -> list[Message]:
    available_kinds()
    import cx_rules.outputs.policy  # noqa: F401  (the suppression reasons)

    return [m for cat in catalogues() for m in cat.messages.values()]


MESSAGES = _everything()
TRANSLATED = LANGUAGES[1:]


def test_the_messages_are_catalogued() -> None:
    kinds = {cat.package for cat in catalogues()}
    assert "cx_rules.kinds.response_time" in kinds
    assert len(MESSAGES) >= 5


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_and_term_has_a_translation(language: str) -> None:
    untranslated = [(cat.package, msgid) for cat in catalogues() for msgid in sorted(cat.msgids)
                    if msgid not in cat.translations(language)]
    assert not untranslated, (f"{len(untranslated)} untranslated in {language} "
                              f"(run `cx-rules messages --update`): {untranslated[:5]}")


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_translation_keeps_the_template_fields(language: str) -> None:
    for cat in catalogues():
        for msgid, text in cat.translations(language).items():
            assert set(template_fields(text)) == set(template_fields(msgid)), (
                f"{cat.package} {language}: {msgid!r} -> {text!r}")
            if msgid in cat.messages:
                assert text != msgid, f"{cat.package} {language}: {msgid!r} not translated"


def test_durations_take_the_unit_words_of_each_language() -> None:
    assert duration_in("2h 5m", "en") == "2h 5m"
    assert duration_in("2h 5m", "ru") == "2 ч 5 мин"
    assert duration_in("3d 4h", "az") == "3 gün 4 saat"
    assert duration_in("-1d", "fa") == "-1 روز"
    assert duration_in("45s", "uz").startswith("45 s")
    # each number takes its own plural form (CLDR's, through Babel): Arabic one, two, few
    assert [duration_in(t, "ar") for t in ("1d", "2d", "5d", "11d")] == [
        "يوم", "يومان", "5 أيام", "11 يومًا"]


def test_language_codes() -> None:
    assert [language_code(t) for t in ("ru-RU", "uz-Cyrl", "FA", "ar_SA", "de", None, "")] == [
        "ru", "uz", "fa", "ar", "en", "en", "en"]


def _value(message: Message, name: str) -> st.SearchStrategy[str]:
    if message.terms.get(name):
        return st.sampled_from(message.terms[name])
    if name in message.durations:
        return st.sampled_from(["2h 5m", "1d", "45s", "-3m 2s", "0s", "10d 4h"])
    return st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def rendered(draw: st.DrawFn) -> tuple[Message, dict[str, str]]:
    message = draw(st.sampled_from(MESSAGES))
    return message, {name: draw(_value(message, name)) for name in message.fields}


@settings(max_examples=60, deadline=None)
@given(items=st.lists(rendered(), min_size=1, max_size=8),
       languages=st.lists(st.sampled_from([*LANGUAGES, "de", None]), min_size=8, max_size=8))
def test_vectorised_and_row_wise_rendering_agree(
        items: list[tuple[Message, dict[str, Any]]], languages: list[str | None]) -> None:
    texts = [m.render(**values) for m, values in items]
    rows = pl.concat([
        pl.select(m.expr(**{k: pl.lit(v) for k, v in values.items()}).alias("message"))
        for m, values in items]).lazy()
    frame = message_columns(rows).collect().with_columns(
        pl.Series("lang", languages[:len(items)], dtype=pl.String))
    assert frame["message"].to_list() == [str(t) for t in texts]
    assert frame["message_id"].to_list() == [t.message_id for t in texts]
    assert [tuple(a) for a in frame["message_args"].to_list()] == [t.args for t in texts]
    vectorised = localise(frame, pl.col("lang"))["message"].to_list()
    row_wise = [localise_text(t, lang or "en") for t, lang in zip(texts, languages, strict=False)]
    assert vectorised == row_wise


def test_a_message_renders_again_in_another_language() -> None:
    from cx_rules.kinds.response_time.messages import NOT_DONE

    text = NOT_DONE.render(what="First reply", channel="chat", done="answered", took="3h 5m",
                           unit="", limit="1h")
    assert text == "First reply on chat still not answered after 3h 5m (limit 1h)."
    assert isinstance(text, Text) and text.message_id == NOT_DONE.template
    ru = localise_text(text, "ru")
    assert ru == "Первый ответ (чат): спустя 3 ч 5 мин всё ещё нет ответа (лимит 1 ч)."
    assert localise_text(text, "de") == text  # no catalogue: English
    assert localise_text("a plain sentence", "ru") == "a plain sentence"
    assert render("no such template {x}", ["1"], "ru") is None


def _sample_value(message: Message, name: str) -> str:
    if message.terms.get(name):
        return message.terms[name][0]
    return "2h 5m" if name in message.durations else "3"


def test_suppression_reasons_are_found_again_and_translated() -> None:
    from cx_rules.messages import match_text
    from cx_rules.outputs.language import reasons_in
    from cx_rules.outputs.policy import REASONS, reason

    texts = [reason(name, **{f: _sample_value(m, f) for f in m.fields})
             for name, m in REASONS.items()]
    for text in texts:  # each reason text leads back to its own template and values
        found = match_text(text, REASONS.values())
        assert found is not None and found == text and found.args == message_of_args(text)
    frame = pl.DataFrame({"customer_id": ["u1"] * (len(texts) + 2),
                          "suppressed_reason": [*texts, None, "a reason of someone else"]})
    for language in TRANSLATED:
        out = reasons_in(frame, language)["suppressed_reason"].to_list()
        assert out[-2:] == [None, "a reason of someone else"]
        assert out[:-2] == [localise_text(t, language) for t in texts]
        assert all(o != t for o, t in zip(out, texts, strict=False))


def message_of_args(text: str) -> tuple[str, ...]:
    assert isinstance(text, Text)
    return text.args
