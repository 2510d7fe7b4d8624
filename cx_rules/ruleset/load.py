"""Load rulesets from YAML: structure checked by pydantic, errors pointing at the YAML line.

``load_ruleset("rulesets/cx-baseline/1.0.0.yaml")`` loads a file; ``load_ruleset("cx-baseline")``
or ``load_ruleset("cx-baseline@1.0.0")`` finds a shipped or discovered ruleset by name (newest
version unless one is named). Aliases and anchors are refused (a YAML "billion laughs" bomb
cannot expand), and so are files larger than :data:`MAX_RULESET_BYTES`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from cx_rules.errors import RulesetError
from cx_rules.expr import ExprError
from cx_rules.kinds.registry import get_kind, unknown_kind_message
from cx_rules.kinds.scope import CaseScope
from cx_rules.models.ruleset import MAX_RULES, Ruleset
from cx_rules.yaml_depth import MAX_DEPTH, too_deep

MAX_RULESET_BYTES = 10 * 1024 * 1024
_VERSION_FILE = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?\.ya?ml$")


@dataclass(frozen=True)
class RulesetRef:
    """A ruleset file found on the search path."""

    name: str
    version: str
    path: Path


def search_path() -> list[Path]:
    """Folders searched for ``NAME/VERSION.yaml``: $CX_RULES_PATH, ./rulesets, shipped ones."""
    paths = [Path(p) for p in os.environ.get("CX_RULES_PATH", "").split(os.pathsep) if p]
    paths.append(Path.cwd() / "rulesets")
    paths.append(Path(__file__).resolve().parent.parent / "rulesets")
    unique: list[Path] = []
    for p in paths:
        if p.is_dir() and p.resolve() not in [u.resolve() for u in unique]:
            unique.append(p)
    return unique


def _version_key(version: str) -> tuple[int, int, int, int, str]:
    core, _, pre = version.partition("-")
    major, minor, patch = (int(x) for x in core.split("."))
    return (major, minor, patch, 0 if pre else 1, pre)


def discover() -> list[RulesetRef]:
    """Every ruleset on the search path, sorted by name then version."""
    refs: dict[tuple[str, str], RulesetRef] = {}
    for folder in search_path():
        for file in sorted(folder.glob("*/*.y*ml")):
            if _VERSION_FILE.match(file.name):
                version = file.name.rsplit(".", 1)[0]
                refs.setdefault((file.parent.name, version), RulesetRef(
                    file.parent.name, version, file))
    return sorted(refs.values(), key=lambda r: (r.name, _version_key(r.version)))


def resolve(name_or_path: str | Path) -> Path:
    """The file for a path, ``NAME`` (newest version) or ``NAME@VERSION``."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    text = str(name_or_path)
    if path.suffix.lower() in (".yaml", ".yml") or os.sep in text:
        raise RulesetError([f"{text}: no such ruleset file"])
    name, _, version = text.partition("@")
    found = [r for r in discover() if r.name == name and (not version or r.version == version)]
    if not found:
        known = ", ".join(sorted({f"{r.name}@{r.version}" for r in discover()})) or "none"
        raise RulesetError([f"{text}: no ruleset of that name (known: {known})"])
    return found[-1].path


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _line_of(root: Any, loc: tuple[int | str, ...]) -> int | None:
    """1-based YAML line of the deepest node of ``loc`` that exists in the document."""
    node, line = root, None
    for part in loc:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def _path_text(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(error: Any) -> str:
    message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error["type"] in ("string_pattern_mismatch", "literal_error", "enum"):
        message = f"{error['input']!r}: {message}"
    elif error["type"] == "extra_forbidden":
        message = "unknown field (check the spelling)"
    return message


def _problems(source: str, root: Any, exc: ValidationError,
              prefix: tuple[int | str, ...] = ()) -> Iterator[str]:
    for error in exc.errors():
        loc = prefix + tuple(p for p in error["loc"] if not str(p).startswith("function-"))
        line = _line_of(root, loc)
        where = f"{source}:{line}" if line else source
        yield f"{where}: {_path_text(loc) or '(top)'}: {_describe(error)}"


def parse_ruleset_text(text: str, source: str = "<ruleset>") -> Ruleset:
    """Parse and validate ruleset YAML text (see :func:`load_ruleset`)."""
    if len(text.encode("utf-8", errors="replace")) > MAX_RULESET_BYTES:
        raise RulesetError([f"{source}: ruleset is larger than {MAX_RULESET_BYTES >> 20} MiB"])
    deep = too_deep(text)
    if deep is not None:
        raise RulesetError([f"{source}:{deep}: YAML nested more than {MAX_DEPTH} levels deep"])
    yaml = _yaml()
    try:
        for event in yaml.parse(text):
            if isinstance(event, AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise RulesetError([
                    f"{source}:{line}: YAML aliases (*name) are not allowed in rulesets"
                ])
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else "?"
        raise RulesetError([f"{source}:{line}: invalid YAML: {exc.problem}"]) from None
    except YAMLError as exc:
        raise RulesetError([f"{source}: invalid YAML: {exc}"]) from None
    except RecursionError:
        raise RulesetError([f"{source}: YAML nested too deeply"]) from None
    if not isinstance(root, CommentedMap):
        raise RulesetError(
            [f"{source}:1: a ruleset must be a mapping with ruleset, version, rules"]
        )
    written = root.get("rules")
    if isinstance(written, list) and len(written) > MAX_RULES:  # refused before validating
        line = _line_of(root, ("rules", MAX_RULES)) or 1
        raise RulesetError([f"{source}:{line}: rules[{MAX_RULES}]: {len(written)} rules; a "
                            f"ruleset may hold at most {MAX_RULES}"])
    try:
        ruleset = Ruleset.model_validate(root)
    except ValidationError as exc:
        raise RulesetError(list(_problems(source, root, exc))) from None
    problems: list[str] = []
    n_written = len(root.get("rules") or [])
    for index, rule in enumerate(ruleset.rules):
        loc: tuple[int | str, ...] = ("rules", index)
        if rule.policy is not None:  # made from an SLA policy: errors point at the policy
            loc = ("sla_policies", rule.policy)
        elif index >= n_written:
            loc = ()
        try:
            rule._scope = CaseScope.compile(rule.where, rule.where_not)
        except ExprError as exc:
            line = _line_of(root, (*loc, "where"))
            problems.append(f"{source}:{line}: {_path_text((*loc, 'where'))}: {exc}")
            continue
        kind = get_kind(rule.kind)
        if kind is None:
            line = _line_of(root, (*loc, "kind"))
            message = unknown_kind_message(rule.kind)
            problems.append(f"{source}:{line}: rules[{index}].kind: {message}")
            continue
        try:
            rule._params = kind.params.model_validate(dict(rule.params))
        except ValidationError as exc:
            problems.extend(_problems(source, root, exc,
                                      loc if rule.policy is not None else (*loc, "params")))
        ruleset._rule_lines[rule.id] = _line_of(root, loc) or 1
    if problems:
        raise RulesetError(problems)
    ruleset._test_lines = [_line_of(root, ("tests", i)) or 1 for i in range(len(ruleset.tests))]
    ruleset._source = source
    return ruleset


def load_ruleset(path_or_name: str | Path) -> Ruleset:
    """Load and validate a ruleset file, or a discovered ruleset by ``NAME[@VERSION]``."""
    path = resolve(path_or_name)
    if path.stat().st_size > MAX_RULESET_BYTES:
        raise RulesetError([f"{path}: ruleset is larger than {MAX_RULESET_BYTES >> 20} MiB"])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RulesetError([f"{path}: not UTF-8 text (byte {exc.start})"]) from None
    return parse_ruleset_text(text, str(path))


def compiled_params(ruleset: Ruleset) -> dict[str, BaseModel]:
    """Rule id -> validated params, for every enabled rule."""
    return {rule.id: rule.parsed_params for rule in ruleset.enabled_rules}
