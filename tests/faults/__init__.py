"""Fault injection against the real command line: real processes, real signals, real mounts."""
