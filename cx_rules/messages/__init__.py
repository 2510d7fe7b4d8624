"""Messages in the customers' languages: every violation and action text is a template whose
English wording is its gettext message id, translated by ``.po`` catalogues (read with Babel).

A kind declares its messages once, in its own package::

    CATALOGUE = Catalogue(__package__)        # reads <package>/locale/<lang>.po
    TOOK = CATALOGUE.message("{what} on {channel} took {took} (limit {limit}).",
                             terms={"what": ("First reply", "Next reply")},
                             durations=("took", "limit"))

and writes it through that one value in both engines: the reference check calls
``TOOK.render(...)`` (a :class:`Text`: the English string that remembers its message id and
values) and the plan calls ``TOOK.expr(...)`` (a struct column that
:func:`message_columns` splits into ``message``, ``message_id`` and ``message_args``). The
English text is what every engine compares and what the reports show by default; a report in
another language re-renders each message from its id and values (:func:`localise` on a frame,
vectorised per message and language; :func:`localise_text` on one message), translating the
values that are words of a closed vocabulary (``terms``: a metric's name, a channel) and the
compact durations ("2h 5m": ``durations``) with the unit words of the language's CLDR data.

A message without an id (a rule's own ``sentence``, a plugin's plain string) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from string import Formatter
from typing import Any

import polars as pl

LANGUAGES: tuple[str, ...] = ("en", "ru", "az", "uz", "fa", "ar")
"""The languages every catalogue translates: English (the message ids) and the five languages
of the customer-experience literature this product is built on."""

MESSAGE_FIELDS: dict[str, pl.DataType] = {
    "message": pl.String(),
    "message_id": pl.String(),
    "message_args": pl.List(pl.String()),
}
"""The columns a message becomes: its English text, its template (the msgid; null when the
text is not a catalogue message) and its values in the template's field order."""


def template_expr(template: str, **values: pl.Expr | str | int) -> pl.Expr:
    """A template (``str.format`` syntax, named fields only) as a polars string expression."""
    parts: list[pl.Expr] = []
    for literal, name, spec, conversion in Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if name is None:
            continue
        if spec or conversion or name not in values:
            raise ValueError(f"template field {{{name}}}: give it as a value, without a format")
        value = values[name]
        parts.append(value.cast(pl.String) if isinstance(value, pl.Expr) else pl.lit(str(value)))
    return pl.concat_str(parts) if parts else pl.lit("")


def template_fields(template: str) -> tuple[str, ...]:
    """The named fields of a template, each once, in order of first appearance."""
    names: list[str] = []
    for _, name, _, _ in Formatter().parse(template):
        if name is not None and name not in names:
            names.append(name)
    return tuple(names)


class Text(str):
    """A rendered message: the English string, remembering its message id and values so that
    it can be rendered again in another language (:func:`localise_text`)."""

    __slots__ = ("args", "message_id")
    message_id: str | None
    args: tuple[str, ...]

    def __new__(cls, text: str, message_id: str | None = None,
                args: Iterable[str] = ()) -> Text:
        self = super().__new__(cls, text)
        self.message_id = message_id
        self.args = tuple(args)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (str(self), self.message_id, self.args))


def message_of(value: object) -> tuple[str | None, list[str] | None]:
    """``(message_id, message_args)`` of a message value (``(None, None)`` for plain text)."""
    if isinstance(value, Text) and value.message_id is not None:
        return value.message_id, list(value.args)
    return None, None


