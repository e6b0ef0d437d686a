"""Keep watching when the window closes: asked once (when there are alerts) on the viewer's
first close; kept, the window hides and the run goes on; Library → Quit and the tray's Quit end
it; Preferences change it; starting at login writes an autostart entry that starts hidden."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from watchtracker.services import desktop_entry
from watchtracker.settings import Settings


class UserClose(QCloseEvent):
    """A close the viewer made (the title bar's button): Qt marks those spontaneous."""

    def spontaneous(self) -> bool:  # noqa: D102
        return True


def user_closes(w) -> None:
    QApplication.sendEvent(w, UserClose())


def alerts_shown(qtbot, w) -> None:
    w.show_alerts()
    qtbot.waitUntil(lambda: w.alerts_page.model.alert_count() > 0, timeout=10_000)


def test_the_first_close_with_alerts_asks_once_and_keeping_hides_the_window(qtbot, make_window, example):
    w = make_window(example)
    alerts_shown(qtbot, w)
    asked = []
    w.background.ask = lambda parent: asked.append(parent) or "keep"
    user_closes(w)
    assert asked == [w] and not w.isVisible() and w.settings.on_close == "keep"
    assert w.online_controller._refresh_timer is not None and not w.refresh_lane.cancelled.is_set()  # still working
    w.show_from_background()
    assert w.isVisible()
    user_closes(w)  # asked once: now it just hides
    assert asked == [w] and not w.isVisible()
    w.quit()  # Library → Quit: the end of the run
    assert w.refresh_lane.cancelled.is_set()


def test_no_question_before_there_are_alerts_and_quit_when_chosen(qtbot, make_window, services):
    w = make_window(services)
    w.background.ask = lambda parent: (_ for _ in ()).throw(AssertionError("asked with no alerts"))
    user_closes(w)
    assert w.refresh_lane.cancelled.is_set()  # no alerts yet: closed as before


def test_quit_when_closed_is_remembered(qtbot, make_window, example):
    w = make_window(example)
    alerts_shown(qtbot, w)
    w.background.ask = lambda parent: "quit"
    user_closes(w)
    assert w.settings.on_close == "quit" and w.refresh_lane.cancelled.is_set()


def test_a_close_from_code_never_asks(qtbot, make_window, example):
    w = make_window(example)
    alerts_shown(qtbot, w)
    w.background.ask = lambda parent: (_ for _ in ()).throw(AssertionError("asked on a close from code"))
    w.close()
    assert w.refresh_lane.cancelled.is_set()


def test_the_setting_survives_a_damaged_value(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"on_close": "explode", "start_at_login": "yes"}')
    s = Settings.load(path)
    assert (s.on_close, s.start_at_login) == ("ask", False)
    Settings(on_close="keep", start_at_login=True).save(path)
    assert Settings.load(path) == Settings(on_close="keep", start_at_login=True)


def test_start_at_login_writes_an_autostart_entry_that_starts_hidden(tmp_path, monkeypatch):
    monkeypatch.setattr(desktop_entry.sys, "platform", "linux")
    path = desktop_entry.set_autostart(True, home=tmp_path, argv=["/opt/wt/bin/watchtracker"])
    assert path == tmp_path / "autostart" / f"{desktop_entry.APP_ID}.desktop"
    text = path.read_text()
    assert "Exec=/opt/wt/bin/watchtracker --background\n" in text and "X-GNOME-Autostart-enabled=true\n" in text
    desktop_entry.set_autostart(False, home=tmp_path)
    assert not path.exists()


def test_preferences_change_what_closing_does_and_start_at_login(qtbot, make_window, services, monkeypatch):
    from dataclasses import replace

    from watchtracker.ui import preferences

    written = []
    monkeypatch.setattr(preferences, "set_autostart", lambda on: written.append(on))
    w = make_window(services)
    w.apply_settings(replace(w.settings, on_close="keep", start_at_login=True))
    assert (w.settings.on_close, w.settings.start_at_login, written) == ("keep", True, [True])

    def refuse(on):
        raise preferences.WatchtrackerError("watchtracker could not write ~/.config/autostart/…: read-only.")

    monkeypatch.setattr(preferences, "set_autostart", refuse)
    w.apply_settings(replace(w.settings, start_at_login=False))
    assert w.settings.start_at_login is True  # not done: not saved as done
    assert "read-only" in w.statusBar().currentMessage()
