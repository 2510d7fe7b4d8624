"""Tests of the rule kinds, one folder per kind (``tests/kinds/<kind>/test_<kind>.py``), as the
kinds are one package each under ``cx_rules/kinds/``."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent


def kind_params() -> dict[str, st.SearchStrategy[dict[str, Any]]]:
    """The ``PARAMS`` strategy of every kind whose test module defines one, by kind name: a new
    kind's tests join the engine-agreement properties by defining ``PARAMS``."""
    out: dict[str, st.SearchStrategy[dict[str, Any]]] = {}
    for folder in sorted(p for p in HERE.iterdir() if (p / f"test_{p.name}.py").is_file()):
        module = importlib.import_module(f"tests.kinds.{folder.name}.test_{folder.name}")
        params = getattr(module, "PARAMS", None)
        if params is not None:
            out[folder.name] = params
    return out
