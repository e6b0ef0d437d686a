"""Import from another tracker (or from a watchtracker export) in the window: choose the file,
see what the import would do, then import in the background with a progress bar and Cancel.

The steps are the import service's (``services.importer``): reading and matching run on the
``ask`` lane (they may talk to TVmaze), writing on the ``write`` lane (the library's, so that the
views read the library after it). Cancelled or failed, the library is exactly as it was; the
dialog says so. Closing the dialog while a step runs cancels it, and the dialog goes when the
step has stopped."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDir, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.transfer import FORMAT_LABELS
from watchtracker.errors import StorageError

from watchtracker.ui.common import theme
from watchtracker.ui.common.html import plain, plain_tooltip
from watchtracker.ui.tasks import ProgressRelay, freeze_heap
from watchtracker.ui.transfer.common import EXPLAINED, RowsModel, rows_table, wrapped_label

if TYPE_CHECKING:
    from watchtracker.services.transfer.importer import ImportPlan, ImportReport, ImportService

_Index = QModelIndex | QPersistentModelIndex
Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]

OWN = "watchtracker"  # services.importer.OWN_FORMAT, without importing the service before it is needed
# English, marked for translation; the dialog shows them translated
FILE_FILTER = QT_TRANSLATE_NOOP("ImportDialog", "Exports (*.zip *.csv *.json);;All files (*)")
# (the form's label, what to choose) for each tracker
WHERE_TO_FIND = (
    (
        QT_TRANSLATE_NOOP("ImportDialog", "TV Time:"),
        QT_TRANSLATE_NOOP(
            "ImportDialog",
            "the zip of your data export (a password-protected zip: unpack it first, then choose the folder)",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("ImportDialog", "Trakt:"),
        QT_TRANSLATE_NOOP("ImportDialog", "the zip of your data export, or the folder of its JSON files"),
    ),
    (
        QT_TRANSLATE_NOOP("ImportDialog", "SeriesGuide:"),
        QT_TRANSLATE_NOOP(
            "ImportDialog", "the JSON backup of your shows, or the folder that holds it with the lists backup"
        ),
    ),
    (
        QT_TRANSLATE_NOOP("ImportDialog", "IMDb:"),
        QT_TRANSLATE_NOOP(
            "ImportDialog", "the CSV export of your ratings or of your watchlist, in any display language"
        ),
    ),
    (
        QT_TRANSLATE_NOOP("ImportDialog", "watchtracker:"),
        QT_TRANSLATE_NOOP("ImportDialog", "a file made with Library > Export the library…"),
    ),
)


# -- what the preview and the outcome say (plain functions: tested without a window) ---------


@dataclass(frozen=True)
class Summary:
    """The words of a preview or an outcome: a heading and lines, plus the tables' rows."""

    heading: str
    lines: tuple[str, ...]
    matched: tuple[tuple[str, ...], ...] = ()  # in the file, in watchtracker, how, viewings
    pending: tuple[tuple[str, ...], ...] = ()  # in the file, why
    left_out: tuple[str, ...] = ()
    can_import: bool = True
    conflicts: int = 0  # viewings of episodes the library has watched at another time


