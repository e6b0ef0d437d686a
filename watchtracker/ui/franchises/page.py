"""The Franchises page: the viewer's franchises on the left; the chosen one on the right as a tree
of its series by typed relations, with status, years and progress, and in release, suggested
watch and story order.

``FranchisesView`` only builds widgets; ``FranchisesPage`` turns the viewer's gestures into
signals (the controller in ui.franchises_controller acts on them). Everything from data is shown as
plain text; long names are elided, with the whole of them in a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from watchtracker.domain.franchise import FranchiseEdge, FranchiseGraph, FranchiseSummary
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate

from watchtracker.ui.common import theme
from watchtracker.ui.common.columns import ColumnFitter
from watchtracker.ui.common.delegates import ProgressDelegate
from watchtracker.ui.common.empty_state import EmptyState, heading_label
from watchtracker.ui.common.html import plain
from watchtracker.ui.common.row_menu import RowMenu, with_key
from watchtracker.ui.franchises.model import (
    O_NUMBER,
    O_PROGRESS,
    O_STATUS,
    O_TITLE,
    O_YEARS,
    T_PROGRESS,
    T_RELATION,
    T_STATE,
    T_STATUS,
    T_TITLE,
    T_YEARS,
    FranchiseListModel,
    FranchiseTreeModel,
    Order,
    OrderModel,
    relation_text,
)
from watchtracker.ui.franchises.widgets import ElidedLabel, FittedTreeView, FranchiseItemDelegate

LOADING, EMPTY, CONTENT = range(3)  # the page's stack
MEMBERS, NO_MEMBERS = range(2)  # the chosen franchise's stack
# translated where shown
FOLLOW_TEXT = QT_TRANSLATE_NOOP("FranchisesView", "Follow this franchise")
FOLLOWING_TEXT = QT_TRANSLATE_NOOP("FranchisesView", "✓ Following")
DRAG_HINT = QT_TRANSLATE_NOOP("FranchisesView", "Drag a series onto another to relate them.")


def _menu_text(text: str) -> str:
    """A title in a menu entry: "&" is a mnemonic marker there."""
    return text.replace("&", "&&")


class FranchisesView(QWidget):
    """Layout only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 6)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        loading = QLabel(self.tr("Reading your franchises…"))
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_secondary(loading)
        self.stack.addWidget(loading)
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(self._build_content())
        self.stack.setCurrentIndex(LOADING)

    # the library has no franchise: say what one is, and offer to make one
    def _build_empty(self) -> QWidget:
        empty = EmptyState(
            self.tr("No franchises yet"),
            self.tr(
                "A franchise gathers the series of one universe — Bosch, its spin-offs Bosch: Legacy and "
                "Ballard — with how they relate (spin-off, sequel, prequel, revival, remake), the order "
                "to watch them in, and how far you are in each. Follow a franchise and every series that "
                "joins it is followed too, with an alert."
            ),
            (self.tr("New franchise…"),),
            hint=self.tr("A series added as a spin-off of one in a franchise joins it by itself."),
        )
        self.empty_text, self.empty_hint = empty.text, empty.hint
        (self.empty_new_button,) = empty.buttons
        self.empty_new_button.setObjectName("emptyNewFranchise")
        return empty

    def _build_content(self) -> QWidget:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 6, 0)
        lv.addWidget(heading_label(self.tr("Franchises"), 1.15))
        self.list = QListView()
        self.list.setObjectName("franchiseList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName(self.tr("Franchises"))
        self.list.setMinimumWidth(180)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lv.addWidget(self.list, 1)
        self.new_button = QPushButton(self.tr("New franchise…"))
        self.new_button.setObjectName("newFranchise")
        lv.addWidget(self.new_button)
        self.splitter.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(8, 0, 0, 0)
        top = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(2)
        self.name_label = ElidedLabel()
        self.name_label.setObjectName("franchiseTitle")
        f = self.name_label.font()
        f.setPointSizeF(f.pointSizeF() * 1.6)
        f.setBold(True)
        self.name_label.setFont(f)
        self.meta_label = ElidedLabel()
        self.meta_label.setObjectName("franchiseMeta")
        theme.set_secondary(self.meta_label)
        names.addWidget(self.name_label)
        names.addWidget(self.meta_label)
        top.addLayout(names, 1)
        self.follow_button = QPushButton(translate("FranchisesView", FOLLOW_TEXT))
        self.follow_button.setObjectName("followFranchise")
        self.follow_button.setCheckable(True)
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        for b in (self.follow_button, self.rename_button, self.delete_button):
            top.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        rv.addLayout(top)
        self.description_label = ElidedLabel(lines=2)
        self.description_label.setObjectName("franchiseDescription")
        rv.addWidget(self.description_label)

        bar = QHBoxLayout()
        self.add_series_button = QPushButton(self.tr("Add series…"))
        self.add_relation_button = QPushButton(self.tr("Add relation…"))
        self.remove_relation_button = QPushButton(self.tr("Remove relation"))
        self.remove_relation_button.setObjectName("removeRelation")
        self.remove_relation_button.setMenu(QMenu(self.remove_relation_button))
        self.remove_member_button = QPushButton(self.tr("Remove from franchise"))
        for w in (
            self.add_series_button,
            self.add_relation_button,
            self.remove_relation_button,
            self.remove_member_button,
        ):
            bar.addWidget(w)
        self.drag_hint = ElidedLabel(translate("FranchisesView", DRAG_HINT), whole=True)
        self.drag_hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        theme.set_secondary(self.drag_hint)
        bar.addWidget(self.drag_hint, 1)
        rv.addLayout(bar)

        self.body = QStackedWidget()
        body = QSplitter(Qt.Orientation.Vertical)
        body.setChildrenCollapsible(False)
        self.tree = FittedTreeView(
            {
                T_TITLE: (0.30, 140),
                T_RELATION: (0.22, 110),
                T_STATUS: (0.12, 80),
                T_YEARS: (0.11, 75),
                T_PROGRESS: (0.14, 100),
                T_STATE: (0.11, 90),
            }
        )
        self.tree.setObjectName("franchiseTree")
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setExpandsOnDoubleClick(False)  # a double click opens the series
        self.tree.setAccessibleName(self.tr("Series of the franchise"))
        self.tree.setAccessibleDescription(
            self.tr(
                "Enter opens the selected series, Delete takes it out of the franchise; the Menu key or Shift+F10 "
                "lists what else you can do."
            )
        )
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.LinkAction)
        self.tree.setMinimumHeight(120)
        body.addWidget(self.tree)

        self.orders = QTabWidget()
        self.orders.setObjectName("franchiseOrders")
        self.orders.tabBar().setAccessibleName(self.tr("Orders to watch in"))
        self.order_views: dict[Order, QTreeView] = {}
        self.order_notes: dict[Order, QLabel] = {}
        for order in Order:
            page = QWidget()
            pv = QVBoxLayout(page)
            pv.setContentsMargins(4, 6, 4, 4)
            note = QLabel(order.explanation)
            note.setWordWrap(True)
            theme.set_secondary(note)
            note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            view = QTreeView()
            view.setObjectName(f"{order.value}Order")
            view.setAccessibleName(order.label)
            view.setRootIsDecorated(False)
            view.setItemsExpandable(False)
            view.setUniformRowHeights(True)
            view.setAlternatingRowColors(True)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            pv.addWidget(note)
            pv.addWidget(view, 1)
            self.orders.addTab(page, order.label)
            self.order_views[order] = view
            self.order_notes[order] = note
        body.addWidget(self.orders)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([270, 270])
        self.body.addWidget(body)

        no_members = QWidget()
        nv = QVBoxLayout(no_members)
        nv.addStretch(1)
        self.no_members_label = QLabel()
        self.no_members_label.setObjectName("noMembers")
        self.no_members_label.setWordWrap(True)
        self.no_members_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_members_add_button = QPushButton(self.tr("Add series…"))
        nv.addWidget(self.no_members_label)
        nv.addSpacing(8)
        nv.addWidget(self.no_members_add_button, 0, Qt.AlignmentFlag.AlignHCenter)
        nv.addStretch(2)
        self.body.addWidget(no_members)
        rv.addWidget(self.body, 1)

        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 900])
        plain(self.no_members_label)
        return self.splitter


