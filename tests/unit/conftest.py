"""Fixtures of the unit tests' own: the media servers' in-memory fakes (tests/media/fake_server.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.media.fake_server import FakeClient, FakeServer, T
from watchtracker.services.media import MediaServerService


@pytest.fixture
def servers(memory_keyring):
    """Fake servers by address: the service's client factory reaches them."""
    return {}


@pytest.fixture
def media(services, servers):
    def factory(access, **_kw):
        return FakeClient(servers.setdefault(access.url, FakeServer()), access)

    service = MediaServerService(services.engine, client_factory=factory, clock=lambda: T + timedelta(days=30))
    return service
