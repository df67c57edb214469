"""Parse what a person types: counts such as 700M or 700,000,000, and yes/no."""

from __future__ import annotations

import re

_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+$")
_COUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*([kmb]|thousand|million|billion)?$", re.IGNORECASE)
_SCALE = {"k": 10**3, "thousand": 10**3, "m": 10**6, "million": 10**6, "b": 10**9, "billion": 10**9}


def parse_count(text: str) -> int:
    """'700,000,000', '700000000', '700M', '0.5B', '500 million' -> int. Raises ValueError.

    A comma is read only as a thousands separator in a plain number (700,000,000). Any
    other comma ('0,5B', '1,5', '1,500M') could be a decimal comma, so it is refused with
    both readings shown rather than guessed.
    """
    compact = text.strip().replace("_", "").replace(" ", "")
    if "," in compact:
        _check_commas(text.strip(), compact)
    cleaned = compact.replace(",", "")
    if cleaned.startswith("-"):
        raise ValueError("the number cannot be negative")
    match = _COUNT.match(cleaned)
    if not match:
        raise ValueError(f'"{text.strip()}" is not a number (examples: 700000000, 700,000,000, 700M)')
    number, suffix = match.groups()
    scale = _SCALE[suffix.lower()] if suffix else 1
    if "." in number:
        whole, fraction = number.split(".")
        value: int = int(whole) * scale + int(fraction) * scale // 10 ** len(fraction)
        if (int(fraction) * scale) % 10 ** len(fraction):
            raise ValueError(f'"{text.strip()}" is not a whole number of users')
        return value
    return int(number) * scale


def _check_commas(shown: str, compact: str) -> None:
    match = re.match(r"^([\d,]+)(.*)$", compact)
    digits, suffix = (match.group(1), match.group(2)) if match else (compact, "")
    if not suffix and _GROUPED.match(digits):
        return
    readings = []
    for candidate in (compact.replace(",", "."), compact.replace(",", "")):
        try:
            readings.append(f"{parse_count(candidate):,}")
        except ValueError:
            continue
    if len(readings) == 2 and readings[0] != readings[1]:
        raise ValueError(
            f'"{shown}" is ambiguous: with a decimal comma it is {readings[0]}, with a thousands comma '
            f"{readings[1]}. Write it with a decimal point (0.5B) or in full (500,000,000)."
        )
    if len(readings) >= 1 and suffix:
        raise ValueError(f'"{shown}": write a decimal point, not a comma (for example 0.5B or 500M)')
    raise ValueError(
        f'"{shown}": a comma is read only between groups of three digits (700,000,000); '
        "write the count in digits, or with a decimal point and M or B (0.5B)"
    )


def parse_yes_no(text: str) -> bool:
    """'y', 'yes', 'n', 'no' (any case) -> bool. Raises ValueError."""
    word = text.strip().lower()
    if word in ("y", "yes", "true"):
        return True
    if word in ("n", "no", "false"):
        return False
    raise ValueError("answer yes or no")
