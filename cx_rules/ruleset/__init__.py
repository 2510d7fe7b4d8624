"""Rulesets as data: loading with YAML line numbers (``load``), a ruleset written over the one it
``extends`` (``merge``), semantic checks (``checks``), semantic diffs and version bumps
(``diff``) and the inline test cases (``tests``)."""
