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
        if field in mapping.columns and mapping.columns[field] in columns:
            name = mapping.columns[field]
            return Source(pl.col(name), columns[name], column=name)
        if field in mapping.derive and mapping.derive[field].from_ in columns:
            rule = mapping.derive[field]
            key = clean_text(pl.col(rule.from_)).str.to_lowercase()
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
