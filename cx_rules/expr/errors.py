"""The one exception of the expression language: :class:`ExprError`, with a source position."""

from __future__ import annotations

from cx_rules.errors import CxError

_WINDOW = 60  # characters of the source shown on each side of the caret


class ExprError(CxError, ValueError):
    """A syntax, type or limit error in an expression, with where it was found.

    ``position`` is the 1-based character position in the source (the column, for the usual
    one-line expression). ``str(error)`` is one line, ``col 12: unknown field 'txet' (did you
    mean 'text'?)``; :meth:`caret` adds the offending source line with a ``^`` under the spot.
    """

    def __init__(self, message: str, position: int | None = None, source: str | None = None,
                 ) -> None:
        self.message = message
        self.position = position
        self.source = source
        super().__init__(message)

    @property
    def line(self) -> int | None:
        """1-based line of the error (``None`` when the position is unknown)."""
        if self.position is None:
            return None
        if self.source is None:
            return 1
        return self.source.count("\n", 0, self.position - 1) + 1

    @property
    def column(self) -> int | None:
        """1-based column of the error within its line."""
        if self.position is None:
            return None
        if self.source is None:
            return self.position
        start = self.source.rfind("\n", 0, self.position - 1) + 1
        return self.position - start

    def __str__(self) -> str:
        if self.position is None:
            return self.message
        if self.source is not None and "\n" in self.source:
            return f"line {self.line}, col {self.column}: {self.message}"
        return f"col {self.column}: {self.message}"

    def caret(self) -> str:
        """The message, then the source line and a caret under the error position."""
        if self.position is None or self.source is None or self.column is None:
            return str(self)
        lines = self.source.split("\n")
        text = lines[(self.line or 1) - 1]
        col = self.column - 1
        start = max(0, col - _WINDOW)
        end = min(len(text), col + _WINDOW)
        prefix = "..." if start else ""
        shown = prefix + text[start:end] + ("..." if end < len(text) else "")
        pointer = " " * (len(prefix) + col - start) + "^"
        return f"{self}\n  {shown.expandtabs(1)}\n  {pointer}"
