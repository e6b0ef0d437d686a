"""`watchtracker franchise`: list, show, create, rename, delete, add, remove, relate, unrelate,
follow, unfollow (services.franchises). A franchise is named by its name (or a part of it) or its
id, a series by its title (or a part of it) or its id; every name is resolved before anything is
written, so a command that names something that is not there changes nothing."""

from __future__ import annotations

from typing import Any, TextIO

from watchtracker.cli.context import EXIT_OK, CliContext, find_series, need
from watchtracker.cli.render import columns, dump, plural
from watchtracker.domain.enums import RelationKind
from watchtracker.errors import InvalidInput, NotFound


def _franchise(args, ctx: CliContext) -> int:
    return _ACTIONS[args.franchise_command](args, ctx)


# -- reading ------------------------------------------------------------------------------------


def _list(args, ctx: CliContext) -> int:
    rows = need(ctx.franchises, "franchises").franchises()
    if args.json:
        dump([_summary_json(f) for f in rows], ctx.out)
        return EXIT_OK
    if not rows:
        print("No franchises yet. Make one with: watchtracker franchise create NAME", file=ctx.out)
        return EXIT_OK
    table = [
        (
            f.name,
            f.years or "—",
            f"{plural(f.series_count, 'series', 'series')}, {f.followed_count} in your library",
            "[followed]" if f.followed else "",
        )
        for f in rows
    ]
    for line in columns(table, (40, 9, 40)):
        print(line.rstrip(), file=ctx.out)
    return EXIT_OK


