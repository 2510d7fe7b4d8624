"""The messages of ``handoffs``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.kinds.handoffs.params import ordinal
from cx_rules.messages import Catalogue, Message

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.handoffs")

SECOND = CATALOGUE.message(
    "Customer was passed to a 2nd agent ({agent}) in this case (limit 1 agent).")
"""The second agent of a case that allows one."""
NTH: dict[str, Message] = {
    "st": CATALOGUE.message("Customer was passed to a {n}st agent ({agent}) in this case "
                            "(limit {limit} agents)."),
    "nd": CATALOGUE.message("Customer was passed to a {n}nd agent ({agent}) in this case "
                            "(limit {limit} agents)."),
    "rd": CATALOGUE.message("Customer was passed to a {n}rd agent ({agent}) in this case "
                            "(limit {limit} agents)."),
    "th": CATALOGUE.message("Customer was passed to a {n}th agent ({agent}) in this case "
                            "(limit {limit} agents)."),
}
"""The ``n``-th agent of a case that allows ``limit`` (2 or more), by the ordinal's English
suffix: one complete sentence each, since the suffix has no meaning of its own in the other
languages (they say "agent number n" or use their own ordinal)."""


def passed(max_agents: int) -> Message:
    """The message of a case passed to agent number ``max_agents + 1`` (values: ``n``,
    ``agent``, ``limit``)."""
    if max_agents == 1:
        return SECOND
    n = max_agents + 1
    return NTH[ordinal(n).removeprefix(str(n))]
