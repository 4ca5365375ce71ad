"""月历: a month of the term plan — each day with its festival, its day off and activities.

A Monday-first grid of six weeks (◀ ▶, 今天, or Page Up / Page Down). Each day cell shows
the day number, the festival of the day (中秋, 清明… from :mod:`domain.festivals`), why
it is no school day (国庆节, 放假, 寒假, 调休上课) from the school calendar, and up to
three activity titles on a colour of their kind (``+N`` when there are more); an
activity of several days shows on each of them. The arrow keys move the day (into the
month before or after), Enter opens the day's first activity, and a double-click opens
the activity under the mouse. The list under the grid shows every activity of the
selected day; Enter or a double-click there opens one too.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.months import add_months, month_start
from liushou_desktop.domain.school_calendar import (
    HOLIDAY,
    MAKEUP_WORKDAY,
    SCHOOL_OFF,
    SCHOOL_WORKDAY,
    TERM_BREAK,
    WEEKEND,
    SchoolCalendar,
)
from liushou_desktop.gui.translations import tr_vocab

__all__ = ["KIND_COLOURS", "DayCell", "MonthGrid"]

ROWS, COLUMNS = 6, 7
CHIP_SCALE = 1.0  # the size of an activity title against the day number
SHOWN = 3  # activity titles a cell shows; the rest are "+N"
DAY_ROLE = Qt.ItemDataRole.UserRole + 1
# (background, text) of each kind's title chip: dark text on a pale ground (contrast > 7:1)
KIND_COLOURS: dict[str, tuple[str, str]] = {
    "class_meeting": ("#dbe9fb", "#0d3566"),
    "guardian_meeting": ("#fde0c5", "#5c2500"),
    "home_visit": ("#d9f2dc", "#0b4a12"),
    "family_call": ("#f3dcf5", "#4d1053"),
    "letter": ("#fff1b8", "#3d2e00"),
    "safety": ("#fbd3d0", "#7a1010"),
    "mental_health": ("#d6f1f1", "#0b4646"),
    "sports_arts": ("#e5e0fa", "#2d1f6b"),
    "reading": ("#eee6d8", "#3e2d12"),
    "awards": ("#ffe3ef", "#6b0f3a"),
    "archiving": ("#e4e4e4", "#262626"),
    "other": ("#eeeeee", "#262626"),
}
DAY_COLOURS: dict[str, str] = {  # the cell's ground by why the day is no school day
    "": "#ffffff",
    WEEKEND: "#f0f0f0",
    HOLIDAY: "#fde9e7",
    SCHOOL_OFF: "#ffeedd",
    TERM_BREAK: "#e8f1fb",
    MAKEUP_WORKDAY: "#e6f6e8",
    SCHOOL_WORKDAY: "#e6f6e8",
}
MARK_COLOURS: dict[str, str] = {  # the text colour of the day's mark
    HOLIDAY: "#7a1010",
    SCHOOL_OFF: "#5c2c00",
    TERM_BREAK: "#0f355f",
    MAKEUP_WORKDAY: "#0b4a12",
    SCHOOL_WORKDAY: "#0b4a12",
}


class DayCell:
    """What one cell shows (kept on its item under ``DAY_ROLE``)."""

    def __init__(self, day: date, in_month: bool) -> None:
        self.day = day
        self.in_month = in_month
        self.festival = ""  # the festival's name, translated
        self.mark = ""  # why the day is off (or a make-up day), translated; "" else
        self.reason = ""  # DayInfo.reason
        self.activities: list[Any] = []  # ActivityRow, by start and title


def _kind_colours(kind: str) -> tuple[str, str]:
    return KIND_COLOURS.get(kind, KIND_COLOURS["other"])


class DayDelegate(QStyledItemDelegate):
    """Paints a :class:`DayCell`: number, festival and mark on the first line, then up to
    :data:`SHOWN` activity chips. :meth:`line_at` finds the activity under a point."""

    @staticmethod
    def line_height(font: QFont) -> int:
        """The height of the cell's first line (day number, festival, mark)."""
        return QFontMetrics(font).height() - 1

    @staticmethod
    def chip_font(font: QFont) -> QFont:
        """The activity titles: a little smaller than the day number, still legible."""
        small = QFont(font)
        if font.pointSizeF() > 0:
            small.setPointSizeF(font.pointSizeF() * CHIP_SCALE)
        elif font.pixelSize() > 0:
            small.setPixelSize(round(font.pixelSize() * CHIP_SCALE))
        return small

    def chip_height(self, font: QFont) -> int:
        return QFontMetrics(self.chip_font(font)).height() - 1

    def line_at(self, rect: QRect, font: QFont, y: int) -> int:
        """The activity line (0-based) at height ``y`` of a cell ``rect``; -1 on the top line."""
        below = y - rect.top() - 1 - self.line_height(font)
        return -1 if below < 0 else below // self.chip_height(font)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        cell = index.data(DAY_ROLE)
        if not isinstance(cell, DayCell):
            super().paint(painter, option, index)
            return
        painter.save()
        rect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        ground = DAY_COLOURS.get(cell.reason, "#ffffff") if cell.in_month else "#f7f7f7"
        painter.fillRect(rect, QColor(ground))
        font = QFont(option.font)  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        step = self.line_height(font)
        chip_font = self.chip_font(font)
        chip_metrics = QFontMetrics(chip_font)
        chip_step = self.chip_height(font)
        inner = rect.adjusted(3, 1, -3, 0)
        # the first line: the day number (bold), the festival, the day's mark
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#1a1a1a" if cell.in_month else "#8a8a8a"))
        top = QRect(inner.left(), inner.top(), inner.width(), step)
        number = str(cell.day.day)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, number)
        left = inner.left() + QFontMetrics(bold).horizontalAdvance(number) + 8
        words = [(cell.festival, "#9c1b00")] if cell.festival else []
        if cell.mark:
            words.append((cell.mark, MARK_COLOURS.get(cell.reason, "#262626")))
        painter.setFont(font)
        for text, colour in words:
            width = inner.right() - left
            if width <= metrics.horizontalAdvance("…"):
                break
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.setPen(QColor(colour if cell.in_month else "#8a8a8a"))
            area = QRect(left, inner.top(), width, step)
            painter.drawText(
                area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown
            )
            left += metrics.horizontalAdvance(shown) + 8
        # the activities, one chip each
        room = max(0, (inner.height() + 1 - step) // chip_step)
        shown_rows = cell.activities[: min(SHOWN, room)]
        more = len(cell.activities) - len(shown_rows)
        for n, row in enumerate(shown_rows):
            chip = QRect(
                inner.left(), inner.top() + step + chip_step * n, inner.width(), chip_step - 1
            )
            background, foreground = _kind_colours(row.kind)
            painter.fillRect(chip, QColor(background))
            painter.setPen(QColor(foreground))
            title = row.title
            if more and n == len(shown_rows) - 1:
                tag = f" +{more}"
                width = chip.width() - 6 - chip_metrics.horizontalAdvance(tag)
                title = chip_metrics.elidedText(title, Qt.TextElideMode.ElideRight, width) + tag
            else:
                width = chip.width() - 6
                title = chip_metrics.elidedText(title, Qt.TextElideMode.ElideRight, width)
            crossed = QFont(chip_font)
            crossed.setStrikeOut(row.status == vocab.ACTIVITY_CANCELLED)
            painter.setFont(crossed)
            painter.drawText(
                chip.adjusted(3, 0, -3, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                title,
            )
        if selected:
            painter.setPen(QPen(QColor("#1f6fb2"), 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        elif index.data(Qt.ItemDataRole.UserRole) == "today":
            painter.setPen(QPen(QColor("#1f6fb2"), 1))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class MonthGrid(QWidget):
    """The month grid over ``load(first, last)`` (the ActivityRows overlapping those days),
    ``calendar()`` (the school calendar) and ``today()``.

    ``activity_opened(id)`` asks to open an activity; ``day_changed(day)`` follows the
    selected day; ``day_activated(day)`` is a double-click on a day without an activity.
    """

    activity_opened = Signal(str)
    day_changed = Signal(object)
    day_activated = Signal(object)

    def __init__(
        self,
        load: Callable[[date, date], Sequence[Any]],
        calendar: Callable[[], SchoolCalendar],
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("activityMonthGrid")
        self._load = load
        self._calendar = calendar
        self._today = today
        self.month = month_start(today())
        self.selected_day = today()
        self.cells: dict[date, DayCell] = {}

        self.title = QLabel(self)
        self.title.setObjectName("activityMonthTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.previous_button = QPushButton(self.tr("◀ Previous month"), self)
        self.previous_button.setToolTip(self.tr("Page Up"))
        self.previous_button.clicked.connect(lambda: self.move_month(-1))
        self.today_button = QPushButton(self.tr("Today"), self)
        self.today_button.clicked.connect(lambda: self.select_day(self._today()))
        self.next_button = QPushButton(self.tr("Next month ▶"), self)
        self.next_button.setToolTip(self.tr("Page Down"))
        self.next_button.clicked.connect(lambda: self.move_month(1))
        for button in (self.previous_button, self.today_button, self.next_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.today_button)
        navigation.addWidget(self.next_button)
        navigation.addWidget(self.title, 1, Qt.AlignmentFlag.AlignCenter)

        self.grid = QTableWidget(ROWS, COLUMNS, self)
        self.grid.setObjectName("activityGrid")
        self.grid.setHorizontalHeaderLabels(self.weekday_names())
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setTabKeyNavigation(False)
        self.delegate = DayDelegate(self.grid)
        self.grid.setItemDelegate(self.delegate)
        font = self.grid.font()
        line = self.delegate.line_height(font) + self.delegate.chip_height(font) * 2 + 6
        self.grid.verticalHeader().setMinimumSectionSize(line)
        self.grid.setMinimumHeight(line * ROWS + self.delegate.line_height(font) * 2)
        self.grid.installEventFilter(self)
        self.grid.viewport().installEventFilter(self)
        self.grid.currentCellChanged.connect(self._cell_changed)

        self.day_title = QLabel(self)
        self.day_title.setObjectName("activityDayTitle")
        self.day_list = QListWidget(self)
        self.day_list.setObjectName("activityDayList")
        self.day_list.itemActivated.connect(self._item_opened)
        self.day_list.setMinimumHeight(self.day_list.fontMetrics().height() * 2 + 8)
        below = QWidget(self)
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.day_title)
        below_layout.addWidget(self.day_list, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.grid)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 8)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(navigation)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.grid)
        self._moving = False

    @staticmethod
    def weekday_names() -> list[str]:
        return ["一", "二", "三", "四", "五", "六", "日"]

    # --- showing -----------------------------------------------------------------

    def first_shown(self) -> date:
        """The Monday of the grid's first row."""
        return self.month - timedelta(days=self.month.weekday())

    def refresh(self) -> None:
        """Read the month's activities, festivals and days off again and draw them."""
        first = self.first_shown()
        last = first + timedelta(days=ROWS * COLUMNS - 1)
        self.title.setText(f"<h2>{html.escape(f'{self.month.year}年{self.month.month}月')}</h2>")
        calendar = self._calendar()
        festivals = _festivals(first, last)
        self.cells = {}
        for n in range(ROWS * COLUMNS):
            day = first + timedelta(days=n)
            cell = DayCell(day, day.month == self.month.month)
            cell.festival = festivals.get(day, "")
            info = calendar.day_info(day)
            cell.reason = info.reason
            cell.mark = self._mark(calendar, info)
            self.cells[day] = cell
        for row in self._load(first, last):
            day = max(row.starts_on, first)
            while day <= min(row.ends_on, last):
                self.cells[day].activities.append(row)
                day += timedelta(days=1)
        today = self._today()
        for n, (day, cell) in enumerate(self.cells.items()):
            item = QTableWidgetItem()
            item.setData(DAY_ROLE, cell)
            item.setToolTip(self._tooltip(cell))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, self._tooltip(cell))
            if day == today:
                item.setData(Qt.ItemDataRole.UserRole, "today")
            self.grid.setItem(n // COLUMNS, n % COLUMNS, item)
        self._show_day_list()

    def _mark(self, calendar: SchoolCalendar, info: Any) -> str:
        """The short word a cell shows for a day off or a make-up school day."""
        from liushou_desktop.gui.calendar_dialog import WINTER, break_kind

        if info.reason == HOLIDAY:
            return str(info.note) or self.tr("Holiday")
        if info.reason == SCHOOL_OFF:
            return str(info.note)[:4] or self.tr("Day off")
        if info.reason == TERM_BREAK:
            if break_kind(calendar, info.day) == WINTER:
                return self.tr("Winter holiday")
            return self.tr("Summer holiday")
        if info.reason in (MAKEUP_WORKDAY, SCHOOL_WORKDAY):
            return self.tr("Make-up school day")
        return ""

    def _tooltip(self, cell: DayCell) -> str:
        parts = [cell.day.isoformat()]
        parts += [text for text in (cell.festival, cell.mark) if text]
        parts += [row.title for row in cell.activities]
        return "\n".join(parts)

    def show_month(self, month: date, day: date | None = None) -> None:
        """Show ``month`` and select ``day`` (default: the same day number, or the last)."""
        month = month_start(month)
        if day is None:
            wanted = min(self.selected_day.day, 28) if self.selected_day else 1
            day = month.replace(day=wanted)
            if self.selected_day and self.selected_day.day > 28:
                day = min(
                    add_months(month, 1) - timedelta(days=1),
                    month + timedelta(days=self.selected_day.day - 1),
                )
        self.month = month
        self.selected_day = day
        self.refresh()
        self._select_cell(day)

    def move_month(self, step: int) -> None:
        self.show_month(add_months(self.month, step))

    def select_day(self, day: date) -> None:
        """Select ``day``, showing its month if it is not shown."""
        if month_start(day) != self.month:
            self.show_month(month_start(day), day)
            return
        self.selected_day = day
        self._select_cell(day)

    def _select_cell(self, day: date) -> None:
        n = (day - self.first_shown()).days
        if 0 <= n < ROWS * COLUMNS:
            self._moving = True
            self.grid.setCurrentCell(n // COLUMNS, n % COLUMNS)
            self._moving = False
        self._show_day_list()
        self.day_changed.emit(day)

    def _cell_changed(self, row: int, column: int, *_: int) -> None:
        if self._moving or row < 0 or column < 0:
            return
        day = self.first_shown() + timedelta(days=row * COLUMNS + column)
        if month_start(day) != self.month:  # a day of the month before or after
            self.show_month(month_start(day), day)
            return
        self.selected_day = day
        self._show_day_list()
        self.day_changed.emit(day)

    def day_activities(self, day: date | None = None) -> list[Any]:
        """The activities shown on ``day`` (default: the selected day)."""
        cell = self.cells.get(day or self.selected_day)
        return list(cell.activities) if cell else []

    def _show_day_list(self) -> None:
        day = self.selected_day
        rows = self.day_activities(day)
        cell = self.cells.get(day)
        extra = [text for text in (cell.festival, cell.mark) if text] if cell else []
        head = self.tr("{day}: {count} activities").format(
            day=f"{day.month}月{day.day}日", count=len(rows)
        )
        self.day_title.setText("　".join([head, *extra]))
        self.day_list.clear()
        for row in rows:
            days = row.starts_on.isoformat()
            if row.ends_on != row.starts_on:
                days += f" ~ {row.ends_on.isoformat()}"
            parts = [
                days,
                row.title,
                tr_vocab(vocab.ACTIVITY_KINDS.get(row.kind, row.kind)),
                row.target_label,
                tr_vocab(vocab.ACTIVITY_STATUSES.get(row.status, row.status)),
            ]
            item = QListWidgetItem("　".join(p for p in parts if p), self.day_list)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            background, foreground = _kind_colours(row.kind)
            item.setBackground(QColor(background))
            item.setForeground(QColor(foreground))
        if rows:
            self.day_list.setCurrentRow(0)

    def _item_opened(self, item: QListWidgetItem) -> None:
        activity_id = item.data(Qt.ItemDataRole.UserRole)
        if activity_id:
            self.activity_opened.emit(str(activity_id))

    def open_first(self) -> bool:
        """Open the selected day's first activity; False when the day has none."""
        rows = self.day_activities()
        if not rows:
            self.day_activated.emit(self.selected_day)
            return False
        self.activity_opened.emit(rows[0].id)
        return True

    # --- keys and the mouse ----------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.grid and event.type() == QEvent.Type.KeyPress:
            return self._key(event)  # type: ignore[arg-type]
        if watched is self.grid.viewport() and event.type() == QEvent.Type.MouseButtonDblClick:
            self._double_click(event.position().toPoint())  # type: ignore[attr-defined]
            return True
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        key = event.key()
        if key in steps:
            self.select_day(self.selected_day + timedelta(days=steps[Qt.Key(key)]))
            return True
        if key == Qt.Key.Key_PageUp:
            self.move_month(-1)
            return True
        if key == Qt.Key.Key_PageDown:
            self.move_month(1)
            return True
        if key == Qt.Key.Key_Home:
            self.select_day(self._today())
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_first()
            return True
        return False

    def _double_click(self, point: Any) -> None:
        index: QModelIndex = self.grid.indexAt(point)
        if not index.isValid():
            return
        day = self.first_shown() + timedelta(days=index.row() * COLUMNS + index.column())
        self.select_day(day)
        rows = self.day_activities(day)
        rect = self.grid.visualRect(self.grid.model().index(index.row(), index.column()))
        line = self.delegate.line_at(rect, self.grid.font(), point.y())
        if 0 <= line < min(SHOWN, len(rows)):
            self.activity_opened.emit(rows[line].id)
        elif rows:
            self.activity_opened.emit(rows[0].id)
        else:
            self.day_activated.emit(day)


def _festivals(first: date, last: date) -> dict[date, str]:
    """The festivals from ``first`` to ``last``: day → translated name."""
    try:
        from liushou_desktop.domain.festivals import FESTIVAL_NAMES, festivals_between
    except ImportError:  # the festivals module is not there (yet)
        return {}
    found: dict[date, str] = {}
    for day, code in festivals_between(first, last):
        name = tr_vocab(FESTIVAL_NAMES.get(code, code))
        found[day] = f"{found[day]}·{name}" if day in found else name
    return found
