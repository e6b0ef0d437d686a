"""Franchises: a universe of series as a graph of typed relations, and the orders to watch it in.

Pure rules and immutable rows; services.franchises reads them from the library.

Release order
    By premiere. A date known only roughly sorts at the *end* of its span: "2025" comes after
    "May 2025", "Spring 2026" after "6 May 2026" (it can be no later than the end of its span, and a
    date not pinned down yet usually turns out late). Equal spans: the more precise first, then by
    title. Series with no premiere at all come last, by title.

Watch order (suggested) and story order
    A topological order of the directed relations (``A kind B`` puts B before A: the series a
    spin-off, sequel, revival or remake comes from is watched first). Wherever the relations leave a
    choice, the earliest released comes next, so with no relations it is the release order.

    A *prequel* is where the two differ. The suggested watch order places a prequel by its release
    date, the way it was made to be seen (it assumes you know the series it precedes, and usually
    came out after it). The story order puts a prequel before the series it precedes (in-universe
    chronology). If relations contradict each other in story order (A is both a prequel and a
    spin-off of B) the earliest released of the series left goes next, so the order stays complete.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from watchtracker.domain.dates import PartialDate
from watchtracker.domain.enums import LifecycleStatus, RelationKind, ViewerState

# Relations with a direction in time: "A kind B" means B came first. The catalogue refuses a
# relation that would make a series its own ancestor along them.
DIRECTED = frozenset(
    {
        RelationKind.SPIN_OFF_OF,
        RelationKind.SEQUEL_OF,
        RelationKind.PREQUEL_OF,
        RelationKind.REVIVAL_OF,
        RelationKind.REMAKE_OF,
    }
)

_PRECISION_RANK = {"day": 0, "month": 1, "part": 2, "year": 3}


def release_key(premiere: PartialDate | None, title: str) -> tuple:
    """The sort key of the release order (see the module docstring)."""
    if premiere is None:
        return (1, date.max, 0, date.max, title.casefold())
    return (0, premiere.latest(), _PRECISION_RANK[premiere.precision.value], premiere.earliest(), title.casefold())


def years_label(premiere: PartialDate | None, ended: PartialDate | None, status: LifecycleStatus) -> str:
    """ "2014–2021", "2022–", "2025" or "Spring 2026" (not out yet: at its precision), or ""."""
    if premiere is None:
        return ""
    if status.is_unreleased:
        return premiere.label()
    start = str(premiere.year)
    if ended is not None:
        end = str(ended.year)
        return start if end == start else f"{start}–{end}"
    if status in (LifecycleStatus.ENDED, LifecycleStatus.CANCELLED):
        return start  # over, but we do not know when
    return f"{start}–"


@dataclass(frozen=True, slots=True)
class FranchiseNode:
    """A series of the franchise, with the viewer's progress (regular episodes only)."""

    series_id: int
    title: str
    status: LifecycleStatus
    premiere: PartialDate | None
    ended: PartialDate | None
    followed: bool
    state: ViewerState | None  # None when not followed
    watched: int  # regular episodes watched at least once
    aired: int  # regular episodes out (a watched one counts as out)

    @property
    def years(self) -> str:
        return years_label(self.premiere, self.ended, self.status)

    @property
    def premiere_label(self) -> str:
        """At its precision: "6 February 2014", "2025", "Spring 2026"; "" when unknown."""
        return self.premiere.label() if self.premiere else ""

    @property
    def progress(self) -> float:
        return self.watched / self.aired if self.aired else 0.0


@dataclass(frozen=True, slots=True)
class FranchiseEdge:
    """``from_id`` <kind> ``to_id``: "Ballard spin_off_of Bosch"."""

    from_id: int
    to_id: int
    kind: RelationKind

    @property
    def label(self) -> str:
        """How it reads from ``from_id``: "Spin-off of"."""
        return self.kind.label

    @property
    def directed(self) -> bool:
        return self.kind in DIRECTED


@dataclass(frozen=True, slots=True)
class TreeItem:
    """A node of the franchise as a tree: under the series it comes from (its earliest released
    parent through a directed relation); ``kind`` is that relation, None for a root."""

    series_id: int
    kind: RelationKind | None
    children: tuple[TreeItem, ...] = ()


@dataclass(frozen=True, slots=True)
class FranchiseGraph:
    id: int
    name: str
    description: str
    followed: bool
    nodes: tuple[FranchiseNode, ...]  # in release order
    edges: tuple[FranchiseEdge, ...]  # only between members, directed ones first
    tree: tuple[TreeItem, ...]  # the roots, in release order; each member exactly once
    release_order: tuple[int, ...]
    watch_order: tuple[int, ...]  # suggested: prequels where they were released
    story_order: tuple[int, ...]  # prequels first
    # the franchise row's: a rename based on another is refused (errors.ChangedElsewhere); not in ==
    version: int = field(default=1, compare=False)

    def node(self, series_id: int) -> FranchiseNode:
        for n in self.nodes:
            if n.series_id == series_id:
                return n
        raise KeyError(series_id)

    @property
    def years(self) -> str:
        """From the first premiere to the last one known: "2014–2025"."""
        known = [n.premiere.year for n in self.nodes if n.premiere is not None]
        if not known:
            return ""
        first, last = min(known), max(known)
        return str(first) if first == last else f"{first}–{last}"


