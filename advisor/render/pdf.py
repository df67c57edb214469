"""HTML to PDF with Qt: QTextDocument laid out on QPdfWriter pages.

This is the only module of the advisor's document code that imports PySide6, and it
does so inside the functions, so importing it (or anything else under
advisor.render) never loads Qt. The PDF has real, selectable text in embedded
TrueType fonts, a footer with the page number on every page, and headings that do
not sit alone at the bottom of a page.
"""

from __future__ import annotations

import math
import os
import sys
import unicodedata
from typing import Any

from advisor.render.formats import PAPER_SIZES
from advisor.writer.interrupts import interrupts_blocked

MARGINS_MM = (20.0, 18.0, 20.0, 14.0)  # left, top, right, bottom
FOOTER_PT = 8.0
MIN_AFTER_HEADING_PT = 72.0  # room a heading needs below its first paragraph, or it moves on
LAYOUT_DPI = 96
TABLE_BORDER = "#9aa7bd"  # as in templates/report.html
BODY_FONT = "DejaVu Serif"
FOOTER_FONT = "DejaVu Sans"
MONO_FONT = "DejaVu Sans Mono"

_application: Any = None


class PdfError(Exception):
    """The PDF could not be made; str() is one line."""


def ensure_platform() -> None:
    """Use Qt's offscreen platform for a PDF made without a window (before Qt loads).

    On Linux and the BSDs Qt would otherwise connect to X11 or Wayland, and abort
    the process when there is no display (or an unreachable one, as over SSH); a
    PDF needs neither. A QT_QPA_PLATFORM that is set (not empty) is kept. Windows and macOS
    always have their native platform.
    """
    if sys.platform.startswith(("win", "darwin")) or os.environ.get("QT_QPA_PLATFORM"):
        return
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _ensure_application() -> None:
    """Qt needs a QGuiApplication for fonts; make one unless the program has one."""
    global _application
    try:
        from PySide6.QtGui import QGuiApplication
    except ImportError as exc:  # pragma: no cover - PySide6 is a dependency
        raise PdfError(f"PDF export needs PySide6, which is not installed ({exc})") from None
    if QGuiApplication.instance() is None:
        ensure_platform()
        _application = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "llama-advisor"])


def html_to_pdf(
    html: str,
    *,
    paper: str = "a4",
    title: str = "",
    footer: str = "",
    author: str = "",
    subject: str = "",
    page: str = "{count} / {total}",
) -> bytes:
    """`page`: the page number's words, with {count} and {total} (wording.yaml's document.page)."""
    """Lay out `html` on A4 or US Letter pages and return the PDF file's bytes."""
    if paper not in PAPER_SIZES:
        raise PdfError(f"unknown paper size {paper!r}; choose a4 or letter")
    # Ctrl-C inside Qt's import or layout can abort the process (shiboken) or leave Qt half
    # set up: hold it until Qt is done; Python raises KeyboardInterrupt right after.
    with interrupts_blocked():
        _ensure_application()
        return _layout_pdf(html, paper, title, footer, (author, subject, page))


