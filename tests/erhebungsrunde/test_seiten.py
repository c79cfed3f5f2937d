"""What the portal shows of the rounds: the progress page, the hint on an Amt's page, when a Leistung's status was
last confirmed, how current the figures are (pages and JSON), an Erhebung's response rate."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.services import leistung_status_setzen
from erhebungsrunde.models import Erhebungsrunde
from erhebungsrunde.services import erhebungsrunde_abschliessen, erhebungsrunde_oeffnen
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db


@pytest.fixture
def beantwortet(runde, katalog, amtsleitung33, statuses, antworten):
    """Amt 33 confirmed two and changed one; Amt 51 answered nothing."""
    antworten(
        runde,
        amtsleitung33,
        katalog["pass"],
        katalog["ausweis"],
        (katalog["melde"], statuses["Umsetzung"], timezone.localdate(), "Start"),
    )
    return runde


def fortschritt_url(runde):
    return f"/erhebungen/runden/{runde.pk}/"


def test_the_progress_page_shows_each_amt_who_answered_when_and_who_is_late(angemeldet, beantwortet, settings):
    runde = beantwortet
    text = text_von(angemeldet.get(fortschritt_url(runde)))
    assert "3 von 5 gefragten Leistungen beantwortet (60 %): 2 unverändert bestätigt, 1 geändert" in text.replace(
        "\u202f", " "
    )
    zeile33 = text.split("Amt 33 – Bürgeramt")[2]  # the table's row (the first hit is the filter's choice)
    assert " ".join(zeile33.split()[:8]) == "3 2 1 0 100 % vollständig, fristgerecht"
    assert "Anton" not in zeile33 and "amtsleitung33 (3, zuletzt" in zeile33
    assert "noch keine Rückmeldung" in text  # Amt 51
    assert "0 Ämter verspätet" in text

    Erhebungsrunde.objects.filter(pk=runde.pk).update(frist=timezone.localdate() - dt.timedelta(days=1))
    text = text_von(angemeldet.get(fortschritt_url(runde)))
    assert "2 Ämter verspätet: Amt 33, Amt 51" in text
    assert "vollständig, 3 nach der Frist" in text  # Amt 33 answered today, after yesterday's Frist
    assert "Frist versäumt: 2 offen" in text


def test_the_progress_list_filters_and_exports_like_every_list(angemeldet, beantwortet, katalog):
    runde = beantwortet
    text = text_von(angemeldet.get(fortschritt_url(runde) + "?amt=51&antwort=offen"))
    assert "2 Einträge" in text and "Kita-Platz" in text and "Meldebescheinigung (" not in text
    export = angemeldet.get(fortschritt_url(runde) + "?antwort=geaendert&export=csv")
    zeilen = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert zeilen[0] == (
        "Amt;Amt (Name);LeiKa-Schlüssel;Leistungsbezeichnung;Status bei Öffnung;Rückmeldung;gemeldeter Status;"
        "Kommentar;beantwortet von;beantwortet am;nach der Frist"
    )
    assert len(zeilen) == 2
    assert zeilen[1].startswith(
        f"33;Bürgeramt;{katalog['melde'].schluessel_formatiert};Meldebescheinigung;Wartend;geändert;Umsetzung;;"
        "amtsleitung33;"
    )
    assert zeilen[1].endswith(";nein")
    assert "Amt „15“ wurde in dieser Erhebungsrunde nicht gefragt." in text_von(
        angemeldet.get(fortschritt_url(runde) + "?amt=15")
    )
    assert (
        "Der Parameter „amt“ muss die Nummer eines Amts sein (nur die Ziffern 0 bis 9, z. B. 33), nicht „٣٣“."
        in text_von(angemeldet.get(fortschritt_url(runde) + "?amt=٣٣"))
    )
    assert angemeldet.get("/erhebungen/runden/999/").status_code == 404


def test_the_progress_page_takes_a_fixed_number_of_queries(angemeldet, make_leistung, statuses, amt51):
    def baue(n):
        for i in range(n):
            leistung = make_leistung(bezeichnung=f"Leistung {n}-{i}", **({"amt": amt51} if i % 2 else {}))
            leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3))

    heute = timezone.localdate()
    baue(2)
    runde = erhebungsrunde_oeffnen(name="Klein", stichtag=heute, frist=heute)
    with CaptureQueriesContext(connection) as wenig:
        assert angemeldet.get(fortschritt_url(runde)).status_code == 200
    erhebungsrunde_abschliessen(runde=runde)
    baue(60)
    gross = erhebungsrunde_oeffnen(name="Groß", stichtag=heute, frist=heute)
    with CaptureQueriesContext(connection) as viel:
        assert angemeldet.get(fortschritt_url(gross)).status_code == 200
    assert len(viel) == len(wenig)


def test_an_amts_page_shows_the_open_round_and_the_way_to_answer_to_its_amtsleitung(
    client, runde, katalog, amtsleitung33, amtsleitung51
):
    client.force_login(amtsleitung33)
    text = text_von(client.get("/aemter/33/"))
    assert "Erhebungsrunde „Erhebungsstand Test“: 3 von 3 gefragten Leistungen von Amt 33 noch ohne Rückmeldung" in text
    assert "Jetzt Rückmeldung geben" in text
    client.force_login(amtsleitung51)
    assert "Jetzt Rückmeldung geben" not in text_von(client.get("/aemter/33/"))
    assert "Jetzt Rückmeldung geben" in text_von(client.get("/aemter/51/"))


def test_a_leistung_shows_when_and_by_whom_its_status_was_last_confirmed(
    angemeldet, beantwortet, katalog, amtsleitung33
):
    heute = timezone.localdate()
    text = text_von(angemeldet.get(f"/leistungen/{katalog['pass'].leika_schluessel}/"))
    assert (
        f"Status zuletzt bestätigt: {heute:%d.%m.%Y} von amtsleitung33 in der Erhebungsrunde „Erhebungsstand Test“ "
        "(unverändert bestätigt). In der offenen Erhebungsrunde „Erhebungsstand Test“ beantwortet." in text
    )
    text = text_von(angemeldet.get(f"/leistungen/{katalog['kita'].leika_schluessel}/"))
    assert "Status zuletzt bestätigt: " in text and "durch eine Statusänderung" in text
    assert "wartet auf die Rückmeldung des Amts" in text


def test_the_overview_the_amt_page_and_the_json_say_how_current_the_figures_are(angemeldet, beantwortet):
    erhebungsrunde_abschliessen(runde=beantwortet)
    text = text_von(angemeldet.get("/")).replace("\u202f", " ")
    assert (
        "In der letzten abgeschlossenen Erhebungsrunde „Erhebungsstand Test“ (Stichtag "
        f"{beantwortet.stichtag:%d.%m.%Y}): 3 der 5 heute gezählten Leistungen in der Runde bestätigt oder geändert "
        "(60 %)" in text
    )
    amt33 = text_von(angemeldet.get("/aemter/33/")).replace("\u202f", " ")
    assert "Wie aktuell sind die Zahlen von Amt 33?" in amt33
    assert "3 der 3 heute gezählten Leistungen in der Runde bestätigt oder geändert (100 %)" in amt33
    daten = json.loads(angemeldet.get("/daten/kennzahlen.json").content)
    assert daten["aktualitaet"]["letzte_runde"]["name"] == "Erhebungsstand Test"
    assert (daten["aktualitaet"]["basis_anzahl"], daten["aktualitaet"]["in_letzter_runde"]) == (
        5,
        {"anzahl": 3, "anteil_prozent": 60.0},
    )
    je_amt = {a["nummer"]: a["aktualitaet"]["in_letzter_runde"]["anzahl"] for a in daten["aemter"]}
    assert (je_amt[33], je_amt[51]) == (3, 0)
    csv = b"".join(angemeldet.get("/daten/kennzahlen.csv").streaming_content).decode("utf-8-sig")
    assert "Gesamt;;Status in der letzten Erhebungsrunde bestätigt oder geändert;;3;60;" in csv


def test_an_erhebung_from_a_round_shows_its_response_rate_per_amt(angemeldet, beantwortet):
    erhebung = erhebungsrunde_abschliessen(runde=beantwortet)
    text = text_von(angemeldet.get(f"/erhebungen/{erhebung.pk}/")).replace("\u202f", " ")
    assert "Rücklauf der Erhebungsrunde" in text
    assert "3 von 5 gefragten Leistungen beantwortet (60 %)" in text
    assert "Amt 51 – Amt für Jugend und Familie 2 0 0 2 0 % unvollständig: 2 unbeantwortet" in text
    liste = text_von(angemeldet.get("/erhebungen/")).replace("\u202f", " ")
    assert "Erhebungsrunden" in liste and "3 von 5 gefragten Leistungen beantwortet (60 %)" in liste
