# ruff: noqa: RUF001, RUF002 - multilingual text (Cyrillic, Persian, Arabic) on purpose
"""Facts and promises in one outbound message's text, relative to its time and a time zone.

Pure functions, cached per (text, timestamp, zone, business days): the batch plan (through
``map_elements``) and the row-wise reference call the same ones, so the engines agree.

Conventions:

- A date without a year is the next one on or after the message's local date (a date more than
  180 days in the past means next year). A weekday is its next occurrence after the message's
  local day ("Friday" said on a Friday is the Friday a week later); "today"/"tomorrow" are
  counted in local days.
- A promise is due at the end (23:59:59) of the local day named; "within N days" is due at the
  end of the N-th local day after the message, "within N working days" at the end of the N-th
  business day of the ruleset calendar (Mon-Fri without one); a range "3-5 days" is due at its
  upper bound; "within N hours" is due N hours after the message, and "N weeks" counts 7N
  days. A clock time makes the due time exact, and of a window ("10:00-12:00") its end. A
  promise with no time in its sentence is not a promise this module can judge.
- A duration said as how long ago ("2 days ago", "2 дня назад", "منذ يومين") dates a past event
  (a fact's date) and is never a due time.
- A date or duration becomes a fact only when a context word (delivery, refund, appointment,
  in any of the languages) is in its sentence; the nearest one names the key. An amount is a
  fact only next to a currency.

Absolute dates ("5 March", "5 марта", "5 mart", "۵ مارس", "5 مارس") are read by dateparser,
which covers en, ru, az, uz, fa and ar; Uzbek Cyrillic month names it does not know are read
by the month table of :mod:`cx_rules.text.lexicon` (the fallback, also used when dateparser
returns nothing). Weekdays and today/tomorrow are counted directly from the same table, which
keeps "next occurrence" one documented rule in every language.

Persian solar hijri dates ("۱۵ اسفند", "۱۰ فروردین ۱۴۰۵", "۱۴۰۴/۱۲/۲۰") are converted by
:mod:`cx_rules.text.jalali` (dateparser's Jalali calendar needs ``convertdate``, not a
dependency here); without a year, the next one on or after the message's local date, by the
same 180-day rule, counted in Jalali years.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

from cx_rules.text.digits import ascii_digits
from cx_rules.text.jalali import jalali_to_gregorian, jalali_year_of
from cx_rules.text.lexicon import (
    AGO,
    AMOUNT_SCALES,
    CLOCK_BEFORE,
    CONTEXT,
    CURRENCIES,
    DAY_UNITS,
    DELAY_WORDS,
    DUAL_UNITS,
    FACT_KEYS,
    HOUR_UNITS,
    JALALI_MONTHS,
    LANGUAGES,
    MONTH_SUFFIXES,
    MONTHS,
    NUMBER_WORDS,
    PROMISES,
    RELATIVE_DAYS,
    WEEK_UNITS,
    WEEKDAYS,
)

__all__ = [
    "MONDAY_TO_FRIDAY",
    "Fact",
    "Promise",
    "extract_facts",
    "extract_promises",
    "is_delay_notice",
    "zone_of",
]

MONDAY_TO_FRIDAY: tuple[int, ...] = (0, 1, 2, 3, 4)
FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class Fact:
    """A fact stated in a message: key, normalised value, and the text span it came from."""

    key: str
    value: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Promise:
    """A promise with its kind (reply, callback, shipment, refund), due time (UTC) and span."""

    kind: str
    due: datetime
    start: int
    end: int
    quote: str


def zone_of(name: str | None) -> tzinfo | None:
    """The IANA zone ``name`` (or a fixed offset ``+03:30``), or None when it is empty or
    unknown (never raises)."""
    if not name:
        return None
    fixed = re.fullmatch(r"([+-])(\d{2}):(\d{2})", name)
    if fixed is not None:
        minutes = int(fixed.group(2)) * 60 + int(fixed.group(3))
        return timezone(timedelta(minutes=-minutes if fixed.group(1) == "-" else minutes))
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _alt(parts: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in parts)


_NUM = r"\d+(?:[ ,.]\d{3})*(?:[.,]\d{1,2})?"
_DAY_OF = {lang: [(re.compile(rf"\b(?:{p})\b", FLAGS), i) for i, p in enumerate(ws)]
           for lang, ws in WEEKDAYS.items()}
_MONTH_OF = {lang: [(re.compile(rf"^(?:{p})$", FLAGS), i + 1) for i, p in enumerate(ms)]
             for lang, ms in MONTHS.items()}
_JALALI_MONTH_OF = [(re.compile(rf"^(?:{p})$", FLAGS), i + 1)
                    for i, p in enumerate(JALALI_MONTHS)]
_WORD_NUM = {lang: [(re.compile(rf"^(?:{p})$", FLAGS), i + 1) for i, p in enumerate(ws)]
             for lang, ws in NUMBER_WORDS.items()}


def _date_patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    out: list[tuple[str, str, re.Pattern[str]]] = []
    # a date's last dot may end the sentence ("отправлен 10.03.2026.")
    out.append(("ymd", "", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")))
    out.append(("ymd", "", re.compile(r"(?<![\d/.])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/]|\.\d)")))
    out.append(("dmy", "", re.compile(
        r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d|\.\d)")))
    out.append(("jalali", "fa", re.compile(
        rf"(?<!\d)(\d{{1,2}})[ -]?(?P<m>{_alt(list(JALALI_MONTHS))})(?:\s+(\d{{4}}))?\b",
        FLAGS)))
    for lang in LANGUAGES:
        months = _alt(list(MONTHS[lang]))
        suffix = f"(?:{MONTH_SUFFIXES[lang]})?" if lang in MONTH_SUFFIXES else ""
        out.append(("abs", lang, re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:-?(?:st|nd|rd|th|го|ci|cü|cu|chi|inci))?[ -]?(?:of )?"
            rf"(?P<m>{months}){suffix}(?:\s+(\d{{4}}))?\b", FLAGS)))
        if lang == "en":
            out.append(("abs-md", lang, re.compile(
                rf"\b(?P<m>{months})\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?\b",
                FLAGS)))
        out.append(("weekday", lang, re.compile(rf"\b(?:{_alt(list(WEEKDAYS[lang]))})\b",
                                                FLAGS)))
        rel = _alt([p for p, _ in RELATIVE_DAYS[lang]])
        out.append(("relative", lang, re.compile(rf"\b(?:{rel})\b", FLAGS)))
    return out


_DATES = _date_patterns()


def _duration_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for lang in LANGUAGES:
        words = _alt(list(NUMBER_WORDS[lang]))
        n = rf"(?:\d{{1,3}}|{words})"
        out.append((lang, re.compile(
            rf"(?<![\d.,])\b(?P<a>{n})(?:\s*(?:-|to|до|или|ila|yoki|تا|الى|إلى)\s*(?P<b>{n}))?"
            rf"\s+(?:(?P<week>{WEEK_UNITS[lang]})|(?P<hour>{HOUR_UNITS[lang]})|{DAY_UNITS[lang]})"
            r"\b", FLAGS)))
    return out


_DURATIONS = _duration_patterns()
_DUALS = [(re.compile(rf"\b(?:{p})\b", FLAGS), count, unit)
          for duals in DUAL_UNITS.values() for p, count, unit in duals]
"""A unit said in the dual, without a number (Arabic "يومين", two days)."""
_CLOCK_BEFORE = {lang: re.compile(rf"(?:^|\s)(?:{p})\s+$", FLAGS)
                 for lang, p in CLOCK_BEFORE.items()}
_AGO_BEFORE = re.compile(rf"(?:{_alt([b for b, _ in AGO.values() if b])})\s*$", FLAGS)
_AGO_AFTER = re.compile(rf"\s*(?:{_alt([a for _, a in AGO.values() if a])})\b", FLAGS)
_CURRENCY = _alt([p for p, _, _ in CURRENCIES])
_SCALE = _alt([p for p, _ in AMOUNT_SCALES])
_AMOUNT = re.compile(
    rf"(?:(?P<c1>{_CURRENCY})\s?(?P<n1>{_NUM})|(?<![\w.])(?P<n2>{_NUM})\s?"
    rf"(?:(?P<scale>{_SCALE})\s)?(?P<c2>{_CURRENCY}))(?!\w)", FLAGS)
_CONTEXT = {family: re.compile(rf"\b(?:{_alt(list(by_lang.values()))})", FLAGS)
            for family, by_lang in CONTEXT.items()}
_PROMISE = [(kind, re.compile(_alt(list(by_lang.values())), FLAGS))
            for kind, by_lang in PROMISES.items()]
_ANY_FACT = re.compile(
    rf"\b(?:{_alt([p for by_lang in CONTEXT.values() for p in by_lang.values()])})|{_CURRENCY}",
    FLAGS)
"""Cheap gate: no context word and no currency, no fact."""
_DELAY = re.compile(rf"\b(?:{_alt(list(DELAY_WORDS.values()))})", FLAGS)
_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
_SENTENCE = re.compile(r"(?:[^.!?؟\n]|\.(?=\S))+(?:[.!?؟]|\n|$)")
"""A sentence ends at ., !, ? or ؟ before a space (not inside 12.50 or ر.س) or a line end."""
_PREFILTER = re.compile(
    r"\d|" + _alt([*(p for ws in WEEKDAYS.values() for p in ws),
                   *(p for ps in RELATIVE_DAYS.values() for p, _ in ps),
                   *(p for ws in NUMBER_WORDS.values() for p in ws),
                   *(p for ds in DUAL_UNITS.values() for p, _, _ in ds)]), FLAGS)


@lru_cache(maxsize=65536)
def _prepared(text: str) -> tuple[str, bool, bool]:
    """The text with ASCII digits, whether it can hold a fact, and a promise (cached per text:
    exports repeat their texts much more than their timestamps)."""
    if not _PREFILTER.search(text):
        return text, False, False
    clean = ascii_digits(text)
    return (clean, _ANY_FACT.search(clean) is not None,
            any(p.search(clean) for _, p in _PROMISE))


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def _number(word: str, lang: str) -> int | None:
    if word.isdigit():
        return int(word)
    for pattern, value in _WORD_NUM[lang]:
        if pattern.match(word):
            return value
    return None


def _month(word: str, lang: str) -> int | None:
    for pattern, value in _MONTH_OF[lang]:
        if pattern.match(word):
            return value
    return None


JALALI_YEARS = range(1300, 1421)
"""A numeric date whose year is in 1300..1420 is a solar hijri one (1921..2041 in Gregorian
years; no help-desk export dates by Gregorian years that old, and lunar hijri years, 1440 and
on since 2018, are left alone)."""


def _numeric(year: int, month: int, day: int) -> date | None:
    """A numeric date with its year: solar hijri for a year in :data:`JALALI_YEARS`."""
    if year in JALALI_YEARS:
        return jalali_to_gregorian(year, month, day)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _jalali(today: date, month: int, day: int, year: str | None) -> date | None:
    """A solar hijri day and month (with its year, or the next one on or after ``today`` as
    for Gregorian dates: more than 180 days in the past means the next Jalali year)."""
    if year:
        return jalali_to_gregorian(int(year), month, day) if int(year) in JALALI_YEARS else None
    this = jalali_year_of(today)
    found = jalali_to_gregorian(this, month, day)
    if found is not None and (today - found).days > 180:
        found = jalali_to_gregorian(this + 1, month, day)
    return found


def _with_year(today: date, month: int, day: int, year: str | None) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        found = date(today.year, month, day)
        if (today - found).days > 180:
            found = date(today.year + 1, month, day)
        return found
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser_month_day(phrase: str, lang: str) -> tuple[int, int] | None:
    """(month, day) of an absolute date phrase as dateparser reads it, or None."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    code = "uz" if lang == "uz-Cyrl" else lang
    try:
        parsed = dateparser.parse(phrase, languages=[code],
                                  settings={"RELATIVE_BASE": datetime(2001, 1, 1),
                                            "REQUIRE_PARTS": ["day", "month"]})
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return None if parsed is None else (parsed.month, parsed.day)


