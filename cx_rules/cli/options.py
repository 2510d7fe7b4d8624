"""Options shared by the commands that read a log (lint, suggest, score, report)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from cx_rules.io.stdin import FORMATS as STDIN_FORMATS

F = TypeVar("F", bound=Callable[..., Any])


LANGUAGE_CHOICES = ("en", "ru", "az", "uz", "fa", "ar", "customer")
"""``--lang`` (the catalogue languages of :mod:`cx_rules.messages`, and ``customer``)."""


def log_options(func: F) -> F:
    """LOGS argument (or --db URL) plus --ruleset, --customers, --mapping, --assume-tz,
    --as-of."""
    decorators = [
        click.argument("logs", nargs=-1, required=False, type=click.Path(path_type=Path)),
        click.option("--db", metavar="URL", envvar="CX_RULES_DB", expose_value=False,
                     callback=_keep, help="Read the log from a database instead of LOGS: "
                     "duckdb:///FILE.duckdb or postgresql://[user@]host[:port]/db (a password "
                     "may come from PGPASSWORD; env CX_RULES_DB). Without --query, the tables "
                     "of --mapping (e.g. fivetran-zendesk) are read."),
        click.option("--query", metavar="SQL", expose_value=False, callback=_keep,
                     help="With --db: the SQL query whose rows are the log."),
        click.option("--db-schema", metavar="NAME", expose_value=False, callback=_keep,
                     help="With --db and a mapping's tables: the schema holding them "
                          "(default: the connection's current schema)."),
        click.option("--ruleset", "-r", default="cx-baseline", show_default=True,
                     help="Ruleset file, or NAME[@VERSION] of a shipped/discovered ruleset."),
        click.option("--customers", "-c", type=click.Path(path_type=Path),
                     help="Customer profiles (CSV, JSONL or Parquet)."),
        click.option("--mapping", "-m",
                     help="Column mapping: a shipped name, a YAML file, or 'auto'."),
        click.option("--assume-tz", help="Time zone for timestamps without a UTC offset."),
        click.option("--as-of", callback=_as_of, metavar="TIMESTAMP",
                     help="When the export was taken (ISO 8601 with a UTC offset): waits still "
                          "open are measured up to it. Default: the last event in the log."),
        click.option("--outcomes", type=click.Path(path_type=Path), expose_value=False,
                     callback=_outcomes,
                     help="What customers did with earlier actions (customer_id, action_id, "
                          "timestamp, outcome: accepted|rejected|ignored): propensities and "
                          "the contact policy's suppress_after use it."),
        click.option("--lang", "lang", type=click.Choice(LANGUAGE_CHOICES), default="customer",
                     envvar="CX_RULES_LANG", show_default=True, expose_value=False,
                     callback=_keep,
                     help="The language of the messages and suppression reasons: en, ru, az, "
                          "uz (Latin), fa, ar, or `customer` for each customer's profile "
                          "language (English where it is unknown)."),
        click.option("--input-format", type=click.Choice(STDIN_FORMATS), expose_value=False,
                     callback=_input_format,
                     help="What a log read from standard input (-) holds; default: sniffed "
                          "from its first bytes (gzip/zstd compression is always detected)."),
        click.option("--quiet", "-q", is_flag=True, expose_value=False, callback=_quiet,
                     help="No progress display on stderr (it shows only on a terminal)."),
        *(click.option(f"--{name}", multiple=True, expose_value=False, callback=_selection,
                       metavar="RULE|KIND|CATEGORY[,...]", help=text)
          for name, text in SELECTION_OPTIONS.items()),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


SELECTION_OPTIONS = {
    "select": "Run only these rules: rule ids, kinds, categories or ALL (ruff's semantics).",
    "extend-select": "Run these rules as well as the selected (or the ruleset's enabled) ones.",
    "ignore": "Do not run these rules (rule ids, kinds or categories).",
}


def _outcomes(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    ctx.meta["cx_rules.outcomes"] = value


def _keep(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    assert param.name is not None
    ctx.meta[f"cx_rules.{param.name}"] = value


def log_source(logs: tuple[Path, ...]) -> Any:
    """What the command reads: the LOGS files, or a
    :class:`~cx_rules.io.database.DatabaseSource` for ``--db`` (one of them, never both)."""
    ctx = click.get_current_context()
    db, query, schema = (ctx.meta.get(f"cx_rules.{n}") for n in ("db", "query", "db_schema"))
    if db is None:
        if query is not None or schema is not None:
            raise click.UsageError("--query and --db-schema need --db URL")
        if not logs:
            raise click.UsageError("give LOGS (files, or - for standard input) or --db URL")
        return list(logs)
    if logs:
        raise click.UsageError("give LOGS or --db URL, not both")
    if query is not None and schema is not None:
        raise click.UsageError("--db-schema names the schema of a mapping's tables; with "
                               "--query, name the schema in the SQL")
    if query is not None and not query.strip():
        raise click.UsageError("--query is empty")
    from cx_rules.io.database import DatabaseSource

    return DatabaseSource(db, query=query, schema=schema)


def _input_format(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from cx_rules.io.stdin import declare_format

    ctx.meta["cx_rules.input_format"] = value
    declare_format(value)


SELECTION_PARAMS = ("select", "ignore", "extend_select")
"""The parameter names of :data:`SELECTION_OPTIONS` (kept in ``ctx.meta`` by the callback)."""


def _selection(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> None:
    from cx_rules.ruleset.select import selectors_of

    assert param.name is not None
    ctx.meta[f"cx_rules.{param.name}"] = selectors_of(value)


def _quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    ctx.meta["cx_rules.quiet"] = value


@contextlib.contextmanager
def progress_display() -> Iterator[Callable[[str], None]]:
    """A ``progress`` callback for :func:`cx_rules.evaluate`: a rich status line on stderr with
    the phase and the time so far, and a line with its time as each phase ends (what follows a
    ``|`` in a phase, its progress, only on the status line), when stderr is a terminal and
    ``--quiet`` is not given; otherwise it does nothing (CI logs and pipes stay clean)."""
    ctx = click.get_current_context()
    if ctx.meta.get("cx_rules.quiet") or not sys.stderr.isatty():
        yield lambda phase: None
        return
    import time

    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False)
    started = time.perf_counter()
    current: list[tuple[str, float]] = []

    def finish() -> None:
        if current:
            phase, since = current.pop()
            console.print(f"[dim]cx-rules:[/] {escape(phase.split(' | ')[0])} "
                          f"[dim]{time.perf_counter() - since:.1f}s[/]", soft_wrap=True)

    with console.status("cx-rules: starting") as status:
        def show(phase: str) -> None:
            finish()
            current.append((phase, time.perf_counter()))
            status.update(f"cx-rules: {escape(phase.replace(' | ', ': '))} "
                          f"({time.perf_counter() - started:.1f}s)")

        yield show
        finish()


def ruleset_for(ruleset: str) -> Any:
    """The ``--ruleset`` value, or the loaded ruleset narrowed by ``--select``, ``--ignore``
    and ``--extend-select`` and with the settings file's ``exceptions`` when there are any."""
    ctx = click.get_current_context()
    chosen = {name: ctx.meta.get(f"cx_rules.{name}", []) for name in SELECTION_PARAMS}
    settings = ctx.find_root().meta.get("cx_rules.settings")
    extra = settings.exceptions if settings is not None else []
    if not any(chosen.values()) and not extra:
        return ruleset
    from cx_rules.ruleset.load import load_ruleset
    from cx_rules.ruleset.select import select_rules
    from cx_rules.ruleset.waivers import add_waivers

    source = str(settings.path) if settings is not None else ""
    loaded = add_waivers(load_ruleset(ruleset), extra, source)
    return select_rules(loaded, **chosen)


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 timestamp") from None
    if when.tzinfo is None:
        raise click.BadParameter(f"{value!r} has no UTC offset (e.g. 2026-03-05T12:00:00Z)")
    return when