@dataclass(frozen=True)
class Message:
    """One message template of a catalogue (see the module's documentation)."""

    template: str
    catalogue: Catalogue = field(repr=False, compare=False)
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    durations: frozenset[str] = frozenset()

    @property
    def fields(self) -> tuple[str, ...]:
        return template_fields(self.template)

    @property
    def pattern(self) -> re.Pattern[str]:
        """A regular expression matching exactly the texts this template renders, each field
        a named group (for closed texts that travel without their id, such as reasons)."""
        out: list[str] = []
        seen: set[str] = set()
        for literal, name, _, _ in Formatter().parse(self.template):
            out.append(re.escape(literal))
            if name is not None:
                out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
                seen.add(name)
        return re.compile("".join(out), re.DOTALL)

    def render(self, **values: object) -> Text:
        """The message with these values (the reference and streaming form)."""
        args = [str(values[name]) for name in self.fields]
        return Text(self.template.format(**values), self.template, args)

    def expr(self, **values: pl.Expr | str | int) -> pl.Expr:
        """The message as a struct column of :data:`MESSAGE_FIELDS` (columns where the values
        vary by row); :func:`message_columns` splits it."""
        missing = [name for name in self.fields if name not in values]
        if missing:
            raise ValueError(f"message {self.template!r}: no value for {missing}")

        def text(value: pl.Expr | str | int) -> pl.Expr:
            return value.cast(pl.String) if isinstance(value, pl.Expr) else pl.lit(str(value))

        args = [text(values[name]) for name in self.fields]
        return pl.struct(
            template_expr(self.template, **values).alias("message"),
            pl.lit(self.template, pl.String).alias("message_id"),
            (pl.concat_list(args) if args else pl.lit([], pl.List(pl.String)))
            .cast(pl.List(pl.String)).alias("message_args"),
        )


_CATALOGUES: list[Catalogue] = []


class Catalogue:
    """The messages and terms of one package, and their translations in
    ``<package>/locale/<language>.po`` (one file per language of :data:`LANGUAGES` but
    English). Creating one registers it: :func:`localise` reads every catalogue."""

    def __init__(self, package: str, directory: str = "locale") -> None:
        self.package = package
        self.directory = directory
        self.messages: dict[str, Message] = {}
        self.terms: set[str] = set()
        _CATALOGUES.append(self)
        _merged.cache_clear()

    def __repr__(self) -> str:
        return f"Catalogue({self.package!r})"

    def message(self, template: str, *, terms: Mapping[str, Iterable[str]] | None = None,
                durations: Iterable[str] = ()) -> Message:
        """Declare a message template. ``terms`` maps a field to the words it can hold (each
        translated as its own msgid); ``durations`` names the fields holding compact
        durations such as "2h 5m"."""
        known = template_fields(template)
        term_map = {name: tuple(words) for name, words in (terms or {}).items()}
        wrong = [n for n in [*term_map, *durations] if n not in known]
        if wrong:
            raise ValueError(f"message {template!r} has no field {wrong}")
        owned = {w for cat in _CATALOGUES if cat is not self for w in cat.terms}
        for words in term_map.values():  # words another catalogue translates stay there
            self.terms.update(w for w in words if w.strip() and w not in owned)
        msg = Message(template, self, term_map, frozenset(durations))
        self.messages[template] = msg
        _merged.cache_clear()
        return msg

    def term(self, *words: str) -> None:
        """Declare words translated wherever a message's ``terms`` field holds them."""
        self.terms.update(w for w in words if w.strip())
        _merged.cache_clear()

    @property
    def msgids(self) -> set[str]:
        return set(self.messages) | self.terms

    def translations(self, language: str) -> dict[str, str]:
        """msgid → translation of this catalogue's ``language`` file (English: none; a
        missing file or an untranslated or fuzzy entry: absent)."""
        return dict(_read_po(self.package, self.directory, language))


@cache
def _read_po(package: str, directory: str, language: str) -> tuple[tuple[str, str], ...]:
    if language == "en":
        return ()
    from babel.messages.pofile import read_po

    path = resources.files(package).joinpath(directory, f"{language}.po")
    if not path.is_file():
        return ()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return tuple((str(m.id), str(m.string)) for m in catalog
                 if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
                 and not m.fuzzy)


def catalogues() -> tuple[Catalogue, ...]:
    """Every registered catalogue (built-in kinds, outputs, plugins that are loaded)."""
    return tuple(_CATALOGUES)


@dataclass(frozen=True)
class _Entry:
    translated: str
    terms: Mapping[str, tuple[str, ...]]
    durations: frozenset[str]
    fields: tuple[str, ...]