def report_summary(report: ImportReport) -> Summary:
    """A preview (``report.dry_run``) or what an import did."""
    from watchtracker.services.transfer.importer import HOW_LABELS

    dry = report.dry_run
    # lupdate takes a count only as a plain name: the report's counts, named
    shows, episodes, viewings, ratings = report.shows, report.episodes, report.viewings, report.ratings
    duplicates, unplaced, added, ratings_set = (
        report.duplicates,
        report.unplaced,
        report.viewings_added,
        report.ratings_set,
    )
    pending_count = len(report.pending)
    if report.format == "pending":
        label = translate("import_wizard", "Kept for later")
    else:
        label = FORMAT_LABELS.get(report.format, report.format)
    heading = translate("import_wizard", "{format}: {shows}, {episodes}, {viewings}, {ratings}").format(
        format=label,
        shows=translate("import_wizard", "%Ln show(s)", "", shows),
        episodes=translate("import_wizard", "%Ln episode(s)", "", episodes),
        viewings=translate("import_wizard", "%Ln viewing(s)", "", viewings),
        ratings=translate("import_wizard", "%Ln rating(s)", "", ratings),
    )
    if not dry:
        heading = translate("import_wizard", "Imported")
    new = sum(1 for m in report.matched if m.new)
    matched_count = len(report.matched)
    if not new:
        first = translate("import_wizard", "%Ln show(s) of {total} matched.", "", matched_count)
    elif dry:
        first = translate(
            "import_wizard", "%Ln show(s) of {total} matched, {new} to follow from TVmaze.", "", matched_count
        )
    else:
        first = translate(
            "import_wizard", "%Ln show(s) of {total} matched, {new} followed from TVmaze.", "", matched_count
        )
    lines = [first.format(total=f"{report.shows:,}", new=translate("import_wizard", "%Ln new series", "", new))]
    if report.pending:
        if dry:
            text = translate(
                "import_wizard",
                "%Ln show(s) not matched: they will be kept, to match later "
                "(Library > Import your history…: Try them again, or Match by hand).",
                "",
                pending_count,
            )
        else:
            text = translate(
                "import_wizard",
                "%Ln show(s) not matched: kept, to match later "
                "(Library > Import your history…: Try them again, or Match by hand).",
                "",
                pending_count,
            )
        lines.append(text)
    more = ""
    if report.duplicates:
        more += translate("import_wizard", "; %Ln already in your library (skipped)", "", duplicates)
    if report.conflicts:
        more += _conflicts(report.conflicts, report.duplicate_policy)
    if report.unplaced:
        more += translate("import_wizard", "; %Ln not added: the series has no such episode", "", unplaced)
    viewings = (
        translate("import_wizard", "Viewings: %Ln to add{more}.", "", added)
        if dry
        else translate("import_wizard", "Viewings: %Ln added{more}.", "", added)
    )
    lines.append(viewings.format(more=more))
    if report.ratings_set:
        lines.append(
            translate("import_wizard", "Ratings: %Ln to set.", "", ratings_set)
            if dry
            else translate("import_wizard", "Ratings: %Ln set.", "", ratings_set)
        )
    if not report.online and dry:
        lines.append(
            translate(
                "import_wizard",
                "TVmaze was not asked (offline): shows your library does not know yet are kept for later.",
            )
        )
    if not dry and report.backup:
        lines.append(_kept_as(Path(report.backup).name))
    new_title = translate("import_wizard", "{title} (new)") if dry else translate("import_wizard", "{title} (followed)")
    how_via = translate("import_wizard", "{how} by its {via} id")
    matched = tuple(
        (
            _show_title(m.show),
            new_title.format(title=m.series_title) if m.new else m.series_title,
            how_via.format(how=_how(HOW_LABELS, m.how), via=m.via)
            if m.via and m.via != "tvmaze"
            else _how(HOW_LABELS, m.how),
            f"{len(m.show.viewings):,}",
        )
        for m in report.matched
    )
    pending = tuple((_show_title(p.show), p.reason) for p in report.pending)
    can = bool(report.matched or report.pending)
    if dry and not can:
        lines.append(translate("import_wizard", "There is nothing in this file to import."))
    return Summary(heading, tuple(lines), matched, pending, tuple(report.skipped), can, report.conflicts)


def _how(labels: dict[str, str], how: str) -> str:
    """How a show was matched, in the viewer's language (the labels are the matching module's)."""
    return translate("matching", labels[how]) if how in labels else how


def _kept_as(backup_name: str) -> str:
    return translate(
        "import_wizard", "Your library as it was is kept as the backup {name} (Library > Backups…)."
    ).format(name=backup_name)


