"""The precision scorer of benchmarks/text_precision.py counts hits, misses and extras."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tests.conftest import ROOT


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "text_precision", ROOT / "benchmarks" / "text_precision.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scorer_on_a_tiny_case() -> None:
    ts = "2026-03-04T10:00:00+00:00"
    items = [
        # found and right
        {"lang": "en", "text": "Your parcel arrives on 5 March.", "timestamp": ts,
         "facts": [["delivery_date", "2026-03-05"]], "promises": []},
        # labelled with a wrong value: one extra prediction and one miss
        {"lang": "en", "text": "We will call you tomorrow.", "timestamp": ts, "facts": [],
         "promises": [["callback", "2026-03-06T23:59:00+00:00"]]},
        # a fact nothing finds: a miss
        {"lang": "ru", "text": "Спасибо.", "timestamp": ts,
         "facts": [["price", "1.00 RUB"]], "promises": []},
    ]
    result = scorer().score(items)
    assert result["en"]["facts"] == {"precision": 1.0, "recall": 1.0, "tp": 1,
                                     "predicted": 1, "expected": 1}
    assert result["en"]["promises"]["precision"] == 0.0
    assert result["en"]["promises"]["recall"] == 0.0
    assert result["ru"]["facts"]["recall"] == 0.0
    assert result["ru"]["facts"]["precision"] is None  # nothing predicted
    assert result["all"]["sentences"] == 3