@cache
def _merged(language: str) -> tuple[dict[str, _Entry], dict[str, str]]:
    """Every catalogue's messages (msgid → entry) and terms (word → translation)."""
    entries: dict[str, _Entry] = {}
    words: dict[str, str] = {}
    for cat in _CATALOGUES:
        table = cat.translations(language)
        for msgid, msg in cat.messages.items():
            if msgid in table and msgid not in entries:
                entries[msgid] = _Entry(table[msgid], msg.terms, msg.durations, msg.fields)
        for word in cat.terms:
            if word in table:
                words.setdefault(word, table[word])
    return entries, words


def language_code(tag: str | None, default: str = "en") -> str:
    """The catalogue language of a BCP 47 tag (``ru-RU`` → ``ru``, ``uz-Cyrl`` → ``uz``,
    ``FA`` → ``fa``); ``default`` for a tag of another language or none."""
    if not tag:
        return default
    code = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return code if code in LANGUAGES else default


_UNITS = (("d", "day"), ("h", "hour"), ("m", "minute"), ("s", "second"))


@cache
def _unit_pattern(language: str, unit: str, key: int) -> str:
    """CLDR's short pattern of ``unit`` for a count whose plural category is that of
    ``key`` ("{0} дн.", "{0} ساعت"; Arabic's one and two forms carry no number: "يوم",
    "يومان")."""
    from babel.numbers import format_decimal
    from babel.units import format_unit

    name = dict(_UNITS)[unit]
    return format_unit(key, f"duration-{name}", length="short", locale=language) \
        .replace(format_decimal(key, locale=language), "{0}")


def _plural_key(count: int) -> int:
    """A count with the same plural category as ``count`` in every catalogue language (their
    rules look at n itself below 100, and at n % 100 above it)."""
    return count if count < 100 else 100 + count % 100


_COMPACT = re.compile(r"(\d+)([dhms])\b")


def duration_in(text: str, language: str) -> str:
    """A compact duration ("2h 5m", "-3d") in the unit words of ``language``, each in the
    plural form its number takes."""
    if language == "en":
        return text
    return _COMPACT.sub(
        lambda m: _unit_pattern(language, m.group(2), _plural_key(int(m.group(1))))
        .replace("{0}", m.group(1)), text)


def localise_text(text: str, language: str) -> str:
    """One message in ``language`` (itself when it has no id, or no translation there)."""
    message_id, args = message_of(text)
    if message_id is None or args is None:
        return text
    return render(message_id, args, language) or text


def render(message_id: str, args: list[str], language: str) -> str | None:
    """The message ``message_id`` with ``args`` in ``language``; None when not translated."""
    language = language_code(language)
    if language == "en":
        return message_id.format(**dict(zip(template_fields(message_id), args, strict=False)))
    entries, words = _merged(language)
    entry = entries.get(message_id)
    if entry is None or len(args) != len(entry.fields):
        return None
    values: dict[str, str] = {}
    for name, value in zip(entry.fields, args, strict=True):
        if value in entry.terms.get(name, ()):
            value = words.get(value, value)
        if name in entry.durations:
            value = duration_in(value, language)
        values[name] = value
    return entry.translated.format(**values)


def match_text(text: str, messages: Iterable[Message]) -> Text | None:
    """``text`` as the first of ``messages`` that renders it exactly, with its values."""
    for message in messages:
        found = message.pattern.fullmatch(text)
        if found is not None:
            return message.render(**found.groupdict())
    return None


def localise_matching(frame: pl.DataFrame, column: str, messages: Iterable[Message],
                      language: str | pl.Expr) -> pl.DataFrame:
    """``frame`` with ``column`` (texts of a closed set of ``messages`` that travel without
    their id, such as suppression reasons) rendered in ``language``: each distinct (language,
    text) is matched to its template once, and texts that match none are kept."""
    if frame.is_empty() or column not in frame.columns:
        return frame
    candidates = list(messages)
    work = _with_language(frame, language)
    pairs = work.select("_lang", column).unique().drop_nulls()
    table: dict[str, list[Any]] = {"_lang": [], column: [], "_localised": []}
    for language_, text in pairs.iter_rows():
        if language_ == "en":
            continue
        matched = match_text(text, candidates)
        if matched is not None:
            table["_lang"].append(language_)
            table[column].append(text)
            table["_localised"].append(localise_text(matched, language_))
    if not table["_lang"]:
        return frame
    found = pl.DataFrame(table, schema={"_lang": pl.String, column: pl.String,
                                        "_localised": pl.String})
    return (work.join(found, on=["_lang", column], how="left", maintain_order="left")
            .with_columns(pl.coalesce("_localised", column).alias(column))
            .drop("_lang", "_localised"))


