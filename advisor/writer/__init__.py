"""Crash-safe file writing and process-wide Ctrl-C handling, shared by every layer above rules."""
