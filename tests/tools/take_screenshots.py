"""Render the README's screenshots offscreen from the example library.

python tests/tools/take_screenshots.py [OUT_DIR] [--size WxH] [--scale N] [--dark] [--pseudo]
    (default: resources/screenshots, 1280x800, scale 1, the default light palette)

The other sets (resources/screenshots/1024x640, scale2, dark, pseudo) are made with the options.
``--pseudo``: in the pseudo-locale (tests/tools/translations.py): text left in plain English was not
translated; a bracket missing at a text's end means it is cut off in a longer language.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_ARGS = sys.argv[1:]


def _option(name: str, default: str | None = None) -> str | None:
    if name in _ARGS:
        i = _ARGS.index(name)
        return _ARGS[i + 1] if i + 1 < len(_ARGS) and not _ARGS[i + 1].startswith("--") else "1"
    return default


if _option("--scale"):
    os.environ["QT_SCALE_FACTOR"] = str(_option("--scale"))  # before Qt starts: the whole window drawn at N×
SIZE = tuple(int(v) for v in str(_option("--size", "1280x800")).split("x"))
DARK = _option("--dark") is not None
PSEUDO = _option("--pseudo") is not None
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # for tests.fixtures

from datetime import UTC  # noqa: E402

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from watchtracker.app import open_services  # noqa: E402
from watchtracker.domain.inputs import SeriesInput  # noqa: E402
from watchtracker.paths import AppPaths  # noqa: E402
from watchtracker.services.example import load_example  # noqa: E402
from watchtracker.settings import Settings  # noqa: E402

from watchtracker.ui.application import make_qapplication, views_of  # noqa: E402
from watchtracker.ui.library.series_dialog import SeriesDialog  # noqa: E402
from watchtracker.ui.main_window import MainWindow  # noqa: E402
from watchtracker.ui.tasks import TaskRunner  # noqa: E402


def wait(signal, start) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(10_000, loop.quit)
    start()
    loop.exec()
    signal.disconnect(loop.quit)
    QApplication.processEvents()


def alerts_screens(window, services, out: Path) -> None:
    """The Alerts page after a poll of the project's feed fixtures (served locally), the feeds
    dialog and the Track this spin-off dialog."""
    import functools
    import http.server
    import threading

    from watchtracker.domain.enums import AnnouncementKind

    from watchtracker.ui.alerts.feeds_dialog import FeedsDialog
    from watchtracker.ui.alerts.spin_off_dialog import SpinOffDialog

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(fixtures))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for title, network in (
            ("Slow Horses", "Apple TV+"),
            ("Severance", "Apple TV+"),
            ("Silo", "Apple TV+"),
            ("Reacher", "Prime Video"),
            ("From", "MGM+"),
        ):
            sid, _ = services.catalog.add_series(SeriesInput(title=title, status="airing", network=network))
            services.library.follow(sid)
        services.feeds.add(f"{base}/tvnews.rss.xml", "TV News Daily")
        services.feeds.add(f"{base}/tvnews.atom.xml", "Screen Wire")
        services.feeds.add(f"{base}/not_a_feed.html", "A web page, not a feed")
        services.feeds.poll()
    finally:
        server.shutdown()
    controller = window.alerts_controller
    wait(controller.unread_changed, controller.reload)
    window.show_alerts()
    page = window.alerts_page
    model = page.model
    for day in range(model.rowCount()):
        parent = model.index(day, 0)
        for row in range(model.rowCount(parent)):
            alert = model.alert_at(model.index(row, 0, parent))
            if alert is not None and alert.kind is AnnouncementKind.SPIN_OFF:
                page.tree.setCurrentIndex(model.index(row, 0, parent))
                break
        else:
            continue
        break
    QApplication.processEvents()
    window.grab().save(str(out / "alerts.png"))

    dialog = FeedsDialog(services.feeds, window.library_lane.run, parent=window)
    window.library_lane.wait()
    QApplication.processEvents()  # the list read on the library lane arrives
    dialog.show()
    QApplication.processEvents()
    dialog.grab().save(str(out / "feeds.png"))
    dialog.close()

    spin = next(a for a in services.alerts.alerts() if a.kind is AnnouncementKind.SPIN_OFF and a.spin_off_title)
    plan = services.alerts.spin_off_plan(spin.id)
    spin_dialog = SpinOffDialog(spin, plan, {}, parent=window)
    spin_dialog.show()
    QApplication.processEvents()
    spin_dialog.grab().save(str(out / "track-spin-off.png"))
    spin_dialog.close()


def schedule_episodes(services) -> None:
    """Give the hand-added series of the alerts screens a season airing now, so that Up next
    and Upcoming have something to show: a few episodes out, the rest weekly ahead."""
    from datetime import datetime, time, timedelta

    from sqlmodel import select

    from watchtracker.domain.enums import ViewerState
    from watchtracker.storage.database import session_scope
    from watchtracker.storage.tables import Episode, Season, Series

    today = datetime.now(UTC).date()
    plan = {
        "Slow Horses": (5, -21, time(2, 0)),
        "Severance": (3, -14, time(1, 0)),
        "Silo": (3, -3, time(2, 0)),
        "Reacher": (4, 2, time(7, 0)),
        "From": (4, 9, None),
    }
    with session_scope(services.engine) as session:
        for title, (season_no, start, at) in plan.items():
            series = session.exec(select(Series).where(Series.title == title)).one()
            series.runtime = 50
            season = Season(series_id=series.id, number=season_no, premiere=today + timedelta(days=start))
            session.add(season)
            session.flush()
            for n in range(1, 9):
                day = today + timedelta(days=start + 7 * (n - 1))
                session.add(
                    Episode(
                        series_id=series.id,
                        season_id=season.id,
                        season=season_no,
                        number=n,
                        title=f"Episode {n}",
                        air_date=day,
                        runtime=50,
                        airstamp=datetime.combine(day, at, UTC) if at else None,
                    )
                )
    for title in ("Slow Horses", "Severance", "Silo"):
        services.library.update_entry(services.library.find(title), state=ViewerState.WATCHING)
    services.library.mark_watched(
        [
            e.id
            for s in services.library.detail(services.library.find("Silo")).seasons
            for e in s.episodes
            if e.number == 1
        ]
    )


def section_screens(window, services, out: Path) -> None:
    """Up next, Upcoming, Franchises and Statistics, each as the viewer finds it."""
    schedule_episodes(services)
    window.reload_everything()
    for name, file in (
        ("upnext", "up-next.png"),
        ("upcoming", "upcoming.png"),
        ("franchises", "franchises.png"),
        ("stats", "statistics.png"),
    ):
        controller = window.sections.controllers[name]
        wait(controller.loaded, lambda name=name: window.show_section(name))
        if name == "upcoming":
            window.sections.upcoming_page.table.selectRow(1)
            QApplication.processEvents()
            loop = QEventLoop()
            QTimer.singleShot(500, loop.quit)  # the catch-up line comes from the worker
            loop.exec()
        window.grab().save(str(out / file))


def import_screens(window, services, out: Path, tmp: Path) -> None:
    """The import wizard's preview of a Trakt export, and the Backups dialog."""
    import json

    from watchtracker.ui.transfer.backups_dialog import BackupsDialog

    def show(trakt, title, year, episodes, **ids):
        return {
            "plays": len(episodes),
            "last_watched_at": episodes[-1][2],
            "show": {"title": title, "year": year, "ids": {"trakt": trakt, **ids}},
            "seasons": [
                {
                    "number": s,
                    "episodes": [{"number": n, "plays": 1, "last_watched_at": w} for s2, n, w in episodes if s2 == s],
                }
                for s in sorted({e[0] for e in episodes})
            ],
        }

    export = tmp / "trakt-export"
    export.mkdir()
    (export / "watched-shows.json").write_text(
        json.dumps(
            [
                show(
                    1001,
                    "Bosch",
                    2014,
                    [
                        (1, 1, "2016-01-02T20:00:00.000Z"),
                        (1, 2, "2016-01-03T20:00:00.000Z"),
                        (2, 1, "2016-03-12T21:00:00.000Z"),
                    ],
                ),
                show(
                    1002,
                    "Bosch: Legacy",
                    2022,
                    [(1, 4, "2022-06-01T20:00:00.000Z"), (1, 5, "2022-06-02T20:00:00.000Z")],
                ),
                show(1003, "Shōgun", 2024, [(1, 1, "2024-02-27T20:00:00.000Z")], tvdb=392573),
            ]
        ),
        encoding="utf-8",
    )
    (export / "user-profile.json").write_text("{}", encoding="utf-8")
    window.transfer_controller.import_history()
    dialog = window.transfer_controller.import_dialog
    dialog.online_box.setChecked(False)  # no network here: the unknown show is kept for later
    dialog.path_edit.setText(str(export))
    wait(dialog.finished_step, dialog.start_preview)
    dialog.grab().save(str(out / "import-preview.png"))
    wait(dialog.finished_step, dialog.start_import)  # Shōgun is kept for later
    dialog.reject()

    from watchtracker.ui.preferences import PreferencesDialog

    # (the shows kept for later are taken by media_screens, with a media server's show beside this one)
    prefs = PreferencesDialog(Settings(), parent=window)
    prefs.show()
    QApplication.processEvents()
    prefs.grab().save(str(out / "preferences.png"))
    prefs.close()

    services.backups.backup()
    backups = BackupsDialog(services.backups, lambda path: None, parent=window)
    backups.show()
    QApplication.processEvents()
    backups.grab().save(str(out / "backups.png"))
    backups.close()


