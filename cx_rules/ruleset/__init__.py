"""Rulesets as data: loading with YAML line numbers (``load``), semantic checks (``checks``),
semantic diffs and version bumps (``diff``) and the inline test cases (``tests``)."""
