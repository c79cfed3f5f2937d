"""/leistungen/<key>/: every fact, the status history as a timeline, the Bündel's siblings, the online service,
the scorecard breakdown; other notations of the key redirect to the 14 digits."""

import datetime as dt

import pytest
from django.urls import reverse

from catalog.models import Reifegrad
from catalog.services import leistung_status_setzen
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db


@pytest.fixture
def meldebescheinigung(make_leistung, statuses, redaktion):
    leistung = make_leistung(
        leika_schluessel="99050042000000",
        bezeichnung="Meldebescheinigung Ausstellung",
        antraege_bundesweit=2_400_000,
        reifegrad=Reifegrad.objects.get(stufe=3),
        online_dienst_url="https://www.wiesbaden.de/online-dienste/meldebescheinigung",
        online_plattform="civento",
        anmeldung="nutzerkonto_bund",
        zusaetzliche_informationen="Mit Bund-ID",
    )
    leistung_status_setzen(
        leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 3, 1), grund="Erstbewertung"
    )
    leistung_status_setzen(
        leistung=leistung,
        status=statuses["Abgeschlossen"],
        gueltig_ab=dt.date(2022, 5, 10),
        user=redaktion,
        grund="Online-Dienst produktiv",
    )
    return leistung


def test_it_shows_every_fact_and_the_history_newest_first(angemeldet, meldebescheinigung, make_leistung):
    make_leistung(leika_schluessel="99050042001000", bezeichnung="Erweiterte Meldebescheinigung")

    response = angemeldet.get(reverse("dashboard:leistung", args=["99050042000000"]))

    text = text_von(response)
    assert response.status_code == 200
    assert "Meldebescheinigung Ausstellung LeiKa-Schlüssel 99.050.042.000.000" in text
    assert "federführendes Amt Amt 33 – Bürgeramt" in text
    assert (
        "Anträge pro Jahr in Wiesbaden etwa 7.943 (geschätzt nach Bevölkerungsanteil: 2.400.000 Anträge bundesweit × "
        "278.000 Einwohner Wiesbadens / 84.000.000 Einwohner Deutschlands) Anträge pro Jahr bundesweit 2.400.000"
        in text
    )
    assert "Reifegrad 3 – Online-Leistung (OZG-konform)" in text
    assert "Plattform civento (ekom21) Anmeldung Nutzerkonto Bund (BundID)" in text
    assert "zusätzliche Informationen Mit Bund-ID" in text
    assert "10559 Meldebescheinigung und -registerauskunft" in text
    assert "Weitere Leistungen des Bündels (1) 99.050.042.001.000 Erweiterte Meldebescheinigung" in text
    verlauf = text[text.index("Statusverlauf") :]
    assert verlauf.index("ab 10.05.2022 (KW 19/2022) Wartend → Abgeschlossen Online-Dienst produktiv") < verlauf.index(
        "ab 01.03.2021 (KW 9/2021) erster Status: Wartend Erstbewertung"
    )
    assert "von Rita" not in verlauf and "von redaktion" in verlauf
    assert "Scorecard: so entsteht der Gesamtwert" in text


@pytest.mark.parametrize("notation", ["99.050.042.000.000", "99 050 042 000 000"])
def test_other_notations_of_the_key_redirect_to_the_fourteen_digits(angemeldet, meldebescheinigung, notation):
    response = angemeldet.get(f"/leistungen/{notation}/")

    assert response.status_code == 301
    assert response["Location"] == "/leistungen/99050042000000/"


@pytest.mark.parametrize("schluessel", ["99050042999999", "kein-schluessel", "123"])
def test_an_unknown_or_invalid_key_gets_the_german_not_found_page(angemeldet, meldebescheinigung, schluessel):
    response = angemeldet.get(f"/leistungen/{schluessel}/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in text_von(response)


def test_a_leistung_without_history_bundle_or_service_says_so(angemeldet, make_leistung):
    make_leistung(leika_schluessel="77000000000001", bezeichnung="Landeseigene Leistung", buendel=None)

    text = text_von(angemeldet.get("/leistungen/77000000000001/"))

    assert "LeiKa-Schlüssel 77000000000001" in text
    assert "ohne Status" in text
    assert "Für diese Leistung wurde noch kein Status erfasst." in text
    assert "Die Leistung ist keinem OZG-Leistungsbündel zugeordnet." in text
    assert "Für diese Leistung ist noch kein Online-Dienst erfasst." in text


def test_script_in_a_name_or_reason_is_shown_as_text(angemeldet, make_leistung, statuses):
    leistung = make_leistung(bezeichnung="<script>alert(1)</script>")
    leistung_status_setzen(
        leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3), grund="<b>fett</b>"
    )

    inhalt = angemeldet.get(f"/leistungen/{leistung.leika_schluessel}/").content.decode()

    assert "<script>alert(1)</script>" not in inhalt and "&lt;script&gt;alert(1)&lt;/script&gt;" in inhalt
    assert "<b>fett</b>" not in inhalt and "&lt;b&gt;fett&lt;/b&gt;" in inhalt


