"""The curated sample shipped in ``examples/``: 40 customers, about 90 cases, and the
documented scenarios (deliberate violations) listed in ``examples/README.md``.

``python benchmarks/generate.py --sample`` writes it (deterministic: running it again gives the
same files). The modules: ``model`` (profiles, cases, scenarios), ``customers``, ``scenarios``
(the violations, event by event), ``clean`` (the well-handled cases) and ``build`` (putting it
together, the README table, writing the files).
"""

from __future__ import annotations

from benchmarks.sample.build import build_sample, scenario_table, write_sample
from benchmarks.sample.model import SAMPLE_END, SampleCase, SampleCustomer, Scenario

__all__ = [
    "SAMPLE_END", "SampleCase", "SampleCustomer", "Scenario", "build_sample", "scenario_table",
    "write_sample",
]
