"""What a mutation changed (``Changes``, in the domain: the storage's listener makes them too);
the services hand them back, the window's views refresh only what they show."""

from __future__ import annotations

from watchtracker.domain.changes import Changes

__all__ = ["Changes"]
