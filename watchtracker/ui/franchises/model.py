"""Item models of the Franchises page, over the immutable rows of domain.franchise:

``FranchiseListModel``  the franchises, one row each (FranchiseSummary)
``FranchiseTreeModel``  one franchise as a tree of its series by typed relations (FranchiseGraph)
``OrderModel``          one franchise's series in an order (release, suggested watch, story)

The tree model accepts a series dropped onto another one; it does not move anything: it emits
``series_dropped(from_id, onto_id)`` and the page asks what the relation is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from watchtracker.domain.franchise import FranchiseEdge, FranchiseGraph, FranchiseNode, FranchiseSummary
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate

from watchtracker.ui.common import theme
from watchtracker.ui.common.delegates import PROGRESS_ROLE
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.crash import guard_qt

SERIES_ID_ROLE = Qt.ItemDataRole.UserRole + 2
FRANCHISE_ID_ROLE = Qt.ItemDataRole.UserRole + 4
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 5
NODE_ROLE = Qt.ItemDataRole.UserRole + 6
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 7  # the list's second line: "3 series · 2014–2025"
FOLLOWED_ROLE = Qt.ItemDataRole.UserRole + 8

SERIES_MIME = "application/x-watchtracker-series-id"

_Index = QModelIndex | QPersistentModelIndex


def summary_line(f: FranchiseSummary) -> str:
    """ "3 series · 2014–2025 · you follow 2" """
    count, followed = f.series_count, f.followed_count  # plain names: lupdate finds no count that is an expression
    parts = [
        translate("FranchiseListModel", "%n series", "", count)
        if count
        else translate("FranchiseListModel", "no series yet")
    ]
    if f.years:
        parts.append(f.years)
    if count:
        parts.append(
            translate("FranchiseListModel", "you follow all")
            if followed == count and count > 1
            else translate("FranchiseListModel", "you follow %n", "", followed)
            if followed
            else translate("FranchiseListModel", "none followed")
        )
    return " · ".join(parts)


def progress_text(node: FranchiseNode) -> str:
    if node.aired:
        return f"{node.watched}/{node.aired}"
    if node.status.is_unreleased:
        overdue = node.premiere is not None and node.premiere.overdue(date.today())
        if overdue:
            return translate("FranchiseTreeModel", "expected, no date since")
        return translate("FranchiseTreeModel", "not out yet")
    return translate("FranchiseTreeModel", "no episodes")


def when_text(node: FranchiseNode) -> str:
    """The tooltip of the years: the premiere at its precision, never a made-up day."""
    if not node.premiere_label:
        return translate("FranchiseTreeModel", "Premiere unknown")
    if node.status.is_unreleased and node.premiere is not None and node.premiere.overdue(date.today()):
        return translate("FranchiseTreeModel", "{overdue}: Find on TVmaze may know more").format(
            overdue=node.premiere.overdue_label()
        )
    if node.status.is_unreleased:
        return translate("FranchiseTreeModel", "Premieres {date}").format(date=node.premiere_label)
    return translate("FranchiseTreeModel", "Premiered {date}").format(date=node.premiere_label)


def state_text(node: FranchiseNode) -> str:
    return node.state.label if node.state is not None else translate("FranchiseTreeModel", "Not followed")


# -- the list of franchises -----------------------------------------------------------------------


@guard_qt
class FranchiseListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: tuple[FranchiseSummary, ...] = ()
        self._lines: tuple[str, ...] = ()  # summary_line of each row: painted again and again

    def set_rows(self, rows: Sequence[FranchiseSummary]) -> None:
        rows = tuple(rows)
        if rows == self._rows:
            return
        lines = tuple(summary_line(f) for f in rows)
        if [r.id for r in rows] == [r.id for r in self._rows]:  # same franchises: keep the selection
            self._rows, self._lines = rows, lines
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows, self._lines = rows, lines
        self.endResetModel()

    def rows(self) -> tuple[FranchiseSummary, ...]:
        return self._rows

    def summary_at(self, index: _Index) -> FranchiseSummary | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def index_of(self, franchise_id: int) -> QModelIndex:
        for i, f in enumerate(self._rows):
            if f.id == franchise_id:
                return self.index(i)
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        f = self.summary_at(index)
        if f is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f.name
        if role == SUBTITLE_ROLE:
            return self._lines[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f.name, self._lines[index.row()]]
            if f.followed:
                lines.append(self.tr("You follow this franchise: a series that joins it is followed too."))
            if f.titles:
                lines.append("")
                lines.extend(f.titles[:20])
                if len(f.titles) > 20:
                    more = len(f.titles) - 20
                    lines.append(translate("FranchiseListModel", "… and %n more", "", more))
            return plain_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if f.followed:
                return self.tr("{name}, {summary}, followed").format(name=f.name, summary=self._lines[index.row()])
            return f"{f.name}, {self._lines[index.row()]}"
        if role == FRANCHISE_ID_ROLE:
            return f.id
        if role == FOLLOWED_ROLE:
            return f.followed
        if role == SUMMARY_ROLE:
            return f
        return None


# -- series to add ---------------------------------------------------------------------------------


@guard_qt
class CandidatesModel(QAbstractListModel):
    """(series id, title) rows: the series "Add series" offers."""

    def __init__(self, rows: Sequence[tuple[int, str]] = (), parent=None):
        super().__init__(parent)
        self._rows = tuple(rows)

    def set_rows(self, rows: Sequence[tuple[int, str]]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def series_at(self, index: _Index) -> int | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()][0]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        sid, title = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(title)
        if role == SERIES_ID_ROLE:
            return sid
        return None


# -- one franchise as a tree ------------------------------------------------------------------------

TREE_COLUMNS = (
    QT_TRANSLATE_NOOP("FranchiseTreeModel", "Series"),
    QT_TRANSLATE_NOOP("FranchiseTreeModel", "Relation"),
    QT_TRANSLATE_NOOP("FranchiseTreeModel", "Status"),
    QT_TRANSLATE_NOOP("FranchiseTreeModel", "Years"),
    QT_TRANSLATE_NOOP("FranchiseTreeModel", "Progress"),
    QT_TRANSLATE_NOOP("FranchiseTreeModel", "You"),
)
T_TITLE, T_RELATION, T_STATUS, T_YEARS, T_PROGRESS, T_STATE = range(len(TREE_COLUMNS))


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where a series sits in the tree: its parent's slot (-1 for a root) and its row there."""

    series_id: int
    parent: int
    row: int
    children: tuple[int, ...]  # slots


