"""The status form of a Leistung says everything at once, once: all errors in one round, one message per problem,
only choices that can be saved, a date before the OZG came into force (14.08.2017) only when confirmed; it records
the online service (address, platform, user account, Reifegrad), and the page never contradicts itself."""

import datetime as dt
import re

import pytest

from catalog.models import Reifegrad, StatusAenderung
from catalog.services import leistung_status_setzen
from tests.dashboard.conftest import text_von
from tests.dashboard.test_bearbeiten import edit, page, post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def wartend(leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    leistung.refresh_from_db()
    return leistung


@pytest.fixture
def als_amtsleitung(client, amtsleitung33):
    client.force_login(amtsleitung33)
    return client


def fehler(response) -> list[str]:
    """The field and form errors as shown (each once)."""
    html = response.content.decode()
    return re.findall(r'<p class="kern-error"[^>]*><span class="kern-body">(.*?)</span></p>', html)


def test_a_future_date_and_a_missing_reason_are_reported_in_one_round(als_amtsleitung, wartend, statuses):
    response = als_amtsleitung.post(
        edit(wartend), post_data(wartend, status=statuses["Umsetzung"].pk, gueltig_ab="2999-01-01")
    )

    assert len(fehler(response)) == 2
    assert any("liegt in der Zukunft" in f for f in fehler(response))
    assert "Bitte einen Grund für die Statusänderung angeben." in fehler(response)
    assert "Bitte 2 Angaben korrigieren" in text_von(response)
    assert StatusAenderung.objects.count() == 1


def test_a_reason_too_long_gets_one_message_not_two(als_amtsleitung, wartend, statuses):
    response = als_amtsleitung.post(
        edit(wartend), post_data(wartend, status=statuses["Umsetzung"].pk, gueltig_ab="2022-06-01", grund="x" * 600)
    )

    assert fehler(response) == [
        "Bitte sicherstellen, dass der Wert aus höchstens 500 Zeichen besteht. (Er besteht aus 600 Zeichen.)"
    ]


def test_only_choices_that_can_be_saved_are_offered(als_amtsleitung, wartend, leistung):
    html = als_amtsleitung.get(edit(wartend)).content.decode()
    auswahl = re.search(r'<select name="status".*?</select>', html, re.S).group(0)

    assert "kein Status" not in auswahl and 'value=""' not in auswahl
    assert re.findall(r"<option[^>]*>([^<]+)</option>", auswahl) == [
        "Abgeschlossen",
        "Umsetzung",
        "Digitalisierungsfabrik",
        "Wartend",
        "Nicht relevant",
    ]


def test_a_leistung_without_status_may_keep_having_none(als_amtsleitung, leistung):
    html = als_amtsleitung.get(edit(leistung)).content.decode()
    assert '<option value="" selected>– noch kein Status (unverändert) –</option>' in html

    response = als_amtsleitung.post(edit(leistung), post_data(leistung, zusaetzliche_informationen="Notiz"))

    assert response.status_code == 302
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == "Notiz" and leistung.status is None


def test_a_date_before_the_ozg_came_into_force_must_be_confirmed(als_amtsleitung, wartend, statuses):
    daten = post_data(wartend, status=statuses["Nicht relevant"].pk, gueltig_ab="2010-01-01", grund="nie relevant")

    gefragt = als_amtsleitung.post(edit(wartend), daten)
    bestaetigt = als_amtsleitung.post(edit(wartend), {**daten, "datum_bestaetigt": "on"})

    assert fehler(gefragt) == [
        "Das Datum 01.01.2010 liegt vor dem Inkrafttreten des Onlinezugangsgesetzes am 14.08.2017. Ist es richtig, "
        "bitte unten bestätigen."
    ]
    assert 'name="datum_bestaetigt"' in gefragt.content.decode()
    assert bestaetigt.status_code == 302
    assert StatusAenderung.objects.filter(gueltig_ab=dt.date(2010, 1, 1)).exists()


@pytest.mark.parametrize("datum,gezeigt", [("1999-12-31", "31.12.1999"), ("0001-01-01", "01.01.0001")])
def test_a_date_before_2000_is_refused_even_when_confirmed(als_amtsleitung, wartend, statuses, datum, gezeigt):
    daten = post_data(wartend, status=statuses["Nicht relevant"].pk, gueltig_ab=datum, grund="nie relevant")

    response = als_amtsleitung.post(edit(wartend), {**daten, "datum_bestaetigt": "on"})

    assert fehler(response) == [
        f"Das Datum {gezeigt} liegt vor dem 01.01.2000; so früh gilt kein Status. Bitte das Datum prüfen "
        "(vor allem das Jahr)."
    ]
    assert not StatusAenderung.objects.filter(leistung=wartend, gueltig_ab__lt=dt.date(2000, 1, 1)).exists()


def test_the_confirmation_is_asked_only_when_needed(als_amtsleitung, wartend):
    assert 'name="datum_bestaetigt"' not in als_amtsleitung.get(edit(wartend)).content.decode()


def test_the_form_records_the_online_service(als_amtsleitung, wartend, statuses):
    response = als_amtsleitung.post(
        edit(wartend),
        post_data(
            wartend,
            status=statuses["Abgeschlossen"].pk,
            gueltig_ab="2022-06-01",
            grund="Online-Dienst produktiv",
            online_dienst_url="https://www.wiesbaden.de/online-dienste/meldebescheinigung",
            online_plattform="civento",
            anmeldung="nutzerkonto_bund",
            reifegrad=Reifegrad.objects.get(stufe=3).pk,
        ),
        follow=True,
    )

    wartend.refresh_from_db()
    assert (wartend.status.bezeichnung, wartend.online_plattform, wartend.anmeldung, wartend.reifegrad.stufe) == (
        "Abgeschlossen",
        "civento",
        "nutzerkonto_bund",
        3,
    )
    text = text_von(response)
    assert "Plattform civento (ekom21)" in text and "Anmeldung Nutzerkonto Bund (BundID)" in text
    assert "Reifegrad 3 – Online-Leistung (OZG-konform)" in text
    assert "noch nicht erfasst" not in text and "Lücke" not in text


def test_completed_with_reifegrad_offline_is_refused_with_one_message(als_amtsleitung, wartend, statuses):
    response = als_amtsleitung.post(
        edit(wartend),
        post_data(
            wartend,
            status=statuses["Abgeschlossen"].pk,
            gueltig_ab="2022-06-01",
            grund="online",
            reifegrad=Reifegrad.objects.get(stufe=0).pk,
        ),
    )

    assert fehler(response) == [
        "„0 – offline“ passt nicht zum Status „Abgeschlossen“ (online verfügbar); bitte den Reifegrad des "
        "Online-Dienstes wählen."
    ]


def test_completed_without_an_online_service_is_shown_as_a_gap_not_a_contradiction(als_amtsleitung, wartend, statuses):
    als_amtsleitung.post(
        edit(wartend),
        post_data(wartend, status=statuses["Abgeschlossen"].pk, gueltig_ab="2022-06-01", grund="online"),
    )

    text = text_von(als_amtsleitung.get(page(wartend)))

    assert "Lücke:" in text and "der Online-Dienst ist noch nicht erfasst" in text
    assert "Für diese Leistung ist noch kein Online-Dienst erfasst." not in text
    assert "Reifegrad 0 – offline" not in text


def test_an_invalid_address_is_a_german_field_error(als_amtsleitung, wartend):
    response = als_amtsleitung.post(edit(wartend), post_data(wartend, online_dienst_url="kein link"))

    assert fehler(response) == ["Bitte eine gültige Adresse angeben, z. B. https://www.wiesbaden.de/…"]


def zusammenfassung(response) -> str:
    """The text of the summary box above the form."""
    html = response.content.decode()
    box = html[html.index('<div class="kern-alert kern-alert--danger"') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", box[: box.index("</div></div>")])).strip()


def test_a_conflict_says_only_that_someone_else_changed_the_leistung(als_amtsleitung, wartend, statuses):
    veraltet = post_data(wartend, status=statuses["Umsetzung"].pk, gueltig_ab="2022-03-01", grund="Start")
    leistung_status_setzen(leistung=wartend, status=statuses["Digitalisierungsfabrik"], gueltig_ab=dt.date(2022, 2, 1))

    response = als_amtsleitung.post(edit(wartend), veraltet)

    text = zusammenfassung(response)
    assert text.startswith(
        f"Die Leistung {wartend.schluessel_formatiert} wurde inzwischen von jemand anderem geändert. Ihre Änderung "
        "wurde nicht gespeichert"
    )
    assert "korrigieren" not in text
    assert StatusAenderung.objects.filter(neuer_status=statuses["Umsetzung"]).count() == 0


def test_the_form_and_its_errors_are_not_kept_for_the_back_button(als_amtsleitung, wartend, statuses):
    formular = als_amtsleitung.get(edit(wartend))
    mit_fehler = als_amtsleitung.post(edit(wartend), post_data(wartend, status=statuses["Umsetzung"].pk))

    assert mit_fehler.status_code == 200 and "korrigieren" in text_von(mit_fehler)
    for response in (formular, mit_fehler):
        assert "no-store" in response["Cache-Control"]