Mention = tuple[int, int, str, str, tuple[str | None, ...], str]
"""start, end, how, language, groups, the whole match."""


@lru_cache(maxsize=65536)
def _mentions(text: str) -> tuple[Mention, ...]:
    """The date mentions of a sentence, before they are resolved against a day (cached per
    sentence: exports repeat their sentences much more than their timestamps)."""
    out: list[Mention] = []
    for how, lang, pattern in _DATES:
        for m in pattern.finditer(text):
            groups = (*m.groups(), m.group("m") if "m" in pattern.groupindex else None)
            out.append((m.start(), m.end(), how, lang, groups, m.group()))
    return tuple(out)


def _dates(text: str, today: date) -> list[tuple[int, int, date]]:
    """Every date mention: (start, end, date), leftmost-longest, non-overlapping."""
    found: list[tuple[int, int, date]] = []
    for start, end, how, lang, groups, whole in _mentions(text):
        d: date | None = None
        if how == "ymd":
            d = _numeric(int(groups[0] or 0), int(groups[1] or 0), int(groups[2] or 0))
        elif how == "dmy":
            d = _numeric(int(groups[2] or 0), int(groups[1] or 0), int(groups[0] or 0))
        elif how == "jalali":
            month = next((v for p, v in _JALALI_MONTH_OF if p.match(groups[-1] or "")), None)
            if month is not None:
                d = _jalali(today, month, int(groups[0] or 0), groups[2])
        elif how in ("abs", "abs-md"):
            # abs: (day, month, year, month); abs-md: (month, day, year, month)
            day_s = (groups[0] if how == "abs" else groups[1]) or "0"
            month_word = groups[-1] or ""
            year = groups[2]
            md = _dateparser_month_day(f"{day_s} {month_word}", lang)
            month = md[0] if md else _month(month_word, lang)
            if month is not None:
                d = _with_year(today, month, int(day_s), year)
        elif how == "weekday":
            for p, wd in _DAY_OF[lang]:
                if p.fullmatch(whole):
                    d = today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)
                    break
        else:
            for rel, offset in RELATIVE_DAYS[lang]:
                if re.fullmatch(rel, whole, FLAGS):
                    d = today + timedelta(days=offset)
                    break
        if d is not None:
            found.append((start, end, d))
    for start, end, low, high, unit in _all_durations(text):
        if unit in ("days ago", "business days ago"):
            found.append((start, end, today - timedelta(days=high or low)))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, date]] = []
    for f in found:
        if not kept or f[0] >= kept[-1][1]:
            kept.append(f)
    return kept


