"""How deeply a YAML text nests, found by one linear scan before any parser sees it.

A YAML parser builds every level it is given before it can refuse the document: ten
kilobytes of ``[[[[...]]]]`` kept ruamel busy for seconds before it ran out of recursion. The
loaders of rulesets and mappings refuse a text nested deeper than :data:`MAX_DEPTH` levels
(flow brackets, or block indentation) first, with the line where the limit is passed.
"""

from __future__ import annotations

MAX_DEPTH = 64
"""Far deeper than any ruleset or mapping needs (the shipped ones nest 5 levels)."""


def too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The 1-based line where nesting first exceeds ``limit``, or None.

    Flow nesting counts ``[`` and ``{`` outside quotes and comments; block nesting counts
    the distinct indentation widths open above a line.
    """
    depth, line, quote = 0, 1, ""
    widths: list[int] = []
    at_line_start, column = True, 0
    previous = ""
    for ch in text:
        if ch == "\n":
            line, at_line_start, column, previous = line + 1, True, 0, ch
            if quote == "#":
                quote = ""
            continue
        if at_line_start:
            if ch in " \t-":  # indentation (a "- " item opens a level as well)
                column += 1
                previous = ch
                continue
            at_line_start = False
            if ch != "#" and depth == 0 and not quote:
                while widths and widths[-1] >= column:
                    widths.pop()
                widths.append(column)
                if len(widths) > limit:
                    return line
        if quote:  # inside a string or a comment (a comment ends with its line)
            if quote != "#" and ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and previous in " \t\n":
            quote = "#"
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line
        elif ch in "]}":
            depth = max(0, depth - 1)
        previous = ch
    return None
