"""The package's own rules about its structure, checked on its source.

The layer order itself is an import-linter contract (``[tool.importlinter]`` in
pyproject.toml, run by ``lint-imports`` in CI); this checks what a contract cannot say.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cx_rules.kinds.registry import builtin_kinds

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for folder in ("cx_rules", "benchmarks", "plugins")
                 for p in (ROOT / folder).rglob("*.py"))


def _private_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] in ("cx_rules", "benchmarks"):
            found += [f"{node.module}.{a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_another_modules_private_names(path: Path) -> None:
    assert _private_imports(path) == []


def test_a_built_in_kind_is_its_package() -> None:
    """Every subpackage of cx_rules.kinds is a kind, named after its folder, with all parts."""
    folders = sorted(p.name for p in (ROOT / "cx_rules" / "kinds").iterdir()
                     if (p / "__init__.py").is_file())
    kinds = builtin_kinds()
    assert sorted(kinds) == folders
    for name, kind in kinds.items():
        parts = {p.stem for p in (ROOT / "cx_rules" / "kinds" / name).glob("*.py")}
        assert {"plan", "reference", "stream"} <= parts, name
        assert kind.reference is not None, name
        assert kind.evaluate.__module__.startswith(f"cx_rules.kinds.{name}."), name
