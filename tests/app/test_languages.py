"""A run's messages in the customers' languages: ``evaluate(language=...)`` and ``--lang``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner

from cx_rules import evaluate
from cx_rules.messages import render

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _rows() -> list[dict[str, Any]]:
    def row(i: str, case: str, customer: str, minutes: float, channel: str,
            direction: str, actor: str) -> dict[str, Any]:
        return {"interaction_id": i, "case_id": case, "customer_id": customer,
                "timestamp": T0 + timedelta(minutes=minutes), "channel": channel,
                "direction": direction, "actor": actor}

    return [row("i1", "c1", "u1", 0, "chat", "inbound", "customer"),
            row("i2", "c1", "u1", 30, "chat", "outbound", "agent"),
            row("i3", "c2", "u2", 0, "email", "inbound", "customer"),
            row("i6", "c2", "u2", 2 * 24 * 60, "email", "inbound", "customer"),
            row("i4", "c3", "u3", 0, "chat", "inbound", "customer"),
            row("i5", "c3", "u3", 12, "chat", "outbound", "agent")]


PROFILES = [{"customer_id": "u1", "language": "ru-RU"}, {"customer_id": "u2", "language": "fa"},
            {"customer_id": "u3", "language": "de"}]


def test_each_customer_reads_their_own_language() -> None:
    english = evaluate(_rows(), "cx-baseline", customers=PROFILES)
    own = evaluate(_rows(), "cx-baseline", customers=PROFILES, language="customer")
    assert english.violations["message_id"].to_list() == own.violations["message_id"].to_list()
    by_customer = dict(zip(own.violations["customer_id"], own.violations["message"],
                           strict=True))
    assert by_customer["u1"].startswith("Первый ответ (чат): 30 мин")
    assert by_customer["u2"].startswith("اولین پاسخ (ایمیل)")
    # German has no catalogue: English, exactly as the English run says it
    want = dict(zip(english.violations["customer_id"], english.violations["message"],
                    strict=True))
    assert by_customer["u3"] == want["u3"] == "First reply on chat took 12m (limit 2m)."
    for row in own.violations.iter_rows(named=True):  # the id and values give the English
        assert render(row["message_id"], row["message_args"], "en") == want[row["customer_id"]]


@pytest.mark.parametrize(("language", "start"), [
    ("az", "İlk cavab (çat): 30 dəq çəkdi"), ("uz", "Birinchi javob (chat): 30 daq."),
    ("ar", "الرد الأول (الدردشة): استغرق 30 د"), ("en", "First reply on chat took 30m")])
def test_one_language_for_every_row(language: str, start: str) -> None:
    result = evaluate(_rows(), "cx-baseline", customers=PROFILES, language=language)
    messages = dict(zip(result.violations["customer_id"], result.violations["message"],
                        strict=True))
    assert messages["u1"].startswith(start)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language 'klingon'"):
        evaluate(_rows(), "cx-baseline", language="klingon")


def test_lint_lang(tmp_path: Any) -> None:
    import polars as pl

    from cx_rules.cli import cli

    log = tmp_path / "log.csv"
    pl.DataFrame(_rows()).write_csv(log)
    out = CliRunner().invoke(cli, ["lint", str(log), "--lang", "ru", "--format", "json"])
    assert out.exit_code == 1, out.output
    assert "Первый ответ (чат): 30 мин (лимит 2 мин)." in out.output
    bad = CliRunner().invoke(cli, ["lint", str(log), "--lang", "klingon"])
    assert bad.exit_code == 2 and "klingon" in bad.output


def test_the_cli_choices_are_the_catalogue_languages() -> None:
    from cx_rules.cli.options import LANGUAGE_CHOICES
    from cx_rules.outputs.language import CHOICES

    assert LANGUAGE_CHOICES == CHOICES
