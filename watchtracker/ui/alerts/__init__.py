"""Alerts: the page, its model and controller, the news feeds and Track this spin-off dialogs, desktop notifications."""
