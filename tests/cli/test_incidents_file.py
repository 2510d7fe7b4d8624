"""proactive_contact with the incidents in a feed of their own: the feed's rows (one per
affected customer, in a case of the incident's own) given beside the log are read with it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cx_rules.cli import cli

LOG = """interaction_id,case_id,customer_id,timestamp,channel,direction,actor,agent_id,text
m1,c1,u1,2026-03-02T11:00:00Z,chat,inbound,customer,,Where is my parcel?
m2,c1,u1,2026-03-02T11:01:00Z,chat,outbound,agent,a1,It is delayed by a day.
m3,c2,u2,2026-03-02T12:00:00Z,chat,inbound,customer,,Is the outage over?
m4,c2,u2,2026-03-02T12:01:00Z,chat,outbound,agent,a1,Yes it is.
"""
INCIDENTS = """interaction_id,case_id,customer_id,timestamp,channel,direction,actor,event,text
inc-1-u1,inc-1,u1,2026-03-02T09:00:00Z,self_service,outbound,system,delay,
inc-2-u2,inc-2,u2,2026-03-02T09:00:00Z,email,outbound,system,outage,We are fixing an outage.
"""


def test_an_incidents_feed_beside_the_log(tmp_path: Path) -> None:
    (tmp_path / "log.csv").write_text(LOG, encoding="utf-8")
    (tmp_path / "incidents.csv").write_text(INCIDENTS, encoding="utf-8")
    out = CliRunner().invoke(cli, ["lint", str(tmp_path / "log.csv"),
                                   str(tmp_path / "incidents.csv"), "--ruleset", "cx-baseline",
                                   "--select", "told-before-asking", "--lang", "en"])
    assert out.exit_code == 1, out.output
    # u1 asked first (the feed row told nobody); u2 was e-mailed before asking
    assert "Customer wrote 2h after the delay of 2026-03-02 09:00 UTC before being told" \
        in out.output
    assert "outage" not in out.output.split("Summary")[0]
    assert "rows read 6 = evaluated 6 + rejected 0" in out.output