def evaluate_logs(logs: tuple[Path, ...], ruleset: str, customers: Path | None,
                  mapping: str | None, assume_tz: str | None,
                  as_of: datetime | None = None, *, at_risk: bool = False) -> Any:
    """Run :func:`cx_rules.evaluate` with the shared options (imported lazily)."""
    from cx_rules.app.evaluate import evaluate

    with progress_display() as progress:
        return evaluate(log_source(logs), ruleset_for(ruleset), customers, mapping=mapping,
                        assume_tz=assume_tz, as_of=as_of, at_risk=at_risk, progress=progress,
                        outcomes=click.get_current_context().meta.get("cx_rules.outcomes"),
                        language=click.get_current_context().meta.get("cx_rules.lang")
                        or "customer")


def settings_text(ctx: click.Context) -> str:
    """The resolved options of a command, each with where it comes from (``--show-settings``)."""
    from click.core import ParameterSource

    settings = ctx.find_root().meta.get("cx_rules.settings")
    lines = [f"settings file: {settings.path if settings is not None else 'none'}"]
    shown = {**ctx.params, **{name: ctx.meta.get(f"cx_rules.{name}", [])
                              for name in SELECTION_PARAMS}}
    for name, value in shown.items():
        if name in ("show_settings", "logs"):
            continue
        source = ctx.get_parameter_source(name)
        origin = {ParameterSource.COMMANDLINE: "command line",
                  ParameterSource.DEFAULT_MAP: "settings file",
                  ParameterSource.ENVIRONMENT: "environment"}.get(source, "default") \
            if source is not None else "default"
        shown_value = list(value) if isinstance(value, tuple | list) else \
            str(value) if isinstance(value, Path) else value
        option = next((p.opts[0].lstrip("-") for p in ctx.command.params
                       if p.name == name and p.opts[0].startswith("--")), name)
        lines.append(f"{option} = {shown_value!r}  ({origin})")
    for waiver in settings.exceptions if settings is not None else []:
        lines.append(f"exception = {waiver!r}  (settings file)")
    return "\n".join(lines)