def message_columns(frame: pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` whose ``message`` is a :meth:`Message.expr` struct (or plain text) with the
    columns of :data:`MESSAGE_FIELDS` instead."""
    dtype = frame.collect_schema().get("message")
    if isinstance(dtype, pl.Struct):
        return frame.with_columns(
            pl.col("message").struct.field("message_id").alias("message_id"),
            pl.col("message").struct.field("message_args").alias("message_args"),
        ).with_columns(pl.col("message").struct.field("message").alias("message"))
    return frame.with_columns(pl.lit(None, pl.String).alias("message_id"),
                              pl.lit(None, pl.List(pl.String)).alias("message_args"))


def localise(frame: pl.DataFrame, language: str | pl.Expr,
             column: str = "message") -> pl.DataFrame:
    """``frame`` with ``column`` rendered in ``language`` (a catalogue language, or an
    expression giving one per row, e.g. the customer's), from ``message_id`` and
    ``message_args``: one vectorised pass per (language, message) present. A row whose message
    has no id, or no translation in its language, keeps its English text."""
    if frame.is_empty() or "message_id" not in frame.columns:
        return frame
    work = _with_language(frame.with_row_index("_order"), language)
    todo = work.filter((pl.col("_lang") != "en") & pl.col("message_id").is_not_null())
    if todo.is_empty():
        return frame
    done: list[pl.DataFrame] = []
    for (language_, message_id), part in todo.partition_by(
            ["_lang", "message_id"], as_dict=True, maintain_order=True).items():
        entries, words = _merged(str(language_))
        entry = entries.get(str(message_id))
        if entry is None:
            continue
        values: dict[str, pl.Expr | str | int] = {}
        for i, name in enumerate(entry.fields):
            value = pl.col("message_args").list.get(i, null_on_oob=True)
            if name in entry.terms:
                table = {w: words[w] for w in entry.terms[name] if w in words}
                value = value.replace(table) if table else value
            if name in entry.durations:
                texts = part["message_args"].list.get(i, null_on_oob=True).drop_nulls()
                table = {t: duration_in(t, str(language_)) for t in texts.unique()}
                value = value.replace(table) if table else value
            values[name] = value
        done.append(part.select("_order", template_expr(entry.translated, **values)
                                .alias("_localised")))
    if not done:
        return frame
    localised = pl.concat(done)
    return (work.join(localised, on="_order", how="left", maintain_order="left")
            .with_columns(pl.coalesce("_localised", column).alias(column))
            .drop("_order", "_lang", "_localised"))


def _with_language(frame: pl.DataFrame, language: str | pl.Expr) -> pl.DataFrame:
    """``frame`` with ``_lang``: the catalogue language of ``language`` (one tag, or an
    expression of a tag per row), each distinct tag read once by :func:`language_code`."""
    if isinstance(language, str):
        return frame.with_columns(pl.lit(language_code(language)).alias("_lang"))
    tagged = frame.with_columns(language.cast(pl.String).alias("_lang"))
    codes = {tag: language_code(tag) for tag in tagged["_lang"].drop_nulls().unique()}
    return tagged.with_columns(pl.col("_lang").replace_strict(
        codes, default="en", return_dtype=pl.String))


__all__ = [
    "LANGUAGES",
    "MESSAGE_FIELDS",
    "Catalogue",
    "Message",
    "Text",
    "catalogues",
    "duration_in",
    "language_code",
    "localise",
    "localise_matching",
    "localise_text",
    "match_text",
    "message_columns",
    "message_of",
    "render",
    "template_expr",
    "template_fields",
]