def test_the_timeline_shows_the_status_in_effect_before_each_row_after_a_back_dated_change(
    angemeldet, meldebescheinigung, statuses
):
    # Recorded last: the stored "alter_status" of the 01.03.2021 row still says there was no status before it.
    leistung_status_setzen(
        leistung=meldebescheinigung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2019, 7, 1), grund="Altbestand"
    )

    text = text_von(angemeldet.get(reverse("dashboard:leistung", args=["99050042000000"])))

    verlauf = text[text.index("Statusverlauf") :]
    assert verlauf.count("erster Status") == 1
    assert verlauf.index("ab 10.05.2022 (KW 19/2022) Wartend → Abgeschlossen") < verlauf.index(
        "ab 01.03.2021 (KW 9/2021) Umsetzung → Wartend Erstbewertung"
    )
    assert verlauf.index("ab 01.03.2021") < verlauf.index("ab 01.07.2019 (KW 27/2019) erster Status: Umsetzung")


def test_a_back_dated_row_with_the_same_status_leaves_the_next_one_unchanged(angemeldet, meldebescheinigung, statuses):
    leistung_status_setzen(leistung=meldebescheinigung, status=statuses["Wartend"], gueltig_ab=dt.date(2020, 1, 2))

    text = text_von(angemeldet.get(reverse("dashboard:leistung", args=["99050042000000"])))

    assert "ab 01.03.2021 (KW 9/2021) unverändert: Wartend Erstbewertung" in text
    assert "ab 02.01.2020 (KW 1/2020) erster Status: Wartend" in text


def test_the_form_is_reachable_from_the_top_and_long_sibling_lists_are_shortened(client, amtsleitung33, make_leistung):
    eine = make_leistung(bezeichnung="Meldebescheinigung")
    for i in range(15):
        make_leistung(bezeichnung=f"Geschwister {i:02d}")
    client.force_login(amtsleitung33)

    html = client.get(f"/leistungen/{eine.leika_schluessel}/").content.decode()

    knopf = html.index('href="#status-aendern"')
    assert knopf < html.index('id="fakten-titel"') < html.index('id="status-aendern"')
    assert "Weitere Leistungen des Bündels (15)" in html
    assert html.count('<li><a class="kern-link" href="/leistungen/99') == 10
    assert "Gezeigt: die ersten 10 von 15." in html
    assert (
        '<a class="kern-link" href="/leistungen/?buendel=10559">Alle 16 Leistungen des Bündels in der Liste</a>' in html
    )


def test_a_reader_gets_no_button_to_a_form_it_cannot_use(client, leitung, leistung):
    client.force_login(leitung)

    assert 'href="#status-aendern"' not in client.get(f"/leistungen/{leistung.leika_schluessel}/").content.decode()


def test_completed_without_an_online_service_never_says_the_service_is_available(angemeldet, make_leistung, statuses):
    """A completed status without an address or platform is a gap: the status line does not repeat the status's
    description ("Online-Dienst ist verfügbar."), and a recorded Reifegrad says that no address is recorded."""
    leistung = make_leistung(reifegrad=Reifegrad.objects.get(stufe=2))
    leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 6, 1))

    text = text_von(angemeldet.get(reverse("dashboard:leistung", args=[leistung.leika_schluessel])))

    assert "Online-Dienst ist verfügbar" not in text
    assert "Status Abgeschlossen – Online-Dienst noch nicht erfasst (Lücke)" in text
    assert "Lücke: Der Status „Abgeschlossen“ sagt „online verfügbar“, aber der Online-Dienst ist noch nicht" in text
    assert "Reifegrad 2 – Formular-Assistent (keine Adresse des Online-Dienstes erfasst)" in text


def test_completed_with_its_online_service_keeps_the_statuss_description(angemeldet, meldebescheinigung):
    text = text_von(angemeldet.get(reverse("dashboard:leistung", args=[meldebescheinigung.leika_schluessel])))

    assert "Status Abgeschlossen – Online-Dienst ist verfügbar." in text and "Lücke" not in text
    assert "Reifegrad 3 – Online-Leistung (OZG-konform)" in text
