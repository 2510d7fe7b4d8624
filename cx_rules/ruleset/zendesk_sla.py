"""A ruleset from the help desk's own SLA policies, as Fivetran's Zendesk connector loads them.

Read from the warehouse: ``sla_policy_history`` (one row per version of a policy: ``id``,
``title``, ``position``, ``updated_at``), ``sla_policy_metric_history`` (the targets of each
version: ``sla_policy_id``, ``sla_policy_updated_at``, ``metric``, ``priority``, ``target``
in minutes, ``business_hours``), ``schedule`` (one row per weekly interval: ``id``, ``name``,
``time_zone``, ``start_time``/``end_time`` in minutes from Sunday 00:00) and, when present,
``schedule_holiday`` (``schedule_id``, ``start_date``, ``end_date``).

Each version of the chosen policy becomes one ``sla_policies`` entry, scoped by the case's
first event (its creation) to the time the version was in force, so a ticket gets the
targets in force when it was created; the latest version takes every later case. Zendesk's
metrics map to ours: first_reply_time -> first_reply, next_reply_time -> next_reply,
periodic_update_time -> periodic_update, requester_wait_time -> requester_wait,
agent_work_time -> agent_work (pausable_update_time has no counterpart and is left out,
saying so). A priority without a target of its own takes the policy's ``default``: the
``normal`` target (or the longest one).
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl

from cx_rules.durations import format_duration
from cx_rules.errors import InputError
from cx_rules.io.database import DatabaseSource, read_named_tables
from cx_rules.io.mapping import TableSpec
from cx_rules.io.vendors.fivetran import SLA_METRICS
from cx_rules.models.ruleset import Ruleset
from cx_rules.ruleset.load import parse_ruleset_text

TABLES = {
    "policy": TableSpec(table="sla_policy_history", order_by=["id", "updated_at"]),
    "metric": TableSpec(table="sla_policy_metric_history",
                        order_by=["sla_policy_id", "sla_policy_updated_at", "metric",
                                  "priority"]),
    "schedule": TableSpec(table="schedule", order_by=["id", "start_time"]),
    "holiday": TableSpec(table="schedule_holiday", order_by=["schedule_id", "start_date"],
                         optional=True),
}
COLUMNS = {
    "policy": ["id", "title", "updated_at"],
    "metric": ["sla_policy_id", "sla_policy_updated_at", "metric", "priority", "target",
               "business_hours"],
    "schedule": ["id", "name", "time_zone", "start_time", "end_time"],
    "holiday": ["schedule_id", "start_date", "end_date"],
}
METRICS = SLA_METRICS
"""Zendesk's SLA metrics -> ours (shared with the events' verdicts)."""
PRIORITIES = ("low", "normal", "high", "urgent")
ZENDESK_ZONES = {
    # Zendesk names its schedules' zones as Rails does; the common ones, to IANA names
    "utc": "UTC", "london": "Europe/London", "dublin": "Europe/Dublin",
    "lisbon": "Europe/Lisbon", "berlin": "Europe/Berlin", "amsterdam": "Europe/Amsterdam",
    "paris": "Europe/Paris", "madrid": "Europe/Madrid", "rome": "Europe/Rome",
    "vienna": "Europe/Vienna", "bern": "Europe/Zurich", "zurich": "Europe/Zurich",
    "stockholm": "Europe/Stockholm", "copenhagen": "Europe/Copenhagen",
    "warsaw": "Europe/Warsaw", "prague": "Europe/Prague", "athens": "Europe/Athens",
    "helsinki": "Europe/Helsinki", "kyiv": "Europe/Kyiv", "istanbul": "Europe/Istanbul",
    "moscow": "Europe/Moscow", "baku": "Asia/Baku", "tehran": "Asia/Tehran",
    "dubai": "Asia/Dubai", "abu dhabi": "Asia/Dubai", "mumbai": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata", "singapore": "Asia/Singapore", "hong kong": "Asia/Hong_Kong",
    "beijing": "Asia/Shanghai", "tokyo": "Asia/Tokyo", "seoul": "Asia/Seoul",
    "sydney": "Australia/Sydney", "melbourne": "Australia/Melbourne",
    "auckland": "Pacific/Auckland", "brasilia": "America/Sao_Paulo",
    "buenos aires": "America/Argentina/Buenos_Aires", "mexico city": "America/Mexico_City",
    "eastern time (us & canada)": "America/New_York",
    "central time (us & canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver", "arizona": "America/Phoenix",
    "pacific time (us & canada)": "America/Los_Angeles", "alaska": "America/Juneau",
    "hawaii": "Pacific/Honolulu",
}
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


@dataclass
class Generated:
    """The ruleset's YAML text, the loaded ruleset, and what could not be carried over."""

    text: str
    ruleset: Ruleset
    notes: list[str] = field(default_factory=list)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _when(value: Any) -> datetime:
    """A Fivetran time (UTC; naive in the warehouse) as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    text = _text(value)
    if text is None:
        raise ValueError("missing time")
    return _when(datetime.fromisoformat(text.replace("Z", "+00:00")))


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("true", "t", "1", "yes")


def slug(title: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return text or "policy"


def zone(name: str) -> str:
    """An IANA zone for a Zendesk schedule's ``time_zone`` (IANA names are kept)."""
    known = ZENDESK_ZONES.get(name.strip().lower())
    if known is not None:
        return known
    try:
        zoneinfo.ZoneInfo(name.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f"schedule time_zone {name!r} is neither an IANA zone nor a Zendesk "
                         "zone name cx-rules knows (e.g. 'Berlin', 'Pacific Time (US & "
                         "Canada)')") from None
    return name.strip()


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def business_hours(intervals: list[tuple[int, int]]) -> dict[str, list[str]]:
    """Weekly intervals (minutes from Sunday 00:00) as ``{day: ["HH:MM-HH:MM"]}``, an interval
    crossing midnight split at it."""
    week = 7 * 1440
    by_day: dict[int, list[tuple[int, int]]] = {}
    for start, end in sorted(intervals):
        if not 0 <= start < end <= week:
            raise InputError(f"schedule interval {start}-{end} is not within one week "
                             "(minutes from Sunday 00:00, 0..10080)")
        at = start
        while at < end:
            day, offset = divmod(at, 1440)
            stop = min(end, (day + 1) * 1440)
            by_day.setdefault(day, []).append((offset, stop - day * 1440))
            at = stop
    return {_DAYS[d]: [f"{_hhmm(a)}-{_hhmm(b)}" for a, b in spans]
            for d, spans in sorted(by_day.items(), key=lambda kv: (kv[0] - 1) % 7)}


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dicts()