def media_screens(window, services, out: Path) -> None:
    """Library > Media servers…: a Jellyfin stand-in (the tests' own, following Jellyfin's API
    description) synced once, and a Kodi that cannot be reached; the add dialog."""
    import keyring
    from pytest_httpserver import HTTPServer

    from tests.conftest import MemoryKeyring
    from tests.media.jellyfin_standin import JellyfinStandin

    from watchtracker.ui.media.add_dialog import AddServerDialog

    keyring.set_keyring(MemoryKeyring())  # never the desktop's own keyring
    server = HTTPServer()
    server.start()
    try:
        stand = JellyfinStandin(server)
        for title, year, seasons in (("Bosch", 2014, 3), ("Bosch: Legacy", 2022, 2), ("Mr. Robot", 2015, 1)):
            series = stand.add_series(title, year)
            for season in range(1, seasons + 1):
                for n in range(1, 6):
                    stand.play(stand.add_episode(series, season, n), 1 + (n == 1))
        media = services.media
        living = media.add("jellyfin", stand.url, user="Alice", password="secret", name="Living room")
        media.sync(living.id, offline=True)
        bob = stand.add_user("Bob", "secret")
        bedroom = media.add("jellyfin", stand.url, user="Bob", password="secret", name="Bedroom")
        for token, user in list(stand.tokens.items()):
            if user == bob.id:
                stand.expire(token)  # revoked on the server meanwhile
        try:
            media.sync(bedroom.id, offline=True)
        except Exception as exc:  # kept on the connection: the dialog shows it
            print(f"bedroom not synced (as intended): {exc}")
        from watchtracker.ui.transfer.pending_dialog import PendingDialog

        kept = PendingDialog(  # the import's show (Shōgun) and the media server's
            services.importer,
            services.library.titles(),
            write=window.library_lane.run,
            find_online=lambda title, parent: None,
            parent=window,
        )
        kept.show()
        QApplication.processEvents()
        kept.grab().save(str(out / "import-kept-for-later.png"))
        kept.close()
        controller = window.media_controller
        controller.show_dialog()
        dialog = controller.dialog
        dialog.resize(900, 420)
        loop = QEventLoop()
        QTimer.singleShot(300, loop.quit)
        loop.exec()
        dialog.view.selectRow(0)
        QApplication.processEvents()
        dialog.grab().save(str(out / "media-servers.png"))
        adding = AddServerDialog(media, window.online_lane.run, parent=dialog)
        adding.kind_box.setCurrentIndex(adding.kind_box.findData("plex"))
        adding.address.setText("http://192.168.1.20:32400")
        adding.show()
        QApplication.processEvents()
        adding.grab().save(str(out / "media-servers-add.png"))
        adding.close()
        dialog.reject()
        controller.stop()
    finally:
        server.stop()


