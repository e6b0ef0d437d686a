"""One series: header, seasons and episodes, cast, related series, announcements, notes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from watchtracker.domain.dates import month_abbreviation, safe_local
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.i18n import translate
from watchtracker.domain.models import EpisodeView, SeriesDetail

from watchtracker.ui.common import theme
from watchtracker.ui.common.columns import ColumnFitter
from watchtracker.ui.common.delegates import ProgressDelegate
from watchtracker.ui.common.html import esc, is_web_link, plain, plain_tooltip
from watchtracker.ui.common.posters import poster_pixmap
from watchtracker.ui.common.row_menu import RowMenu
from watchtracker.ui.detail.cast_model import CastModel
from watchtracker.ui.detail.episodes_model import PROGRESS, EpisodesModel

POSTER = QSize(120, 170)


class DetailView(QWidget):
    """Layout only: builds the widgets of the detail page."""

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 10, 16, 10)

        bar = QHBoxLayout()
        self.back_button = QToolButton(text=self.tr("← Library"))
        self.back_button.setObjectName("backButton")
        self.back_button.setToolTip(self.tr("Back (Alt+Left)"))
        self.back_button.setAutoRaise(True)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        self.find_online_button = QPushButton(self.tr("Find on TVmaze…"))
        self.find_online_button.setToolTip(
            self.tr("Link this series to its TVmaze entry: its seasons and episodes come in, your history stays")
        )
        bar.addWidget(self.find_online_button)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)
        outer.addLayout(bar)

        header = QHBoxLayout()
        header.setSpacing(16)
        self.poster = QLabel()
        self.poster.setFixedSize(POSTER)
        header.addWidget(self.poster, 0, Qt.AlignmentFlag.AlignTop)
        info = QVBoxLayout()
        info.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.franchise = QLabel()
        self.franchise.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        info.addWidget(self.title)
        info.addWidget(self.meta)
        info.addWidget(self.franchise)

        viewer = QHBoxLayout()
        self.follow_button = QPushButton(self.tr("Follow"))
        self.state = QComboBox()
        self.state.setAccessibleName(self.tr("Where you are with it"))
        for s in ViewerState:
            self.state.addItem(s.label, s)
        self.favourite = QCheckBox(self.tr("Favourite"))
        self.rating = QSpinBox()
        self.rating.setRange(0, 10)
        self.rating.setSpecialValueText(self.tr("not rated"))
        self.rating.setSuffix(self.tr(" / 10"))
        self.rating.setToolTip(self.tr("Your rating, 1 to 10"))
        self.progress_label = QLabel()
        viewer.addWidget(self.follow_button)
        viewer.addWidget(self.state)
        viewer.addWidget(self.favourite)
        self.rating_label = QLabel(self.tr("&Rating"))
        self.rating_label.setBuddy(self.rating)
        self.not_followed = QLabel(self.tr("Not in your library yet."))
        theme.set_secondary(self.not_followed)
        viewer.addWidget(self.not_followed)
        viewer.addWidget(self.rating_label)
        viewer.addWidget(self.rating)
        viewer.addSpacing(12)
        viewer.addWidget(self.progress_label)
        viewer.addStretch(1)
        info.addLayout(viewer)

        self.overview = QLabel()
        self.overview.setWordWrap(True)
        self.overview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.overview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        info.addWidget(self.overview)
        info.addStretch(1)
        header.addLayout(info, 1)
        outer.addLayout(header)

        self.tabs = QTabWidget()
        self.tabs.tabBar().setAccessibleName(self.tr("About this series"))
        outer.addWidget(self.tabs, 1)
        plain(self.title, self.meta, self.franchise, self.overview, self.progress_label)

        episodes = QWidget()
        ev = QVBoxLayout(episodes)
        ev.setContentsMargins(0, 6, 0, 0)
        actions = QHBoxLayout()
        self.mark_button = QPushButton(self.tr("Mark watched"))
        self.unmark_button = QPushButton(self.tr("Mark unwatched"))
        self.rewatch_button = QPushButton(self.tr("Watch again"))
        self.up_to_button = QPushButton(self.tr("Watched up to here"))
        self.all_button = QPushButton(self.tr("Mark all watched"))
        for b in (self.mark_button, self.unmark_button, self.rewatch_button, self.up_to_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.all_button)
        ev.addLayout(actions)
        self.episodes = QTreeView()
        self.episodes.setObjectName("episodes")
        self.episodes.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.episodes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.episodes.setUniformRowHeights(True)
        self.episodes.setAlternatingRowColors(True)
        self.episodes.setAccessibleName(self.tr("Seasons and episodes"))
        self.episodes.setAccessibleDescription(
            self.tr(
                "Space marks the selected episodes watched, or unwatched when they all are; the Menu key or "
                "Shift+F10 lists what else you can do."
            )
        )
        ev.addWidget(self.episodes)
        self.no_episodes = QLabel()
        self.no_episodes.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_episodes.setWordWrap(True)
        self.no_episodes.setObjectName("emptyHint")
        ev.addWidget(self.no_episodes)
        self.tabs.addTab(episodes, self.tr("Episodes"))

        self.cast = QTreeView()
        self.cast.setRootIsDecorated(False)
        self.cast.setAlternatingRowColors(True)
        self.cast.setAccessibleName(self.tr("Cast"))
        self.tabs.addTab(self.cast, self.tr("Cast"))

        self.related = QTextBrowser()
        self.related.setOpenLinks(False)
        self.related.setAccessibleName(self.tr("Related series"))
        self.tabs.addTab(self.related, self.tr("Related"))

        self.timeline = QTextBrowser()
        self.timeline.setOpenLinks(False)
        self.timeline.setAccessibleName(self.tr("Announcements"))
        self.tabs.addTab(self.timeline, self.tr("Announcements"))

        notes = QWidget()
        nv = QVBoxLayout(notes)
        nv.setContentsMargins(0, 6, 0, 0)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Your notes on this series. They are saved as you type."))
        self.notes.setAccessibleName(self.tr("Your notes"))
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes; a tab in a note is no use here
        self.notes_status = QLabel()
        nv.addWidget(self.notes)
        nv.addWidget(self.notes_status)
        self.tabs.addTab(notes, self.tr("Notes"))
        plain(self.no_episodes, self.notes_status)


class DetailPage(DetailView):
    """Signals:
    ``back_requested()``; ``series_requested(int)`` (a related series' link);
    ``watch_requested(str, list[int], str)`` (action: mark|unmark|rewatch, episode ids, label);
    ``follow_requested(int, bool)``; ``entry_edited(int, dict)`` (state, favourite, rating, notes);
    ``edit_requested(int)``; ``delete_requested(int)``; ``find_online_requested(int)``.
    """

    back_requested = Signal()
    series_requested = Signal(int)
    watch_requested = Signal(str, list, str)
    follow_requested = Signal(int, bool)
    entry_edited = Signal(int, dict)
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    find_online_requested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.detail: SeriesDetail | None = None
        self._filling = False
        self.model = EpisodesModel(self)
        self.model.on_toggle = self._on_toggle
        self.episodes.setModel(self.model)
        self.episodes.setItemDelegateForColumn(PROGRESS, ProgressDelegate(self.episodes))
        header = self.episodes.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.resizeSection(PROGRESS, 170)
        for col, width in ((2, 110), (3, 90), (4, 60), (5, 110)):
            header.resizeSection(col, width)
        self.columns = ColumnFitter(self.episodes, header, [0], min_main=200)  # the episode titles
        self.cast_model = CastModel(self)
        self.cast.setModel(self.cast_model)
        self.cast.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        self._notes_timer = QTimer(self, singleShot=True, interval=700)
        self._notes_timer.timeout.connect(self._save_notes)

        self.back_button.clicked.connect(self.back_requested)
        self.edit_button.clicked.connect(lambda: self.detail and self.edit_requested.emit(self.detail.id))
        self.delete_button.clicked.connect(lambda: self.detail and self.delete_requested.emit(self.detail.id))
        self.find_online_button.clicked.connect(lambda: self.detail and self.find_online_requested.emit(self.detail.id))
        self.follow_button.clicked.connect(self._on_follow_clicked)
        self.state.activated.connect(self._on_state)
        self.favourite.toggled.connect(self._on_favourite)
        self.rating.valueChanged.connect(self._on_rating)
        self.notes.textChanged.connect(self._on_notes_typed)
        self.related.anchorClicked.connect(self._on_related_link)
        self.timeline.anchorClicked.connect(self._on_web_link)
        self.mark_button.clicked.connect(lambda: self._act_on_selection("mark"))
        self.unmark_button.clicked.connect(lambda: self._act_on_selection("unmark"))
        self.rewatch_button.clicked.connect(lambda: self._act_on_selection("rewatch"))
        self.up_to_button.clicked.connect(self._mark_up_to)
        self.all_button.clicked.connect(self._mark_all)
        self.row_menu = RowMenu(self.episodes, self._fill_menu)
        self.episodes.doubleClicked.connect(self._on_double_click)

        toggle = QAction(self.tr("Toggle watched"), self)
        toggle.setShortcut(QKeySequence(Qt.Key.Key_Space))
        toggle.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        toggle.triggered.connect(self.toggle_selected)
        self.episodes.addAction(toggle)

    # -- showing ---------------------------------------------------------------------------
    def set_back_label(self, section: str) -> None:
        """Where Back goes when no series was opened before this one: "← Up next"."""
        self.back_button.setText(self.tr("← {section}").format(section=section))
        self.back_button.setAccessibleName(self.tr("Back to {section}").format(section=section))

    def show_detail(self, d: SeriesDetail) -> None:
        same_series = self.detail is not None and self.detail.id == d.id
        self._save_notes()
        self.detail = d
        self._filling = True
        try:
            self._fill_header(d)
            if not (same_series and self.model.replace_seasons(d.seasons)):
                self.model.set_seasons(d.seasons)
                self._expand_current_season()
            has_eps = any(s.episodes for s in d.seasons)
            self.episodes.setVisible(has_eps)
            for b in (self.mark_button, self.unmark_button, self.rewatch_button, self.up_to_button, self.all_button):
                b.setVisible(has_eps)
            self.no_episodes.setVisible(not has_eps)
            self.no_episodes.setText(self._no_episodes_text(d))
            # read again after a change (a mark, say): what did not change is left as it is (its
            # scroll position and selection too), and costs nothing
            if not same_series or tuple(self.cast_model.credits) != d.cast:
                self.cast_model.set_credits(d.cast)
            self._set_html(self.related, self._related_html(d))
            self._set_html(self.timeline, self._timeline_html(d))
            if not same_series or not self.notes.hasFocus():
                self.notes.setPlainText(d.notes)
            self.notes.setEnabled(d.followed)
            self.notes_status.setText("" if d.followed else self.tr("Follow the series to keep notes on it."))
            # the counts as plain names: lupdate reads no other expression as the count
            episodes, cast, related = sum(len(s.episodes) for s in d.seasons), len(d.cast), len(d.related)
            announcements = len(d.announcements)
            for tab, label in enumerate(
                (
                    translate("DetailPage", "Episodes (%n)", "a tab", episodes),
                    translate("DetailPage", "Cast (%n)", "a tab", cast),
                    translate("DetailPage", "Related (%n)", "a tab", related),
                    translate("DetailPage", "Announcements (%n)", "a tab", announcements),
                )
            ):
                if self.tabs.tabText(tab) != label:  # a new text lays the tab bar out again
                    self.tabs.setTabText(tab, label)
            if not same_series:
                self.tabs.setCurrentIndex(0)
        finally:
            self._filling = False

    def _set_html(self, browser: QTextBrowser, html: str) -> None:
        """``browser`` shows ``html``; the same again is not parsed and laid out again."""
        if browser.property("shownHtml") != html:
            browser.setHtml(html)
            browser.setProperty("shownHtml", html)

    def _fill_header(self, d: SeriesDetail) -> None:
        ratio = self.devicePixelRatioF()
        self.poster.setPixmap(poster_pixmap(d.title, d.poster_path, POSTER, ratio))
        self.title.setText(d.title)
        self.title.setToolTip(plain_tooltip(d.title))
        status = d.status.label
        if d.status.is_unreleased and d.premiere:
            status = self.tr("{status} — premiere {when}").format(status=status, when=d.premiere.label())
        bits = [
            d.years if not d.status.is_unreleased else "",
            status,
            d.network,
            ", ".join(d.genres),
            d.content_rating,
            self.tr("{minutes} min").format(minutes=d.runtime) if d.runtime else "",
        ]
        self.meta.setText("  ·  ".join(b for b in bits if b))
        self.franchise.setText(self.tr("Part of the {franchise}").format(franchise=d.franchise) if d.franchise else "")
        self.franchise.setVisible(bool(d.franchise))
        self.overview.setText(d.overview or self.tr("No overview yet."))
        self.find_online_button.setVisible("tvmaze" not in d.external_ids)
        self.follow_button.setText(self.tr("Unfollow") if d.followed else self.tr("Follow"))
        self.follow_button.setToolTip(
            self.tr("Remove from your library (its viewings are kept)")
            if d.followed
            else self.tr("Add to your library")
        )
        for w in (self.state, self.favourite, self.rating, self.rating_label):
            w.setVisible(d.followed)
        self.not_followed.setVisible(not d.followed)
        if d.state is not None:
            self.state.setCurrentIndex(self.state.findData(d.state))
        self.favourite.setChecked(d.favourite)
        self.rating.setValue(d.rating or 0)
        eps = [e for s in d.seasons if s.number > 0 for e in s.episodes]
        watched, aired = sum(1 for e in eps if e.watched), len(eps)
        self.progress_label.setText(
            translate("DetailPage", "{watched} of %n episode(s) watched", "", aired).format(watched=watched)
            if eps
            else ""
        )

    def _expand_current_season(self) -> None:
        """Open the season the viewer is in: the first with an unwatched aired episode."""
        self.episodes.collapseAll()
        for row, season in enumerate(self.model.seasons):
            if season.number == 0:
                continue
            if any(not e.watched for e in season.episodes):
                self.episodes.expand(self.model.index(row, 0))
                return
        if self.model.seasons:
            self.episodes.expand(self.model.index(len(self.model.seasons) - 1, 0))

    @staticmethod
    def _no_episodes_text(d: SeriesDetail) -> str:
        if d.status.is_unreleased:
            if d.premiere is not None and d.premiere.overdue(date.today()):
                return translate(
                    "DetailPage",
                    "{title} was expected to premiere {when}; no date has been announced since and no episodes "
                    "are listed. Find on TVmaze may know more.",
                ).format(title=d.title, when=d.premiere.phrase())
            status = d.status.label.lower()
            if d.premiere:
                return translate(
                    "DetailPage",
                    "{title} is {status}: no episodes are listed yet. It is expected to premiere {when}.",
                ).format(title=d.title, status=status, when=d.premiere.phrase())
            return translate("DetailPage", "{title} is {status}: no episodes are listed yet.").format(
                title=d.title, status=status
            )
        return translate("DetailPage", "No episodes are listed for this series.")

    def _related_html(self, d: SeriesDetail) -> str:
        grey = theme.secondary(self.palette()).name()
        if not d.related:
            none = self.tr("No related series. Add one with Edit….")
            return f"<p style='color:{grey}'>{esc(none)}</p>"
        rows = []
        not_followed = esc(self.tr("not followed"))
        for r in d.related:
            when = f" · {r.premiere.label()}" if r.premiere and r.status.is_unreleased else ""
            followed = "" if r.followed else f" · {not_followed}"
            rows.append(
                f"<tr><td style='padding:4px 12px 4px 0; color:{grey}'>{esc(r.label)}</td>"
                f"<td style='padding:4px 0'><a href='series:{r.series_id}'><b>{esc(r.title)}</b></a>"
                f" <span style='color:{grey}'>— {esc(r.status.label)}{esc(when)}{followed}</span></td></tr>"
            )
        return f"<table>{''.join(rows)}</table>"

    def _timeline_html(self, d: SeriesDetail) -> str:
        grey = theme.secondary(self.palette()).name()
        chip_bg, chip_fg = (c.name() for c in theme.chip(self.palette()))
        if not d.announcements:
            none = self.tr("No announcements about this series yet.")
            return f"<p style='color:{grey}'>{esc(none)}</p>"
        parts = []
        undated, source, also_about = (
            self.tr("Undated"),
            self.tr("source", "a link to it"),
            esc(self.tr("Also about: {titles}")),
        )
        day_month_year = self.tr("{day} {month} {year}", "abbreviated month")
        for a in d.announcements:
            when = undated
            if a.published:
                local = safe_local(a.published)
                when = day_month_year.format(day=local.day, month=month_abbreviation(local.month), year=local.year)
            link = (
                f" — <a href='{esc(a.url)}'>{esc(a.source or source)}</a>"
                if is_web_link(a.url)
                else (f" — {esc(a.source)}" if a.source else "")
            )
            others = [t for t in a.series if t != d.title]
            about = (
                f"<br><span style='color:{grey}'>{also_about.format(titles=esc(', '.join(others)))}</span>"
                if others
                else ""
            )
            summary = f"<br>{esc(a.summary)}" if a.summary else ""
            chips = " ".join(  # every kind of news in it, the main one first
                f"<span style='background:{chip_bg}; color:{chip_fg}'>&nbsp;{esc(k.label)}&nbsp;</span>"
                for k in (a.kinds or (a.kind,))
            )
            parts.append(
                f"<p><span style='color:{grey}'>{esc(when)}</span> &nbsp;{chips}"
                f"<br><b>{esc(a.headline)}</b>{link}{summary}{about}</p>"
            )
        return "".join(parts)

    # -- acting ----------------------------------------------------------------------------
    def selected_episodes(self) -> list[EpisodeView]:
        chosen: dict[int, EpisodeView] = {}
        for index in self.episodes.selectionModel().selectedRows():
            e = self.model.episode_at(index)
            if e is not None:
                chosen[e.id] = e
                continue
            season = self.model.season_at(index)
            if season is not None:
                for ep in season.episodes:
                    chosen[ep.id] = ep
        return sorted(chosen.values(), key=lambda e: (e.season, e.number))

    def _emit(self, action: str, episodes: list[EpisodeView]) -> None:
        if not episodes or self.detail is None:
            return
        self.watch_requested.emit(action, [e.id for e in episodes], self._watch_label(action, episodes))

    def _watch_label(self, action: str, episodes: list[EpisodeView]) -> str:
        """What the undo stack calls it: "Mark S01E03 watched", "Watch 3 episodes again"."""
        n = len(episodes)
        if n == 1:
            one = {
                "mark": self.tr("Mark {episode} watched"),
                "unmark": self.tr("Mark {episode} unwatched"),
                "rewatch": self.tr("Watch {episode} again"),
            }[action]
            return one.format(episode=episodes[0].code)
        many = {
            "mark": lambda: translate("DetailPage", "Mark %n episode(s) watched", "", n),
            "unmark": lambda: translate("DetailPage", "Mark %n episode(s) unwatched", "", n),
            "rewatch": lambda: translate("DetailPage", "Watch %n episode(s) again", "", n),
        }[action]
        return many()

    def _act_on_selection(self, action: str) -> None:
        eps = self.selected_episodes()
        if action == "mark":
            eps = [e for e in eps if not e.watched and (self.model.is_aired(e) or len(eps) == 1)]
        elif action == "unmark":
            eps = [e for e in eps if e.watched]
        self._emit(action, eps)

    def toggle_selected(self) -> None:
        eps = self.selected_episodes()
        if not eps:
            return
        if all(e.watched for e in eps):
            self._emit("unmark", eps)
        else:
            self._act_on_selection("mark")

    def _mark_up_to(self) -> None:
        eps = self.selected_episodes()
        if not eps or self.detail is None:
            return
        last = eps[-1]
        todo = [
            e
            for e in self.detail.episodes()
            if e.season > 0 and e.code <= last.code and not e.watched and (self.model.is_aired(e) or e.id == last.id)
        ]
        if todo:
            label = self.tr("Mark everything up to {episode} watched").format(episode=last.code)
            self.watch_requested.emit("mark", [e.id for e in todo], label)

    def _mark_all(self) -> None:
        if self.detail is None:
            return
        todo = [e for e in self.detail.episodes() if e.season > 0 and not e.watched and self.model.is_aired(e)]
        if todo:
            label = self.tr("Mark all of {title} watched").format(title=self.detail.title)
            self.watch_requested.emit("mark", [e.id for e in todo], label)

    def _on_toggle(self, episodes: list[EpisodeView], watched: bool) -> None:
        if watched:
            self._emit("mark", [e for e in episodes if not e.watched])
        else:
            self._emit("unmark", [e for e in episodes if e.watched])

    def _on_double_click(self, index) -> None:
        if self.model.episode_at(index) is not None and index.column() != 0:
            self.toggle_selected()

    def _fill_menu(self, menu: QMenu, _index) -> None:
        """The buttons over the list, as a menu on the selected episodes (or seasons)."""
        episodes = self.selected_episodes()
        if not episodes:
            return
        menu.addAction(self.mark_button.text(), lambda: self._act_on_selection("mark"))
        menu.addAction(self.unmark_button.text(), lambda: self._act_on_selection("unmark"))
        menu.addAction(self.tr("Watch again (count another viewing)"), lambda: self._act_on_selection("rewatch"))
        menu.addSeparator()
        menu.addAction(self.tr("Watched up to here ({episode})").format(episode=episodes[-1].code), self._mark_up_to)

    def _on_follow_clicked(self) -> None:
        if self.detail is not None:
            self.follow_requested.emit(self.detail.id, not self.detail.followed)

    def _on_state(self, _index: int) -> None:
        if self.detail is not None and not self._filling:
            self.entry_edited.emit(self.detail.id, {"state": self.state.currentData()})

    def _on_favourite(self, checked: bool) -> None:
        if self.detail is not None and not self._filling:
            self.entry_edited.emit(self.detail.id, {"favourite": checked})

    def _on_rating(self, value: int) -> None:
        if self.detail is not None and not self._filling:
            self.entry_edited.emit(self.detail.id, {"rating": value or None})

    def _on_notes_typed(self) -> None:
        if not self._filling and self.detail is not None and self.detail.followed:
            self.notes_status.setText(self.tr("Saving…"))
            self._notes_timer.start()

    def _save_notes(self) -> None:
        if not self._notes_timer.isActive() and self.notes_status.text() != self.tr("Saving…"):
            return
        self._notes_timer.stop()
        if self.detail is not None and self.detail.followed:
            self.entry_edited.emit(self.detail.id, {"notes": self.notes.toPlainText()})
            self.notes_status.setText(self.tr("Saved."))

    def flush(self) -> None:
        """Save what is being typed (before leaving the page or closing the window)."""
        self._save_notes()

    def _on_related_link(self, url: QUrl) -> None:
        if url.scheme() == "series":
            try:
                self.series_requested.emit(int(url.path()))
            except ValueError:
                pass

    @staticmethod
    def _on_web_link(url: QUrl) -> None:
        if is_web_link(url.toString()):
            QDesktopServices.openUrl(url)
