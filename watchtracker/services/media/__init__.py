"""The viewer's media servers (Jellyfin, Emby, Plex, Kodi) as a source of viewings."""

from watchtracker.services.media.service import Connection, MediaServerService, SyncReport, normalise_url

__all__ = ["Connection", "MediaServerService", "SyncReport", "normalise_url"]
