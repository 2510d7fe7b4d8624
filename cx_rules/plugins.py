"""The plugin API: custom rule kinds, readers and reporters through entry points.

A plugin is an installed package that declares entry points in these groups:

* ``cx_rules.rule_kinds`` → a :class:`RuleKind` (params model + vectorized polars plan + doc);
* ``cx_rules.readers`` → a :class:`ReaderPlugin` (file suffixes + a function returning a raw
  polars LazyFrame with the export's columns, ``_row`` and ``_source``);
* ``cx_rules.reporters`` → a :class:`ReporterPlugin` (a format name + ``write(result, stream)``).

A rule kind's messages are localised like the built-in ones: the plugin declares them in a
:class:`Catalogue` of its own package (``Catalogue(__package__)``, translations in
``<package>/locale/<language>.po``, shipped as package data; :data:`CHANNELS` are the channel
names the built-in catalogue already translates) and writes each with ``MESSAGE.expr(...)``.
A plain string message still works; it is shown as it is in every language.

Every plugin object carries ``api_version``; one built for another API than
:data:`PLUGIN_API` is refused with a message naming the plugin. A plugin that fails to import
is reported by ``cx-rules plugins`` and skipped; the others keep working. The built-in rule
kinds are registered through the same ``cx_rules.rule_kinds`` group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import Any, TextIO

from cx_rules.io.plugin_readers import READER_API, READER_GROUP, ReaderPlugin, reader_plugins
from cx_rules.kinds.base import (
    CHANNELS,
    RULE_KIND_API,
    EvalContext,
    RuleKind,
    duration_text,
    violation_rows,
)
from cx_rules.messages import Catalogue, Message

PLUGIN_API = RULE_KIND_API
assert READER_API == PLUGIN_API, "the plugin groups share one API version"
"""The version of the plugin interface (rule kinds, readers and reporters share it)."""

REPORTER_GROUP = "cx_rules.reporters"
RULE_KIND_GROUP = "cx_rules.rule_kinds"

__all__ = [
    "CHANNELS",
    "PLUGIN_API",
    "Catalogue",
    "EvalContext",
    "Message",
    "PluginInfo",
    "ReaderPlugin",
    "ReporterPlugin",
    "RuleKind",
    "duration_text",
    "installed_plugins",
    "plugin_readers",
    "plugin_reporters",
    "violation_rows",
]


@dataclass(frozen=True)
class ReporterPlugin:
    """Writes a :class:`~cx_rules.app.result.Result` in a format of its own."""

    name: str
    write: Callable[[Any, TextIO], None]
    description: str = ""
    api_version: int = PLUGIN_API


@dataclass(frozen=True)
class PluginInfo:
    """One entry point as ``cx-rules plugins`` lists it."""

    group: str
    name: str
    distribution: str
    version: str
    target: str
    error: str | None = None


def _origin(ep: EntryPoint) -> tuple[str, str]:
    dist = ep.dist
    return (dist.name if dist else "?", dist.version if dist else "?")


def _load(group: str, expected: type) -> tuple[dict[str, Any], list[PluginInfo]]:
    loaded: dict[str, Any] = {}
    infos: list[PluginInfo] = []
    for ep in entry_points(group=group):
        dist, version = _origin(ep)
        error = None
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must not break the others
            obj, error = None, f"failed to import: {type(exc).__name__}: {exc}"
        if error is None and not isinstance(obj, expected):
            error = f"does not provide a {expected.__name__} (got {type(obj).__name__})"
        if error is None and getattr(obj, "api_version", None) != PLUGIN_API:
            error = (f"targets plugin API {getattr(obj, 'api_version', '?')}, "
                     f"this cx-rules provides API {PLUGIN_API}")
        if error is None:
            loaded[ep.name] = obj
        infos.append(PluginInfo(group, ep.name, dist, version, ep.value, error))
    return loaded, infos


def plugin_readers() -> dict[str, ReaderPlugin]:
    """Installed reader plugins by name."""
    return reader_plugins()


@cache
def plugin_reporters() -> dict[str, ReporterPlugin]:
    """Installed reporter plugins by name."""
    return _load(REPORTER_GROUP, ReporterPlugin)[0]


def installed_plugins() -> list[PluginInfo]:
    """Every entry point of the three groups, with an error for the broken ones."""
    infos: list[PluginInfo] = []
    infos += _load(RULE_KIND_GROUP, RuleKind)[1]
    infos += _load(READER_GROUP, ReaderPlugin)[1]
    infos += _load(REPORTER_GROUP, ReporterPlugin)[1]
    return infos
