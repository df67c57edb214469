"""Llama License Advisor: tells whether a planned use of a Meta Llama model is permitted."""

__version__ = "0.1.0"
