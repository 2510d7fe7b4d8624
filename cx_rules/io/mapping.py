"""Column mappings: how a real export's columns become canonical interaction fields.

A mapping is a small YAML file::

    name: helpdesk
    description: Generic help-desk ticket export (one row per comment)
    columns: {interaction_id: comment_id, case_id: ticket_id, timestamp: created_at, ...}
    values: {channel: {web_widget: chat, voice: phone}, direction: {"true": inbound}}
    constants: {actor: customer}          # a field the export does not have, fixed
    derive: {actor: {from: author_role, values: {end-user: customer, agent: agent}}}
    timestamp_formats: ["%a %b %d %H:%M:%S %z %Y"]
    claims_prefix: "claim."               # columns claim.price, claim.delivery_date -> claims

Shipped mappings live in ``cx_rules/io/mappings/NAME.yaml`` and are found by name.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from cx_rules.errors import InputError
from cx_rules.schema import INTERACTION_SCHEMA


class Derivation(BaseModel):
    """A canonical field computed from another source column through a value table."""

    model_config = ConfigDict(extra="forbid")

    from_: str = Field(alias="from")
    values: dict[str, str]
    default: str | None = None


class Mapping(BaseModel):
    """How to read one export format into the canonical interaction record."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    constants: dict[str, str] = Field(default_factory=dict)
    derive: dict[str, Derivation] = Field(default_factory=dict)
    timestamp_formats: list[str] = Field(default_factory=list)
    claims_prefix: str | None = None
    detect: list[str] = Field(default_factory=list)
    """Source columns whose presence identifies this export (for auto-detection)."""
    transform: str | None = None
    """Name of a registered whole-frame transform (e.g. reconstructing threads) run after mapping."""

    def check_fields(self) -> list[str]:
        """Problems with target field names (fields that are not canonical)."""
        known = set(INTERACTION_SCHEMA)
        targets = [*self.columns, *self.values, *self.constants, *self.derive]
        return [f"unknown canonical field {t!r}" for t in targets if t not in known]


def _mapping_dir() -> Path:
    return Path(str(resources.files("cx_rules.io") / "mappings"))


def shipped_mappings() -> dict[str, Path]:
    """Name -> path of the mappings shipped with cx-rules."""
    return {p.stem: p for p in sorted(_mapping_dir().glob("*.yaml"))}


def load_mapping(name_or_path: str | Path) -> Mapping:
    """Load a shipped mapping by name, or a mapping file by path."""
    shipped = shipped_mappings()
    path = shipped.get(str(name_or_path)) or Path(name_or_path)
    if not path.is_file():
        known = ", ".join(shipped) or "none"
        raise InputError(f"no mapping named {name_or_path!r} (shipped: {known})")
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        mapping = Mapping.model_validate(data)
    except (YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"not a valid mapping file: {exc}", file=str(path)) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise InputError(first["msg"], file=str(path), field=loc) from None
    problems = mapping.check_fields()
    if problems:
        raise InputError("; ".join(problems), file=str(path))
    return mapping


def detect_mapping(columns: list[str]) -> Mapping | None:
    """The one shipped mapping whose ``detect`` columns are all present, if exactly one fits."""
    present = set(columns)
    if set(("interaction_id", "case_id", "timestamp")) <= present:
        return None
    fits = []
    for name in shipped_mappings():
        mapping = load_mapping(name)
        if mapping.detect and set(mapping.detect) <= present:
            fits.append(mapping)
    return fits[0] if len(fits) == 1 else None
