"""User-facing errors.

Every mistake a user can make (a bad ruleset, a broken log file, a wrong option) raises a
subclass of :class:`CxError`. The CLI prints its message and exits with code 2; it never shows a
Python traceback for these.
"""

from __future__ import annotations


class CxError(Exception):
    """Base class of errors caused by user input, with a human-readable message."""


class RulesetError(CxError):
    """A ruleset file is invalid. ``problems`` holds one ``file:line: path: message`` per issue."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class InputError(CxError):
    """An input file (log, customers, mapping) cannot be read at all."""

    def __init__(
        self, message: str, *, file: str | None = None, row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file, self.row, self.field = file, row, field
        where = ""
        if file is not None:
            where = file + (f":{row}" if row is not None else "") + ": "
        if field is not None:
            where += f"{field}: "
        super().__init__(where + message)
