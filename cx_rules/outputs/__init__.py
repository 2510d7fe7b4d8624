"""outputs: what is derived from violations — next-best actions and expectation scores."""
