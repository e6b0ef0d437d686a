"""What can go wrong with a source on the network, each with a one-line message for the user."""

from __future__ import annotations


class ProviderError(Exception):
    """Base: ``str(exc)`` is one line a person can read. Nothing was changed."""


class NetworkDown(ProviderError):
    """No answer: offline, DNS, refused, timed out."""


class TookTooLong(NetworkDown):
    """The answer did not arrive whole within the fetch's deadline (a server dripping bytes)."""


class ServiceUnavailable(ProviderError):
    """The service answered with a server error, even after retries."""


class RateLimited(ProviderError):
    """The service asked us to wait longer than we are willing to."""


class BadResponse(ProviderError):
    """An answer we cannot use: not JSON, truncated, an unexpected shape."""


class ResponseTooLarge(BadResponse):
    pass


class AddressRefused(BadResponse):
    """An answer sent us on (a redirect), or gave us an address (a poster), to a place we will not
    go: this machine, its local network, a reserved range, or something that is not the web."""


class NotFoundOnline(ProviderError):
    pass


class Interrupted(Exception):
    """A wait (a Retry-After, the rate limit, a backoff) was cut short because the work it
    was part of was cancelled (see ``PoliteClient.cancelled_by``). Not a problem of the source."""
