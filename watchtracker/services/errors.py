"""Errors a user can act on, raised by the services; their message is shown as it is."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a request that cannot be met. Nothing was changed."""


class NotFound(UserError):
    pass


class Ambiguous(UserError):
    def __init__(self, query: str, candidates: list[tuple[int, str]]):
        self.candidates = candidates
        names = "\n".join(f"  {title}" for _, title in candidates[:20])
        more = f"\n  … and {len(candidates) - 20} more" if len(candidates) > 20 else ""
        super().__init__(f"{query!r} matches {len(candidates)} series:\n{names}{more}")


class InvalidInput(UserError):
    pass


# Problems with a source on the network (offline, 429, 500, a bad answer) are the environment's,
# not a bug: the UI shows their one-line message like a UserError's.
from watchtracker.providers.errors import ProviderError  # noqa: E402

USER_FACING = (UserError, ProviderError)
