"""TVmaze in the window: searching, following, and Find on TVmaze."""
