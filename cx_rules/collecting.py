"""How cx-rules collects its polars plans: one engine, named once.

polars 2's default engine (``"auto"``) runs some of our plans on its streaming engine, which
on these plans (sorted window functions, as-of joins, per-case cumulative sums over a log held
in memory) keeps far more memory alive than the in-memory engine for no gain in time: the
21 plans of the baseline on 10M rows peaked at 8.98 GiB with ``auto`` and 6.15 GiB with
``in-memory`` in the same run (``benchmarks/results/engine-ab``). The log is in memory anyway
(the partitioned mode is the answer beyond RAM), so every large collect names this engine.
"""

from __future__ import annotations

from typing import Final, Literal

ENGINE: Final[Literal["in-memory"]] = "in-memory"
"""The engine every large ``collect``/``collect_all`` of the package uses."""
