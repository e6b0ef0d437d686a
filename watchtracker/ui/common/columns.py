"""Columns that give way: in a narrow window the columns a table is for (a title, a headline) keep
room to be read, and the others shrink in proportion first.

Qt's own rule is the reverse: a Stretch column gets only what the fixed-width ones leave, so at
1,024 px the Library's titles were ~40 px wide and every one read "…"."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

from watchtracker.ui.crash import guard_qt


def fitted_widths(wanted: dict[int, int], room: int, least: int) -> dict[int, int]:
    """The widths within ``room``: as wanted when they fit; else in proportion to what was
    wanted, a column that would fall below ``least`` held at it (or at what it wanted, if
    less) and the rest shared among the others."""
    if sum(wanted.values()) <= room:
        return dict(wanted)
    sizes: dict[int, int] = {}
    flexible, budget = dict(wanted), max(room, 0)
    while flexible:
        scale = budget / sum(flexible.values())
        held = {c: w for c, w in flexible.items() if w * scale < least}
        if not held:
            sizes.update({c: int(w * scale) for c, w in flexible.items()})
            break
        for c, w in held.items():
            sizes[c] = min(least, w)
            budget -= sizes[c]
            del flexible[c]
        if budget <= 0:
            sizes.update({c: min(least, w) for c, w in flexible.items()})
            break
    return sizes


@guard_qt
class ColumnFitter(QObject):
    """Keeps the ``main`` columns (Stretch ones) at least ``min_main`` wide together: the other
    columns shrink in proportion to the widths the viewer gave them (or the defaults), none
    below ``min_other``, and get those widths back when there is room again. Columns in
    ``fixed`` never change (a button column)."""

    def __init__(
        self,
        view: QAbstractItemView,
        header: QHeaderView,
        main: Iterable[int],
        *,
        min_main: int = 220,
        min_other: int = 60,
        fixed: Iterable[int] = (),
    ):
        super().__init__(view)
        self.view, self.header = view, header
        self.main, self.fixed = frozenset(main), frozenset(fixed)
        self.min_main, self.min_other = min_main, min_other
        self._preferred: dict[int, int] = {}
        self._fitting = False
        header.sectionResized.connect(self._on_section_resized)
        view.viewport().installEventFilter(self)

    def fit(self) -> None:
        if not self.view.isVisible():
            return  # a view not on screen has no width of its own yet
        h = self.header
        others = [
            c for c in range(h.count()) if c not in self.main and c not in self.fixed and not h.isSectionHidden(c)
        ]
        fixed = sum(h.sectionSize(c) for c in self.fixed if not h.isSectionHidden(c))
        # a column seen for the first time: its width now (the default set before) is the one to come back to
        wanted = {c: self._preferred.setdefault(c, h.sectionSize(c)) for c in others}
        room = self.view.viewport().width() - self.min_main - fixed
        sizes = fitted_widths(wanted, room, self.min_other)
        self._fitting = True
        try:
            for c, width in sizes.items():
                if h.sectionSize(c) != width:
                    h.resizeSection(c, width)
        finally:
            self._fitting = False

    def _on_section_resized(self, column: int, _old: int, new: int) -> None:
        """A width the viewer chose (or a saved layout restored) is the one to come back to."""
        if not self._fitting and column not in self.main and column not in self.fixed:
            self._preferred[column] = new

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False


__all__ = ["ColumnFitter"]
