"""The pages the portal adds to the admin look like the admin: its breadcrumbs (Django 6.1: ``ol.breadcrumbs``),
its buttons (class ``button``) and collapsible sections whose marker sits beside their heading (static/css)."""

import re

import pytest
from django.urls import reverse

from tests.catalog.test_admin_import import GOOD, upload, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, monkeypatch):
    from catalog.admin import importieren

    monkeypatch.setattr(importieren, "UPLOAD_DIR", tmp_path / "uploads")


@pytest.fixture
def editor(client, redaktion, amt33):
    client.force_login(redaktion)
    return client


def test_the_import_preview_has_the_admins_breadcrumbs_and_buttons(editor):
    html = upload(editor, workbook(GOOD)).content.decode()

    brotkrumen = r'<ol class="breadcrumbs">.*<li aria-current="page">Katalog importieren: Vorschau</li>'
    assert re.search(brotkrumen, html, re.S)
    inhalt = html[html.index('id="content-main"') :]
    knoepfe = re.findall(r"<button [^>]*>[^<]*</button>", inhalt)
    assert knoepfe and all('class="button' in k for k in knoepfe), knoepfe
    assert '<div class="breadcrumbs">' not in html


@pytest.mark.parametrize(
    ("url", "seite"),
    [
        (reverse("admin:catalog_leistung_importieren"), "Katalog importieren"),
        (reverse("admin:catalog_ozgmonitorwert_importieren"), "Aus Datei übernehmen"),
    ],
)
def test_the_upload_pages_have_the_admins_breadcrumbs(editor, url, seite):
    html = editor.get(url).content.decode()

    assert f'<li aria-current="page">{seite}</li>' in html and '<div class="breadcrumbs">' not in html
