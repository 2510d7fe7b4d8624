"""Our resolution verdicts against a ServiceNow-shaped export's own ``made_sla``.

Writes an incident audit log as ServiceNow exports it (one row per change: day-first
``dd-mm-yyyy HH:MM`` times, ``2 - High`` priorities, ``?`` for missing values, reassignments,
reopens, a little damage) for ``--incidents`` incidents, with ``made_sla`` computed as a
ServiceNow resolution SLA definition does by default: from ``opened_at`` to the first
``Resolved``, 24x7, paused while the state is Awaiting User Info, Awaiting Vendor or On Hold,
against a target per priority. Then lints it with ``--mapping auto`` under two rulesets with
the same targets, one whose clock never stops and one with ``paused_while: [pending,
on_hold]``, and writes how often each agrees with the export
(``benchmarks/results/servicenow-sla.json``).

    python -m benchmarks.servicenow.sla_agreement --incidents 3000
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cx_rules import evaluate
from cx_rules.ruleset.load import parse_ruleset_text

TARGETS = {"1 - Critical": 4, "2 - High": 8, "3 - Moderate": 72, "4 - Low": 120}
"""Resolution targets in hours, per ServiceNow priority."""
PAUSING = ("Awaiting User Info", "Awaiting Vendor", "On Hold")
HEADER = ["number", "incident_state", "active", "reassignment_count", "reopen_count",
          "sys_mod_count", "made_sla", "caller_id", "opened_by", "opened_at",
          "sys_updated_by", "sys_updated_at", "contact_type", "category", "priority",
          "assignment_group", "assigned_to", "short_description"]
TEXTS = ["Интернет не работает с утра", "Hesabımda ödəniş görünmür", "لا أستطيع تسجيل الدخول",  # noqa: RUF001
         "رمز عبورم کار نمی‌کند", "Printer on floor 3 is offline", "VPN disconnects every hour",
         "Parolni tiklay olmayapman", "Outlook keeps asking for my password"]
CHANNELS = ["Phone", "Email", "Self-service", "Walk-in", "Chat", "Virtual Agent"]

RULESET = """ruleset: servicenow-sla
version: 1.0.0
sla_policies:
  - name: incident
    resolution: {{default: 120h, urgent: 4h, high: 8h, normal: 72h, low: 120h}}
{pause}"""


def _stamp(t: datetime) -> str:
    return t.strftime("%d-%m-%Y %H:%M")


@dataclass
class Incident:
    number: str
    priority: str
    opened: datetime
    states: list[tuple[datetime, str]]

    def made_sla(self) -> bool:
        """ServiceNow's default resolution SLA: paused in the pausing states, stopped at the
        first Resolved; breached when the running time exceeds the target."""
        running, last_t, last_state = timedelta(0), self.opened, "New"
        for t, state in self.states:
            if last_state not in PAUSING:
                running += t - last_t
            if state == "Resolved":
                break
            last_t, last_state = t, state
        return running <= timedelta(hours=TARGETS[self.priority])


def incidents(n: int, rng: random.Random, start: datetime) -> list[Incident]:
    out = []
    for i in range(n):
        priority = rng.choices(list(TARGETS), weights=[3, 12, 55, 30])[0]
        target = timedelta(hours=TARGETS[priority])
        opened = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
        t = opened + timedelta(minutes=rng.randrange(2, 90))
        states = [(t, "Active")]
        work = target * rng.lognormvariate(-0.4, 0.6)  # running time the fix takes
        done = timedelta(0)
        while done < work:
            step = min(work - done, target * rng.uniform(0.1, 0.5))
            t, done = t + step, done + step
            if done < work and rng.random() < 0.35:  # waits on the caller or a vendor
                state = rng.choices(PAUSING, weights=[6, 3, 1])[0]
                states.append((t, state))
                t += timedelta(minutes=rng.randrange(30, 60 * 24 * 3))
                states.append((t, "Active"))
        states.append((t, "Resolved"))
        if rng.random() < 0.08:  # reopened by the caller, resolved again
            t += timedelta(hours=rng.uniform(2, 48))
            states.append((t, "Active"))
            t += timedelta(hours=rng.uniform(1, 30))
            states.append((t, "Resolved"))
        states.append((t + timedelta(days=rng.randrange(3, 8)), "Closed"))
        out.append(Incident(f"INC{20000 + i:07d}", priority, opened, states))
    return out


def write_audit(path: Path, items: list[Incident], rng: random.Random) -> int:
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for inc in items:
            verdict = "true" if inc.made_sla() else "false"
            caller, channel = f"Caller {rng.randrange(1, 9000)}", rng.choice(CHANNELS)
            text, group = rng.choice(TEXTS), f"Group {rng.randrange(1, 90)}"
            reopen = reassigned = 0
            history = [(inc.opened, "New"), *inc.states]
            resolved_once = False
            for k, (t, state) in enumerate(history):
                if state == "Active" and resolved_once:
                    reopen += 1
                resolved_once = resolved_once or state == "Resolved"
                if k and rng.random() < 0.1:
                    reassigned += 1
                assignee = "?" if k == 0 else f"Resolver {rng.randrange(1, 400)}"
                out.writerow([inc.number, state, "false" if state == "Closed" else "true",
                              reassigned, reopen, k, verdict, caller, f"Opened by {k}",
                              _stamp(inc.opened), f"Updated by {rng.randrange(1, 900)}",
                              _stamp(t), channel, f"Category {rng.randrange(1, 60)}",
                              inc.priority, group, assignee, text])
                rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/servicenow-sla.json"))
    parser.add_argument("--log", type=Path, default=Path("/tmp/servicenow_audit.csv"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    items = incidents(args.incidents, rng, datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    rows = write_audit(args.log, items, rng)
    report: dict[str, object] = {"incidents": args.incidents, "audit_rows": rows,
                                 "export_breached": sum(not i.made_sla() for i in items)}
    for label, pause in (("clock never stops", ""),
                         ("paused_while: [pending, on_hold]",
                          "    paused_while: [pending, on_hold]\n")):
        ruleset = parse_ruleset_text(RULESET.format(pause=pause), "<servicenow-sla>")
        started = time.perf_counter()
        result = evaluate(args.log, ruleset, mapping="auto", assume_tz="UTC")
        counts = result.summary.sla_comparison
        agree = counts["both_met"] + counts["both_breached"]
        report[label] = {**counts, "agreement": round(agree / counts["cases"], 4),
                         "rows_rejected": result.summary.rows_rejected,
                         "seconds": round(time.perf_counter() - started, 2)}
        print(f"{label}: {result.summary.sla_comparison_text()}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