def main() -> int:
    positional = [
        a
        for i, a in enumerate(_ARGS)
        if not a.startswith("--") and (i == 0 or _ARGS[i - 1] not in ("--size", "--scale"))
    ]
    out = Path(positional[0]) if positional else Path(__file__).resolve().parents[2] / "resources" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    if PSEUDO:  # made from the code as it is, loaded by make_qapplication (ui/i18n.py)
        from tests.tools.translations import make_pseudo, make_template

        made = Path(tempfile.mkdtemp(prefix="watchtracker-pseudo-"))
        make_template(made / "watchtracker.ts")
        os.environ["WATCHTRACKER_TRANSLATION"] = str(make_pseudo(made / "watchtracker.ts", made))
    app = make_qapplication()
    if DARK:  # a desktop's dark palette: every colour of the app comes from it (ui/common/theme.py)
        from tests.ui.test_dark_palette import dark_palette

        app.setPalette(dark_palette())
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp))
        services = open_services(paths, Settings())
        window = MainWindow(
            services.library,
            services.catalog,
            TaskRunner(),
            QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat),
            paths.database,
            online=services.online,
            alerts=services.alerts,
            feeds=services.feeds,
            views=views_of(services),
            settings=Settings(),
        )
        window.resize(*SIZE)
        window.show()
        wait(window.library_loaded, window.reload_library)
        window.grab().save(str(out / "empty-library.png"))

        load_example(services.engine)
        wait(window.alerts_controller.loaded, window.reload_everything)  # after the library, same lane
        window.grab().save(str(out / "library.png"))
        services.catalog.add_series(
            SeriesInput(
                title="A Deliberately Long Title For A Series That Tests How The Library Elides Its Text: The Sequel",
                status="upcoming",
                premiere="Late 2027",
                network="Some Streaming Service With A Long Name",
            )
        )
        wait(window.library_loaded, window.reload_library)
        window.grab().save(str(out / "library-long-title.png"))

        wait(window.detail_shown, lambda: window.open_series(services.library.find("Bosch: Legacy")))
        window.grab().save(str(out / "detail-bosch-legacy.png"))
        window.detail_page.tabs.setCurrentIndex(2)
        QApplication.processEvents()
        window.grab().save(str(out / "detail-related.png"))
        window.detail_page.tabs.setCurrentIndex(3)
        QApplication.processEvents()
        window.grab().save(str(out / "detail-announcements.png"))

        wait(window.detail_shown, lambda: window.open_series(services.library.find("Ballard")))
        window.grab().save(str(out / "detail-ballard-announced.png"))

        dialog = SeriesDialog(services.library.titles(), lambda data, saved, refused: None, parent=window)
        dialog.title.setText("Bosch: Origins")
        dialog.premiere.setText("Spring 2027")
        dialog.network.setText("Prime Video")
        dialog.related.setCurrentIndex(dialog.related.findText("Bosch"))
        dialog.show()
        QApplication.processEvents()
        dialog.grab().save(str(out / "add-series.png"))
        dialog.premiere.setText("Smarch 2027")
        QApplication.processEvents()
        dialog.grab().save(str(out / "add-series-invalid-date.png"))
        dialog.close()

        from tests.fixtures import tvmaze_payloads as tv
        from watchtracker.providers.tvmaze import SearchResult, parse_show

        from watchtracker.ui.online.search_dialog import OnlineSearchDialog

        found = [
            SearchResult(40, parse_show(tv.show(5001, "Bosch", premiered="2014-02-06", embed=False))),
            SearchResult(30, parse_show(tv.show(5002, "Bosch: Legacy", embed=False))),
            SearchResult(
                20, parse_show(tv.show(6000, "Ballard", status="Running", premiered="2025-07-09", embed=False))
            ),
        ]
        finder = OnlineSearchDialog(window.online_lane, lambda q: found, query="bosch", parent=window)
        finder.show()
        loop = QEventLoop()
        QTimer.singleShot(1000, loop.quit)
        loop.exec()
        finder.grab().save(str(out / "find-on-tvmaze.png"))
        finder.close()

        alerts_screens(window, services, out)
        section_screens(window, services, out)
        import_screens(window, services, out, Path(tmp))
        media_screens(window, services, out)

        window.library_lane.wait()  # what the imports above wrote is in, and said
        QApplication.processEvents()
        window.statusBar().clearMessage()
        window.show_library()
        window.library_page.search.setText("nothing like this")
        QApplication.processEvents()
        window.grab().save(str(out / "library-no-match.png"))

        from watchtracker.ui.application import READ_ONLY_NOTICE

        window.library_page.search.clear()
        window.show_read_only(READ_ONLY_NOTICE)  # as when the library's disk cannot be written
        window.resize(1024, 640)
        QApplication.processEvents()
        window.grab().save(str(out / "library-read-only.png"))
        window.close()
        window.library_lane.wait()
        services.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