def _choose(rows: list[dict[str, Any]], key: str, wanted: str | None, what: str,
            option: str) -> str:
    names: dict[str, dict[str, Any]] = {}
    for r in rows:
        names.setdefault(str(_text(r.get(key))), r)
    if wanted is None:
        return str(next(iter(names)))
    if wanted not in names:
        raise InputError(f"no {what} {wanted!r} (there are: {', '.join(names)}); "
                         f"choose one with {option}")
    return wanted


def generate(source: DatabaseSource, *, name: str = "zendesk-sla", version: str = "1.0.0",
             policy: str | None = None, schedule: str | None = None) -> Generated:
    """The ruleset of one SLA policy (``policy``: its title; default: the first by
    ``position``) and one schedule (``schedule``: its name; default: the first)."""
    tables = read_named_tables(source, TABLES, COLUMNS, "ruleset from-zendesk-sla")
    notes: list[str] = []
    policies = sorted(_rows(tables["policy"]), key=lambda r: (
        r.get("position") if r.get("position") is not None else 1 << 30, str(r.get("id"))))
    if not policies:
        raise InputError("sla_policy_history has no policies", file=source.label)
    title = _choose(policies, "title", policy, "SLA policy titled", "--policy")
    titles = {str(_text(r.get("title"))) for r in policies}
    if policy is None and len(titles) > 1:
        notes.append(f"{len(titles)} SLA policies; generated for {title!r} (the first by "
                     "position); choose another with --policy TITLE")
    ids = {str(_text(r.get("id"))) for r in policies if str(_text(r.get("title"))) == title}
    metrics = [r for r in _rows(tables["metric"]) if str(_text(r.get("sla_policy_id"))) in ids]
    if not metrics:
        raise InputError(f"SLA policy {title!r} has no targets in sla_policy_metric_history",
                         file=source.label)
    versions: dict[datetime, list[dict[str, Any]]] = {}
    for r in metrics:
        try:
            versions.setdefault(_when(r.get("sla_policy_updated_at")), []).append(r)
        except ValueError:
            raise InputError(f"sla_policy_metric_history: sla_policy_updated_at "
                             f"{r.get('sla_policy_updated_at')!r} is not a time",
                             file=source.label) from None
    schedules = _rows(tables["schedule"])
    if not schedules:
        raise InputError("the schedule table is empty: business hours are unknown",
                         file=source.label)
    chosen = _choose(schedules, "name", schedule, "schedule named", "--schedule")
    mine = [r for r in schedules if str(_text(r.get("name"))) == chosen]
    schedule_ids = {str(_text(r.get("id"))) for r in mine}
    if schedule is None and len({str(_text(r.get("name"))) for r in schedules}) > 1:
        notes.append(f"several schedules; business hours are {chosen!r}'s (the first); "
                     "choose another with --schedule NAME")
    holidays: set[date] = set()
    for h in _rows(tables["holiday"]) if "holiday" in tables else []:
        if str(_text(h.get("schedule_id"))) in schedule_ids:
            day, last = _day(h.get("start_date")), _day(h.get("end_date") or h.get("start_date"))
            while day <= last:
                holidays.add(day)
                day += timedelta(days=1)
    calendar = {
        "timezone": zone(str(_text(mine[0].get("time_zone")) or "UTC")),
        "business_hours": business_hours([(int(r["start_time"]), int(r["end_time"]))
                                          for r in mine]),
        "holidays": [d.isoformat() for d in sorted(holidays)],
    }
    starts = sorted(versions)
    entries = []
    for i, start in enumerate(starts):
        entry = {"name": f"{slug(title)}-{start:%Y%m%d-%H%M}"}
        if i + 1 < len(starts):  # the case's first event is its creation
            entry["where"] = f'timestamp < "{starts[i + 1].isoformat()}"'
        entry.update(_policy_entry(entry["name"], versions[start], notes))
        entry["description"] = (f"Zendesk SLA policy {title!r}, as updated "
                                f"{start:%Y-%m-%d %H:%M} UTC" + (
                                    f" (cases created before {starts[i + 1]:%Y-%m-%d %H:%M} "
                                    "UTC)" if i + 1 < len(starts) else " (in force now)"))
        entries.append(entry)
    doc = {
        "ruleset": name, "version": version,
        "description": f"Generated by cx-rules ruleset from-zendesk-sla from {source.label}: "
                       f"SLA policy {title!r} ({len(starts)} version(s)), schedule {chosen!r}.",
        "calendar": calendar,
        "sla_policies": entries,
    }
    text = _dump(doc, notes)
    return Generated(text, parse_ruleset_text(text, "<from-zendesk-sla>"), notes)


