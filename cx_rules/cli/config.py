"""Settings from a file, found the way ruff finds its own: ``cx-rules.toml`` (top-level keys)
or ``[tool.cx-rules]`` in ``pyproject.toml``, in the working folder or the nearest folder above
it that has one (in one folder, ``cx-rules.toml`` wins).

Keys: ``ruleset``, ``mapping``, ``customers``, ``assume-tz``, ``select``, ``ignore``,
``extend-select`` (for lint, suggest, score and report), ``fail-on`` and ``format`` (lint),
and ``exceptions`` (waivers added to the ruleset's own: ``[[tool.cx-rules.exceptions]]``
tables with the keys of a ruleset's ``exceptions:`` entries). They become the options'
defaults, so the command line still wins. Paths (``customers``, a
ruleset or mapping file) are relative to the settings file's folder. An unknown key or a
value of the wrong type is an error naming the file and the key.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from cx_rules.errors import CxError

__all__ = ["ConfigError", "Settings", "find_settings", "read_table"]

FILES = ("cx-rules.toml", "pyproject.toml")
COMMANDS = ("lint", "suggest", "score", "report")
LINT_ONLY = ("fail-on", "format")
TEXT_KEYS = ("ruleset", "mapping", "customers", "assume-tz", *LINT_ONLY)
LIST_KEYS = ("select", "ignore", "extend-select")
PARAM = {"assume-tz": "assume_tz", "fail-on": "fail_on", "format": "fmt",
         "extend-select": "extend_select"}


class ConfigError(CxError):
    """A settings file that cannot be used."""


class Settings:
    """The settings of one file, as click ``default_map`` entries per command."""

    def __init__(self, path: Path, table: dict[str, Any]) -> None:
        self.path = path
        self.values: dict[str, Any] = {}
        self.exceptions: list[dict[str, Any]] = []
        """Waivers to add to the ruleset (checked against it when it is loaded)."""
        for key, value in table.items():
            if key == "exceptions":
                if not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
                    raise ConfigError(f"{path}: exceptions must be a list of tables "
                                      "([[exceptions]] entries with rules, until and reason)")
                self.exceptions = value
            elif key in TEXT_KEYS:
                if not isinstance(value, str):
                    raise ConfigError(f"{path}: {key} must be text, not {type(value).__name__}")
                self.values[key] = self._resolved(key, value)
            elif key in LIST_KEYS:
                if isinstance(value, str):
                    value = [value]
                if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                    raise ConfigError(f"{path}: {key} must be a list of rule ids, kinds or "
                                      "categories")
                self.values[key] = list(value)
            else:
                known = ", ".join((*TEXT_KEYS, *LIST_KEYS, "exceptions"))
                raise ConfigError(f"{path}: unknown key {key!r} (known: {known})")

    def _resolved(self, key: str, value: str) -> str:
        is_path = key == "customers" or (key in ("ruleset", "mapping") and (
            value.endswith((".yaml", ".yml")) or "/" in value))
        return str((self.path.parent / value).resolve()) if is_path else value

    def default_map(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for command in COMMANDS:
            out[command] = {PARAM.get(k, k): (tuple(v) if isinstance(v, list) else v)
                            for k, v in self.values.items()
                            if command == "lint" or k not in LINT_ONLY}
        return out


def read_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("cx-rules")
        return table if isinstance(table, dict) else None
    return data


def find_settings(start: Path) -> Settings | None:
    """The settings file nearest ``start`` (its folder or above), or None."""
    for folder in (start, *start.parents):
        for name in FILES:
            path = folder / name
            if path.is_file():
                table = read_table(path)
                if table is not None:
                    return Settings(path, table)
    return None
