"""/fallzahlen/: how many applications a year are already supported digitally, which open services would add
the most; the list ranked by Fallzahl, filterable and exportable."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from catalog.services import leistung_set_status
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:fallzahlen")
D = dt.date


@pytest.fixture
def fallzahlen(make_leistung, statuses, amt51):
    for name, antraege, status, amt in [
        ("Meldebescheinigung", 2_400_000, "Abgeschlossen", None),
        ("Geburtsurkunde", 2_100_000, "Wartend", None),
        ("Kita-Platz", 500_000, "Umsetzung", amt51),
        ("Hundesteuer", 1_000, "Abgeschlossen", amt51),
        ("Nicht relevant", 9_000_000, "Nicht relevant", None),
    ]:
        leistung = make_leistung(bezeichnung=name, antraege_pro_jahr=antraege, **({"amt": amt} if amt else {}))
        leistung_set_status(leistung=leistung, status=statuses[status], gueltig_ab=D(2022, 3, 1))
    make_leistung(bezeichnung="Ohne Fallzahl")
    make_leistung(bezeichnung="Nicht für Wiesbaden", antraege_pro_jahr=7_000_000, von_wiesbaden_umzusetzen=False)


def test_it_sums_the_applications_supported_digitally_and_ranks_the_open_ones(angemeldet, fallzahlen):
    response = angemeldet.get(URL)

    text = text_von(response)
    assert "2.401.000 von 5.001.000 Anträgen pro Jahr sind bereits digital unterstützt (48 %)" in text
    assert "2 von 4 Leistungen mit Fallzahl sind online verfügbar" in text
    assert [r.record.bezeichnung for r in response.context["table"].paginated_rows] == [
        "Meldebescheinigung",
        "Geburtsurkunde",
        "Kita-Platz",
        "Hundesteuer",
    ]
    offene = response.context["diagramme"][1]
    assert [z[:3] for z in offene.tabelle.zeilen] == [
        ["Geburtsurkunde (99.000.000.000.002)", "2.100.000", "Wartend"],
        ["Kita-Platz (99.000.000.000.003)", "500.000", "Umsetzung"],
    ]


def test_the_figures_follow_the_filter_and_the_export_has_the_filtered_rows(angemeldet, fallzahlen, amt51):
    response = angemeldet.get(URL, {"amt": amt51.pk})
    export = angemeldet.get(URL, {"amt": amt51.pk, "digital": "false", "export": "csv"})

    assert "1.000 von 501.000 Anträgen pro Jahr sind bereits digital unterstützt" in text_von(response)
    zeilen = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert [(z["Leistungsbezeichnung"], z["Anträge pro Jahr"]) for z in zeilen] == [("Kita-Platz", "500000")]
