"""watchtracker: a desktop watchlist and release tracker for TV series."""

__version__ = "0.1.0"
APP_NAME = "watchtracker"
