"""A realistic ServiceNow incident audit log, and our resolution verdicts against its own."""
