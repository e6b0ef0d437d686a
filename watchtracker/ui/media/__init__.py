"""Library → Media servers…: the viewer's Jellyfin, Emby, Plex and Kodi connections, their syncs
in the background and marking played there what is marked watched here."""
