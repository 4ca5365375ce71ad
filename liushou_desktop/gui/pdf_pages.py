"""PDF pages as pictures: the print preview (:class:`PdfPreview`), and printing a PDF
to a QPrinter (:func:`print_pdf`).

The print preview and the printer both show the very PDF the service wrote, rendered
by pdfium (:mod:`pypdfium2`), so what the teacher sees is what comes out of the printer
and what "save as PDF" keeps. pdfium is not thread-safe: use these functions from the
GUI thread only. Every document is closed when done (Windows keeps open files locked).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QCoreApplication, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

__all__ = ["PdfPages", "PdfPreview", "fit_printer_to", "print_pdf"]

POINTS_PER_INCH = 72.0
# A page is printed from a picture of this resolution at most: 300 dpi prints text and
# lines sharply and an A4 page stays at 35 MB (a 1200 dpi page would take 560 MB).
PRINT_DPI = 300

# (pages done, pages total); may raise an exception (e.g. PrintCancelled) to stop.
PageProgress = Callable[[int, int], None]


def _unreadable(path: Path) -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The PDF {file} could not be read. Make it again; if this happens again, "
            "tell the township's IT helper.",
        ),
        {"file": path.name},
    )


class PdfPages:
    """An open PDF whose pages are rendered to QImages; a context manager.

    ``sizes`` holds each page's size in points (width, height), read when opened.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._doc = pypdfium2.PdfDocument(str(self.path))
        except (pypdfium2.PdfiumError, OSError) as exc:
            raise _unreadable(self.path) from exc
        self.sizes: list[tuple[float, float]] = []
        for index in range(len(self._doc)):
            page = self._doc[index]
            try:
                width, height = page.get_size()
            finally:
                page.close()
            self.sizes.append((float(width), float(height)))

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def count(self) -> int:
        return len(self.sizes)

    def close(self) -> None:
        """Release the file (idempotent)."""
        if self._doc is not None:
            self._doc.close()
            self._doc = None

    def render(self, index: int, dpi: float, *, for_print: bool = False) -> QImage:
        """Page ``index`` (from 0) at ``dpi`` dots per inch, on white, as an RGBX image
        (``for_print``: pdfium's rendering for printers)."""
        if self._doc is None:
            raise ValueError("the PDF is closed")
        page = self._doc[index]
        try:
            bitmap = page.render(
                scale=dpi / POINTS_PER_INCH,
                force_bitmap_format=pdfium_c.FPDFBitmap_BGRx,
                rev_byteorder=True,  # bytes R, G, B, X: QImage's RGBX8888 on any CPU
                optimize_mode="print" if for_print else None,
            )
            try:
                image = QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGBX8888,
                ).copy()  # the buffer is freed with the bitmap
            finally:
                bitmap.close()
        finally:
            page.close()
        return image

    def render_width(self, index: int, width_px: int) -> QImage:
        """Page ``index`` scaled to ``width_px`` pixels wide (the preview's width)."""
        width_pt = self.sizes[index][0]
        return self.render(index, max(width_px, 1) * POINTS_PER_INCH / width_pt)


def fit_printer_to(printer: QPrinter, path: Path) -> None:
    """Set the printer's paper size and orientation to the PDF's first page (A4 for
    cards, A4 landscape for the roster, A6 for single cards), before the print dialog
    opens, so the teacher sees the right paper already chosen."""
    with PdfPages(path) as pages:
        if not pages.count:
            return
        width, height = pages.sizes[0]
    portrait = QSizeF(min(width, height), max(width, height))
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    )
    printer.setPageSize(size)
    printer.setPageOrientation(orientation)


def print_pdf(
    path: Path,
    printer: QPrinter,
    progress: PageProgress | None = None,
    max_dpi: int = PRINT_DPI,
) -> int:
    """Print every page of the PDF at ``path`` on ``printer``; return the pages printed.

    Each page is rendered at the printer's resolution (at most ``max_dpi``), scaled to
    the paper keeping its proportions and centred. ``progress(done, total)`` is called
    before each page and after the last; if it raises, the print job is aborted and
    the exception goes on (nothing more reaches the printer).
    """
    with PdfPages(path) as pages:
        total = pages.count
        printer.setFullPage(True)  # coordinates on the whole sheet, as the PDF draws
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The printer could not be started. Check that it is switched on and "
                    "connected, then print again.",
                )
            )
        printed = 0
        try:
            dpi = min(float(printer.resolution()), float(max_dpi))
            for index in range(total):
                if progress is not None:
                    progress(index, total)
                if index:
                    printer.newPage()
                _paint_page(painter, printer, pages.render(index, dpi, for_print=True))
                printed += 1
            if progress is not None:
                progress(total, total)
        except BaseException:
            printer.abort()
            painter.end()
            raise
        painter.end()
    return printed


