"""Benchmark: a play on Jellyfin to the library's refreshed row, through the server's WebSocket.
Not a test: run it and read the figures.

    python tests/benchmarks/bench_media_events.py [--episodes 10000 --events 20]

A Jellyfin stand-in (tests/media) with ``--episodes`` episodes, half of them played, and its
WebSocket; a library following the same shows (matched by TheTVDB id), synced once. Then, one
after the other, an episode is played on the server and its ``UserDataChanged`` sent; timed from
the send to the moment the series' Library row has been read again with the new viewing (what
the window's view repaints from): the socket's delivery, ``sync_items`` (the item read alone,
one transaction) and the row's reading. The floor, measured in the same run: the one request
``sync_items`` sends (the item by id) and the row's reading, without the socket or the writing.
The aim (issue 17): an event to a refreshed view in ≤ 1 s.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import keyring  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402

from tests.benchmarks.bench_media import Served, generate  # noqa: E402
from tests.conftest import MemoryKeyring  # noqa: E402
from tests.media.jellyfin_socket import JellyfinSocket  # noqa: E402
from tests.media.jellyfin_standin import JellyfinStandin  # noqa: E402
from watchtracker.providers.media import ServerAccess, make_client  # noqa: E402
from watchtracker.services.library import LibraryService  # noqa: E402
from watchtracker.services.media import MediaServerService  # noqa: E402

AIM_S = 1.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--episodes", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=20)
    args = ap.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    keyring.set_keyring(MemoryKeyring())
    server = HTTPServer()
    server.start()
    stand = JellyfinStandin(server)
    made = stand.big_library(args.episodes, played_every=2)
    socket = JellyfinSocket(stand)
    shows: dict[int, tuple[str, int | None, list[tuple[int, int]]]] = {}
    for ep in made:
        tvdb = int(ep.series.provider_ids["Tvdb"])
        shows.setdefault(tvdb, (ep.series.name, ep.series.year, []))[2].append((ep.season, ep.number))
    served = Served(stand.url, {}, [(t, n, y, e) for t, (n, y, e) in shows.items()], 0, 0)
    unplayed = [ep for ep in made if not stand.state(ep).played]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-media-events-") as tmp:
            engine = generate(Path(tmp), served)
            media = MediaServerService(engine)
            library = LibraryService(engine)
            c = media.add("jellyfin", stand.url, user=stand.user.name, password=stand.user.password)
            t = time.perf_counter()
            first = media.sync(c.id, offline=True)
            print(
                f"first sync: {first.played:,} played episodes, {first.added:,} viewings in {time.perf_counter() - t:.2f} s"
            )
            sid_of = {tvdb: sid for sid, (tvdb, *_rest) in enumerate(served.shows, start=1)}
            media.socket_urls[c.id] = socket.url
            arrived = threading.Event()
            marks: dict[str, float] = {}

            def on_changed(keys: list[str]) -> None:
                marks["delivered"] = time.perf_counter()
                media.sync_items(c.id, keys)
                marks["synced"] = time.perf_counter()
                library.library([marks_sid[0]])
                marks["read"] = time.perf_counter()
                arrived.set()

            marks_sid = [0]
            listener = media.events(c.id, on_changed)
            assert listener is not None
            listener.start()
            if not socket.connected.wait(10):
                print("the listener did not connect")
                return 1
            access = ServerAccess("jellyfin", stand.url, token=stand.token_for(), user_id=stand.user.id)
            client = make_client(access)
            totals, delivery, syncing, reading, floors = [], [], [], [], []
            for n, ep in enumerate(unplayed[: args.events]):
                marks_sid[0] = sid_of[int(ep.series.provider_ids["Tvdb"])]
                stand.play(ep, 1, datetime.now(UTC))
                arrived.clear()
                t0 = time.perf_counter()
                socket.user_data_changed([ep])
                if not arrived.wait(10):
                    print(f"event {n + 1}: nothing arrived in 10 s")
                    return 1
                totals.append(marks["read"] - t0)
                delivery.append(marks["delivered"] - t0)
                syncing.append(marks["synced"] - marks["delivered"])
                reading.append(marks["read"] - marks["synced"])
                f0 = time.perf_counter()
                client.episodes([ep.id])
                library.library([marks_sid[0]])
                floors.append(time.perf_counter() - f0)
            client.close()
            listener.stop()
            with engine.connect() as conn:
                viewings = conn.exec_driver_sql("SELECT COUNT(*) FROM viewing").scalar()
            assert viewings == first.added + len(totals), (viewings, first.added, len(totals))
            engine.dispose()
    finally:
        socket.close()
        server.stop()

    def ms(values: list[float]) -> str:
        return f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f} ms (median {statistics.median(values) * 1000:.0f})"

    print(f"{len(totals)} events, a library of {args.episodes:,} episodes ({args.episodes // 2:,} played):")
    print(
        f"  event to the refreshed row   {ms(totals)}   (aim ≤ {AIM_S * 1000:.0f} ms: {'met' if max(totals) <= AIM_S else 'NOT met'})"
    )
    print(f"    the socket's delivery       {ms(delivery)}")
    print(f"    sync_items                  {ms(syncing)}")
    print(f"    the row read again          {ms(reading)}")
    print(
        f"  floor (the GET + the row)    {ms(floors)}   median ratio {statistics.median(totals) / statistics.median(floors):.1f}x"
    )
    return 0 if max(totals) <= AIM_S else 1


if __name__ == "__main__":
    sys.exit(main())
