"""Stable vocabularies of the domain. The string values are stored in the database and printed
by the CLI's JSON output, so they never change once released."""

from __future__ import annotations

from enum import StrEnum

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate


class LifecycleStatus(StrEnum):
    RUMORED = "rumored"
    ANNOUNCED = "announced"
    IN_PRODUCTION = "in_production"
    UPCOMING = "upcoming"
    AIRING = "airing"
    HIATUS = "hiatus"
    ENDED = "ended"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """In the viewer's language."""
        return translate("LifecycleStatus", _STATUS_LABELS[self])

    @property
    def english_label(self) -> str:
        """Always English: for what is stored (an alert's headline)."""
        return _STATUS_LABELS[self]

    @property
    def is_unreleased(self) -> bool:
        return self in (self.RUMORED, self.ANNOUNCED, self.IN_PRODUCTION, self.UPCOMING)


_STATUS_LABELS = {
    LifecycleStatus.RUMORED: QT_TRANSLATE_NOOP("LifecycleStatus", "Rumored"),
    LifecycleStatus.ANNOUNCED: QT_TRANSLATE_NOOP("LifecycleStatus", "Announced"),
    LifecycleStatus.IN_PRODUCTION: QT_TRANSLATE_NOOP("LifecycleStatus", "In production"),
    LifecycleStatus.UPCOMING: QT_TRANSLATE_NOOP("LifecycleStatus", "Upcoming"),
    LifecycleStatus.AIRING: QT_TRANSLATE_NOOP("LifecycleStatus", "Airing"),
    LifecycleStatus.HIATUS: QT_TRANSLATE_NOOP("LifecycleStatus", "On hiatus"),
    LifecycleStatus.ENDED: QT_TRANSLATE_NOOP("LifecycleStatus", "Ended"),
    LifecycleStatus.CANCELLED: QT_TRANSLATE_NOOP("LifecycleStatus", "Cancelled"),
}


class ViewerState(StrEnum):
    WATCHING = "watching"
    PLAN_TO_WATCH = "plan_to_watch"
    ON_HOLD = "on_hold"
    DROPPED = "dropped"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return translate("ViewerState", _STATE_LABELS[self])


_STATE_LABELS = {
    ViewerState.WATCHING: QT_TRANSLATE_NOOP("ViewerState", "Watching"),
    ViewerState.PLAN_TO_WATCH: QT_TRANSLATE_NOOP("ViewerState", "Plan to watch"),
    ViewerState.ON_HOLD: QT_TRANSLATE_NOOP("ViewerState", "On hold"),
    ViewerState.DROPPED: QT_TRANSLATE_NOOP("ViewerState", "Dropped"),
    ViewerState.COMPLETED: QT_TRANSLATE_NOOP("ViewerState", "Completed"),
}


class RelationKind(StrEnum):
    """A typed edge *from* one series *to* another: "Ballard spin_off_of Bosch"."""

    SPIN_OFF_OF = "spin_off_of"
    SEQUEL_OF = "sequel_of"
    PREQUEL_OF = "prequel_of"
    REVIVAL_OF = "revival_of"
    REMAKE_OF = "remake_of"
    SAME_UNIVERSE = "same_universe"

    @property
    def label(self) -> str:
        """How the edge reads from its source: "Ballard is a spin-off of Bosch"."""
        return translate("RelationKind", _RELATION_LABELS[self][0])

    @property
    def inverse_label(self) -> str:
        """How the edge reads from its target: "Bosch has spin-off Ballard"."""
        return translate("RelationKind", _RELATION_LABELS[self][1])