def relation_text(edge: FranchiseEdge, titles: dict[int, str], *, lower: bool = False) -> str:
    """ "Spin-off of Bosch" (``lower``: "spin-off of Bosch")"""
    label = edge.label.lower() if lower else edge.label
    return f"{label} {titles.get(edge.to_id, '?')}"


@guard_qt
class FranchiseTreeModel(QAbstractItemModel):
    """Signals: ``series_dropped(int, int)`` — a series was dropped onto another (from, onto)."""

    series_dropped = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._graph: FranchiseGraph | None = None
        self._slots: list[_Slot] = []
        self._roots: tuple[int, ...] = ()
        self._nodes: dict[int, FranchiseNode] = {}
        self._titles: dict[int, str] = {}
        self._relations: dict[int, tuple[FranchiseEdge, ...]] = {}  # outgoing, the tree's first
        self._slot_of: dict[int, int] = {}
        self._headers = tuple(translate("FranchiseTreeModel", c) for c in TREE_COLUMNS)

    # -- content -------------------------------------------------------------------------
    def set_graph(self, graph: FranchiseGraph | None) -> None:
        self.beginResetModel()
        self._graph = graph
        self._slots, self._slot_of = [], {}
        self._nodes = {n.series_id: n for n in graph.nodes} if graph else {}
        self._titles = {sid: n.title for sid, n in self._nodes.items()}
        outgoing: dict[int, list[FranchiseEdge]] = {}
        for e in graph.edges if graph else ():
            outgoing.setdefault(e.from_id, []).append(e)
        tree_parent: dict[int, tuple[int, object]] = {}

        def place(item, parent: int, row: int) -> int:
            slot = len(self._slots)
            self._slots.append(_Slot(item.series_id, parent, row, ()))
            self._slot_of[item.series_id] = slot
            kids = tuple(place(child, slot, i) for i, child in enumerate(item.children))
            for child in item.children:
                tree_parent[child.series_id] = (item.series_id, child.kind)
            self._slots[slot] = _Slot(item.series_id, parent, row, kids)
            return slot

        self._roots = tuple(place(t, -1, i) for i, t in enumerate(graph.tree)) if graph else ()
        self._relations = {}
        for sid, edges in outgoing.items():
            up = tree_parent.get(sid)
            # the edge that places it in the tree first, then the others as the service sorted them
            edges.sort(key=lambda e: not (up is not None and e.to_id == up[0] and e.kind == up[1]))
            self._relations[sid] = tuple(edges)
        self.endResetModel()

    def graph(self) -> FranchiseGraph | None:
        return self._graph

    def series_at(self, index: _Index) -> int | None:
        slot = self._slot(index)
        return self._slots[slot].series_id if slot is not None else None

    def node_at(self, index: _Index) -> FranchiseNode | None:
        sid = self.series_at(index)
        return self._nodes.get(sid) if sid is not None else None

    def index_of(self, series_id: int, column: int = 0) -> QModelIndex:
        slot = self._slot_of.get(series_id)
        if slot is None:
            return QModelIndex()
        return self.createIndex(self._slots[slot].row, column, slot)

    def relations_of(self, series_id: int) -> tuple[FranchiseEdge, ...]:
        """Its outgoing relations, the one that places it in the tree first."""
        return self._relations.get(series_id, ())

    def _slot(self, index: _Index) -> int | None:
        if not index.isValid() or index.model() is not self:
            return None
        slot = index.internalId()
        return slot if 0 <= slot < len(self._slots) else None

    # -- the tree ------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if not 0 <= column < len(TREE_COLUMNS) or row < 0:
            return QModelIndex()
        if parent.isValid():
            p = self._slot(parent)
            if p is None or parent.column() != 0:
                return QModelIndex()
            kids = self._slots[p].children
        else:
            kids = self._roots
        if row >= len(kids):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        slot = self._slot(index)
        if slot is None:
            return QModelIndex()
        up = self._slots[slot].parent
        if up < 0:
            return QModelIndex()
        return self.createIndex(self._slots[up].row, 0, up)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._roots)
        if parent.column() != 0:
            return 0
        slot = self._slot(parent)
        return len(self._slots[slot].children) if slot is not None else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(TREE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(TREE_COLUMNS)
        ):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        node = self.node_at(index)
        if node is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(node, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, col)
        if role == SERIES_ID_ROLE:
            return node.series_id
        if role == NODE_ROLE:
            return node
        if role == PROGRESS_ROLE and col == T_PROGRESS:
            return (node.watched, node.aired) if node.aired else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if (col == T_STATE and not node.followed) or (col == T_PROGRESS and not node.aired) or col == T_RELATION:
                return QBrush(theme.secondary())
        if role == Qt.ItemDataRole.AccessibleTextRole and col == T_TITLE:
            relation = self._text(node, T_RELATION)
            return ", ".join(
                p
                for p in (node.title, relation, node.status.label, node.years, progress_text(node), state_text(node))
                if p
            )
        return None

    def _text(self, node: FranchiseNode, col: int) -> str:
        if col == T_TITLE:
            return node.title
        if col == T_RELATION:
            return "; ".join(
                relation_text(e, self._titles, lower=i > 0) for i, e in enumerate(self.relations_of(node.series_id))
            )
        if col == T_STATUS:
            return node.status.label
        if col == T_YEARS:
            return node.years
        if col == T_PROGRESS:
            return progress_text(node)
        if col == T_STATE:
            return state_text(node)
        return ""

    def _tooltip(self, node: FranchiseNode, col: int) -> str:
        if col == T_RELATION:
            lines = [
                f"{node.title}: {relation_text(e, self._titles, lower=True)}" for e in self.relations_of(node.series_id)
            ]
            return plain_tooltip("\n".join(lines)) if lines else ""
        if col == T_YEARS:
            return plain_tooltip(when_text(node))
        if col == T_PROGRESS:
            if not node.aired:
                return ""
            aired = node.aired
            return plain_tooltip(
                translate("FranchiseTreeModel", "{watched} of %n episodes out watched", "", aired).format(
                    watched=node.watched
                )
            )
        text = self._text(node, col)
        return (
            plain_tooltip(f"{node.title}\n{node.status.label} · {when_text(node)} · {state_text(node)}")
            if col == T_TITLE
            else plain_tooltip(text)
        )

    # -- dragging a series onto another ------------------------------------------------------
    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.LinkAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.LinkAction

    def mimeTypes(self) -> list[str]:
        return [SERIES_MIME]

    def mimeData(self, indexes) -> QMimeData | None:
        ids = [sid for i in indexes if (sid := self.series_at(i)) is not None]
        if not ids:
            return None
        data = QMimeData()
        data.setData(SERIES_MIME, QByteArray(str(ids[0]).encode()))
        return data

    @staticmethod
    def dragged_id(data: QMimeData | None) -> int | None:
        if data is None or not data.hasFormat(SERIES_MIME):
            return None
        try:
            return int(bytes(data.data(SERIES_MIME).data()).decode())
        except ValueError:
            return None

    def canDropMimeData(self, data, action, row: int, column: int, parent: _Index) -> bool:
        if row != -1:  # only onto a series, not between two
            return False
        onto, dragged = self.series_at(parent), self.dragged_id(data)
        return onto is not None and dragged is not None and dragged != onto

    def dropMimeData(self, data, action, row: int, column: int, parent: _Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        self.series_dropped.emit(self.dragged_id(data), self.series_at(parent))
        return True  # nothing moves: the relation, if any, comes with the next load


# -- one franchise in an order --------------------------------------------------------------------


class Order(Enum):
    RELEASE = "release"
    WATCH = "watch"
    STORY = "story"

    @property
    def label(self) -> str:
        return translate("Order", _ORDER_LABELS[self.value])

    @property
    def explanation(self) -> str:
        return translate("Order", _ORDER_EXPLANATIONS[self.value])

    def of(self, graph: FranchiseGraph) -> tuple[int, ...]:
        return {"release": graph.release_order, "watch": graph.watch_order, "story": graph.story_order}[self.value]


_ORDER_LABELS = {
    "release": QT_TRANSLATE_NOOP("Order", "Release order"),
    "watch": QT_TRANSLATE_NOOP("Order", "Suggested watch order"),
    "story": QT_TRANSLATE_NOOP("Order", "Story order"),
}
_ORDER_EXPLANATIONS = {
    "release": QT_TRANSLATE_NOOP(
        "Order", "By premiere. A series with only a rough date goes at the end of its span; one with none goes last."
    ),
    "watch": QT_TRANSLATE_NOOP(
        "Order",
        "Each series after the one it comes from (a spin-off after its original); a prequel where it was released, "
        "as it was made to be seen.",
    ),
    "story": QT_TRANSLATE_NOOP(
        "Order",
        "In-universe chronology: like the suggested order, but a prequel comes before the series it precedes.",
    ),
}

ORDER_COLUMNS = (
    QT_TRANSLATE_NOOP("OrderModel", "#"),
    QT_TRANSLATE_NOOP("OrderModel", "Series"),
    QT_TRANSLATE_NOOP("OrderModel", "Years"),
    QT_TRANSLATE_NOOP("OrderModel", "Status"),
    QT_TRANSLATE_NOOP("OrderModel", "Progress"),
)
O_NUMBER, O_TITLE, O_YEARS, O_STATUS, O_PROGRESS = range(len(ORDER_COLUMNS))


@guard_qt
class OrderModel(QAbstractTableModel):
    """A numbered list of the franchise's series in one of its orders."""

    def __init__(self, order: Order = Order.RELEASE, parent=None):
        super().__init__(parent)
        self.order = order
        self._rows: tuple[FranchiseNode, ...] = ()
        self._headers = tuple(translate("OrderModel", c) for c in ORDER_COLUMNS)

    def set_graph(self, graph: FranchiseGraph | None) -> None:
        rows: tuple[FranchiseNode, ...] = ()
        if graph is not None:
            nodes = {n.series_id: n for n in graph.nodes}
            rows = tuple(nodes[sid] for sid in self.order.of(graph) if sid in nodes)
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def series_ids(self) -> list[int]:
        return [n.series_id for n in self._rows]

    def series_at(self, index: _Index) -> int | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()].series_id

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(ORDER_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(ORDER_COLUMNS)
        ):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        node, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{index.row() + 1}.", node.title, node.years, node.status.label, progress_text(node))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == O_YEARS:
                return plain_tooltip(when_text(node))
            if col == O_TITLE:
                return plain_tooltip(f"{node.title}\n{node.status.label} · {when_text(node)} · {state_text(node)}")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == O_NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (col == O_NUMBER or (col == O_PROGRESS and not node.aired)):
            return QBrush(theme.secondary())
        if role == PROGRESS_ROLE and col == O_PROGRESS:
            return (node.watched, node.aired) if node.aired else None
        if role == SERIES_ID_ROLE:
            return node.series_id
        if role == NODE_ROLE:
            return node
        return None
