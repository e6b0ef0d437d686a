"""The library's tables. Enum-like columns hold the stable string values of domain.enums.

Times are aware UTC datetimes (SQLModel stores them as UTC). Ids are never reused
(AUTOINCREMENT): an undo can put a deleted row back under its old id, and what still refers to
that id (an undo further down the stack) finds the right row. Dates known only roughly (premiere, end) are canonical
PartialDate text plus a sortable ``*_sort`` date (the earliest day it could be).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TypeVar, cast
from uuid import uuid4

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, UniqueConstraint, event, inspect, true
from sqlalchemy.orm import Mapped
from sqlmodel import Field, SQLModel

_T = TypeVar("_T")


def new_uid() -> str:
    """A viewing's id made where it is recorded: 32 hex digits, random."""
    return uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


# Ids are typed ``int | None`` below because a new row has none until it is flushed; a row read
# from the database, or flushed, has one, and so has every NOT NULL foreign key of a stored row.


def saved_id(value: int | None) -> int:
    """The id (or NOT NULL foreign key) of a row that is in the database: never None there."""
    if value is None:
        raise ValueError("a row that is not in the database yet has no id")
    return value


def not_null(column: _T | None) -> Mapped[_T]:
    """A column as a query names it, typed as what it reads back there: never None. For a NOT NULL
    column (a primary key, a required foreign key) or one the WHERE clause keeps from NULL; not
    for one reached through an outer join. It only tells the type checker: the query is the same."""
    return cast("Mapped[_T]", column)


def _version():
    """An edited row's version: 1 when written, one more at every change of the row (``_bump_version``);
    a write based on an older reading is refused (errors.ChangedElsewhere, migration 0012)."""
    return Field(default=1, sa_column_kwargs={"server_default": "1"})


def _fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE", index: bool = True):
    return Field(
        default=None,
        sa_column=Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index),
    )


class Franchise(SQLModel, table=True):
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""
    followed: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    version: int = _version()


class Series(SQLModel, table=True):
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(index=True)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    overview: str = ""
    status: str = "announced"
    premiere: str | None = None
    premiere_precision: str | None = None
    premiere_sort: date | None = None
    ended: str | None = None
    network: str = ""
    country: str = ""
    language: str = ""
    genres: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    content_rating: str = ""
    runtime: int | None = None
    poster_url: str | None = None
    poster_path: str | None = None
    tvmaze_id: int | None = Field(default=None, unique=True)
    thetvdb_id: int | None = Field(default=None, unique=True)
    imdb_id: str | None = Field(default=None, unique=True)
    tmdb_id: int | None = Field(default=None, unique=True)
    franchise_id: int | None = _fk("franchise.id", nullable=True, ondelete="SET NULL")
    remote_updated: int | None = None  # provider's last-updated stamp (unix seconds)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = _version()


class LibraryEntry(SQLModel, table=True):
    """The viewer's side of a series: present when the series is followed."""

    __tablename__ = "library_entry"
    series_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("series.id", ondelete="CASCADE"), primary_key=True),
    )
    state: str = "plan_to_watch"
    favourite: bool = False
    rating: int | None = None
    notes: str = ""
    added_at: datetime = Field(default_factory=utcnow)
    alerts_muted: bool = False  # its alerts are kept, but neither counted as unread nor notified
    version: int = _version()


class Season(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("series_id", "number"), {"sqlite_autoincrement": True})
    id: int | None = Field(default=None, primary_key=True)
    series_id: int | None = _fk("series.id", index=False)
    number: int
    name: str = ""
    premiere: date | None = None
    episode_order: int | None = None
    tvmaze_id: int | None = None


