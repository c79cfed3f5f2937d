"""Script and HTML typed into names, notes and reasons are shown as text on every page and in exports."""

import datetime as dt
import io

import openpyxl
import pytest

from catalog.models import Amt, Leistungsbuendel, Themenfeld
from catalog.services import erhebung_anlegen, leistung_status_setzen

PAYLOAD = '<script>alert("xss")</script>'
IMG = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://böse.example","klick")'


@pytest.fixture
def boese(make_leistung, statuses, redaktion):
    amt = Amt.objects.create(nummer=66, name=f"Tiefbauamt {PAYLOAD}")
    buendel = Leistungsbuendel.objects.create(
        ozg_id="10600", name=f"Bündel {IMG}", themenfeld=Themenfeld.objects.first(), ozg_booster=True, efa=True
    )
    leistung = make_leistung(
        bezeichnung=f"Leistung {PAYLOAD}",
        zusaetzliche_informationen=f"Notiz {IMG}",
        amt=amt,
        buendel=buendel,
        antraege_pro_jahr=5000,
    )
    leistung_status_setzen(
        leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4), grund=f"Grund {PAYLOAD}"
    )
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 3, 1), grund=IMG)
    formel = make_leistung(bezeichnung=FORMULA, amt=amt)
    erhebung = erhebung_anlegen(name=f"Erhebung {IMG}", stichtag=dt.date(2022, 5, 15))
    return {"leistung": leistung, "formel": formel, "erhebung": erhebung, "amt": amt}


def pages(b):
    key = b["leistung"].leika_schluessel
    return [
        "/",
        "/aemter/",
        f"/aemter/{b['amt'].nummer}/",
        "/leistungen/",
        f"/leistungen/{key}/",
        f"/leistungen/{key}/bearbeiten/",
        "/efa/",
        "/fallzahlen/",
        "/erhebungen/",
        f"/erhebungen/{b['erhebung'].pk}/",
        "/priorisierung/",
        f"/priorisierung/bewerten/{key}/",
        "/admin/catalog/leistung/",
        f"/admin/catalog/leistung/{b['leistung'].pk}/change/",
        "/admin/catalog/statusaenderung/",
        "/admin/catalog/amt/",
    ]


@pytest.mark.django_db
def test_markup_is_shown_as_text_on_every_page(client, redaktion, boese):
    client.force_login(redaktion)
    shown = 0
    for url in pages(boese):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert PAYLOAD not in html, url
        assert IMG not in html, url
        shown += html.count("&lt;script&gt;") + html.count("&lt;img")
    assert shown > len(pages(boese))  # the texts are there, escaped


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/leistungen/?export=csv", "/admin/catalog/leistung/?export=csv"])
def test_csv_exports_keep_markup_as_text_and_neutralise_formulas(client, redaktion, boese, url):
    client.force_login(redaktion)
    text = client.get(url).getvalue().decode("utf-8-sig")
    assert f"Leistung {PAYLOAD}".replace('"', '""') in text
    assert f";{FORMULA}" not in text.replace('"', "")
    assert "'=HYPERLINK" in text


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/leistungen/?export=xlsx", "/admin/catalog/leistung/?export=xlsx"])
def test_xlsx_exports_hold_no_formula(client, redaktion, boese, url):
    client.force_login(redaktion)
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).getvalue()))
    values = [cell.value for row in book.active.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert f"Leistung {PAYLOAD}" in values
    assert not any(value.startswith("=") for value in values)
    assert "'" + FORMULA in values


@pytest.mark.django_db
def test_json_figures_are_served_as_json_not_html(client, redaktion, boese):
    client.force_login(redaktion)
    response = client.get("/daten/kennzahlen.json")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