def own_summary(summary: Any, *, dry_run: bool, backup: Path | None = None) -> Summary:
    """A preview of, or what was done by, importing a watchtracker export (OwnImportSummary)."""
    s = summary
    # lupdate takes a count only as a plain name: the summary's counts, named
    series_new, episodes_new, viewings_new, ratings_new = s.series_new, s.episodes_new, s.viewings_new, s.ratings_new
    franchises_new, relations_new, announcements_new, feeds_new = (
        s.franchises_new,
        s.relations_new,
        s.announcements_new,
        s.feeds_new,
    )
    series_matched, viewings_duplicate, ratings_kept = s.series_matched, s.viewings_duplicate, s.ratings_kept
    parts = [
        (s.series_new, translate("import_wizard", "%Ln new series", "", series_new)),
        (s.episodes_new, translate("import_wizard", "%Ln episode(s)", "", episodes_new)),
        (s.viewings_new, translate("import_wizard", "%Ln viewing(s)", "", viewings_new)),
        (s.ratings_new, translate("import_wizard", "%Ln rating(s)", "", ratings_new)),
        (s.franchises_new, translate("import_wizard", "%Ln franchise(s)", "", franchises_new)),
        (s.relations_new, translate("import_wizard", "%Ln relation(s)", "", relations_new)),
        (s.announcements_new, translate("import_wizard", "%Ln announcement(s)", "", announcements_new)),
        (s.feeds_new, translate("import_wizard", "%Ln news feed(s)", "", feeds_new)),
    ]
    added = [text for count, text in parts if count]
    lines = [
        translate("import_wizard", "%Ln series already in your library (matched, merged).", "", series_matched)
        if s.series_matched
        else translate("import_wizard", "No series of the file is in your library yet.")
    ]
    if added:
        what = (
            translate("import_wizard", "To add: {list}.") if dry_run else translate("import_wizard", "Added: {list}.")
        )
        lines.append(what.format(list=", ".join(added)))
    else:
        lines.append(translate("import_wizard", "Nothing new: everything in the file is already in your library."))
    if s.viewings_duplicate:
        lines.append(
            translate(
                "import_wizard", "%Ln viewings are already in your library (not added again).", "", viewings_duplicate
            )
        )
    if s.ratings_kept:
        lines.append(translate("import_wizard", "%Ln ratings differ from yours: yours are kept.", "", ratings_kept))
    if not dry_run and backup:
        lines.append(_kept_as(Path(backup).name))
    heading = translate("import_wizard", "A watchtracker export") if dry_run else translate("import_wizard", "Imported")
    matched = tuple((m.title, m.library_title, _own_by(m.by), "") for m in s.matches)
    return Summary(heading, tuple(lines), matched, can_import=s.changed)


# English, marked for translation; shown translated
_OWN_BY = {
    "tvmaze": QT_TRANSLATE_NOOP("import_wizard", "TVmaze id"),
    "thetvdb": QT_TRANSLATE_NOOP("import_wizard", "TheTVDB id"),
    "imdb": QT_TRANSLATE_NOOP("import_wizard", "IMDb id"),
    "tmdb": QT_TRANSLATE_NOOP("import_wizard", "TMDB id"),
    "title": QT_TRANSLATE_NOOP("import_wizard", "title"),
}


def _own_by(by: str) -> str:
    return translate("import_wizard", _OWN_BY[by]) if by in _OWN_BY else by


def _conflicts(count: int, policy: str) -> str:
    if policy == "keep":
        return translate(
            "import_wizard", " (%Ln of them of episodes you had watched at another time: kept as rewatches)", "", count
        )
    return translate("import_wizard", "; %Ln skipped: episodes you had watched at another time", "", count)


def _show_title(show) -> str:
    return f"{show.title} ({show.year})" if show.year else show.title


# -- the tables of the preview ----------------------------------------------------------------


def _heading(text: str = "") -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    plain(label)
    return label


# -- the dialog -------------------------------------------------------------------------------


