"""Precision and recall of the detector on labelled, realistic texts (and on real tweets).

``tests/realistic/pii_labelled.jsonl``: invented tweets, help-desk notes and replies in the
shape of real exports (English, Russian, Azerbaijani, Uzbek, Arabic, Persian), each labelled
with the personal data it truly contains. The detector runs as a deployment would: default
regions, the company's e-mail domain configured. Both engines must agree on every text.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from cx_rules.pii import find_pii, find_pii_expr, options

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent / ".." / "shared"  # next to the checkout, as in tests/conftest.py
REAL_TWEETS = SHARED / "data" / "social_support_sample.csv"
PERSONAL = ["email", "phone", "payment_card", "iban", "national_id", "postal_address"]
OPTS = options(company_domains=["acme.com"])


def _both(texts: list[str]) -> list[list[tuple[str, str]]]:
    ref = [find_pii(t, PERSONAL, (), OPTS) for t in texts]
    frame = pl.DataFrame({"t": texts}, schema={"t": pl.String})
    vec = frame.select(find_pii_expr(pl.col("t"), PERSONAL, (), OPTS)).to_series().to_list()
    assert [[(d["entity"], d["value"]) for d in row] for row in vec] == ref
    return ref


def score(found: list[list[tuple[str, str]]], truth: list[list[tuple[str, str]]]
          ) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over (entity, value) pairs."""
    tp = fp = fn = 0
    for got, want in zip(found, truth, strict=True):
        g, w = Counter(got), Counter(want)
        tp += sum((g & w).values())
        fp += sum((g - w).values())
        fn += sum((w - g).values())
    return tp, fp, fn


def test_precision_on_labelled_texts() -> None:
    rows = [json.loads(line) for line in
            (HERE / "realistic" / "pii_labelled.jsonl").read_text(encoding="utf-8").splitlines()]
    truth = [[(e, v) for e, v in row["pii"]] for row in rows]
    found = _both([row["text"] for row in rows])
    tp, fp, fn = score(found, truth)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"labelled set: {len(rows)} texts, tp={tp} fp={fp} fn={fn}, "
          f"precision={precision:.3f} recall={recall:.3f}")
    wrong = [(row["text"], got) for row, got, want in zip(rows, found, truth, strict=True)
             if Counter(got) - Counter(want)]
    assert precision >= 0.95, wrong
    assert recall >= 0.8


@pytest.mark.skipif(not REAL_TWEETS.exists(), reason="the shared real tweet sample is absent")
def test_no_false_findings_on_real_tweets() -> None:
    """The real export is anonymised: it holds no personal data, only look-alikes (hotlines,
    handles, versions, times, links). Every finding would be a false positive."""
    texts = pl.read_csv(REAL_TWEETS, infer_schema=False)["text"].fill_null("").to_list()
    found = _both(texts)
    reported = [(t, f) for t, f in zip(texts, found, strict=True) if f]
    print(f"real tweets: {len(texts)} texts, {len(reported)} with findings")
    assert reported == []
