"""Load rulesets from YAML: structure checked by pydantic, errors pointing at the YAML line.

``load_ruleset("rulesets/cx-baseline/1.0.0.yaml")`` loads a file; ``load_ruleset("cx-baseline")``
or ``load_ruleset("cx-baseline@1.0.0")`` finds a shipped or discovered ruleset by name (newest
version unless one is named). Aliases and anchors are refused (a YAML "billion laughs" bomb
cannot expand), and so are files larger than :data:`MAX_RULESET_BYTES`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from cx_rules.errors import RulesetError
from cx_rules.expr import ExprError
from cx_rules.kinds.registry import get_kind, unknown_kind_message
from cx_rules.kinds.scope import CaseScope, parse_action_expr
from cx_rules.models.ruleset import MAX_RULES, RuleOrigin, Ruleset
from cx_rules.ruleset.merge import Loc, Spot, merge_documents, path_text
from cx_rules.yaml_depth import MAX_DEPTH, too_deep

MAX_RULESET_BYTES = 10 * 1024 * 1024
MAX_EXTENDS = 16
"""The longest ``extends`` chain (a ruleset, its parent, its parent's parent...)."""
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


def _describe(error: Any) -> str:
    message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error["type"] in ("string_pattern_mismatch", "literal_error", "enum"):
        message = f"{error['input']!r}: {message}"
    elif error["type"] == "extra_forbidden":
        message = "unknown field (check the spelling)"
    return message


def _problems(spot: Spot, exc: ValidationError, prefix: Loc = ()) -> Iterator[str]:
    for error in exc.errors():
        loc = prefix + tuple(p for p in error["loc"] if not str(p).startswith("function-"))
        source, line, path = spot.locate(loc)
        where = f"{source}:{line}" if line else source
        yield f"{where}: {path_text(path) or '(top)'}: {_describe(error)}"


def _document(text: str, source: str) -> CommentedMap:
    """The YAML of a ruleset file, refused when too large, too deep, aliased or not a mapping."""
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
    return root


def _validated(data: Mapping[str, Any], spot: Spot, source: str) -> Ruleset:
    """The ruleset of a (resolved) document: validated, rules compiled, lines noted."""
    written = data.get("rules")
    if isinstance(written, list) and len(written) > MAX_RULES:  # refused before validating
        where = spot.where(("rules", MAX_RULES))
        raise RulesetError([f"{where}: rules[{MAX_RULES}]: {len(written)} rules; a "
                            f"ruleset may hold at most {MAX_RULES}"])
    try:
        ruleset = Ruleset.model_validate(data)
    except ValidationError as exc:
        raise RulesetError(list(_problems(spot, exc))) from None
    problems: list[str] = []
    n_written = len(data.get("rules") or [])
    for index, rule in enumerate(ruleset.rules):
        loc: Loc = ("rules", index)
        if rule.policy is not None:  # made from an SLA policy: errors point at the policy
            loc = ("sla_policies", rule.policy)
        elif index >= n_written:
            loc = ()
        try:
            rule._scope = CaseScope.compile(rule.where, rule.where_not)
        except ExprError as exc:
            file, line, path = spot.locate((*loc, "where"))
            problems.append(f"{file}:{line}: {path_text(path)}: {exc}")
            continue
        kind = get_kind(rule.kind)
        if kind is None:
            file, line, path = spot.locate((*loc, "kind"))
            problems.append(f"{file}:{line}: {path_text(path)}: {unknown_kind_message(rule.kind)}")
            continue
        try:
            rule._params = kind.params.model_validate(dict(rule.params))
        except ValidationError as exc:
            problems.extend(_problems(spot, exc,
                                      loc if rule.policy is not None else (*loc, "params")))
        file, line, _ = spot.locate(loc)
        ruleset._rule_lines[rule.id] = line or 1
        if file != source:
            ruleset._rule_sources[rule.id] = file
    problems.extend(_action_problems(ruleset, spot, n_written))
    if problems:
        raise RulesetError(problems)
    ruleset._test_lines = [spot.locate(("tests", i))[1] or 1 for i in range(len(ruleset.tests))]
    ruleset._source = source
    return ruleset


_ENGAGEMENT = ("eligibility", "applicability", "suitability")


def _action_problems(ruleset: Ruleset, spot: Spot, n_written: int) -> Iterator[str]:
    """Type errors in the actions' engagement policies, the context weights and the
    propositions, each at its YAML line; a proposition id that is also a rule id."""

    def check(text: str | None, loc: Loc, profile_only: bool = False) -> Iterator[str]:
        if text is None:
            return
        try:
            parse_action_expr(text, profile_only)
        except ExprError as exc:
            file, line, path = spot.locate(loc)
            yield f"{file}:{line}: {path_text(path)}: {exc}"

    for index, rule in enumerate(ruleset.rules):
        if rule.action is None:
            continue
        at: Loc = (("sla_policies", rule.policy) if rule.policy is not None
                   else ("rules", index) if index < n_written else ())
        for name in _ENGAGEMENT:
            yield from check(getattr(rule.action, name), (*at, "action", name))
    for index, weight in enumerate(ruleset.contact_policy.context_weights):
        yield from check(weight.when, ("contact_policy", "context_weights", index, "when"))
    rule_ids = {r.id for r in ruleset.rules}
    seen: set[str] = set()
    for index, prop in enumerate(ruleset.propositions):
        loc: Loc = ("propositions", index)
        if prop.id in rule_ids or prop.id in seen:
            file, line, path = spot.locate((*loc, "id"))
            yield (f"{file}:{line}: {path_text(path)}: {prop.id!r} is already the id of a "
                   f"{'rule' if prop.id in rule_ids else 'proposition'}")
        seen.add(prop.id)
        yield from check(prop.when, (*loc, "when"), profile_only=True)
        for name in _ENGAGEMENT:
            yield from check(getattr(prop.action, name), (*loc, "action", name),
                             profile_only=True)


Reader = Callable[[Path], tuple[str, str]]
"""Reads a parent ruleset file: its text and the name to show for it (the default reads the
file; ``ruleset diff --against`` reads it at a git ref)."""


def read_ruleset_file(path: Path) -> tuple[str, str]:
    """A ruleset file's text (refused when too large or not UTF-8) and its name."""
    if path.stat().st_size > MAX_RULESET_BYTES:
        raise RulesetError([f"{path}: ruleset is larger than {MAX_RULESET_BYTES >> 20} MiB"])
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except UnicodeDecodeError as exc:
        raise RulesetError([f"{path}: not UTF-8 text (byte {exc.start})"]) from None


@dataclass(frozen=True)
class _Step:
    """One file of an ``extends`` chain being loaded."""

    key: str
    """The resolved file (what makes a cycle)."""
    name: str
    """The file as shown."""


@dataclass
class _Resolved:
    data: Mapping[str, Any]
    spot: Spot
    ruleset: Ruleset


def _shown(path: Path) -> str:
    """A parent file as reports show it: relative to the working folder when it is in it (a
    ruleset found by name has an absolute path; CI annotations want the checkout's)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _parent_path(ref: str, base: Path) -> Path:
    """The file ``extends: ref`` names: a path (relative to the child's folder) or a name."""
    path = Path(ref)
    if path.suffix.lower() in (".yaml", ".yml") or "/" in ref or os.sep in ref:
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            raise RulesetError([f"{ref}: no such ruleset file"])
        return path
    return resolve(ref)


def _resolved(text: str, source: str, base: Path, read: Reader,
              chain: tuple[_Step, ...]) -> _Resolved:
    root = _document(text, source)
    spot = Spot.of(root, source)
    if "extends" not in root:
        return _Resolved(root, spot, _validated(root, spot, source))
    ref = root["extends"]
    at = f"{spot.where(('extends',))}: extends"
    if not isinstance(ref, str) or not ref.strip():
        raise RulesetError([f"{at}: give one ruleset: NAME, NAME@VERSION or a path to a file"])
    if len(chain) >= MAX_EXTENDS:
        raise RulesetError([f"{at}: {ref}: extends chain longer than {MAX_EXTENDS} rulesets"])
    try:
        path = _parent_path(ref, base)
    except RulesetError as exc:
        raise RulesetError([f"{at}: {p}" for p in exc.problems]) from None
    key = str(path.resolve())
    looped = next((i for i, step in enumerate(chain) if step.key == key), None)
    if looped is not None:
        names = [step.name for step in chain[looped:]] + [chain[looped].name]
        raise RulesetError([f"{at}: circular extends: {' → '.join(names)}"])
    parent_text, parent_name = read(path)
    if parent_name == str(path):
        parent_name = _shown(path)
    parent = _resolved(parent_text, parent_name, path.parent, read,
                       (*chain, _Step(key, parent_name)))
    prs = parent.ruleset
    generated = {r.id: prs.sla_policies[r.policy].name for r in prs.rules if r.policy is not None}
    merged = merge_documents(parent.data, parent.spot, root, spot, prs.label, generated,
                             prs._origins)
    if merged.problems:
        raise RulesetError(merged.problems)
    ruleset = _validated(merged.data, merged.spot, source)
    for rule in ruleset.rules:
        if rule.id not in merged.origins and rule.policy is not None:
            how: Literal["inherited", "added"] = (
                "added" if "sla_policies" in root else "inherited")
            merged.origins[rule.id] = RuleOrigin(how, prs.label, earlier=prs.rule_origin(rule.id))
    ruleset._origins = {r.id: merged.origins[r.id] for r in ruleset.rules
                        if r.id in merged.origins}
    ruleset._parent = prs
    ruleset._extends = (ref, spot.locate(("extends",))[1] or 1)
    return _Resolved(merged.data, merged.spot, ruleset)


def _default_base(source: str) -> Path:
    path = Path(source)
    return path.parent if path.is_file() else Path.cwd()


def parse_ruleset_text(text: str, source: str = "<ruleset>", *, base: Path | None = None,
                       read: Reader = read_ruleset_file) -> Ruleset:
    """Parse and validate ruleset YAML text (see :func:`load_ruleset`).

    A relative ``extends:`` path is relative to ``base`` (default: the folder of ``source``
    when it is a file, else the working folder); parent files are read with ``read``."""
    base = _default_base(source) if base is None else base
    path = Path(source)
    key = str(path.resolve()) if path.is_file() else source
    return _resolved(text, source, base, read, (_Step(key, source),)).ruleset


def load_ruleset(path_or_name: str | Path) -> Ruleset:
    """Load and validate a ruleset file, or a discovered ruleset by ``NAME[@VERSION]``; one
    that ``extends`` another is resolved into one ruleset (see :mod:`cx_rules.ruleset.merge`).
    """
    path = resolve(path_or_name)
    text, source = read_ruleset_file(path)
    return parse_ruleset_text(text, source, base=path.parent)


def compiled_params(ruleset: Ruleset) -> dict[str, BaseModel]:
    """Rule id -> validated params, for every enabled rule."""
    return {rule.id: rule.parsed_params for rule in ruleset.enabled_rules}
