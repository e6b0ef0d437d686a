"""Upcoming: the calendar of episodes and premieres ahead, and the catch-up planner."""
