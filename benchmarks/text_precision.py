"""Per-language precision and recall of facts and promises read from text.

    python benchmarks/text_precision.py [--corpus tests/data/text/labelled.jsonl]
                                        [--out benchmarks/results/text-precision.json]

Each corpus line: ``{"lang", "text", "timestamp", "zone", "facts": [[key, value]...],
"promises": [[kind, due ISO]...]}``. A fact counts as found when key and value match; a
promise when kind and due time (UTC, to the minute) match.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from cx_rules.text import extract_facts, extract_promises

ROOT = Path(__file__).resolve().parent.parent


def predicted(item: dict[str, Any]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    ts = datetime.fromisoformat(item["timestamp"])
    facts = {(f.key, f.value) for f in extract_facts(item["text"], ts, item.get("zone"))}
    promises = {(p.kind, p.due.strftime("%Y-%m-%dT%H:%M"))
                for p in extract_promises(item["text"], ts, item.get("zone"))}
    return facts, promises


def expected(item: dict[str, Any]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    facts = {(k, v) for k, v in item.get("facts", [])}
    promises = {(k, datetime.fromisoformat(d).strftime("%Y-%m-%dT%H:%M"))
                for k, d in item.get("promises", [])}
    return facts, promises


def ratio(hit: int, total: int) -> float | None:
    return round(hit / total, 3) if total else None


def score(items: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per language (and ``all``): true positives, predicted, expected, precision, recall of
    facts and of promises."""
    counts: dict[str, Counter[str]] = {}
    for item in items:
        got_f, got_p = predicted(item)
        want_f, want_p = expected(item)
        for lang in (item["lang"], "all"):
            c = counts.setdefault(lang, Counter())
            c["sentences"] += 1
            c["facts_tp"] += len(got_f & want_f)
            c["facts_pred"] += len(got_f)
            c["facts_true"] += len(want_f)
            c["promises_tp"] += len(got_p & want_p)
            c["promises_pred"] += len(got_p)
            c["promises_true"] += len(want_p)
    out: dict[str, dict[str, Any]] = {}
    for lang, c in counts.items():
        out[lang] = {
            "sentences": c["sentences"],
            "facts": {"precision": ratio(c["facts_tp"], c["facts_pred"]),
                      "recall": ratio(c["facts_tp"], c["facts_true"]),
                      "tp": c["facts_tp"], "predicted": c["facts_pred"],
                      "expected": c["facts_true"]},
            "promises": {"precision": ratio(c["promises_tp"], c["promises_pred"]),
                         "recall": ratio(c["promises_tp"], c["promises_true"]),
                         "tp": c["promises_tp"], "predicted": c["promises_pred"],
                         "expected": c["promises_true"]},
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests/data/text/labelled.jsonl")
    parser.add_argument("--out", type=Path,
                        default=ROOT / "benchmarks/results/text-precision.json")
    args = parser.parse_args()
    items = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    result = score(items)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    for lang, r in result.items():
        print(f"{lang:8} n={r['sentences']:3}  facts P={r['facts']['precision']} "
              f"R={r['facts']['recall']}  promises P={r['promises']['precision']} "
              f"R={r['promises']['recall']}")


if __name__ == "__main__":
    main()