class Episode(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("series_id", "season", "number"),
        # the library's and Up next's reads find whether an episode aired without reading its row
        Index("ix_episode_series_air", "series_id", "season", "number", "airstamp", "air_date"),
        Index("ix_episode_airstamp", "airstamp"),  # Upcoming: what airs in the next days
        Index("ix_episode_air_date", "air_date"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    series_id: int | None = _fk("series.id", index=False)
    season_id: int | None = _fk("season.id", nullable=True, ondelete="SET NULL", index=False)
    season: int  # 0 holds the specials
    number: int
    title: str = ""
    summary: str = ""
    air_date: date | None = None  # in the broadcaster's calendar
    airstamp: datetime | None = None  # UTC
    runtime: int | None = None
    tvmaze_id: int | None = None


class Viewing(SQLModel, table=True):
    """One row per time an episode was watched: rewatches count."""

    # an episode's viewings and its last one, without reading their rows
    __table_args__ = (
        Index("ix_viewing_episode_watched", "episode_id", "watched_at"),
        Index("ux_viewing_uid", "uid", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    episode_id: int | None = _fk("episode.id", index=False)
    watched_at: datetime | None = Field(default=None, index=True)  # UTC; None = "some time"
    source: str = "manual"
    # made where the viewing is recorded, unique: the same viewing copied, restored or sent twice
    # (a dropped connection, a second computer) is never a second one (migration 0011)
    uid: str | None = Field(default_factory=lambda: new_uid(), max_length=32, sa_column_kwargs={"default": new_uid})


class SeriesProgress(SQLModel, table=True):
    """Per series, what its viewings add up to, for Up next: kept by SQLite triggers on viewing and
    episode (migration 0009 holds them), never written by the code. No row: nothing watched (or
    only specials, at no known time).

    The triggers are not in these models: a future migration that rebuilds viewing or episode
    with Alembic's batch mode ("move and copy") must drop them first and create them again after
    (and refill this table), see 0009; tests/unit/test_series_progress.py checks that they exist at head."""

    __tablename__ = "series_progress"
    series_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("series.id", ondelete="CASCADE"), primary_key=True),
    )
    watched_regular: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # episodes, season > 0
    # season * 100000 + number of the furthest regular episode watched; 0: none
    furthest_key: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    last_watched_at: datetime | None = None  # the last viewing of any of its episodes, specials too


class Person(SQLModel, table=True):
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    tvmaze_id: int | None = Field(default=None, unique=True)
    image_url: str | None = None


class Credit(SQLModel, table=True):
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    series_id: int | None = _fk("series.id")
    person_id: int | None = _fk("person.id")
    character: str = ""
    role: str = "actor"
    position: int = 0


class Relation(SQLModel, table=True):
    """A typed edge: ``from_series`` <kind> ``to_series`` ("Ballard" spin_off_of "Bosch")."""

    __table_args__ = (UniqueConstraint("from_series_id", "to_series_id", "kind"), {"sqlite_autoincrement": True})
    id: int | None = Field(default=None, primary_key=True)
    from_series_id: int | None = _fk("series.id")
    to_series_id: int | None = _fk("series.id")
    kind: str
    version: int = _version()


class Announcement(SQLModel, table=True):
    __table_args__ = (Index("ix_announcement_unread", "dismissed", "read"), {"sqlite_autoincrement": True})
    id: int | None = Field(default=None, primary_key=True)
    kind: str
    headline: str
    summary: str = ""
    source: str = ""
    url: str | None = None
    published_at: datetime | None = Field(default=None, index=True)
    # False when the source gave a day without a time: published_at is then 12:00 UTC that day
    # (the same day from UTC-11 to UTC+11) and only the day is shown
    published_has_time: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    fingerprint: str = Field(unique=True)  # the same news is stored once
    read: bool = False
    dismissed: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    feed_id: int | None = _fk("feed.id", nullable=True, ondelete="SET NULL", index=False)
    reason: str = ""  # why it concerns its series ("title ‘Bosch’ in the headline")
    premiere: str | None = None  # a premiere date the news gives, canonical PartialDate text
    spin_off_title: str | None = None  # the new series a spin_off item names, when it names one
    # every kind of news the item carries, main first: ``kind`` is ``kinds[0]`` (a row written
    # without them gets ``[kind]``, see _main_kind_first)
    kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    version: int = _version()


@event.listens_for(Announcement, "before_insert")
@event.listens_for(Announcement, "before_update")
def _main_kind_first(_mapper, _connection, target: Announcement) -> None:
    """``kinds`` always holds ``kind``, first: whoever writes only ``kind`` (the library's own
    alerts, TVmaze's changes, an import) stores ``[kind]``."""
    kinds = list(target.kinds or ())
    if kinds[:1] != [target.kind]:
        target.kinds = [target.kind, *(k for k in kinds if k != target.kind)]


VERSIONED = (Franchise, Series, LibraryEntry, Relation, Announcement)


def _bump_version(_mapper, _connection, target) -> None:
    """Every ORM UPDATE of an edited row that changes one of its columns adds one to its version,
    in SQL (``version = version + 1``: two computers' changes never share a number). A write that
    sets the version itself (a service's checked save) is left as it is. Raw SQL updates of these
    tables must do the same (there are none)."""
    state = inspect(target)
    if state.attrs.version.history.added:
        return
    for attr in state.mapper.column_attrs:
        if attr.key == "version":
            continue
        history = state.attrs[attr.key].history
        if history.added and (not history.deleted or history.added[0] != history.deleted[0]):
            target.version = type(target).version + 1  # in SQL, see above
            return


for _versioned in VERSIONED:
    event.listen(_versioned, "before_update", _bump_version)


class AnnouncementSeries(SQLModel, table=True):
    __tablename__ = "announcement_series"
    announcement_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("announcement.id", ondelete="CASCADE"), primary_key=True),
    )
    series_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("series.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


class KindExample(SQLModel, table=True):
    """The viewer's correction of an alert's kinds ("Wrong kind?"): kept as an example the next
    news items are typed by (services.feeds)."""

    __tablename__ = "kind_example"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    headline: str
    summary: str = ""
    kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # main first
    created_at: datetime = Field(default_factory=utcnow)


class FalseMatch(SQLModel, table=True):
    """A series the viewer said a news item is not about ("Not about this series"): the same
    story (a close headline, or the same item) is not matched to it again."""

    __tablename__ = "false_match"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    series_id: int | None = _fk("series.id")
    headline: str
    fingerprint: str | None = None  # the item's, when it came from a feed
    created_at: datetime = Field(default_factory=utcnow)


class Feed(SQLModel, table=True):
    """A news feed (RSS or Atom) the viewer subscribed to, with what conditional GET needs."""

    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)
    name: str = ""
    enabled: bool = True
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = None
    last_ok_at: datetime | None = None
    last_error: str | None = None  # one line for the feed list; None when the last poll worked
    items_seen: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class MutedKind(SQLModel, table=True):
    """An alert kind the viewer muted: its alerts are kept, not counted as unread, not notified."""

    __tablename__ = "muted_kind"
    kind: str = Field(primary_key=True)


