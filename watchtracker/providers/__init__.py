"""The outside world: one polite HTTP client, and the metadata sources built on it."""
