"""Desktop notifications for new alerts, only while the window is in the background; many at
once become one grouped message. On Linux and the BSDs they go to the desktop's notification
service on the session bus (desktop_notifications.py), which a desktop without a tray has too;
without one, and on Windows and macOS, they are the system tray's messages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from watchtracker import APP_NAME
from watchtracker.domain.i18n import translate
from watchtracker.paths import resource_path
from watchtracker.services.alerts import AlertRow

from watchtracker.ui.alerts import desktop_notifications
from watchtracker.ui.alerts.desktop_notifications import DesktopNotifications


def compose(alerts: Sequence[AlertRow]) -> tuple[str, str]:
    """Title and text of one notification for these alerts (newest first)."""
    title, text = _compose(alerts)
    return title, no_markup(text)


def no_markup(text: str) -> str:
    """The body of a desktop notification is markup to most notification servers (Qt passes it to
    org.freedesktop.Notifications as it is): a headline holding "<a href=…>" or "<img src=…>"
    would become a link or an image. Without "<" no tag can be made; "‹" reads the same."""
    return text.replace("<", "‹").replace(">", "›")


def _compose(alerts: Sequence[AlertRow]) -> tuple[str, str]:
    if len(alerts) == 1:
        a = alerts[0]
        series = ", ".join(a.series_titles)
        return (f"{a.kind.label}: {series}" if series else a.kind.label), a.headline
    n = len(alerts)  # a plain name: lupdate finds no text whose count is an expression
    title = translate("Notifier", "%n new alert(s)", "", n)
    if len(alerts) <= 3:
        return title, "\n".join(f"• {a.headline}" for a in alerts)
    counts = Counter(a.series_titles[0] for a in alerts if a.series_titles)
    others = sum(1 for a in alerts if not a.series_titles)  # news about no series of the library
    if not counts:
        lines = [f"• {a.headline}" for a in alerts[:3]]
        more = n - 3
        return title, "\n".join([*lines, translate("Notifier", "… and %n more", "", more)])
    named = [f"{t} ({n})" if n > 1 else t for t, n in counts.most_common(3)]
    rest = len(counts) - len(named)
    tail = [translate("Notifier", "%n more series", "", rest)] if rest > 0 else []
    if others:
        tail.append(translate("Notifier", "%n other stor(y|ies)", "", others))
    about = ", ".join(named)
    for more in tail:
        about = translate("Notifier", "{these} and {more}").format(these=about, more=more)
    return title, translate("Notifier", "About {series}.").format(series=about)


class Notifier(QObject):
    """``activated`` is called when the viewer clicks the notification or the tray icon.
    ``desktop`` is the desktop's notification service (None where there is no D-Bus); ``tray``
    the tray icon (None where there is no tray). ``shown_by`` says how the last notification
    went: "desktop", "tray" or None (not shown)."""

    def __init__(self, icon: QIcon, activated: Callable[[], None], parent=None):
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None
        self.desktop: DesktopNotifications | None = None
        self.last: tuple[str, str] | None = None  # what was last said (tests, status bar)
        self.shown_by: str | None = None
        if desktop_notifications.supported():
            self.desktop = DesktopNotifications(
                "watchtracker", QGuiApplication.desktopFileName() or APP_NAME, _icon_uri(), parent=self
            )
            self.desktop.activated.connect(activated)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("watchtracker")
            self.tray.messageClicked.connect(activated)
            self.tray.activated.connect(lambda *_: activated())

    def set_unread(self, count: int) -> None:
        if self.tray is not None:
            self.tray.setToolTip(
                translate("Notifier", "watchtracker — %n unread alert(s)", "", count) if count else "watchtracker"
            )
            self.tray.setVisible(count > 0)

    def viewer_is_looking(self) -> bool:
        return (
            QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
            and QApplication.activeWindow() is not None
        )

    def notify(self, alerts: Sequence[AlertRow]) -> bool:
        """True when a notification was shown (the window is in the background)."""
        if not alerts:
            return False
        if self.viewer_is_looking():
            return False  # the count and the status bar say it
        self.last = said = compose(alerts)
        if self.desktop is not None and self.desktop.available():
            title, text = _compose(alerts)  # plain text: escaped for the server that reads markup
            self.shown_by = "desktop"
            self.desktop.show(title, text, failed=lambda: self._by_tray(said))
            return True
        return self._by_tray(said)

    def _by_tray(self, said: tuple[str, str]) -> bool:
        if self.tray is None:
            self.shown_by = None
            return False
        self.shown_by = "tray"
        self.tray.show()
        self.tray.showMessage(*said, QSystemTrayIcon.MessageIcon.Information, 8000)
        return True


def _icon_uri() -> str:
    """The notification's icon: the app's own, as a file URI (the spec also takes a theme's name)."""
    icon = resource_path("icons", "watchtracker.svg")
    return QUrl.fromLocalFile(str(icon)).toString() if icon.is_file() else APP_NAME
