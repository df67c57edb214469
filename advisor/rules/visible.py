"""User text made safe to show in a one-line message: escaped, and of bounded length.

A key with a newline, an escape sequence, a NUL, a bidi override or a forged
``llama-advisor:`` line must not reach a terminal (or a dialog) as it is. Every
character that is not plainly visible is shown as an escape (``\\n``, ``\\x1b``,
``\\u202e``), and a long piece of text is cut in the middle with a note.
"""

from __future__ import annotations

import unicodedata

TEXT_LIMIT = 80  # characters of one piece of user text
LINE_LIMIT = 1200  # characters of a whole message
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        code = ord(char)
        if code < 0x100:
            return f"\\x{code:02x}"
        if code < 0x10000:
            return f"\\u{code:04x}"
        return f"\\U{code:08x}"
    return char


def escaped(text: str) -> str:
    """`text` with every invisible or line-breaking character shown as an escape."""
    if text.isprintable():
        return text
    return "".join(_escape_char(char) for char in text)


def visible(value: object, limit: int = TEXT_LIMIT) -> str:
    """A piece of user text, escaped, and cut to about `limit` characters."""
    text = escaped(str(value))
    if len(text) <= limit:
        return text
    keep = max(limit - 20, 8)
    return f"{text[: keep * 2 // 3]}…{text[-(keep // 3) :]} ({len(text):,} characters)"


def one_line(message: str) -> str:
    """A whole message as one escaped line of bounded length."""
    text = escaped(message)
    if len(text) <= LINE_LIMIT:
        return text
    return text[: LINE_LIMIT - 40] + f"… ({len(text):,} characters)"


_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def html_escape(value: str, quote: bool = True) -> str:
    """`value` with HTML's special characters as entities, as the stdlib's `html.escape` does
    (whose module loads a table of 2,000 named entities: not needed to start the wizard or
    to make a PDF)."""
    for char, entity in _ENTITIES if quote else _ENTITIES[:3]:
        value = value.replace(char, entity)
    return value
