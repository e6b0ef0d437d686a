"""Stable vocabularies of the domain. The string values are stored in the database and printed
by the CLI's JSON output, so they never change once released."""

from __future__ import annotations

from enum import StrEnum


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
        return _STATUS_LABELS[self]

    @property
    def is_unreleased(self) -> bool:
        return self in (self.RUMORED, self.ANNOUNCED, self.IN_PRODUCTION, self.UPCOMING)


_STATUS_LABELS = {
    LifecycleStatus.RUMORED: "Rumored",
    LifecycleStatus.ANNOUNCED: "Announced",
    LifecycleStatus.IN_PRODUCTION: "In production",
    LifecycleStatus.UPCOMING: "Upcoming",
    LifecycleStatus.AIRING: "Airing",
    LifecycleStatus.HIATUS: "On hiatus",
    LifecycleStatus.ENDED: "Ended",
    LifecycleStatus.CANCELLED: "Cancelled",
}


class ViewerState(StrEnum):
    WATCHING = "watching"
    PLAN_TO_WATCH = "plan_to_watch"
    ON_HOLD = "on_hold"
    DROPPED = "dropped"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ViewerState.WATCHING: "Watching",
    ViewerState.PLAN_TO_WATCH: "Plan to watch",
    ViewerState.ON_HOLD: "On hold",
    ViewerState.DROPPED: "Dropped",
    ViewerState.COMPLETED: "Completed",
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
        return _RELATION_LABELS[self][0]

    @property
    def inverse_label(self) -> str:
        """How the edge reads from its target: "Bosch has spin-off Ballard"."""
        return _RELATION_LABELS[self][1]


_RELATION_LABELS = {
    RelationKind.SPIN_OFF_OF: ("Spin-off of", "Spin-off"),
    RelationKind.SEQUEL_OF: ("Sequel of", "Sequel"),
    RelationKind.PREQUEL_OF: ("Prequel of", "Prequel"),
    RelationKind.REVIVAL_OF: ("Revival of", "Revival"),
    RelationKind.REMAKE_OF: ("Remake of", "Remake"),
    RelationKind.SAME_UNIVERSE: ("Same universe as", "Same universe as"),
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
        return _KIND_LABELS.get(self) or self.value.replace("_", " ").capitalize()


_KIND_LABELS = {
    AnnouncementKind.SPIN_OFF: "Spin-off",
    AnnouncementKind.PREMIERE_DATE: "Premiere date",
    AnnouncementKind.STATUS_CHANGE: "Status change",
    AnnouncementKind.EPISODE_AIRED: "New episode out",
    AnnouncementKind.SEASON_COMPLETE: "Season complete",
    AnnouncementKind.PREMIERE_SOON: "Premiere soon",
    AnnouncementKind.NEW_EPISODE: "Episode scheduled",
    AnnouncementKind.FRANCHISE_JOIN: "Joined a franchise",
}
