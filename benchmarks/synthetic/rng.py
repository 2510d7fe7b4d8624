"""Counter-based random numbers as polars expressions.

Every draw is SplitMix64 of a row's (or case's) key column and a per-stream constant, so a
seed and a size always give the same values, on any machine, without numpy. Also the small
expression helpers that turn draws and codes into labels, digits and ids.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

_GOLDEN = 0x9E3779B97F4A7C15
_BUCKETS = 4096


def _u64(value: int) -> pl.Expr:
    return pl.lit(value & 0xFFFFFFFFFFFFFFFF, dtype=pl.UInt64)


def _mix64(x: pl.Expr) -> pl.Expr:
    """SplitMix64 finalizer on a UInt64 expression (wrapping arithmetic)."""
    x = (x ^ (x // (1 << 30))) * _u64(0xBF58476D1CE4E5B9)
    x = (x ^ (x // (1 << 27))) * _u64(0x94D049BB133111EB)
    return x ^ (x // (1 << 31))


@dataclass(frozen=True)
class Rng:
    """Independent uniform streams keyed by (seed, stream name, value of the key column)."""

    seed: int
    key: str = "_key"

    def _constant(self, stream: str) -> int:
        digest = hashlib.blake2b(f"{self.seed}/{stream}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "little")

    def uniform(self, stream: str) -> pl.Expr:
        """Uniform in [0, 1)."""
        x = pl.col(self.key) * _u64(_GOLDEN) + _u64(self._constant(stream))
        return (_mix64(x) // (1 << 11)).cast(pl.Float64) * (2.0**-53)

    def normal(self, stream: str) -> pl.Expr:
        """Standard normal (Box-Muller)."""
        u1 = 1.0 - self.uniform(stream + "/1")
        u2 = self.uniform(stream + "/2")
        return (-2.0 * u1.log()).sqrt() * (2.0 * math.pi * u2).cos()

    def integers(self, stream: str, low: int, high: int) -> pl.Expr:
        """Integers in [low, high)."""
        return (self.uniform(stream) * (high - low)).floor().cast(pl.Int64) + low

    def choice(self, stream: str, weights: Sequence[float]) -> pl.Expr:
        """Index drawn with the given weights (Int32)."""
        return _pick(self.uniform(stream), weights)


@functools.cache
def _bucket_table(weights: tuple[float, ...]) -> pl.Series:
    """Category index for each of ``_BUCKETS`` equal slices of [0, 1)."""
    total = float(sum(weights))
    bounds = [sum(weights[: i + 1]) / total for i in range(len(weights))]
    table, k = [], 0
    for b in range(_BUCKETS):
        centre = (b + 0.5) / _BUCKETS
        while k < len(bounds) - 1 and centre >= bounds[k]:
            k += 1
        table.append(k)
    return pl.Series(table, dtype=pl.Int32)


def _pick(u: pl.Expr, weights: Sequence[float]) -> pl.Expr:
    """Map a uniform to a weighted category index via a bucket lookup table."""
    lookup = _bucket_table(tuple(float(w) for w in weights))
    return pl.lit(lookup).gather((u * _BUCKETS).cast(pl.UInt32))


def label(code: pl.Expr, labels: Sequence[str | None]) -> pl.Expr:
    """The string for an integer code."""
    return pl.lit(pl.Series(list(labels), dtype=pl.String)).gather(code.cast(pl.UInt32))


def digits(u: pl.Expr, width: int) -> pl.Expr:
    """A uniform as a zero-padded decimal string of ``width`` digits."""
    return (u * 10**width).floor().cast(pl.Int64).cast(pl.String).str.zfill(width)


def ids(prefix: str, number: pl.Expr, width: int) -> pl.Expr:
    return pl.lit(prefix) + number.cast(pl.String).str.zfill(width)
