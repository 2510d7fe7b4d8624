"""Text from the input, made safe for the sink it is written to.

Case ids, claim values, agent ids, file names and rejected values come from the customer's
data and reach terminals, CI logs and spreadsheets. What each sink gets:

* **terminals and CI logs** (:func:`visible`): control characters (C0, DEL, C1, the Unicode
  line and paragraph separators, bidirectional overrides) are shown as escapes (``\\x1b``,
  ``\\n``), so no value can clear a screen, set a window title or start a new log line, and
  ``::`` is written ``:\\x3a`` so no value can form a GitHub workflow command;
* **rich markup** (:func:`markup_safe`): also ``[`` escaped, so a value is never a style;
* **HTML** (:func:`html_text`): control characters shown as escapes as for terminals (a
  bidirectional override cannot reorder what the page shows), then ``& < > " '`` as
  entities, so a value is text in an element or an attribute, never markup or script;
* **CSV for spreadsheets** (:func:`formula_safe`): a cell starting with ``= + - @``, tab or
  carriage return gets a leading ``'`` (OWASP's advice against formula injection).
"""

from __future__ import annotations

import html
import re

import polars as pl
from rich.markup import escape

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|::")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "::": ":\\x3a"}


def _shown(match: re.Match[str]) -> str:
    text = match.group(0)
    if text in _NAMED:
        return _NAMED[text]
    code = ord(text)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` with control characters and workflow-command markers made visible."""
    return _CONTROL.sub(_shown, str(text))


def markup_safe(text: object) -> str:
    """:func:`visible`, then escaped for rich markup."""
    return escape(visible(text))


_CONTROL_ONLY = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def html_text(text: object) -> str:
    """``text`` for an HTML element or a quoted attribute: controls made visible, then
    escaped (``::`` is harmless in a page and stays as it is)."""
    return html.escape(_CONTROL_ONLY.sub(_shown, str(text)), quote=True)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text cell that a spreadsheet would read as a formula, prefixed with ``'``."""
    risky = "^[=+\\-@\t\r]"
    return frame.with_columns(
        pl.when(pl.col(n).str.contains(risky)).then(pl.lit("'") + pl.col(n))
        .otherwise(pl.col(n)).alias(n)
        for n, t in frame.schema.items() if t == pl.String
    )


def visible_frame(frame: pl.DataFrame, *, markup: bool = False) -> pl.DataFrame:
    """Every text column (and text list) of ``frame`` through :func:`visible` (or
    :func:`markup_safe`), for a human report."""
    show = markup_safe if markup else visible
    exprs = []
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            exprs.append(pl.col(name).map_elements(show, return_dtype=pl.String))
        elif dtype == pl.List(pl.String):
            exprs.append(pl.col(name).list.eval(
                pl.element().map_elements(show, return_dtype=pl.String)))
    return frame.with_columns(exprs) if exprs else frame


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold shown as escapes (JUnit files)."""
    return _NOT_XML.sub(_shown, text)
