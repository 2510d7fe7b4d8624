"""``extends:``: a ruleset written over a parent, merged into one ordinary ruleset document.

The merge works on the documents as YAML gave them (before validation), so the result is
validated like any ruleset, and :class:`Spot` keeps, for every part of the merged document,
the file, line and path where it was written: an error in an overridden key points at the
child's line, one in an inherited rule at the parent's.

How each top-level key of the child combines with the parent (:data:`MERGE`):

* ``ruleset``, ``version``, ``description``, ``tests``: the child's own, never inherited.
* ``rules``: by ``id``. An entry without ``kind`` overrides the parent's rule of that id: the
  keys it gives replace the parent's, mappings (``params``, ``action``) merged key by key, and
  ``enabled: false`` disables the rule. An entry with ``kind`` defines a rule: a new id is
  added (after the parent's rules), an id the parent has replaces its rule whole. An entry
  without ``kind`` whose id the parent lacks is an error (a typo would add nothing).
* ``defaults``, ``scoring``, ``contact_policy``: merged key by key, nested mappings too
  (``scoring: {weights: {critical: 50}}`` changes one weight).
* ``calendar``, ``sla_policies``, ``exceptions``: replaced whole when the child gives them
  (a calendar is one definition; the SLA policies are an ordered first-match list).

Everywhere, a mapping merges key by key and anything else (a list, a scalar, ``null``)
replaces the parent's value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from cx_rules.models.ruleset import RuleOrigin

Loc = tuple[int | str, ...]

OWN = ("ruleset", "version", "description", "tests")
"""Keys a child never inherits."""
MERGE = {
    "rules": "by id",
    "defaults": "key by key",
    "scoring": "key by key",
    "contact_policy": "key by key",
    "calendar": "replaced",
    "sla_policies": "replaced",
    "exceptions": "replaced",
    **dict.fromkeys(OWN, "own"),
}
"""How each top-level key of a child combines with its parent's (see the module docs)."""


class Spot:
    """Where a node of a (merged) ruleset document was written: its file, 1-based line and
    path in that file, and the same for the nodes below it.

    Built from a ruamel node, the nodes below are found on demand; a merged node lists them.
    """

    __slots__ = ("fixed", "line", "node", "path", "source")

    def __init__(self, source: str, line: int | None, path: Loc, node: Any = None,
                 fixed: dict[int | str, Spot] | None = None) -> None:
        self.source, self.line, self.path = source, line, path
        self.node, self.fixed = node, fixed

    @classmethod
    def of(cls, root: Any, source: str) -> Spot:
        """The spots of a document as one file wrote it."""
        return cls(source, None, (), root)

    def kid(self, part: int | str) -> Spot | None:
        """The spot of the key or item ``part`` of this node, if it was written."""
        if self.fixed is not None:
            return self.fixed.get(part)
        node = self.node
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                return Spot(self.source, line, (*self.path, part), node[part])
            if isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                return Spot(self.source, line, (*self.path, part), node[part])
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return None

    def locate(self, loc: Loc) -> tuple[str, int | None, Loc]:
        """File, line and path (in that file) of the deepest written node of ``loc``; the
        parts of ``loc`` below it are appended to the path."""
        spot = self
        for index, part in enumerate(loc):
            found = spot.kid(part)
            if found is None:
                return spot.source, spot.line, (*spot.path, *loc[index:])
            spot = found
        return spot.source, spot.line, spot.path

    def where(self, loc: Loc = ()) -> str:
        """``file:line`` of ``loc`` (``file`` when nothing of it was written)."""
        source, line, _ = self.locate(loc)
        return f"{source}:{line}" if line else source


