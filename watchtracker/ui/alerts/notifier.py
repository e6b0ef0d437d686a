"""Desktop notifications for new alerts, through the system tray, only while the window is in
the background; many at once become one grouped message."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from watchtracker.services.alerts import AlertRow


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
    if len(alerts) <= 3:
        return f"{len(alerts)} new alerts", "\n".join(f"• {a.headline}" for a in alerts)
    title = f"{len(alerts)} new alerts"
    counts = Counter(a.series_titles[0] for a in alerts if a.series_titles)
    others = sum(1 for a in alerts if not a.series_titles)  # news about no series of the library
    if not counts:
        lines = [f"• {a.headline}" for a in alerts[:3]]
        return title, "\n".join([*lines, f"… and {len(alerts) - 3} more"])
    named = [f"{t} ({n})" if n > 1 else t for t, n in counts.most_common(3)]
    rest = len(counts) - len(named)
    tail = [f"{rest} more series"] if rest > 0 else []
    if others:
        tail.append(f"{others} other stor{'y' if others == 1 else 'ies'}")
    about = ", ".join(named) + (f" and {' and '.join(tail)}" if tail else "")
    return title, f"About {about}."


class Notifier(QObject):
    """``activated`` is called when the viewer clicks the notification or the tray icon."""

    def __init__(self, icon: QIcon, activated: Callable[[], None], parent=None):
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None
        self.last: tuple[str, str] | None = None  # what was last said (tests, status bar)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("watchtracker")
            self.tray.messageClicked.connect(activated)
            self.tray.activated.connect(lambda *_: activated())

    def set_unread(self, count: int) -> None:
        if self.tray is not None:
            self.tray.setToolTip(
                f"watchtracker — {count} unread alert{'s' if count != 1 else ''}" if count else "watchtracker"
            )
            self.tray.setVisible(count > 0)

    def notify(self, alerts: Sequence[AlertRow]) -> bool:
        """True when a notification was shown (the window is in the background)."""
        if not alerts:
            return False
        if (
            QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
            and QApplication.activeWindow() is not None
        ):
            return False  # the viewer is looking: the count and the status bar say it
        self.last = compose(alerts)
        if self.tray is None:
            return False
        self.tray.show()
        self.tray.showMessage(*self.last, QSystemTrayIcon.MessageIcon.Information, 8000)
        return True
