"""Fixtures of the catalogue's admin import pages (upload, preview, confirm); ``upload_dir`` is in tests/conftest.py."""

import pytest


@pytest.fixture
def editor(client, redaktion):
    client.force_login(redaktion)
    return client