def _layout_pdf(html: str, paper: str, title: str, footer: str, about: tuple[str, str, str]) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QColor,
        QFont,
        QFontMetricsF,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QPen,
        QTextDocument,
        QTextOption,
    )

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    size_id = QPageSize.PageSizeId.A4 if paper == "a4" else QPageSize.PageSizeId.Letter
    writer.setPageSize(QPageSize(size_id))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(*MARGINS_MM), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setAuthor(about[0])
    writer.setCreator(_creator())
    _set_subject(writer, title, about[1])
    # CSS pixels are device pixels for Qt's layout: 96 per inch, as in a browser.
    writer.setResolution(LAYOUT_DPI)
    dpi = writer.resolution()
    paint = writer.pageLayout().paintRectPixels(dpi)
    width, height = float(paint.width()), float(paint.height())

    footer_font = QFont(FOOTER_FONT)
    footer_font.setPointSizeF(FOOTER_PT)
    _no_ligatures(footer_font)
    metrics = QFontMetricsF(footer_font, writer)
    footer_height = metrics.height() * 3.0  # a blank line, the rule, the footer line
    content_height = height - footer_height

    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    body_font = QFont(BODY_FONT)
    body_font.setPointSizeF(10.0)
    _no_ligatures(body_font)
    document.setDefaultFont(body_font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setUseDesignMetrics(True)
    document.setDefaultTextOption(option)
    document.setDocumentMargin(0)
    document.setPageSize(QSizeF(width, content_height))  # before the text, so it is laid out once
    document.setHtml(html)
    missing = uncovered_characters(document.toPlainText() + footer + title)
    if missing:
        raise PdfError(_missing_font_message(missing))
    document.pageCount()  # finishes the (otherwise lazy) layout before it is inspected
    moved = _keep_headings_with_next(document, content_height, MIN_AFTER_HEADING_PT * dpi / 72.0)

    if moved:  # Qt may leave the relayout after those changes unfinished: redo it all
        document.markContentsDirty(0, document.characterCount())
    document.pageCount()
    if _keep_last_section_together(document, content_height):
        document.markContentsDirty(0, document.characterCount())
    pages = max(document.pageCount(), math.ceil(document.size().height() / content_height - 0.001))
    tables = _table_rects(document)
    painter = QPainter()
    if not painter.begin(writer):
        raise PdfError("Qt could not start a PDF page")
    try:
        rule = QPen(QColor("#9aa7bd"))
        rule.setWidthF(dpi / 144.0)
        border = QPen(QColor(TABLE_BORDER))
        border.setWidthF(1.0)
        for index in range(pages):
            if index:
                writer.newPage()
            painter.save()
            painter.translate(0, -index * content_height)
            document.drawContents(painter, QRectF(0, index * content_height, width, content_height))
            painter.restore()
            _close_split_tables(painter, tables, index * content_height, content_height, border)
            top = height - footer_height + metrics.height() * 1.2
            painter.setPen(rule)
            painter.drawLine(QPointF(0, top), QPointF(width, top))
            painter.setPen(QColor("#444444"))
            painter.setFont(footer_font)
            painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # the user's title cannot turn it around
            line = QRectF(0, top + metrics.height() * 0.3, width, metrics.height() * 1.2)
            page_label = about[2].format(count=index + 1, total=pages)
            room = width - metrics.horizontalAdvance(page_label) - metrics.height() * 2
            left = metrics.elidedText(footer, Qt.TextElideMode.ElideRight, room)
            painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)
            painter.drawText(line, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), page_label)
    finally:
        painter.end()
    buffer.close()
    result = bytes(data.data())
    if not result.startswith(b"%PDF"):
        raise PdfError("Qt produced no PDF data")
    return result


def _creator() -> str:
    from advisor import __version__

    return f"llama-advisor {__version__}"


def _set_subject(writer: Any, title: str, subject: str) -> None:
    """QPdfWriter has no Subject setter: the document's XMP metadata carries it (dc:description)."""
    if not subject:
        return
    from html import escape

    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    writer.setDocumentXmpMetadata(xmp.encode("utf-8"))