class ImportDialog(QDialog):
    """Choose → (reading, matching) → preview → (importing) → done.

    ``ask`` runs reading and matching (may use the network), ``write`` runs the import itself;
    both are a TaskRunner's ``run``. Signals: ``imported(Changes)`` once an import wrote
    something; ``finished_step(str)`` when a step's result is on screen ("preview", "done",
    "cancelled", "failed", "choose"), for tests and for whoever waits on the dialog."""

    imported = Signal(object)
    finished_step = Signal(str)

    def __init__(
        self,
        importer: ImportService,
        *,
        ask: Run,
        write: Run,
        online: bool = True,
        parent=None,
        titles: Callable[[], Sequence[tuple[int, str]]] | None = None,
        find_online: Callable[[str, Any], int | None] | None = None,
        on_imported: Callable[[Any], None] | None = None,
    ):
        """``titles()`` gives the library's series (id, title) to match kept shows to by hand;
        ``find_online(title, parent)`` asks for a show on TVmaze (its id, or None)."""
        super().__init__(parent)
        self.importer = importer
        self.titles, self.find_online = titles, find_online
        # told of what an import (or a match by hand) wrote, even after this dialog is gone
        self.on_imported = on_imported
        self.pending_dialog = None  # PendingDialog, while open
        self.ask, self.write = ask, write
        self.plan: ImportPlan | None = None
        self.own_doc: Any = None
        self.source: Path | None = None
        self._cancel: threading.Event | None = None
        self._busy = False
        self._close_when_stopped = False
        self._can_go_online = online
        self._preview: Summary | None = None  # the last preview: back to it if the import is cancelled
        self._shown: Summary | None = None
        self.setWindowTitle(self.tr("Import your history"))
        self.resize(820, 600)
        self.setMinimumSize(560, 420)

        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.choose_page = self._build_choose()
        self.work_page = self._build_work()
        self.preview_page = self._build_preview()
        for page in (self.choose_page, self.work_page, self.preview_page):
            self.stack.addWidget(page)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("< Back"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.next_button = QPushButton(self.tr("Preview"))
        self.next_button.setDefault(True)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self._on_back)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.next_button.clicked.connect(self._on_next)

        self._gone = False  # closed: answers still on their way are dropped
        self.finished.connect(self._on_finished)
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(self._on_progress)
        self._show_choose()
        self._load_pending()

    # -- pages ---------------------------------------------------------------------------
    def _build_choose(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addWidget(_heading(self.tr("Bring your history with you")))
        v.addWidget(
            wrapped_label(
                self.tr(
                    "watchtracker reads TV Time's data export, Trakt's export, a SeriesGuide backup, an IMDb "
                    "ratings or watchlist CSV, and its own export. Choose the file, the zip, or the folder it "
                    "came in: the format is recognised from what is inside. Nothing is written before you have "
                    "seen what the import will do, and a backup of your library is made first."
                )
            )
        )
        form = QFormLayout()
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setAccessibleName(self.tr("Export file or folder"))
        self.path_edit.setPlaceholderText(self.tr("An export file, a zip, or a folder"))
        self.path_edit.setClearButtonEnabled(True)
        self.file_button = QPushButton(self.tr("Choose file…"))
        self.folder_button = QPushButton(self.tr("Choose folder…"))
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.file_button)
        row.addWidget(self.folder_button)
        form.addRow(self.tr("Export:"), row)
        self.format_box = QComboBox()
        self.format_box.setObjectName("importFormat")
        self.format_box.addItem(self.tr("Recognise from the file"), None)
        for fmt in self.importer.formats():
            self.format_box.addItem(FORMAT_LABELS.get(fmt, fmt), fmt)
        form.addRow(self.tr("Format:"), self.format_box)
        self.online_box = QCheckBox(self.tr("Look up shows your library does not have on TVmaze, by their ids"))
        self.online_box.setObjectName("importOnline")
        self.online_box.setChecked(self._can_go_online)
        self.online_box.setEnabled(self._can_go_online)
        self.online_box.setToolTip(
            plain_tooltip(
                self.tr(
                    "Needs the internet. Without it, shows your library does not know yet are kept for later "
                    "and can be matched again from this window."
                )
            )
        )
        form.addRow("", self.online_box)
        v.addLayout(form)

        guide = QLabel(self.tr("What to choose"))
        guide_font = guide.font()
        guide_font.setBold(True)
        guide.setFont(guide_font)
        v.addSpacing(12)
        v.addWidget(guide)
        where = QFormLayout()
        where.setHorizontalSpacing(16)
        for name, what in WHERE_TO_FIND:
            where.addRow(translate("ImportDialog", name), wrapped_label(translate("ImportDialog", what)))
        v.addLayout(where)

        self.pending_row = QWidget()
        pr = QHBoxLayout(self.pending_row)
        pr.setContentsMargins(0, 8, 0, 0)
        self.pending_label = wrapped_label(name="importPendingLabel")
        self.retry_button = QPushButton(self.tr("Try them again"))
        self.retry_button.setObjectName("importRetry")
        self.by_hand_button = QPushButton(self.tr("Match by hand…"))
        self.by_hand_button.setObjectName("importByHand")
        pr.addWidget(self.pending_label, 1)
        pr.addWidget(self.retry_button)
        pr.addWidget(self.by_hand_button)
        self.pending_row.hide()
        v.addWidget(self.pending_row)

        self.choose_error = wrapped_label(name="importError")
        theme.set_error(self.choose_error)
        v.addWidget(self.choose_error)
        v.addStretch(1)

        self.file_button.clicked.connect(self._choose_file)
        self.folder_button.clicked.connect(self._choose_folder)
        self.retry_button.clicked.connect(self._retry_pending)
        self.by_hand_button.clicked.connect(self.match_by_hand)
        self.path_edit.textChanged.connect(lambda _t: self._update_buttons())
        self.path_edit.returnPressed.connect(self._on_next)
        return page

    def _build_work(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addStretch(1)
        self.work_heading = _heading()
        self.work_heading.setObjectName("importWorkHeading")
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setTextVisible(True)
        self.work_what = wrapped_label(name="importWorkWhat")
        v.addWidget(self.work_heading)
        v.addWidget(self.progress)
        v.addWidget(self.work_what)
        v.addStretch(2)
        return page

    def _build_preview(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.preview_heading = _heading()
        self.preview_heading.setObjectName("importHeading")
        self.preview_lines = wrapped_label(name="importSummary")
        v.addWidget(self.preview_heading)
        v.addWidget(self.preview_lines)
        # shown when the file has viewings of episodes the library has watched at another time
        self.conflict_row = QWidget()
        cr = QHBoxLayout(self.conflict_row)
        cr.setContentsMargins(0, 0, 0, 0)
        self.policy_box = QComboBox()
        self.policy_box.setObjectName("importPolicy")
        self.policy_box.addItem(self.tr("Keep both viewings (a rewatch)"), "keep")
        self.policy_box.addItem(self.tr("Skip the file's viewing"), "skip")
        cr.addWidget(QLabel(self.tr("Episodes you had watched at another time:")))
        cr.addWidget(self.policy_box)
        cr.addStretch(1)
        self.conflict_row.hide()
        v.addWidget(self.conflict_row)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("importTabs")
        self.matched_model = RowsModel(
            (self.tr("In the file"), self.tr("In watchtracker"), self.tr("Matched by"), self.tr("Viewings")), self
        )
        self.pending_model = RowsModel((self.tr("In the file"), self.tr("Why it was not matched")), self)
        self.matched_view = rows_table(self.matched_model, "importMatched", stretch=1, label=self.tr("Matched"))
        self.pending_view = rows_table(self.pending_model, "importPending", stretch=1, label=self.tr("Not matched"))
        self.left_out = wrapped_label(name="importLeftOut")
        self.left_out.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        left_out_page = QWidget()
        lv = QVBoxLayout(left_out_page)
        lv.addWidget(self.left_out)
        lv.addStretch(1)
        self.tabs.addTab(self.matched_view, self.tr("Matched"))
        self.tabs.addTab(self.pending_view, self.tr("Not matched"))
        self.tabs.addTab(left_out_page, self.tr("Left out"))
        self.policy_box.currentIndexChanged.connect(lambda _i: self._on_policy_changed())
        v.addWidget(self.tabs, 1)
        return page

    # -- moving between pages ------------------------------------------------------------
    def _show_choose(self, error: str = "") -> None:
        self.stack.setCurrentWidget(self.choose_page)
        self.choose_error.setText(error)
        self.choose_error.setVisible(bool(error))
        self.next_button.setText(self.tr("Preview"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.back_button.hide()
        self.next_button.show()
        self._update_buttons()
        self.path_edit.setFocus()

    def _show_work(self, heading: str, cancellable: bool = True) -> None:
        self.stack.setCurrentWidget(self.work_page)
        self.work_heading.setText(heading)
        self.work_what.setText("")
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.back_button.hide()
        self.next_button.hide()
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setEnabled(cancellable)

    def _show_summary(self, summary: Summary, *, done: bool) -> None:
        self._shown = summary
        self.stack.setCurrentWidget(self.preview_page)
        self.preview_heading.setText(summary.heading)
        self.preview_lines.setText("\n".join(summary.lines))
        self.matched_model.set_rows(summary.matched)
        self.pending_model.set_rows(summary.pending)
        self.left_out.setText("\n".join(summary.left_out))
        matched, pending, left_out = len(summary.matched), len(summary.pending), len(summary.left_out)
        counts = (matched, pending, left_out)
        tab_texts = (
            translate("ImportDialog", "Matched (%Ln)", "", matched),
            translate("ImportDialog", "Not matched (%Ln)", "", pending),
            translate("ImportDialog", "Left out (%Ln)", "", left_out),
        )
        for i, (text, count) in enumerate(zip(tab_texts, counts, strict=True)):
            self.tabs.setTabText(i, text)
            self.tabs.setTabVisible(i, count > 0 or i == 0)
        self.tabs.setVisible(bool(summary.matched or summary.pending or summary.left_out))
        self.conflict_row.setVisible(summary.conflicts > 0 and not done)
        self.cancel_button.setEnabled(True)
        if done:
            self.back_button.hide()
            self.next_button.hide()
            self.cancel_button.setText(self.tr("Close"))
        else:
            self.back_button.show()
            self.next_button.show()
            self.next_button.setText(self.tr("Import"))
            self.next_button.setEnabled(summary.can_import)
            self.cancel_button.setText(self.tr("Cancel"))
            self.next_button.setFocus()

    def _update_buttons(self) -> None:
        if self.stack.currentWidget() is self.choose_page:
            self.next_button.setEnabled(bool(self.path_edit.text().strip()))

    def _on_back(self) -> None:
        if not self._busy:
            self._show_choose()
            self.finished_step.emit("choose")

    def _on_next(self) -> None:
        if self._busy:
            return
        page = self.stack.currentWidget()
        if page is self.choose_page and self.next_button.isEnabled():
            self.start_preview()
        elif page is self.preview_page and self.next_button.isVisible() and self.next_button.isEnabled():
            self.start_import()

    # -- choosing ------------------------------------------------------------------------
    def _start_folder(self) -> str:
        current = self.path_edit.text().strip()
        if current:
            return str(Path(current).expanduser().parent)
        downloads = Path(QDir.homePath()) / "Downloads"
        return str(downloads if downloads.is_dir() else QDir.homePath())

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose an export"), self._start_folder(), translate("ImportDialog", FILE_FILTER)
        )
        if path:
            self.path_edit.setText(path)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder of an export"), self._start_folder())
        if path:
            self.path_edit.setText(path)

    def _on_finished(self, _result: int) -> None:
        self._gone = True

    def _load_pending(self) -> None:
        def done(rows) -> None:
            if self._gone:
                return
            count = len(rows)
            self.pending_row.setVisible(count > 0)
            self.pending_label.setText(
                translate("ImportDialog", "%Ln show(s) from earlier imports (is|are) waiting for a match.", "", count)
            )

        def failed(exc: BaseException) -> None:
            if not self._gone:
                self.pending_row.hide()

        self.write(self.importer.pending, done, failed)  # the library only: its lane

    def match_by_hand(self) -> None:
        """The kept shows, to match one by one to a series (or forget)."""
        if self._busy:
            return
        if self.titles is None:
            self._open_pending([])
            return

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, EXPLAINED):
                raise exc  # a bug: the crash handler reports it
            if not self._gone:
                self._show_choose(_message(exc, self.source))

        self.write(self.titles, lambda titles: None if self._gone else self._open_pending(titles), failed)

    def _open_pending(self, titles: Sequence[tuple[int, str]]) -> None:
        from watchtracker.ui.transfer.pending_dialog import PendingDialog

        dialog = PendingDialog(
            self.importer,
            titles,
            write=self.write,
            find_online=self.find_online,
            parent=self,
            on_imported=self.on_imported,
        )
        dialog.imported.connect(self.imported)
        dialog.finished.connect(lambda _r: (self._load_pending(), dialog.deleteLater()))
        self.pending_dialog = dialog
        dialog.open()

    # -- the steps -----------------------------------------------------------------------
    def _options(self) -> dict:
        return dict(offline=not self.online_box.isChecked(), duplicates=self.policy_box.currentData())

    def start_preview(self) -> None:
        """Read the chosen file and match its shows (nothing is written)."""
        text = self.path_edit.text()
        if not text.strip():
            return
        path = Path(text).expanduser()  # as given when it exists (a name can end with a space)
        if not path.exists():
            path = Path(text.strip()).expanduser()
        fmt = self.format_box.currentData()
        options = self._options()
        self.source = path
        self.plan, self.own_doc = None, None
        importer, report, cancel = self.importer, self.relay.report, self._begin()
        reading = self.tr("Reading {name}…").format(name=path.name)  # here: the work runs on a worker

        def work():
            kind = fmt or importer.detect(path)
            if kind == OWN:
                report(0, 0, reading)
                doc = importer.read_own(path)
                return doc, importer.preview_own(doc)
            report(0, 0, reading)
            batch = importer.read(path, kind)
            freeze_heap()  # the batch lives until the dialog goes: out of the collector's walks
            return None, importer.plan(batch, progress=report, cancel=cancel, **options)

        self._show_work(reading)
        self.ask(work, self._previewed, self._failed_before_import)

    def _retry_pending(self) -> None:
        """Match the shows kept from earlier imports again."""
        if self._busy:
            return
        options = self._options()
        self.source, self.plan, self.own_doc = None, None, None
        importer, report, cancel = self.importer, self.relay.report, self._begin()
        self._show_work(self.tr("Matching the shows kept from earlier imports…"))
        self.ask(
            lambda: (None, importer.plan_pending(progress=report, cancel=cancel, **options)),
            self._previewed,
            self._failed_before_import,
        )

    def _previewed(self, result) -> None:
        if self._end():
            return
        doc, preview = result
        if doc is not None:
            self.own_doc = doc
            self._show_summary(own_summary(preview, dry_run=True), done=False)
        else:
            self.plan = preview
            self._show_summary(report_summary(preview.report), done=False)
        self._preview = self._shown
        self.finished_step.emit("preview")

    def _on_policy_changed(self) -> None:
        """Keep or skip the viewings of episodes watched at another time: counted again (no
        matching, no network), then the preview shows the new counts."""
        plan, policy = self.plan, self.policy_box.currentData()
        if plan is None or self._busy or plan.duplicates == policy:
            return
        importer = self.importer
        self._begin()
        self.next_button.setEnabled(False)
        self.policy_box.setEnabled(False)

        def done(new_plan) -> None:
            self.policy_box.setEnabled(True)
            self._previewed((None, new_plan))

        def failed(exc: BaseException) -> None:
            self.policy_box.setEnabled(True)
            self._failed_before_import(exc)

        self.ask(lambda: importer.with_duplicates(plan, policy), done, failed)

    def _failed_before_import(self, exc: BaseException) -> None:
        if self._end():
            if not isinstance(exc, EXPLAINED):
                raise exc  # a bug: the crash handler reports it, closed dialog or not
            return
        if not isinstance(exc, EXPLAINED):
            self._show_choose()
            raise exc  # a bug: the crash handler reports it
        self._show_choose(_message(exc, self.source))
        self.finished_step.emit("cancelled" if _is_cancel(exc) else "failed")

    def start_import(self) -> None:
        """Write the previewed import in one transaction, after a backup."""
        importer, report, cancel = self.importer, self.relay.report, self._begin()
        plan, doc = self.plan, self.own_doc
        if doc is not None:

            def work():
                summary, changes, backup = importer.import_own(doc, progress=report, cancel=cancel)
                return own_summary(summary, dry_run=False, backup=backup), changes
        elif plan is not None:

            def work():
                done = importer.apply(plan, progress=report, cancel=cancel)
                return report_summary(done), done.changes
        else:
            self._end()
            return
        self._show_work(self.tr("Importing… (a backup of your library comes first)"))
        self.write(work, self._imported, self._failed_import)

    def _imported(self, result) -> None:
        summary, changes = result
        closing = self._end()
        if changes:
            if self.on_imported is not None:
                self.on_imported(changes)
            self.imported.emit(changes)
        if closing:
            return
        self._show_summary(summary, done=True)
        self.finished_step.emit("done")

    def _failed_import(self, exc: BaseException) -> None:
        if self._end():
            if not isinstance(exc, EXPLAINED):
                raise exc  # a bug: the crash handler reports it, closed dialog or not
            return
        if not isinstance(exc, EXPLAINED):
            self._show_summary(Summary(self.tr("The import failed"), (self.tr("Nothing was changed."),)), done=True)
            raise exc  # a bug: the crash handler reports it
        # back to the preview, saying what happened: the import can be tried again
        said = (
            self.tr("The import was cancelled; nothing was changed.")
            if _is_cancel(exc)
            else self.tr("The import could not be done: {error} Nothing was changed.").format(
                error=_message(exc, self.source)
            )
        )
        preview = self._preview or Summary("", ())
        self._show_summary(replace(preview, lines=(said, *preview.lines)), done=False)
        self.finished_step.emit("cancelled" if _is_cancel(exc) else "failed")

    # -- busy, progress, cancel ----------------------------------------------------------
    def _begin(self) -> threading.Event:
        self._busy = True
        self._cancel = threading.Event()
        return self._cancel

    def _end(self) -> bool:
        """A step stopped; True when the dialog was closed meanwhile (and now goes)."""
        self._busy = False
        self._cancel = None
        if self._close_when_stopped:
            self._close_when_stopped = False
            super().reject()
            return True
        return False

    def _on_progress(self, done: int, total: int, what: str) -> None:
        if not self._busy:
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        if what:
            self.work_what.setText(what)

    @property
    def busy(self) -> bool:
        return self._busy

    def cancel_step(self) -> None:
        """Stop the running step; its result (cancelled, nothing changed) comes back as usual."""
        if self._cancel is not None:
            self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.work_what.setText(self.tr("Cancelling…"))

    def _on_cancel_clicked(self) -> None:
        if self._busy:
            self.cancel_step()
        else:
            self.reject()

    def reject(self) -> None:
        """Escape or Close: a running step is cancelled first, and the dialog goes when it has
        stopped (nothing is left half done)."""
        if self._busy:
            self._close_when_stopped = True
            self.cancel_step()
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._busy:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def _is_cancel(exc: BaseException) -> bool:
    from watchtracker.services.transfer.importer import ImportCancelled

    return isinstance(exc, ImportCancelled)


def _message(exc: BaseException, source: Path | None) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, StorageError):
        error = exc.strerror or exc
        if source is None:
            return translate("import_wizard", "Cannot read the file: {error}.").format(error=error)
        return translate("import_wizard", "Cannot read {name}: {error}.").format(name=source.name, error=error)
    return str(exc)
