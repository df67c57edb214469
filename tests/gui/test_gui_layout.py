"""Layout after repeated use: the result opens at its top, the review grid has no gap, lines
stay readable at full screen, the status bar never shifts the page, and the look (issue 10:
4, 5, 11, 13 and Look)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from answers_support import DEVELOPER_31, answers_along_path
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from advisor.gui import theme
from advisor.gui.app import APP_NAME, MainWindow, create_application
from advisor.gui.wizard import INTRO_ID, RESULT_ID, REVIEW_ID
from advisor.model import KnowledgeBase

SHORT = {"version": "1", "weights_from_meta": False, "commercial": False, "shares_llama1_weights": "not_shared"}
LONG = {
    **DEVELOPER_31,
    "version": "3.2",
    "multimodal": True,
    "eu": False,
    "eu_affiliates_involved": False,
    "distributes": False,
}


def assess_in_window(window: MainWindow, kb: KnowledgeBase, given: dict[str, Any]) -> None:
    wizard = window.wizard
    wizard.kb  # noqa: B018 - builds the question pages
    wizard.load(answers_along_path(kb, given))
    assert wizard.currentId() == REVIEW_ID
    QApplication.processEvents()


def settle() -> None:
    """Let layouts and deletions happen as in the running app (deleteLater runs in its loop)."""
    for _ in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def result_scroll(window: MainWindow) -> QScrollArea:
    return window.wizard.result.findChild(QScrollArea)


def test_the_result_page_opens_at_its_top_every_time(window: MainWindow, kb: KnowledgeBase) -> None:
    window.resize(820, 500)
    assess_in_window(window, kb, LONG)
    window.wizard.next()
    settle()
    bar = result_scroll(window).verticalScrollBar()
    assert bar.maximum() > 0, "the result must be longer than the window for this test"
    bar.setValue(bar.maximum())
    settle()
    window.wizard.back()  # to the review page, and forward again
    window.wizard.next()
    settle()
    assert bar.maximum() > 0 and bar.value() == 0
    bar.setValue(bar.maximum())
    window.wizard.clear()
    assess_in_window(window, kb, LONG)  # a second assessment in the same window
    window.wizard.next()
    settle()
    assert window.wizard.currentId() == RESULT_ID and bar.value() == 0


def review_row_gaps(window: MainWindow) -> list[int]:
    """The space between the bottom of each review row's tallest widget and the top of the next
    row (a long answer, such as the role's, wraps onto several lines and makes its row taller)."""
    grid = window.wizard.review._grid
    rows = [row for row in range(grid.rowCount()) if grid.itemAtPosition(row, 2) is not None]
    assert len(rows) == len(window.wizard.review.change_buttons)

    def widgets(row: int) -> list[Any]:
        return [grid.itemAtPosition(row, column).widget() for column in range(3)]

    return [
        min(w.geometry().top() for w in widgets(below)) - max(w.geometry().bottom() for w in widgets(row))
        for row, below in itertools.pairwise(rows)
    ]


def test_the_review_grid_has_no_gap_after_a_second_assessment(window: MainWindow, kb: KnowledgeBase) -> None:
    window.resize(820, 1000)
    assess_in_window(window, kb, SHORT)  # a short list first: its row stretch would stay behind
    window.wizard.clear()
    assess_in_window(window, kb, LONG)
    gaps = review_row_gaps(window)
    assert len(gaps) >= 5
    assert max(gaps) <= min(gaps) + 8, f"rows are not evenly spaced: {gaps}"


def test_lines_stay_readable_in_a_full_screen_window(window: MainWindow, kb: KnowledgeBase) -> None:
    window.resize(1900, 1000)
    assess_in_window(window, kb, LONG)
    window.wizard.next()
    for page_id in (RESULT_ID, REVIEW_ID):
        if page_id == REVIEW_ID:
            window.wizard.back()
        QApplication.processEvents()
        page = window.wizard.page(page_id)
        limit = page.fontMetrics().averageCharWidth() * 140
        labels = [w for w in page.findChildren(QLabel) if w.isVisible() and w.wordWrap()]
        assert labels
        for label in labels:
            assert label.width() <= limit, (label.text()[:60], label.width(), limit)


def test_the_status_bar_is_there_from_the_start_and_a_message_moves_nothing(window: MainWindow) -> None:
    QApplication.processEvents()
    assert window.statusBar().isVisible()
    before = window.wizard.geometry()
    window.statusBar().showMessage("Answers saved to somewhere", 5000)
    QApplication.processEvents()
    assert window.wizard.geometry() == before


def test_the_first_page_shows_the_app_icon_and_name(window: MainWindow) -> None:
    intro = window.wizard.intro
    assert window.wizard.currentId() == INTRO_ID
    pictures = [w for w in intro.findChildren(QLabel) if w.isVisible() and not w.pixmap().isNull()]
    assert pictures and pictures[0].pixmap().width() >= 48
    assert any(APP_NAME in w.text() for w in intro.findChildren(QLabel) if w.isVisible())


@pytest.mark.parametrize("scheme", [theme.LIGHT, theme.DARK])
def test_fusion_with_a_palette_for_the_colour_scheme(
    scheme: str, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    monkeypatch.setenv(theme.SCHEME_ENV, scheme)
    create_application(["pytest"])
    try:
        assert qapp.style().name().lower() == "fusion"
        window_colour = qapp.palette().color(QPalette.Window)
        text_colour = qapp.palette().color(QPalette.WindowText)
        assert (window_colour.lightness() < 100) == (scheme == theme.DARK)
        assert abs(window_colour.lightness() - text_colour.lightness()) > 150  # readable contrast
    finally:
        monkeypatch.setenv(theme.SCHEME_ENV, theme.LIGHT)
        create_application(["pytest"])


def test_without_a_forced_scheme_the_system_scheme_decides(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    from PySide6.QtCore import Qt

    monkeypatch.delenv(theme.SCHEME_ENV, raising=False)
    hints = type(qapp.styleHints())
    monkeypatch.setattr(hints, "colorScheme", lambda self: Qt.ColorScheme.Dark)
    assert theme.color_scheme() == theme.DARK
    monkeypatch.setattr(hints, "colorScheme", lambda self: Qt.ColorScheme.Unknown)
    assert theme.color_scheme() == theme.LIGHT


def _switch_scheme(app: QApplication, scheme: str) -> None:
    """What theme.follow_system does when the system's colour scheme changes."""
    theme._applied = scheme
    app.setPalette(theme.palette(scheme))
    theme.refresh_scheme_colours(app)


def test_a_scheme_change_reaches_every_colour_the_advisor_sets(
    window: Any, driver: Any, kb: KnowledgeBase, tmp_path: Any
) -> None:
    """Focus frames keep a palette of their own; the error line, the verdict banner and the
    bundle dialog's refusal colours of their own: a scheme change must reach each of them
    (dark text on dark was seen), both ways."""
    from advisor.gui.bundle_target import BundleTargetDialog
    from advisor.gui.focus_marks import FocusFrame
    from advisor.gui.widgets import VERDICT_COLOURS_DARK, VERDICT_STYLE

    app = QApplication.instance()
    before, applied = app.palette(), theme._applied
    answers = answers_along_path(
        kb, {**DEVELOPER_31, "mau": 800_000_000, "separate_license_from_meta": False, "distributes": False}
    )
    driver.run(answers, stop_at="mau")
    page = driver.page()
    page.count_field.setText("0,5B")
    window.wizard.next()
    assert page.error_label.text()
    driver.back_to("version")
    driver.run(answers)
    driver.finish()
    banner = window.wizard.result.banner
    (tmp_path / "taken").write_text("a file, not a folder")
    dialog = BundleTargetDialog(window, str(tmp_path), "taken")
    assert not dialog.ok_button.isEnabled()
    try:
        for scheme in (theme.DARK, theme.LIGHT):
            _switch_scheme(app, scheme)
            wanted = app.palette().color(QPalette.WindowText)
            frames = window.findChildren(FocusFrame)
            assert frames and all(frame.palette().color(QPalette.WindowText) == wanted for frame in frames)
            error = theme._ERROR[scheme]
            assert theme.error_colour() == error
            assert error in page.error_label.styleSheet() and error in dialog.status.styleSheet()
            if scheme == theme.DARK:
                background, colour = VERDICT_COLOURS_DARK["license_required"]
            else:
                _, background, colour = VERDICT_STYLE["license_required"]
            assert background in banner.styleSheet() and colour in banner.styleSheet(), scheme
            assert banner.words.text().splitlines()[0] == kb.verdict_labels["license_required"]
    finally:
        dialog.deleteLater()
        theme._applied = applied
        app.setPalette(before)
        theme.refresh_scheme_colours(app)
