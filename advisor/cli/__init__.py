"""The `llama-advisor` command line."""
