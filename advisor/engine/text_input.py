"""Parse what a person types: counts such as 700M or 700,000,000, and yes/no."""

from __future__ import annotations

import re

_COUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*([kmb]|thousand|million|billion)?$", re.IGNORECASE)
_SCALE = {"k": 10**3, "thousand": 10**3, "m": 10**6, "million": 10**6, "b": 10**9, "billion": 10**9}


def parse_count(text: str) -> int:
    """'700,000,000', '700000000', '700M', '1.5 billion' -> int. Raises ValueError."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if cleaned.startswith("-"):
        raise ValueError("the number cannot be negative")
    match = _COUNT.match(cleaned)
    if not match:
        raise ValueError(f'"{text.strip()}" is not a number (examples: 700000000, 700,000,000, 700M)')
    number, suffix = match.groups()
    scale = _SCALE[suffix.lower()] if suffix else 1
    if "." in number:
        whole, fraction = number.split(".")
        value = int(whole) * scale + int(fraction) * scale // 10 ** len(fraction)
        if (int(fraction) * scale) % 10 ** len(fraction):
            raise ValueError(f'"{text.strip()}" is not a whole number of users')
        return value
    return int(number) * scale


def parse_yes_no(text: str) -> bool:
    """'y', 'yes', 'n', 'no' (any case) -> bool. Raises ValueError."""
    word = text.strip().lower()
    if word in ("y", "yes", "true"):
        return True
    if word in ("n", "no", "false"):
        return False
    raise ValueError("answer yes or no")