_INVISIBLE = ("Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Co", "Cn")
_CJK_RANGES = (
    (0x2E80, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)
_HANGUL_RANGES = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
MISSING_SHOWN = 8


def uncovered_characters(text: str) -> list[str]:
    """The characters of `text` that no installed font can draw (Qt would leave holes)."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    # ASCII is in the fonts the PDF asks for; each other character is looked at once
    wanted = sorted(char for char in set(text) if ord(char) > 0x7E and unicodedata.category(char) not in _INVISIBLE)
    if not wanted:
        return []
    # the report's own fonts first; every installed family only when they lack a character
    families = [BODY_FONT, FOOTER_FONT, MONO_FONT]
    metrics: list[Any] = []
    listed_all = False
    missing = []
    for char in wanted:
        index = 0
        while True:
            if index == len(families) and not listed_all:
                families += [name for name in QFontDatabase.families() if name not in families]
                listed_all = True
            if index == len(families):
                missing.append(char)
                break
            if index == len(metrics):
                metrics.append(QFontMetrics(QFont(families[index])))
            if metrics[index].inFontUcs4(ord(char)):
                break
            index += 1
    return missing


def _package_for(char: str) -> str:
    code = ord(char)
    if any(low <= code <= high for low, high in _HANGUL_RANGES):
        return "fonts-nanum (Korean)"
    if any(low <= code <= high for low, high in _CJK_RANGES):
        return "fonts-droid-fallback (Chinese, Japanese, Korean)"
    if unicodedata.category(char) == "So" and code >= 0x2600:
        return "fonts-noto-color-emoji (emoji)"
    return "fonts-noto-core (most other scripts)"


def _missing_font_message(missing: list[str]) -> str:
    shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in missing[:MISSING_SHOWN])
    more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
    packages = sorted({_package_for(char) for char in missing})
    return (
        f"no installed font can draw {shown}{more}; on Debian install {' or '.join(packages)}, "
        "or leave those characters out (no PDF was written)"
    )


def _no_ligatures(font: Any) -> None:
    """Turn off ligatures, so that text copied or extracted from the PDF reads "fi", not "ﬁ"."""
    from PySide6.QtGui import QFont

    if hasattr(QFont, "setFeature") and hasattr(QFont, "Tag"):
        for tag in ("liga", "clig", "dlig"):
            font.setFeature(QFont.Tag(tag), 0)


def html_headings(html: str) -> list[str]:
    """The headings Qt reads from `html`, in order (to check them against the Markdown)."""
    with interrupts_blocked():
        _ensure_application()
        return _headings(html)


def _headings(html: str) -> list[str]:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(html)
    headings = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            headings.append(block.text())
        block = block.next()
    return headings


def _table_rects(document: Any) -> list[Any]:
    """Where the top-level tables are, in document coordinates."""
    from PySide6.QtGui import QTextTable

    layout = document.documentLayout()
    return [
        layout.frameBoundingRect(frame) for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)
    ]


def _close_split_tables(painter: Any, tables: list[Any], page_top: float, page_height: float, pen: Any) -> None:
    """Draw the bottom border of a table that continues on the next page (Qt leaves it open).

    The advisor's tables are all full width (width="100%"); Qt reports their frame
    shifted right by its internal margin, so the line runs from 0 for the frame's width.
    """
    from PySide6.QtCore import QPointF

    page_end = page_top + page_height
    painter.save()
    painter.setPen(pen)
    for rect in tables:
        if rect.top() < page_end - 1 and rect.bottom() > page_end + 1:
            y = page_height - 1.0 - pen.widthF() / 2
            painter.drawLine(QPointF(0.5, y), QPointF(rect.width() - 1.5, y))
    painter.restore()


def _keep_headings_with_next(document: Any, page_height: float, room: float) -> int:
    """Move a heading to the next page unless its first paragraph and `room` more fit below it.

    Keeps a section title (and its one-line introduction) from sitting alone at the
    foot of a page while the table or text it introduces starts on the next.
    """
    from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextFormat

    layout = document.documentLayout()
    moved = 0
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            rect = layout.blockBoundingRect(block)
            offset = rect.top() % page_height
            page_end = rect.top() - offset + page_height
            below = rect.bottom()
            follower = block.next()
            if follower.isValid() and QTextCursor(follower).currentTable() is None:
                below = min(layout.blockBoundingRect(follower).bottom(), rect.bottom() + room / 2)
            if offset > 1 and page_end - below < room:
                change = QTextBlockFormat()
                change.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).mergeBlockFormat(change)
                moved += 1
        block = block.next()
    return moved


def _keep_last_section_together(document: Any, page_height: float) -> bool:
    """Start the last section (the sign-off block) on a new page if it would be split and
    fits on one page: a form to fill in must not break across pages."""
    from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextFormat

    layout = document.documentLayout()
    last = document.lastBlock()  # the last heading, looked for from the end
    while last.isValid() and last.blockFormat().headingLevel() == 0:
        last = last.previous()
    if not last.isValid():
        return False
    top = layout.blockBoundingRect(last).top()
    bottom = layout.blockBoundingRect(document.lastBlock()).bottom()
    offset = top % page_height
    split = math.floor(top / page_height) != math.floor((bottom - 1) / page_height)
    if offset <= 1 or not split or bottom - top > page_height:
        return False
    change = QTextBlockFormat()
    change.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(last).mergeBlockFormat(change)
    return True
