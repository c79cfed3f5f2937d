"""Fixtures of the catalogue's admin import pages (upload, preview, confirm)."""

import pytest

from catalog.admin import importieren


@pytest.fixture
def upload_dir(tmp_path, monkeypatch):
    """The private folder of pending uploads, one per test."""
    folder = tmp_path / "uploads"
    monkeypatch.setattr(importieren, "UPLOAD_DIR", folder)
    return folder


@pytest.fixture
def editor(client, redaktion):
    client.force_login(redaktion)
    return client
