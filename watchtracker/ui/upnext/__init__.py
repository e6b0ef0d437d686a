"""Up next: the next episode to watch of each series."""
