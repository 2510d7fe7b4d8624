"""Shared pytest configuration."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
# The default (what CI and the README's test command run): derandomized and without the example
# database, so every run of a clone tries the same examples and CI never goes red by chance.
settings.register_profile("ci", max_examples=90, deadline=None, derandomize=True,
                          database=None, suppress_health_check=_QUIET)
# On demand, to hunt for new failures: random examples (HYPOTHESIS_PROFILE=random), or many
# more of them (HYPOTHESIS_PROFILE=thorough). A failure found there becomes an ``@example``.
settings.register_profile("random", max_examples=300, deadline=None,
                          suppress_health_check=_QUIET)
settings.register_profile("thorough", max_examples=2000, deadline=None,
                          suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(params=["duckdb", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A database of each backend to load tables into (see tests/databases.py)."""
    from tests.databases import database

    yield from database(request.param, tmp_path)


def fewer_examples(fraction: float) -> settings:
    """Settings for an expensive property test (a whole evaluation and a session per
    example): ``fraction`` of the active profile's examples, so ``thorough`` still runs many."""
    return settings(max_examples=max(10, int(settings().max_examples * fraction)))