def path_text(loc: Loc) -> str:
    """``rules[2].params.limit``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def merged(base: Any, base_spot: Spot | None, over: Any, over_spot: Spot) -> tuple[Any, Spot]:
    """``over`` written over ``base``: mappings key by key (recursively), anything else
    replaced; with the spot of every merged node."""
    if not (isinstance(base, Mapping) and isinstance(over, Mapping)):
        return over, over_spot
    value = dict(base)
    kids: dict[int | str, Spot] = {}
    for key in base:
        spot = base_spot.kid(key) if base_spot is not None else None
        if spot is not None:
            kids[key] = spot
    for key, item in over.items():
        spot = over_spot.kid(key) or over_spot
        if key in value:
            value[key], kids[key] = merged(value[key], kids.get(key), item, spot)
        else:
            value[key], kids[key] = item, spot
    return value, Spot(over_spot.source, over_spot.line, over_spot.path, fixed=kids)


def _changed_keys(entry: Mapping[Any, Any]) -> Iterator[str]:
    for key, value in entry.items():
        if key == "id":
            continue
        if key == "params" and isinstance(value, Mapping) and value:
            yield from (f"params.{k}" for k in value)
        else:
            yield str(key)


@dataclass
class Merged:
    """A child document merged over its parent's, ready to validate as one ruleset."""

    data: dict[str, Any]
    spot: Spot
    origins: dict[str, RuleOrigin] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def merge_rules(parent: list[Any], parent_spot: Spot | None, child: Any, child_spot: Spot,
                parent_label: str, generated: Mapping[str, str],
                earlier: Mapping[str, RuleOrigin]) -> Merged:
    """The parent's rules with the child's entries applied by id (see the module docs).

    ``generated`` maps the ids the parent's SLA policies make to the policy's name (they can
    only be changed through ``sla_policies``); ``earlier`` holds the parent's own origins."""
    rules = list(parent)
    kids: dict[int | str, Spot] = {}
    for index in range(len(parent)):
        spot = parent_spot.kid(index) if parent_spot is not None else None
        if spot is not None:
            kids[index] = spot
    index_of = {entry.get("id"): i for i, entry in enumerate(parent)
                if isinstance(entry, Mapping)}
    origins = {rid: RuleOrigin("inherited", parent_label, earlier=earlier.get(rid))
               for rid in index_of if isinstance(rid, str)}
    result = Merged({}, child_spot, origins)
    if not isinstance(child, list):  # not a list: validated (and refused) as written
        result.data["rules"] = child
        return result
    seen: set[str] = set()
    for position, entry in enumerate(child):
        spot = child_spot.kid(position) or child_spot
        rid = entry.get("id") if isinstance(entry, Mapping) else None
        if not isinstance(rid, str):  # no id: validated as an added rule, and refused
            kids[len(rules)] = spot
            rules.append(entry)
            continue
        at = f"{spot.where()}: {path_text(spot.path)}"
        if rid in seen:
            result.problems.append(f"{at}: rule {rid!r} is given twice")
            continue
        seen.add(rid)
        found = index_of.get(rid)
        if "kind" in entry:
            if found is None:
                kids[len(rules)] = spot
                rules.append(entry)
                result.origins[rid] = RuleOrigin("added", parent_label)
            else:
                rules[found], kids[found] = entry, spot
                result.origins[rid] = RuleOrigin("replaced", parent_label)
        elif found is not None:
            rules[found], kids[found] = merged(parent[found], kids.get(found), entry, spot)
            result.origins[rid] = RuleOrigin("overridden", parent_label,
                                             tuple(_changed_keys(entry)), earlier.get(rid))
        elif rid in generated:
            result.problems.append(
                f"{at}: overrides {rid} but {parent_label} makes that rule from its SLA policy "
                f"{generated[rid]!r}; give sla_policies instead (they replace the parent's)")
        else:
            result.problems.append(
                f"{at}: overrides {rid} but the parent {parent_label} has no rule {rid} (to "
                "add a rule, give its kind, category and params)")
    result.data["rules"] = rules
    result.spot = Spot(child_spot.source, child_spot.line, child_spot.path, fixed=kids)
    return result


def merge_documents(parent: Mapping[str, Any], parent_spot: Spot, child: Mapping[str, Any],
                    child_spot: Spot, parent_label: str, generated: Mapping[str, str],
                    earlier: Mapping[str, RuleOrigin]) -> Merged:
    """The child document over the parent's (both as YAML gave them, the parent already
    resolved), without ``extends``; see :data:`MERGE` for each key."""
    data: dict[str, Any] = {}
    kids: dict[int | str, Spot] = {}
    for key, value in parent.items():
        if key not in OWN:
            data[key] = value
            spot = parent_spot.kid(key)
            if spot is not None:
                kids[key] = spot
    origins: dict[str, RuleOrigin] = {}
    problems: list[str] = []
    rules_given = "rules" in child
    for key, value in child.items():
        spot = child_spot.kid(key) or child_spot
        if key == "extends":
            continue
        if key == "rules":
            rules = merge_rules(parent.get("rules") or [], parent_spot.kid("rules"), value,
                                spot, parent_label, generated, earlier)
            data[key], kids[key] = rules.data["rules"], rules.spot
            origins, problems = rules.origins, rules.problems
        elif MERGE.get(key) == "key by key" and key in data:
            data[key], kids[key] = merged(data[key], kids.get(key), value, spot)
        else:
            data[key], kids[key] = value, spot
    if not rules_given:
        origins = {str(e["id"]): RuleOrigin("inherited", parent_label, earlier=earlier.get(
            str(e["id"]))) for e in parent.get("rules") or [] if isinstance(e, Mapping)}
    result = Merged(data, Spot(child_spot.source, None, (), fixed=kids), origins, problems)
    return result
