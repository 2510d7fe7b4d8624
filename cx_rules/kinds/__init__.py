"""Rule kinds: one module each. :mod:`cx_rules.rules.registry` finds them by name."""
