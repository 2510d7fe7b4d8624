"""The streaming :class:`Session` (see :mod:`cx_rules.streaming` for the contract).

One class, one module per job:

- ``base``: the session's state (cases, customers, buffer, clock, timers), its retention;
- ``verdicts``: what became final (the two-run check), what ``close`` adds, their actions;
- ``deadlines``: when each case or customer wakes up, and the re-check then (alerts);
- ``eviction``: forgetting (or holding) a resolved case once its retention passed;
- ``session``: :class:`Session` itself: ``observe``/``advance``/``close`` and event intake.
"""

from cx_rules.models.outputs import Action, Violation
from cx_rules.streaming.outputs import DeadlineAlert, EvictedCaseError, LateEventError
from cx_rules.streaming.session.session import Session

__all__ = ["Action", "DeadlineAlert", "EvictedCaseError", "LateEventError", "Session",
           "Violation"]
