"""Keyboard mnemonics (Alt+letter): chosen automatically, never shared on one screen.

Option labels come from the YAML, so their letters cannot be written by hand. They are
picked here, avoiding the letters the wizard's own buttons and the menu bar hold, and
then, each time a page is shown, every visible control is checked once more: a control
whose letter another control already holds gets a free one. That check is generic (it
looks at whatever buttons and labelled fields a page has), so a page added later cannot
bring a clash back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only; the checks import the classes they use (start-up is measured)
    from PySide6.QtWidgets import QMenuBar, QWidget

# The wizard's buttons. Their letters are reserved on every page.
NEXT_TEXT = "&Next >"
BACK_TEXT = "< &Back"
FINISH_TEXT = "Start o&ver"
BACK_TO_REVIEW_TEXT = "Back to &review"  # shown after a Change on the review page
WIZARD_BUTTON_TEXTS = (NEXT_TEXT, BACK_TEXT, FINISH_TEXT, BACK_TO_REVIEW_TEXT)
# The menu bar's titles (the main window builds its menus from these).
FILE_MENU = "&File"
HELP_MENU = "&Help"
WHY_TEXT = "&Why we ask"  # on every question page


def mnemonic(text: str) -> str:
    """The (lower-case) mnemonic character of a Qt text, or '' when it has none."""
    index = 0
    while (index := text.find("&", index)) != -1:
        following = text[index + 1 : index + 2]
        if following == "&":
            index += 2
            continue
        return following.lower() if following.isalnum() else ""
    return ""


def plain(text: str) -> str:
    """The text as shown, without the mnemonic marker."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def escaped(text: str) -> str:
    """Text shown literally by a control that reads mnemonics ("R&D" stays "R&D")."""
    return text.replace("&", "&&")


def with_mnemonic(
    text: str, taken: set[str], avoid_words: frozenset[str] = frozenset(), prefer_digits: bool = False
) -> str:
    """`text` (plain) with a free letter marked, added to `taken`; unchanged if none is free.

    Preference: the first letter of a word, then any letter or digit; words in
    `avoid_words` (ones every sibling option shares, such as "Llama") come last;
    `prefer_digits` puts numbers first (for options told apart by a number).
    """
    words = _words(text)
    preferred = [start for start, word in words if word.lower() not in avoid_words]
    if prefer_digits:  # "Llama &3", not "&Meta Llama 3"
        preferred.sort(key=lambda index: not text[index].isdigit())
    inside = [
        i for start, word in words if word.lower() not in avoid_words for i in range(start + 1, start + len(word))
    ]
    shared = [i for start, word in words if word.lower() in avoid_words for i in range(start, start + len(word))]
    for index in (*preferred, *inside, *shared):
        char = text[index].lower()
        if char.isalnum() and char.isascii() and char not in taken:
            taken.add(char)
            return escaped(text[:index]) + "&" + escaped(text[index:])
    return escaped(text)


def assign(texts: Iterable[str], taken: set[str]) -> list[str]:
    """Mnemonics for a set of sibling options (plain texts), in order."""
    texts = list(texts)
    word_sets = [{word.lower() for _, word in _words(text)} for text in texts]
    common = frozenset(set.intersection(*word_sets)) if len(word_sets) > 1 else frozenset()
    numbered = len(texts) > 1 and all(any(char.isdigit() for char in text) for text in texts)
    return [with_mnemonic(text, taken, common, numbered) for text in texts]


def _words(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    start = -1
    for index, char in enumerate(text + " "):
        if char.isalnum() and start < 0:
            start = index
        elif not char.isalnum() and start >= 0:
            found.append((start, text[start:index]))
            start = -1
    return found


def reserved_letters(menu_bar: QMenuBar | None = None) -> set[str]:
    """Letters held on every page: the wizard's buttons and the menu titles."""
    letters = {mnemonic(text) for text in (*WIZARD_BUTTON_TEXTS, FILE_MENU, HELP_MENU)}
    if menu_bar is not None:
        letters |= {mnemonic(action.text()) for action in menu_bar.actions()}
    return letters - {""}


def mnemonic_controls(root: QWidget) -> list[QWidget]:
    """Visible controls under `root` whose text can carry a mnemonic, in reading order."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    from advisor.gui.keyboard import reading_order

    return [
        widget
        for widget in reading_order(root)
        if widget.isVisibleTo(root)
        and (isinstance(widget, (QAbstractButton, QGroupBox)) or (isinstance(widget, QLabel) and widget.buddy()))
    ]


def control_text(widget: QWidget) -> str:
    from PySide6.QtWidgets import QGroupBox

    return widget.title() if isinstance(widget, QGroupBox) else widget.text()  # type: ignore[attr-defined]


def resolve_clashes(controls: Iterable[QWidget], taken: set[str]) -> None:
    """Give each control whose letter is already taken a free one (first come keeps it)."""
    from PySide6.QtWidgets import QGroupBox

    for widget in controls:
        text = control_text(widget)
        letter = mnemonic(text)
        if not letter:
            continue
        if letter not in taken:
            taken.add(letter)
            continue
        renamed = with_mnemonic(plain(text), taken)
        if isinstance(widget, QGroupBox):
            widget.setTitle(renamed)
        else:
            widget.setText(renamed)  # type: ignore[attr-defined]