_RELATION_LABELS = {
    RelationKind.SPIN_OFF_OF: (
        QT_TRANSLATE_NOOP("RelationKind", "Spin-off of"),
        QT_TRANSLATE_NOOP("RelationKind", "Spin-off"),
    ),
    RelationKind.SEQUEL_OF: (
        QT_TRANSLATE_NOOP("RelationKind", "Sequel of"),
        QT_TRANSLATE_NOOP("RelationKind", "Sequel"),
    ),
    RelationKind.PREQUEL_OF: (
        QT_TRANSLATE_NOOP("RelationKind", "Prequel of"),
        QT_TRANSLATE_NOOP("RelationKind", "Prequel"),
    ),
    RelationKind.REVIVAL_OF: (
        QT_TRANSLATE_NOOP("RelationKind", "Revival of"),
        QT_TRANSLATE_NOOP("RelationKind", "Revival"),
    ),
    RelationKind.REMAKE_OF: (
        QT_TRANSLATE_NOOP("RelationKind", "Remake of"),
        QT_TRANSLATE_NOOP("RelationKind", "Remake"),
    ),
    RelationKind.SAME_UNIVERSE: (
        QT_TRANSLATE_NOOP("RelationKind", "Same universe as"),
        QT_TRANSLATE_NOOP("RelationKind", "Same universe as"),
    ),
}


class AnnouncementKind(StrEnum):
    SPIN_OFF = "spin_off"
    RENEWED = "renewed"
    CANCELLED = "cancelled"
    ENDED = "ended"
    PREMIERE_DATE = "premiere_date"
    NEW_SEASON = "new_season"
    NEW_EPISODE = "new_episode"
    STATUS_CHANGE = "status_change"
    CASTING = "casting"
    TRAILER = "trailer"
    NEWS = "news"
    # derived from the library itself, not from news
    EPISODE_AIRED = "episode_aired"
    SEASON_COMPLETE = "season_complete"
    PREMIERE_SOON = "premiere_soon"
    FRANCHISE_JOIN = "franchise_join"  # a series joined a franchise the viewer follows

    @property
    def label(self) -> str:
        return translate("AnnouncementKind", _KIND_LABELS[self])


# the kinds news can announce, in the labelling guide's order (tests/fixtures/news/LABELLING.md): what
# the rules and the learned model type, and what the viewer picks from in "Wrong kind?"; the other
# kinds are the library's own and TVmaze's
NEWS_KINDS: tuple[AnnouncementKind, ...] = (
    AnnouncementKind.SPIN_OFF,
    AnnouncementKind.RENEWED,
    AnnouncementKind.CANCELLED,
    AnnouncementKind.ENDED,
    AnnouncementKind.PREMIERE_DATE,
    AnnouncementKind.NEW_SEASON,
    AnnouncementKind.TRAILER,
    AnnouncementKind.CASTING,
    AnnouncementKind.NEWS,
)

_KIND_LABELS = {
    AnnouncementKind.SPIN_OFF: QT_TRANSLATE_NOOP("AnnouncementKind", "Spin-off"),
    AnnouncementKind.RENEWED: QT_TRANSLATE_NOOP("AnnouncementKind", "Renewed"),
    AnnouncementKind.CANCELLED: QT_TRANSLATE_NOOP("AnnouncementKind", "Cancelled"),
    AnnouncementKind.ENDED: QT_TRANSLATE_NOOP("AnnouncementKind", "Ended"),
    AnnouncementKind.PREMIERE_DATE: QT_TRANSLATE_NOOP("AnnouncementKind", "Premiere date"),
    AnnouncementKind.STATUS_CHANGE: QT_TRANSLATE_NOOP("AnnouncementKind", "Status change"),
    AnnouncementKind.EPISODE_AIRED: QT_TRANSLATE_NOOP("AnnouncementKind", "New episode out"),
    AnnouncementKind.SEASON_COMPLETE: QT_TRANSLATE_NOOP("AnnouncementKind", "Season complete"),
    AnnouncementKind.PREMIERE_SOON: QT_TRANSLATE_NOOP("AnnouncementKind", "Premiere soon"),
    AnnouncementKind.NEW_SEASON: QT_TRANSLATE_NOOP("AnnouncementKind", "New season"),
    AnnouncementKind.NEW_EPISODE: QT_TRANSLATE_NOOP("AnnouncementKind", "Episode scheduled"),
    AnnouncementKind.CASTING: QT_TRANSLATE_NOOP("AnnouncementKind", "Casting"),
    AnnouncementKind.TRAILER: QT_TRANSLATE_NOOP("AnnouncementKind", "Trailer"),
    AnnouncementKind.NEWS: QT_TRANSLATE_NOOP("AnnouncementKind", "News"),
    AnnouncementKind.FRANCHISE_JOIN: QT_TRANSLATE_NOOP("AnnouncementKind", "Joined a franchise"),
}
