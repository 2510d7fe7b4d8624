"""Column mappings: how a real export's columns become canonical interaction fields.

A mapping is a small YAML file::

    name: helpdesk
    description: Generic help-desk ticket export (one row per comment)
    detect: [ticket_id, comment_id, requester_id]   # columns that identify the export (auto)
    transform: helpdesk_comments          # a registered whole-frame transform (optional)
    columns: {interaction_id: comment_id, case_id: ticket_id, timestamp: created_at, ...}
    values: {channel: {web_widget: chat, voice: phone}}
    constants: {channel: social}          # a field the export does not have, fixed
    derive: {actor: {from: author_role, values: {end-user: customer, agent: agent}}}
    only_when: {agent_id: {column: author_role, values: [agent, admin]}}
    exclude: {column: public, values: ["false", "0", "no"], reason: "private comment"}
    timestamp_formats: ["%a %b %d %H:%M:%S %z %Y", "%d-%m-%Y %H:%M"]   # day-first, naive
    claims_prefix: "claim."               # columns claim.price, claim.delivery_date -> claims
    null_values: ["?", "NULL"]            # cells that mean "missing" in this export
    rename: {"Ticket ID": ticket_id}      # export columns renamed before anything else

A ``columns`` source may be a path into a JSON object held in a column (``author.id``,
``via.channel``, ``parts.0.body``; a number is a list index): a JSON input's nested objects
are read as JSON text, and the path picks one value out of it (missing -> null). A column
whose name is the whole dotted text (a flattened CSV's ``via.channel`` header) wins.

Order of work: ``rename`` renames the export's columns (every other key, except ``detect``,
uses the new names), ``null_values`` cells become missing, rows matching ``exclude`` are
marked (they go to the rejects with the reason,
so counts still add up), then the ``transform`` runs on the raw frame (it may add rows, e.g.
one event per ticket milestone, and canonical columns such as ``case_id``), then ``columns``,
``derive``, ``constants``, ``values`` and ``only_when`` build the canonical fields. A field the
mapping does not mention is taken from a column of its own name when there is one.

Shipped mappings live in ``cx_rules/io/mappings/NAME.yaml`` and are found by name.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent

from cx_rules.errors import InputError
from cx_rules.schema import INTERACTION_SCHEMA, REQUIRED_INTERACTION_FIELDS
from cx_rules.yaml_depth import MAX_DEPTH, too_deep

MAX_MAPPING_BYTES = 1024 * 1024


class Derivation(BaseModel):
    """A canonical field computed from another source column through a value table.

    Without a ``default``, a value missing from the table rejects the row naming the column.
    """

    model_config = ConfigDict(extra="forbid")

    from_: str = Field(alias="from")
    values: dict[str, str]
    default: str | None = None


class Condition(BaseModel):
    """Rows whose ``column`` (trimmed, case-insensitive) is one of ``values``."""

    model_config = ConfigDict(extra="forbid")

    column: str
    values: list[str]

    @field_validator("values", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(v).lower() if isinstance(v, bool) else str(v) for v in value]
        return value


class Exclusion(Condition):
    """Rows that are not customer-facing events (e.g. internal notes): they are rejected with
    ``reason`` instead of being evaluated, so nothing disappears silently."""

    reason: str


class TableSpec(BaseModel):
    """One table of a database schema that a mapping reads (``tables:``)."""

    model_config = ConfigDict(extra="forbid")

    table: str = Field(min_length=1, description="The table's name in the schema.")
    order_by: list[str] = Field(
        default_factory=list, description="Columns the rows are read in order of, so that a "
        "row number (in the rejects) names the same row on every run.")
    optional: bool = Field(
        default=False, description="A table the schema may lack (read when present).")


_DIRECTIVE = re.compile(r"%[-_0^#]?(?:\.?\d?f|:z|::z|#z|[A-Za-z%+])")
_KNOWN_DIRECTIVES = frozenset({
    "%Y", "%y", "%G", "%m", "%d", "%e", "%b", "%B", "%h", "%a", "%A", "%H", "%I", "%k", "%l",
    "%M", "%S", "%p", "%P", "%f", "%.f", "%.3f", "%.6f", "%.9f", "%3f", "%6f", "%9f", "%z",
    "%:z", "%::z", "%#z", "%Z", "%j", "%T", "%D", "%F", "%R", "%%", "%s", "%+", "%-d", "%-m",
    "%-H", "%-I", "%-M", "%-S",
})


def _check_format(fmt: str) -> str:
    bad = [d for d in _DIRECTIVE.findall(fmt) if d not in _KNOWN_DIRECTIVES]
    if bad:
        raise ValueError(f"{fmt!r}: unknown directive {bad[0]!r} (write e.g. %d-%m-%Y %H:%M)")
    if not any(d in fmt for d in ("%Y", "%y", "%G", "%s", "%F", "%D", "%+")):
        raise ValueError(f"{fmt!r} has no year (%Y, %y, %F...)")
    return fmt


TimestampFormat = Annotated[str, AfterValidator(_check_format)]


class Mapping(BaseModel):
    """How to read one export format into the canonical interaction record."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The mapping's name (``--mapping NAME``).")
    description: str | None = Field(
        default=None, description="What export this reads: vendor, export type, which of the "
        "vendor's documented fields are used and how.")
    rename: dict[str, str] = Field(
        default_factory=dict, description="Export column -> new name, applied first (before "
        "the transform), so a transform written for one layout (e.g. ``ticket_rows``) reads "
        "another vendor's headers. Every other key except ``detect`` uses the new names.")
    null_values: list[str] = Field(
        default_factory=list, description="Cell values (after trimming, exact case) that mean "
        "missing in this export, e.g. ServiceNow's ``?``; empty cells are always missing.")
    columns: dict[str, str] = Field(
        default_factory=dict, description="Canonical field -> source column, or a dotted "
        "path into a JSON object column (``author.id``; a number is a list index).")
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Canonical enum field -> table of the export's "
        "labels (trimmed, case-insensitive, e.g. ``2 - High``) -> canonical value.")
    constants: dict[str, str] = Field(
        default_factory=dict, description="A field the export does not have, fixed.")
    derive: dict[str, Derivation] = Field(
        default_factory=dict, description="A field computed from another column by a table.")
    only_when: dict[str, Condition] = Field(
        default_factory=dict, description="Keep a field's value only on rows matching the "
        "condition (null elsewhere).")
    exclude: list[Exclusion] = Field(
        default_factory=list, description="Rows that are not evaluated; each goes to the "
        "rejects with the exclusion's reason.")
    timestamp_formats: list[TimestampFormat] = Field(
        default_factory=list, description="Extra timestamp formats (chrono/strftime "
        "directives) tried before the built-in ones, e.g. day-first ``%d-%m-%Y %H:%M``. A "
        "format without an offset (%z) gives naive times: read only with --assume-tz, like "
        "naive ISO times.")
    claims_prefix: str | None = Field(
        default=None, description="Columns named PREFIX + fact are gathered into claims.")
    detect: list[str] = Field(
        default_factory=list, description="Export columns (before ``rename``) whose presence "
        "identifies this export (``--mapping auto``).")
    files: dict[str, list[str]] = Field(
        default_factory=dict, description="A multi-file export (Salesforce Case.csv + "
        "CaseHistory.csv): file role -> the columns that identify a file of that role. Files "
        "given together that fit the mapping are read as one frame for the transform, each "
        "row tagged with its role in ``_file_role`` and keeping its own file and row; a file "
        "fitting one role is enough for ``--mapping auto``.")
    tables: dict[str, TableSpec] = Field(
        default_factory=dict, description="For a database source read without a query "
        "(``--db URL`` alone): ``files`` role -> the table read for it (e.g. Fivetran's "
        "``ticket_comment``), one query per table; the rows are tagged with the role as the "
        "files of a multi-file export are.")
    transform: str | None = Field(
        default=None, description="Name of a registered whole-frame transform (see "
        ":mod:`cx_rules.io.transforms`), run on the raw frame before the columns are mapped "
        "(e.g. reconstructing reply threads).")

    @field_validator("null_values", mode="before")
    @classmethod
    def _null_tokens_as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_key(v) if v is not None else "" for v in value]
        return value

    @field_validator("exclude", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    @field_validator("values", mode="before")
    @classmethod
    def _value_keys_as_text(cls, value: Any) -> Any:
        """YAML reads ``true:`` as a boolean key; a value table means the text ``true``."""
        if isinstance(value, dict):
            return {f: {_key(k): str(v) for k, v in (t or {}).items()} if isinstance(t, dict)
                    else t for f, t in value.items()}
        return value

    def role_of(self, columns: list[str]) -> str | None:
        """The ``files`` role whose columns a file has (None: none, or not multi-file)."""
        present = set(columns)
        return next((role for role, cols in self.files.items() if set(cols) <= present), None)

    def fits(self, columns: list[str]) -> bool:
        """Whether a file with these columns is this mapping's export (``detect``/``files``)."""
        if self.detect and set(self.detect) <= set(columns):
            return True
        return self.role_of(columns) is not None

    def check_fields(self) -> list[str]:
        """Problems with target field names (fields that are not canonical) and transforms."""
        from cx_rules.io.transforms import get_transform, transform_names

        known = set(INTERACTION_SCHEMA)
        targets = [*self.columns, *self.values, *self.constants, *self.derive, *self.only_when]
        problems_rename = [f"rename: two columns renamed to {t!r}"
                           for t in {t for t in self.rename.values()
                                     if list(self.rename.values()).count(t) > 1}]
        problems = [f"unknown canonical field {t!r}" for t in targets if t not in known]
        problems.extend(problems_rename)
        if self.transform is not None and get_transform(self.transform) is None:
            problems.append(f"unknown transform {self.transform!r} "
                            f"(known: {', '.join(transform_names())})")
        return problems


def _key(key: Any) -> str:
    return str(key).lower() if isinstance(key, bool) else str(key)


def _mapping_dir() -> Path:
    return Path(str(resources.files("cx_rules.io") / "mappings"))


def shipped_mappings() -> dict[str, Path]:
    """Name -> path of the mappings shipped with cx-rules."""
    return {p.stem: p for p in sorted(_mapping_dir().glob("*.yaml"))}


def load_mapping(name_or_path: str | Path) -> Mapping:
    """Load a shipped mapping by name, or a mapping file by path."""
    shipped = shipped_mappings()
    path = shipped.get(str(name_or_path)) or shipped.get(str(name_or_path).replace("-", "_")) \
        or Path(name_or_path)
    if not path.is_file():
        known = ", ".join(shipped) or "none"
        raise InputError(f"no mapping named {name_or_path!r} (shipped: {known}; "
                         "or give a mapping YAML file, or 'auto')")
    return _load_file(path)


@cache
def _load_shipped(path: Path) -> Mapping:
    return _load_file(path)


def _load_file(path: Path) -> Mapping:
    if path.stat().st_size > MAX_MAPPING_BYTES:
        raise InputError("mapping file is larger than 1 MiB", file=str(path))
    try:
        yaml = YAML(typ="safe")
        text = path.read_text(encoding="utf-8")
        deep = too_deep(text)
        if deep is not None:
            raise InputError(f"line {deep}: YAML nested more than {MAX_DEPTH} levels deep",
                             file=str(path))
        if any(isinstance(e, AliasEvent) for e in yaml.parse(text)):
            raise InputError("YAML aliases (*name) are not allowed in mappings", file=str(path))
        data = yaml.load(text)
        mapping = Mapping.model_validate(data)
    except (YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"not a valid mapping file: {exc}", file=str(path)) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise InputError(first["msg"], file=str(path), field=loc or None) from None
    unknown = [r for r in mapping.tables if r not in mapping.files]
    if unknown:
        raise InputError(f"tables: role(s) {', '.join(unknown)} not among files: "
                         f"({', '.join(mapping.files)})", file=str(path))
    problems = mapping.check_fields()
    if problems:
        raise InputError("; ".join(problems), file=str(path))
    return mapping


def has_canonical_columns(columns: list[str]) -> bool:
    """True when the input already has the required canonical columns."""
    return set(REQUIRED_INTERACTION_FIELDS) <= set(columns)


def fitting_mappings(columns: list[str]) -> list[Mapping]:
    """Shipped mappings whose ``detect`` columns (or one ``files`` role's) are all present."""
    fits = []
    for path in shipped_mappings().values():
        mapping = _load_shipped(path)
        if mapping.fits(columns):
            fits.append(mapping)
    return fits


def detect_mapping(columns: list[str]) -> Mapping | None:
    """The shipped mapping for a file's columns (``--mapping auto``).

    None when the file already has the canonical columns, or when no mapping fits (reading then
    fails with the missing-columns error); an :class:`InputError` listing the candidates when
    more than one fits.
    """
    if has_canonical_columns(columns):
        return None
    fits = fitting_mappings(columns)
    if len(fits) > 1:
        names = ", ".join(m.name for m in fits)
        raise InputError(f"--mapping auto: the columns fit several mappings ({names}); "
                         "choose one with --mapping NAME")
    return fits[0] if fits else None