def _paint_page(painter: QPainter, printer: QPrinter, image: QImage) -> None:
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    scale = min(paper.width() / image.width(), paper.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    target = QRectF((paper.width() - width) / 2, (paper.height() - height) / 2, width, height)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.drawImage(target, image)


class PdfPreview(QWidget):
    """A PDF's pages one at a time, as wide as the view, with previous/next buttons and
    "Page 1 of 10"; or a message in place of the page. Owns the open document."""

    MARGIN = 12  # grey around the page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: PdfPages | None = None
        self._page = 0
        self._shown_width = 0
        self.page_view = QLabel(self)
        self.page_view.setObjectName("printPage")
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_view.setTextFormat(Qt.TextFormat.PlainText)
        self.page_view.setWordWrap(True)
        self.page_view.setMargin(self.MARGIN)
        self.page_view.setStyleSheet("QLabel#printPage { background: #7a7a7a; color: white; }")
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("printPreview")
        self.scroll.setWidget(self.page_view)
        self.scroll.setWidgetResizable(True)
        # the page is as wide as the view: a vertical bar always, a horizontal one never
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.previous_button = QPushButton(self.tr("◀ Previous page"), self)
        self.previous_button.setObjectName("previousPage")
        self.previous_button.setToolTip(self.tr("Previous page (Page Up)"))
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button = QPushButton(self.tr("Next page ▶"), self)
        self.next_button.setObjectName("nextPage")
        self.next_button.setToolTip(self.tr("Next page (Page Down)"))
        self.next_button.clicked.connect(self.next_page)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageNumber")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setMinimumWidth(160)
        navigation = QHBoxLayout()
        navigation.addStretch(1)
        for widget in (self.previous_button, self.page_label, self.next_button):
            navigation.addWidget(widget)
        navigation.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(navigation)
        self._update_navigation()

    def show_pdf(self, path: Path) -> int:
        """Open the PDF and show its first page; the page count. UserError if unreadable."""
        self.clear()
        self._pages = PdfPages(path)
        self._render()
        return self._pages.count

    def clear(self, message: str = "") -> None:
        """Close the PDF; show ``message`` (plain words) instead of a page."""
        if self._pages is not None:
            self._pages.close()
            self._pages = None
        self._page = 0
        self.page_view.setPixmap(QPixmap())
        self.page_view.setText(message)
        self._update_navigation()

    def page_count(self) -> int:
        return self._pages.count if self._pages is not None else 0

    def current_page(self) -> int:
        """The page shown, from 0."""
        return self._page

    def shown_image(self) -> QImage:
        """The page shown now, as rendered (a null image if none)."""
        return self.page_view.pixmap().toImage()

    def message(self) -> str:
        return self.page_view.text()

    def previous_page(self) -> None:
        if self._pages is not None and self._page > 0:
            self._page -= 1
            self._render()

    def next_page(self) -> None:
        if self._pages is not None and self._page + 1 < self._pages.count:
            self._page += 1
            self._render()

    def _width(self) -> int:
        return max(self.scroll.viewport().width() - 2 * self.MARGIN, 200)

    def _render(self) -> None:
        if self._pages is None or not self._pages.count:
            return
        self._shown_width = self._width()
        image = self._pages.render_width(self._page, self._shown_width)
        self.page_view.setPixmap(QPixmap.fromImage(image))
        self._update_navigation()

    def _update_navigation(self) -> None:
        count = self.page_count()
        self.page_label.setText(
            QCoreApplication.translate("PdfPreview", "Page {page} of {pages}").format(
                page=self._page + 1, pages=count
            )
            if count
            else ""
        )
        self.previous_button.setEnabled(self._page > 0)
        self.next_button.setEnabled(self._page + 1 < count)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._pages is not None and abs(self._width() - self._shown_width) > 8:
            self._render()
