"""The vectorized detector, :func:`find_pii_expr`: the passes as polars expressions.

The same passes, checks and precedence as :func:`~cx_rules.pii.find.find_pii`, on a whole
column at once; only the phone pass runs in Python, on the rows that may hold a phone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

import polars as pl

from cx_rules.pii.checksums import iban_expr, luhn_expr, national_id_expr
from cx_rules.pii.entities import (
    ARABIC_DIGITS,
    ENTITIES,
    PERSIAN_DIGITS,
    REFERENCES,
    check_entities,
    normalise,
)
from cx_rules.pii.patterns import (
    CHECKED,
    GLUED_PHONE,
    SHORT_GROUP,
    email_domain_pattern,
    regex_passes,
)
from cx_rules.pii.phones import PHONE_PREFILTER, phone_spans
from cx_rules.pii.references import reference_entity_patterns
from cx_rules.pii.settings import DEFAULT_OPTIONS, Options

# Each pass rewrites the working text with one ``replace_all``, ``split`` and elementwise
# ``list.eval``: every match becomes its own list element marked by a leading \x03 (the text
# between matches stays in the other elements), and is rewritten as
#   - a tag \x04 <entity code> _x <value in hex> x \x05 if reported,
#   - \x06 if only claimed,
#   - itself otherwise.
# Tags are invisible to later patterns: \x04, \x05, \x06 and the private-use entity codes
# are matched by no pattern and are not ASCII word characters, and "_x<hex>x" is one ASCII
# word starting with "_", with no "@", "+", "(", "-", "$" or ".", in which no pattern can
# start (they start with one of those, a keyword, or a letter or digit at a word boundary).
# The phone pass then runs in Python on the rows that may hold one, on the stretches of
# text between tags and \x06, which are exactly the
# reference's stretches between blanks. A final ``extract_all`` of the tags lists the findings
# in text order. Control characters \x00, \x02-\x06 in the input are replaced by \x01 first
# (in both engines); no pattern matches either, so matching is unchanged.

_CODES = {entity: chr(0xE100 + i) for i, entity in enumerate(ENTITIES)}
_TAG = "\x04[^\x05]*\x05"
_RESULT = pl.List(pl.Struct({"entity": pl.String, "value": pl.String}))


def _rust(pattern: str) -> str:
    return pattern.replace(r"\b", r"(?-u:\b)")


_EXPR_VALID: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "iban": iban_expr,
    "payment_card": luhn_expr,
    "national_id": national_id_expr,
    "reference": lambda value: value.str.count_matches("[0-9]") >= 3,
    "dotted": lambda value: (~value.str.starts_with("+") & ~value.str.contains("[0-9]{4}")
                             & ((value.str.count_matches(r"\.") <= 3)
                                | value.str.contains(SHORT_GROUP.pattern))),
    "decimal": lambda value: value.str.count_matches("[.,]") == 1,
    "code": lambda value: ~value.str.contains(GLUED_PHONE.pattern),
}


def _normalise_expr(entity: str, value: pl.Expr) -> pl.Expr:
    if entity == "email":
        return value.str.to_lowercase()
    if entity in ("phone", "payment_card"):
        return value.str.replace_all("[^0-9]+", "")
    return value.str.replace_all("[^A-Za-z0-9]+", "").str.to_uppercase()


def _scan(work: pl.Expr, name: str, pattern: str, wanted: set[str], allow: Sequence[str],
          opts: Options) -> pl.Expr:
    """One pass: tag reportable matches, blank claimed ones, put the rest back."""
    piece = pl.element()
    is_match = piece.str.starts_with("\x03")
    # the match without its marker, or "" (cheap to check) for the text between matches
    value = piece.str.slice(1, is_match.cast(pl.UInt32) * piece.str.len_bytes())
    check = _EXPR_VALID.get(name)
    valid = check(value) if check is not None else pl.lit(True)
    claimed = valid if name in CHECKED else pl.lit(True)
    tag_body = pl.lit("_x") + value.str.encode("hex") + pl.lit("x\x05")
    reported: pl.Expr
    code: pl.Expr
    if name == "reference":
        code = pl.lit(None, dtype=pl.String)
        # the first entity whose keyword starts the match names it (as reference_entity)
        for entity, anchored in reversed(reference_entity_patterns(opts)):
            hit = value.str.contains(_rust(anchored))
            ok = hit if entity in wanted else pl.lit(False)
            allowed = sorted({normalise(entity, a) for a in allow})
            if allowed and entity in wanted:
                ok = hit & ~_normalise_expr(entity, value).is_in(allowed)
            code = pl.when(ok).then(pl.lit(_CODES[entity])).when(hit).then(
                pl.lit(None, dtype=pl.String)).otherwise(code)
        reported = valid & code.is_not_null()
    elif name in wanted:
        code = pl.lit(_CODES[name])
        reported = valid
        allowed = sorted({normalise(name, a) for a in allow})
        if allowed:
            reported = reported & ~_normalise_expr(name, value).is_in(allowed)
        domains = email_domain_pattern(opts) if name == "email" else None
        if domains is not None:
            reported = reported & ~value.str.to_lowercase().str.contains(domains)
    else:
        code, reported = pl.lit(""), pl.lit(False)
    rewritten = (
        pl.when(~is_match).then(piece)
        .when(reported).then(pl.lit("\x04") + code + tag_body)
        .when(claimed).then(pl.lit("\x06"))
        .otherwise(value)
    )
    pieces = work.str.replace_all(pattern, "\x02\x03${0}\x02").str.split("\x02")
    return pieces.list.eval(rewritten).list.join("")


@functools.lru_cache(maxsize=16384)  # replies from templates repeat the same text
def _phone_rewrite(work: str, allowed: frozenset[str], opts: Options) -> str:
    """The phone pass on one working text: tags for reported phones, \\x06 for claimed ones."""
    out: list[str] = []
    for part in re.split(f"((?:{_TAG}|\x06)+)", work):
        if not part or part[0] in "\x04\x06":
            out.append(part)
            continue
        previous = 0
        for start, end, reported in phone_spans(part, opts):
            value = part[start:end]
            out.append(part[previous:start])
            if reported and normalise("phone", value) not in allowed:
                out.append("\x04" + _CODES["phone"] + "_x" + value.encode().hex() + "x\x05")
            else:
                out.append("\x06")
            previous = end
        out.append(part[previous:])
    return "".join(out)


def _phone_batch(works: pl.Series, allowed: frozenset[str], opts: Options) -> pl.Series:
    """The phone pass on a batch: only the rows with a long enough run of digits outside tags
    (polars decides which) are rewritten in Python."""
    left = works.str.replace_all(_TAG, "\x06")
    todo = left.str.contains(PHONE_PREFILTER).fill_null(False)
    if not todo.any():
        return works
    values = works.to_list()
    for i in todo.arg_true().to_list():
        values[i] = _phone_rewrite(values[i], allowed, opts)
    return pl.Series(works.name, values, dtype=pl.String)


def find_pii_expr(text: pl.Expr, entities: Sequence[str] = ENTITIES,
                  allow: Sequence[str] = (), opts: Options = DEFAULT_OPTIONS) -> pl.Expr:
    """Vectorized twin of :func:`find_pii`: ``List(Struct{entity, value})`` per row.

    Findings are in text order; a null or empty text gives an empty list. The regex passes
    are polars string, list and arithmetic expressions; phones are validated in Python
    (``phonenumbers``), only on the rows with a run of seven digits left by the other passes.
    """
    check_entities(entities)
    wanted = set(entities)
    passes = [(name, _rust(pattern)) for name, pattern in regex_passes(opts)]
    if "phone" not in wanted:
        # passes after the last wanted entity cannot change what is reported
        last = max((i for i, (name, _) in enumerate(passes)
                    if name in wanted or (name == "reference" and wanted & set(REFERENCES))),
                   default=-1)
        passes = passes[:last + 1]
    digits = list(PERSIAN_DIGITS + ARABIC_DIGITS)
    work = (text.cast(pl.String).fill_null("")
            .str.replace_many(digits, [str(i % 10) for i in range(len(digits))])
            .str.replace_all("[\x00\x02-\x06]", "\x01"))
    for name, pattern in passes:
        work = _scan(work, name, pattern, wanted, allow, opts)
    if "phone" in wanted:
        allowed = frozenset(normalise("phone", a) for a in allow)
        rewrite = functools.partial(_phone_batch, allowed=allowed, opts=opts)
        work = work.map_batches(rewrite, return_dtype=pl.String, is_elementwise=True)
    names = pl.element().str.slice(1, 1).replace_strict(
        {code: entity for entity, code in _CODES.items()}, return_dtype=pl.String)
    values = pl.element().str.slice(4).str.strip_suffix("x\x05").str.decode("hex").cast(pl.String)
    return work.str.extract_all(_TAG).list.eval(
        pl.struct(names.alias("entity"), values.alias("value"))
    ).cast(_RESULT)
