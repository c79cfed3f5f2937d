"""/fallzahlen/: how many applications a year are already supported digitally, which open services would add
the most; the list ranked by Fallzahl, filterable and exportable. Wiesbaden's figures are the Ämter's own or, from a
nationwide figure, an estimate by population share that says so; nationwide figures are never counted as
Wiesbaden's."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from catalog.services import leistung_status_setzen
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:fallzahlen")
D = dt.date


@pytest.fixture
def fallzahlen(make_leistung, statuses, amt51):
    for name, zahlen, status, amt in [
        ("Meldebescheinigung", {"antraege_bundesweit": 2_400_000}, "Abgeschlossen", None),  # Wiesbaden: about 7,943
        ("Geburtsurkunde", {"antraege_bundesweit": 2_100_000}, "Wartend", None),  # about 6,950
        ("Kita-Platz", {"antraege_pro_jahr": 5_000}, "Umsetzung", amt51),
        ("Hundesteuer", {"antraege_pro_jahr": 1_000, "antraege_bundesweit": 900_000}, "Abgeschlossen", amt51),
        ("Nicht relevant", {"antraege_pro_jahr": 9_000}, "Nicht relevant", None),
    ]:
        leistung = make_leistung(bezeichnung=name, **zahlen, **({"amt": amt} if amt else {}))
        leistung_status_setzen(leistung=leistung, status=statuses[status], gueltig_ab=D(2022, 3, 1))
    make_leistung(bezeichnung="Ohne Fallzahl")
    make_leistung(bezeichnung="Nicht für Wiesbaden", antraege_pro_jahr=7_000, von_wiesbaden_umzusetzen=False)


def test_it_sums_the_applications_supported_digitally_and_ranks_the_open_ones(angemeldet, fallzahlen):
    response = angemeldet.get(URL)

    text = text_von(response)
    assert (
        "8.943 von 20.893 Anträgen pro Jahr in Wiesbaden sind bereits digital unterstützt (43 %); davon 14.893 "
        "Anträge in 2 Leistungen geschätzt" in text
    )
    assert "2 von 4 Leistungen mit Fallzahl sind online verfügbar" in text
    assert [
        (r.record.bezeichnung, r.get_cell("fallzahl"), r.get_cell("antraege_bundesweit"))
        for r in response.context["table"].paginated_rows
    ] == [
        (
            "Meldebescheinigung",
            '<abbr title="geschätzt nach Bevölkerungsanteil: 2.400.000 Anträge bundesweit × '
            '278.000 Einwohner Wiesbadens / 84.000.000 Einwohner Deutschlands">etwa 7.943</abbr>',
            "2.400.000",
        ),
        (
            "Geburtsurkunde",
            '<abbr title="geschätzt nach Bevölkerungsanteil: 2.100.000 Anträge bundesweit × '
            '278.000 Einwohner Wiesbadens / 84.000.000 Einwohner Deutschlands">etwa 6.950</abbr>',
            "2.100.000",
        ),
        ("Kita-Platz", "5.000", "–"),
        ("Hundesteuer", "1.000", "900.000"),  # the own figure, not the estimate from the nationwide one
    ]
    assert "Anträge pro Jahr in Wiesbaden ▼ Anträge pro Jahr bundesweit" in text
    offene = response.context["charts"][1]
    assert [z[:3] for z in offene.table.rows] == [
        ["Geburtsurkunde (99.000.000.000.002) (geschätzt)", "6.950", "Wartend"],
        ["Kita-Platz (99.000.000.000.003)", "5.000", "Umsetzung"],
    ]
    assert "geschätzt nach Bevölkerungsanteil aus der bundesweiten Zahl (× 278.000 / 84.000.000)" in offene.subtitle


def test_the_figures_follow_the_filter_and_the_export_has_the_filtered_rows(angemeldet, fallzahlen, amt51):
    response = angemeldet.get(URL, {"amt": 51})
    export = angemeldet.get(URL, {"amt": 51, "digital": "false", "export": "csv"})

    assert "1.000 von 6.000 Anträgen pro Jahr in Wiesbaden sind bereits digital unterstützt" in text_von(response)
    zeilen = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    spalten = ("Leistungsbezeichnung", "Anträge pro Jahr in Wiesbaden", "Anträge pro Jahr bundesweit")
    assert [tuple(z[s] for s in spalten) for z in zeilen] == [("Kita-Platz", "5000", "")]