Duration = tuple[int, int, int, int | None, str]
"""start, end, low, high or None, unit: ``days``, ``business days`` or ``hours`` (weeks are
counted as days)."""


@lru_cache(maxsize=65536)
def _durations(text: str) -> tuple[Duration, ...]:
    """The durations of a sentence to wait, without those said as how long ago."""
    return tuple(d for d in _all_durations(text) if not d[4].endswith(" ago"))


@lru_cache(maxsize=65536)
def _all_durations(text: str) -> tuple[Duration, ...]:
    """The durations of a sentence, cached per sentence; one said as how long ago ("2 days
    ago", "منذ يومين") has its unit followed by `` ago``."""
    out: list[Duration] = []
    taken: list[tuple[int, int]] = []
    for lang, pattern in _DURATIONS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            low = _number(m.group("a"), lang)
            high = _number(m.group("b"), lang) if m.group("b") else None
            if low is None or low == 0 or low > 365 or (high is not None and high < low):
                continue
            clock = _CLOCK_BEFORE.get(lang)
            if m.group("hour") and clock is not None and clock.search(text, 0, m.start()):
                continue  # "в 9 часов": at nine o'clock
            taken.append((m.start(), m.end()))
            if m.group("week"):
                out.append((m.start(), m.end(), low * 7, high * 7 if high else None, "days"))
            else:
                unit = ("hours" if m.group("hour") else
                        "business days" if m.group("biz") else "days")
                out.append((m.start(), m.end(), low, high, unit))
    for pattern, count, unit in _DUALS:
        for m in pattern.finditer(text):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                taken.append((m.start(), m.end()))
                out.append((m.start(), m.end(), count * 7 if unit == "week" else count, None,
                            "hours" if unit == "hour" else "days"))
    past = []
    for start, end, low, high, unit in out:
        after = _AGO_AFTER.match(text, end)
        if after is not None or _AGO_BEFORE.search(text, 0, start):
            past.append((start, after.end() if after else end, low, high, f"{unit} ago"))
        else:
            past.append((start, end, low, high, unit))
    return tuple(sorted(past))


