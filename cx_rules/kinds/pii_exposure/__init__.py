"""The ``pii_exposure`` kind (documentation and parts in :mod:`.plan` and :mod:`.reference`)."""

from __future__ import annotations

from cx_rules.kinds.pii_exposure.plan import KIND

__all__ = ["KIND"]
