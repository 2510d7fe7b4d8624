"""A kind's documentation: its hand-written sections plus ``## Parameters`` from its model.

The parameter list is generated from the pydantic model's field descriptions (``Field(
description=...)`` or an attribute docstring), so the model is the single source of what a
parameter means; ``cx-rules explain KIND`` and the README's kind table read the same text.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

PARAMETERS = "## Parameters"


def parameter_lines(model: type[BaseModel]) -> list[str]:
    """One Markdown bullet per field: ``- `name`: description`` (``(required)`` if so)."""
    lines = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        text = " ".join((info.description or "").split())
        required = " (required)" if info.is_required() else ""
        lines.append(f"- `{key}`{required}: {text}" if text else f"- `{key}`{required}")
    return lines


def with_parameters(doc: str, model: type[BaseModel]) -> str:
    """``doc`` with its ``## Parameters`` section (if any) replaced by the generated one."""
    text = doc.strip()
    head = text.split(PARAMETERS, 1)[0].rstrip() if PARAMETERS in text else text
    params = parameter_lines(model)
    if not params:
        return head
    return head + "\n\n" + PARAMETERS + "\n" + "\n".join(params) + "\n"


_YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def yaml_example_params(doc: str) -> tuple[dict[str, Any], ...]:
    """The ``params`` of every rule in the documentation's ```yaml examples."""
    from ruamel.yaml import YAML

    found: list[dict[str, Any]] = []
    for block in _YAML_BLOCK.findall(doc):
        data = YAML(typ="safe", pure=True).load(block)
        for rule in data if isinstance(data, list) else [data]:
            if isinstance(rule, dict) and isinstance(rule.get("params"), dict):
                found.append(dict(rule["params"]))
    return tuple(found)