def _family(sentence: str, at: int, families: dict[str, str]) -> str | None:
    """The first family (refund, appointment, delivery) with a context word in the sentence:
    "the refund arrives in 5 days" is about the refund, though "arrives" is a delivery word."""
    return next((f for f in families if _CONTEXT[f].search(sentence)), None)


def _amount(number: str) -> float | None:
    digits = number.replace(" ", "")
    m = re.fullmatch(r"(\d+(?:[,.]\d{3})*)(?:[.,](\d{1,2}))?", digits)
    if m is None:
        return None
    whole = re.sub(r"[,.]", "", m.group(1))
    return float(f"{whole}.{m.group(2) or '0'}")


def _quote(original: str, start: int, end: int) -> str:
    return " ".join(original[start:end].split())


@lru_cache(maxsize=65536)
def extract_facts(text: str | None, timestamp: datetime, zone: str | None = None
                  ) -> tuple[Fact, ...]:
    """The facts of ``text`` said at ``timestamp`` (aware) in time zone ``zone`` (IANA; UTC if
    missing or unknown): dates, amounts and durations whose sentence says what they are about.
    The span is the sentence's clause from the context word to the value."""
    if not text:
        return ()
    if not _prepared(text)[1]:
        return ()
    tz: tzinfo = zone_of(zone) or UTC
    return _facts_on(text, timestamp.astimezone(tz).date())


