"""Fixtures of the catalogue's admin import pages (upload, preview, confirm)."""

import pytest

from jobs.models import UPLOAD_ORDNER


@pytest.fixture
def upload_dir(tmp_path, settings):
    """The folder of pending uploads in STORAGES["default"], one per test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": tmp_path / "media"},
        },
    }
    return tmp_path / "media" / UPLOAD_ORDNER


@pytest.fixture
def editor(client, redaktion):
    client.force_login(redaktion)
    return client
