"""Rule kinds: one package each (``cx_rules/kinds/<kind>/``), with every part of the kind.

A kind's package holds its documentation and ``KIND`` (``__init__.py``), its parameter model
and the input fields it needs (``params.py``), its vectorized polars plan (``plan.py``), its
row-wise reference check (``reference.py``) and its streaming hooks (``stream.py``). Modules
beside the packages (``waits``, ``cases``, ``contact``) are helpers shared by several kinds;
:mod:`cx_rules.kinds.registry` finds the kinds, built-in and plugin, by name.
"""