@lru_cache(maxsize=65536)
def _facts_on(text: str, today: date) -> tuple[Fact, ...]:
    """The facts of ``text`` said on the local day ``today``: they depend on nothing else, so
    an export that repeats a text on a day reads it once."""
    clean = _prepared(text)[0]
    facts: list[Fact] = []
    for s_start, s_end in _sentences(clean):
        sentence = clean[s_start:s_end]
        spans: list[tuple[int, int]] = []
        for a, b, d in _dates(sentence, today):
            family = _family(sentence, a, FACT_KEYS["date"])
            if family is None:
                continue
            spans.append((a, b))
            facts.append(Fact(FACT_KEYS["date"][family], d.isoformat(), s_start + a,
                              s_start + b, _quote(text, s_start, s_end)))
        for a, b, low, high, unit in _durations(sentence):
            if any(a < e and s < b for s, e in spans):
                continue
            family = _family(sentence, a, FACT_KEYS["duration"])
            if family is None:
                continue
            if unit == "hours" and low % 24 == 0 and (high is None or high % 24 == 0):
                # "within 24 hours" and "within 1 day" are the same fact on two touchpoints
                low, high, unit = low // 24, None if high is None else high // 24, "days"
            value = f"{low}-{high} {unit}" if high is not None else f"{low} {unit}"
            spans.append((a, b))
            facts.append(Fact(FACT_KEYS["duration"][family], value, s_start + a, s_start + b,
                              _quote(text, s_start, s_end)))
        for m in _AMOUNT.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in spans):
                continue
            number = m.group("n1") or m.group("n2")
            symbol = m.group("c1") or m.group("c2")
            amount = _amount(number)
            code = next(((c, k) for p, c, k in CURRENCIES
                         if re.fullmatch(p, symbol, FLAGS)), None)
            if amount is None or code is None:
                continue
            scale = m.group("scale")
            if scale:
                amount *= next(f for p, f in AMOUNT_SCALES if re.fullmatch(p, scale, FLAGS))
            key = FACT_KEYS["amount"].get(_family(sentence, m.start(), FACT_KEYS["amount"])
                                          or "", "price")
            facts.append(Fact(key, f"{amount * code[1]:.2f} {code[0]}", s_start + m.start(),
                              s_start + m.end(), _quote(text, s_start, s_end)))
    facts.sort(key=lambda f: f.start)
    return tuple(facts)