def _policy_entry(name: str, rows: list[dict[str, Any]],
                  notes: list[str]) -> dict[str, Any]:
    targets: dict[str, dict[str, int]] = {}
    hours: set[bool] = set()
    for r in rows:
        metric = (_text(r.get("metric")) or "").lower()
        ours = METRICS.get(metric)
        if ours is None:
            note = f"metric {metric!r} has no cx-rules counterpart: left out"
            if note not in notes:
                notes.append(note)
            continue
        priority = (_text(r.get("priority")) or "").lower()
        if priority not in PRIORITIES or r.get("target") is None:
            continue
        targets.setdefault(ours, {})[priority] = int(r["target"])
        hours.add(_flag(r.get("business_hours")))
    if len(hours) > 1:
        notes.append(f"{name}: some targets count business hours and some calendar hours; "
                     "cx-rules counts one kind per policy: business hours")
    entry: dict[str, Any] = {"hours": "business" if True in hours else "calendar"}
    for metric in ("first_reply", "next_reply", "periodic_update", "requester_wait",
                   "agent_work"):
        by_priority = targets.get(metric)
        if not by_priority:
            continue
        default = by_priority.get("normal", max(by_priority.values()))
        limits: dict[str, str] = {"default": _duration(default)}
        for priority in PRIORITIES:
            minutes = by_priority.get(priority)
            if minutes is not None and minutes != default:
                limits[priority] = _duration(minutes)
        entry[metric] = limits
    return entry


def _duration(minutes: int) -> str:
    return format_duration(timedelta(minutes=minutes), largest="h").replace(" ", "")


def _dump(doc: dict[str, Any], notes: list[str]) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = None
    yaml.width = 100
    out = io.StringIO()
    for note in notes:
        out.write(f"# note: {note}\n")
    yaml.dump(doc, out)
    return out.getvalue()
