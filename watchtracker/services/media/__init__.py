"""The viewer's media servers (Jellyfin, Emby, Plex, Kodi) as a source of viewings."""

from watchtracker.services.media.connections import Connection, SyncReport, normalise_url
from watchtracker.services.media.service import MediaServerService

__all__ = ["Connection", "MediaServerService", "SyncReport", "normalise_url"]
