"""The pages the portal adds to the admin look like the admin: its breadcrumbs (Django 6.1: ``ol.breadcrumbs``),
its buttons (class ``button``) and collapsible sections whose marker sits beside their heading (static/css)."""

import re

import pytest
from django.urls import reverse

from tests.catalog.test_admin_import import GOOD, upload, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("upload_dir")]


def test_the_import_preview_has_the_admins_breadcrumbs_and_buttons(editor, amt33, statuses):
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


def test_no_page_the_portal_adds_to_the_admin_uses_the_old_unstyled_breadcrumbs():
    from pathlib import Path

    wurzel = Path(__file__).resolve().parents[2]
    vorlagen = [*wurzel.glob("templates/admin/**/*.html"), *wurzel.glob("*/templates/admin/**/*.html")]
    assert vorlagen
    alt = [str(v.relative_to(wurzel)) for v in vorlagen if '<div class="breadcrumbs">' in v.read_text()]
    assert alt == []


def test_the_status_page_of_the_bulk_action_has_the_admins_breadcrumbs(editor, make_leistung):
    leistung = make_leistung()

    html = editor.post(
        reverse("admin:catalog_leistung_changelist"), {"action": "status_setzen", "_selected_action": [leistung.pk]}
    ).content.decode()

    krumen = re.findall(r"<li[^>]*>(?:<a [^>]*>)?([^<]*)", html[html.index('<ol class="breadcrumbs">') :])[:4]
    assert krumen == ["Start", "OZG-Katalog", "LeiKa-Leistungen", "Status setzen"]


def test_a_preview_that_would_change_nothing_offers_no_import(editor, amt33, statuses):
    from catalog.admin import importieren
    from tests.catalog.test_admin_import import IMPORT_URL

    upload(editor, workbook(GOOD))
    editor.post(IMPORT_URL, {"schritt": "bestaetigen", "token": editor.session[importieren.SESSION_KEY]["token"]})

    html = upload(editor, workbook(GOOD)).content.decode()

    assert "der Import würde nichts ändern" in html
    assert "Import übernehmen" not in html
    assert "Es gibt nichts zu übernehmen; „Verwerfen“ schließt die Vorschau." in html
    assert 'value="abbrechen"' in html
