"""Seasons and their episodes as a two-level tree, with watched checkboxes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from watchtracker.domain import progress
from watchtracker.domain.dates import month_abbreviation, safe_local
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.models import EpisodeView, SeasonView

from watchtracker.ui.common.delegates import PROGRESS_ROLE
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.library.model import relative_day

COLUMNS = (  # each a literal: lupdate reads no other argument
    QT_TRANSLATE_NOOP("EpisodesModel", "Episode"),
    QT_TRANSLATE_NOOP("EpisodesModel", "Progress"),
    QT_TRANSLATE_NOOP("EpisodesModel", "Aired"),
    QT_TRANSLATE_NOOP("EpisodesModel", "Runtime"),
    QT_TRANSLATE_NOOP("EpisodesModel", "Plays"),
    QT_TRANSLATE_NOOP("EpisodesModel", "Last watched"),
)
TITLE, PROGRESS, AIRED, RUNTIME, PLAYS, LAST = range(len(COLUMNS))
EPISODE_ROLE = Qt.ItemDataRole.UserRole + 20  # EpisodeView on episode rows
SEASON_ROLE = Qt.ItemDataRole.UserRole + 21  # SeasonView on season rows

_Index = QModelIndex | QPersistentModelIndex
_TOP = 0  # internalId of a season row; an episode row holds its season's row + 1


@guard_qt
class EpisodesModel(QAbstractItemModel):
    """Signals: the inherited ones. Checking a row asks ``on_toggle(episodes, watched)`` to do it:
    the model changes only when the new data comes back."""

    def __init__(self, parent=None, now: Callable[[], datetime] | None = None):
        super().__init__(parent)
        self._seasons: list[SeasonView] = []
        self._aired_ids: set[int] = set()
        self._stats: list[tuple[int, int]] = []  # (watched, aired) per season
        self._titles: list[str] = []  # a season row's "Season 1  ·  10 episodes"
        self._days: tuple[date, date] = (date.min, date.min)  # see _compute
        self._now = now or (lambda: datetime.now(UTC))
        self.on_toggle: Callable[[list[EpisodeView], bool], None] | None = None
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)
        # what data() says again and again, translated once
        self._not_aired = translate("EpisodesModel", "Not aired yet")
        self._no_episodes = translate("EpisodesModel", "No episodes yet")
        self._episode_n = translate("EpisodesModel", "Episode {number}")
        self._tba = translate("EpisodesModel", "TBA", "no air date known")
        self._minutes = translate("EpisodesModel", "{minutes} min")
        self._day_month_year = translate("EpisodesModel", "{day} {month} {year}", "abbreviated month")
        self._aired_at = translate("EpisodesModel", "{day}, {time}", "a day and a time of day")
        self._months = tuple(month_abbreviation(m) for m in range(1, 13))

    def set_seasons(self, seasons: Sequence[SeasonView]) -> None:
        self.beginResetModel()
        self._seasons = list(seasons)
        self._compute()
        self.endResetModel()

    def _compute(self) -> None:
        """What data() needs again and again, worked out once per change."""
        now = self._now()
        today = now.astimezone().date()
        # the days the texts were worked out for: "Last watched" says "Yesterday" by the system's
        # clock (relative_day), what has aired goes by the model's
        self._days = (today, date.today())
        self._aired_ids = {e.id for s in self._seasons for e in s.episodes if progress.has_aired(e, now, today)}
        self._stats = [
            (
                sum(1 for e in s.episodes if e.watched),
                sum(1 for e in s.episodes if e.watched or e.id in self._aired_ids),
            )
            for s in self._seasons
        ]
        self._titles = []
        for s in self._seasons:
            n = len(s.episodes)  # a plain name: lupdate reads no other expression as the count
            self._titles.append(translate("EpisodesModel", "{season}  ·  %n episode(s)", "", n).format(season=s.label))

    def replace_seasons(self, seasons: Sequence[SeasonView]) -> bool:
        """Same shape (seasons and episode counts): update in place, keeping expansion and
        selection, and tell the view only about the rows whose data changed (a season marked
        watched: its row and its episodes'). Returns False when the shape changed and a reset is
        needed."""
        new = list(seasons)
        same = len(new) == len(self._seasons) and all(
            a.number == b.number and len(a.episodes) == len(b.episodes)
            for a, b in zip(new, self._seasons, strict=True)  # same length: checked first
        )
        if not same:
            return False
        old, old_aired, old_stats, old_titles, old_days = (
            self._seasons,
            self._aired_ids,
            self._stats,
            self._titles,
            self._days,
        )
        self._seasons = new
        self._compute()
        everything = old_days != self._days  # a new day: relative days and what has aired move
        aired = self._aired_ids
        last = len(COLUMNS) - 1
        for row, (before, after) in enumerate(zip(old, new, strict=True)):
            # a season row shows its name, its stats and what its episodes hold
            changed = [
                i
                for i, (a, b) in enumerate(zip(before.episodes, after.episodes, strict=True))
                if everything or a != b or (a.id in old_aired) != (b.id in aired)
            ]
            if (
                changed
                or everything
                or before.name != after.name
                or old_stats[row] != self._stats[row]
                or old_titles[row] != self._titles[row]
            ):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            if changed:
                parent = self.index(row, 0)
                for first, end in _runs(changed):  # one signal per run of neighbouring rows
                    self.dataChanged.emit(self.index(first, 0, parent), self.index(end - 1, last, parent))
        return True

    @property
    def seasons(self) -> list[SeasonView]:
        return self._seasons

    def episode_at(self, index: _Index) -> EpisodeView | None:
        if index.isValid() and index.internalId() != _TOP:
            return self._seasons[index.internalId() - 1].episodes[index.row()]
        return None

    def season_at(self, index: _Index) -> SeasonView | None:
        if index.isValid() and index.internalId() == _TOP:
            return self._seasons[index.row()]
        return None

    def index_of_episode(self, episode_id: int) -> QModelIndex:
        for srow, season in enumerate(self._seasons):
            for erow, e in enumerate(season.episodes):
                if e.id == episode_id:
                    return self.index(erow, 0, self.index(srow, 0))
        return QModelIndex()

    def is_aired(self, e: EpisodeView) -> bool:
        return e.id in self._aired_ids

    # -- Qt model ------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row < len(self._seasons):
                return self.createIndex(row, column, _TOP)
            return QModelIndex()
        if parent.internalId() == _TOP and parent.row() < len(self._seasons):
            if row < len(self._seasons[parent.row()].episodes):
                return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._seasons)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._seasons[parent.row()].episodes)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return translate("EpisodesModel", COLUMNS[section])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == TITLE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        episode = self.episode_at(index)
        if episode is not None:
            return self._episode_data(episode, index.column(), role)
        season = self.season_at(index)
        return self._season_data(index.row(), season, index.column(), role) if season else None

    def _season_data(self, row: int, s: SeasonView, col: int, role: int):
        watched, aired = self._stats[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == TITLE:
                return self._titles[row]
            if col == AIRED:
                dates = [e.air_date for e in s.episodes if e.air_date]
                return f"{min(dates).year}" if dates else ""
            if col == PROGRESS and not aired:
                return self._not_aired if s.episodes else self._no_episodes
            if col == RUNTIME:  # only when every episode's runtime is known
                if s.episodes and all(e.runtime for e in s.episodes):
                    return _hours(sum(e.runtime for e in s.episodes))
                return ""
            return ""
        if role == PROGRESS_ROLE and col == PROGRESS and aired:
            return (watched, aired)
        if role == Qt.ItemDataRole.CheckStateRole and col == TITLE and s.episodes:
            if watched == 0:
                return Qt.CheckState.Unchecked
            return Qt.CheckState.Checked if watched >= aired and aired else Qt.CheckState.PartiallyChecked
        if role == Qt.ItemDataRole.FontRole and col == TITLE:
            return self._bold
        if role == SEASON_ROLE:
            return s
        return None

    def _episode_data(self, e: EpisodeView, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == TITLE:
                return f"{e.number}. {e.title}" if e.title else self._episode_n.format(number=e.number)
            if col == AIRED:  # the viewer's own clock when the air time is known
                if e.airstamp is not None:
                    at = safe_local(e.airstamp)
                    return self._aired_at.format(day=self._day(at), time=f"{at:%H:%M}")
                return self._day(e.air_date) if e.air_date else self._tba
            if col == RUNTIME:
                return self._minutes.format(minutes=e.runtime) if e.runtime else ""
            if col == PLAYS:
                return f"×{e.plays}" if e.plays > 1 else ("✓" if e.plays == 1 else "")
            if col == LAST:
                return relative_day(e.last_watched)
            return ""
        if role == Qt.ItemDataRole.CheckStateRole and col == TITLE:
            return Qt.CheckState.Checked if e.watched else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{e.code} {e.title}"]
            if e.summary:
                lines.append(e.summary)
            plays = e.plays
            if plays:
                lines.append(translate("EpisodesModel", "Watched %n time(s)", "", plays))
            return plain_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.FontRole and not self.is_aired(e) and not e.watched:
            return self._italic
        if role == EPISODE_ROLE:
            return e
        return None

    def _day(self, day: date) -> str:
        """ "6 May 2026"."""
        return self._day_month_year.format(day=day.day, month=self._months[day.month - 1], year=day.year)

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != TITLE or self.on_toggle is None:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        episode = self.episode_at(index)
        if episode is not None:
            self.on_toggle([episode], checked)
            return True
        season = self.season_at(index)
        if season is not None:
            aired = [e for e in season.episodes if e.watched or self.is_aired(e)]
            # a partly watched season becomes fully watched on a click
            all_watched = bool(aired) and all(e.watched for e in aired)
            self.on_toggle(aired if not all_watched else list(season.episodes), not all_watched)
            return True
        return False


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as runs of neighbours, each (first, end): [1, 2, 3, 7] -> [(1, 4), (7, 8)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row:
            runs[-1] = (runs[-1][0], row + 1)
        else:
            runs.append((row, row + 1))
    return runs


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    if h:
        return translate("EpisodesModel", "{hours} h {minutes} min").format(hours=h, minutes=f"{m:02d}")
    return translate("EpisodesModel", "{minutes} min").format(minutes=m)