def _end_of_day(day: date, tz: tzinfo) -> datetime:
    local = datetime.combine(day, time(23, 59, 59), tzinfo=tz)
    return local.astimezone(UTC)


def _add_days(today: date, n: int, business: bool, open_days: tuple[int, ...],
              holidays: tuple[date, ...]) -> date:
    if not business or not open_days:
        return today + timedelta(days=n)
    day, left = today, n
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() in open_days and day not in holidays:
            left -= 1
    return day


@lru_cache(maxsize=65536)
def extract_promises(text: str | None, timestamp: datetime, zone: str | None = None,
                     open_days: tuple[int, ...] = MONDAY_TO_FRIDAY,
                     holidays: tuple[date, ...] = ()) -> tuple[Promise, ...]:
    """The promises of ``text`` said at ``timestamp``: one per sentence with a commitment
    (callback, shipment, refund, reply: the first kind that matches) and a time (a date, a
    duration or a clock time "17:00"). ``open_days``/``holidays``: the business days
    (weekday numbers, Monday 0) that "working days" count."""
    if not text:
        return ()
    clean, _, can_promise = _prepared(text)
    if not can_promise:
        return ()
    tz: tzinfo = zone_of(zone) or UTC
    local = timestamp.astimezone(tz)
    today = local.date()
    out: list[Promise] = []
    for s_start, s_end in _sentences(clean):
        sentence = clean[s_start:s_end]
        kind = next((k for k, p in _PROMISE if p.search(sentence)), None)
        if kind is None:
            continue
        past = [(a, b) for a, b, _, _, unit in _all_durations(sentence) if unit.endswith(" ago")]
        dates = [d for d in _dates(sentence, today)
                 if not any(d[0] < b and a < d[1] for a, b in past)]
        durations = _durations(sentence)
        # a window ("between 10:00 and 14:00", "from 10:00 to 12:00") is due at its end
        clock = next(reversed(list(_TIME.finditer(sentence))), None)
        due: datetime | None = None
        if dates:
            due = _end_of_day(dates[0][2], tz)
        elif durations:
            _, _, low, high, unit = durations[0]
            if unit == "hours":
                due = (local + timedelta(hours=high or low)).astimezone(UTC)
            else:
                due = _end_of_day(_add_days(today, high or low, unit == "business days",
                                            open_days, holidays), tz)
        if clock is not None:
            day = dates[0][2] if dates else today
            at = datetime.combine(day, time(int(clock.group(1)), int(clock.group(2))), tzinfo=tz)
            if dates or at > local:
                due = at.astimezone(UTC)
        if due is None:
            continue
        out.append(Promise(kind, due, s_start, s_end, _quote(text, s_start, s_end)))
    return tuple(out)


@lru_cache(maxsize=65536)
def is_delay_notice(text: str | None) -> bool:
    """Whether an outbound message says the thing is delayed or still pending ("sorry, still
    delayed", "извините, всё ещё задерживается", "üzr istəyirik, hələ də gecikir")."""
    return bool(text) and _DELAY.search(ascii_digits(text or "")) is not None