@dataclass(frozen=True, slots=True)
class FranchiseSummary:
    """A line of the franchise list."""

    id: int
    name: str
    description: str
    followed: bool
    titles: tuple[str, ...]  # its series in release order
    followed_count: int  # how many of them the viewer follows
    years: str  # "2014–2025"

    @property
    def series_count(self) -> int:
        return len(self.titles)


@dataclass(frozen=True, slots=True)
class Joined:
    """A series entered a franchise: what it was before, so that an undo can put it back."""

    series_id: int
    franchise_id: int
    previous_franchise_id: int | None
    followed: bool  # the join followed the series (the franchise is followed; it was not)
    alert_id: int | None  # the franchise_join alert it raised, if any


@dataclass(frozen=True, slots=True)
class FranchiseFollow:
    """What following a franchise did: ``followed`` the series it started to follow."""

    franchise_id: int
    was_followed: bool
    followed: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DeletedFranchise:
    """A deleted franchise and who was in it, so that undo can bring it back."""

    id: int
    name: str
    description: str
    followed: bool
    created_at: datetime
    members: tuple[int, ...]


# -- orders -----------------------------------------------------------------------------------


def release_order(nodes: Iterable[FranchiseNode]) -> tuple[int, ...]:
    return tuple(n.series_id for n in sorted(nodes, key=lambda n: release_key(n.premiere, n.title)))


def watch_order(
    nodes: Sequence[FranchiseNode], edges: Iterable[FranchiseEdge], *, story: bool = False
) -> tuple[int, ...]:
    """The suggested watch order, or with ``story`` the story order (module docstring)."""
    keys = {n.series_id: release_key(n.premiere, n.title) for n in nodes}
    before: dict[int, set[int]] = {sid: set() for sid in keys}  # sid -> what must come first
    for e in edges:
        if e.from_id not in keys or e.to_id not in keys or e.kind not in DIRECTED:
            continue
        if e.kind is RelationKind.PREQUEL_OF:
            if story:
                before[e.to_id].add(e.from_id)
            continue
        before[e.from_id].add(e.to_id)
    waiting = {sid: len(first) for sid, first in before.items()}
    after: dict[int, list[int]] = {sid: [] for sid in keys}
    for sid, first in before.items():
        for f in first:
            after[f].append(sid)
    ready = [(keys[sid], sid) for sid, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    placed: list[int] = []
    done: set[int] = set()
    while len(placed) < len(keys):
        if not ready:  # a contradiction (only possible in story order): the earliest released goes
            sid = min((s for s in keys if s not in done), key=keys.__getitem__)
            heapq.heappush(ready, (keys[sid], sid))
        _, sid = heapq.heappop(ready)
        if sid in done:
            continue
        done.add(sid)
        placed.append(sid)
        for nxt in after[sid]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0 and nxt not in done:
                heapq.heappush(ready, (keys[nxt], nxt))
    return tuple(placed)


def build_tree(nodes: Sequence[FranchiseNode], edges: Iterable[FranchiseEdge]) -> tuple[TreeItem, ...]:
    """Each member once: under its earliest released parent, else a root. A parent chain that
    loops back (old data) is cut where it would close."""
    keys = {n.series_id: release_key(n.premiere, n.title) for n in nodes}
    parent: dict[int, tuple[int, RelationKind]] = {}
    for e in sorted(edges, key=lambda e: (keys.get(e.to_id, ()), e.kind.value)):
        if e.kind in DIRECTED and e.from_id in keys and e.to_id in keys and e.from_id not in parent:
            parent[e.from_id] = (e.to_id, e.kind)
    for sid in list(parent):  # cut loops: walk up, and drop the edge that closes one
        seen, cur = {sid}, sid
        while cur in parent:
            up = parent[cur][0]
            if up in seen:
                del parent[cur]
                break
            seen.add(up)
            cur = up
    children: dict[int, list[int]] = {}
    for child, (up, _) in parent.items():
        children.setdefault(up, []).append(child)

    def item(sid: int) -> TreeItem:
        kids = sorted(children.get(sid, ()), key=keys.__getitem__)
        return TreeItem(sid, parent[sid][1] if sid in parent else None, tuple(item(k) for k in kids))

    roots = sorted((sid for sid in keys if sid not in parent), key=keys.__getitem__)
    return tuple(item(r) for r in roots)
