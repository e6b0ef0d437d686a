"""Every kind of news an alert carries (issue 14): ``announcement.kinds`` (main first) beside
``kind`` (the main one, which mutes and counts go by); migration 0007 that brings it, with the
tables of the viewer's corrections; the alert JSON and text of the command line; the own-format
export."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from tests.unit.test_importer import empty_library
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, ViewerState
from watchtracker.domain.inputs import SeriesInput
from watchtracker.errors import UserError
from watchtracker.providers.feeds import FeedClient
from watchtracker.providers.http import PoliteClient, Politeness
from watchtracker.services import feeds as feeds_module
from watchtracker.services.alerts import AlertRow, AlertService
from watchtracker.services.feeds import FeedService
from watchtracker.services.news import Classified, classify
from watchtracker.services.transfer.own_format import export_document, parse_own_export
from watchtracker.services.transfer.own_import import import_own
from watchtracker.storage.database import alembic_config, head_revision, make_engine, open_database, session_scope
from watchtracker.storage.tables import Announcement, AnnouncementSeries

pytestmark = pytest.mark.both_backends

K = AnnouncementKind
WHEN = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def news(services):
    """Followed series the news below talks about, and the feeds service (a real HTTP client)."""
    for title in ("Reacher", "Silo", "Severance"):
        services.catalog.add_series(
            SeriesInput(title=title, status=LifecycleStatus.AIRING, follow_state=ViewerState.WATCHING)
        )
    http = PoliteClient(Politeness(retries=1, backoff=0.01, read_timeout=2.0), sleep=lambda s: None)
    yield services, FeedService(services.engine, FeedClient(http), clock=lambda: datetime(2026, 11, 24, 12, tzinfo=UTC))
    http.close()


def rss(*items: tuple[str, str]) -> bytes:
    """A feed of (headline, link) items."""
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>Fri, 20 Nov 2026 09:00:00 GMT</pubDate></item>"
        for title, link in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Kinds Wire</title>{body}</channel></rss>'.encode()


def add(services, headline: str, kind: K, kinds: list[str] | None = None, series: tuple[int, ...] = ()) -> int:
    with session_scope(services.engine) as session:
        ann = Announcement(
            kind=kind.value,
            headline=headline,
            source="Test Wire",
            published_at=WHEN,
            created_at=WHEN,
            fingerprint=f"feed:{headline}",
            **({"kinds": kinds} if kinds is not None else {}),
        )
        session.add(ann)
        session.flush()
        for sid in series:
            session.add(AnnouncementSeries(announcement_id=ann.id, series_id=sid))
        return ann.id


# -- the migration -------------------------------------------------------------------------------


def _at_0006(path):
    raw = create_engine(f"sqlite:///{path}")
    with raw.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
        conn.exec_driver_sql(
            "INSERT INTO series (id, title, aliases, overview, status, network, country, language, genres,"
            " content_rating, created_at, updated_at) VALUES (1, 'Bosch', '[]', '', 'ended', '', '', '', '[]', '',"
            " '2020-01-01', '2020-01-01')"
        )
        for aid, kind in ((1, "renewed"), (2, "episode_aired")):
            conn.exec_driver_sql(
                "INSERT INTO announcement (id, kind, headline, summary, source, fingerprint, read, dismissed,"
                f" created_at, reason) VALUES ({aid}, '{kind}', 'Bosch {kind}', '', 'W', 't:{aid}', 0, 0,"
                " '2020-02-14 00:00:00.000000', '')"
            )
            conn.exec_driver_sql(f"INSERT INTO announcement_series VALUES ({aid}, 1)")
    raw.dispose()


def test_0007_gives_every_announcement_its_kind_as_kinds_keeps_its_series_and_goes_down_again(tmp_path):
    path = tmp_path / "library.sqlite"
    _at_0006(path)
    engine = open_database(path, tmp_path / "backups")  # the app's own upgrade: foreign keys on
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        rows = conn.exec_driver_sql("SELECT id, kinds FROM announcement ORDER BY id").all()
        assert [(aid, json.loads(kinds)) for aid, kinds in rows] == [(1, ["renewed"]), (2, ["episode_aired"])]
        # no copy of the table: its links to the series are all there
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM announcement_series").scalar() == 2
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"kind_example", "false_match"} <= tables
        # the models and the migrated schema agree
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    assert {a.id: a.kinds for a in AlertService(engine).alerts()} == {1: (K.RENEWED,), 2: (K.EPISODE_AIRED,)}
    engine.dispose()

    back = make_engine(path)  # foreign keys on here too: going down must not cut the links
    with back.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
        assert "kinds" not in {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(announcement)")}
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert not {"kind_example", "false_match"} & tables
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM announcement").scalar() == 2
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM announcement_series").scalar() == 2
    back.dispose()
    engine = open_database(path, tmp_path / "backups")  # and up again
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM announcement WHERE kinds = json_array(kind)").scalar() == 2
    engine.dispose()


# -- stored and read -----------------------------------------------------------------------------


def test_a_row_written_with_its_kind_alone_gets_it_as_its_kinds_and_the_main_kind_stays_first(services):
    alone = add(services, "Alone", K.RENEWED)
    out_of_order = add(services, "Out of order", K.RENEWED, ["casting", "renewed"])
    with session_scope(services.engine) as session:
        assert session.get(Announcement, alone).kinds == ["renewed"]
        assert session.get(Announcement, out_of_order).kinds == ["renewed", "casting"]
    assert services.alerts.alert(alone).kinds == (K.RENEWED,)
    assert services.alerts.alert(out_of_order).kinds == (K.RENEWED, K.CASTING)


def test_an_alert_row_made_without_kinds_has_its_kind():
    row = AlertRow(
        id=1,
        kind=K.TRAILER,
        series=(),
        headline="h",
        summary="",
        source="",
        url=None,
        published=WHEN,
        read=False,
        dismissed=False,
        muted=False,
        reason="",
        premiere=None,
        spin_off_title=None,
    )
    assert row.kinds == (K.TRAILER,) and row.other_kinds == ()


def test_the_kind_filter_matches_any_kind_while_mutes_and_counts_go_by_the_main_one(example):
    bosch = example.library.find("Bosch")
    two = add(example, "Bosch renewed, and a new lead cast", K.RENEWED, ["renewed", "casting"], (bosch,))
    casting = {a.id for a in example.alerts.alerts(kind="casting")}
    assert two in casting and "Maggie Q to play Renée Ballard" in {
        a.headline for a in example.alerts.alerts(kind=K.CASTING)
    }
    assert two in {a.id for a in example.alerts.alerts(kind="renewed")}
    assert two not in {a.id for a in example.alerts.alerts(kind="trailer")}
    unread = example.alerts.unread_count()
    example.alerts.mute_kind("casting")  # its main kind is not muted: it is still loud and counted
    assert not example.alerts.alert(two).muted
    assert example.alerts.unread_count() == unread - 1  # the example's casting alert, muted
    example.alerts.mute_kind("renewed")
    assert example.alerts.alert(two).muted


def test_a_poll_stores_every_kind_classify_finds_main_first(news, httpserver, monkeypatch):
    services, feeds = news
    silo = "‘Silo’ renewed for a third season as its lead joins as producer"
    plain = "‘Reacher’ season 4 begins filming in Toronto"

    def two_events(title, summary="", **kw):  # whatever the rules say today, this item tells two events
        got = classify(title, summary, **kw)
        if title == silo:
            return Classified(K.RENEWED, got.premiere, None, (K.RENEWED, K.CASTING))
        return got

    monkeypatch.setattr(feeds_module, "classify", two_events)
    httpserver.expect_request("/k").respond_with_data(
        rss((silo, "https://kinds.example/1"), (plain, "https://kinds.example/2")), content_type="application/rss+xml"
    )
    feeds.add(httpserver.url_for("/k"))
    assert feeds.poll().all_answered
    got = {a.headline: a for a in services.alerts.alerts() if a.url and "kinds.example" in a.url}
    assert got[silo].kind is K.RENEWED and got[silo].kinds == (K.RENEWED, K.CASTING)
    expected = classify(plain, "", published=datetime(2026, 11, 20).date())
    assert got[plain].kinds == expected.kinds and got[plain].kind is expected.kind == expected.kinds[0]


# -- the command line ----------------------------------------------------------------------------


def test_the_alert_json_and_text_carry_every_kind(example, cli_run):
    bosch = example.library.find("Bosch")
    two = add(example, "Bosch renewed, and a new lead cast", K.RENEWED, ["renewed", "casting"], (bosch,))
    code, out, err = cli_run("alerts", "--json")
    assert code == 0, err
    rows = {a["id"]: a for a in json.loads(out)}
    assert (rows[two]["kind"], rows[two]["kinds"]) == ("renewed", ["renewed", "casting"])
    assert all(a["kinds"][0] == a["kind"] for a in rows.values())
    assert next(a for a in rows.values() if a["headline"] == "Maggie Q to play Renée Ballard")["kinds"] == ["casting"]
    code, out, _ = cli_run("alerts", "--kind", "casting")
    assert code == 0
    assert any(
        line.startswith(f"*{two:>5}  ") and "[renewed, casting] Bosch renewed" in line for line in out.splitlines()
    )
    assert any("[casting] Maggie Q to play Renée Ballard" in line for line in out.splitlines())


# -- the own format ------------------------------------------------------------------------------


def test_the_own_format_keeps_every_kind_and_an_older_file_without_them_still_imports(
    example, tmp_path, backend, request
):
    bosch = example.library.find("Bosch")
    add(example, "Bosch renewed, and a new lead cast", K.RENEWED, ["renewed", "casting"], (bosch,))
    doc = export_document(example.engine)
    two = next(a for a in doc["announcements"] if a["headline"] == "Bosch renewed, and a new lead cast")
    assert (two["kind"], two["kinds"]) == ("renewed", ["renewed", "casting"])
    older = json.loads(json.dumps(doc))
    for a in older["announcements"]:
        del a["kinds"]
    for name, content in (("new", doc), ("older", older)):
        engine = empty_library(request, backend, tmp_path / name)  # on the same backend
        import_own(engine, parse_own_export(json.dumps(content)))
        got = {a.headline: a.kinds for a in AlertService(engine).alerts()}
        wanted = (K.RENEWED, K.CASTING) if name == "new" else (K.RENEWED,)
        assert got["Bosch renewed, and a new lead cast"] == wanted
        assert got["Maggie Q to play Renée Ballard"] == (K.CASTING,)
        engine.dispose()


@pytest.mark.parametrize("bad", [["gossip"], "renewed"])
def test_kinds_that_are_no_kinds_are_refused_in_a_file(example, bad):
    doc = export_document(example.engine)
    doc["announcements"][0]["kinds"] = bad
    with pytest.raises(UserError, match="kinds"):
        parse_own_export(json.dumps(doc))


def test_a_series_timeline_shows_every_kind_main_first(example):
    bosch = example.library.find("Bosch")
    add(example, "'Bosch' prequel ordered; Welliver returns", K.SPIN_OFF, ["spin_off", "casting"], (bosch,))
    add(example, "An odd kind in an old file", K.NEWS, ["news", "not_a_kind"], (bosch,))
    by_headline = {a.headline: a for a in example.library.detail(bosch).announcements}
    assert by_headline["'Bosch' prequel ordered; Welliver returns"].kinds == (K.SPIN_OFF, K.CASTING)
    assert by_headline["An odd kind in an old file"].kinds == (K.NEWS,)
