"""The pure helpers of benchmarks/run.py (no timed tests)."""

from __future__ import annotations

import argparse
import math

import pytest

from benchmarks.run import fit_exponent, parse_size, size_label


@pytest.mark.parametrize(("text", "rows"), [
    ("100k", 100_000), ("1M", 1_000_000), ("10m", 10_000_000), ("50M", 50_000_000),
    ("2.5M", 2_500_000), ("12345", 12_345), (" 50K ", 50_000),
])
def test_parse_size(text: str, rows: int) -> None:
    assert parse_size(text) == rows


@pytest.mark.parametrize("text", ["", "ten", "1G", "-5", "1MM"])
def test_parse_size_refuses_other_text(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_size(text)


@pytest.mark.parametrize(("rows", "label"), [
    (100_000, "100k"), (1_000_000, "1M"), (10_000_000, "10M"), (12_345, "12345"),
    (2_500_000, "2500k"),
])
def test_size_label_round_trips(rows: int, label: str) -> None:
    assert size_label(rows) == label
    assert parse_size(label) == rows


def test_fit_exponent_recovers_a_power_law() -> None:
    linear = [(n, 3e-6 * n) for n in (100_000, 1_000_000, 10_000_000)]
    assert fit_exponent(linear) == pytest.approx(1.0)
    quadratic = [(n, 1e-9 * n**2) for n in (10, 100, 1000)]
    assert fit_exponent(quadratic) == pytest.approx(2.0)
    # noise around n^1.1: a least-squares slope, not the slope of two points
    noisy = [(100_000, 100_000**1.1 * 1.1), (1_000_000, 1_000_000**1.1 * 0.9),
             (10_000_000, 10_000_000**1.1)]
    slope = fit_exponent(noisy)
    assert slope is not None and math.isclose(slope, 1.1, abs_tol=0.06)


def test_fit_exponent_needs_two_distinct_sizes() -> None:
    assert fit_exponent([]) is None
    assert fit_exponent([(1_000, 1.0)]) is None
    assert fit_exponent([(1_000, 1.0), (1_000, 2.0)]) is None
