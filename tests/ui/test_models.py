"""Every item model passes Qt's model tester, filled and empty."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import Qt

from watchtracker.domain.enums import ViewerState

from watchtracker.ui.common.delegates import PROGRESS_ROLE
from watchtracker.ui.detail.cast_model import CastModel
from watchtracker.ui.detail.episodes_model import EPISODE_ROLE, EpisodesModel
from watchtracker.ui.library.model import NEXT, PROGRESS, SORT_ROLE, TITLE, LibraryFilter, LibraryModel


def test_library_model_and_filter(qtmodeltester, small):
    model = LibraryModel()
    qtmodeltester.check(model)
    model.set_rows(small.library.library())
    qtmodeltester.check(model)
    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_text("alp")
    assert proxy.rowCount() == 1
    assert proxy.index(0, TITLE).data() == "Alpha"
    proxy.set_text("CHANNEL B")  # the network matches too, whatever the case
    assert proxy.index(0, TITLE).data() == "Beta"
    proxy.set_text("")
    proxy.set_state(ViewerState.PLAN_TO_WATCH)
    assert [proxy.index(r, TITLE).data() for r in range(proxy.rowCount())] == ["Beta"]
    qtmodeltester.check(proxy)


def test_library_model_updates_rows_in_place(qtmodeltester, small):
    model = LibraryModel()
    model.set_rows(small.library.library())
    alpha = small.library.find("Alpha")
    row = model.row_for(alpha)
    assert model.index(row, PROGRESS).data(PROGRESS_ROLE) == (2, 5)
    eps = small.library.select_episodes(alpha, season=1)
    small.library.mark_watched([e.id for e in eps])
    model.update_rows(small.library.library([alpha]))
    assert model.index(row, PROGRESS).data(PROGRESS_ROLE) == (4, 5)
    assert model.index(row, NEXT).data().startswith("S02E01")
    model.update_rows([], removed=[alpha])
    assert model.rowCount() == 1
    qtmodeltester.check(model)


def test_sort_keys_are_comparable_per_column(small):
    model = LibraryModel()
    model.set_rows(small.library.library())
    for col in range(model.columnCount()):
        keys = [model.index(r, col).data(SORT_ROLE) for r in range(model.rowCount())]
        assert sorted(keys) is not None  # mixed types would raise here
        assert len({type(k) for k in keys}) == 1


def test_episodes_model(qtmodeltester, small):
    model = EpisodesModel()
    qtmodeltester.check(model)
    detail = small.library.detail(small.library.find("Alpha"))
    model.set_seasons(detail.seasons)
    qtmodeltester.check(model)
    season1 = model.index(0, 0)
    assert model.rowCount(season1) == 4
    assert season1.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    first = model.index(0, 0, season1)
    assert first.data(EPISODE_ROLE).title == "A1"
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    toggled = []
    model.on_toggle = lambda eps, watched: toggled.append(([e.title for e in eps], watched))
    model.setData(model.index(1, 0, season1), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.setData(season1, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert toggled == [(["A2"], True), (["A1", "A2", "A3", "A4"], True)]
    assert model.replace_seasons(detail.seasons)  # same shape: updated in place
    qtmodeltester.check(model)


def test_cast_model(qtmodeltester, small):
    model = CastModel()
    qtmodeltester.check(model)
    model.set_credits(small.library.detail(small.library.find("Alpha")).cast)
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "Alpha"


def test_air_times_show_in_the_viewers_time_zone(monkeypatch):
    import time
    from datetime import date, datetime

    from watchtracker.domain.models import EpisodeView, SeasonView

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        ep = EpisodeView(1, 1, 1, "Pilot", "", date(2014, 4, 6), datetime(2014, 4, 7, 2, 0, tzinfo=UTC), 30)
        model = EpisodesModel()
        model.set_seasons([SeasonView(1, "", (ep,))])
        assert model.index(0, 2, model.index(0, 0)).data() == "7 Apr 2014, 04:00"  # the next morning in Europe
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_broken_poster_file_gets_the_drawn_placeholder(tmp_path):
    from PySide6.QtCore import QSize

    from watchtracker.ui.common.posters import poster_pixmap

    junk = tmp_path / "poster.jpg"
    junk.write_bytes(b"not an image")
    pix = poster_pixmap("Bosch", str(junk), QSize(24, 34))
    assert not pix.isNull() and pix.size() == QSize(24, 34)
