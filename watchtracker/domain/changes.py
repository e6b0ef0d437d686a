"""What a mutation changed: the UI hands it to every view, each refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """``series``: series whose data or progress changed; ``added``/``removed``: series that
    entered or left the library (followed or unfollowed, created or deleted)."""

    series: frozenset[int] = field(default_factory=frozenset)
    added: frozenset[int] = field(default_factory=frozenset)
    removed: frozenset[int] = field(default_factory=frozenset)
    announcements: bool = False
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.series or self.added or self.removed or self.announcements or self.everything)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            series=self.series | other.series,
            added=self.added | other.added,
            removed=self.removed | other.removed,
            announcements=self.announcements or other.announcements,
            everything=self.everything or other.everything,
        )

    @classmethod
    def of(cls, *series_ids: int) -> Changes:
        return cls(series=frozenset(series_ids))
