"""Where each canonical field comes from in an export: a column, a mapped column, a value
derived from another column by a table, or a constant (the mapping's declarations)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.mapping import Condition, Mapping, fitting_mappings
from cx_rules.io.parsing import clean_text, shown


def condition_matches(cond: Condition) -> pl.Expr:
    wanted = [v.strip().lower() for v in cond.values]
    return clean_text(pl.col(cond.column)).str.to_lowercase().is_in(wanted).fill_null(False)


def json_path(name: str, columns: dict[str, pl.DataType]) -> pl.Expr | None:
    """The value at a dotted path (``author.id``, ``parts.0.body``) inside a column holding
    JSON text (or a struct, in typed inputs), as text; None when no column starts the path.

    The longest leading part of the name that is a column is the column; the rest are keys
    (a number is a list index). A cell that is not JSON, or lacks the path, gives null.
    """
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:cut])
        if head not in columns:
            continue
        keys = parts[cut:]
        if any(k == "" for k in keys):
            return None
        dtype = columns[head]
        if isinstance(dtype, pl.Struct) and not any(k.isdigit() for k in keys):
            expr = pl.col(head)
            for k in keys:
                expr = expr.struct.field(k)
            return pl.when(expr.is_not_null()).then(expr.cast(pl.String))
        steps = "".join(f"[{k}]" if k.isdigit() else "['" + k.replace("'", "\\'") + "']"
                        for k in keys)
        text = pl.col(head).cast(pl.String)
        return pl.when(text.str.starts_with("{") | text.str.starts_with("[")).then(
            text.str.json_path_match("$" + steps))
    return None


@dataclass(frozen=True)
class Source:
    expr: pl.Expr
    dtype: pl.DataType
    error: pl.Expr | None = None
    column: str | None = None


def source_of(
    field: str, columns: dict[str, pl.DataType], mapping: Mapping | None
) -> Source | None:
    """The raw expression feeding a canonical field, or None when the input lacks it."""
    found = _unconditional_source(field, columns, mapping)
    if found is not None and mapping is not None and field in mapping.only_when:
        cond = mapping.only_when[field]
        if cond.column in columns:
            gated = pl.when(condition_matches(cond)).then(found.expr)
            return Source(gated, found.dtype, found.error, found.column)
    return found


def _unconditional_source(
    field: str, columns: dict[str, pl.DataType], mapping: Mapping | None
) -> Source | None:
    if mapping is not None:
        if field in mapping.columns:
            name = mapping.columns[field]
            if name in columns:
                return Source(pl.col(name), columns[name], column=name)
            nested = json_path(name, columns)
            if nested is not None:
                tokens = [t.strip() for t in mapping.null_values if t.strip()]
                if tokens:  # a nested value is a cell of its own
                    nested = pl.when(~nested.str.strip_chars().is_in(tokens)).then(nested)
                return Source(nested, pl.String())
        derived = mapping.derive.get(field)
        source = None if derived is None else (
            pl.col(derived.from_) if derived.from_ in columns
            else json_path(derived.from_, columns))
        if derived is not None and source is not None:
            rule = derived
            key = clean_text(source).str.to_lowercase()
            table = {k.strip().lower(): v for k, v in rule.values.items()}
            value = key.replace_strict(
                table, default=pl.lit(rule.default, dtype=pl.String), return_dtype=pl.String
            )
            error = None
            if rule.default is None:
                error = pl.when(key.is_not_null() & value.is_null()).then(
                    pl.lit(f"{field}: {rule.from_} value ") + shown(key)
                    + pl.lit(f" is not one of {', '.join(sorted(table))}")
                )
            return Source(value, pl.String(), error, rule.from_)
        if field in mapping.constants:
            return Source(pl.lit(mapping.constants[field], dtype=pl.String), pl.String())
    if field in columns:
        return Source(pl.col(field), columns[field], column=field)
    return None


def missing_columns_error(
    missing: list[str], columns: dict[str, pl.DataType], mapping: Mapping | None
) -> InputError:
    names = [n for n in columns if not n.startswith("_")]
    listed = ", ".join(names)
    if len(listed) > 400:
        listed = listed[:400] + "…"
    if mapping is not None:
        hint = f"mapping {mapping.name!r} gives no source for them"
    else:
        fits = fitting_mappings(names)
        if fits:
            hint = (f"it looks like a {fits[0].name!r} export: pass --mapping {fits[0].name} "
                    "(or --mapping auto)")
        else:
            hint = "use --mapping to translate an export's columns"
    return InputError(
        f"missing required column(s) {', '.join(missing)}; the file has {listed} ({hint})"
    )
