"""Larger-than-memory evaluation: a big log in customer_id hash partitions, bounded memory.

:func:`evaluate_partitioned` never holds more than one partition in memory per task:

1. **split** (one task per input file, streaming): each file is scanned lazily, tagged with its
   source file and row like :func:`cx_rules.evaluate` would, cast to the columns and types of
   all input files together, and written to ``out_dir/_split/<kind>/src-NNNNN`` as ``N`` Parquet
   partitions by a hash of the (trimmed) ``customer_id``; the customer profiles likewise.
2. **normalize** each partition (validation and rejects exactly as the single-frame path); the
   canonical rows go to ``out_dir/_canonical``. The global ``as_of`` (the last timestamp of the
   whole log, unless given) is known once every partition is normalized.
3. **evaluate** each partition: rules, arbitrated actions and the additive parts of the scores;
   violations and actions are written per partition as Parquet.
4. **merge**: summary counts are added up; scores are merged exactly by adding each entity's
   points lost and cases (never averaging averages), then scored once.

The tasks of stages 1-3 are pure functions of (job, partition): they read shared files, write
files named after their partition (temp file + rename, so a retried task replaces its output
instead of adding to it) and return small counts. A :class:`Runner` schedules them: the
:class:`LocalRunner` one after another in this process, the Dask runner of
:mod:`cx_rules.app.distributed` on a cluster. ``out_dir/_SUCCESS`` (a JSON manifest) is
written last, only when every partition succeeded; a failed run raises :class:`PartitionError`.

Every rule of the built-in kinds looks at one customer's events at a time (cases, customer
windows, contact policy), so partitioning by customer gives the same violations as a single
evaluation. Assumptions, as for any customer-partitioned run: a case belongs to one customer
(cases whose events name several customers would be split), and duplicate interaction ids are
detected within a customer's partition (the same id under two different customers is not).
"""

from cx_rules.app.partitioned.driver import evaluate_partitioned
from cx_rules.app.partitioned.jobs import (
    DEFAULT_PARTITION_ROWS,
    SUCCESS,
    Job,
    LocalRunner,
    PartitionError,
    Runner,
)
from cx_rules.app.partitioned.merge import PartitionedResult, auto_partitions, input_files

__all__ = [
    "DEFAULT_PARTITION_ROWS", "SUCCESS", "Job", "LocalRunner", "PartitionError",
    "PartitionedResult", "Runner", "auto_partitions", "evaluate_partitioned", "input_files",
]
