"""What the viewer types, before it is validated (by services.catalog)."""

from __future__ import annotations

from dataclasses import dataclass

from watchtracker.domain.enums import LifecycleStatus, RelationKind, ViewerState

MAX_TITLE = 300
MAX_TEXT = 20_000


@dataclass(frozen=True)
class SeriesInput:
    """What the "Add series" form and ``watchtracker add`` give. Text as typed: validated here."""

    title: str
    status: LifecycleStatus | str = LifecycleStatus.ANNOUNCED
    premiere: str = ""
    network: str = ""
    overview: str = ""
    relation_kind: RelationKind | str | None = None
    related_series_id: int | None = None
    follow_state: ViewerState | None = ViewerState.PLAN_TO_WATCH
