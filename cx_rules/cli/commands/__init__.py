"""One module per CLI command (or command group); each exports ``command``."""