def _show(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    graph = service.franchise(_franchise_id(ctx, args.franchise))
    if args.json:
        dump(_graph_json(graph), ctx.out)
    else:
        _print_graph(graph, ctx.out)
    return EXIT_OK


def _summary_json(f) -> dict[str, Any]:
    return {
        "id": f.id,
        "name": f.name,
        "description": f.description,
        "followed": f.followed,
        "years": f.years or None,
        "series": list(f.titles),
        "series_count": f.series_count,
        "followed_count": f.followed_count,
    }


def _graph_json(g) -> dict[str, Any]:
    titles = {n.series_id: n.title for n in g.nodes}

    def tree(item) -> dict[str, Any]:
        return {
            "id": item.series_id,
            "title": titles[item.series_id],
            "kind": item.kind.value if item.kind else None,
            "children": [tree(c) for c in item.children],
        }

    return {
        "id": g.id,
        "name": g.name,
        "description": g.description,
        "followed": g.followed,
        "years": g.years or None,
        "series": [
            {
                "id": n.series_id,
                "title": n.title,
                "status": n.status.value,
                "premiere": n.premiere.to_text() if n.premiere else None,
                "ended": n.ended.to_text() if n.ended else None,
                "years": n.years or None,
                "followed": n.followed,
                "state": n.state.value if n.state else None,
                "episodes_watched": n.watched,
                "episodes_aired": n.aired,
            }
            for n in g.nodes
        ],
        "relations": [
            {
                "from_id": e.from_id,
                "from": titles[e.from_id],
                "kind": e.kind.value,
                "label": e.kind.label,
                "to_id": e.to_id,
                "to": titles[e.to_id],
            }
            for e in g.edges
        ],
        "tree": [tree(item) for item in g.tree],
        "release_order": list(g.release_order),
        "watch_order": list(g.watch_order),
        "story_order": list(g.story_order),
    }


def _print_graph(g, out: TextIO) -> None:
    print(g.name, file=out)
    in_library = sum(1 for n in g.nodes if n.followed)
    facts = [g.years, f"{plural(len(g.nodes), 'series', 'series')}, {in_library} in your library"]
    if g.followed:
        facts.append("followed: a series that joins it is followed too")
    print(" · ".join(x for x in facts if x), file=out)
    if g.description:
        print(f"\n{g.description}", file=out)
    if not g.nodes:
        print(f'\nNo series in it yet. Add some with: watchtracker franchise add "{g.name}" SERIES', file=out)
        return
    nodes = {n.series_id: n for n in g.nodes}
    print("", file=out)

    def walk(item, depth: int) -> None:
        n = nodes[item.series_id]
        how = f"{item.kind.inverse_label}: " if item.kind else ""
        print(f"{'  ' * (depth + 1)}{how}{n.title}  ({_node_facts(n)})", file=out)
        for child in item.children:
            walk(child, depth + 1)

    for item in g.tree:
        walk(item, 0)
    if g.edges:
        print("\nRelations", file=out)
        for e in g.edges:
            print(f"  {nodes[e.from_id].title} {_reads(e.kind)} {nodes[e.to_id].title}", file=out)
    print(f"\nWatch order: {' → '.join(nodes[i].title for i in g.watch_order)}", file=out)
    if g.story_order != g.watch_order:
        print(f"Story order (prequels first): {' → '.join(nodes[i].title for i in g.story_order)}", file=out)


def _node_facts(n) -> str:
    made = ", ".join(x for x in (n.years, n.status.label.lower()) if x)
    if not n.followed or n.state is None:
        return f"{made}; not in your library"
    return f"{made}; {n.state.label.lower()}, {n.watched}/{n.aired} watched"


def _reads(kind: RelationKind) -> str:
    """How a relation reads between two titles: "is a spin-off of", "is in the same universe as"."""
    return f"is in the {kind.label.lower()}" if kind is RelationKind.SAME_UNIVERSE else f"is a {kind.label.lower()}"


# -- the franchise itself -------------------------------------------------------------------------


def _create(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    fid, _ = service.create_franchise(args.name, args.description)
    name = _names(ctx)[fid]
    print(f'Made the franchise {name}. Put series in it with: watchtracker franchise add "{name}" SERIES', file=ctx.out)
    return EXIT_OK


def _rename(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    fid = _franchise_id(ctx, args.franchise)
    (before, _), _ = service.rename_franchise(fid, args.name, args.description)
    after = _names(ctx)[fid]
    said = f"Renamed the franchise {before} to {after}" if after != before else f"The franchise {after} keeps its name"
    if args.description is not None:
        said += "; its description is changed"
    print(f"{said}.", file=ctx.out)
    return EXIT_OK


def _delete(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    fid = _franchise_id(ctx, args.franchise)
    deleted, _ = service.delete_franchise(fid)
    n = len(deleted.members)
    stay = (
        f"; its {plural(n, 'series', 'series')} {'stays' if n == 1 else 'stay'} in the library, in no franchise"
        if n
        else ""
    )
    print(f"Deleted the franchise {deleted.name}{stay}.", file=ctx.out)
    return EXIT_OK


# -- members --------------------------------------------------------------------------------------


def _add(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    fid = _franchise_id(ctx, args.franchise)
    sids = _series_ids(ctx, args.series)
    names, titles = _names(ctx), dict(ctx.library.titles())
    for sid in sids:
        joined, _ = service.add_member(fid, sid)
        if joined is None:
            print(f"{titles[sid]} is in the franchise {names[fid]} already.", file=ctx.out)
            continue
        said = f"Put {titles[sid]} in the franchise {names[fid]}"
        if joined.previous_franchise_id is not None and joined.previous_franchise_id in names:
            said += f" (out of {names[joined.previous_franchise_id]})"
        if joined.followed:
            said += "; it is in your library now, as you follow the franchise"
        print(f"{said}.", file=ctx.out)
    return EXIT_OK


def _remove(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    fid = _franchise_id(ctx, args.franchise)
    sids = _series_ids(ctx, args.series)
    names, titles = _names(ctx), dict(ctx.library.titles())
    for sid in sids:  # all checked before any is taken out
        if service.franchise_of(sid) != fid:
            raise InvalidInput(f"{titles[sid]} is not in the franchise {names[fid]}; nothing was changed.")
    for sid in sids:
        service.remove_member(sid)
        print(f"Took {titles[sid]} out of the franchise {names[fid]}; it stays in the library.", file=ctx.out)
    return EXIT_OK


# -- relations ------------------------------------------------------------------------------------


def _relate(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    a, b = find_series(ctx, args.series), find_series(ctx, args.other)
    joined, _ = service.add_relation(a, args.kind, b)
    titles = dict(ctx.library.titles())
    said = f"{titles[a]} {_reads(args.kind)} {titles[b]} now"
    if joined is not None:
        franchise = _names(ctx).get(joined.franchise_id, "its franchise")
        said += f"; {titles[joined.series_id]} joined the franchise {franchise}"
        if joined.followed:
            said += " and is in your library now, as you follow the franchise"
    print(f"{said}.", file=ctx.out)
    return EXIT_OK


def _unrelate(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    a, b = find_series(ctx, args.series), find_series(ctx, args.other)
    service.remove_relation(a, args.kind, b)
    titles = dict(ctx.library.titles())
    reads = _reads(args.kind).replace("is ", "is no longer ", 1)
    print(f"{titles[a]} {reads} {titles[b]}; both stay where they are.", file=ctx.out)
    return EXIT_OK


# -- following ------------------------------------------------------------------------------------


def _follow(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    fid = _franchise_id(ctx, args.franchise)
    name = _names(ctx)[fid]
    follow, _ = service.follow_franchise(fid)
    if follow.was_followed and not follow.followed:
        print(f"You follow the franchise {name} already.", file=ctx.out)
        return EXIT_OK
    joins = "A series that joins it will be followed too."
    if follow.followed:
        titles = dict(ctx.library.titles())
        listed = ", ".join(titles[i] for i in follow.followed)
        said = f"{plural(len(follow.followed), 'series', 'series')} added to your library ({listed}). {joins}"
    elif any(f.series_count for f in service.franchises() if f.id == fid):
        said = f"its series were in your library already. {joins}"
    else:
        said = "it has no series yet; a series that joins it will be followed."
    print(f"Following the franchise {name}: {said}", file=ctx.out)
    return EXIT_OK


def _unfollow(args, ctx: CliContext) -> int:
    service = need(ctx.franchises, "franchises")
    fid = _franchise_id(ctx, args.franchise)
    summary = next(f for f in service.franchises() if f.id == fid)
    name = summary.name
    if not summary.followed:
        print(f"You do not follow the franchise {name}: nothing to change.", file=ctx.out)
        return EXIT_OK
    service.unfollow_franchise(fid)
    print(f"Stopped following the franchise {name}; its series stay in your library.", file=ctx.out)
    return EXIT_OK


# -- names ----------------------------------------------------------------------------------------


def _names(ctx: CliContext) -> dict[int, str]:
    return {f.id: f.name for f in need(ctx.franchises, "franchises").franchises()}


def _franchise_id(ctx: CliContext, text: str) -> int:
    """A franchise by its id, its name (case and spacing aside) or, failing that, a part of its
    name that only one has."""
    rows = need(ctx.franchises, "franchises").franchises()
    if text.isascii() and text.isdigit() and int(text) in {f.id for f in rows}:
        return int(text)
    key = " ".join(text.split()).casefold()
    exact = [f for f in rows if " ".join(f.name.split()).casefold() == key]
    found = exact or [f for f in rows if key and key in " ".join(f.name.split()).casefold()]
    if len(found) == 1:
        return found[0].id
    if not found:
        raise NotFound(f"No franchise called {text!r} (watchtracker franchise list shows them).")
    names = "\n".join(f"  {f.name}" for f in found[:20])
    more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
    raise InvalidInput(f"{text!r} matches {plural(len(found), 'franchise')}:\n{names}{more}")


def _series_ids(ctx: CliContext, texts: list[str]) -> list[int]:
    """Each series named, in order, without repeats; all found before anything is written."""
    return list(dict.fromkeys(find_series(ctx, t) for t in texts))


_ACTIONS = {
    "list": _list,
    "show": _show,
    "create": _create,
    "rename": _rename,
    "delete": _delete,
    "add": _add,
    "remove": _remove,
    "relate": _relate,
    "unrelate": _unrelate,
    "follow": _follow,
    "unfollow": _unfollow,
}

COMMANDS = {
    "franchise": _franchise,
}