class FranchisesPage(FranchisesView):
    """Signals (all requests; the controller acts): ``franchise_selected(int)`` (-1: none),
    ``new_requested()``, ``rename_requested(int)``, ``delete_requested(int)``,
    ``follow_requested(int, bool)``, ``add_series_requested(int)``,
    ``remove_member_requested(int)`` (a series), ``add_relation_requested(int, int)`` (from,
    to; -1 when not chosen yet), ``remove_relation_requested(int, str, int)`` (from, kind, to),
    ``series_opened(int)``."""

    franchise_selected = Signal(int)
    new_requested = Signal()
    rename_requested = Signal(int)
    delete_requested = Signal(int)
    follow_requested = Signal(int, bool)
    add_series_requested = Signal(int)
    remove_member_requested = Signal(int)
    add_relation_requested = Signal(int, int)
    remove_relation_requested = Signal(int, str, int)
    series_opened = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.list_model = FranchiseListModel(self)
        self.list.setModel(self.list_model)
        self.list.setItemDelegate(FranchiseItemDelegate(self.list))
        self.tree_model = FranchiseTreeModel(self)
        self.tree.setModel(self.tree_model)
        self.tree.setItemDelegateForColumn(T_PROGRESS, ProgressDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.fit_columns()
        self.order_models: dict[Order, OrderModel] = {}
        self.order_fitters: dict[Order, ColumnFitter] = {}
        for order, view in self.order_views.items():
            model = OrderModel(order, self)
            self.order_models[order] = model
            view.setModel(model)
            view.setItemDelegateForColumn(O_PROGRESS, ProgressDelegate(view))
            h = view.header()
            h.setStretchLastSection(False)
            h.setSectionResizeMode(O_TITLE, QHeaderView.ResizeMode.Stretch)
            for col, width in ((O_NUMBER, 36), (O_YEARS, 90), (O_STATUS, 100), (O_PROGRESS, 120)):
                h.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                h.resizeSection(col, width)
            self.order_fitters[order] = ColumnFitter(view, h, [O_TITLE], fixed=[O_NUMBER])
            view.activated.connect(lambda index, m=model: self._open(m.series_at(index)))
        self.graph: FranchiseGraph | None = None
        self._following = False
        self._collapsed: set[int] = set()  # series whose spin-offs the viewer folded away

        self.list.selectionModel().currentChanged.connect(lambda *_: self._on_franchise_changed())
        self.list_menu = RowMenu(self.list, self._fill_list_menu)
        self.new_button.clicked.connect(self.new_requested)
        self.empty_new_button.clicked.connect(self.new_requested)
        self.rename_button.clicked.connect(lambda: self._with_franchise(self.rename_requested.emit))
        self.delete_button.clicked.connect(lambda: self._with_franchise(self.delete_requested.emit))
        self.follow_button.clicked.connect(self._on_follow_clicked)
        self.add_series_button.clicked.connect(lambda: self._with_franchise(self.add_series_requested.emit))
        self.no_members_add_button.clicked.connect(lambda: self._with_franchise(self.add_series_requested.emit))
        self.add_relation_button.clicked.connect(self._add_relation_from_current)
        self.remove_member_button.clicked.connect(self._remove_current_member)
        self.tree.activated.connect(lambda index: self._open(self.tree_model.series_at(index)))
        self.tree.collapsed.connect(lambda index: self._collapsed.add(self.tree_model.series_at(index)))
        self.tree.expanded.connect(lambda index: self._collapsed.discard(self.tree_model.series_at(index)))
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.tree_menu = RowMenu(self.tree, self._fill_tree_menu)
        self.tree_model.series_dropped.connect(lambda a, b: self.add_relation_requested.emit(a, b))
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.tree,
            self._remove_current_member,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        QShortcut(
            QKeySequence(Qt.Key.Key_F2),
            self.list,
            lambda: self._with_franchise(self.rename_requested.emit),
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self._update_actions()

    # -- content ---------------------------------------------------------------------------
    def set_franchises(self, rows: list[FranchiseSummary], select: int | None = None) -> None:
        """Show these franchises; keep the chosen one (or choose ``select``, else the first).
        Emits ``franchise_selected`` only when the choice changes."""
        before = self.current_franchise_id()
        want = select if select is not None else before
        self.list.selectionModel().blockSignals(True)
        self.list_model.set_rows(rows)
        index = self.list_model.index_of(want) if want is not None else QModelIndex()
        if not index.isValid() and rows:
            index = self.list_model.index(0)
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)
        else:
            self.list.selectionModel().clear()
        self.list.selectionModel().blockSignals(False)
        self.stack.setCurrentIndex(CONTENT if rows else EMPTY)
        now = self.current_franchise_id()
        if now is None:
            self.show_graph(None)
        if now != before:
            self.franchise_selected.emit(now if now is not None else -1)
        self._update_actions()

    def show_graph(self, graph: FranchiseGraph | None) -> None:
        keep = self.current_series_id()
        self.graph = graph
        folded = set(self._collapsed)  # expandAll may report each branch as expanded
        self.tree_model.set_graph(graph)
        self.tree.expandAll()
        self._collapsed = folded
        for sid in folded:
            index = self.tree_model.index_of(sid)
            if index.isValid():
                self.tree.collapse(index)
        for model in self.order_models.values():
            model.set_graph(graph)
        if graph is None:
            self.name_label.set_full_text("")
            self.meta_label.set_full_text("")
            self.description_label.set_full_text("")
            self.body.setCurrentIndex(NO_MEMBERS)
            self.no_members_label.clear()
            self._update_actions()
            return
        self.name_label.set_full_text(graph.name)
        self.meta_label.set_full_text(_meta(graph))
        self.description_label.set_full_text(graph.description)
        self.description_label.setVisible(bool(graph.description))
        self.body.setCurrentIndex(MEMBERS if graph.nodes else NO_MEMBERS)
        self.no_members_label.setText(
            self.tr(
                "No series in {name} yet. Add series from your library, or relate a series to one "
                "of its series and it joins."
            ).format(name=graph.name)
        )
        self._following = graph.followed
        self.follow_button.setChecked(graph.followed)
        self.follow_button.setText(translate("FranchisesView", FOLLOWING_TEXT if graph.followed else FOLLOW_TEXT))
        self.follow_button.setToolTip(
            self.tr("You follow this franchise: a series that joins it is followed too. Click to stop.")
            if graph.followed
            else self.tr("Follow every series of this franchise, and any series that joins it later.")
        )
        if keep is not None:
            self.select_series(keep)
        self._update_actions()

    def current_franchise_id(self) -> int | None:
        f = self.list_model.summary_at(self.list.currentIndex())
        return f.id if f is not None else None

    def current_summary(self) -> FranchiseSummary | None:
        return self.list_model.summary_at(self.list.currentIndex())

    def select_franchise(self, franchise_id: int) -> bool:
        index = self.list_model.index_of(franchise_id)
        if not index.isValid():
            return False
        self.list.setCurrentIndex(index)
        return True

    def current_series_id(self) -> int | None:
        return self.tree_model.series_at(self.tree.currentIndex())

    def select_series(self, series_id: int) -> bool:
        index = self.tree_model.index_of(series_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        return True

    def edges_of(self, series_id: int) -> list[FranchiseEdge]:
        """Every relation the series is in, its own first."""
        if self.graph is None:
            return []
        own = [e for e in self.graph.edges if e.from_id == series_id]
        return own + [e for e in self.graph.edges if e.to_id == series_id]

    def edge_text(self, edge: FranchiseEdge) -> str:
        titles = {n.series_id: n.title for n in self.graph.nodes} if self.graph else {}
        return f"{titles.get(edge.from_id, '?')}: {relation_text(edge, titles, lower=True)}"

    # -- gestures --------------------------------------------------------------------------
    def _on_franchise_changed(self) -> None:
        fid = self.current_franchise_id()
        self.franchise_selected.emit(fid if fid is not None else -1)
        self._update_actions()

    def _with_franchise(self, emit) -> None:
        fid = self.current_franchise_id()
        if fid is not None:
            emit(fid)

    def _open(self, series_id: int | None) -> None:
        if series_id is not None:
            self.series_opened.emit(series_id)

    def _on_follow_clicked(self) -> None:
        # the button shows what is, not what was clicked: the next load sets it
        self.follow_button.setChecked(self._following)
        fid = self.current_franchise_id()
        if fid is not None:
            self.follow_requested.emit(fid, not self._following)

    def _add_relation_from_current(self) -> None:
        sid = self.current_series_id()
        self.add_relation_requested.emit(sid if sid is not None else -1, -1)

    def _remove_current_member(self) -> None:
        sid = self.current_series_id()
        if sid is not None:
            self.remove_member_requested.emit(sid)

    def _update_actions(self) -> None:
        has_franchise = self.graph is not None and self.current_franchise_id() is not None
        for w in (self.rename_button, self.delete_button, self.follow_button, self.add_series_button):
            w.setEnabled(has_franchise)
        members = len(self.graph.nodes) if self.graph is not None else 0
        sid = self.current_series_id()
        self.add_relation_button.setEnabled(has_franchise and members > 0)
        self.remove_member_button.setEnabled(sid is not None)
        # emptied, not hidden: it keeps the buttons to their size
        self.drag_hint.set_full_text(translate("FranchisesView", DRAG_HINT) if members > 1 else "")
        edges = self.edges_of(sid) if sid is not None else []
        menu = QMenu(self.remove_relation_button)
        for e in edges:
            menu.addAction(
                _menu_text(self.edge_text(e)),
                lambda e=e: self.remove_relation_requested.emit(e.from_id, e.kind.value, e.to_id),
            )
        old = self.remove_relation_button.menu()
        self.remove_relation_button.setMenu(menu)
        if old is not None:
            old.deleteLater()
        self.remove_relation_button.setEnabled(bool(edges))
        self.remove_relation_button.setToolTip(
            "" if edges else self.tr("Choose a series that is related to another one")
        )

    def _fill_tree_menu(self, menu: QMenu, index: QModelIndex) -> None:
        sid = self.tree_model.series_at(index)
        if sid is None:
            return
        menu.addAction(with_key(self.tr("Open"), "Enter"), lambda: self._open(sid))
        menu.addAction(self.tr("Add relation…"), lambda: self.add_relation_requested.emit(sid, -1))
        edges = self.edges_of(sid)
        if edges:
            sub = menu.addMenu(self.tr("Remove relation"))
            for e in edges:
                sub.addAction(
                    _menu_text(self.edge_text(e)),
                    lambda e=e: self.remove_relation_requested.emit(e.from_id, e.kind.value, e.to_id),
                )
        menu.addSeparator()
        menu.addAction(
            with_key(self.tr("Remove from franchise"), "Del"), lambda: self.remove_member_requested.emit(sid)
        )

    def _fill_list_menu(self, menu: QMenu, index: QModelIndex) -> None:
        f = self.list_model.summary_at(index)
        if f is None:
            return
        menu.addAction(
            self.tr("Stop following") if f.followed else translate("FranchisesView", FOLLOW_TEXT),
            lambda: self.follow_requested.emit(f.id, not f.followed),
        )
        menu.addAction(with_key(self.tr("Rename…"), "F2"), lambda: self.rename_requested.emit(f.id))
        menu.addAction(self.tr("Delete"), lambda: self.delete_requested.emit(f.id))


def _meta(graph: FranchiseGraph) -> str:
    """ "3 series · 2014–2025 · you follow all of them · 74 of 108 episodes watched" """
    n = len(graph.nodes)
    parts = [translate("FranchisesPage", "%n series", "", n) if n else translate("FranchisesPage", "No series yet")]
    if graph.years:
        parts.append(graph.years)
    if n:
        followed = sum(1 for node in graph.nodes if node.followed)
        parts.append(
            translate("FranchisesPage", "you follow all of them")
            if followed == n and n > 1
            else translate("FranchisesPage", "you follow it")
            if followed == n
            else translate("FranchisesPage", "you follow %n of them", "", followed)
            if followed
            else translate("FranchisesPage", "you follow none of them")
        )
        watched = sum(node.watched for node in graph.nodes)
        aired = sum(node.aired for node in graph.nodes)
        if aired:
            parts.append(
                translate("FranchisesPage", "{watched} of %n episodes watched", "", aired).format(watched=watched)
            )
    if graph.followed:
        parts.append(translate("FranchisesPage", "followed as a whole"))
    return " · ".join(parts)
