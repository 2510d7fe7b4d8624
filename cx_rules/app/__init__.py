"""The application layer: ``evaluate`` a log (one process, partitioned or on Dask) and the
``Result`` and ``Summary`` it returns. Built on the engine; the reports and the CLI build on
it."""
