"""One series: its page (episodes, cast, related series, announcements) and their item models."""
