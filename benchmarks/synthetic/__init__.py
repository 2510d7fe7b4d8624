"""Seeded, vectorized generator of realistic customer-interaction logs.

Use it as a module::

    from benchmarks.synthetic import generate
    interactions, customers = generate(100_000, seed=1)

or through ``python benchmarks/generate.py --rows N --seed S --out DIR`` (see ``--help``).

The output follows the canonical interaction record (one row per touchpoint event, see
``INTERACTION_COLUMNS``) plus a customer-profile table (``CUSTOMER_COLUMNS``). ``claims`` is a
JSON object string and ``opted_out_channels`` a ``;``-separated list, exactly as a CSV export
would carry them; timestamps are ``Datetime("us", "UTC")``.

Everything is computed with polars expressions over whole columns; the only Python loops run
over a case's position (at most 12 steps), over a handful of time zones, or over the chunks of a
chunked run, never over rows. Random numbers come from a counter-based generator (SplitMix64 of
a row or case index and a per-stream constant), so a seed and a size always give the same log,
on any machine, without numpy.

What the synthetic log contains (rates are per case unless stated):

* cases of 2-12 touchpoints that start with an inbound customer message; opening channels
  email 35 %, chat 25 %, phone 15 %, social 10 %, the rest spread over the other channels;
* agent replies after log-normal delays per channel, moved into business hours
  (Mon-Fri 09:00-18:00 Europe/Berlin, with the Easter holidays) most of the time; a slow tail
  (~5 % of cases wait 10-60x longer for the first reply) and never-answered cases (~3 %);
* customers writing in their own time zone, some of them at night or at weekends;
* resolutions (~70 %), survey invitations with csat answers, follow-up check-ins days after the
  resolution, repeat contacts on the same topic within a week of a resolution (~6 %), channel
  switches mid-case (~5 %);
* claims (``delivery_date``, ``price``, ``refund_days``) in outbound messages, some contradicting
  an earlier claim of the same case (~3 % of the cases with claims);
* promises with ``promise_due``, ~70 % kept by the next outbound message, the rest broken;
* PII (e-mail addresses, phone numbers, Luhn-valid card numbers, valid IBANs) in ~1 % of the
  outbound social replies, and agents sharing account details before the identity check;
* outbound marketing messages, some to customers without consent, on opted-out channels or in
  the customer's quiet hours; csat and sentiment signals, some of them negative; ~5 % VIPs.

The modules, in pipeline order: ``vocab`` (columns, dtypes, value lists), ``templates`` (texts),
``rng`` (random streams), ``times`` (time zones, business hours), ``part`` (what to generate),
``customers``, ``cases`` (cases and their rows), ``timeline`` (timestamps), ``assemble``
(the final columns), ``generator`` (the pipeline) and ``write`` (files, chunks).
"""

from __future__ import annotations

from benchmarks.synthetic.generator import generate, generate_part
from benchmarks.synthetic.part import RATES, Part
from benchmarks.synthetic.vocab import (
    CHANNELS,
    CUSTOMER_COLUMNS,
    CUSTOMER_SCHEMA,
    DEFAULT_START,
    INTERACTION_COLUMNS,
    INTERACTION_SCHEMA,
    MAX_CASE_ROWS,
    MIN_CASE_ROWS,
    PII_CARDS,
    PII_IBANS,
    PRIORITIES,
    TOPICS,
)
from benchmarks.synthetic.write import CSV_DATETIME_FORMAT, iter_chunks, write_frame, write_log

__all__ = [
    "CHANNELS", "CSV_DATETIME_FORMAT", "CUSTOMER_COLUMNS", "CUSTOMER_SCHEMA", "DEFAULT_START",
    "INTERACTION_COLUMNS", "INTERACTION_SCHEMA", "MAX_CASE_ROWS", "MIN_CASE_ROWS", "PII_CARDS",
    "PII_IBANS", "PRIORITIES", "RATES", "TOPICS", "Part", "generate", "generate_part",
    "iter_chunks", "write_frame", "write_log",
]
