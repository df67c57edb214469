"""Keyboard order on a page: where focus starts, the Tab order, and the reading order both follow.

The reading order is the order of the page's layouts (top to bottom, left to right, into
scroll areas), so it holds for any page built from layouts, whatever controls it has.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLayout,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QWidget,
    QWizard,
    QWizardPage,
)


def reading_order(root: QWidget) -> list[QWidget]:
    """Every widget under `root` reachable through its layouts, in the order they read."""
    return list(_walk_widget(root))


def _walk_widget(widget: QWidget) -> Iterator[QWidget]:
    inner = widget.widget() if isinstance(widget, QScrollArea) else None
    if inner is not None:
        yield inner
        yield from _walk_widget(inner)
        return
    layout = widget.layout()
    if layout is not None:
        yield from _walk_layout(layout)


def _walk_layout(layout: QLayout) -> Iterator[QWidget]:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        child, inner = item.widget(), item.layout()
        if child is not None:
            yield child
            yield from _walk_widget(child)
        elif inner is not None:
            yield from _walk_layout(inner)


def focusable(widget: QWidget, root: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled() and widget.isVisibleTo(root)


def tab_chain(page: QWizardPage, wizard: QWizard) -> list[QWidget]:
    """The page's focusable controls in reading order, then the wizard's visible buttons."""
    controls = [w for w in reading_order(page) if focusable(w, page) and not isinstance(w, QAbstractScrollArea)]
    buttons = [
        wizard.button(which)
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.FinishButton,
        )
    ]
    return controls + [b for b in buttons if b.isVisibleTo(wizard)]


def settle_focus(page: QWizardPage, wizard: QWizard) -> QWidget:
    """Set the Tab order to the reading order and focus the page's answer control; return it.

    A page may name its answer control with `focus_target()`; otherwise the first input
    in reading order gets focus ("Why we ask"-style toggles and scroll areas never do).
    """
    chain = tab_chain(page, wizard)
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
    target = page.focus_target() if hasattr(page, "focus_target") else None
    if target is None:
        inputs = [w for w in chain if isinstance(w, (QAbstractButton, QLineEdit)) and not isinstance(w, QToolButton)]
        target = inputs[0] if inputs else wizard.button(QWizard.WizardButton.NextButton)
    target.setFocus(Qt.FocusReason.TabFocusReason)
    return target