class SyncState(SQLModel, table=True):
    """Small facts about talking to the outside world, e.g. when TVmaze was last asked."""

    __tablename__ = "sync_state"
    key: str = Field(primary_key=True)
    value: str
    updated_at: datetime = Field(default_factory=utcnow)


class PendingImport(SQLModel, table=True):
    """A show from an imported file that could not be matched to a series yet (offline, unknown
    to TVmaze, no ids): kept whole, so that nothing of the viewer's history is lost, and tried
    again with ``watchtracker import --retry-pending``. One row per (format, key)."""

    __tablename__ = "pending_import"
    __table_args__ = (UniqueConstraint("format", "key"), {"sqlite_autoincrement": True})
    id: int | None = Field(default=None, primary_key=True)
    format: str  # domain.transfer.FORMATS
    key: str  # the show's key in its file (ImportedShow.key)
    title: str
    year: int | None = None
    ids: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    show: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # the ImportedShow
    created_at: datetime = Field(default_factory=utcnow)
    error: str = ""  # why it is not matched yet, one line


class MediaServer(SQLModel, table=True):
    """A connection to one of the viewer's media servers (Jellyfin, Emby, Plex, Kodi), whose plays
    come in as viewings with ``source`` "server:<id>". Its token or password is in the system's
    keyring (storage.secrets), never here. Migration 0013."""

    __tablename__ = "media_server"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str  # domain.media.KINDS
    url: str
    user: str = ""
    user_id: str = ""  # the server's id of that user (Jellyfin, Emby)
    server_id: str = ""  # the server's own id, when it says
    paused: bool = False
    write_back: bool = False  # marking watched here marks it played there
    last_sync_at: datetime | None = None  # the last sync that went through
    last_error: str = ""  # one line: why the last sync failed ("" when it went through)
    last_error_at: datetime | None = None
    added_at: datetime = Field(default_factory=utcnow)


class ServerPlay(SQLModel, table=True):
    """What the library knows of one played episode of a server: how many of its plays are
    accounted for (as viewings, or as a viewing already there at the same time) and the last
    play's date. A sync compares the server with these rows: more plays are new viewings, an
    episode played before and now unplayed loses the viewings this server made."""

    __tablename__ = "server_play"
    server_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("media_server.id", ondelete="CASCADE"), primary_key=True),
    )
    key: str = Field(primary_key=True)  # the server's id of the episode
    show_key: str = ""
    episode_id: int | None = _fk("episode.id", nullable=True, ondelete="SET NULL", index=False)
    plays: int = 0
    last_played: datetime | None = None


class ServerShow(SQLModel, table=True):
    """A server's show and the library series it is (matched by ids, title, TVmaze or by hand);
    ``series_id`` None: not matched yet (kept for later with the imports' shows)."""

    __tablename__ = "server_show"
    server_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("media_server.id", ondelete="CASCADE"), primary_key=True),
    )
    key: str = Field(primary_key=True)
    title: str = ""
    year: int | None = None
    series_id: int | None = _fk("series.id", nullable=True, ondelete="SET NULL", index=False)
