"""Franchises: the universes as trees, their dialogs, drag and drop, and their undoable commands."""
